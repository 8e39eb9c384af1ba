import { withWriteTransaction, type Db } from '../server/db/database.js';
import { insertComment } from '../server/comment/comment.repository.js';
import { importedCommentRow } from '../server/comment/comment-rows.js';
import { normalizeCommentText, renderCommentHtml } from '../server/shared/comment-format.js';
import { insertPost } from '../server/post/post.repository.js';
import { insertRemarks } from '../server/remark/remark.repository.js';
import { excerptOf } from '../server/post/post-markdown.js';
import type { NewStanceLabel } from '../server/db/schema.js';
import { insertStanceLabels } from '../server/stance/stance.repository.js';
import { STANCES, type Stance } from '../server/shared/stances.js';
import { FIRST_NAMES, GROUPS, HEADLINES, LAST_NAMES, between, createRandom, generateCommentBody, pick } from './bench-text.js';

/** The deepest true depth (the `depth` column, 0 = top level) a generated reply may reach. */
export const MAX_TRUE_DEPTH = 8;
/**
 * Share of comments that start a new top-level thread rather than reply. Low enough that the
 * 5,000-comment thread has under 1,000 top-level comments, the most one page may hold, so the
 * page benchmark renders the whole thread.
 */
const TOP_LEVEL_SHARE = 0.16;
/** Share of replies that answer one of the last few comments: real debates run in bursts. */
const RECENT_REPLY_SHARE = 0.65;
const RECENT_WINDOW = 12;
/** One comment in this many carries a block of group remarks (at least one per thread). */
const COMMENTS_PER_REMARK_BLOCK = 250;
/** Comments per write transaction: big enough to be quick, small enough not to hold the lock long. */
const INSERT_BATCH = 500;
const PUBLISHED_AT = '2026-01-05T09:00:00.000Z';
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export interface BenchRemark {
  authorName: string;
  stance: Stance;
  headline: string;
  postedLabel: string;
  hoursBefore: number;
  body: string;
}

export interface BenchComment {
  /** Index of the parent in the thread's list; parents always come first. */
  parentIndex: number | null;
  depth: number;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  body: string;
  minutesAfter: number;
  /** The automatic label the classifier would have stored (drawn at random: seeding must be quick). */
  stance: Stance;
  remarks: { sourceGroup: string; sourceUrl: string | null; items: BenchRemark[] } | null;
}

export interface BenchThread {
  slug: string;
  title: string;
  body: string;
  comments: BenchComment[];
}

export interface SeededPost {
  postId: number;
  slug: string;
  /** Ids of the inserted comments, in thread order. */
  commentIds: number[];
}

function generateRemarks(random: () => number): NonNullable<BenchComment['remarks']> {
  const items: BenchRemark[] = [];
  const count = between(random, 3, 6);
  for (let i = 0; i < count; i++) {
    const days = between(random, 1, 6);
    items.push({
      authorName: `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`,
      stance: pick(random, STANCES),
      headline: pick(random, HEADLINES),
      postedLabel: `posted ${days} days ago`,
      hoursBefore: days * 24,
      body: generateCommentBody(random, null),
    });
  }
  return { sourceGroup: pick(random, GROUPS), sourceUrl: random() < 0.5 ? 'https://groups.example.com/media-ethics' : null, items };
}

/** Generates a post with `size` comments as a random reply tree (pure, repeatable for a seed). */
export function generateThread(size: number, seed: number): BenchThread {
  const random = createRandom(seed);
  // Bigger threads draw on more commenters, but people keep coming back, as they do on real blogs.
  const people = Array.from({ length: Math.max(8, Math.round(Math.sqrt(size) * 6)) }, (_, i) => {
    const name = `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;
    return { name, email: `reader${i}@example.com`, url: random() < 0.3 ? `https://reader${i}.example.net/` : null };
  });
  const remarkEvery = Math.min(COMMENTS_PER_REMARK_BLOCK, Math.max(1, Math.floor(size / 2)));
  const comments: BenchComment[] = [];
  let minutesAfter = 0;
  for (let i = 0; i < size; i++) {
    let parentIndex: number | null = null;
    if (i > 0 && random() >= TOP_LEVEL_SHARE) {
      parentIndex = random() < RECENT_REPLY_SHARE ? Math.max(0, i - 1 - Math.floor(random() * RECENT_WINDOW)) : Math.floor(random() * i);
      // Climb until the reply fits under the depth cap, keeping it in the same sub-thread.
      while (parentIndex !== null && (comments[parentIndex]?.depth ?? 0) >= MAX_TRUE_DEPTH) {
        parentIndex = comments[parentIndex]?.parentIndex ?? null;
      }
    }
    const parent = parentIndex === null ? undefined : comments[parentIndex];
    const person = pick(random, people);
    minutesAfter += between(random, 1, 30);
    comments.push({
      parentIndex,
      depth: parent ? parent.depth + 1 : 0,
      authorName: person.name,
      authorEmail: person.email,
      authorUrl: person.url,
      body: generateCommentBody(random, parent && random() < 0.1 ? parent.body : null),
      minutesAfter,
      stance: pick(random, STANCES),
      remarks: i % remarkEvery === remarkEvery - 1 ? generateRemarks(random) : null,
    });
  }
  return {
    slug: `bench-${size}`,
    title: `Bench thread with ${size.toLocaleString('en')} responses`,
    body: Array.from({ length: 4 }, () => generateCommentBody(random, null)).join('\n\n'),
    comments,
  };
}

/** Shape figures for a generated thread, printed so a reader can judge how realistic it is. */
export function describeThread(thread: BenchThread): string {
  const lengths = thread.comments.map((c) => c.body.length).sort((a, b) => a - b);
  const median = lengths[Math.floor(lengths.length / 2)] ?? 0;
  const maxDepth = Math.max(0, ...thread.comments.map((c) => c.depth));
  const remarks = thread.comments.reduce((n, c) => n + (c.remarks?.items.length ?? 0), 0);
  const topLevel = thread.comments.filter((c) => c.parentIndex === null).length;
  return `${thread.comments.length} comments (${topLevel} top-level), max true depth ${maxDepth}, body ${lengths[0]}..${lengths.at(-1)} chars (median ${median}), ${remarks} remarks`;
}

function autoLabel(target: { comment_id: number } | { remark_id: number }, stance: Stance, createdAt: string): NewStanceLabel {
  return { comment_id: null, remark_id: null, ...target, label: stance, source: 'auto', confidence: 0.6, cues: '[]', created_by: null, created_at: createdAt };
}

/** Inserts a thread through the app's repositories, in batched write transactions. */
export async function insertThread(db: Db, thread: BenchThread): Promise<SeededPost> {
  const shift = (minutes: number) => new Date(Date.parse(PUBLISHED_AT) + minutes * MINUTE_MS).toISOString();
  const subjectAliases = JSON.stringify(['Subject', '@bench']);
  const postId = await withWriteTransaction(db, async (tx) => {
    const author = await tx
      .insertInto('users')
      .values({ email: `author-${thread.slug}@example.com`, name: 'Bench Author', role: 'author', password_hash: null, created_at: PUBLISHED_AT })
      .returning('id')
      .executeTakeFirstOrThrow();
    return insertPost(tx, {
      slug: thread.slug,
      title: thread.title,
      body_raw: thread.body,
      body_html: renderCommentHtml(thread.body),
      excerpt: excerptOf(thread.body),
      author_id: author.id,
      status: 'published',
      subject_name: 'Bench Subject',
      subject_aliases: subjectAliases,
      author_stance: null,
      comments_open: 1,
      published_at: PUBLISHED_AT,
      created_at: PUBLISHED_AT,
      updated_at: PUBLISHED_AT,
    });
  });

  const commentIds: number[] = [];
  for (let start = 0; start < thread.comments.length; start += INSERT_BATCH) {
    await withWriteTransaction(db, async (tx) => {
      // Every comment and remark carries an automatic stance label, as the app stores one for each.
      const labels: NewStanceLabel[] = [];
      for (const c of thread.comments.slice(start, start + INSERT_BATCH)) {
        const createdAt = shift(c.minutesAfter);
        const parentId = c.parentIndex === null ? null : (commentIds[c.parentIndex] ?? null);
        const id = await insertComment(
          tx,
          importedCommentRow({
            postId,
            parentId,
            depth: c.depth,
            authorName: c.authorName,
            authorEmail: c.authorEmail,
            authorUrl: c.authorUrl,
            body: c.body,
            selfStance: null,
            createdAt,
          }),
        );
        commentIds.push(id);
        labels.push(autoLabel({ comment_id: id }, c.stance, createdAt));
        if (c.remarks) {
          const { sourceGroup, sourceUrl, items } = c.remarks;
          const remarkIds = await insertRemarks(
            tx,
            items.map((r, position) => ({
              comment_id: id,
              source_group: sourceGroup,
              source_url: sourceUrl,
              author_name: r.authorName,
              headline: r.headline,
              posted_label: r.postedLabel,
              posted_at: new Date(Date.parse(createdAt) - r.hoursBefore * HOUR_MS).toISOString(),
              body_raw: normalizeCommentText(r.body),
              body_html: renderCommentHtml(r.body),
              position,
              created_at: createdAt,
            })),
          );
          items.forEach((r, i) => labels.push(autoLabel({ remark_id: remarkIds[i] ?? 0 }, r.stance, createdAt)));
        }
      }
      await insertStanceLabels(tx, labels);
    });
  }
  return { postId, slug: thread.slug, commentIds };
}

/** Counts a post's comment rows in any status: the durability check compares it with the 303s seen. */
export async function countCommentRows(db: Db, postId: number): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('post_id', '=', postId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
