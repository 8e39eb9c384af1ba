import { insertAuditEntries } from '../audit/audit.repository.js';
import { withWriteTransaction, type Db, type DbOrTx } from '../db/database.js';
import type { Post } from '../db/schema.js';
import { FormInvalid, NotFound } from '../errors.js';
import { excerptOf, plainTextOf, renderPostMarkdown, slugify } from './post-markdown.js';
import type { PostForm } from './post.forms.js';
import { insertPost } from './post.repository.js';
import { countCommentsOfPost, deleteOldSlug, deletePost, findPostById, findSlugOwner, insertOldSlug, updatePost } from './post-staff.repository.js';

/** How much of a post's body each audit entry keeps. */
const AUDIT_BODY_CHARS = 500;
const SLUG_TAKEN = 'Another post uses (or used) this address; choose another';

/** The columns a post form sets, rendered and ready to store. */
function columnsFrom(form: PostForm, slug: string) {
  const bodyHtml = renderPostMarkdown(form.body);
  return {
    slug,
    title: form.title,
    body_raw: form.body,
    body_html: bodyHtml,
    excerpt: excerptOf(plainTextOf(bodyHtml)),
    status: form.status,
    subject_name: form.subject_name,
    subject_aliases: JSON.stringify(form.subject_aliases),
    subject_allies: JSON.stringify(form.subject_allies),
    subject_rivals: JSON.stringify(form.subject_rivals),
    author_stance: form.author_stance,
    comments_open: form.comments_open ? 1 : 0,
    moderation_mode: form.moderation_mode,
  };
}

/**
 * Who holds a slug, for a post by authorId: nobody (free), a never-published draft of another author
 * (it gives the slug up: see chooseSlug), or anyone else (taken).
 */
async function slugHolder(tx: DbOrTx, slug: string, postId: number | null, authorId: number) {
  const owner = await findSlugOwner(tx, slug);
  if (owner === undefined || owner.postId === postId) return { kind: 'free' as const };
  const post = await findPostById(tx, owner.postId);
  if (post && post.author_id !== authorId && post.status === 'draft' && post.published_at === null)
    return { kind: 'hidden-draft' as const, post, current: owner.current };
  return { kind: 'taken' as const };
}

/** The first of slug-2, slug-3... that no post uses or used. */
async function nextFreeSlug(tx: DbOrTx, slug: string): Promise<string> {
  for (let n = 2; ; n++) {
    if ((await findSlugOwner(tx, `${slug}-${n}`)) === undefined) return `${slug}-${n}`;
  }
}

/**
 * A free slug: the typed one must be free; one made from the title gets -2, -3... until it is.
 * Another author's never-published draft does not keep a slug from this post: the draft moves to the
 * next free one. Refusing would tell this author that an unseen draft has that address (it is nowhere
 * public); the draft's author loses nothing anyone has linked to.
 */
async function chooseSlug(tx: DbOrTx, form: PostForm, postId: number | null, authorId: number): Promise<string> {
  const claim = async (slug: string) => {
    const holder = await slugHolder(tx, slug, postId, authorId);
    if (holder.kind === 'taken') return false;
    if (holder.kind === 'hidden-draft') {
      if (holder.current) await updatePost(tx, holder.post.id, { slug: await nextFreeSlug(tx, slug) });
      else await deleteOldSlug(tx, slug);
    }
    return true;
  };
  if (form.slug !== '') {
    if (!(await claim(form.slug))) throw new FormInvalid({ slug: SLUG_TAKEN });
    return form.slug;
  }
  const base = slugify(form.title);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (await claim(candidate)) return candidate;
  }
}

/** The fields the audit log keeps of a post: enough to see what an edit changed, the body cut short. */
function auditedFields(post: Pick<Post, 'title' | 'slug' | 'status' | 'subject_name' | 'author_stance' | 'comments_open' | 'moderation_mode' | 'body_raw'>) {
  return {
    title: post.title,
    slug: post.slug,
    status: post.status,
    subject: post.subject_name,
    author_stance: post.author_stance,
    comments_open: post.comments_open === 1,
    moderation: post.moderation_mode,
    body: post.body_raw.length > AUDIT_BODY_CHARS ? `${post.body_raw.slice(0, AUDIT_BODY_CHARS)}…` : post.body_raw,
  };
}

/** Stores a new post by an author (logged: post.create, or post.publish when it goes out at once); returns its id. */
export async function createPostFromForm(db: Db, authorId: number, form: PostForm, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  return withWriteTransaction(db, async (tx) => {
    const slug = await chooseSlug(tx, form, null, authorId);
    const row = {
      ...columnsFrom(form, slug),
      author_id: authorId,
      published_at: form.status === 'published' ? nowIso : null,
      created_at: nowIso,
      updated_at: nowIso,
    };
    const id = await insertPost(tx, row);
    await insertAuditEntries(tx, [
      { userId: authorId, action: 'post.create', targetType: 'post', targetId: id, before: undefined, after: auditedFields(row), createdAt: nowIso },
    ]);
    return id;
  });
}

/**
 * Saves an edited post. A changed slug leaves the old one behind as a redirect; the first
 * publication stamps published_at, later edits keep it.
 */
export async function updatePostFromForm(db: Db, actorId: number, postId: number, form: PostForm, now: Date): Promise<string> {
  const nowIso = now.toISOString();
  return withWriteTransaction(db, async (tx) => {
    const post = await findPostById(tx, postId);
    if (!post) throw new NotFound('There is no such post.');
    const slug = await chooseSlug(tx, form, postId, post.author_id);
    if (slug !== post.slug) {
      await deleteOldSlug(tx, slug);
      await insertOldSlug(tx, postId, post.slug, nowIso);
    }
    const columns = columnsFrom(form, slug);
    await updatePost(tx, postId, { ...columns, published_at: post.published_at ?? (form.status === 'published' ? nowIso : null), updated_at: nowIso });
    const before = auditedFields(post);
    const after = auditedFields({ ...post, ...columns });
    // Going out and coming back in are their own entries, so the log answers "who unpublished this?".
    const action = before.status === after.status ? 'post.edit' : after.status === 'published' ? 'post.publish' : 'post.unpublish';
    await insertAuditEntries(tx, [{ userId: actorId, action, targetType: 'post', targetId: postId, before, after, createdAt: nowIso }]);
    return slug;
  });
}

/** Deletes a post with all its comments, logging what it was and how many comments went with it. */
export async function deletePostWithComments(db: Db, actorId: number, postId: number, now: Date): Promise<void> {
  await withWriteTransaction(db, async (tx) => {
    const post = await findPostById(tx, postId);
    if (!post) throw new NotFound('There is no such post.');
    const comments = await countCommentsOfPost(tx, postId);
    await deletePost(tx, postId);
    await insertAuditEntries(tx, [
      {
        userId: actorId,
        action: 'post.delete',
        targetType: 'post',
        targetId: postId,
        before: { ...auditedFields(post), comments },
        after: undefined,
        createdAt: now.toISOString(),
      },
    ]);
  });
}
