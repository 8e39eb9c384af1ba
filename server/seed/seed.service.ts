import { withWriteTransaction, type Db, type DbOrTx } from '../db/database.js';
import { insertComment } from '../comment/comment.repository.js';
import { importedCommentRow } from '../comment/comment-rows.js';
import { normalizeCommentText, renderCommentHtml } from '../shared/comment-format.js';
import { excerptOf } from '../post/post-markdown.js';
import { countPosts, insertPost } from '../post/post.repository.js';
import { insertRemarks } from '../remark/remark.repository.js';
import { labelNewComment, labelNewRemarks } from '../stance/stance.service.js';
import { DEMO_AUTHOR, DEMO_COMMENTS, DEMO_POST } from './demo-content.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

const shift = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

async function insertDemo(tx: DbOrTx, now: Date): Promise<number> {
  const created = now.toISOString();
  const author = await tx
    .insertInto('users')
    .values({ email: DEMO_AUTHOR.email, name: DEMO_AUTHOR.name, role: 'author', password_hash: null, created_at: created })
    .returning('id')
    .executeTakeFirstOrThrow();
  const postId = await insertPost(tx, {
    slug: DEMO_POST.slug,
    title: DEMO_POST.title,
    body_raw: DEMO_POST.body,
    body_html: renderCommentHtml(DEMO_POST.body),
    excerpt: excerptOf(DEMO_POST.body),
    author_id: author.id,
    status: 'published',
    subject_name: DEMO_POST.subjectName,
    subject_aliases: JSON.stringify(DEMO_POST.subjectAliases),
    author_stance: DEMO_POST.authorStance,
    comments_open: 1,
    published_at: DEMO_POST.publishedAt,
    created_at: DEMO_POST.publishedAt,
    updated_at: DEMO_POST.publishedAt,
  });
  const stancePost = {
    id: postId,
    title: DEMO_POST.title,
    body_raw: DEMO_POST.body,
    subject_name: DEMO_POST.subjectName,
    subject_aliases: JSON.stringify(DEMO_POST.subjectAliases),
    author_stance: DEMO_POST.authorStance,
    author_name: DEMO_AUTHOR.name,
  };
  const ids = new Map<string, { id: number; depth: number }>();
  for (const c of DEMO_COMMENTS) {
    const parent = c.parent === null ? undefined : ids.get(c.parent);
    const createdAt = shift(DEMO_POST.publishedAt, c.minutesAfter * MINUTE_MS);
    const depth = parent ? parent.depth + 1 : 0;
    const row = importedCommentRow({
      postId,
      parentId: parent?.id ?? null,
      depth,
      authorName: c.authorName,
      authorEmail: c.authorEmail,
      authorUrl: c.authorUrl,
      body: c.body,
      selfStance: c.selfStance,
      createdAt,
    });
    const body = row.body_raw;
    const id = await insertComment(tx, row);
    ids.set(c.key, { id, depth });
    const item = { id, parentId: parent?.id ?? null, authorName: c.authorName, body };
    await labelNewComment(tx, stancePost, { ...item, selfStance: c.selfStance }, createdAt);
    if (c.remarks) {
      const remarkIds = await insertRemarks(
        tx,
        c.remarks.items.map((r, position) => ({
          comment_id: id,
          source_group: c.remarks!.sourceGroup,
          source_url: c.remarks!.sourceUrl,
          author_name: r.authorName,
          headline: r.headline,
          posted_label: r.postedLabel,
          posted_at: shift(createdAt, -r.hoursBefore * HOUR_MS),
          body_raw: normalizeCommentText(r.body),
          body_html: renderCommentHtml(r.body),
          position,
          created_at: createdAt,
        })),
      );
      const remarks = c.remarks.items.map((r, i) => ({ id: remarkIds[i]!, authorName: r.authorName, body: normalizeCommentText(r.body) }));
      await labelNewRemarks(tx, stancePost, item, remarks, createdAt);
    }
  }
  return postId;
}

/** Seeds the demo debate when the site has no posts yet; returns whether it did. */
export async function seedDemoIfEmpty(db: Db, now: Date): Promise<boolean> {
  return withWriteTransaction(db, async (tx) => {
    if ((await countPosts(tx)) > 0) return false;
    await insertDemo(tx, now);
    return true;
  });
}

/** Deletes every row and seeds the demo again, in one transaction. */
export async function resetToDemo(db: Db, now: Date): Promise<void> {
  await withWriteTransaction(db, async (tx) => {
    for (const table of [
      'import_keys',
      'linkbacks',
      'legacy_paths',
      'stance_labels',
      'stance_models',
      'group_remarks',
      'comments',
      'posts',
      'users',
    ] as const) {
      await tx.deleteFrom(table).execute();
    }
    await insertDemo(tx, now);
  });
}
