// Labelling a post's comments that have no label yet (an import, or a subject named at last), in thread order and
// in batches: each batch is one job for the classifier's thread, whose items see the ones before with their new
// labels, so replies lean on their parents. The unlabelled comments are the journal: stopped anywhere, a later
// run carries on where this one stopped, and a labelled comment is never labelled twice.
import { withWriteTransaction, type Db } from '../db/database.js';
import { listCommentsByIds, listRecentCommentsBefore } from '../comment/comment.repository.js';
import { classifyOnThread } from './classifier-thread.js';
import { currentRowsByComment } from './label-precedence.js';
import { leadingPart } from './rules/tokens.js';
import { insertStanceLabels, listCarriersOfUnlabelledRemarks, listContextLabels, listUnlabelledComments } from './stance.repository.js';
import { autoRemarkLabel, classifyRemarkBlock } from './stance.service.js';
import { jobPost, loadSiteModel, type StancePost } from './thread-context.service.js';
import type { ThreadItem } from './stance-types.js';

/** Comments per classifier job: large enough that the per-job reads vanish, small enough to stop promptly. */
const BATCH_SIZE = 250;
/** The thread before a batch the classifier also reads, as for a single comment. */
const CONTEXT_WINDOW = 50;

/**
 * Labels every approved, unlabelled comment of the post, calling onBatch with the number labelled after each
 * batch, then the remarks they carry that have no label yet; stops between batches once shouldStop() says so.
 * Returns how many comments it labelled.
 */
export async function labelUnlabelledComments(
  db: Db,
  post: StancePost,
  now: string,
  onBatch: (labelled: number) => void = () => {},
  shouldStop: () => boolean = () => false,
): Promise<number> {
  let after = 0;
  let total = 0;
  while (!shouldStop()) {
    const batch = await listUnlabelledComments(db, post.id, after, BATCH_SIZE);
    if (batch.length === 0) break;
    const first = batch[0]!.id;
    const inBatch = new Set(batch.map((c) => c.id));
    const recent = await listRecentCommentsBefore(db, post.id, first, CONTEXT_WINDOW);
    // The parents a batch answers are read whole, however far back they are; the window carries names only.
    const parentIds = [...new Set(batch.flatMap((c) => (c.parent_id !== null && !inBatch.has(c.parent_id) ? [c.parent_id] : [])))];
    const parents = await listCommentsByIds(db, parentIds);
    const parentBody = new Map(parents.map((p) => [p.id, p.body_raw]));
    const earlierRows = [...recent.filter((c) => !parentBody.has(c.id)), ...parents].sort((a, b) => a.id - b.id);
    const labels = currentRowsByComment(
      await listContextLabels(
        db,
        earlierRows.map((c) => c.id),
      ),
    );
    const earlier: ThreadItem[] = earlierRows.map((c) => ({
      id: String(c.id),
      parentId: c.parent_id === null ? null : String(c.parent_id),
      author: c.author_name,
      body: leadingPart(parentBody.get(c.id) ?? ''),
      kind: 'comment',
      stance: labels.get(c.id)?.label,
      source: labels.get(c.id)?.source,
      confidence: labels.get(c.id)?.confidence,
    }));
    const items: ThreadItem[] = batch.map((c) => ({
      id: String(c.id),
      parentId: c.parent_id === null ? null : String(c.parent_id),
      author: c.author_name,
      body: leadingPart(c.body_raw),
      kind: 'comment',
    }));
    const results = await classifyOnThread({ post: jobPost(post), earlier, items, siteModel: await loadSiteModel(db) });
    if (!results) throw new Error('the classifier could not answer; run again to carry on');
    await withWriteTransaction(db, (tx) =>
      insertStanceLabels(
        tx,
        batch.map((c, i) => ({
          comment_id: c.id,
          remark_id: null,
          label: results[i]!.label,
          source: 'auto' as const,
          confidence: results[i]!.confidence,
          cues: JSON.stringify(results[i]!.cues),
          created_by: null,
          created_at: now,
        })),
      ),
    );
    after = batch[batch.length - 1]!.id;
    total += batch.length;
    onBatch(total);
  }
  if (!shouldStop()) await labelUnlabelledRemarks(db, post, now);
  return total;
}

/**
 * Labels the post's remarks that have no label yet (an import's, stored with their comments), block by block, each
 * read in its thread as a pasted remark is (stance.service's classifyRemarkBlock); each block's labels are stored
 * in one transaction. A remark labelled already keeps its label. Returns how many it labelled.
 */
export async function labelUnlabelledRemarks(db: Db, post: StancePost, now: string): Promise<number> {
  let total = 0;
  for (const carrierId of await listCarriersOfUnlabelledRemarks(db, post.id)) {
    const labelled = (await classifyRemarkBlock(db, post, carrierId)) ?? [];
    const rows = labelled.filter(({ remark }) => remark.labels.length === 0).map(({ remark, result }) => autoRemarkLabel(remark.id, result, now));
    await withWriteTransaction(db, (tx) => insertStanceLabels(tx, rows));
    total += rows.length;
  }
  return total;
}
