import { sql } from 'kysely';
import { withWriteTransaction, type Db, type DbOrTx } from './database.js';
import { countRows, listForeignKeys, listTables, orderByForeignKeys, resetSequences, type TableInfo } from './db-tables.js';
import { createMigrator, migrateToLatest } from './migrator.js';

/** Rows read and inserted per statement; PostgreSQL allows at most 65,535 parameters in one. */
const DEFAULT_BATCH_ROWS = 500;
const MAX_PARAMETERS = 30_000;

export interface CopyOptions {
  /** Empty a non-empty target first instead of refusing. */
  force?: boolean;
  batchRows?: number;
  /** Progress lines ("users: 3 rows"). */
  log?: (line: string) => void;
}

export interface TableCount {
  table: string;
  source: number;
  target: number;
}

/** A copy that cannot start; the message says what to do. */
export class CopyRefused extends Error {}

type Row = Record<string, unknown>;

async function appliedMigrations(db: Db): Promise<string[]> {
  const migrations = await (await createMigrator(db)).getMigrations();
  return migrations.filter((m) => m.executedAt !== undefined).map((m) => m.name);
}

/** Both databases must be at the same migration, so their tables and columns are the same. */
async function checkSameSchema(source: Db, target: Db): Promise<void> {
  const [from, to] = [await appliedMigrations(source), await appliedMigrations(target)];
  if (from.length === 0) throw new CopyRefused('The source has no Rejoinder migrations: is it a Rejoinder database?');
  if (from.join() !== to.join()) {
    throw new CopyRefused(
      `The source is at migration ${from.at(-1)} but this version of Rejoinder is at ${to.at(-1)}. ` +
        'Start this version of Rejoinder once on the source (it migrates at start-up), then copy again.',
    );
  }
}

/** Reads a table in primary-key order, one batch at a time; keyset paging when the key is one column. */
async function* readBatches(db: Db, table: TableInfo, batchRows: number): AsyncGenerator<Row[]> {
  const columns = sql.join(table.columns.map((c) => sql.ref(c)));
  const orderBy = sql.join((table.primaryKey.length > 0 ? table.primaryKey : table.columns).map((c) => sql.ref(c)));
  const key = table.primaryKey.length === 1 ? table.primaryKey[0]! : undefined;
  let after: unknown;
  for (let offset = 0; ; offset += batchRows) {
    const where = key !== undefined && after !== undefined ? sql`where ${sql.ref(key)} > ${after}` : sql``;
    const page = key !== undefined ? sql`limit ${batchRows}` : sql`limit ${batchRows} offset ${offset}`;
    const { rows } = await sql<Row>`select ${columns} from ${sql.table(table.name)} ${where} order by ${orderBy} ${page}`.execute(db);
    if (rows.length === 0) return;
    yield rows;
    if (key !== undefined) after = rows.at(-1)![key];
    if (rows.length < batchRows) return;
  }
}

async function insertBatch(tx: DbOrTx, table: TableInfo, rows: Row[]): Promise<void> {
  // Every column, ids included, so references and permalinks (#comment-ID) stay what they were.
  const values = rows.map((row) => sql`(${sql.join(table.columns.map((c) => row[c] ?? null))})`);
  await sql`insert into ${sql.table(table.name)} (${sql.join(table.columns.map((c) => sql.ref(c)))}) values ${sql.join(values)}`.execute(tx);
}

/** Triggers bumped posts.thread_version while the comments went in; put back the source's values. */
async function restoreThreadVersions(source: Db, tx: DbOrTx): Promise<void> {
  const versions = await source.selectFrom('posts').select(['id', 'thread_version']).execute();
  for (const { id, thread_version } of versions) {
    await tx.updateTable('posts').set({ thread_version }).where('id', '=', id).execute();
  }
}

/**
 * Copies every row of every table from source to target, ids included, in foreign-key order and
 * in one transaction on the target (all or nothing). The target is migrated first and must be empty
 * unless force. Returns the row count of each table on both sides, counted after the commit.
 */
export async function copyDatabase(source: Db, target: Db, options: CopyOptions = {}): Promise<TableCount[]> {
  const log = options.log ?? (() => {});
  await migrateToLatest(target);
  await checkSameSchema(source, target);
  const sourceTables = await listTables(source);
  const targetTables = new Map((await listTables(target)).map((t) => [t.name, t]));
  const missing = sourceTables.filter((t) => !targetTables.has(t.name) || t.columns.some((c) => !targetTables.get(t.name)!.columns.includes(c)));
  if (missing.length > 0) throw new CopyRefused(`The target lacks tables or columns of: ${missing.map((t) => t.name).join(', ')}`);

  const nonEmpty: string[] = [];
  for (const t of targetTables.keys()) if ((await countRows(target, t)) > 0) nonEmpty.push(t);
  if (nonEmpty.length > 0 && !options.force) {
    throw new CopyRefused(`The target already has rows in: ${nonEmpty.join(', ')}. Pass --force to replace them.`);
  }

  const order = orderByForeignKeys(
    sourceTables.map((t) => t.name),
    await listForeignKeys(source),
  );
  const byName = new Map(sourceTables.map((t) => [t.name, t]));
  const emptyingOrder = orderByForeignKeys([...targetTables.keys()], await listForeignKeys(target)).reverse();
  await withWriteTransaction(target, async (tx) => {
    // Children first, so no foreign key is left pointing at a deleted row.
    if (nonEmpty.length > 0) for (const name of emptyingOrder) await sql`delete from ${sql.table(name)}`.execute(tx);
    for (const name of order) {
      const table = byName.get(name)!;
      const batchRows = Math.max(1, Math.min(options.batchRows ?? DEFAULT_BATCH_ROWS, Math.floor(MAX_PARAMETERS / table.columns.length)));
      let copied = 0;
      for await (const rows of readBatches(source, table, batchRows)) {
        await insertBatch(tx, table, rows);
        copied += rows.length;
      }
      await resetSequences(tx, targetTables.get(name)!);
      log(`${name}: ${copied} rows`);
    }
    await restoreThreadVersions(source, tx);
  });

  const counts: TableCount[] = [];
  for (const name of order) counts.push({ table: name, source: await countRows(source, name), target: await countRows(target, name) });
  return counts;
}
