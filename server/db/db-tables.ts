import { sql } from 'kysely';
import { currentSchema, isPostgres, type DbOrTx } from './database.js';

export interface TableInfo {
  name: string;
  columns: string[];
  /** Primary-key columns in key order; empty when the table has none. */
  primaryKey: string[];
  /** Columns filled from a sequence (PostgreSQL serial) or SQLite's autoincrement. */
  autoIncrementing: string[];
}

interface Edge {
  from: string;
  to: string;
}

/** Whether a table is Kysely's own migration bookkeeping rather than app data. */
export function isMigrationTable(name: string): boolean {
  return name.startsWith('kysely_migration');
}

/** Whether a table is part of SQLite's full-text index (FTS5 and its shadow tables), rebuilt from the rows it indexes. */
function isSearchIndexTable(name: string): boolean {
  return /_fts(_[a-z]+)?$/.test(name);
}

/** The app's tables (not views, not migration bookkeeping) in the current schema, by name. */
export async function listTables(db: DbOrTx): Promise<TableInfo[]> {
  const schema = await currentSchema(db);
  const tables = (await db.introspection.getTables())
    .filter((t) => !t.isView && !isMigrationTable(t.name) && !isSearchIndexTable(t.name) && (schema === undefined || t.schema === schema))
    .sort((a, b) => a.name.localeCompare(b.name));
  const keys = await listPrimaryKeys(db);
  return tables.map((t) => ({
    name: t.name,
    columns: t.columns.map((c) => c.name),
    primaryKey: keys.get(t.name) ?? [],
    autoIncrementing: t.columns.filter((c) => c.isAutoIncrementing).map((c) => c.name),
  }));
}

async function listPrimaryKeys(db: DbOrTx): Promise<Map<string, string[]>> {
  const rows = isPostgres(db)
    ? (
        await sql<{ table: string; column: string }>`
          select cl.relname as "table", a.attname as "column"
          from pg_constraint c
          join pg_class cl on cl.oid = c.conrelid
          join pg_namespace n on n.oid = cl.relnamespace
          join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
          where c.contype = 'p' and n.nspname = current_schema()
          order by cl.relname, array_position(c.conkey, a.attnum)`.execute(db)
      ).rows
    : (
        await sql<{ table: string; column: string }>`
          select m.name as "table", p.name as "column"
          from sqlite_master m, pragma_table_info(m.name) p
          where m.type = 'table' and p.pk > 0
          order by m.name, p.pk`.execute(db)
      ).rows;
  const keys = new Map<string, string[]>();
  for (const r of rows) keys.set(r.table, [...(keys.get(r.table) ?? []), r.column]);
  return keys;
}

/** Every foreign key of the current schema as (referencing table, referenced table). */
export async function listForeignKeys(db: DbOrTx): Promise<Edge[]> {
  if (isPostgres(db)) {
    const { rows } = await sql<Edge>`
      select cl.relname as "from", ref.relname as "to"
      from pg_constraint c
      join pg_class cl on cl.oid = c.conrelid
      join pg_class ref on ref.oid = c.confrelid
      join pg_namespace n on n.oid = cl.relnamespace
      where c.contype = 'f' and n.nspname = current_schema()`.execute(db);
    return rows;
  }
  const { rows } = await sql<Edge>`
    select m.name as "from", f."table" as "to"
    from sqlite_master m, pragma_foreign_key_list(m.name) f
    where m.type = 'table'`.execute(db);
  return rows;
}

/**
 * Table names ordered so that every table comes after the tables it references (parents first).
 * A table referencing itself (comments.parent_id) is not a cycle: its rows go in primary-key order.
 * Throws on a real cycle between tables, which a plain copy could not insert.
 */
export function orderByForeignKeys(names: string[], edges: Edge[]): string[] {
  const pending = new Set(names);
  const ordered: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter((t) => !edges.some((e) => e.from === t && e.to !== t && pending.has(e.to))).sort();
    if (ready.length === 0) throw new Error(`Foreign keys form a cycle between: ${[...pending].join(', ')}`);
    for (const t of ready) {
      ordered.push(t);
      pending.delete(t);
    }
  }
  return ordered;
}

/** Rows in a table, as a number on both engines. */
export async function countRows(db: DbOrTx, table: string): Promise<number> {
  const { rows } = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/**
 * After rows were inserted with explicit ids, moves each PostgreSQL sequence past the largest id,
 * so the next insert does not collide. SQLite keeps its own counter up to date; nothing to do there.
 */
export async function resetSequences(db: DbOrTx, table: TableInfo): Promise<void> {
  if (!isPostgres(db)) return;
  for (const column of table.autoIncrementing) {
    await sql`
      select setval(pg_get_serial_sequence(${table.name}, ${column}),
                    coalesce((select max(${sql.ref(column)}) from ${sql.table(table.name)}), 0) + 1, false)`.execute(db);
  }
}
