import { z } from 'zod';
import { BODY_MAX_BYTES, EMAIL_MAX_BYTES, NAME_MAX_BYTES } from '../db/column-limits.js';
import { byteLength } from '../shared/form.js';
import { MAX_ID } from '../shared/params.js';
import { emailAddress, personName } from '../shared/single-line.js';
import { MAX_BULK, MODERATION_ACTIONS, type ModerationAction } from './moderation.service.js';

export const COMMENT_EDIT_FIELDS = ['author_name', 'body', 'return_to'] as const;
const ACTION_NAMES = Object.keys(MODERATION_ACTIONS) as [ModerationAction, ...ModerationAction[]];

/** A same-site queue address to go back to after an action; anything else is the pending queue. */
export function safeQueuePath(value: unknown): string {
  return typeof value === 'string' && /^\/staff\/moderation(\?[\x21-\x7e]*)?$/.test(value) ? value : '/staff/moderation';
}

export const commentEditSchema = z.object({
  author_name: personName('The name', 'A name is needed').refine((t) => byteLength(t) <= NAME_MAX_BYTES, `At most ${NAME_MAX_BYTES} bytes`),
  body: z
    .string()
    .refine((t) => t.trim() !== '', 'The comment cannot be empty')
    .refine((t) => byteLength(t) <= BODY_MAX_BYTES, `At most ${BODY_MAX_BYTES.toLocaleString('en')} bytes`)
    .refine((t) => !t.includes('\u0000'), 'NUL characters cannot be stored'),
  return_to: z.string().max(1000),
});

/** A moderation action, or deleting for good (spam and trash only). */
export const bulkActionSchema = z.enum([...ACTION_NAMES, 'delete']);

/** The action and the ticked comment ids of a bulk form (checkboxes named c<ID>). Pure. */
export function parseBulkForm(body: unknown): { action: ModerationAction | 'delete'; ids: number[] } | { error: string } {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const action = bulkActionSchema.safeParse(fields.bulk_action);
  if (!action.success) return { error: 'Choose what to do with the selected comments.' };
  const ids = Object.keys(fields)
    .filter((k) => /^c\d{1,10}$/.test(k) && fields[k] === '1')
    .map((k) => Number(k.slice(1)))
    .filter((n) => n >= 1 && n <= MAX_ID);
  if (ids.length === 0) return { error: 'Select at least one comment first.' };
  if (ids.length > MAX_BULK) return { error: `Select at most ${MAX_BULK} comments at a time.` };
  return { action: action.data, ids };
}

export const COMMENTER_EXPORT_FIELDS = ['email'] as const;

/** The "export one commenter's comments" form: the address their comments were written from. */
export const commenterExportSchema = z.object({
  email: emailAddress('Give the email address the comments were written from').refine(
    (t) => byteLength(t) <= EMAIL_MAX_BYTES,
    `At most ${EMAIL_MAX_BYTES} bytes`,
  ),
});
