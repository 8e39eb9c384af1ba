import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { storageFailureOf } from '../db/storage-failure.js';
import { FormInvalid, NotFound } from '../errors.js';
import { DuplicateComment, TooManyComments, hashIp } from '../comment/comment-screening.js';
import { rememberHeldId, signHeldParam } from '../comment/held-cookie.js';
import { rememberOwnComment } from '../comment/own-cookie.js';
import { updateRememberedIdentity } from '../comment/identity-cookie.js';
import { EDIT_MINUTES_MAX } from '../settings/writer-edit-settings.js';
import { frameVisitorOf, hasValidCsrfToken, isValidEmbedPost } from '../plugins/security.js';
import { requirePublishedPost } from '../post/post-lookup.js';
import { renderPostPage, type EmbedRender } from './post-page-render.js';
import { prepareEmbedFrame } from './embed-frame.js';
import type { PostWithAuthor } from '../post/post.repository.js';
import { parseThreadQuery } from './thread-query.js';
import { staffBadgeFor } from './post-page.js';
import { commentHref } from './thread-view.js';
import { parseForm, pickFormValues } from '../shared/form.js';
import { locateCommentPage } from '../comment/comment-permalink.js';
import { COMMENT_FORM_FIELDS, commentFormSchema } from '../comment/comment.forms.js';
import { createComment } from './new-comment.service.js';
import { hashVisitor } from '../debate/vote-values.js';
import { mailContextOf } from '../mail/mail-queue.service.js';
import { PreviewLimit } from '../debate/preview-limit.js';
import { previewComment } from './comment-preview.service.js';

const CSRF_MESSAGE = 'Your comment was not posted: this page had expired. Your text is kept below; please press Post Comment again.';

/** Where the 303 after a comment lands; in a frame it carries the signed id of a held comment (no cookie there). Pure. */
function landingHref(secret: string, post: { id: number; slug: string }, page: number, id: number, held: boolean, embed: boolean): string {
  const href = commentHref(post.slug, page, id, embed);
  if (!embed || !held) return href;
  const at = href.indexOf('#');
  return `${href.slice(0, at)}${href.includes('?') ? '&' : '?'}held=${signHeldParam(secret, post.id, id)}${href.slice(at)}`;
}

/** Whether the reader pressed Preview rather than Post Comment (the button's name and value in the body). Pure. */
function isPreview(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as Record<string, unknown>).preview === '1';
}

export default async function commentRoutes(app: FastifyInstance): Promise<void> {
  // A preview asks the classifier for the badge as a POST does; past an address's share the text is still shown, unlabelled.
  const previews = new PreviewLimit();
  // POST /posts/:slug/comments : a reader's comment or reply; 303 to it, or the page again with 422.
  app.post<{ Params: { slug: string } }>('/posts/:slug/comments', { config: { csrf: 'manual' } }, async (request, reply) =>
    postComment(app, previews, request, reply, false),
  );
  // POST /embed/posts/:slug/comments : the same from a page framed by an allowed site, without cookies.
  app.post<{ Params: { slug: string } }>('/embed/posts/:slug/comments', { config: { csrf: 'manual' } }, async (request, reply) =>
    postComment(app, previews, request, reply, true),
  );
}

async function postComment(
  app: FastifyInstance,
  previews: PreviewLimit,
  request: FastifyRequest<{ Params: { slug: string } }>,
  reply: FastifyReply,
  embed: boolean,
) {
  const post = await requirePublishedPost(app.db, request.params.slug);
  // The form's action carries the reader's page (?cpage=N): a refused form comes back on that page.
  const { page } = parseThreadQuery(request.query);
  const embedded = embed ? (await prepareEmbedFrame(app, reply, [])).embedded : undefined;
  const csrfValid = embed ? isValidEmbedPost(request, app.config.secret, app.clock()) : hasValidCsrfToken(request, app.config.secret);
  if (!csrfValid) {
    // 403, but the reader's text comes back with a fresh token: pressing the button again works.
    const values = pickFormValues(request.body, COMMENT_FORM_FIELDS);
    const replyToId = /^\d{1,10}$/.test(values.parent_id ?? '') ? Number(values.parent_id) : null;
    return renderFormAgain(app, reply, post, { replyToId, page, status: 403, form: { values, errors: {}, message: CSRF_MESSAGE }, embedded });
  }
  // Signed-in staff reply as themselves: their account's name and email, whatever the body says. Never in
  // the frame: its form is checked without cookies, so a session cookie must not lend it an identity.
  const user = embed ? null : request.user;
  const body = user ? { ...(request.body as Record<string, unknown>), author_name: user.name, author_email: user.email, author_url: '' } : request.body;
  const form = parseForm(commentFormSchema, body, COMMENT_FORM_FIELDS);
  const rejected = (errors: Record<string, string>, values: Record<string, string>, status = 422, message?: string) => {
    const replyToId = /^\d{1,10}$/.test(values.parent_id ?? '') ? Number(values.parent_id) : null;
    return renderFormAgain(app, reply, post, { replyToId, page, status, form: { values, errors, message }, embedded });
  };
  if (!form.ok) return rejected(form.fields, form.values);
  const data = form.data;
  if (isPreview(request.body)) {
    // The same page with the draft shown above the form, everything typed kept; nothing stored, no cookie set.
    const draft = {
      parentId: data.parent_id,
      authorName: data.author_name,
      authorEmail: data.author_email,
      authorUrl: data.author_url,
      body: data.body,
      selfStance: data.stance,
    };
    const values = pickFormValues(body, COMMENT_FORM_FIELDS);
    const classify = previews.take(hashIp(app.config.secret, request.ip), app.clock().getTime());
    try {
      const preview = await previewComment(app.db, post, draft, { secret: app.config.secret, classify });
      return await renderFormAgain(app, reply, post, { replyToId: data.parent_id, page, status: 200, form: { values, errors: {}, preview }, embedded });
    } catch (err) {
      if (err instanceof FormInvalid) return rejected(err.fields, values);
      throw err;
    }
  }
  // Which visitor wrote it: no vote on one's own comment, and "this changed my view" from its author. In the
  // frame, the id its script keeps (a cookie there would be a third-party one, and a session no identity).
  const visitorId = embed ? frameVisitorOf(request) : request.visitorId;
  try {
    const { id, status } = await createComment(
      app.db,
      {
        postId: post.id,
        parentId: data.parent_id,
        authorName: data.author_name,
        authorEmail: data.author_email,
        authorUrl: data.author_url,
        body: data.body,
        selfStance: data.stance,
        ipHash: hashIp(app.config.secret, request.ip),
        staff: user ? { userId: user.id, badge: staffBadgeFor(user, { authorId: post.author_id }) } : null,
        notify: { replies: data.notify_replies, follow: data.notify_post },
        visitorHash: visitorId === null ? null : hashVisitor(app.config.secret, visitorId),
      },
      {
        now: app.clock,
        throttle: { limit: app.config.commentRateLimit, windowMinutes: app.config.commentRateWindowMinutes },
        mail: mailContextOf(app.config, request.site),
      },
    );
    app.wakeOutbox();
    if (status !== 'approved' && !embed) rememberHeldId(request, reply, id);
    // "Remember my name, email and website": kept when ticked, forgotten when not. Staff have their account, a frame no cookies.
    if (!embed && !user)
      updateRememberedIdentity(request, reply, data.remember ? { name: data.author_name, email: data.author_email, url: data.author_url ?? '' } : null);
    // Its writer may edit or delete it for a while, from this browser only (a frame keeps no cookie).
    if (!embed) rememberOwnComment(request, reply, { postId: post.id, id, postedAt: Math.floor(app.clock().getTime() / 1000) }, EDIT_MINUTES_MAX * 60);
    // 303 to the page that shows the new comment (its top-level ancestor's page), at its anchor.
    const landing = await locateCommentPage(app.db, post.id, id, app.config.commentsPerPage);
    return reply.redirect(landingHref(app.config.secret, post, landing, id, status !== 'approved', embed), 303);
  } catch (err) {
    if (err instanceof FormInvalid) return rejected(err.fields, pickFormValues(request.body, COMMENT_FORM_FIELDS));
    // Refused by a rule: the same page with the reader's text, and the reason above the form.
    if (err instanceof DuplicateComment || err instanceof TooManyComments) {
      return rejected({}, pickFormValues(request.body, COMMENT_FORM_FIELDS), err.status, err.message);
    }
    // The database lost, full or read-only: the same page with the text kept (the error page keeps it
    // too, should the page itself not come back), and the driver's error in the log.
    const failure = storageFailureOf(err);
    if (!failure) throw err;
    request.log.error({ err }, `comment not stored: ${failure.code}`);
    return rejected({}, pickFormValues(request.body, COMMENT_FORM_FIELDS), failure.status, failure.formMessage);
  }
}

/**
 * The page again with the reader's text (refused, or previewed). Their page may be gone (comments removed since they opened
 * it); a 404 would lose the text, so the form comes back on the first page instead.
 */
async function renderFormAgain(
  app: FastifyInstance,
  reply: FastifyReply,
  post: PostWithAuthor,
  options: Parameters<typeof renderPostPage>[3] & { page: number | null; embedded: EmbedRender | undefined },
) {
  try {
    return await renderPostPage(app, reply, post, options);
  } catch (err) {
    if (err instanceof NotFound && options.page !== null) return renderPostPage(app, reply, post, { ...options, page: null });
    throw err;
  }
}
