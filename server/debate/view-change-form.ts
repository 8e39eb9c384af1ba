// The "this changed my view" form: a reason of at least a sentence, the side the reader holds now, and the
// email of their earlier comment (needed only from a browser other than the one they commented in). Pure.
import { z } from 'zod';
import { STANCES } from '../shared/stances.js';
import { emailProblem, singleLineText } from '../shared/single-line.js';

export const VIEW_CHANGE_FIELDS = ['reason', 'stance', 'email'] as const;
/** "At least a sentence": this many words and characters at the least. */
export const REASON_MIN_WORDS = 4;
export const REASON_MIN_CHARS = 20;
export const REASON_MAX_CHARS = 1000;
const SENTENCE_MESSAGE = `Please say in a sentence what changed your view (at least ${REASON_MIN_WORDS} words)`;

const countWords = (text: string) => text.split(/\s+/).filter((w) => /\p{L}|\p{N}/u.test(w)).length;

export const viewChangeSchema = z.object({
  reason: z
    .string()
    .transform((t) => t.trim())
    .refine((t) => !t.includes('\u0000'), 'This contains a NUL character, which cannot be stored')
    .refine((t) => t.length <= REASON_MAX_CHARS, `Please keep it under ${REASON_MAX_CHARS} characters`)
    .refine((t) => t.length >= REASON_MIN_CHARS && countWords(t) >= REASON_MIN_WORDS, SENTENCE_MESSAGE),
  stance: z.enum(STANCES, 'Say where you stand now: for, against or neither'),
  email: singleLineText('Email')
    .superRefine((text, ctx) => {
      const problem = text === '' ? null : emailProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((text) => (text === '' ? null : text)),
});

export type ViewChangeForm = z.output<typeof viewChangeSchema>;
