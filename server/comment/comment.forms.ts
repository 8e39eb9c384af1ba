import { z } from 'zod';
import { STANCES } from '../stance/stances.js';
import { byteLength } from '../shared/form.js';
import { isHttpUrl } from '../shared/html.js';

// The same limits as WordPress's comment columns, in bytes.
export const NAME_MAX_BYTES = 245;
export const EMAIL_MAX_BYTES = 100;
export const URL_MAX_BYTES = 200;
export const BODY_MAX_BYTES = 65_525;

export const COMMENT_FORM_FIELDS = ['author_name', 'author_email', 'author_url', 'body', 'parent_id', 'stance'] as const;

const noNul = (text: string) => !text.includes('\u0000');
const NUL_MESSAGE = 'This contains a NUL character, which cannot be stored';

function boundedText(label: string, maxBytes: number) {
  return z
    .string()
    .trim()
    .refine(noNul, NUL_MESSAGE)
    .refine((t) => byteLength(t) <= maxBytes, `${label} is too long (at most ${maxBytes.toLocaleString('en')} bytes)`);
}

/** A bare domain becomes an https link; anything that is not http(s) afterwards is refused. */
function normalizeWebsite(value: string): string {
  if (value === '' || /^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  return `https://${value}`;
}

export const commentFormSchema = z.object({
  author_name: boundedText('Name', NAME_MAX_BYTES).pipe(z.string().min(1, 'Please enter your name')),
  author_email: boundedText('Email', EMAIL_MAX_BYTES).pipe(
    z.string().min(1, 'Please enter your email address').pipe(z.email('Please enter a valid email address')),
  ),
  author_url: boundedText('Website', URL_MAX_BYTES)
    .transform(normalizeWebsite)
    .refine((u) => u === '' || isHttpUrl(u), 'Website must be an http:// or https:// address')
    // Again after https:// was added: a 198-byte bare domain would outgrow the column (PostgreSQL refuses it).
    .refine((u) => byteLength(u) <= URL_MAX_BYTES, `Website is too long (at most ${URL_MAX_BYTES} bytes with https://)`)
    .transform((u) => (u === '' ? null : u)),
  body: z
    .string()
    .refine(noNul, NUL_MESSAGE)
    .refine((t) => byteLength(t) <= BODY_MAX_BYTES, `Your comment is too long (at most ${BODY_MAX_BYTES.toLocaleString('en')} bytes)`)
    .refine((t) => t.trim() !== '', 'Please type a comment'),
  parent_id: z
    .string()
    .regex(/^\d{0,10}$/, 'Reply target is not a comment id')
    .transform((v) => (v === '' ? null : Number(v)))
    .refine((v) => v === null || (v >= 1 && v <= 2_147_483_647), 'Reply target is not a comment id'),
  stance: z
    .enum(['', ...STANCES], 'Choose for, against or neither')
    .transform((v) => (v === '' ? null : v)),
});

export type CommentForm = z.output<typeof commentFormSchema>;
