// npm run db:migrate: applies the migrations the database lacks, under Kysely's migration lock (as a starting
// server does), and lists them; for operators who migrate before they restart.
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';

const config = loadConfig();
const db = openDatabase(config.databaseUrl, { poolSize: 1 });
try {
  const { results = [] } = await migrateToLatest(db);
  for (const r of results) console.log(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
  console.log(results.length === 0 ? 'The database is up to date.' : `${results.length} migration(s) applied.`);
} finally {
  await db.destroy();
}
