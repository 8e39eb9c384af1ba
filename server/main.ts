import { buildApp } from './app.js';
import { ensureAdmin } from './auth/auth.service.js';
import { loadConfig } from './config.js';
import { openDatabase, readOnlyReason, type Db } from './db/database.js';
import { listPendingMigrations, migrateToLatest } from './db/migrator.js';
import { seedDemoIfEmpty } from './seed/seed.service.js';

/** Migrations, the demo debate and the first admin: what a database that takes writes gets at start. */
async function prepareDatabase(db: Db): Promise<void> {
  await migrateToLatest(db);
  if (config.seedDemo && (await seedDemoIfEmpty(db, new Date()))) {
    console.log('Seeded the demo debate (npm run seed resets it).');
  }
  const admin = await ensureAdmin(db, { now: new Date(), passwordHashCost: config.passwordHashCost });
  if (admin) {
    console.log(`Created the first admin account. Sign in at /login as ${admin.email} with this one-time password:`);
    console.log(`  ${admin.password}`);
    console.log('It is not stored anywhere in readable form; write it down now.');
  }
}

const config = loadConfig();
const db = openDatabase(config.databaseUrl, { poolSize: config.dbPoolSize });
const readOnly = readOnlyReason(db);
if (readOnly) {
  const pending = await listPendingMigrations(db);
  if (pending.length > 0) {
    console.error(
      `Cannot start: the database is read-only (${readOnly}) and needs ${pending.length} migration(s) this version of Rejoinder expects (${pending.join(', ')}). Make it writable and start again.`,
    );
    process.exit(1);
  }
  console.warn(
    `READ-ONLY: ${readOnly}. Serving pages; comments, sign-ins and every other write are refused with a message until the database is writable and Rejoinder restarts.`,
  );
} else {
  await prepareDatabase(db);
}
// Read-only, writes are refused before anything is classified; the classifier's thread never touches the database.
const app = await buildApp(config, { db });

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  app.log.info(`${signal}: closing`);
  await app.close();
  await db.destroy();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

await app.listen({ port: config.port, host: config.host });
console.log(`Rejoinder is serving http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/`);
