import type { FastifyInstance, FastifyReply } from 'fastify';
import { listApprovedCommentsForPost } from '../comment/comment.repository.js';
import { readHeldIds } from '../moderation/held-cookie.js';
import { listHeldCommentsByIds } from '../moderation/moderation.repository.js';
import { listRemarksForPost } from '../remark/remark.repository.js';
import { listLabelsForPost } from '../stance/stance.repository.js';
import { buildStanceSidebar } from './stance-sidebar.js';
import { buildPostPage, locateCommentHref, type CommentFormState } from './post-page.js';
import type { PostWithAuthor } from './post.repository.js';
import type { ThreadView } from './thread-query.js';

const EMPTY_FORM: CommentFormState = { values: {}, errors: {} };

/** Loads a post's thread (one query each for comments and remarks) and renders the page. */
export async function renderPostPage(
  app: FastifyInstance,
  reply: FastifyReply,
  post: PostWithAuthor,
  options: { replyToId?: number | null; page?: number | null; view?: ThreadView; form?: CommentFormState; status?: number } = {},
) {
  const heldIds = readHeldIds(reply.request);
  const [comments, remarks, labels, held] = await Promise.all([
    listApprovedCommentsForPost(app.db, post.id),
    listRemarksForPost(app.db, post.id),
    listLabelsForPost(app.db, post.id),
    listHeldCommentsByIds(app.db, post.id, heldIds),
  ]);
  // The visitor's own held comments join the thread, marked; they are not counted.
  const page = buildPostPage(post, held.length ? [...comments, ...held].sort((a, b) => a.id - b.id) : comments, remarks, {
    heldIds: new Set(held.map((c) => c.id)),
    now: app.clock(),
    secret: app.config.secret,
    threadDepth: app.config.threadDepth,
    perPage: app.config.commentsPerPage,
    page: options.page ?? null,
    view: options.view ?? 'all',
    replyToId: options.replyToId ?? null,
    form: options.form ?? EMPTY_FORM,
  });
  const stance = buildStanceSidebar(post.subject_name, comments, remarks, labels);
  reply.code(options.status ?? 200);
  return reply.viewAsync('pages/post.hbs', { title: page.documentTitle, ...page, stance });
}

/** Where a comment is shown: its post's page address (the page of its top-level ancestor) and its anchor. */
export async function findCommentHref(app: FastifyInstance, post: PostWithAuthor, commentId: number): Promise<string> {
  const [comments, held] = await Promise.all([listApprovedCommentsForPost(app.db, post.id), listHeldCommentsByIds(app.db, post.id, [commentId])]);
  return locateCommentHref(post.slug, held.length ? [...comments, ...held] : comments, commentId, app.config);
}
