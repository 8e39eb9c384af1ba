// The stance review's filter, read from the query string. Pure: a bad value is a message for its field,
// so the page comes back with the field marked instead of a bare 400.
import { STANCES, STANCE_SOURCES, type Stance, type StanceSource } from '../shared/stances.js';
import type { ReviewFilter } from './review-items.js';

const MAX_PAGE = 99_999;
const CONFIDENCE_MESSAGE = 'Give a confidence from 0 to 100 %, as the list shows it (72 %), or from 0 to 1 (0.72).';

/**
 * A confidence as a person types it: "72 %", "72%", "72" (a number above 1 is read as a percentage) or
 * "0.72"; empty is no limit. Undefined when it is none of these. Pure.
 */
export function parseConfidence(text: string): number | null | undefined {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return null;
  const match = /^(\d{1,3}(?:\.\d{1,3})?)\s*(%?)$/.exec(trimmed);
  if (!match) return undefined;
  const n = Number(match[1]);
  const share = match[2] === '%' || n > 1 ? n / 100 : n;
  return share >= 0 && share <= 1 ? share : undefined;
}

/** A share as the filter field shows it: "72 %". Pure. */
export function formatConfidence(share: number): string {
  return `${Math.round(share * 1000) / 10} %`;
}

const one = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The filter a query asks for, the page, the text typed in each field and a message per bad field. Pure. */
export function readReviewFilter(query: Record<string, unknown>): {
  filter: ReviewFilter;
  page: number;
  typed: Record<string, string>;
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  const label = one(query.label);
  const source = one(query.source);
  const typedConfidence = one(query.max_confidence);
  const maxConfidence = parseConfidence(typedConfidence);
  if (maxConfidence === undefined) errors.max_confidence = CONFIDENCE_MESSAGE;
  if (label !== '' && !STANCES.includes(label as Stance)) errors.label = 'Choose a label from the list.';
  if (source !== '' && !STANCE_SOURCES.includes(source as StanceSource)) errors.source = 'Choose a source from the list.';
  const pageText = one(query.page);
  const page = /^\d{1,5}$/.test(pageText) && Number(pageText) >= 1 ? Math.min(Number(pageText), MAX_PAGE) : 1;
  return {
    filter: {
      label: errors.label || label === '' ? null : (label as Stance),
      source: errors.source || source === '' ? null : (source as StanceSource),
      maxConfidence: maxConfidence ?? null,
      needsReview: query.needs === '1',
    },
    page,
    typed: { max_confidence: typedConfidence },
    errors,
  };
}
