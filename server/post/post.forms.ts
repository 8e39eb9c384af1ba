import { z } from 'zod';
import { SLUG_PATTERN } from '../shared/params.js';
import { byteLength } from '../shared/form.js';
import { personName, singleLineText } from '../shared/single-line.js';
import { STANCES } from '../shared/stances.js';
import { MAX_MARKDOWN_NESTING, markdownNestingDepth, nestingMessage } from './post-markdown.js';

/** How new comments on a post are moderated; this constant drives the type, the zod enum and the labels. */
export const MODERATION_MODES = ['all', 'first_time', 'open'] as const;
export type ModerationMode = (typeof MODERATION_MODES)[number];
export const MODERATION_MODE_LABELS: Record<ModerationMode, string> = {
  all: 'Hold every comment for a moderator',
  first_time: 'Hold comments from first-time commenters',
  open: 'Publish comments at once (site rules still apply)',
};
export const POST_STATUSES = ['draft', 'published'] as const;

export const TITLE_MAX_CHARS = 300;
export const BODY_MAX_BYTES = 200_000;
export const SUBJECT_MAX_CHARS = 245;
export const ALIASES_MAX = 20;
export const ALIAS_MAX_CHARS = 100;
/** Allies and rivals each: as many as aliases, and as long (a slogan fits). */
export const SIDE_NAMES_MAX = 20;

export const POST_FORM_FIELDS = [
  'title',
  'slug',
  'body',
  'subject_name',
  'subject_aliases',
  'subject_allies',
  'subject_rivals',
  'author_stance',
  'status',
  'comments_open',
  'moderation_mode',
  'intent',
] as const;

const noNul = (t: string) => !t.includes('\u0000');

/** A comma-separated list of names, each kept once, at most max of them. */
function nameList(label: string, what: string, max: number) {
  return singleLineText(label)
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((a) => a.trim())
          .filter((a) => a !== ''),
      ),
    ])
    .refine((list) => list.length <= max, `At most ${max} ${what}`)
    .refine((list) => list.every((a) => a.length <= ALIAS_MAX_CHARS), `Each name at most ${ALIAS_MAX_CHARS} characters`);
}

export const postFormSchema = z.object({
  title: singleLineText('The title').min(1, 'Please give the post a title').max(TITLE_MAX_CHARS, `At most ${TITLE_MAX_CHARS} characters`),
  // Empty means "make one from the title".
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .refine((s) => s === '' || SLUG_PATTERN.test(s), 'Use lower-case letters, digits and hyphens (not at either end)'),
  body: z
    .string()
    .refine(noNul, 'NUL characters cannot be stored')
    .refine((t) => byteLength(t) <= BODY_MAX_BYTES, `The post is too long (at most ${BODY_MAX_BYTES.toLocaleString('en')} bytes)`)
    .refine((t) => t.trim() !== '', 'Please write the post')
    // Checked before anything renders it, preview included: marked's stack holds only so many levels.
    .superRefine((t, ctx) => {
      const depth = markdownNestingDepth(t);
      if (depth > MAX_MARKDOWN_NESTING) ctx.addIssue({ code: 'custom', message: nestingMessage(depth) });
    }),
  subject_name: personName('The name', 'Who is this post about?').max(SUBJECT_MAX_CHARS, `At most ${SUBJECT_MAX_CHARS} characters`),
  subject_aliases: nameList('The other names', 'other names', ALIASES_MAX),
  subject_allies: nameList('The allies', 'allies', SIDE_NAMES_MAX),
  subject_rivals: nameList('The rivals', 'rivals', SIDE_NAMES_MAX),
  author_stance: z.enum(['', ...STANCES], 'Choose for, against or neither').transform((v) => (v === '' ? null : v)),
  status: z.enum(POST_STATUSES, 'Choose draft or published'),
  comments_open: z.enum(['', '1'], 'Tick the box or leave it').transform((v) => v === '1'),
  moderation_mode: z.enum(MODERATION_MODES, 'Choose how comments are moderated'),
  intent: z.enum(['', 'save', 'preview']).transform((v) => (v === 'preview' ? 'preview' : 'save')),
});

export type PostForm = z.output<typeof postFormSchema>;
