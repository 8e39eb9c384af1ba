// What a post page says about itself in <head>: description, canonical address, feed, Open Graph and Twitter card. Pure.
import { threadHref } from './thread-view.js';

/** Search engines show about this much of a description. */
const DESCRIPTION_CHARS = 200;

interface MetaPost {
  slug: string;
  title: string;
  excerpt: string;
  authorName: string;
  publishedAt: string | null;
}

/** A description cut at a word, with an ellipsis when it was cut. */
function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= DESCRIPTION_CHARS) return flat;
  const cut = flat.lastIndexOf(' ', DESCRIPTION_CHARS - 1);
  return `${flat.slice(0, cut > 0 ? cut : DESCRIPTION_CHARS - 1)}…`;
}

/** The head of the post page at one thread page; `origin` makes the shared addresses absolute. */
export function buildPostMeta(origin: string, post: MetaPost, page: number, siteName: string) {
  const postPath = `/posts/${encodeURIComponent(post.slug)}`;
  const description = shorten(post.excerpt) || `${post.title}, a debate on ${siteName}`;
  const url = origin + threadHref(postPath, { page, view: 'all' });
  return {
    description,
    canonicalHref: url,
    postFeed: { href: `${postPath}/feed`, title: `Comments on “${post.title}”` },
    openGraph: [
      { property: 'og:type', content: 'article' },
      { property: 'og:site_name', content: siteName },
      { property: 'og:title', content: post.title },
      { property: 'og:description', content: description },
      { property: 'og:url', content: url },
      ...(post.publishedAt ? [{ property: 'article:published_time', content: post.publishedAt }] : []),
      { property: 'article:author', content: post.authorName },
    ],
    twitterCard: [
      { name: 'twitter:card', content: 'summary' },
      { name: 'twitter:title', content: post.title },
      { name: 'twitter:description', content: description },
    ],
  };
}
