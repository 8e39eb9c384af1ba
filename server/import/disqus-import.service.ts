// A Disqus export into the site's existing posts. Disqus lists all threads, then all comments flat, so the
// comments are gathered per thread first (what is held is the comments, never the file) and each thread is then
// stored in one write transaction on the post it names: an import stopped anywhere leaves whole threads, and
// running it again adds only what is missing (every comment is keyed by its dsq:id in import_keys).
import type { Db, DbOrTx } from '../db/database.js';
import type { NewComment } from '../db/schema.js';
import { findSlugOwner } from '../post/post-staff.repository.js';
import { threadCandidates } from './disqus-match.js';
import type { DisqusEvent, DisqusPost, DisqusThread } from './disqus-reader.js';
import { inImportTransaction, insertThreadComments, type ImportedComment } from './import-comments.js';
import { plainLine } from './import-text.js';
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

/** Runs an import over the reader's events; onThread after each thread stored (for the progress line). */
export async function importDisqus(
  db: Db,
  events: AsyncIterable<DisqusEvent>,
  options: DisqusImportOptions,
  onThread: (done: number, total: number) => void = () => {},
): Promise<{ counts: DisqusCounts; unmatched: UnmatchedThread[]; problems: string[] }> {
  const threads = new Map<string, DisqusThread>();
  const postsOf = new Map<string, DisqusPost[]>();
  for await (const event of events) {
    if (event.kind === 'thread') threads.set(event.thread.dsqId, event.thread);
    else {
      const list = postsOf.get(event.post.threadId);
      if (list) list.push(event.post);
      else postsOf.set(event.post.threadId, [event.post]);
    }
  }
  const counts: DisqusCounts = { threads: 0, comments: 0, skipped: 0, unmatched: 0 };
  const unmatched: UnmatchedThread[] = [];
  const problems: string[] = [];
  const now = options.now.toISOString();
  let done = 0;
  for (const thread of threads.values()) if (!postsOf.has(thread.dsqId)) counts.skipped++;
  for (const [threadId, posts] of postsOf) {
    const thread = threads.get(threadId);
    if (!thread) {
      problems.push(`line ${posts[0]!.line}: ${posts.length} comments name thread ${threadId}, which the export does not hold; left out`);
      counts.skipped += posts.length;
    } else if (thread.isDeleted) {
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
    onThread(++done, postsOf.size);
  }
  return { counts, unmatched, problems };
}
