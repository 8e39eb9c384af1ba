import { createHmac } from 'node:crypto';
import type { DbOrTx } from '../db/database.js';
import { lockForTransaction } from '../db/transaction-lock.js';
import { AppError } from '../errors.js';
import { evaluateRules, type RuleVerdict } from './moderation-rules.js';
import { countCommentsFromIpSince, hasApprovedCommentFrom, hasDuplicateSince } from './comment.repository.js';
import { loadModerationSettings } from '../settings/settings.repository.js';

const MINUTE_MS = 60_000;

/** The same text from the same email on the same post, a moment ago. */
export class DuplicateComment extends AppError {
  constructor() {
    super('You have already posted this same comment here a moment ago.', 409, 'duplicate_comment');
  }
}

/** Too many comments from one address within the window. */
export class TooManyComments extends AppError {
  constructor(readonly windowMinutes: number) {
    super(`Too many comments from your connection in the last ${windowMinutes} minutes. Please wait a little and post again.`, 429, 'comment_throttled');
  }
}

/** The per-IP limit, from configuration (the benchmark raises it). */
export interface CommentThrottle {
  limit: number;
  windowMinutes: number;
}

/** An address as stored: HMAC-SHA-256 under the site secret, so it can be counted but not read. */
export function hashIp(secret: string, ip: string): string {
  return createHmac('sha256', secret).update(`ip:${ip}`).digest('hex');
}

/**
 * Decides what happens to a new comment before it is stored: refused (throttle, duplicate: thrown
 * as AppErrors) or stored with the status and the rule that decided it. Runs in the caller's transaction.
 */
export async function screenNewComment(
  tx: DbOrTx,
  comment: {
    postId: number;
    postMode: 'all' | 'first_time' | 'open';
    authorName: string;
    authorEmail: string;
    authorUrl: string | null;
    body: string;
    ipHash: string | null;
  },
  options: { now: Date; throttle: CommentThrottle | null },
): Promise<RuleVerdict> {
  const settings = await loadModerationSettings(tx);
  // Each count below is followed by the caller's insert: on PostgreSQL, where write transactions run side
  // by side, a lock per address and per (post, email) makes the next comment count this one. Always in
  // this order (address, then post and email, then the post row the insert's trigger updates), so
  // two comments never wait on each other.
  const throttledIp = settings.throttleByIp && options.throttle ? comment.ipHash : null;
  if (throttledIp) await lockForTransaction(tx, `comment:ip:${throttledIp}`);
  if (settings.refuseDuplicates) await lockForTransaction(tx, `comment:duplicate:${comment.postId}:${comment.authorEmail.toLowerCase()}`);
  if (throttledIp && options.throttle) {
    const since = new Date(options.now.getTime() - options.throttle.windowMinutes * MINUTE_MS).toISOString();
    if ((await countCommentsFromIpSince(tx, throttledIp, since)) >= options.throttle.limit) {
      throw new TooManyComments(options.throttle.windowMinutes);
    }
  }
  if (settings.refuseDuplicates) {
    const since = new Date(options.now.getTime() - settings.duplicateMinutes * MINUTE_MS).toISOString();
    if (await hasDuplicateSince(tx, comment.postId, comment.authorEmail, comment.body, since)) throw new DuplicateComment();
  }
  const needsHistory = settings.holdFirstComment || comment.postMode === 'first_time';
  const hasApprovedBefore = needsHistory ? await hasApprovedCommentFrom(tx, comment.authorEmail) : true;
  return evaluateRules({ ...comment, hasApprovedBefore }, settings);
}
