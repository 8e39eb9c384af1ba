import type { ParsedRemark } from './remark-parser.js';

/** One remark as the preview form shows it: every field a string, as an input holds it. */
export interface RowFields {
  authorName: string;
  headline: string;
  postedLabel: string;
  postedAt: string;
  body: string;
  keep: boolean;
  /** Fold this remark into the one above it. */
  merge: boolean;
  flags: string[];
}

export const ROW_FIELD_NAMES = ['authorName', 'headline', 'postedLabel', 'postedAt', 'body'] as const;
/** More rows than one paste could sensibly hold is a forged form, not a paste. */
export const MAX_ROWS = 500;
const SPLIT_LINE = /^\s*---\s*$/m;

/** A parsed remark as an editable row. Pure. */
export function rowFromParsed(remark: ParsedRemark): RowFields {
  return {
    authorName: remark.authorName,
    headline: remark.headline ?? '',
    postedLabel: remark.postedLabel ?? '',
    postedAt: remark.postedAt ?? '',
    body: remark.body,
    keep: true,
    merge: false,
    flags: remark.flags,
  };
}

/** Reads rows r0_authorName, r0_keep, ... back from a submitted preview form. Pure. */
export function readRows(body: Record<string, unknown>): RowFields[] {
  const count = Math.min(MAX_ROWS, Math.max(0, Number.parseInt(typeof body.row_count === 'string' ? body.row_count : '0', 10) || 0));
  const text = (key: string) => (typeof body[key] === 'string' ? body[key] : '');
  const rows: RowFields[] = [];
  for (let i = 0; i < count; i++) {
    rows.push({
      authorName: text(`r${i}_authorName`),
      headline: text(`r${i}_headline`),
      postedLabel: text(`r${i}_postedLabel`),
      postedAt: text(`r${i}_postedAt`),
      body: text(`r${i}_body`),
      keep: body[`r${i}_keep`] === '1',
      merge: body[`r${i}_merge`] === '1',
      flags: [],
    });
  }
  return rows;
}

/**
 * Applies the preview's edits: dropped rows go, a row marked "merge" joins the kept row above it,
 * and a line of only "---" splits a row in two (the second half keeps the byline, to be corrected). Pure.
 */
export function applyRowEdits(rows: readonly RowFields[]): RowFields[] {
  const out: RowFields[] = [];
  for (const row of rows) {
    if (!row.keep) continue;
    const previous = out[out.length - 1];
    if (row.merge && previous) {
      previous.body = `${previous.body.trimEnd()}\n\n${row.body.trim()}`;
      continue;
    }
    const parts = row.body
      .split(SPLIT_LINE)
      .map((p) => p.trim())
      .filter((p) => p !== '');
    const pieces = parts.length > 1 ? parts : [row.body];
    pieces.forEach((body, i) => out.push({ ...row, body, merge: false, flags: i > 0 ? ['split from the remark above: check the byline'] : row.flags }));
  }
  return out;
}
