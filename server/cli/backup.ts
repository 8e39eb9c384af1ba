// npm run backup -- FILE: a consistent copy of the SQLite database named by DATABASE_URL, taken while the server
// runs (SQLite's online backup API), then checked with integrity_check; exits 1 when the copy is not sound.
// PostgreSQL has its own tools: pg_dump and pg_restore (see the README).
import { loadConfig } from '../config.js';
import { isPostgresUrl, sqlitePathFromUrl } from '../db/database.js';
import { backupSqlite } from '../db/sqlite-backup.js';

const USAGE = 'Usage: npm run backup -- FILE   (copies the SQLite database named by DATABASE_URL to FILE)';

async function main(): Promise<number> {
  const [target, ...rest] = process.argv.slice(2);
  if (!target || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  if (isPostgresUrl(config.databaseUrl)) {
    console.error('DATABASE_URL is PostgreSQL: back it up with pg_dump -Fc (and restore with pg_restore); see the README.');
    return 2;
  }
  const source = sqlitePathFromUrl(config.databaseUrl);
  const result = await backupSqlite(source, target);
  const megabytes = (result.bytes / 1048576).toFixed(1);
  if (result.integrity !== 'ok') {
    console.error(`Copied ${source} to ${target} (${megabytes} MB), but the copy fails integrity_check: ${result.integrity}`);
    return 1;
  }
  console.log(`Backed up ${source} to ${target}: ${result.pages} pages, ${megabytes} MB, integrity_check ok.`);
  return 0;
}

process.exitCode = await main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  return 1;
});
