// Which post a Disqus thread may belong to, read from what the thread names: its link (a page of this site, an
// old WordPress permalink, an embedding site's page) and its identifier (WordPress's Disqus plugin writes
// "123 http://blog.example/?p=123"). Pure; the service tries the candidates against the database in order.
import type { DisqusThread } from './disqus-reader.js';

export interface ThreadCandidates {
  /** Full page URLs, for threads of pages on an embedding site. */
  urls: string[];
  /** Path and query as an old permalink was requested ("/2009/04/17/slug/", "/?p=123"). */
  paths: string[];
  /** Slugs the link or identifier names ("/posts/slug", the last part of a permalink, a bare identifier). */
  slugs: string[];
}

const POST_PAGE = /^\/posts\/([^/]+)\/?$/;
const NUMERIC = /^\d{1,12}$/;

function parse(raw: string): URL | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function addUrl(into: ThreadCandidates, url: URL): void {
  url.hash = '';
  into.urls.push(url.href);
  if (url.search !== '') into.urls.push(url.href.slice(0, url.href.length - url.search.length));
  into.paths.push(url.pathname + url.search);
  if (url.search !== '') into.paths.push(url.pathname);
  const page = POST_PAGE.exec(url.pathname);
  const last = url.pathname
    .split('/')
    .filter((p) => p !== '')
    .pop();
  if (page) into.slugs.push(decoded(page[1]!));
  else if (last !== undefined) into.slugs.push(decoded(last).replace(/\.html?$/i, ''));
}

/** Every address and slug the thread names, most specific first, without repeats. */
export function threadCandidates(thread: Pick<DisqusThread, 'link' | 'identifier'>): ThreadCandidates {
  const found: ThreadCandidates = { urls: [], paths: [], slugs: [] };
  const link = parse(thread.link);
  if (link) addUrl(found, link);
  for (const token of thread.identifier.split(/\s+/).filter((t) => t !== '')) {
    const url = parse(token);
    if (url) addUrl(found, url);
    else if (NUMERIC.test(token)) found.paths.push(`/?p=${token}`);
    else found.slugs.push(token);
  }
  const unique = (list: string[]) => [...new Set(list)].filter((s) => s !== '' && s !== '/' && s.length <= 500);
  return { urls: unique(found.urls), paths: unique(found.paths), slugs: unique(found.slugs) };
}
