import { z } from 'zod';
import { BODY_MAX_BYTES, EMAIL_MAX_BYTES, NAME_MAX_BYTES, URL_MAX_BYTES } from '../db/column-limits.js';
import { STANCES } from '../shared/stances.js';
import { byteLength } from '../shared/form.js';
import { emailAddress, personName, websiteUrl } from '../shared/single-line.js';

export const COMMENT_FORM_FIELDS = [
  'author_name',
  'author_email',
  'author_url',
  'body',
  'parent_id',
  'stance',
  'notify_replies',
  'notify_post',
  'remember',
] as const;

/** A checkbox: '1' when ticked, absent (empty) otherwise. */
const checkbox = z
  .enum(['', '1'], 'Tick the box or leave it empty')
  .optional()
  .transform((v) => v === '1');

const noNul = (text: string) => !text.includes('\u0000');
const NUL_MESSAGE = 'This contains a NUL character, which cannot be stored';

/** A byte limit with its message, as the column counts: in UTF-8 bytes. */
function withinBytes(label: string, maxBytes: number) {
  return [(t: string) => byteLength(t) <= maxBytes, `${label} is too long (at most ${maxBytes.toLocaleString('en')} bytes)`] as const;
}

/** The comment's text, as the form and a writer's own edit check it. */
const commentBody = z
  .string()
  .refine(noNul, NUL_MESSAGE)
  .refine((t) => byteLength(t) <= BODY_MAX_BYTES, `Your comment is too long (at most ${BODY_MAX_BYTES.toLocaleString('en')} bytes)`)
  .refine((t) => t.trim() !== '', 'Please type a comment');

export const WRITER_EDIT_FIELDS = ['body'] as const;

/** A writer's edit of their own comment: its text only (name and email stay as posted). */
export const writerEditSchema = z.object({ body: commentBody });

export const commentFormSchema = z.object({
  author_name: personName('Name', 'Please enter your name').refine(...withinBytes('Name', NAME_MAX_BYTES)),
  author_email: emailAddress('Please enter your email address')
    .refine(...withinBytes('Email', EMAIL_MAX_BYTES))
    .pipe(z.email('Please enter a valid email address')),
  // Checked again after https:// was added: a 198-byte bare domain would outgrow the column (PostgreSQL refuses it).
  author_url: websiteUrl().refine((u) => u === null || byteLength(u) <= URL_MAX_BYTES, `Website is too long (at most ${URL_MAX_BYTES} bytes with https://)`),
  body: commentBody,
  parent_id: z
    .string()
    .regex(/^\d{0,10}$/, 'Reply target is not a comment id')
    .transform((v) => (v === '' ? null : Number(v)))
    .refine((v) => v === null || (v >= 1 && v <= 2_147_483_647), 'Reply target is not a comment id'),
  stance: z.enum(['', ...STANCES], 'Choose for, against or neither').transform((v) => (v === '' ? null : v)),
  notify_replies: checkbox,
  notify_post: checkbox,
  remember: checkbox,
});
