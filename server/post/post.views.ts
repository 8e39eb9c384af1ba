import type { FastifyInstance, FastifyReply } from 'fastify';
import { listApprovedCommentsForPost } from '../comment/comment.repository.js';
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
  const [comments, remarks, labels] = await Promise.all([
    listApprovedCommentsForPost(app.db, post.id),
    listRemarksForPost(app.db, post.id),
    listLabelsForPost(app.db, post.id),
  ]);
  const page = buildPostPage(post, comments, remarks, {
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
  const comments = await listApprovedCommentsForPost(app.db, post.id);
  return locateCommentHref(post.slug, comments, commentId, app.config);
}
