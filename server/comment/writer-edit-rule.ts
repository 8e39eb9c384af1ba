// When the writer of a comment may still change it: the rule the page's links and the edit and delete routes share.

/** What the rule reads of a comment. */
export interface ChangeableComment {
  status: string;
  created_at: string;
}

/**
 * Why the writer can no longer edit or delete a comment, or null when they can: for `minutes` after posting, while
 * nobody has answered it (a reply must not end up answering words its writer took back), and while it is shown or
 * awaiting moderation. Pure.
 */
export function whyWriterCannotChange(comment: ChangeableComment, hasReplies: boolean, now: Date, minutes: number): string | null {
  if (comment.status !== 'approved' && comment.status !== 'pending') return 'This comment has been removed.';
  if (hasReplies) return 'This comment has replies now, so it stays as it was answered.';
  if (Date.parse(comment.created_at) + minutes * 60_000 <= now.getTime()) {
    return minutes === 0
      ? 'Comments cannot be changed after posting on this site.'
      : `Comments can be changed for ${minutes} minutes after posting; that time is up.`;
  }
  return null;
}
