// robots.txt and sitemap.xml as text. Pure.
import { xmlText } from '../feed/atom-xml.js';
import type { SitemapPost } from './site.repository.js';

/** Crawlers may read every public page; staff pages, sign-in, search answers and reply-form copies of a thread are not pages to index. */
export function renderRobotsTxt(origin: string): string {
  return [
    'User-agent: *',
    'Disallow: /staff',
    'Disallow: /login',
    'Disallow: /search',
    'Disallow: /*?replytocom=',
    '',
    `Sitemap: ${origin}/sitemap.xml`,
    '',
  ].join('\n');
}

/** The front page and every published post, each with the time it last changed. */
export function renderSitemap(origin: string, posts: SitemapPost[]): string {
  const url = (loc: string, lastmod: string | null) => `<url><loc>${xmlText(loc)}</loc>${lastmod ? `<lastmod>${xmlText(lastmod)}</lastmod>` : ''}</url>`;
  const changed = posts.map((p) => (p.last_comment_at !== null && p.last_comment_at > p.updated_at ? p.last_comment_at : p.updated_at));
  const newest = changed.reduce<string | null>((a, b) => (a === null || b > a ? b : a), null);
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    url(`${origin}/`, newest),
    ...posts.map((p, i) => url(`${origin}/posts/${encodeURIComponent(p.slug)}`, changed[i]!)),
    '</urlset>',
    '',
  ].join('\n');
}
