import { HELD_RULES, type HeldRule } from '../comment/moderation-rules.js';
import { COMMENT_STATUSES, type CommentStatus, type QueueComment } from '../comment/comment.repository.js';
import type { TimeFormat } from '../shared/time.js';
import { linkHost, renderCommentHtml } from '../shared/comment-format.js';

const STATUS_LABELS: Record<CommentStatus, string> = { pending: 'Pending', approved: 'Approved', spam: 'Spam', trash: 'Trash' };
/** Which one-click actions each queue offers, in the order of the a / s / d / r keys; each tab has a way back. */
const ACTIONS_BY_STATUS: Record<CommentStatus, { action: string; label: string; key: string }[]> = {
  pending: [
    { action: 'approve', label: 'Approve', key: 'a' },
    { action: 'spam', label: 'Spam', key: 's' },
    { action: 'trash', label: 'Trash', key: 'd' },
  ],
  approved: [
    { action: 'unapprove', label: 'Back to pending', key: 'r' },
    { action: 'spam', label: 'Spam', key: 's' },
    { action: 'trash', label: 'Trash', key: 'd' },
  ],
  spam: [
    { action: 'restore', label: 'Not spam (back to pending)', key: 'r' },
    { action: 'approve', label: 'Approve', key: 'a' },
    { action: 'trash', label: 'Trash', key: 'd' },
    { action: 'delete', label: 'Delete for good', key: '' },
  ],
  trash: [
    { action: 'restore', label: 'Restore to pending', key: 'r' },
    { action: 'approve', label: 'Approve', key: 'a' },
    { action: 'spam', label: 'Spam', key: 's' },
    { action: 'delete', label: 'Delete for good', key: '' },
  ],
};

/** What an empty tab says, and what to do about it. */
const EMPTY_TEXT: Record<CommentStatus, string> = {
  pending: 'No comments are waiting for you. New comments that the rules hold come here; the rules are in Settings.',
  approved: 'No approved comments yet. Comments appear here once they are published.',
  spam: 'No spam. Comments the word list blocks, and those you mark as spam, come here.',
  trash: 'The trash is empty.',
};

/** The queue's address for a status, post filter and page. Pure. */
export function queueHref(status: CommentStatus, postId: number | null, page = 1): string {
  const params = [`status=${status}`];
  if (postId !== null) params.push(`post=${postId}`);
  if (page > 1) params.push(`page=${page}`);
  return `/staff/moderation?${params.join('&')}`;
}

/** Everything the queue page prints. Pure. */
export function buildQueuePage(options: {
  time: TimeFormat;
  status: CommentStatus;
  postId: number | null;
  page: number;
  perPage: number;
  counts: Record<CommentStatus, number>;
  comments: QueueComment[];
  posts: { id: number; title: string }[];
  message: string | null;
  /** The changes the notice's Undo button puts back. */
  undo?: string | null;
  /** The "export one commenter's comments" form, as typed, with its message. */
  exportForm?: { values: Record<string, string>; errors: Record<string, string> };
}) {
  const { status, postId, page, perPage, counts } = options;
  const here = queueHref(status, postId, page);
  const pageCount = Math.max(1, Math.ceil(counts[status] / perPage));
  return {
    status,
    statusLabel: STATUS_LABELS[status],
    here,
    message: options.message,
    undo: options.undo ?? null,
    exportForm: options.exportForm ?? { values: { email: '' }, errors: {} },
    emptyText: EMPTY_TEXT[status],
    tabs: COMMENT_STATUSES.map((s) => ({ label: STATUS_LABELS[s], count: counts[s], href: queueHref(s, postId), isCurrent: s === status })),
    postOptions: [
      { value: '', label: 'All posts', selected: postId === null },
      ...options.posts.map((p) => ({ value: String(p.id), label: p.title, selected: p.id === postId })),
    ],
    bulkActions: ACTIONS_BY_STATUS[status],
    comments: options.comments.map((c) => ({
      id: c.id,
      authorName: c.author_name,
      authorEmail: c.author_email,
      authorUrl: c.author_url,
      authorUrlHost: c.author_url ? linkHost(c.author_url) : null,
      // Links a spammer wrote are not one click away: shown as text with the host they go to.
      bodyHtml: renderCommentHtml(c.body_raw, 'inert'),
      createdAt: c.created_at,
      createdText: options.time.dateTime(c.created_at),
      edited: c.edited_at !== null,
      postTitle: c.post_title,
      postHref: `/posts/${c.post_slug}`,
      heldWhy: c.held_rule ? (HELD_RULES[c.held_rule as HeldRule] ?? c.held_rule) : null,
      heldWord: c.status === 'spam' ? 'Sent to spam' : 'Held',
      heldMatch: c.held_match,
      editHref: `/staff/comments/${c.id}/edit?return_to=${encodeURIComponent(here)}`,
      remarksHref: `/staff/comments/${c.id}/remarks`,
      exportHref: `/staff/commenters/export?email=${encodeURIComponent(c.author_email)}`,
      actions: ACTIONS_BY_STATUS[status].map((a) => ({ ...a, formaction: `/staff/comments/${c.id}/${a.action}` })),
    })),
    prevHref: page > 1 ? queueHref(status, postId, page - 1) : null,
    nextHref: page < pageCount ? queueHref(status, postId, page + 1) : null,
    pageLabel: `Page ${page} of ${pageCount}`,
  };
}
