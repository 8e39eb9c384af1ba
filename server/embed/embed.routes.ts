import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findCommentPlacement } from '../comment/comment.repository.js';
import { locateCommentPage } from '../comment/comment-permalink.js';
import { readHeldParam } from '../comment/held-cookie.js';
import { NotFound } from '../errors.js';
import { findPublishedPostStampBySlug } from '../post/post.repository.js';
import { requirePublishedPost } from '../post/post-lookup.js';
import { originOfHeader } from '../settings/embed-origins.js';
import { currentEmbedSettings, embedSettingsVersion } from '../settings/embed-settings-cache.js';
import { renderThemeCss } from '../settings/embed-settings.js';
import { parseId, parseSlug } from '../shared/params.js';
import { prepareEmbedFrame } from '../thread/embed-frame.js';
import { renderPostPage } from '../thread/post-page-render.js';
import { parseThreadQuery } from '../thread/thread-query.js';
import { commentHref, postPathOf } from '../thread/thread-view.js';
import { loadEmbedScript } from './embed-script.js';
import { findOrCreateExternalPage, type PageRefusal } from './external-page.service.js';

const ONE_YEAR_S = 365 * 24 * 3600;
/** The stable /embed.js: a site owner's snippet never changes, so browsers check back for a new version hourly. */
const SCRIPT_MAX_AGE_S = 3600;

type Query = { Querystring: Record<string, unknown> };

/** The page address and title a request names (the first of each), as strings. */
function pageParams(query: Record<string, unknown>): { page: string; title: string } {
  const first = (v: unknown): unknown => (Array.isArray(v) ? (v as unknown[])[0] : v);
  const page = first(query.page);
  const title = first(query.title);
  return { page: typeof page === 'string' ? page : '', title: typeof title === 'string' ? title : '' };
}

/** The origin of the document asking, as the browser gives it; our own origin counts as none (the frame reloading itself). */
function askingOrigin(request: FastifyRequest): string | null {
  const origin = originOfHeader(request.headers.origin) ?? originOfHeader(request.headers.referer);
  return origin === `${request.protocol}://${request.host}` ? null : origin;
}

/**
 * Says in the frame why there is no thread. Any site may frame this one answer: it holds no form and
 * nothing of the site's, and a site that is refused would otherwise see only the browser's own error.
 */
async function sendRefusal(reply: FastifyReply, refusal: PageRefusal) {
  reply.code(refusal.status).header('content-security-policy', "default-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors *");
  reply.removeHeader('x-frame-options');
  const html = await reply.embedViewAsync('pages/embed-refused.hbs', {
    title: 'No discussion here',
    message: refusal.message,
    siteHref: '/',
    themeHref: '/embed/theme.css',
  });
  return reply.type('text/html; charset=utf-8').send(html);
}

export default async function embedRoutes(app: FastifyInstance): Promise<void> {
  const script = loadEmbedScript();

  // GET /embed?page=URL&title=T : the framed thread of a page on an allowed site, created on its first view.
  app.get<Query>('/embed', async (request, reply) => {
    const { embedded, settings } = await prepareEmbedFrame(app, reply, []);
    const found = await findOrCreateExternalPage(app.db, settings, { ...pageParams(request.query), askingOrigin: askingOrigin(request) }, app.clock());
    if ('status' in found) return sendRefusal(reply, found);
    return renderPostPage(app, reply, found, { ...parseThreadQuery(request.query), embedded });
  });

  // GET /embed/posts/:slug : the framed thread by its post (reply links, pages, the page after posting; ?held= shows a held comment).
  app.get<{ Params: { slug: string } } & Query>('/embed/posts/:slug', async (request, reply) => {
    const post = await findPublishedPostStampBySlug(app.db, parseSlug(request.params.slug));
    if (!post) throw new NotFound('There is no discussion at this address.');
    const { embedded } = await prepareEmbedFrame(app, reply, readHeldParam(app.config.secret, post.id, request.query.held));
    return renderPostPage(app, reply, post, { ...parseThreadQuery(request.query), embedded });
  });

  // GET /embed/posts/:slug/comments/:id : 303 to the framed page and anchor that show a comment.
  app.get<{ Params: { slug: string; id: string } }>('/embed/posts/:slug/comments/:id', async (request, reply) => {
    const post = await requirePublishedPost(app.db, request.params.slug);
    const id = parseId(request.params.id, 'comment id');
    const comment = await findCommentPlacement(app.db, id);
    if (!comment || comment.post_id !== post.id || comment.status !== 'approved') throw new NotFound('There is no such comment on this post.');
    return reply.redirect(commentHref(post.slug, await locateCommentPage(app.db, post.id, id, app.config.commentsPerPage), id, true), 303);
  });

  // GET /embed/go?page=URL : the <noscript> link: 303 to the page's thread on this site (created as a framed view would).
  app.get<Query>('/embed/go', async (request, reply) => {
    const settings = await currentEmbedSettings(app.db);
    const found = await findOrCreateExternalPage(app.db, settings, { ...pageParams(request.query), askingOrigin: askingOrigin(request) }, app.clock());
    if ('status' in found) return sendRefusal(reply, found);
    return reply.redirect(postPathOf(found.slug), 303);
  });

  // GET /embed/theme.css?v=VERSION : the frame's colours and font from the settings (immutable per version).
  app.get<Query>('/embed/theme.css', async (request, reply) => {
    const settings = await currentEmbedSettings(app.db);
    const current = request.query.v === embedSettingsVersion(settings);
    reply.header('cache-control', current ? `public, max-age=${ONE_YEAR_S}, immutable` : 'no-cache');
    return reply.type('text/css; charset=utf-8').send(renderThemeCss(settings.theme));
  });

  // GET /embed.js : the script of the snippet (checked hourly; ETag is its hash). GET /embed.HASH.js : the same, immutable.
  const sendScript = (reply: FastifyReply, cache: string) =>
    // Loaded by other sites' pages with <script src>: the same-origin resource policy would block it.
    reply.type('text/javascript; charset=utf-8').header('cross-origin-resource-policy', 'cross-origin').header('cache-control', cache).send(script.body);
  app.get('/embed.js', async (request, reply) => {
    reply.header('etag', `"${script.hash}"`);
    if (request.headers['if-none-match'] === `"${script.hash}"`) return reply.code(304).send();
    return sendScript(reply, `public, max-age=${SCRIPT_MAX_AGE_S}`);
  });
  app.get(`/embed.${script.hash}.js`, async (_request, reply) => sendScript(reply, `public, max-age=${ONE_YEAR_S}, immutable`));
}
