import { withWriteTransaction, type Db } from '../server/db/database.js';
import { insertComment } from '../server/comment/comment.repository.js';
import { normalizeCommentText, renderCommentHtml } from '../server/comment/comment-format.js';
import { insertPost } from '../server/post/post.repository.js';
import { insertRemarks } from '../server/remark/remark.repository.js';
import { excerptOf } from '../server/seed/seed.service.js';

/** The deepest true depth (the `depth` column, 0 = top level) a generated reply may reach. */
export const MAX_TRUE_DEPTH = 8;
const MIN_BODY_CHARS = 40;
const MAX_BODY_CHARS = 1500;
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

/** A small seeded PRNG (mulberry32): the same seed gives the same thread on every run. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const FIRST_NAMES = ['Amara', 'Bruno', 'Chiara', 'Dmitri', 'Esther', 'Farid', 'Grete', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Lars', 'Maya', 'Nikhil', 'Olga', 'Pablo', 'Quinn', 'Rosa', 'Sven', 'Tala', 'Ugo', 'Vera', 'Wen', 'Yusuf', 'Zoë'];
const LAST_NAMES = ['Abara', 'Berg', 'Costa', 'Dubois', 'Eklund', 'Fischer', 'García', 'Haddad', 'Ivanova', 'Jensen', 'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Rossi', 'Sato', 'Tanaka', 'Ueda', 'Varga', 'Weber', 'Yilmaz', 'Zhou'];
const SENTENCES = [
  'I think you are missing the point of what he actually said in that interview.',
  'A million followers does not make anyone an expert on public health, or on anything else.',
  'He has every right to speak, and we have every right to ignore him.',
  'Honestly the tone of this post is the problem, not the question itself.',
  'My daughter follows him and she was the one who showed me the clip.',
  'Fame is a megaphone; it should come with a little more care about what goes into it.',
  'Nobody asked for his opinion, yet here we all are, discussing it for the third day.',
  'The open letter format feels a bit theatrical, but I see why you chose it.',
  'Could we talk about the substance instead of the follower count for once?',
  'I used to defend him. After last week I am not so sure anymore.',
  'This is exactly the kind of debate the comment section was made for.',
  'Let us be fair: he apologised, which is more than most people do.',
  'The numbers he quoted were wrong, and that matters more than who he is.',
  'I read the whole thread twice and still cannot tell what he is for.',
  'Good question. I doubt he will answer it, but it needed asking.',
  'Celebrities have always said silly things; the difference now is the reach.',
  'You are being too kind. This was not a slip, it was a pattern.',
  'Maybe the answer is to follow fewer famous people and more local ones.',
  'Café talk in my town was about nothing else this morning — c’est la vie.',
  'I agree with half of this and strongly disagree with the other half 🙂',
];
const LINKS = [
  'https://example.org/2026/01/interview-transcript',
  'https://news.example.com/articles/12345?ref=blog&lang=en',
  'https://www.example.net/wiki/Public_figure',
];
const GROUPS = ['Media Ethics Circle', 'Independent Bloggers Network', 'Digital Culture Forum'];
const HEADLINES = ['Editor at a regional daily', 'Communications consultant', 'PhD student, media studies', 'Retired teacher', 'Product manager'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Most comments are a short paragraph; a few are one-liners and a few are essays. */
function bodyLength(random: () => number): number {
  const r = random();
  if (r < 0.12) return between(random, MIN_BODY_CHARS, 200);
  if (r < 0.8) return between(random, 200, 400);
  if (r < 0.95) return between(random, 400, 900);
  return between(random, 900, MAX_BODY_CHARS);
}

function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(' ', max);
  return text.slice(0, cut > MIN_BODY_CHARS / 2 ? cut : max).trimEnd();
}

/** A comment body of realistic length, now and then quoting the text it answers. */
export function generateCommentBody(random: () => number, quoteFrom: string | null): string {
  const target = bodyLength(random);
  let text = '';
  if (quoteFrom !== null) text = `> ${cutAtWord(quoteFrom.split('\n')[0] ?? '', 120)}\n\n`;
  let sentencesInParagraph = 0;
  while (text.length < target) {
    if (sentencesInParagraph >= 3 && target > 400 && random() < 0.5) {
      text = `${text.trimEnd()}\n\n`;
      sentencesInParagraph = 0;
    }
    const sentence = random() < 0.08 ? `See ${pick(random, LINKS)} for the full quote.` : pick(random, SENTENCES);
    text += `${sentence} `;
    sentencesInParagraph += 1;
  }
  return cutAtWord(text.trim(), Math.min(target, MAX_BODY_CHARS));
}

function generateRemarks(random: () => number): NonNullable<BenchComment['remarks']> {
  const items: BenchRemark[] = [];
  const count = between(random, 3, 6);
  for (let i = 0; i < count; i++) {
    const days = between(random, 1, 6);
    items.push({
      authorName: `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`,
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

/** Inserts a thread through the app's repositories, in batched write transactions. */
export async function insertThread(db: Db, thread: BenchThread): Promise<SeededPost> {
  const shift = (minutes: number) => new Date(Date.parse(PUBLISHED_AT) + minutes * MINUTE_MS).toISOString();
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
      subject_aliases: JSON.stringify(['Subject', '@bench']),
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
      for (const c of thread.comments.slice(start, start + INSERT_BATCH)) {
        const body = normalizeCommentText(c.body);
        const createdAt = shift(c.minutesAfter);
        const id = await insertComment(tx, {
          post_id: postId,
          parent_id: c.parentIndex === null ? null : (commentIds[c.parentIndex] ?? null),
          depth: c.depth,
          author_name: c.authorName,
          author_email: c.authorEmail,
          author_url: c.authorUrl,
          body_raw: body,
          body_html: renderCommentHtml(body),
          status: 'approved',
          self_stance: null,
          created_at: createdAt,
          edited_at: null,
          deleted_at: null,
        });
        commentIds.push(id);
        if (c.remarks) {
          const { sourceGroup, sourceUrl, items } = c.remarks;
          await insertRemarks(
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
        }
      }
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
