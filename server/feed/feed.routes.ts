// The site's Atom feeds: its posts, all recent comments, and one post's comments.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { NotFound } from '../errors.js';
import { sendCachedDocument } from '../page-cache/document-sender.js';
import { findPublishedPostStampBySlug, findPublishedPostBySlug } from '../post/post.repository.js';
import { parseSlug } from '../shared/params.js';
import { siteOrigin } from '../shared/site-url.js';
import type { Stance } from '../shared/stances.js';
import { currentRowsByComment } from '../stance/label-precedence.js';
import { listContextLabels } from '../stance/stance.repository.js';
import { renderAtomFeed } from './atom-xml.js';
import { buildCommentsFeed, buildPostsFeed, type FeedPlace } from './feed-entries.js';
import { listFeedComments, listFeedPosts, readPublishedStamp, type FeedComment } from './feed.repository.js';

const FEED_POSTS = 20;
const FEED_COMMENTS = 50;
const ATOM = 'application/atom+xml; charset=utf-8';

/** Each comment's current stance (moderator over self over classifier), from one query. */
async function loadStances(app: FastifyInstance, comments: FeedComment[]): Promise<Map<number, Stance>> {
  const rows = currentRowsByComment(
    await listContextLabels(
      app.db,
      comments.map((c) => c.id),
    ),
  );
  return new Map([...rows].map(([id, row]) => [id, row.label]));
}

export default async function feedRoutes(app: FastifyInstance): Promise<void> {
  const placeOf = (reply: FastifyReply): FeedPlace => ({
    origin: siteOrigin(reply.request, app.config.siteUrl),
    siteName: reply.request.site.settings.siteName,
    tagline: reply.request.site.settings.tagline,
    now: app.clock().toISOString(),
  });

  // GET /feed : the newest published posts.
  app.get('/feed', async (_request, reply) => {
    const place = placeOf(reply);
    const key = `feed|posts|${place.origin}|${await readPublishedStamp(app.db)}`;
    return sendCachedDocument(reply, key, ATOM, async () => renderAtomFeed(buildPostsFeed(place, await listFeedPosts(app.db, FEED_POSTS))));
  });

  // GET /comments/feed : the newest approved comments on every published post.
  app.get('/comments/feed', async (_request, reply) => {
    const place = placeOf(reply);
    const key = `feed|comments|${place.origin}|${await readPublishedStamp(app.db)}`;
    return sendCachedDocument(reply, key, ATOM, async () => {
      const comments = await listFeedComments(app.db, null, FEED_COMMENTS);
      return renderAtomFeed(buildCommentsFeed(place, null, comments, await loadStances(app, comments)));
    });
  });

  // GET /posts/:slug/feed : the newest approved comments on one post.
  app.get<{ Params: { slug: string } }>('/posts/:slug/feed', async (request, reply) => {
    const stamp = await findPublishedPostStampBySlug(app.db, parseSlug(request.params.slug));
    if (!stamp) throw new NotFound('There is no post at this address.');
    const place = placeOf(reply);
    const key = `feed|post|${place.origin}|${stamp.id}|${stamp.thread_version}|${stamp.updated_at}`;
    return sendCachedDocument(reply, key, ATOM, async () => {
      const post = await findPublishedPostBySlug(app.db, stamp.slug);
      if (!post) throw new NotFound('There is no post at this address.');
      const comments = await listFeedComments(app.db, post.id, FEED_COMMENTS);
      return renderAtomFeed(buildCommentsFeed(place, post, comments, await loadStances(app, comments)));
    });
  });
}
