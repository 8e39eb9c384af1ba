// Turns a discussion copied from an outside group (a LinkedIn group thread, say) into remarks.
// The copy arrives as loose text, one remark after another:
//
//   <remark text, any number of lines>
//   By
//   Jane Doe Managing Director at Acme        <- name and headline run together
//   posted 3 days ago
//   # Next Author                              <- optional; heads the NEXT remark
//
// Only a "By" block ends a remark, so remark text may say anything else. Pure: no clock, no I/O.

import { buildKnownNames, nameKey, splitNameHeadlineWith, type KnownNames, type NameHeadline } from './name-headline.js';
import { cleanPaste, formatBody, lineAt, nextNonBlank } from './paste-text.js';
import { parsePostedLabel } from './posted-label.js';
import { headingName, readHeader, type Header } from './remark-header.js';

export { parsePostedLabel } from './posted-label.js';
export { splitNameHeadline } from './name-headline.js';

export interface ParsedRemark {
  /** '' when it could not be found. */
  authorName: string;
  /** Job title and company, as the page printed them after the name. */
  headline: string | null;
  /** The label as pasted, whitespace tidied, "posted" kept: 'posted 3 days ago', '2 weeks ago'. */
  postedLabel: string | null;
  /** ISO-8601 UTC the label stands for, counted back from the paste time. */
  postedAt: string | null;
  /** Remark text: URLs, emoji and line breaks kept, shared indentation removed, trimmed. */
  body: string;
  /** What the parser was unsure of, in words for the preview; values of REMARK_FLAGS. */
  flags: string[];
}

export interface RemarkPaste {
  remarks: ParsedRemark[];
  warnings: string[];
}

export const REMARK_FLAGS = {
  noAuthorLine: 'no "By" line, so no author',
  nameFromHeading: 'author taken from the "# Name" line only',
  nameDiffersFromHeading: 'name differs from the "# Name" line above the remark',
  splitGuessed: 'name/headline split guessed',
  noHeadline: 'no headline found',
  noDateLabel: 'no date label',
  dateNotUnderstood: 'date label not understood',
  noText: 'no remark text',
  mayStartWithIntro: "the first lines may be the carrying comment's introduction, not the remark",
} as const;

export const PASTE_WARNINGS = {
  empty: 'the paste is empty',
  noByLines: 'no "By" lines found, so the whole paste is one remark',
  trailingText: 'text after the last "By" block has no author; check the last remark',
  trailingHeading: 'the paste ends with a "# Name" line and no remark after it',
  invalidNow: 'the paste time is not a valid date, so no dates were worked out',
  internalError: 'the paste could not be read completely; check every remark',
} as const;

interface RawRemark {
  bodyLines: string[];
  announcedName: string | null;
  header: Header | null;
}

function segmentPaste(lines: readonly string[], known: KnownNames): RawRemark[] {
  const raws: RawRemark[] = [];
  let i = 0;
  let current: RawRemark = { bodyLines: [], announcedName: null, header: null };
  const first = nextNonBlank(lines, 0);
  const leadingName = first === -1 ? null : headingName(lineAt(lines, first));
  if (leadingName !== null) {
    current.announcedName = leadingName;
    known.add(nameKey(leadingName));
    i = first + 1;
  }
  while (i < lines.length) {
    const read = readHeader(lines, i, known);
    if (read === null) {
      current.bodyLines.push(lines[i] ?? '');
      i++;
      continue;
    }
    current.header = read.header;
    raws.push(current);
    current = { bodyLines: [], announcedName: read.nextName, header: null };
    if (read.nextName !== null) known.add(nameKey(read.nextName));
    i = read.end;
  }
  if (current.bodyLines.some((line) => line.trim() !== '')) raws.push(current);
  else if (current.announcedName !== null) raws.push({ ...current, bodyLines: [] });
  return raws;
}

function splitHeader(header: Header, known: KnownNames): NameHeadline {
  if (header.headlineLine === null) return splitNameHeadlineWith(header.nameLine, known);
  return { name: header.nameLine.replace(/\s+/g, ' '), headline: header.headlineLine, guessed: false };
}

function toParsedRemark(raw: RawRemark, known: KnownNames, now: Date, nowValid: boolean): ParsedRemark {
  const flags: string[] = [];
  const remark: ParsedRemark = { authorName: '', headline: null, postedLabel: null, postedAt: null, body: formatBody(raw.bodyLines), flags };
  if (raw.header === null) {
    if (raw.announcedName !== null) {
      remark.authorName = raw.announcedName;
      flags.push(REMARK_FLAGS.nameFromHeading);
    } else {
      flags.push(REMARK_FLAGS.noAuthorLine);
    }
    flags.push(REMARK_FLAGS.noDateLabel);
  } else {
    const split = splitHeader(raw.header, known);
    remark.authorName = split.name;
    remark.headline = split.headline;
    if (raw.announcedName !== null && nameKey(split.name) !== nameKey(raw.announcedName)) {
      flags.push(REMARK_FLAGS.nameDiffersFromHeading);
    }
    if (split.guessed) flags.push(REMARK_FLAGS.splitGuessed);
    else if (split.name !== '') known.add(nameKey(split.name));
    if (split.headline === null) flags.push(REMARK_FLAGS.noHeadline);
    remark.postedLabel = raw.header.labelLine;
    if (raw.header.labelLine === null) {
      flags.push(REMARK_FLAGS.noDateLabel);
    } else if (nowValid) {
      const date = parsePostedLabel(raw.header.labelLine, now);
      if (date === null) flags.push(REMARK_FLAGS.dateNotUnderstood);
      else remark.postedAt = date.toISOString();
    }
  }
  if (remark.body === '') flags.push(REMARK_FLAGS.noText);
  return remark;
}

// Authors copy their own lead-in ("I wanted to share these comments from the group:") along with
// the first remark; a lone first line ending in a colon, with more text after it, looks like one.
function startsWithIntro(body: string): boolean {
  const [firstParagraph, ...rest] = body.split('\n\n');
  return rest.length > 0 && firstParagraph !== undefined && !firstParagraph.includes('\n') && firstParagraph.trimEnd().endsWith(':');
}

function parseUnsafely(text: unknown, now: Date, knownNames: readonly unknown[]): RemarkPaste {
  const { lines, warnings } = cleanPaste(text);
  if (nextNonBlank(lines, 0) === -1) return { remarks: [], warnings: [...warnings, PASTE_WARNINGS.empty] };
  const nowValid = now instanceof Date && Number.isFinite(now.getTime());
  if (!nowValid) warnings.push(PASTE_WARNINGS.invalidNow);

  const known = buildKnownNames(knownNames);
  const raws = segmentPaste(lines, known);
  const headers = raws.filter((raw) => raw.header !== null).length;
  const last = raws[raws.length - 1];
  if (headers === 0) warnings.push(PASTE_WARNINGS.noByLines);
  else if (last && last.header === null && last.bodyLines.length > 0) warnings.push(PASTE_WARNINGS.trailingText);

  // A "# Name" with nothing under it is the start of a remark that was not copied.
  const kept = raws.filter((raw) => raw.header !== null || raw.bodyLines.length > 0);
  if (kept.length < raws.length) warnings.push(PASTE_WARNINGS.trailingHeading);
  const remarks = kept.map((raw) => toParsedRemark(raw, known, now, nowValid));
  const first = remarks[0];
  if (first && headers > 0 && startsWithIntro(first.body)) first.flags.push(REMARK_FLAGS.mayStartWithIntro);
  return { remarks, warnings };
}

/** Splits a pasted group discussion into remarks. Pure. */
export function parseRemarkPaste(text: string, now: Date, knownNames?: string[]): RemarkPaste {
  try {
    return parseUnsafely(text, now, Array.isArray(knownNames) ? knownNames : []);
  } catch {
    // The preview must always open so staff can fix the paste by hand; tests assert this never fires.
    return { remarks: [], warnings: [PASTE_WARNINGS.internalError] };
  }
}
