/** The three stances a comment or remark can take toward a post's subject; this constant drives every enum. */
export const STANCES = ['pro', 'against', 'neutral'] as const;
export type Stance = (typeof STANCES)[number];

/** Who set a label: the commenter, the classifier, or a moderator (precedence moderator > self > auto). */
export const STANCE_SOURCES = ['self', 'auto', 'moderator'] as const;
export type StanceSource = (typeof STANCE_SOURCES)[number];

/** +1 for pro, -1 for against, 0 for neutral or unknown. */
export function stanceSign(stance: Stance | undefined): number {
  if (stance === 'pro') return 1;
  if (stance === 'against') return -1;
  return 0;
}
