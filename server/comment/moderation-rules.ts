// Which status a new comment gets, and which rule decided it. Pure: the caller gathers the facts.
import type { ModerationSettings } from '../settings/moderation-settings.js';

/** Rules that can hold a comment (or send it to spam); the words moderators see beside each. */
export const HELD_RULES = {
  block_word: 'it contains a block word',
  post_all: 'this post holds every comment',
  hold_word: 'it contains a hold word',
  links: 'it contains too many links',
  first_comment: 'it is the first comment from this email address',
} as const;
export type HeldRule = keyof typeof HELD_RULES;

export interface RuleFacts {
  body: string;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  postMode: 'all' | 'first_time' | 'open';
  /** Whether this email has an approved comment anywhere on the site. */
  hasApprovedBefore: boolean;
}

export interface RuleVerdict {
  status: 'approved' | 'pending' | 'spam';
  rule: HeldRule | null;
  match: string | null;
}

const LINK_PATTERN = /\bhttps?:\/\/[^\s<>"]+|\bwww\.[^\s<>"]+/gi;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The first listed word or phrase found in the text, whole words only and ignoring case. Pure. */
export function findListedWord(text: string, words: readonly string[]): string | null {
  for (const word of words) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, 'iu');
    const found = pattern.exec(text);
    if (found) return found[0];
  }
  return null;
}

/** The links in a comment's text. Pure. */
export function findLinks(text: string): string[] {
  return text.match(LINK_PATTERN) ?? [];
}

const MATCH_MAX_CHARS = 500;

/**
 * Applies the rules in order: block words (spam), the post's "hold all", hold words, too many links,
 * first comment (site rule, or the post's "first-time commenters held"). The first that fires decides.
 */
export function evaluateRules(facts: RuleFacts, settings: ModerationSettings): RuleVerdict {
  const everything = [facts.body, facts.authorName, facts.authorEmail, facts.authorUrl ?? ''].join('\n');
  if (settings.blockWordsOn) {
    const word = findListedWord(everything, settings.blockWords);
    if (word) return { status: 'spam', rule: 'block_word', match: word };
  }
  if (facts.postMode === 'all') return { status: 'pending', rule: 'post_all', match: null };
  if (settings.holdWordsOn) {
    const word = findListedWord(everything, settings.holdWords);
    if (word) return { status: 'pending', rule: 'hold_word', match: word };
  }
  if (settings.holdLinks) {
    const links = findLinks(facts.body);
    if (links.length >= settings.linkLimit) return { status: 'pending', rule: 'links', match: links.join(' ').slice(0, MATCH_MAX_CHARS) };
  }
  if ((settings.holdFirstComment || facts.postMode === 'first_time') && !facts.hasApprovedBefore) {
    return { status: 'pending', rule: 'first_comment', match: facts.authorEmail };
  }
  return { status: 'approved', rule: null, match: null };
}
