// A Disqus export into the site's existing posts. Disqus lists every thread first and then every comment flat, each
// naming its thread and its parent by dsq:id, and a parent may come after its replies; so nothing can be stored
// as it is read. Holding the comments in memory until the end would grow with the file, so the first pass stages
// each thread and comment in import_staging as it streams by (a batch per transaction), and the second stores
// the threads in the order they were read, each in one write transaction on the post it names, reading back only
// that thread's comments (memory grows with the largest thread, never the file). An import stopped anywhere
// leaves whole threads, and running it again adds only what is missing (every comment is keyed by its dsq:id in
// import_keys); the staged rows are deleted when the run ends, a killed run's by the next one.
import { randomUUID } from 'node:crypto';
import { withWriteTransaction, type Db, type DbOrTx } from '../db/database.js';
import type { NewComment } from '../db/schema.js';
import { findSlugOwner } from '../post/post-staff.repository.js';
import { threadCandidates } from './disqus-match.js';
import type { DisqusEvent, DisqusPost, DisqusThread } from './disqus-reader.js';
import { inImportTransaction, insertThreadComments, type ImportedComment } from './import-comments.js';
import { plainLine } from './import-text.js';
import {
  countStagedThreads,
  deleteStagedGroup,
  deleteStagedRuns,
  insertStagedRows,
  listStagedOrphanGroups,
  listStagedPostsOfThread,
  listStagedThreads,
  type NewStagedRow,
} from './import-staging.repository.js';
import { findImportTargets, findPostIdByLegacyPaths, findPostIdByPageUrls, findPostIdsByTitle, insertImportKeys } from './import.repository.js';

export interface DisqusImportOptions {
  dryRun: boolean;
  now: Date;
  /** Called with a post's id once its thread's transaction has committed (never on a dry run): the labelling starts on it. */
  afterPost?: (postId: number) => void;
}

export interface DisqusCounts {
  /** Threads whose post was found (and got its comments, or had them all already). */
  threads: number;
  comments: number;
  /** Comments imported before, comments of threads deleted on Disqus, threads without comments. */
  skipped: number;
  /** Threads with comments that name no post here. */
  unmatched: number;
}

/** A thread no post was found for: listed at the end so its comments are not lost without a word. */
export interface UnmatchedThread {
  line: number;
  link: string;
  title: string;
  comments: number;
}

/** Disqus's flags as a comment status: spam first (a deleted spam is still spam), then deleted, then held. */
function statusOf(post: DisqusPost): NewComment['status'] {
  if (post.isSpam) return 'spam';
  if (post.isDeleted) return 'trash';
  return post.isApproved ? 'approved' : 'pending';
}

function asImported(post: DisqusPost): ImportedComment {
  return {
    id: post.dsqId,
    parentId: post.parentId,
    date: post.date,
    key: post.dsqId,
    author: post.authorName || post.authorUsername,
    email: post.authorEmail,
    url: '',
    html: post.message,
    status: statusOf(post),
  };
}

/** The post a thread belongs to: the one a previous run chose, else the first its link, identifier or title names. */
async function findThreadPost(tx: DbOrTx, thread: DisqusThread): Promise<{ postId: number; known: boolean } | undefined> {
  const known = (await findImportTargets(tx, 'disqus', 'post', [thread.dsqId])).get(thread.dsqId);
  if (known !== undefined) return { postId: known, known: true };
  const found = async (): Promise<number | undefined> => {
    const candidates = threadCandidates(thread);
    const byUrl = await findPostIdByPageUrls(tx, candidates.urls);
    if (byUrl !== undefined) return byUrl;
    const byPath = await findPostIdByLegacyPaths(tx, candidates.paths);
    if (byPath !== undefined) return byPath;
    for (const slug of candidates.slugs) {
      const owner = await findSlugOwner(tx, slug);
      if (owner) return owner.postId;
    }
    const title = plainLine(thread.title);
    const byTitle = title === '' ? [] : await findPostIdsByTitle(tx, title);
    return byTitle.length === 1 ? byTitle[0] : undefined;
  };
  const postId = await found();
  return postId === undefined ? undefined : { postId, known: false };
}

/** Rows staged per write transaction: few commits, and a batch is all the first pass holds. */
const STAGE_BATCH = 500;
/** Threads read back per query in the second pass. */
const THREAD_PAGE = 200;
/** A run's staged rows older than this belong to a run that was killed: the next run deletes them. */
const STALE_RUN_MS = 24 * 60 * 60 * 1000;

/** The first pass: every thread and comment of the stream staged under runKey, in batches. */
async function stageEvents(db: Db, runKey: string, events: AsyncIterable<DisqusEvent>, now: string): Promise<void> {
  let batch: NewStagedRow[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    if (rows.length > 0) await withWriteTransaction(db, (tx) => insertStagedRows(tx, rows));
  };
  for await (const event of events) {
    const base = { run_key: runKey, created_at: now };
    if (event.kind === 'thread')
      batch.push({ ...base, kind: 'thread', source_key: event.thread.dsqId, group_key: '', line: event.thread.line, payload: JSON.stringify(event.thread) });
    else
      batch.push({
        ...base,
        kind: 'post',
        source_key: event.post.dsqId,
        group_key: event.post.threadId,
        line: event.post.line,
        payload: JSON.stringify(event.post),
      });
    if (batch.length >= STAGE_BATCH) await flush();
  }
  await flush();
}

/** Runs an import over the reader's events; onThread after each thread stored (for the progress line), awaited. */
export async function importDisqus(
  db: Db,
  events: AsyncIterable<DisqusEvent>,
  options: DisqusImportOptions,
  onThread: (done: number, total: number) => void | Promise<void> = () => {},
): Promise<{ counts: DisqusCounts; unmatched: UnmatchedThread[]; problems: string[] }> {
  const now = options.now.toISOString();
  const runKey = randomUUID();
  const staleBefore = new Date(options.now.getTime() - STALE_RUN_MS).toISOString();
  try {
    await deleteStagedRuns(db, runKey, staleBefore);
    await stageEvents(db, runKey, events, now);
    return await storeStagedThreads(db, runKey, options, onThread);
  } finally {
    await deleteStagedRuns(db, runKey, staleBefore);
  }
}

/** The second pass: each staged thread with its comments, in the order the export listed the threads. */
async function storeStagedThreads(
  db: Db,
  runKey: string,
  options: DisqusImportOptions,
  onThread: (done: number, total: number) => void | Promise<void>,
): Promise<{ counts: DisqusCounts; unmatched: UnmatchedThread[]; problems: string[] }> {
  const counts: DisqusCounts = { threads: 0, comments: 0, skipped: 0, unmatched: 0 };
  const unmatched: UnmatchedThread[] = [];
  const problems: string[] = [];
  const now = options.now.toISOString();
  for (const orphan of await listStagedOrphanGroups(db, runKey)) {
    problems.push(`line ${orphan.line}: ${orphan.n} comments name thread ${orphan.group_key}, which the export does not hold; left out`);
    counts.skipped += orphan.n;
  }
  const total = await countStagedThreads(db, runKey);
  let done = 0;
  for (let afterId = 0; ;) {
    const page = await listStagedThreads(db, runKey, afterId, THREAD_PAGE);
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.id;
    for (const staged of page) {
      const thread = JSON.parse(staged.payload) as DisqusThread;
      const posts = (await listStagedPostsOfThread(db, runKey, thread.dsqId)).map((row) => JSON.parse(row.payload) as DisqusPost);
      if (posts.length === 0) counts.skipped++;
      else if (thread.isDeleted) {
        problems.push(`line ${thread.line}: thread "${plainLine(thread.title) || thread.link}" was deleted on Disqus; its ${posts.length} comments left out`);
        counts.skipped += posts.length;
      } else {
        const { value, stored } = await inImportTransaction(db, options.dryRun, async (tx) => {
          const target = await findThreadPost(tx, thread);
          if (!target) return null;
          if (!target.known)
            await insertImportKeys(tx, [
              { source: 'disqus', kind: 'post', source_key: thread.dsqId, source_id: thread.dsqId.slice(0, 32), target_id: target.postId, created_at: now },
            ]);
          return { postId: target.postId, ...(await insertThreadComments(tx, 'disqus', target.postId, posts.map(asImported), thread.date ?? now, now)) };
        });
        if (value === null) {
          counts.unmatched++;
          unmatched.push({ line: thread.line, link: thread.link, title: plainLine(thread.title), comments: posts.length });
        } else {
          if (stored && value.added > 0) options.afterPost?.(value.postId);
          counts.threads++;
          counts.comments += value.added;
          counts.skipped += value.skipped;
        }
      }
      await deleteStagedGroup(db, runKey, thread.dsqId);
      await onThread(++done, total);
    }
  }
  return { counts, unmatched, problems };
}
