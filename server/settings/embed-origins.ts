// Origins and page URLs as the embed compares them: one spelling for each, so a list lookup is an equality.

/** The longest page URL a thread is made for; beyond it the frame says so and nothing is stored. */
export const PAGE_URL_MAX_CHARS = 500;
export const ORIGIN_MAX_CHARS = 200;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const WEB_SCHEMES = new Set(['http:', 'https:']);

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/**
 * An allowed origin as typed by an admin, normalised to scheme://host[:port] (lower case, punycode, default
 * port dropped). A path (other than "/"), query, fragment, user name or password is refused, not dropped, so
 * the list says exactly what is allowed. Wildcards are refused: `*.example` would let any subdomain, including
 * ones other people control, frame the threads and create pages; each site is listed on its own. Pure.
 */
export function normaliseOrigin(raw: string): Parsed<string> {
  const text = raw.trim();
  if (text === '') return { ok: false, message: 'An empty line is not an origin' };
  if (text.length > ORIGIN_MAX_CHARS) return { ok: false, message: `“${text.slice(0, 40)}…” is longer than ${ORIGIN_MAX_CHARS} characters` };
  if (text.includes('*')) return { ok: false, message: `“${text}”: wildcards are not allowed; list each site on its own line` };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return { ok: false, message: `“${text}”: start with https:// (or http://)` };
  const url = parseUrl(text);
  if (!url || !WEB_SCHEMES.has(url.protocol)) return { ok: false, message: `“${text}” is not an http:// or https:// address` };
  if (url.username !== '' || url.password !== '') return { ok: false, message: `“${text}”: a user name or password has no place in an origin` };
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || /[?#]/.test(text)) {
    return { ok: false, message: `“${text}”: only the scheme, host and port, without a path (${url.origin})` };
  }
  return { ok: true, value: url.origin };
}

/** A page URL's normalised form (scheme, host, port, path; the query only if kept) and its origin. Pure. */
export function normalisePageUrl(raw: string, keepQuery: boolean): Parsed<{ url: string; origin: string }> {
  if (raw.length > PAGE_URL_MAX_CHARS) return { ok: false, message: `The page address is longer than ${PAGE_URL_MAX_CHARS} characters.` };
  const url = parseUrl(raw);
  if (!url || !WEB_SCHEMES.has(url.protocol)) return { ok: false, message: 'The page address is not an http:// or https:// URL.' };
  if (url.username !== '' || url.password !== '') return { ok: false, message: 'The page address carries a user name or password.' };
  url.hash = '';
  if (!keepQuery) url.search = '';
  const normal = url.href;
  if (normal.length > PAGE_URL_MAX_CHARS) return { ok: false, message: `The page address is longer than ${PAGE_URL_MAX_CHARS} characters.` };
  return { ok: true, value: { url: normal, origin: url.origin } };
}

/** The origin of a Referer or Origin header, or null when it names none. Pure. */
export function originOfHeader(value: string | undefined): string | null {
  if (!value || value === 'null') return null;
  const url = parseUrl(value);
  return url && WEB_SCHEMES.has(url.protocol) ? url.origin : null;
}
