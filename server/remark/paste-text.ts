// Cleaning a raw paste into lines, and lines back into a remark's text.

/** The parser reads at most this much; the paste form allows far less, so only direct callers hit it. */
export const PARSER_MAX_CHARS = 200_000;

export interface CleanPaste {
  lines: string[];
  warnings: string[];
}

// C0 controls except tab and line breaks, plus DEL: they cannot be stored (NUL) or shown.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
// Byte-order marks and zero-width spaces come along with web copies and would split names.
const INVISIBLE_CHARACTERS = /[\uFEFF\u200B]/g;

/** Splits a paste into lines: LF only, no control characters, non-breaking spaces made plain. */
export function cleanPaste(text: unknown): CleanPaste {
  const warnings: string[] = [];
  let value = typeof text === 'string' ? text : '';
  if (typeof text !== 'string') warnings.push('the paste was not text');
  if (value.length > PARSER_MAX_CHARS) {
    value = value.slice(0, PARSER_MAX_CHARS);
    warnings.push(`only the first ${PARSER_MAX_CHARS} characters were read`);
  }
  const controls = value.match(CONTROL_CHARACTERS)?.length ?? 0;
  if (controls > 0) {
    value = value.replace(CONTROL_CHARACTERS, '');
    warnings.push(`removed ${controls} control character${controls === 1 ? '' : 's'} (such as NUL)`);
  }
  value = value
    .replace(INVISIBLE_CHARACTERS, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u202F]/g, ' ');
  return { lines: value.split('\n'), warnings };
}

/** Index of the first non-blank line at or after `from`, or -1. */
export function nextNonBlank(lines: readonly string[], from: number): number {
  for (let i = Math.max(0, from); i < lines.length; i++) {
    if ((lines[i] ?? '').trim() !== '') return i;
  }
  return -1;
}

/** The line at index, trimmed; '' for -1 or past the end, so look-aheads need no bounds checks. */
export function lineAt(lines: readonly string[], index: number): string {
  return index === -1 ? '' : (lines[index] ?? '').trim();
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * Joins remark lines into its text: trimmed, the indentation every line shares removed (pages
 * indent quoted remarks), and runs of blank lines kept as one paragraph break.
 */
export function formatBody(lines: readonly string[]): string {
  const trimmed = lines.map((line) => line.trimEnd());
  const nonBlank = trimmed.filter((line) => line !== '');
  if (nonBlank.length === 0) return '';
  const indent = nonBlank.reduce((least, line) => Math.min(least, indentOf(line)), Infinity);
  const out: string[] = [];
  for (const line of trimmed) {
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line === '' ? '' : line.slice(indent));
  }
  return out.join('\n').trim();
}
