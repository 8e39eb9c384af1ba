// The "download my comments" form: one address.
import { z } from 'zod';
import { EMAIL_MAX_BYTES } from '../db/column-limits.js';
import { byteLength } from '../shared/form.js';
import { emailAddress } from '../shared/single-line.js';

export const MY_COMMENTS_FIELDS = ['email'] as const;

export const myCommentsSchema = z.object({
  email: emailAddress('Give the email address you wrote your comments from').refine(
    (t) => byteLength(t) <= EMAIL_MAX_BYTES,
    `At most ${EMAIL_MAX_BYTES} bytes`,
  ),
});
