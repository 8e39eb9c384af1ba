import { buildCommentTree } from '../comment/comment-tree.js';
import type { ThreadComment } from '../comment/comment.repository.js';
import { countThreadPages, findCommentPage, pageThread } from './thread-paging.js';
import { NotFound } from '../errors.js';
import type { PublicRemark } from '../remark/remark.repository.js';
import { avatarKeyForEmail } from '../shared/avatar.js';
import { formatRelative, relativeLabelChangesAt, type TimeFormat } from '../shared/time.js';
import { STANCES, type Stance } from '../shared/stances.js';
import type { PostWithAuthor } from '../post/post.repository.js';
import type { ShownLinkback } from '../linkback/linkback.repository.js';
import type { ThreadDebate } from '../debate/comment-debate.js';
import { arrangeThread, type Arrangement, type ArrangementFacts } from '../debate/thread-arrangement.js';
import type { ThreadView } from './thread-query.js';
import { postPathOf, threadHref, viewComment, viewThreadNavigation } from './thread-view.js';
import type { CommentPreview } from './comment-preview.service.js';

/** The mark beside a staff reply, as WordPress marks the post's author. */
const STAFF_BADGES = { author: 'Author', moderator: 'Moderator' } as const;
/** How the post page words the author's own stance on the subject. */
const AUTHOR_STANCE_WORDS: Record<Stance, string> = { pro: 'argues for', against: 'argues against', neutral: 'takes neither side on' };

/** How the comment form words each stance toward the subject. */
const STANCE_CHOICES: Record<Stance, string> = { pro: 'For', against: 'Against', neutral: 'Neither' };

export interface CommentFormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  message?: string;
  /** The draft as it would appear, shown above the form after Preview. */
  preview?: CommentPreview;
}

export interface PostPageOptions {
  now: Date;
  /** The site's time zone and date format. */
  time: TimeFormat;
  secret: string;
  threadDepth: number;
  /** Top-level comments per page. */
  perPage: number;
  /** The page the URL asked for; null means page 1, or the page holding the reply target. */
  page: number | null;
  view: ThreadView;
  replyToId: number | null;
  form: CommentFormState;
  /** Held comments of this visitor's own among `comments`: shown "awaiting moderation", not counted. */
  heldIds?: ReadonlySet<number>;
  /** This visitor's own comments among `comments` that they may still edit or delete (never in a cached page). */
  ownIds?: ReadonlySet<number>;
  /** Sides and reader votes printed on each comment and remark. */
  debate?: ThreadDebate;
  /** The order and side filter asked for, and what they are decided by. */
  arrangement?: Arrangement;
  facts?: ArrangementFacts;
  /** Links for the framed page of an embedding site. */
  embed?: boolean;
}

type TreeComment = ThreadComment & { authorName: string; parentId: number | null };

/** How replies under a removed comment's placeholder name what they answer ("2 replies to a removed comment"). */
const REMOVED_NAME = 'a removed comment';

function commentInputs(comments: ThreadComment[]): TreeComment[] {
  return comments.map((c) => ({ ...c, authorName: c.removed ? REMOVED_NAME : c.author_name, parentId: c.parent_id }));
}

/** formatRelative that also remembers when the earliest label it printed will read differently. */
function relativeClock(now: Date) {
  let stableUntil = Infinity;
  return {
    format: (iso: string): string => {
      stableUntil = Math.min(stableUntil, relativeLabelChangesAt(iso, now));
      return formatRelative(iso, now);
    },
    stableUntil: () => stableUntil,
  };
}

function remarksByComment(remarks: PublicRemark[], relative: (iso: string) => string, time: TimeFormat, debate: ThreadDebate | undefined) {
  const groups = new Map<number, { sourceGroup: string; sourceUrl: string | null; remarks: unknown[] }[]>();
  for (const r of remarks) {
    const list = groups.get(r.comment_id) ?? [];
    let group = list[list.length - 1];
    if (!group || group.sourceGroup !== r.source_group) {
      list.push((group = { sourceGroup: r.source_group, sourceUrl: r.source_url, remarks: [] }));
    }
    group.remarks.push({
      id: r.id,
      authorName: r.author_name,
      headline: r.headline,
      postedLabel: r.posted_label,
      postedAt: r.posted_at,
      postedDate: r.posted_at ? time.date(r.posted_at) : null,
      postedRelative: r.posted_at ? relative(r.posted_at) : null,
      bodyHtml: r.body_html,
      edited: r.edited_at !== null,
      badge: debate?.forRemark(r.id) ?? null,
    });
    groups.set(r.comment_id, list);
  }
  return groups;
}

/** How a linkback's kind reads beside it. */
const LINKBACK_WORDS = { pingback: 'pingback', trackback: 'trackback' } as const;

/** The "Linked from" list under a post: one line per site that linked to it, its link marked as theirs, not ours. Pure. */
export function buildLinkedFrom(linkbacks: readonly ShownLinkback[], time: TimeFormat) {
  return linkbacks.map((l) => ({
    id: l.id,
    siteName: l.source_name,
    url: l.source_url,
    kindText: LINKBACK_WORDS[l.kind],
    createdAt: l.created_at,
    createdText: time.date(l.created_at),
  }));
}

/** The answer to a comment page past the thread's last. Pure. */
export function noSuchPage(topLevelCount: number, perPage: number, page: number | null): NotFound {
  return new NotFound(`The comments of this post fill ${countThreadPages(topLevelCount, perPage)} page(s); there is no page ${page}.`);
}

/** The post itself as the page prints it. Pure. */
export function buildPostHead(post: PostWithAuthor, time: TimeFormat) {
  return {
    id: post.id,
    slug: post.slug,
    title: post.title,
    excerpt: post.excerpt,
    bodyHtml: post.body_html,
    authorName: post.author_name,
    authorId: post.author_id,
    authorStance: post.author_stance ? { side: post.author_stance, words: AUTHOR_STANCE_WORDS[post.author_stance] } : null,
    publishedAt: post.published_at,
    publishedText: post.published_at ? time.date(post.published_at) : null,
    subjectName: post.subject_name,
    commentsOpen: post.comments_open === 1,
  };
}

/**
 * One page of the nested thread with remarks, its navigation and counts: everything below the post
 * that is the same for every reader, so it can be rendered once and cached. Pure.
 */
export function buildThreadPart(post: PostWithAuthor, comments: ThreadComment[], remarks: PublicRemark[], options: PostPageOptions) {
  const { now, secret, perPage, view } = options;
  const heldIds = options.heldIds ?? new Set<number>();
  const ownIds = options.ownIds ?? new Set<number>();
  const relative = relativeClock(now);
  const remarkGroups = remarksByComment(remarks, relative.format, options.time, options.debate);
  const byId = new Map(comments.map((c) => [c.id, c]));
  const postPath = postPathOf(post.slug, options.embed);
  const tree = buildCommentTree(commentInputs(comments), options.threadDepth);
  const order = options.arrangement ?? { sort: 'oldest', side: null };
  const { roots, contextIds } = options.facts ? arrangeThread(tree, order, options.facts) : { roots: tree, contextIds: new Set<number>() };

  const target = options.replyToId === null ? undefined : byId.get(options.replyToId);
  const replyTo = target?.removed ? undefined : target;
  // A reply target decides the page: the form must sit on the page that shows the comment.
  const replyPage = replyTo ? findCommentPage(roots, replyTo.id, perPage) : null;
  const threadPage = pageThread(roots, perPage, replyPage ?? options.page ?? 1);
  if (!threadPage) throw noSuchPage(roots.length, perPage, options.page);
  const page = threadPage.page;

  const fieldsOf = (c: TreeComment): Record<string, unknown> => (c.removed ? { removed: true } : shownFields(c));
  const shownFields = (c: TreeComment) => ({
    authorName: c.author_name,
    authorUrl: c.author_url,
    avatarUrl: `/avatars/${avatarKeyForEmail(c.author_email, secret)}.svg`,
    createdAt: c.created_at,
    createdText: options.time.dateTime(c.created_at),
    createdRelative: relative.format(c.created_at),
    editedTitle: c.edited_at === null ? null : `Edited ${options.time.dateTime(c.edited_at)}`,
    ownActions: ownIds.has(c.id) ? { editHref: `${postPath}/comments/${c.id}/edit`, deleteHref: `${postPath}/comments/${c.id}/delete` } : null,
    staffBadge: c.staff_badge ? { kind: c.staff_badge, text: STAFF_BADGES[c.staff_badge] } : null,
    bodyHtml: c.body_html,
    remarkGroups: remarkGroups.get(c.id) ?? [],
    awaitingModeration: heldIds.has(c.id),
    context: contextIds.has(c.id),
    debate: heldIds.has(c.id) ? null : (options.debate?.forComment(c.id) ?? null),
    // Not in the frame: the form reads the visitor cookie of the commenter's own visit, which a frame does not keep.
    changedViewHref: heldIds.has(c.id) || options.embed ? null : `${postPath}/comments/${c.id}/changed-my-view`,
  });
  const ctx = { postPath, page, view, fieldsOf };
  const responseCount = comments.filter((c) => !c.removed).length - heldIds.size;
  const thread = threadPage.roots.map((node) => viewComment(node, ctx));
  return {
    documentTitle: page > 1 ? `${post.title} (comments page ${page})` : post.title,
    responseCount,
    responseWord: responseCount === 1 ? 'response' : 'responses',
    thread,
    /** Until when (ms since the epoch) every relative time printed here still reads the same. */
    stableUntil: relative.stableUntil(),
    /** reply.js sends a #comment-ID that is not on this page to this address + ID, which finds its page. */
    commentLinkBase: `${postPath}/comments/`,
    page,
    isTopView: view === 'top',
    replyTo: replyTo ? { id: replyTo.id, authorName: replyTo.author_name } : null,
    ...viewThreadNavigation(postPath, threadPage, view, order),
  };
}

/** The mark a staff member's reply gets on a post: its author's, a moderator's (admins moderate too), or none. Pure. */
export function staffBadgeFor(user: { id: number; role: string }, post: { authorId: number }): 'author' | 'moderator' | null {
  if (user.id === post.authorId) return 'author';
  return user.role === 'admin' || user.role === 'moderator' ? 'moderator' : null;
}

/**
 * The reply form: where it posts, whom it answers, what the reader typed and what was wrong with it.
 * Signed-in staff reply as themselves: no name or email to type. Pure.
 */
export function buildCommentForm(
  post: { slug: string; authorId: number },
  page: number,
  replyTo: { id: number; authorName: string } | null,
  form: CommentFormState,
  staff: { id: number; name: string; role: string } | null = null,
  embed = false,
  stancePrompt = false,
) {
  const badge = staff ? staffBadgeFor(staff, post) : null;
  const postPath = postPathOf(post.slug, embed);
  const values = form.values;
  return {
    action: `${postPath}/comments${page > 1 ? `?cpage=${page}` : ''}#respond`,
    cancelHref: `${threadHref(postPath, { page, view: 'all' })}#respond`,
    replyTo,
    parentId: replyTo ? String(replyTo.id) : (values.parent_id ?? ''),
    values,
    errors: form.errors,
    hasErrors: Object.keys(form.errors).length > 0,
    message: form.message ?? null,
    preview: form.preview ? { ...form.preview, staffBadge: badge ? { kind: badge, text: STAFF_BADGES[badge] } : null } : null,
    stanceOptions: STANCES.map((s) => ({ value: s, label: STANCE_CHOICES[s], checked: values.stance === s })),
    stanceUnset: !values.stance,
    staff: staff ? { name: staff.name, badge: badge ? STAFF_BADGES[badge] : null } : null,
    notifyReplies: values.notify_replies === '1',
    notifyPost: values.notify_post === '1',
    remember: values.remember === '1',
    // The frame's forms post to its own routes and carry the reader id its script keeps (it has no cookie).
    embed,
    /** Where stance-prompt.js asks how the draft reads; null when the site turned the prompt off. */
    stancePromptHref: stancePrompt ? `${postPath}/stance-preview` : null,
  };
}
