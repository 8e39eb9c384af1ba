import { buildApp } from './app.js';
import { ensureAdmin } from './auth/auth.service.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { seedDemoIfEmpty } from './seed/seed.service.js';

const config = loadConfig();
const db = openDatabase(config.databaseUrl, { poolSize: config.dbPoolSize });
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
