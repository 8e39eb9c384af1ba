// The three feeds as Atom documents, from the rows the feed repository reads. Pure.
import { escapeHtml } from '../shared/html.js';
import type { Stance } from '../shared/stances.js';
import type { AtomEntry, AtomFeed } from './atom-xml.js';
import type { FeedComment, FeedPost } from './feed.repository.js';

/** Where the stance categories say their terms come from: the stance a comment takes toward the post's subject. */
const STANCE_SCHEME = 'https://rejoinder.invalid/stance';
const STANCE_WORDS: Record<Stance, (subject: string) => string> = {
  pro: (subject) => `For ${subject}`,
  against: (subject) => `Against ${subject}`,
  neutral: (subject) => `Neither for nor against ${subject}`,
};

/** What every feed is made with: the site's origin and name, and when it was rendered (the date of an empty feed). */
export interface FeedPlace {
  origin: string;
  siteName: string;
  /** The site's tagline, the posts feed's subtitle when there is one. */
  tagline: string;
  now: string;
}

const postPath = (slug: string) => `/posts/${encodeURIComponent(slug)}`;
/** The permalink route answers 303 to whichever thread page shows the comment now, so feed links survive paging. */
const commentPath = (c: FeedComment) => `${postPath(c.post_slug)}/comments/${c.id}`;
/** Opaque and permanent (RFC 4151 tag URIs): slugs can change, ids do not. */
const tagId = (place: FeedPlace, what: string) => `tag:${new URL(place.origin).hostname},2026:${what}`;

const newest = (dates: string[], fallback: string) => dates.reduce((a, b) => (b > a ? b : a), dates[0] ?? fallback);

/** The feed of the site's posts. */
export function buildPostsFeed(place: FeedPlace, posts: FeedPost[]): AtomFeed {
  const entries: AtomEntry[] = posts.map((p) => ({
    id: tagId(place, `post-${p.id}`),
    title: p.title,
    href: place.origin + postPath(p.slug),
    published: p.published_at ?? p.updated_at,
    updated: p.updated_at > (p.published_at ?? '') ? p.updated_at : (p.published_at ?? p.updated_at),
    author: { name: p.author_name, uri: null },
    categories: [],
    summary: p.excerpt === '' ? null : p.excerpt,
    contentHtml: p.body_html,
  }));
  return {
    id: tagId(place, 'posts'),
    title: place.siteName,
    subtitle: place.tagline || `Posts on ${place.siteName}`,
    selfHref: `${place.origin}/feed`,
    pageHref: `${place.origin}/`,
    updated: newest(
      entries.map((e) => e.updated),
      place.now,
    ),
    entries,
  };
}

function commentEntry(place: FeedPlace, c: FeedComment, stance: Stance | undefined): AtomEntry {
  const words = stance ? STANCE_WORDS[stance](c.subject_name) : null;
  // Readers seldom show categories, so the stance is also the first line of the entry.
  const stanceLine = words ? `<p><em>${escapeHtml(words)}</em></p>\n` : '';
  return {
    id: tagId(place, `comment-${c.id}`),
    title: `${c.author_name} on “${c.post_title}”`,
    href: place.origin + commentPath(c),
    published: c.created_at,
    updated: c.edited_at ?? c.created_at,
    author: { name: c.author_name, uri: c.author_url },
    categories: stance && words ? [{ term: stance, scheme: STANCE_SCHEME, label: words }] : [],
    summary: null,
    contentHtml: stanceLine + c.body_html,
  };
}

/** The feed of recent comments, the whole site's (post null) or one post's. */
export function buildCommentsFeed(
  place: FeedPlace,
  post: { id: number; slug: string; title: string } | null,
  comments: FeedComment[],
  stances: ReadonlyMap<number, Stance>,
): AtomFeed {
  const entries = comments.map((c) => commentEntry(place, c, stances.get(c.id)));
  return {
    id: tagId(place, post ? `post-${post.id}-comments` : 'comments'),
    title: post ? `Comments on “${post.title}”` : `Comments on ${place.siteName}`,
    subtitle: post ? `The newest responses to “${post.title}”` : `The newest responses on ${place.siteName}`,
    selfHref: place.origin + (post ? `${postPath(post.slug)}/feed` : '/comments/feed'),
    pageHref: place.origin + (post ? postPath(post.slug) : '/'),
    updated: newest(
      entries.map((e) => e.updated),
      place.now,
    ),
    entries,
  };
}
