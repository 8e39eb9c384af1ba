import { withWriteTransaction, type Db, type DbOrTx } from '../db/database.js';
import { FormInvalid, NotFound } from '../errors.js';
import { excerptOf } from '../seed/seed.service.js';
import { plainTextOf, renderPostMarkdown, slugify } from './post-markdown.js';
import type { PostForm } from './post.forms.js';
import { insertPost } from './post.repository.js';
import { deleteOldSlug, findPostById, findSlugOwner, insertOldSlug, updatePost } from './post-staff.repository.js';

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
    author_stance: form.author_stance,
    comments_open: form.comments_open ? 1 : 0,
    moderation_mode: form.moderation_mode,
  };
}

/** A free slug: the typed one must be free; one made from the title gets -2, -3... until it is. */
async function chooseSlug(tx: DbOrTx, form: PostForm, postId: number | null): Promise<string> {
  const ownedElsewhere = async (slug: string) => {
    const owner = await findSlugOwner(tx, slug);
    return owner !== undefined && owner.postId !== postId;
  };
  if (form.slug !== '') {
    if (await ownedElsewhere(form.slug)) throw new FormInvalid({ slug: SLUG_TAKEN });
    return form.slug;
  }
  const base = slugify(form.title);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await ownedElsewhere(candidate))) return candidate;
  }
}

/** Stores a new post by an author; returns its id. */
export async function createPostFromForm(db: Db, authorId: number, form: PostForm, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  return withWriteTransaction(db, async (tx) => {
    const slug = await chooseSlug(tx, form, null);
    return insertPost(tx, {
      ...columnsFrom(form, slug),
      author_id: authorId,
      published_at: form.status === 'published' ? nowIso : null,
      created_at: nowIso,
      updated_at: nowIso,
    });
  });
}

/**
 * Saves an edited post. A changed slug leaves the old one behind as a redirect; the first
 * publication stamps published_at, later edits keep it.
 */
export async function updatePostFromForm(db: Db, postId: number, form: PostForm, now: Date): Promise<string> {
  const nowIso = now.toISOString();
  return withWriteTransaction(db, async (tx) => {
    const post = await findPostById(tx, postId);
    if (!post) throw new NotFound('There is no such post.');
    const slug = await chooseSlug(tx, form, postId);
    if (slug !== post.slug) {
      await deleteOldSlug(tx, slug);
      await insertOldSlug(tx, postId, post.slug, nowIso);
    }
    await updatePost(tx, postId, {
      ...columnsFrom(form, slug),
      published_at: post.published_at ?? (form.status === 'published' ? nowIso : null),
      updated_at: nowIso,
    });
    return slug;
  });
}
