import type { FastifyInstance, FastifyReply } from 'fastify';
import { listApprovedCommentsForPost } from '../comment/comment.repository.js';
import { listRemarksForPost } from '../remark/remark.repository.js';
import { listLabelsForPost } from '../stance/stance.repository.js';
import { buildStanceSidebar } from './stance-sidebar.js';
import { buildPostPage, type CommentFormState } from './post-page.js';
import type { PostWithAuthor } from './post.repository.js';

const EMPTY_FORM: CommentFormState = { values: {}, errors: {} };

/** Loads a post's thread (one query each for comments and remarks) and renders the page. */
export async function renderPostPage(
  app: FastifyInstance,
  reply: FastifyReply,
  post: PostWithAuthor,
  options: { replyToId?: number | null; form?: CommentFormState; status?: number } = {},
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
    replyToId: options.replyToId ?? null,
    form: options.form ?? EMPTY_FORM,
  });
  const stance = buildStanceSidebar(post.subject_name, comments, remarks, labels);
  reply.code(options.status ?? 200);
  return reply.viewAsync('pages/post.hbs', { title: post.title, ...page, stance });
}
