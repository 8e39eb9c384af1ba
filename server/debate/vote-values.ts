import { createHmac } from 'node:crypto';

/** What a reader can say of a comment: this constant drives the button values and the zod enum. */
export const VOTE_VALUES = ['good', 'unconvinced'] as const;
export type VoteValue = (typeof VOTE_VALUES)[number];

/** Who votes: a staff account (one reader whatever their browser) or a visitor cookie, already hashed. */
export type Voter = { kind: 'user'; userId: number; email: string } | { kind: 'visitor'; visitorHash: string };

/** The key a voter's votes are stored under. Pure. */
export function voterKeyOf(voter: Voter): string {
  return voter.kind === 'user' ? `u:${voter.userId}` : `v:${voter.visitorHash}`;
}

/** What is stored of a visitor cookie: its HMAC, so the table never holds the id a CSRF token is made from. Pure. */
export function hashVisitor(secret: string, visitorId: string): string {
  return createHmac('sha256', secret).update(`visitor:${visitorId}`).digest('hex');
}
