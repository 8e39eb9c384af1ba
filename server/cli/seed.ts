import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { resetToDemo } from '../seed/seed.service.js';

// npm run seed: wipes the database named by DATABASE_URL and puts the demo debate back.
const config = loadConfig();
const db = openDatabase(config.databaseUrl);
await migrateToLatest(db);
await resetToDemo(db, new Date());
await db.destroy();
console.log(`Reset ${config.databaseUrl} to the demo debate.`);
