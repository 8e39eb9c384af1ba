// npm run db:rollback: undoes the newest applied migration (run it again for the one before), under the same
// lock; for going back to the previous release after an upgrade. Take a backup first: a down migration drops
// what its up migration added.
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateDownOne } from '../db/migrator.js';

const config = loadConfig();
const db = openDatabase(config.databaseUrl, { poolSize: 1 });
try {
  const { results = [] } = await migrateDownOne(db);
  for (const r of results) console.log(`${r.status === 'Success' ? 'rolled back' : r.status}: ${r.migrationName}`);
  if (results.length === 0) console.log('No migration is applied; nothing to roll back.');
} finally {
  await db.destroy();
}
