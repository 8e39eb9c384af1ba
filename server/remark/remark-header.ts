// The "By" block that ends each copied remark: a byline, the name line (name and headline run
// together), an optional posted label, and an optional "# Name" line heading the next remark.

import { knownNameLength, type KnownNames } from './name-headline.js';
import { lineAt, nextNonBlank } from './paste-text.js';
import { isPostedLabelLine, tidyPostedLabel } from './posted-label.js';

/** A name line longer than this is remark text that happens to follow a "By". */
const MAX_NAME_LINE_CHARS = 300;
const MAX_HEADLINE_LINE_CHARS = 245;
const MAX_HEADING_CHARS = 100;
const MAX_HEADING_WORDS = 6;

const BY_ALONE = /^By:?$/i;
// Case-sensitive on purpose: "By the way…" and "by then" start sentences, "By Jane Doe" a byline.
const BY_INLINE = /^By\s+(\S.*)$/;
const HEADING = /^#{1,6}\s+(.+)$/;

export interface Header {
  nameLine: string;
  headlineLine: string | null;
  labelLine: string | null;
}

export interface HeaderRead {
  header: Header;
  nextName: string | null;
  end: number;
}

/** The name on a "# Name" line, which heads the next remark in a copied thread; null otherwise. */
export function headingName(line: string): string | null {
  const text = line.trim();
  if (text.length > MAX_HEADING_CHARS) return null;
  const name = (HEADING.exec(text)?.[1] ?? '').replace(/#+$/, '').trim();
  if (name === '' || name.split(/\s+/).length > MAX_HEADING_WORDS || !/^\p{L}/u.test(name)) return null;
  return name;
}

function isNameLine(text: string): boolean {
  return (
    text.length > 0 &&
    text.length <= MAX_NAME_LINE_CHARS &&
    /^\p{L}/u.test(text) &&
    !BY_ALONE.test(text) &&
    !isPostedLabelLine(text) &&
    headingName(text) === null
  );
}

// "Jane Doe CEO at Acme · posted 3 days ago" on one line.
function splitTrailingLabel(nameLine: string): { nameLine: string; labelLine: string | null } {
  const at = nameLine.toLowerCase().lastIndexOf(' posted ');
  const tail = at > 0 ? nameLine.slice(at + 1) : '';
  if (tail === '' || !isPostedLabelLine(tail)) return { nameLine, labelLine: null };
  return { nameLine: nameLine.slice(0, at).replace(/[\s·•|–-]+$/, ''), labelLine: tidyPostedLabel(tail) };
}

// Where the name line sits and where the header continues, or null when line i is remark text.
function findNameLine(lines: readonly string[], i: number, known: KnownNames): { nameLine: string; next: number } | null {
  const text = lineAt(lines, i);
  if (text.length > MAX_NAME_LINE_CHARS + 3) return null;
  if (BY_ALONE.test(text)) {
    const n = nextNonBlank(lines, i + 1);
    const nameLine = lineAt(lines, n);
    if (!isNameLine(nameLine)) return null;
    // Lower-case names ("derekshowerman") happen, but then a label must confirm the byline.
    const confirmed = /^\p{Lu}/u.test(nameLine) || isConfirmedByline(nameLine, lines, n + 1, known);
    return confirmed ? { nameLine, next: n + 1 } : null;
  }
  const rest = BY_INLINE.exec(text)?.[1]?.trim() ?? '';
  // "By Friday we will know" is a sentence: an inline byline needs a known name or a label after it.
  const confirmed = isNameLine(rest) && /^\p{Lu}/u.test(rest) && isConfirmedByline(rest, lines, i + 1, known);
  return confirmed ? { nameLine: rest, next: i + 1 } : null;
}

function isConfirmedByline(nameLine: string, lines: readonly string[], after: number, known: KnownNames): boolean {
  return (
    knownNameLength(nameLine, known) > 0 || splitTrailingLabel(nameLine).labelLine !== null || isPostedLabelLine(lineAt(lines, nextNonBlank(lines, after)))
  );
}

/** Reads the "By" block starting at line i (byline, name line, label, next "# Name"); null when line i is remark text. */
export function readHeader(lines: readonly string[], i: number, known: KnownNames): HeaderRead | null {
  const found = findNameLine(lines, i, known);
  if (!found) return null;
  let end = found.next;
  const { nameLine, labelLine: trailingLabel } = splitTrailingLabel(found.nameLine);
  let labelLine = trailingLabel;
  let headlineLine: string | null = null;
  if (labelLine === null) {
    const a = nextNonBlank(lines, end);
    const b = a === -1 ? -1 : nextNonBlank(lines, a + 1);
    if (isPostedLabelLine(lineAt(lines, a))) {
      labelLine = tidyPostedLabel(lineAt(lines, a));
      end = a + 1;
    } else if (isHeadlineLine(lineAt(lines, a)) && isPostedLabelLine(lineAt(lines, b))) {
      // Newer page layouts print the headline on its own line between name and label.
      headlineLine = lineAt(lines, a);
      labelLine = tidyPostedLabel(lineAt(lines, b));
      end = b + 1;
    }
  }
  const h = nextNonBlank(lines, end);
  const nextName = h === -1 ? null : headingName(lineAt(lines, h));
  if (nextName !== null) end = h + 1;
  return { header: { nameLine, headlineLine, labelLine }, nextName, end };
}

function isHeadlineLine(text: string): boolean {
  return text.length > 0 && text.length <= MAX_HEADLINE_LINE_CHARS && !BY_ALONE.test(text) && headingName(text) === null;
}
