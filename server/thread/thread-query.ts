import { z } from 'zod';
import { BadRequest } from '../errors.js';
import { parseOptionalId } from '../shared/params.js';

/** The ways a thread can be shown: every reply, or top-level comments with their reply counts. */
export const THREAD_VIEWS = ['all', 'top'] as const;
export type ThreadView = (typeof THREAD_VIEWS)[number];

/** The highest page number a URL may ask for; far beyond any real thread. */
const MAX_PAGE_DIGITS = 6;

const emptyIsAbsent = (value: unknown) => (value === '' ? undefined : value);
const querySchema = z.object({
  cpage: z.preprocess(
    emptyIsAbsent,
    z
      .string()
      .regex(new RegExp(`^[1-9]\\d{0,${MAX_PAGE_DIGITS - 1}}$`))
      .transform(Number)
      .optional(),
  ),
  view: z.preprocess(emptyIsAbsent, z.enum(THREAD_VIEWS).optional()),
});

export interface ThreadQuery {
  /** Null when the URL names no page: page 1, or the page that holds the reply target. */
  page: number | null;
  view: ThreadView;
  replyToId: number | null;
}

/** Reads ?cpage, ?view and ?replytocom; anything malformed (or repeated) is a 400, other parameters are ignored. */
export function parseThreadQuery(query: unknown): ThreadQuery {
  const raw = (query ?? {}) as Record<string, unknown>;
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'cpage');
    throw new BadRequest(field === 'view' ? 'That view does not exist: use view=all or view=top.' : 'That comment page is not a page number.');
  }
  return {
    page: parsed.data.cpage ?? null,
    view: parsed.data.view ?? 'all',
    replyToId: parseOptionalId(raw.replytocom, 'reply target'),
  };
}
