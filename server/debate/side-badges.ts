import type { CurrentLabel } from '../stance/label-precedence.js';
import type { Stance } from '../shared/stances.js';

/** Below this confidence an automatic label shows as "Unsure": the default; the site's stance setting is passed in. */
export const UNSURE_BELOW_CONFIDENCE = 0.6;

/** The sides a badge can show: the three stances, and an automatic label too weak to claim one. */
export type BadgeSide = Stance | 'unsure';

const BADGE_TEXT: Record<BadgeSide, string> = { pro: 'For', against: 'Against', neutral: 'Neither', unsure: 'Unsure' };

export interface SideBadge {
  side: BadgeSide;
  text: string;
  /** Where the side comes from, in words: the badge's tooltip and its screen-reader text. */
  source: string;
}

/** The badge of an item's current label, or null when it has none. Pure. */
export function buildSideBadge(label: CurrentLabel | undefined, unsureBelow = UNSURE_BELOW_CONFIDENCE): SideBadge | null {
  if (!label) return null;
  if (label.source === 'self') return { side: label.label, text: BADGE_TEXT[label.label], source: 'self-declared by the commenter' };
  if (label.source === 'moderator') return { side: label.label, text: BADGE_TEXT[label.label], source: 'set by a moderator' };
  const percent = Math.round(label.confidence * 100);
  const side: BadgeSide = label.confidence < unsureBelow ? 'unsure' : label.label;
  const guess = side === 'unsure' ? `, leaning ${BADGE_TEXT[label.label].toLowerCase()}` : '';
  return { side, text: BADGE_TEXT[side], source: `automatic, ${percent}% confident${guess}` };
}

/** The badges of a thread's comments and remarks by id; none at all when the site hides them. Pure. */
export function buildSideBadges(current: { comments: Map<number, CurrentLabel>; remarks: Map<number, CurrentLabel> }, shown: boolean, unsureBelow?: number) {
  const badges = (labels: Map<number, CurrentLabel>) =>
    new Map(shown ? [...labels].map(([id, label]) => [id, buildSideBadge(label, unsureBelow)] as const) : []);
  return { comments: badges(current.comments), remarks: badges(current.remarks) };
}
