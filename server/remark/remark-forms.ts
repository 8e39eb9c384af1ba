// Form schemas for cross-posted group remarks: the paste box, and one remark row (preview or hand entry).

import { z } from 'zod';
import { personName, singleLineText, websiteUrl } from '../shared/single-line.js';

export const SOURCE_GROUP_MAX_CHARS = 200;
export const SOURCE_URL_MAX_CHARS = 500;
/** Counted in UTF-16 units, as the textarea's maxlength counts, so the browser and server agree. */
export const PASTE_MAX_CHARS = 100_000;
export const AUTHOR_NAME_MAX_CHARS = 245;
export const HEADLINE_MAX_CHARS = 245;
export const POSTED_LABEL_MAX_CHARS = 100;
/** The body column's limit is in bytes, so a remark of emoji reaches it long before its character count does. */
export const REMARK_BODY_MAX_BYTES = 65_525;

const NUL_MESSAGE = 'Remove the NUL character: it cannot be stored.';

function hasNoNul(value: string): boolean {
  return !value.includes('\u0000');
}

/** Size of the text once stored as UTF-8. */
export function utf8Bytes(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

// Browsers send '' for an empty optional field; the stored value for "none" is null.
function blankToNull(value: unknown): unknown {
  return value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value;
}

/** A required one-line field: visible text (a name of zero-width characters is no name), no controls. */
function requiredText(label: string, max: number) {
  return z
    .string({ error: `${label} is required.` })
    .pipe(personName(label, `${label} is required.`))
    .pipe(z.string().max(max, `${label} must be at most ${max} characters.`));
}

function optionalText(label: string, max: number) {
  return z.preprocess(blankToNull, singleLineText(label).max(max, `${label} must be at most ${max} characters.`).nullable());
}

// http and https only, by the same rules as a commenter's website: the link is printed as an href.
const sourceUrl = z.preprocess(
  blankToNull,
  websiteUrl('The link')
    .refine((href) => href === null || href.length <= SOURCE_URL_MAX_CHARS, `The link must be at most ${SOURCE_URL_MAX_CHARS} characters.`)
    .nullable(),
);

/** The "Add remarks from a group" form: where the remarks come from, and the raw paste. */
export const remarkPasteFormSchema = z.object({
  sourceGroup: requiredText('The group name', SOURCE_GROUP_MAX_CHARS),
  sourceUrl,
  // Not trimmed: the parser reads the paste as pasted, indentation and all.
  paste: z
    .string({ error: 'Paste the remarks to add.' })
    .max(PASTE_MAX_CHARS, `The paste must be at most ${PASTE_MAX_CHARS} characters.`)
    .refine((value) => value.trim() !== '', 'Paste the remarks to add.')
    .refine(hasNoNul, NUL_MESSAGE),
});

/** One remark as staff confirm or type it: every field the parser fills, checked against the columns. */
export const remarkRowSchema = z.object({
  authorName: requiredText('The author name', AUTHOR_NAME_MAX_CHARS),
  headline: optionalText('The headline', HEADLINE_MAX_CHARS),
  postedLabel: optionalText('The posted label', POSTED_LABEL_MAX_CHARS),
  postedAt: z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .refine(hasNoNul, NUL_MESSAGE)
      .pipe(z.iso.datetime({ offset: true, error: 'The date must be an ISO-8601 date and time, such as 2024-05-17T12:00:00Z.' }))
      .transform((value) => new Date(value).toISOString())
      .nullable(),
  ),
  body: z
    .string({ error: 'The remark text is required.' })
    // Textareas submit CRLF; the byte limit and the stored text count LF line breaks.
    .overwrite((value) => value.replace(/\r\n?/g, '\n'))
    .trim()
    .min(1, 'The remark text is required.')
    .refine((value) => utf8Bytes(value) <= REMARK_BODY_MAX_BYTES, `The remark text must be at most ${REMARK_BODY_MAX_BYTES} bytes.`)
    .refine(hasNoNul, NUL_MESSAGE),
});

export type RemarkRow = z.infer<typeof remarkRowSchema>;
