// A WordPress export into the site: one write transaction per post (the post, its comments, pingbacks and old
// addresses together), so an import stopped anywhere leaves whole posts, and running it again adds only what is
// missing (every row is keyed by the export's GUIDs and ids in import_keys).
import type { Db, DbOrTx } from '../db/database.js';
import type { NewComment } from '../db/schema.js';
import { FormInvalid } from '../errors.js';
import { findUserByEmail, insertUser } from '../auth/user.repository.js';
import { excerptOf, plainTextOf, renderPostMarkdown, slugify } from '../post/post-markdown.js';
import { insertPost } from '../post/post.repository.js';
import { findPostById, findSlugOwner, updatePost } from '../post/post-staff.repository.js';
import { commentTextFromHtml, plainLine } from './import-text.js';
import { insertLinkback } from '../linkback/linkback.repository.js';
import { findImportTargets, insertImportKeys, insertLegacyPath } from './import.repository.js';
import { inImportTransaction, insertThreadComments } from './import-comments.js';
import { remarksFromMeta } from './remark-meta.js';
import type { WxrAuthor, WxrChannel, WxrComment, WxrEvent, WxrItem } from './wxr-reader.js';

export interface Subject {
  name: string;
  aliases: string[];
}

export interface WordpressImportOptions {
  skipPages: boolean;
  dryRun: boolean;
  /** The subject of every imported post, unless `subjects` names one for it. */
  subject: Subject | null;
  /** Per-post subjects, keyed by the post's slug, WordPress post id or GUID. */
  subjects: ReadonlyMap<string, Subject>;
  now: Date;
  /** Called with a post's id once its transaction has committed (never on a dry run): the labelling starts on it. */
  afterPost?: (postId: number) => void;
}

export interface ImportCounts {
  posts: number;
  comments: number;
  /** Group remarks carried by the imported comments (a Rejoinder export's rejoinder_remarks meta). */
  remarks: number;
  linkbacks: number;
  authors: number;
  /** Items left out (attachments, menus, revisions, trashed posts, pages with skipPages) and rows already imported. */
  skipped: number;
  /** Posts stored without a subject: listed on the dashboard until someone names it. */
  needSubject: number;
}

/** An author account created without a password, who needs one set before signing in. */
export interface NewAuthor {
  email: string;
  name: string;
}

const IMPORTED_TYPES = new Set(['post', 'page']);
const STATUS_OF: Record<string, 'published' | 'draft' | undefined> = {
  publish: 'published',
  draft: 'draft',
  pending: 'draft',
  private: 'draft',
  future: 'draft',
};
const COMMENT_STATUS: Record<string, NewComment['status']> = { '1': 'approved', '0': 'pending', spam: 'spam', trash: 'trash', 'post-trashed': 'trash' };
const LINKBACK_TYPES = new Set(['pingback', 'trackback']);
const PLACEHOLDER_DOMAIN = 'imported.invalid';

/** The key a post is known by in the export: its GUID, or failing that its id on the site it came from. */
function postKey(item: WxrItem, channel: WxrChannel): string {
  return item.guid !== '' ? item.guid : `${channel.baseSiteUrl || channel.link}?p=${item.postId}`;
}

/** Path and query of an old permalink, as requests for it arrive (no host, no fragment). */
function pathOf(link: string): string | null {
  try {
    const url = new URL(link);
    return url.pathname + url.search;
  } catch {
    return null;
  }
}

/** The subject a post gets: the mapping file's entry for it, else the whole import's, else none. */
function subjectFor(item: WxrItem, options: WordpressImportOptions): Subject | null {
  return options.subjects.get(item.slug) ?? options.subjects.get(item.postId) ?? options.subjects.get(item.guid) ?? options.subject;
}

/** Runs an import over the reader's events; calls onItem after each item (for the progress line). */
export async function importWordpress(
  db: Db,
  events: AsyncIterable<WxrEvent>,
  options: WordpressImportOptions,
  onItem: (counts: ImportCounts) => void = () => {},
): Promise<{ counts: ImportCounts; newAuthors: NewAuthor[]; problems: string[] }> {
  const counts: ImportCounts = { posts: 0, comments: 0, remarks: 0, linkbacks: 0, authors: 0, skipped: 0, needSubject: 0 };
  const authors = new Map<string, WxrAuthor>();
  const authorIds = new Map<string, number>();
  const newAuthors: NewAuthor[] = [];
  const problems: string[] = [];
  let channel: WxrChannel = { version: '', baseSiteUrl: '', baseBlogUrl: '', link: '' };
  for await (const event of events) {
    if (event.kind === 'channel') channel = event.channel;
    else if (event.kind === 'author') authors.set(event.author.login, event.author);
    else {
      const item = event.item;
      if (!IMPORTED_TYPES.has(item.type) || STATUS_OF[item.status] === undefined || (options.skipPages && item.type === 'page')) {
        counts.skipped++;
        continue;
      }
      try {
        // The post's new author, if any, is created in the post's own transaction: a post left out leaves no account.
        const run = (tx: DbOrTx) =>
          authorFor(tx, item.creator, authors, authorIds, options.now).then(async (author) => ({
            author,
            ...(await importItem(tx, item, channel, author.id, options)),
          }));
        const { value, stored } = await inImportTransaction(db, options.dryRun, run);
        const { author, added, postId } = value;
        // A dry run stored nothing, so no id is remembered: the next item looks the author up again.
        if (!stored && author.created && !newAuthors.some((a) => a.email === author.email)) newAuthors.push({ email: author.email, name: author.name });
        if (stored) {
          options.afterPost?.(postId);
          authorIds.set(item.creator, author.id);
          if (author.created) newAuthors.push({ email: author.email, name: author.name });
        }
        for (const key of Object.keys(added) as (keyof ImportCounts)[]) counts[key] += added[key];
      } catch (err) {
        // A post the editor would refuse (quotes nested past what can be shown) is left out whole, and said so.
        if (!(err instanceof FormInvalid)) throw err;
        problems.push(`line ${item.line}: "${plainLine(item.title)}" left out: ${Object.values(err.fields).join('; ')}`);
        counts.skipped++;
      }
      onItem(counts);
    }
  }
  counts.authors = newAuthors.length;
  return { counts, newAuthors, problems };
}

/** The staff account behind a dc:creator login: found by email, or created as an author without a password. */
async function authorFor(tx: DbOrTx, login: string, authors: ReadonlyMap<string, WxrAuthor>, ids: ReadonlyMap<string, number>, now: Date) {
  const wxr = authors.get(login);
  const loginPart = login.replace(/[^a-z0-9._-]+/gi, '-') || 'author';
  const email = (wxr?.email || `${loginPart}@${PLACEHOLDER_DOMAIN}`).toLowerCase();
  const name = plainLine(wxr?.displayName || login) || 'Imported author';
  const known = ids.get(login);
  if (known !== undefined) return { id: known, created: false, email, name };
  const existing = await findUserByEmail(tx, email);
  if (existing) return { id: existing.id, created: false, email, name };
  const id = await insertUser(tx, { email, name, role: 'author', password_hash: null, created_at: now.toISOString() });
  return { id, created: true, email, name };
}

/** A slug nobody has or had: WordPress's own (percent-decoded), else one made from the title, then -2, -3... */
async function freeSlug(tx: DbOrTx, item: WxrItem, title: string): Promise<string> {
  let wanted = item.slug;
  try {
    wanted = decodeURIComponent(wanted);
  } catch {
    // A malformed escape is kept as typed and slugified below.
  }
  const base = slugify(wanted !== '' ? wanted : title);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if ((await findSlugOwner(tx, candidate)) === undefined) return candidate;
  }
}

/** Stores one item (or what of it is new) inside the caller's transaction; returns what it added, and the post's id. */
async function importItem(
  tx: DbOrTx,
  item: WxrItem,
  channel: WxrChannel,
  authorId: number,
  options: WordpressImportOptions,
): Promise<{ added: ImportCounts; postId: number }> {
  const added: ImportCounts = { posts: 0, comments: 0, remarks: 0, linkbacks: 0, authors: 0, skipped: 0, needSubject: 0 };
  const now = options.now.toISOString();
  const key = postKey(item, channel);
  const keyRow = (kind: 'post' | 'comment' | 'linkback', sourceKey: string, sourceId: string, targetId: number) => ({
    source: 'wordpress' as const,
    kind,
    source_key: sourceKey,
    source_id: sourceId === '' ? null : sourceId,
    target_id: targetId,
    created_at: now,
  });
  let postId = (await findImportTargets(tx, 'wordpress', 'post', [key])).get(key);
  if (postId === undefined) {
    postId = await insertImportedPost(tx, item, authorId, subjectFor(item, options), now);
    await insertImportKeys(tx, [keyRow('post', key, item.postId, postId)]);
    for (const path of [pathOf(item.link), item.postId !== '' ? `/?${item.type === 'page' ? 'page_id' : 'p'}=${item.postId}` : null])
      if (path !== null && path !== '/') await insertLegacyPath(tx, path, postId);
    added.posts++;
    if (subjectFor(item, options) === null) added.needSubject++;
  } else {
    added.skipped++;
    // A second run that names a subject gives it to the posts the first run left without one.
    const subject = subjectFor(item, options);
    const post = subject ? await findPostById(tx, postId) : undefined;
    if (subject && post?.subject_name === '') await updatePost(tx, postId, { subject_name: subject.name, subject_aliases: JSON.stringify(subject.aliases) });
  }

  const commentKey = (c: WxrComment) => `${key}#${c.id}`;
  const existingLinkbacks = await findImportTargets(tx, 'wordpress', 'linkback', item.comments.map(commentKey));
  const keys = [];
  for (const c of item.comments) {
    if (!LINKBACK_TYPES.has(c.type)) continue;
    if (existingLinkbacks.has(commentKey(c))) {
      added.skipped++;
      continue;
    }
    const id = await insertLinkback(tx, {
      post_id: postId,
      kind: c.type as 'pingback' | 'trackback',
      source_name: plainLine(c.author).slice(0, 500) || pathOf(c.url) || 'A site',
      source_url: /^https?:\/\//i.test(c.url) ? c.url.slice(0, 2000) : null,
      excerpt: commentTextFromHtml(c.content),
      status: COMMENT_STATUS[c.approved] ?? 'pending',
      created_at: c.date ?? item.date ?? now,
    });
    keys.push(keyRow('linkback', commentKey(c), c.id, id));
    added.linkbacks++;
  }
  await insertImportKeys(tx, keys);
  const readerComments = item.comments
    .filter((c) => !LINKBACK_TYPES.has(c.type))
    .map((c) => ({
      ...c,
      key: commentKey(c),
      html: c.content,
      status: COMMENT_STATUS[c.approved] ?? 'pending',
      remarks: remarksFromMeta(c.meta['rejoinder_remarks']),
    }));
  const stored = await insertThreadComments(tx, 'wordpress', postId, readerComments, item.date ?? now, now);
  added.comments += stored.added;
  added.remarks += stored.remarks;
  added.skipped += stored.skipped;
  return { added, postId };
}

async function insertImportedPost(tx: DbOrTx, item: WxrItem, authorId: number, subject: Subject | null, now: string): Promise<number> {
  const title = plainLine(item.title) || 'Untitled';
  // The same Markdown and sanitiser as the editor: WordPress's HTML passes through, blank lines become paragraphs
  // as WordPress's own autop makes them, and editing the post later renders it the same way.
  const bodyHtml = renderPostMarkdown(item.content);
  const excerpt = plainLine(item.excerpt);
  const status = STATUS_OF[item.status]!;
  return insertPost(tx, {
    slug: await freeSlug(tx, item, title),
    title,
    body_raw: item.content,
    body_html: bodyHtml,
    excerpt: excerptOf(excerpt !== '' ? excerpt : plainTextOf(bodyHtml)),
    author_id: authorId,
    status,
    subject_name: subject?.name ?? '',
    subject_aliases: JSON.stringify(subject?.aliases ?? []),
    author_stance: null,
    published_at: status === 'published' ? (item.date ?? now) : null,
    created_at: item.date ?? now,
    updated_at: now,
  });
}
