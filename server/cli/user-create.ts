// npm run user:create -- --email E --name N --role R
// The password comes from REJOINDER_PASSWORD (for scripts) or is asked for without echo. For an account that has
// no password yet (an author made by an import), it sets one instead.
import { parseArgs } from 'node:util';
import { createUser } from '../auth/auth.service.js';
import { newUserSchema } from '../auth/auth.forms.js';
import { hashPassword } from '../auth/password.js';
import { findUserByEmail, updateUserPassword } from '../auth/user.repository.js';
import { loadConfig, readScriptPassword } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    if (!stdin.isTTY) return reject(new Error('No terminal to ask for a password: set REJOINDER_PASSWORD'));
    process.stdout.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let typed = '';
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stdout.write('\n');
          return resolve(typed);
        }
        if (ch === '\u0003') process.exit(130);
        if (ch === '\u007f') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } } });
  const config = loadConfig();
  const password = readScriptPassword() ?? (await promptHidden('Password: '));
  const parsed = newUserSchema.safeParse({ ...values, password });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`${String(issue.path[0] ?? 'input')}: ${issue.message}`);
    console.error('Usage: npm run user:create -- --email E --name N --role admin|moderator|author');
    return 2;
  }
  const db = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const existing = await findUserByEmail(db, parsed.data.email);
    // An account made without a password (an imported author) is claimed here: it keeps its role and posts.
    if (existing && existing.password_hash === null) {
      await updateUserPassword(db, existing.id, await hashPassword(parsed.data.password, config.passwordHashCost));
      console.log(`Set the password of ${existing.role} #${existing.id} ${existing.email}`);
      return 0;
    }
    if (existing) {
      console.error(`An account with ${parsed.data.email} exists already.`);
      return 1;
    }
    const id = await createUser(db, parsed.data, { now: new Date(), passwordHashCost: config.passwordHashCost });
    console.log(`Created ${parsed.data.role} #${id} ${parsed.data.email}`);
    return 0;
  } finally {
    await db.destroy();
  }
}

process.exitCode = await main();
