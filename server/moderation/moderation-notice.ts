// The notice above the queue after an action: what changed, in words, with what Undo needs to put it
// back carried in the address the action redirects to. Pure.
import { COMMENT_STATUSES, type CommentStatus } from '../comment/comment.repository.js';
import { MAX_ID } from '../shared/params.js';
import { plural } from '../shared/words.js';
import { MAX_BULK, type ModerationAction, type StatusChange } from './moderation.service.js';

/** What the notice reports: a moderation action, its undoing, or a deletion. */
export type NoticeKind = ModerationAction | 'undo' | 'delete';
const NOTICE_KINDS: readonly NoticeKind[] = ['approve', 'spam', 'trash', 'restore', 'unapprove', 'undo', 'delete'];

/** How each notice words its sentence around "Mia’s comment on “Post”" or "3 comments". */
const SENTENCES: Record<NoticeKind, (what: string, many: boolean) => string> = {
  approve: (what) => `Approved ${what}.`,
  spam: (what) => `Marked ${what} as spam.`,
  trash: (what) => `Moved ${what} to the trash.`,
  restore: (what) => `Restored ${what} to pending.`,
  unapprove: (what) => `Moved ${what} back to pending.`,
  undo: (what, many) => `Undone: ${what} ${many ? 'are' : 'is'} back where ${many ? 'they were' : 'it was'}.`,
  delete: (what) => `Deleted ${what} for good.`,
};

/** The query an action redirects with: what it did and, for Undo, each comment with its previous status. */
export function noticeQuery(kind: NoticeKind, changes: readonly StatusChange[] | number, kept = 0): string {
  const params = [`did=${kind}`];
  if (typeof changes === 'number') params.push(`n=${changes}`);
  else params.push(`n=${changes.length}`, `undo=${changes.map((c) => `${c.id}.${c.from}`).join(',')}`);
  if (kept > 0) params.push(`kept=${kept}`);
  return params.join('&');
}

/** The changes an undo field carries ("12.pending,13.spam"), or null when it is not one. */
export function parseChanges(value: unknown): StatusChange[] | null {
  if (typeof value !== 'string' || value === '') return null;
  const parts = value.split(',');
  if (parts.length > MAX_BULK) return null;
  const changes: StatusChange[] = [];
  for (const part of parts) {
    const match = /^(\d{1,10})\.([a-z]+)$/.exec(part);
    if (!match || Number(match[1]) > MAX_ID || !COMMENT_STATUSES.includes(match[2] as CommentStatus)) return null;
    changes.push({ id: Number(match[1]), from: match[2] as CommentStatus });
  }
  return changes;
}

export interface QueueNotice {
  text: string;
  /** What the Undo button posts back; null when there is nothing to undo. */
  undo: string | null;
}

/**
 * The notice a redirected queue prints: one comment is named ("Approved Mia’s comment on “Post”."),
 * more are counted. `named` is the comment the action touched when it was one. Null without a notice.
 */
export function buildQueueNotice(query: Record<string, unknown>, named: { authorName: string; postTitle: string } | null): QueueNotice | null {
  const kind = NOTICE_KINDS.find((k) => k === query.did);
  const n = typeof query.n === 'string' && /^\d{1,4}$/.test(query.n) ? Number(query.n) : null;
  if (kind === undefined || n === null) return null;
  const kept = typeof query.kept === 'string' && /^\d{1,4}$/.test(query.kept) ? Number(query.kept) : 0;
  let text: string;
  if (n === 0) text = 'Nothing changed: the comments were already there.';
  else {
    const what = n === 1 && named ? `${named.authorName}’s comment on “${named.postTitle}”` : plural(n, 'comment');
    text = SENTENCES[kind](what, n > 1);
  }
  if (kept === 1) text += ' 1 comment has replies and was kept: deleting it would take its replies with it.';
  else if (kept > 1) text += ` ${kept} comments have replies and were kept: deleting them would take their replies with them.`;
  const undo = kind !== 'undo' && kind !== 'delete' && n > 0 && parseChanges(query.undo) ? String(query.undo) : null;
  return { text, undo };
}
