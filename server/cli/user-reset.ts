// npm run user:reset -- --email E
// Prints a one-time link that sets the account's password (until the site sends mail, the way back in for a
// forgotten password). The link works once, for a day (an account that never had a password: a week); a new
// one replaces it. The token is stored only hashed; this is the one place it is shown.
import { parseArgs } from 'node:util';
import { findUserByEmail } from '../auth/user.repository.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { issueResetLink } from '../users/users.service.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: 'string' } } });
  if (!values.email) {
    console.error('Usage: npm run user:reset -- --email E');
    return 2;
  }
  const config = loadConfig();
  const db = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const user = await findUserByEmail(db, values.email.trim());
    if (!user) {
      console.error(`No account has the email ${values.email.trim()}.`);
      return 1;
    }
    if (user.disabled_at !== null) {
      console.error(`The account of ${user.email} is disabled: an admin enables it on /staff/users first.`);
      return 1;
    }
    const link = await issueResetLink(db, null, user.id, new Date());
    console.log(`One-time link to set the password of ${user.role} #${user.id} ${user.email} (works once, until ${link.expiresAt}):`);
    console.log(`  ${config.publicUrl}${link.path}`);
    return 0;
  } finally {
    await db.destroy();
  }
}

process.exitCode = await main();
