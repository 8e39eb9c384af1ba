// The audit log page: the filter read from the query, and each entry as a sentence with a link to what
// it touched, an excerpt, and its before and after as a list of changed fields. Pure.
import type { AuditFilter, AuditRow } from '../audit/audit.repository.js';
import { diffAudit } from '../audit/audit-diff.js';
import type { TimeFormat } from '../shared/time.js';

const EXCERPT_CHARS = 140;
const MAX_PAGE = 99_999;
const DAY_MS = 86_400_000;

/** What each logged action is called on the page; an action missing here shows its code. */
const ACTION_WORDS: Record<string, string> = {
  'comment.approve': 'approved a comment',
  'comment.spam': 'marked a comment as spam',
  'comment.trash': 'moved a comment to the trash',
  'comment.restore': 'restored a comment to pending',
  'comment.unapprove': 'moved a comment back to pending',
  'comment.undo': 'undid a moderation change',
  'comment.delete': 'deleted a comment for good',
  'comment.edit': 'edited a comment',
  'comment.staff_reply': 'replied from the post page',
  'post.create': 'created a post',
  'post.edit': 'edited a post',
  'post.publish': 'published a post',
  'post.unpublish': 'unpublished a post',
  'post.delete': 'deleted a post',
  'remark.add': 'added remarks from another group',
  'remark.edit': 'edited a remark',
  'remark.delete': 'deleted a remark',
  'stance.confirm': 'confirmed a stance label',
  'stance.override': 'changed a stance label',
  'settings.update': 'changed the settings',
  'settings.site': 'changed the site settings',
  'user.role': 'changed a role',
  'commenter.export': 'exported a commenter’s comments',
  'linkback.show': 'showed a pingback or trackback',
  'linkback.hide': 'hid a pingback or trackback',
  'linkback.spam': 'marked a pingback or trackback as spam',
  'linkback.trash': 'deleted a pingback or trackback',
  'user.invite': 'invited someone',
  'user.reset_link': 'made a one-time password link',
  'user.password_set': 'set a password through a one-time link',
  'user.password': 'changed their password',
  'user.profile': 'changed their name or email',
  'user.disable': 'disabled an account',
  'user.enable': 'enabled an account',
  'user.remove': 'removed an account',
};

const excerpt = (text: string | null) => (text === null ? null : text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text);
const one = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** A YYYY-MM-DD day of the site's zone as the moments (ISO UTC) it starts and ends at, or undefined when it is not a real day. */
function localDay(text: string, time: Pick<TimeFormat, 'dayStart'>): { start: string; end: string } | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const at = new Date(`${text}T00:00:00.000Z`);
  if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== text) return undefined;
  return { start: time.dayStart(text), end: time.dayStart(new Date(at.getTime() + DAY_MS).toISOString().slice(0, 10)) };
}

/** The filter a query asks for, its days read in the site's time zone, with a message for each bad field (the page comes back with it marked). Pure. */
export function readAuditFilter(query: Record<string, unknown>, time: Pick<TimeFormat, 'dayStart'>) {
  const typed = { user: one(query.user), action: one(query.action), from: one(query.from), to: one(query.to) };
  const errors: Record<string, string> = {};
  if (typed.user !== '' && !/^\d{1,10}$/.test(typed.user)) errors.user = 'Choose a person from the list.';
  if (typed.action !== '' && !/^[a-z_]{1,30}\.[a-z_]{1,30}$/.test(typed.action)) errors.action = 'Choose an action from the list.';
  const since = typed.from === '' ? null : localDay(typed.from, time);
  const until = typed.to === '' ? null : localDay(typed.to, time);
  if (since === undefined) errors.from = 'Give a day as 2026-11-30.';
  if (until === undefined) errors.to = 'Give a day as 2026-11-30.';
  if (since && until && since.start > until.start) errors.to = 'This day is before the first one.';
  const pageText = one(query.page);
  const page = /^\d{1,5}$/.test(pageText) && Number(pageText) >= 1 ? Math.min(Number(pageText), MAX_PAGE) : 1;
  const filter: AuditFilter = {
    userId: errors.user || typed.user === '' ? null : Number(typed.user),
    action: errors.action || typed.action === '' ? null : typed.action,
    since: since?.start ?? null,
    // The "to" day is included: entries before the next day's start.
    before: until && !errors.to ? until.end : null,
  };
  return { filter, typed, errors, page };
}

/** A text field of an entry's after-snapshot (a commenter export's address, a linkback's source), or the fallback. */
function afterText(afterJson: string | null, field: string, fallback: string): string {
  try {
    const value = (JSON.parse(afterJson ?? 'null') as Record<string, unknown> | null)?.[field];
    return typeof value === 'string' ? value : fallback;
  } catch {
    return fallback;
  }
}

/** What an entry touched, as a link with a name and an excerpt; a target that is gone says so. */
function targetOf(r: AuditRow): { href: string | null; label: string; excerpt: string | null } {
  const id = r.target_id;
  if (r.target_type === 'settings') return { href: '/staff/settings', label: 'the settings', excerpt: null };
  if (r.target_type === 'commenter') return { href: null, label: `the comments from ${afterText(r.after_json, 'email', 'an address')}`, excerpt: null };
  if (r.target_type === 'linkback')
    return { href: `/staff/linkbacks#linkback-${id}`, label: `the link from ${afterText(r.after_json, 'source_name', 'another site')}`, excerpt: null };
  if (r.target_type === 'comment' && r.comment_author !== null) {
    return { href: `/staff/comments/${id}/edit`, label: `${r.comment_author}’s comment on “${r.comment_post_title ?? ''}”`, excerpt: excerpt(r.comment_text) };
  }
  if (r.target_type === 'post' && r.post_title !== null) return { href: `/staff/posts/${id}/edit`, label: `“${r.post_title}”`, excerpt: null };
  if (r.target_type === 'user' && r.target_user_name !== null) return { href: `/staff/users#user-${id}`, label: r.target_user_name, excerpt: null };
  if (r.target_type === 'remark' && r.remark_author !== null) {
    return { href: `/staff/remarks/${id}/edit`, label: `${r.remark_author}’s remark`, excerpt: excerpt(r.remark_text) };
  }
  return { href: null, label: `${r.target_type} #${id ?? '?'}, since deleted`, excerpt: null };
}

/** The query string of a filter and page, for the pager. */
function auditHref(typed: Record<string, string>, page: number): string {
  const params = Object.entries(typed)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  if (page > 1) params.push(`page=${page}`);
  return params.length ? `/staff/audit?${params.join('&')}` : '/staff/audit';
}

/** Everything the audit page prints. Pure. */
export function buildAuditPage(options: {
  time: TimeFormat;
  rows: AuditRow[];
  total: number;
  page: number;
  perPage: number;
  typed: Record<string, string>;
  errors: Record<string, string>;
  choices: { actions: string[]; actors: { id: number; name: string }[] };
}) {
  const { typed, page } = options;
  const pageCount = Math.max(1, Math.ceil(options.total / options.perPage));
  return {
    errors: options.errors,
    typed,
    actorOptions: [
      { value: '', label: 'Anyone', selected: typed.user === '' },
      ...options.choices.actors.map((a) => ({ value: String(a.id), label: a.name, selected: String(a.id) === typed.user })),
    ],
    actionOptions: [
      { value: '', label: 'Any action', selected: typed.action === '' },
      ...options.choices.actions.map((a) => ({ value: a, label: ACTION_WORDS[a] ?? a, selected: a === typed.action })),
    ],
    isFiltered: Object.values(typed).some((v) => v !== ''),
    entries: options.rows.map((r) => ({
      id: r.id,
      who: r.user_name ?? 'A removed account',
      whoEmail: r.user_email,
      did: ACTION_WORDS[r.action] ?? r.action,
      action: r.action,
      target: targetOf(r),
      createdAt: r.created_at,
      createdText: options.time.dateTime(r.created_at),
      changes: diffAudit(r.before_json, r.after_json),
    })),
    prevHref: page > 1 ? auditHref(typed, page - 1) : null,
    nextHref: page < pageCount ? auditHref(typed, page + 1) : null,
    pageLabel: `Page ${page} of ${pageCount}`,
  };
}
