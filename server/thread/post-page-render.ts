// Assembles the post page around a cached thread and sends it through the page cache.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SessionUser } from '../auth/user.repository.js';
import { readHeldIds } from '../comment/held-cookie.js';
import { readOwnComments, recentOwnIds } from '../comment/own-cookie.js';
import { readRememberedIdentity, type RememberedIdentity } from '../comment/identity-cookie.js';
import { EDIT_MINUTES_MAX } from '../settings/writer-edit-settings.js';
import { listChangeableIds } from './own-comment.service.js';
import { sendCachedFrame, sendCachedPage, sendPage } from '../page-cache/sender.js';
import { loadFullPost } from '../post/post-lookup.js';
import { siteOrigin } from '../shared/site-url.js';
import { buildPostMeta } from './post-meta.js';
import { buildCommentForm, type CommentFormState } from './post-page.js';
import { staffToolsFor } from './staff-tools.js';
import type { PostStamp, PostWithAuthor } from '../post/post.repository.js';
import type { ThreadQuery } from './thread-query.js';
import { postPathOf } from './thread-view.js';
import { cachedThread, EMPTY_FORM, renderThread, resolveThreadQuery, threadCacheKey, type CachedThread, type ReplyTarget } from './thread-part.js';

/** Where the page template prints the thread, the reply form and each reader's CSRF token: replaced after rendering. */
const THREAD_MARKER = '<!--\u0001thread\u0001-->';
const FORM_MARKER = '<!--\u0001form\u0001-->';
const TOKEN_MARKER = '\u0001token\u0001';

/** What the reply form is made from besides its target: the post, and the page it sits on. */
type FormPlace = Pick<CachedThread, 'head' | 'page' | 'stancePrompt'>;

/**
 * The framed page an embedding site shows: its held comments come from the signed `?held=` of the URL
 * (no cookies in a third-party frame), its layout prints what `layout` holds, and `key` names the embed
 * settings it was rendered with (allowed origins, theme), so a change of them renders it again.
 */
export interface EmbedRender {
  heldIds: number[];
  layout: Record<string, unknown>;
  key: string;
}

/** The form prefilled with what this browser asked to remember, the box still ticked. Pure. */
function rememberedForm(identity: RememberedIdentity): CommentFormState {
  return { values: { author_name: identity.name, author_email: identity.email, author_url: identity.url, remember: '1' }, errors: {} };
}

const NO_OWN_IDS: ReadonlySet<number> = new Set();

/**
 * This browser's comments on the post that their writer may still edit or delete. The signed cookie says which
 * it wrote and when: a browser with none young enough costs nothing here, and the cached page is its page.
 */
async function changeableOwnIds(app: FastifyInstance, reply: FastifyReply, postId: number): Promise<ReadonlySet<number>> {
  const now = app.clock();
  const recent = recentOwnIds(readOwnComments(reply.request), postId, Math.floor(now.getTime() / 1000), EDIT_MINUTES_MAX * 60);
  return recent.length === 0 ? NO_OWN_IDS : listChangeableIds(app.db, postId, recent, now);
}

/** The reply form's HTML, with TOKEN_MARKER where the reader's token goes. */
function renderForm(
  app: FastifyInstance,
  part: FormPlace,
  replyTo: ReplyTarget | null,
  form: CommentFormState,
  staff: SessionUser | null,
  embed: boolean,
): string {
  const built = buildCommentForm(part.head, part.page, replyTo, form, staff, embed, part.stancePrompt);
  return app.renderPartial('comment-form', { post: part.head, form: built, csrfToken: TOKEN_MARKER });
}

/** The page template around the thread, with `formHtml` where the form goes. */
async function renderHtml(reply: FastifyReply, part: CachedThread, formHtml: string, embed: EmbedRender | undefined): Promise<string> {
  const data = { ...part, threadHtml: THREAD_MARKER, formHtml, title: part.documentTitle, post: part.head, csrfToken: TOKEN_MARKER };
  if (embed) return reply.embedViewAsync('pages/embed-post.hbs', { ...data, ...embed.layout, ownPageHref: postPathOf(part.head.slug) });
  return reply.viewAsync('pages/post.hbs', {
    ...data,
    // Staff pages are never cached (see renderPostPage), so a signed-in user's links never reach a reader.
    staffTools: staffToolsFor(reply.request.user, part.head),
    ...buildPostMeta(siteOrigin(reply.request, reply.server.config.siteUrl), part.head, part.page, reply.request.site.settings.siteName),
  });
}

/** A piece of the page with the encoded thread where its marker is. */
function withThread(piece: string, threadHtml: Buffer): Buffer {
  const at = piece.indexOf(THREAD_MARKER);
  if (at < 0) return Buffer.from(piece);
  return Buffer.concat([Buffer.from(piece.slice(0, at)), threadHtml, Buffer.from(piece.slice(at + THREAD_MARKER.length))]);
}

/** The whole page, in pieces between which the reader's CSRF token goes. */
async function renderPieces(
  reply: FastifyReply,
  part: CachedThread,
  replyTo: ReplyTarget | null,
  form: CommentFormState,
  embed: EmbedRender | undefined,
): Promise<Buffer[]> {
  // The frame never acts for a signed-in user: its form is checked without cookies.
  const staff = embed ? null : reply.request.user;
  const html = await renderHtml(reply, part, renderForm(reply.server, part, replyTo, form, staff, embed !== undefined), embed);
  return html.split(TOKEN_MARKER).map((piece) => withThread(piece, part.threadHtml));
}

/** The anonymous page around a hole where the reply form goes; it carries no token outside the form. */
async function renderFrame(reply: FastifyReply, part: CachedThread, embed: EmbedRender | undefined) {
  const [before = '', after = ''] = (await renderHtml(reply, part, FORM_MARKER, embed)).split(FORM_MARKER);
  if (before.includes(TOKEN_MARKER) || after.includes(TOKEN_MARKER)) throw new Error('An anonymous page carries a CSRF token outside its form');
  return {
    before: withThread(before, part.threadHtml),
    after: Buffer.from(after),
    context: { head: part.head, page: part.page, stancePrompt: part.stancePrompt },
    expiresAt: part.expiresAt,
  };
}

/**
 * Renders the post page. The page is the same for every anonymous reader but for their CSRF token,
 * until something in it changes, so it comes from the cache when it can; a reply link's page is the
 * cached page of its comment with another form in it. A visitor with comments awaiting moderation
 * sees their own and gets a fresh thread, as does one who may still edit a comment of theirs; staff and a form with errors get a fresh page around the
 * cached thread. Given a stamp, the whole post is read only when a thread has to be rendered.
 */
export async function renderPostPage(
  app: FastifyInstance,
  reply: FastifyReply,
  post: PostStamp | PostWithAuthor,
  options: Partial<Omit<ThreadQuery, 'embed'>> & { form?: CommentFormState; status?: number; embedded?: EmbedRender } = {},
) {
  const embed = options.embedded;
  const query: ThreadQuery = {
    page: options.page ?? null,
    view: options.view ?? 'all',
    replyToId: options.replyToId ?? null,
    sort: options.sort ?? 'oldest',
    side: options.side ?? null,
    embed: embed !== undefined,
  };
  // The fields this browser asked to remember fill its empty form; a form sent back with errors keeps what was typed.
  const remembered = embed || options.form !== undefined || reply.request.user !== null ? null : readRememberedIdentity(reply.request);
  const form = options.form ?? (remembered ? rememberedForm(remembered) : EMPTY_FORM);
  let loading: Promise<PostWithAuthor> | undefined;
  const fullPost = () => (loading ??= loadFullPost(app.db, post));
  reply.code(options.status ?? 200);

  const heldIds = embed ? embed.heldIds : readHeldIds(reply.request);
  const ownIds = embed ? NO_OWN_IDS : await changeableOwnIds(app, reply, post.id);
  if (heldIds.length > 0 || ownIds.size > 0) {
    // Rendered for this browser alone (its held comments, or Edit and Delete on its own): no cache may keep it.
    reply.header('cache-control', 'private, no-store');
    const { part, replyTo } = await renderThread(app, await fullPost(), heldIds, query, reply.request.site, ownIds);
    return sendPage(reply, await renderPieces(reply, part, replyTo, form, embed));
  }
  // Every other request comes to one of the thread's pages and views: at most one render each per version.
  const { page, replyTo } = await resolveThreadQuery(app, post, query);
  const shared: ThreadQuery = { ...query, page, replyToId: null };
  // Read only when a page has to be rendered: a cached page or frame holds what it needs.
  const part = () => cachedThread(app, post, shared, fullPost, reply.request.site);
  if (remembered) reply.header('cache-control', 'private, no-store');
  // A page with a form of its own (errors, staff, remembered fields) is never one of the cached pages: only the thread is shared.
  if (options.form !== undefined || reply.request.user !== null || remembered) {
    return sendPage(reply, await renderPieces(reply, await part(), replyTo, form, embed));
  }
  // The head's canonical and Open Graph addresses are absolute: one page per origin it is asked for.
  const key = `${threadCacheKey(post, shared)}|${post.author_name}|${siteOrigin(reply.request, app.config.siteUrl)}|${embed?.key ?? ''}`;
  if (replyTo === null) {
    return sendCachedPage(reply, key, async () => {
      const thread = await part();
      return { pieces: await renderPieces(reply, thread, null, EMPTY_FORM, embed), expiresAt: thread.expiresAt };
    });
  }
  const fill = (place: FormPlace) =>
    renderForm(app, place, replyTo, EMPTY_FORM, null, embed !== undefined)
      .split(TOKEN_MARKER)
      .map((piece) => Buffer.from(piece));
  return sendCachedFrame(reply, key, async () => renderFrame(reply, await part(), embed), fill);
}
