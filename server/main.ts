import closeWithGrace from 'close-with-grace';
import type { FastifyBaseLogger } from 'fastify';
import pinoPretty from 'pino-pretty';
import { buildApp } from './app.js';
import { ensureAdmin } from './auth/auth.service.js';
import { loadConfig, type Config } from './config.js';
import { closeDatabase, openDatabase, readOnlyReason, type Db } from './db/database.js';
import { listPendingMigrations, migrateToLatest } from './db/migrator.js';
import { startMetricsListener } from './plugins/metrics.js';
import { seedDemoIfEmpty } from './seed/seed.service.js';
import { stopClassifierThread } from './stance/classifier-thread.js';

/** JSON lines for a log collector; readable lines (synchronous, so none is lost at exit) in a terminal or when asked. */
function logStreamFor(config: Config): { write: (line: string) => void } | undefined {
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY);
  return pretty ? pinoPretty({ sync: true, colorize: process.stdout.isTTY, ignore: 'pid,hostname' }) : undefined;
}

/** Migrations, the demo debate and the first admin: what a database that takes writes gets at start. */
async function prepareDatabase(db: Db, log: FastifyBaseLogger): Promise<void> {
  await migrateToLatest(db);
  if (config.seedDemo && (await seedDemoIfEmpty(db, new Date()))) log.info('Seeded the demo debate (npm run seed resets it).');
  const admin = await ensureAdmin(db, { now: new Date(), passwordHashCost: config.passwordHashCost });
  if (admin) {
    // The password goes to the terminal once, as plain text, and never into the log a collector keeps.
    log.info({ email: admin.email }, 'Created the first admin account; its one-time password is printed on the terminal, not logged');
    process.stdout.write(
      `Created the first admin account. Sign in at /login as ${admin.email} with this one-time password:\n  ${admin.password}\n` +
        'It is not stored anywhere in readable form; write it down now.\n',
    );
  }
}

const config = loadConfig();
const db = openDatabase(config.databaseUrl, { poolSize: config.dbPoolSize });
// Read-only, writes are refused before anything is classified; the classifier's thread never touches the database.
const app = await buildApp(config, { db, logStream: logStreamFor(config) });
// Node prints process warnings (the classifier's, a lost PostgreSQL connection, deprecations) straight to stderr;
// its own listener goes, so that they reach the log as every other line does.
process.removeAllListeners('warning');
process.on('warning', (warning) => app.log.warn({ warning: warning.name }, warning.message));
const readOnly = readOnlyReason(db);
if (readOnly) {
  const pending = await listPendingMigrations(db);
  if (pending.length > 0) {
    app.log.fatal(
      `Cannot start: the database is read-only (${readOnly}) and needs ${pending.length} migration(s) this version of Rejoinder expects (${pending.join(', ')}). Make it writable and start again.`,
    );
    process.exit(1);
  }
  app.log.warn(
    `READ-ONLY: ${readOnly}. Serving pages; comments, sign-ins and every other write are refused with a message until the database is writable and Rejoinder restarts.`,
  );
} else {
  await prepareDatabase(db, app.log);
}

// SIGTERM or SIGINT: stop accepting, let requests in flight finish (Fastify's close), then the writes they queued
// and the classifier's jobs, then close the database; past the grace period, exit 1. An uncaught error takes the
// same path and exits 1, so the supervisor restarts the process.
const metricsListener = await startMetricsListener(config);
closeWithGrace({ delay: config.shutdownGraceSeconds * 1000, logger: app.log }, async ({ signal, err }) => {
  if (err) app.log.fatal({ err }, 'uncaught error: closing');
  else app.log.info(`${signal ?? 'exit'}: closing`);
  await metricsListener?.close();
  await app.close();
  await stopClassifierThread();
  await closeDatabase(db);
  app.log.info('closed');
});

await app.listen({ port: config.port, host: config.host });
app.log.info(`Rejoinder is serving http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/`);
