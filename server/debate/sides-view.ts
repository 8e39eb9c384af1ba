// The Sides view and the sidebar's "Common ground": the strongest arguments of each side face to face,
// and the points readers on both sides rate good.
import { RANKED_SIDES, type CommonGround, type RankedSide } from './common-ground.js';

/** Arguments per column in the Sides view; items in the sidebar's Common ground. */
export const SIDES_PER_COLUMN = 10;
export const COMMON_GROUND_SHOWN = 3;

const COLUMN_TITLES: Record<RankedSide, string> = { pro: 'For', against: 'Against' };
const READERS: Record<RankedSide, string> = { pro: 'Readers for', against: 'Readers against' };

export interface SidesComment {
  id: number;
  authorName: string;
  bodyHtml: string;
}

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 100));

/**
 * Each side's comments, strongest first: the good points its own readers gave, then common ground,
 * then the oldest. Pure, O(n log n).
 */
export function buildSidesView(
  comments: readonly SidesComment[],
  sideOf: (id: number) => string | undefined,
  ground: CommonGround,
  hrefOf: (id: number) => string,
) {
  const columns = RANKED_SIDES.map((side) => {
    const own = comments.filter((c) => sideOf(c.id) === side);
    const strength = new Map(own.map((c) => [c.id, ground.tally(c.id)[side].agree]));
    const score = new Map(own.map((c) => [c.id, ground.score(c.id)]));
    own.sort((a, b) => strength.get(b.id)! - strength.get(a.id)! || score.get(b.id)! - score.get(a.id)! || a.id - b.id);
    return {
      side,
      title: COLUMN_TITLES[side],
      total: own.length,
      items: own.slice(0, SIDES_PER_COLUMN).map((c) => ({
        id: c.id,
        href: hrefOf(c.id),
        authorName: c.authorName,
        bodyHtml: c.bodyHtml,
        support: `${strength.get(c.id)} good point${strength.get(c.id) === 1 ? '' : 's'} from its side`,
      })),
    };
  });
  return { columns };
}

/** The sidebar's top comments both sides value, with the share of each side's voters who rated them good. Pure. */
export function buildCommonGroundSidebar(comments: ReadonlyMap<number, SidesComment>, ground: CommonGround, hrefOf: (id: number) => string) {
  const items = ground
    .top(COMMON_GROUND_SHOWN)
    .filter((id) => comments.has(id))
    .map((id) => {
      const tally = ground.tally(id);
      return {
        href: hrefOf(id),
        authorName: comments.get(id)!.authorName,
        shares: RANKED_SIDES.map((side) => ({
          side,
          label: READERS[side],
          text: `${tally[side].agree} of ${tally[side].seen} (${percent(tally[side].agree, tally[side].seen)}%)`,
        })),
      };
    });
  return { items, isEmpty: items.length === 0 };
}
