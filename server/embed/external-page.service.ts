import { createHash } from 'node:crypto';
import { withWriteTransaction, type Db } from '../db/database.js';
import type { PostStamp } from '../post/post.repository.js';
import { slugify } from '../post/post-markdown.js';
import { normalisePageUrl } from '../settings/embed-origins.js';
import type { EmbedSettings } from '../settings/embed-settings.js';
import { controlCharProblem } from '../shared/single-line.js';
import {
  countExternalPagesSince,
  findExternalPageStamp,
  findPageOwnerId,
  findPostIdByPageUrl,
  insertExternalPage,
  isSlugTaken,
} from './external-page.repository.js';

export const PAGE_TITLE_MAX_CHARS = 200;
const HOUR_MS = 3600_000;

/** Why a page gets no thread: what the frame says, and the status it answers with. */
export interface PageRefusal {
  status: number;
  message: string;
}

export interface PageRequest {
  /** The page address embed.js sends (data-page, or the host page's own address). */
  page: string;
  title: string;
  /** The origin of the document that asked (Referer or Origin), when the browser said. */
  askingOrigin: string | null;
}

/** A title as a thread's: one line, trimmed, cut at PAGE_TITLE_MAX_CHARS; the page's path when empty. Pure. */
export function pageTitleOf(raw: string, url: string): string {
  // eslint-disable-next-line no-control-regex -- line breaks and controls in a page's title become spaces
  const line = controlCharProblem(raw, 'title') === null ? raw : raw.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
  const title = line.replace(/\s+/g, ' ').trim();
  return [...(title || new URL(url).pathname)].slice(0, PAGE_TITLE_MAX_CHARS).join('');
}

/** Whether an origin may show threads, and the page URL it asks for is its own; the reason otherwise. Pure. */
export function checkPageRequest(settings: EmbedSettings, request: PageRequest): { url: string; origin: string } | PageRefusal {
  const page = normalisePageUrl(request.page, settings.keepQuery);
  if (!page.ok) return { status: 400, message: page.message };
  if (!settings.origins.includes(page.value.origin)) {
    return { status: 403, message: `${page.value.origin} is not on this site's list of sites allowed to embed discussions.` };
  }
  if (request.askingOrigin !== null && !settings.origins.includes(request.askingOrigin)) {
    return { status: 403, message: `${request.askingOrigin} is not on this site's list of sites allowed to embed discussions.` };
  }
  return page.value;
}

/**
 * The published thread of an allowed page, created on its first view (filed under the first admin, titled
 * from the page, subject to be named by staff). An origin creates at most newPagesPerHour threads an hour:
 * anyone can make up URLs on an allowed site, and each would otherwise become a post.
 */
export async function findOrCreateExternalPage(db: Db, settings: EmbedSettings, request: PageRequest, now: Date): Promise<PostStamp | PageRefusal> {
  const checked = checkPageRequest(settings, request);
  if ('status' in checked) return checked;
  const existing = await findExternalPageStamp(db, checked.url);
  if (existing) return existing;
  const created = await withWriteTransaction(db, async (tx): Promise<'created' | PageRefusal> => {
    if ((await findPostIdByPageUrl(tx, checked.url)) !== undefined) return 'created';
    const since = new Date(now.getTime() - HOUR_MS).toISOString();
    if ((await countExternalPagesSince(tx, checked.origin, since)) >= settings.newPagesPerHour) {
      return { status: 429, message: 'Too many new pages from this site in the last hour; this page gets its discussion later.' };
    }
    const ownerId = await findPageOwnerId(tx);
    if (ownerId === undefined) return { status: 503, message: 'This discussion site has no staff account yet.' };
    const title = pageTitleOf(request.title, checked.url);
    const hash = createHash('sha256').update(checked.url).digest('hex');
    let slug = `${slugify(title).slice(0, 60).replace(/-+$/, '')}-${hash.slice(0, 8)}`;
    if (await isSlugTaken(tx, slug)) slug = `page-${hash.slice(0, 24)}`;
    const at = now.toISOString();
    await insertExternalPage(tx, {
      slug,
      title,
      body_raw: '',
      body_html: '',
      excerpt: '',
      author_id: ownerId,
      status: 'published',
      subject_name: '',
      subject_aliases: '[]',
      author_stance: null,
      moderation_mode: 'open',
      kind: 'external_page',
      page_url: checked.url,
      page_origin: checked.origin,
      published_at: at,
      created_at: at,
      updated_at: at,
    });
    return 'created';
  });
  if (created !== 'created') return created;
  // A page staff turned into a draft stays without a thread.
  return (await findExternalPageStamp(db, checked.url)) ?? { status: 404, message: 'This page’s discussion is closed.' };
}
