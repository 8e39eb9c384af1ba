import { currentLabelsByTarget } from '../stance/label-precedence.js';
import { tallyStances } from '../stance/stance-tally.js';
import type { Stance } from '../shared/stances.js';
import type { PostLabelRow } from '../stance/stance.repository.js';

/** Each post's stance split (current label per approved comment and remark), keyed by post id. Pure. */
export function splitStancesByPost(rows: readonly PostLabelRow[]): Map<number, Record<Stance, number>> {
  const byPost = new Map<number, PostLabelRow[]>();
  for (const row of rows) byPost.set(row.post_id, [...(byPost.get(row.post_id) ?? []), row]);
  const result = new Map<number, Record<Stance, number>>();
  for (const [postId, list] of byPost) {
    const current = currentLabelsByTarget(list);
    const info = new Map(list.map((r) => [`${r.kind}:${r.comment_id ?? r.remark_id}`, r]));
    const items = [...current.comments]
      .map(([id, label]) => ({ key: `comment:${id}`, label }))
      .concat([...current.remarks].map(([id, label]) => ({ key: `remark:${id}`, label })))
      .map(({ key, label }) => {
        const row = info.get(key)!;
        return { participant: row.participant, kind: row.kind, label: label.label, source: label.source, createdAt: row.item_created_at };
      });
    result.set(postId, tallyStances(items).counts);
  }
  return result;
}
