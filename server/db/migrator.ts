import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, NO_MIGRATIONS, sql, type DatabaseIntrospector, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import { currentSchema, type Db } from './database.js';

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');
const MIGRATION_FILE = /^\d{14}_[a-z0-9_]+\.(ts|js)$/;

/**
 * Kysely's FileMigrationProvider imports from inside node_modules, where neither tsx nor vitest
 * compiles TypeScript; importing from here goes through whichever loader runs the app.
 */
class MigrationFolderProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const file of fs
      .readdirSync(MIGRATIONS_DIR)
      .filter((f) => MIGRATION_FILE.test(f))
      .sort()) {
      // A migration module's up and down are plain functions of the db handed to them.
      const { up, down } = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href)) as { up: Migration['up']; down?: Migration['down'] };
      migrations[file.replace(/\.(ts|js)$/, '')] = { up, down };
    }
    return migrations;
  }
}

/**
 * A Kysely Migrator over the timestamp-named files in migrations/. On PostgreSQL its bookkeeping
 * tables are pinned to the current schema: unpinned, Kysely looks for them in every schema and
 * takes another schema's kysely_migration for this one's; and it looks only in that schema.
 */
export async function createMigrator(db: Db): Promise<Migrator> {
  const migrationTableSchema = await currentSchema(db);
  if (!migrationTableSchema) return new Migrator({ db, provider: new MigrationFolderProvider() });
  return new Migrator({ db: withTablesOfSchema(db, migrationTableSchema), provider: new MigrationFolderProvider(), migrationTableSchema });
}

/**
 * The same database, but its introspection lists only one schema's tables. Kysely's migrator asks for the
 * tables of every schema to learn whether its own exist; a schema another process drops meanwhile (each
 * PostgreSQL test drops its own) fails that query with "schema does not exist", and the migration with it.
 */
function withTablesOfSchema(db: Db, schema: string): Db {
  const introspection: DatabaseIntrospector = {
    getSchemas: () => db.introspection.getSchemas(),
    getMetadata: async (options) => ({ tables: await introspection.getTables(options) }),
    getTables: async () => {
      const { rows } = await sql<{ name: string; kind: string }>`
        select c.relname as name, c.relkind as kind from pg_catalog.pg_class c
        join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${schema} and c.relkind in ('r', 'p', 'v')`.execute(db);
      // The migrator reads only the names and schema.
      return rows.map((r) => ({ name: r.name, schema, isView: r.kind === 'v', columns: [] }));
    },
  };
  // Kysely keeps its state in private fields, so every other member is read from (and bound to) the real instance.
  return new Proxy(db, {
    get(target, property) {
      if (property === 'introspection') return introspection;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function unwrap(result: MigrationResultSet): MigrationResultSet {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(
      `Migration ${failed?.migrationName ?? '?'} failed: ${result.error instanceof Error ? result.error.message : JSON.stringify(result.error)}`,
      { cause: result.error },
    );
  }
  return result;
}

/** Brings the schema to the newest migration. */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  return unwrap(await (await createMigrator(db)).migrateToLatest());
}

/** Undoes every migration, newest first. */
export async function migrateAllDown(db: Db): Promise<MigrationResultSet> {
  return unwrap(await (await createMigrator(db)).migrateTo(NO_MIGRATIONS));
}

/** Names of the migrations not yet applied; reads only (Kysely creates no table to answer). */
export async function listPendingMigrations(db: Db): Promise<string[]> {
  return (await (await createMigrator(db)).getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/** Undoes the newest applied migration (none when nothing is applied). */
export async function migrateDownOne(db: Db): Promise<MigrationResultSet> {
  return unwrap(await (await createMigrator(db)).migrateDown());
}
