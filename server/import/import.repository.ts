// The import bookkeeping tables: which row each source id became, old addresses, pingbacks and trackbacks.
import type { DbOrTx } from '../db/database.js';
import type { ImportKeyTable, LinkbackTable } from '../db/schema.js';
import type { Insertable, Selectable } from 'kysely';

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

/** The target of an imported row by the source's numeric id (a WordPress post_id or comment_id). */
export async function findTargetBySourceId(db: DbOrTx, kind: ImportKind, sourceId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('import_keys')
    .select('target_id')
    .where('kind', '=', kind)
    .where('source_id', '=', sourceId)
    .orderBy('id')
    .executeTakeFirst();
  return row?.target_id;
}

/** Remembers an old address of a post; an address some post has already keeps its first owner. */
export async function insertLegacyPath(db: DbOrTx, path: string, postId: number): Promise<void> {
  await db
    .insertInto('legacy_paths')
    .values({ path, post_id: postId })
    .onConflict((oc) => oc.column('path').doNothing())
    .execute();
}

/** The post an old address belongs to. */
export async function findPostIdByLegacyPath(db: DbOrTx, path: string): Promise<number | undefined> {
  const row = await db.selectFrom('legacy_paths').select('post_id').where('path', '=', path).executeTakeFirst();
  return row?.post_id;
}

export type Linkback = Selectable<LinkbackTable>;

/** Stores a pingback or trackback; returns its id. */
export async function insertLinkback(db: DbOrTx, row: Insertable<LinkbackTable>): Promise<number> {
  const inserted = await db.insertInto('linkbacks').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}
