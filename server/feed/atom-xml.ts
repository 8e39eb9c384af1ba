// Atom 1.0 (RFC 4287) written out as text: every value escaped, nothing taken as markup.

/** What XML 1.0 forbids anywhere in a document: C0 controls but tab, LF and CR, lone surrogates, U+FFFE and U+FFFF. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text fit for XML element content or a quoted attribute: forbidden characters dropped, markup escaped. Pure, linear. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch] ?? ch);
}

export interface AtomCategory {
  term: string;
  scheme: string;
  label: string;
}

export interface AtomEntry {
  id: string;
  title: string;
  href: string;
  published: string;
  updated: string;
  author: { name: string; uri: string | null };
  categories: AtomCategory[];
  /** HTML the site already made safe (sanitised post bodies, escaped comment text); sent escaped, as Atom's type="html" asks. */
  contentHtml: string;
  summary: string | null;
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle: string;
  selfHref: string;
  pageHref: string;
  updated: string;
  entries: AtomEntry[];
}

const element = (name: string, text: string, type?: 'text' | 'html') => `<${name}${type ? ` type="${type}"` : ''}>${xmlText(text)}</${name}>`;
const link = (rel: string, type: string, href: string) => `<link rel="${rel}" type="${type}" href="${xmlText(href)}"/>`;

function renderEntry(entry: AtomEntry): string {
  const author = `<author>${element('name', entry.author.name)}${entry.author.uri ? element('uri', entry.author.uri) : ''}</author>`;
  const categories = entry.categories.map((c) => `<category term="${xmlText(c.term)}" scheme="${xmlText(c.scheme)}" label="${xmlText(c.label)}"/>`);
  return [
    '<entry>',
    element('id', entry.id),
    element('title', entry.title, 'text'),
    link('alternate', 'text/html', entry.href),
    element('published', entry.published),
    element('updated', entry.updated),
    author,
    ...categories,
    entry.summary === null ? '' : element('summary', entry.summary, 'text'),
    element('content', entry.contentHtml, 'html'),
    '</entry>',
  ].join('\n');
}

/** The feed as an Atom document. Pure. */
export function renderAtomFeed(feed: AtomFeed): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    element('id', feed.id),
    element('title', feed.title, 'text'),
    element('subtitle', feed.subtitle, 'text'),
    link('self', 'application/atom+xml', feed.selfHref),
    link('alternate', 'text/html', feed.pageHref),
    element('updated', feed.updated),
    '<generator>Rejoinder</generator>',
    ...feed.entries.map(renderEntry),
    '</feed>',
    '',
  ].join('\n');
}
