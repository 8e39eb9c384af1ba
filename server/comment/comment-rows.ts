import type { NewComment } from '../db/schema.js';
import type { Stance } from '../shared/stances.js';
import { normalizeCommentText, renderCommentHtml } from '../shared/comment-format.js';

/** An approved comment written by the site itself (the demo debate, benchmark threads), not posted through the form. */
export interface ImportedComment {
  postId: number;
  parentId: number | null;
  depth: number;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  body: string;
  selfStance: Stance | null;
  createdAt: string;
}

/** The row for such a comment: its text normalised and rendered as the form's comments are. Pure. */
export function importedCommentRow(c: ImportedComment): NewComment {
  const body = normalizeCommentText(c.body);
  return {
    post_id: c.postId,
    parent_id: c.parentId,
    depth: c.depth,
    author_name: c.authorName,
    author_email: c.authorEmail,
    author_url: c.authorUrl,
    body_raw: body,
    body_html: renderCommentHtml(body),
    status: 'approved',
    self_stance: c.selfStance,
    created_at: c.createdAt,
    edited_at: null,
    deleted_at: null,
  };
}
