import type { Db } from '../../server/db/database.js';
import { insertComment } from '../../server/comment/comment.repository.js';
import { renderCommentHtml } from '../../server/shared/comment-format.js';
import { insertPost } from '../../server/post/post.repository.js';
import { insertRemarks } from '../../server/remark/remark.repository.js';

let counter = 0;

/** Inserts an author and a published post; returns the post id and slug. */
export async function createPost(db: Db, fields: { slug?: string; title?: string; status?: 'draft' | 'published'; commentsOpen?: boolean } = {}) {
  counter += 1;
  const user = await db
    .insertInto('users')
    .values({ email: `author${counter}@example.test`, name: `Author ${counter}`, role: 'author', password_hash: null, created_at: '2026-11-01T00:00:00.000Z' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const slug = fields.slug ?? `post-${counter}`;
  const id = await insertPost(db, {
    slug,
    title: fields.title ?? `Post number ${counter}`,
    body_raw: 'A post body.',
    body_html: '<p>A post body.</p>',
    excerpt: 'A post body.',
    author_id: user.id,
    status: fields.status ?? 'published',
    subject_name: 'Jamie Rivera',
    subject_aliases: JSON.stringify(['Rivera', 'Jamie']),
    author_stance: null,
    comments_open: fields.commentsOpen === false ? 0 : 1,
    published_at: `2026-11-0${(counter % 9) + 1}T10:00:00.000Z`,
    created_at: '2026-11-01T00:00:00.000Z',
    updated_at: '2026-11-01T00:00:00.000Z',
  });
  return { id, slug };
}

/** Inserts an approved comment (or one in another status) directly; returns its id. */
export async function createComment(
  db: Db,
  postId: number,
  fields: {
    parentId?: number | null;
    depth?: number;
    name?: string;
    body?: string;
    status?: 'pending' | 'approved' | 'spam' | 'trash';
    url?: string | null;
  } = {},
) {
  const body = fields.body ?? 'A comment.';
  return insertComment(db, {
    post_id: postId,
    parent_id: fields.parentId ?? null,
    depth: fields.depth ?? 0,
    author_name: fields.name ?? 'Reader',
    author_email: 'reader@example.test',
    author_url: fields.url ?? null,
    body_raw: body,
    body_html: renderCommentHtml(body),
    status: fields.status ?? 'approved',
    self_stance: null,
    created_at: '2026-11-20T10:00:00.000Z',
    edited_at: null,
    deleted_at: null,
  });
}

/** Inserts remarks carried by a comment. */
export async function createRemarks(db: Db, commentId: number, remarks: { author: string; headline?: string | null; body: string }[]) {
  return insertRemarks(
    db,
    remarks.map((r, position) => ({
      comment_id: commentId,
      source_group: 'Test Group on LinkedIn',
      source_url: null,
      author_name: r.author,
      headline: r.headline ?? null,
      posted_label: 'posted 3 days ago',
      posted_at: '2026-11-23T12:00:00.000Z',
      body_raw: r.body,
      body_html: renderCommentHtml(r.body),
      position,
      created_at: '2026-11-26T12:00:00.000Z',
    })),
  );
}

/** Encodes fields as an application/x-www-form-urlencoded body. */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}
