// The import bookkeeping tables: which row each source id became, and old addresses.
import type { DbOrTx } from '../db/database.js';
import type { ImportKeyTable } from '../db/schema.js';
import type { Insertable } from 'kysely';

export type ImportSource = ImportKeyTable['source'];
export type ImportKind = ImportKeyTable['kind'];

/** Bound parameters per query stay far below SQLite's and PostgreSQL's limits. */
const KEYS_PER_QUERY = 500;

/** The rows already imported under the given keys, as key -> target id. */
export async function findImportTargets(db: DbOrTx, source: ImportSource, kind: ImportKind, keys: readonly string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
    const rows = await db
      .selectFrom('import_keys')
      .select(['source_key', 'target_id'])
      .where('source', '=', source)
      .where('kind', '=', kind)
      .where('source_key', 'in', keys.slice(i, i + KEYS_PER_QUERY))
      .execute();
    for (const row of rows) found.set(row.source_key, row.target_id);
  }
  return found;
}

/** Records what a source row became. */
export async function insertImportKeys(db: DbOrTx, rows: Insertable<ImportKeyTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += KEYS_PER_QUERY / 5)
    await db
      .insertInto('import_keys')
      .values(rows.slice(i, i + KEYS_PER_QUERY / 5))
      .execute();
}

/** The comment of a post that was comment `sourceId` in the export it came from (the id in an old #comment-N). */
export async function findImportedCommentId(db: DbOrTx, postId: number, sourceId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('import_keys')
    .innerJoin('comments', 'comments.id', 'import_keys.target_id')
    .select('comments.id')
    .where('import_keys.kind', '=', 'comment')
    .where('import_keys.source_id', '=', sourceId)
    .where('comments.post_id', '=', postId)
    .executeTakeFirst();
  return row?.id;
}

/** Remembers an old address of a post; an address some post has already keeps its first owner. */
export async function insertLegacyPath(db: DbOrTx, path: string, postId: number): Promise<void> {
  await db
    .insertInto('legacy_paths')
    .values({ path, post_id: postId })
    .onConflict((oc) => oc.column('path').doNothing())
    .execute();
}

/** The published post one of the addresses belongs to (its current slug), trying them in order. */
export async function findPublishedSlugByLegacyPath(db: DbOrTx, paths: readonly string[]): Promise<string | undefined> {
  if (paths.length === 0) return undefined;
  const rows = await db
    .selectFrom('legacy_paths')
    .innerJoin('posts', 'posts.id', 'legacy_paths.post_id')
    .select(['legacy_paths.path', 'posts.slug'])
    .where('legacy_paths.path', 'in', paths)
    .where('posts.status', '=', 'published')
    .execute();
  const byPath = new Map(rows.map((r) => [r.path, r.slug]));
  return paths.map((p) => byPath.get(p)).find((slug) => slug !== undefined);
}

/** The post the first of these old addresses belongs to (any status), trying them in order. */
export async function findPostIdByLegacyPaths(db: DbOrTx, paths: readonly string[]): Promise<number | undefined> {
  if (paths.length === 0) return undefined;
  const rows = await db.selectFrom('legacy_paths').select(['path', 'post_id']).where('path', 'in', paths).execute();
  const byPath = new Map(rows.map((r) => [r.path, r.post_id]));
  return paths.map((p) => byPath.get(p)).find((id) => id !== undefined);
}

/** Up to two posts with exactly this title: a caller matching by title takes only a title that is unique. */
export async function findPostIdsByTitle(db: DbOrTx, title: string): Promise<number[]> {
  const rows = await db.selectFrom('posts').select('id').where('title', '=', title).orderBy('id').limit(2).execute();
  return rows.map((r) => r.id);
}

/** The post (an embedding site's page thread) whose page URL is the first of these, trying them in order. */
export async function findPostIdByPageUrls(db: DbOrTx, urls: readonly string[]): Promise<number | undefined> {
  if (urls.length === 0) return undefined;
  const rows = await db.selectFrom('posts').select(['id', 'page_url']).where('page_url', 'in', urls).execute();
  const byUrl = new Map(rows.map((r) => [r.page_url, r.id]));
  return urls.map((u) => byUrl.get(u)).find((id) => id !== undefined);
}
