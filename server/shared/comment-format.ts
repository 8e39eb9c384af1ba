import { escapeHtml } from './html.js';

/**
 * Comment text is plain text, never markup: everything is escaped first, then a few shapes a reader
 * types without thinking (blank-line paragraphs, line breaks, "> " quotes, "- " / "1. " / "# " lists,
 * bare URLs) become HTML the server wrote itself.
 */

// Matched on escaped text: an escaped quote or angle bracket ends the URL as the raw character would.
const URL_PATTERN = /\bhttps?:\/\/(?:(?!&quot;|&#39;|&lt;|&gt;|&#96;)[^\s<>"'`])+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;
const BULLET = /^\s*(?:[-*•]|#)\s+(.*)$/;
const NUMBERED = /^\s*(\d{1,3})[.)]\s+(.*)$/;
const QUOTE = /^\s*>\s?(.*)$/;
const MAX_AUTOLINK_LENGTH = 2000;

type Block =
  { kind: 'p'; lines: string[] } | { kind: 'quote'; lines: string[] } | { kind: 'ul'; items: string[] } | { kind: 'ol'; items: string[]; start: number };

/** The host a URL really goes to: after any user@ part, which can make one host look like another. Pure. */
export function linkHost(url: string): string {
  const authority = /^[a-z]+:\/\/([^/?#]*)/i.exec(url)?.[1] ?? '';
  return authority.slice(authority.lastIndexOf('@') + 1).replace(/:\d*$/, '');
}

/** How bare URLs come out: links for readers, inert text with the host beside it for a moderator's queue. */
type LinkStyle = 'link' | 'inert';

function autolink(escapedLine: string, style: LinkStyle): string {
  // Runs on escaped text, so a URL can never carry markup; &amp; inside it is the escaped query separator.
  return escapedLine.replace(URL_PATTERN, (match) => {
    if (match.length > MAX_AUTOLINK_LENGTH) return match;
    const trail = TRAILING_PUNCTUATION.exec(match)?.[0] ?? '';
    const href = match.slice(0, match.length - trail.length);
    if (style === 'inert') return `<span class="inert-link">${href}</span> <span class="link-host">(goes to ${linkHost(href)})</span>${trail}`;
    return `<a href="${href}" rel="nofollow ugc noopener">${href}</a>${trail}`;
  });
}

function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const push = (block: Block) => blocks.push(block);
  let current: Block | null = null;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      current = null;
      continue;
    }
    const quote = QUOTE.exec(line);
    const bullet = BULLET.exec(line);
    const numbered = NUMBERED.exec(line);
    if (quote) {
      if (current?.kind !== 'quote') push((current = { kind: 'quote', lines: [] }));
      current.lines.push(quote[1] ?? '');
    } else if (bullet) {
      if (current?.kind !== 'ul') push((current = { kind: 'ul', items: [] }));
      current.items.push(bullet[1] ?? '');
    } else if (numbered) {
      if (current?.kind !== 'ol') push((current = { kind: 'ol', items: [], start: Number(numbered[1]) }));
      current.items.push(numbered[2] ?? '');
    } else if (current && (current.kind === 'ul' || current.kind === 'ol') && /^\s+/.test(line)) {
      // An indented line continues the list item above it.
      current.items[current.items.length - 1] += `\n${line.trim()}`;
    } else {
      if (current?.kind !== 'p') push((current = { kind: 'p', lines: [] }));
      current.lines.push(line);
    }
  }
  return blocks;
}

function renderLines(lines: string[], style: LinkStyle): string {
  return lines.map((line) => autolink(escapeHtml(line), style)).join('<br>\n');
}

function renderBlock(block: Block, style: LinkStyle): string {
  switch (block.kind) {
    case 'p':
      return `<p>${renderLines(block.lines, style)}</p>`;
    case 'quote':
      return `<blockquote><p>${renderLines(block.lines, style)}</p></blockquote>`;
    case 'ul':
      return `<ul>${block.items.map((i) => `<li>${renderLines(i.split('\n'), style)}</li>`).join('')}</ul>`;
    case 'ol': {
      const start = block.start === 1 ? '' : ` start="${block.start}"`;
      return `<ol${start}>${block.items.map((i) => `<li>${renderLines(i.split('\n'), style)}</li>`).join('')}</ol>`;
    }
  }
}

/** Normalises what a commenter typed: CRLF to LF, no NULs, no trailing spaces at the ends. */
export function normalizeCommentText(text: string): string {
  // NUL is removed because no column can store it.
  return text.replace(/\r\n?/g, '\n').replaceAll('\u0000', '').trim();
}

/** Renders plain comment text as safe HTML; `inert` prints URLs as text with their host, for the moderation queue. Pure. */
export function renderCommentHtml(text: string, style: LinkStyle = 'link'): string {
  return splitBlocks(normalizeCommentText(text))
    .map((block) => renderBlock(block, style))
    .join('\n');
}
