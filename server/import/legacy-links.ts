// Old WordPress addresses of imported posts. Fragments (#comment-456) never reach a server, so an old link lands on
// /posts/SLUG/from-wordpress first, whose script reads the fragment and asks for the comment by its old id.
import type { DbOrTx } from '../db/database.js';
import { findPublishedSlugByLegacyPath } from './import.repository.js';

/** Where a comment with an old WordPress id is asked for, from the landing page's script. */
export const OLD_COMMENT_PREFIX = 'wordpress-comments';

const COMMENT_PAGE = /\/comment-page-\d+\/?$/;
const MAX_PATH_CHARS = 500;

/**
 * The addresses a request may have been stored under: as asked, with and without its trailing slash, and
 * without WordPress's /comment-page-N/ of a paged thread. Pure.
 */
export function legacyPathCandidates(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://legacy.invalid');
  } catch {
    return [];
  }
  const base = parsed.pathname.replace(COMMENT_PAGE, '/');
  const variants = [parsed.pathname + parsed.search, base + parsed.search];
  if (parsed.search === '') variants.push(base.endsWith('/') ? base.slice(0, -1) : `${base}/`);
  return [...new Set(variants)].filter((p) => p !== '' && p !== '/' && p.length <= MAX_PATH_CHARS);
}

/** The slug of the published post an old address names, or undefined. */
export async function findLegacyPost(db: DbOrTx, url: string): Promise<string | undefined> {
  return findPublishedSlugByLegacyPath(db, legacyPathCandidates(url));
}

/** The landing address an old link answers 301 to: the browser keeps the old #comment-N on it. */
export function landingHref(slug: string): string {
  return `/posts/${slug}/from-wordpress`;
}
