import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, NO_MIGRATIONS, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
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
    for (const file of fs.readdirSync(MIGRATIONS_DIR).filter((f) => MIGRATION_FILE.test(f)).sort()) {
      const module = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href)) as Migration;
      migrations[file.replace(/\.(ts|js)$/, '')] = { up: module.up, down: module.down };
    }
    return migrations;
  }
}

/**
 * A Kysely Migrator over the timestamp-named files in migrations/. On PostgreSQL its bookkeeping
 * tables are pinned to the current schema: unpinned, Kysely looks for them in every schema and
 * takes another schema's kysely_migration for this one's.
 */
export async function createMigrator(db: Db): Promise<Migrator> {
  const migrationTableSchema = await currentSchema(db);
  return new Migrator({ db, provider: new MigrationFolderProvider(), ...(migrationTableSchema ? { migrationTableSchema } : {}) });
}

function unwrap(result: MigrationResultSet): MigrationResultSet {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`);
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
