// One page of a post's thread, rendered once per thread version, and the index that tells, without
// rendering, which page shows a reply target and how many pages there are.
import type { FastifyInstance } from 'fastify';
import type { Site } from '../settings/site-settings.js';
import { buildCommentTree, type TreeInput, type TreeNode } from '../comment/comment-tree.js';
import { listApprovedCommentsForPost, listHeldCommentsByIds, listRemovedPlaceholders, type ThreadComment } from '../comment/comment.repository.js';
import { addRemovedPlaceholders } from '../comment/removed-placeholders.js';
import { countThreadPages } from './thread-paging.js';
import { defineStore } from '../page-cache/page-cache.js';
import { listRemarksForPost } from '../remark/remark.repository.js';
import { listLabelsForPost } from '../stance/stance.repository.js';
import { listShownLinkbacksForPost } from '../linkback/linkback.repository.js';
import { buildLinkedFrom, buildPostHead, buildThreadPart, noSuchPage, type CommentFormState } from './post-page.js';
import type { PostStamp, PostWithAuthor } from '../post/post.repository.js';
import { buildStanceSidebar } from './stance-sidebar.js';
import { buildArrangeNav } from './arrange-nav.js';
import { buildCommonGroundSidebar, buildSidesView } from '../debate/sides-view.js';
import { buildThreadDebate, tallyVotes } from '../debate/comment-debate.js';
import { listCommentVisitorsForPost, listCountedVotesForPost } from '../debate/vote.repository.js';
import { buildCommonGround } from '../debate/common-ground.js';
import { commonGroundAt } from '../debate/common-ground.service.js';
import { countViewChangesForPost } from '../debate/view-change.repository.js';
import { loadDebateSettings, loadStanceSettings } from '../settings/settings.repository.js';
import { currentLabelsByTarget } from '../stance/label-precedence.js';
import type { ThreadQuery, ThreadView } from './thread-query.js';
import { postPathOf } from './thread-view.js';

export const EMPTY_FORM: CommentFormState = { values: {}, errors: {} };

type ThreadPart = ReturnType<typeof buildThreadPart>;
/** A rendered thread page: its HTML plus the figures printed around it, and the post it belongs to. */
export interface CachedThread extends Omit<ThreadPart, 'thread' | 'stableUntil' | 'replyTo'> {
  /** Encoded once: re-encoding and flattening a 6 MB string on every request cost more than the rest of the page. */
  threadHtml: Buffer;
  stance: ReturnType<typeof buildStanceSidebar>;
  arrange: ReturnType<typeof buildArrangeNav>;
  commonGround: ReturnType<typeof buildCommonGroundSidebar>;
  /** Whether the reply form asks how a draft reads before posting (a debate setting: saving it bumps every thread). */
  stancePrompt: boolean;
  /** The sites that linked to the post (approved pingbacks and trackbacks), printed under it, apart from the thread. */
  linkedFrom: ReturnType<typeof buildLinkedFrom>;
  /** The post as the page prints it; the key holds its edit time, so it is as fresh as the thread. */
  head: ReturnType<typeof buildPostHead>;
  bytes: number;
  expiresAt?: number;
}

/** Where each shown comment sits (the index of its top-level node) and who wrote it. */
interface ThreadIndex {
  rootOf: Map<number, { root: number; authorName: string }>;
  topLevelCount: number;
  bytes: number;
}

/** A reply target as the form names it. */
export type ReplyTarget = { id: number; authorName: string };

const THREADS = defineStore<CachedThread>('threads');
const INDEXES = defineStore<ThreadIndex>('thread-indexes');
/** What one index entry costs, roughly: a Map slot, a small object and a short name. */
const INDEX_BYTES_PER_COMMENT = 96;

/** The cache key of one thread page: post, its thread version and edit time, and the page asked for. Pure. */
export function threadCacheKey(
  post: { id: number; thread_version: number; updated_at: string },
  request: { page: number | null; view: string; replyToId: number | null; sort: string; side: string | null; embed?: boolean },
): string {
  return [
    post.id,
    post.thread_version,
    post.updated_at,
    request.page ?? '',
    request.view,
    request.replyToId ?? '',
    request.sort,
    request.side ?? '',
    request.embed ? 'embed' : '',
  ].join('|');
}

/** Which top-level node holds each shown comment of a built tree (a removed comment's placeholder is no reply target). Pure. */
function indexThread<T extends TreeInput & { removed?: boolean }>(roots: readonly TreeNode<T>[]): ThreadIndex {
  const rootOf = new Map<number, { root: number; authorName: string }>();
  roots.forEach((node, root) => {
    const stack = [node];
    for (let n = stack.pop(); n; n = stack.pop()) {
      if (!n.comment.removed) rootOf.set(n.comment.id, { root, authorName: n.comment.authorName });
      stack.push(...n.children);
    }
  });
  return { rootOf, topLevelCount: roots.length, bytes: rootOf.size * INDEX_BYTES_PER_COMMENT };
}

/** The index of a post's thread at this version: one query and a tree walk, once per version. */
async function loadThreadIndex(app: FastifyInstance, post: PostStamp): Promise<ThreadIndex> {
  return app.pageCache.store(INDEXES).getOrRender([post.id, post.thread_version, post.updated_at].join('|'), async () => {
    const [shown, removed] = await Promise.all([listApprovedCommentsForPost(app.db, post.id), listRemovedPlaceholders(app.db, post.id)]);
    const comments = addRemovedPlaceholders<ThreadComment>(shown, removed);
    const inputs = comments.map((c) => ({ id: c.id, parentId: c.parent_id, authorName: c.author_name, removed: c.removed }));
    return indexThread(buildCommentTree(inputs, app.config.threadDepth));
  });
}

/**
 * The page, view and reply target a request for the shared thread comes to, before anything renders:
 * a reply target decides the page (the form sits beside the comment), a target the thread does not show
 * is dropped, and a page past the last is NotFound. So any query lands on one of the thread's few pages.
 */
export async function resolveThreadQuery(
  app: FastifyInstance,
  post: PostStamp,
  query: ThreadQuery,
): Promise<{ page: number; view: ThreadView; replyTo: ReplyTarget | null }> {
  // Page 1 without a target needs no index: the plain page never waits for one.
  if (query.replyToId === null && (query.page ?? 1) === 1) return { page: 1, view: query.view, replyTo: null };
  const perPage = app.config.commentsPerPage;
  const index = await loadThreadIndex(app, post);
  const target = query.replyToId === null ? undefined : index.rootOf.get(query.replyToId);
  const page = target ? Math.floor(target.root / perPage) + 1 : (query.page ?? 1);
  if (page > countThreadPages(index.topLevelCount, perPage)) throw noSuchPage(index.topLevelCount, perPage, query.page);
  return { page, view: query.view, replyTo: target && query.replyToId !== null ? { id: query.replyToId, authorName: target.authorName } : null };
}

/** Loads a post's thread (one query each for comments, remarks and labels) and renders one page of it with its sidebar. */
export async function renderThread(
  app: FastifyInstance,
  post: PostWithAuthor,
  heldIds: number[],
  query: ThreadQuery,
  site: Site,
  ownIds: ReadonlySet<number> = new Set(),
): Promise<{ part: CachedThread; replyTo: ReplyTarget | null }> {
  const [comments, remarks, labels, held, removed, stanceSettings, votes, visitors, debateSettings, minds, linkbacks] = await Promise.all([
    listApprovedCommentsForPost(app.db, post.id),
    listRemarksForPost(app.db, post.id),
    listLabelsForPost(app.db, post.id),
    listHeldCommentsByIds(app.db, post.id, heldIds),
    listRemovedPlaceholders(app.db, post.id),
    loadStanceSettings(app.db),
    listCountedVotesForPost(app.db, post.id),
    listCommentVisitorsForPost(app.db, post.id),
    loadDebateSettings(app.db),
    countViewChangesForPost(app.db, post.id),
    listShownLinkbacksForPost(app.db, post.id),
  ]);
  const current = currentLabelsByTarget(labels);
  const debate = buildThreadDebate(current, tallyVotes(votes), debateSettings.showSideBadges, stanceSettings.unsureBelow, minds);
  // Ranked by the sides the classifier and people gave, whether or not readers are shown them.
  const sides = buildThreadDebate(current, new Map(), true, stanceSettings.unsureBelow);
  const ground = commonGroundAt(app.pageCache, post.id, post.thread_version, () => ({
    ground: buildCommonGround({ votes, sideOf: sides.sideOf, visitors }),
    votes: votes.length,
  }));
  // Sides hidden from readers are not theirs to filter by either.
  const arrangement = { sort: query.sort, side: debate.showBadges ? query.side : null };
  // The visitor's own held comments join the thread, marked; they are not counted. Replies of a removed comment
  // stay under its placeholder.
  const listed: ThreadComment[] = held.length ? [...comments, ...held].sort((a, b) => a.id - b.id) : comments;
  const { thread, stableUntil, replyTo, ...part } = buildThreadPart(post, addRemovedPlaceholders(listed, removed), remarks, {
    heldIds: new Set(held.map((c) => c.id)),
    ownIds,
    now: app.clock(),
    time: site.time,
    secret: app.config.secret,
    threadDepth: app.config.threadDepth,
    perPage: app.config.commentsPerPage,
    page: query.page,
    view: query.view,
    replyToId: query.replyToId,
    form: EMPTY_FORM,
    debate,
    arrangement,
    facts: { sideOf: debate.sideOf, scoreOf: (id) => ground.score(id) },
    embed: query.embed,
  });
  const postPath = postPathOf(post.slug, query.embed);
  const permalink = (id: number) => `${postPath}/comments/${id}`;
  const shown = comments.map((c) => ({ id: c.id, authorName: c.author_name, bodyHtml: c.body_html }));
  // The Sides view replaces the thread (and its pages) with two columns, when readers may see sides.
  const isSidesView = query.view === 'sides' && debate.showBadges;
  const threadHtml = Buffer.from(
    isSidesView
      ? app.renderPartial('sides-view', buildSidesView(shown, debate.sideOf, ground, permalink))
      : app.renderPartial('thread', { thread, isTopView: part.isTopView, embed: query.embed === true }),
  );
  if (isSidesView) part.pagination = null;
  const commonGround = buildCommonGroundSidebar(new Map(shown.map((c) => [c.id, c])), ground, permalink);
  const stance = buildStanceSidebar(post.subject_name, comments, remarks, labels, stanceSettings);
  const arrange = buildArrangeNav(postPath, query, debate.showBadges);
  const expiresAt = Number.isFinite(stableUntil) ? stableUntil : undefined;
  return {
    part: {
      ...part,
      threadHtml,
      stance,
      arrange,
      commonGround,
      stancePrompt: debateSettings.stancePrompt,
      linkedFrom: buildLinkedFrom(linkbacks, site.time),
      head: buildPostHead(post, site.time),
      bytes: threadHtml.length,
      expiresAt,
    },
    replyTo,
  };
}

/** One page of the thread every reader without held comments shares, rendered on a miss only. */
export async function cachedThread(
  app: FastifyInstance,
  post: PostStamp,
  query: ThreadQuery,
  fullPost: () => Promise<PostWithAuthor>,
  site: Site,
): Promise<CachedThread> {
  const store = app.pageCache.store(THREADS, site.version);
  return store.getOrRender(threadCacheKey(post, query), async () => (await renderThread(app, await fullPost(), [], query, site)).part);
}
