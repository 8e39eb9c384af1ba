import { z } from 'zod';
import { BadRequest } from '../errors.js';
import { parseOptionalId } from '../shared/params.js';
import { SIDE_FILTERS, THREAD_SORTS, type SideFilter, type ThreadSort } from '../debate/thread-arrangement.js';

/** The ways a thread can be shown: every reply, top-level comments with their reply counts, or the strongest arguments side by side. */
export const THREAD_VIEWS = ['all', 'top', 'sides'] as const;
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
  sort: z.preprocess(emptyIsAbsent, z.enum(THREAD_SORTS).optional()),
  side: z.preprocess(emptyIsAbsent, z.enum(SIDE_FILTERS).optional()),
});

const QUERY_MESSAGES: Record<string, string> = {
  view: 'That view does not exist: use view=all, view=top or view=sides.',
  sort: `That order does not exist: use sort=${THREAD_SORTS.join(', sort=')}.`,
  side: `That side does not exist: use side=${SIDE_FILTERS.join(', side=')}.`,
};

export interface ThreadQuery {
  /** Null when the URL names no page: page 1, or the page that holds the reply target. */
  page: number | null;
  view: ThreadView;
  replyToId: number | null;
  /** The order of the top-level comments; oldest first unless asked. */
  sort: ThreadSort;
  /** Only this side's comments (with the comments they answer as context), or every comment. */
  side: SideFilter | null;
  /** The framed page of an embedding site: its links stay under /embed/posts/. */
  embed?: boolean;
}

/** Reads ?cpage, ?view and ?replytocom; anything malformed (or repeated) is a 400, other parameters are ignored. */
export function parseThreadQuery(query: unknown): ThreadQuery {
  const raw = (query ?? {}) as Record<string, unknown>;
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'cpage');
    throw new BadRequest(QUERY_MESSAGES[field] ?? 'That comment page is not a page number.');
  }
  return {
    page: parsed.data.cpage ?? null,
    view: parsed.data.view ?? 'all',
    replyToId: parseOptionalId(raw.replytocom, 'reply target'),
    sort: parsed.data.sort ?? 'oldest',
    side: parsed.data.side ?? null,
  };
}
