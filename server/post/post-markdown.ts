import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { FormInvalid } from '../errors.js';

const markdown = new Marked({ gfm: true, breaks: false, async: false });

// Markdown may carry raw HTML; whatever marked produces passes this allow-list before it is stored.
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'p',
    'blockquote',
    'ul',
    'ol',
    'li',
    'pre',
    'code',
    'em',
    'strong',
    'del',
    's',
    'a',
    'img',
    'hr',
    'br',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'sup',
    'sub',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title', 'width', 'height', 'loading'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: {
    h1: 'h2',
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener' }),
    img: sanitizeHtml.simpleTransform('img', { loading: 'lazy' }),
  },
};

/**
 * How deep quotes and lists may nest. marked parses each level with a few nested calls: a post of
 * 2,000 nested `> ` or 1,000 `> 1. ` overflowed its stack after seconds of work (a 500). No prose
 * nests past a handful of levels.
 */
export const MAX_MARKDOWN_NESTING = 64;

const isBlank = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\r';

/** Length of a list marker (`-`, `*`, `+`, `1.`, `1)`) at `at`, followed by a blank or the line's end; 0 if none. */
function listMarkerAt(line: string, at: number): number {
  const c = line[at];
  if (c === '-' || c === '*' || c === '+') return isBlank(line[at + 1]) ? 1 : 0;
  let end = at;
  while (end - at < 9 && line[end]! >= '0' && line[end]! <= '9') end++;
  if (end === at || (line[end] !== '.' && line[end] !== ')')) return 0;
  return isBlank(line[end + 1]) ? end + 1 - at : 0;
}

/**
 * An upper bound on how deep the quotes and lists of a Markdown text nest: for each line, the quote
 * and list markers that open it plus its indentation in two-column steps (the least a nested list
 * item needs), fenced code left out. One pass over the text. Pure.
 */
export function markdownNestingDepth(text: string): number {
  let deepest = 0;
  let fence: string | null = null;
  for (const line of text.split('\n')) {
    let at = 0;
    let columns = 0;
    while (line[at] === ' ' || line[at] === '\t') columns = line[at++] === '\t' ? columns + 4 - (columns % 4) : columns + 1;
    let depth = Math.floor(columns / 2);
    for (;;) {
      while (line[at] === ' ' || line[at] === '\t') at++;
      if (line[at] === '>') {
        at++;
      } else {
        const marker = listMarkerAt(line, at);
        if (marker === 0) break;
        at += marker;
      }
      depth++;
    }
    const rest = line.slice(at, at + 3);
    if (fence !== null) {
      if (rest === fence) fence = null;
      continue;
    }
    if (rest === '```' || rest === '~~~') fence = rest;
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

/** Renders a post's Markdown to HTML that is safe to print unescaped; the form refuses deeper nesting first. */
export function renderPostMarkdown(raw: string): string {
  const depth = markdownNestingDepth(raw);
  if (depth > MAX_MARKDOWN_NESTING) throw new FormInvalid({ body: nestingMessage(depth) });
  const html = markdown.parse(raw) as string;
  return sanitizeHtml(html, SANITIZE);
}

const BLOCK_END = /<\/(?:p|h[1-6]|li|blockquote|pre|div|tr|td|th|dt|dd|figcaption)>|<br\s*\/?>/gi;
// Sanitized HTML closes every heading it opens, so each match ends at its own heading's end.
const HEADING = /<h([1-6])\b[^>]*>[\s\S]*?<\/h\1>/gi;

/**
 * The plain text of rendered HTML for excerpts, whitespace collapsed: blocks end in a space, so a heading never runs
 * into the next paragraph's first word, and headings are left out (an excerpt is the post's opening prose) unless
 * they are all there is.
 */
export function plainTextOf(html: string): string {
  const spaced = html.replace(BLOCK_END, '$& ');
  const prose = textOf(spaced.replace(HEADING, ' '));
  return prose !== '' ? prose : textOf(spaced);
}

function textOf(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** A URL slug from a title: lower-case ASCII words joined by hyphens, at most 80 characters. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug === '' ? 'post' : slug;
}

/** What the editor says beside a body that nests too deep. */
export function nestingMessage(depth: number): string {
  return `Quotes and lists nest ${depth} levels deep here; at most ${MAX_MARKDOWN_NESTING} can be shown`;
}

const EXCERPT_CHARS = 220;

/** The first words of a text, cut at a word boundary, for listings. */
export function excerptOf(text: string, max = EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  return `${flat.slice(0, flat.lastIndexOf(' ', max))}…`;
}
