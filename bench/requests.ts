// What the benchmark sends: the one-off checks that a page shows its whole thread, and the comment POSTs.
import type { SeededPost } from './bench-data.js';
import { createRandom, generateCommentBody } from './bench-text.js';
import type { ServerProcess } from './server-process.js';

/** Share of benchmark POSTs that reply to an existing comment rather than start a thread. */
const REPLY_SHARE = 0.3;

/** Fetches a page once and checks it shows the whole thread, so the load test measures real work. */
export async function checkThreadShown(server: ServerProcess, slug: string, size: number): Promise<number> {
  const page = await fetch(`${server.baseUrl}/posts/${slug}`);
  const html = await page.text();
  const shown = html.match(/<li id="comment-\d+"/g)?.length ?? 0;
  if (page.status !== 200 || shown !== size) throw new Error(`/posts/${slug}: status ${page.status}, ${shown} of ${size} comments shown`);
  const api = await fetch(`${server.baseUrl}/api/posts/${slug}`);
  const json = (await api.json()) as { response_count?: number };
  if (api.status !== 200 || json.response_count !== size) throw new Error(`/api/posts/${slug}: status ${api.status}, response_count ${json.response_count}`);
  return Buffer.byteLength(html);
}

/** What a reader's browser holds after opening the page: the visitor cookie and the form's CSRF token. */
export async function openCommentForm(server: ServerProcess, slug: string): Promise<{ cookie: string; token: string }> {
  const page = await fetch(`${server.baseUrl}/posts/${slug}`);
  const html = await page.text();
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter((c) => c.startsWith('rj_visitor='))
    .join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!cookie || !token) throw new Error(`/posts/${slug} gave no visitor cookie or CSRF token to post with`);
  return { cookie, token };
}

/**
 * Comment POSTs as many readers send them through a proxy: each from its own address (X-Forwarded-For,
 * which the benchmark server trusts from loopback), so the per-address throttle applies at its default.
 */
export function commentPoster(post: SeededPost, csrfToken: string, seed: number): () => { body: string; headers: Record<string, string> } {
  const random = createRandom(seed);
  let n = 0;
  return () => {
    n += 1;
    const replyTo = random() < REPLY_SHARE ? post.commentIds[Math.floor(random() * post.commentIds.length)] : undefined;
    const body = new URLSearchParams({
      _csrf: csrfToken,
      author_name: `Bench Reader ${n}`,
      author_email: `bench-reader-${n}@example.com`,
      author_url: '',
      body: generateCommentBody(random, null),
      parent_id: replyTo === undefined ? '' : String(replyTo),
    }).toString();
    return { body, headers: { 'x-forwarded-for': readerAddress(n) } };
  };
}

/** Share of ?replytocom values that name no comment of the post (any number a visitor may type). */
const UNKNOWN_REPLY_SHARE = 0.1;

/** GETs of a post with a random ?replytocom each: mostly its own comments, some numbers that are none of them. */
export function replyToComPaths(post: SeededPost, seed: number): () => { path: string } {
  const random = createRandom(seed);
  const ids = post.commentIds;
  const beyond = Math.max(...ids) + 1;
  return () => {
    const id = random() < UNKNOWN_REPLY_SHARE ? beyond + Math.floor(random() * 1e9) : ids[Math.floor(random() * ids.length)];
    return { path: `/posts/${post.slug}?replytocom=${id}` };
  };
}

/** The nth reader's address, from the documentation range 198.18.0.0/15 (benchmarking, RFC 2544). */
function readerAddress(n: number): string {
  return `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}`;
}
