// npm run db:copy -- --from sqlite:./data/rejoinder.db --to postgres://user@host/db [--force] [--batch N]
// Moves a site between engines (usually SQLite to PostgreSQL) with every row and id intact, then
// counts every table on both sides; exits 1 when a count differs or the copy was refused.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { isPostgresUrl, openDatabase, sqlitePathFromUrl } from '../db/database.js';
import { copyDatabase, CopyRefused, type TableCount } from '../db/db-copy.js';

const USAGE = 'Usage: npm run db:copy -- --from SOURCE_URL --to TARGET_URL [--force] [--batch ROWS]';

/** The URL with any password replaced, for printing. */
function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
}

/** The verification table: one line per table, source and target counts side by side. */
function formatCounts(counts: TableCount[]): string {
  const width = Math.max(5, ...counts.map((c) => c.table.length));
  const lines = [`${'table'.padEnd(width)}  ${'source'.padStart(8)}  ${'target'.padStart(8)}`];
  for (const c of counts) {
    const mark = c.source === c.target ? 'ok' : 'MISMATCH';
    lines.push(`${c.table.padEnd(width)}  ${String(c.source).padStart(8)}  ${String(c.target).padStart(8)}  ${mark}`);
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { from: { type: 'string' }, to: { type: 'string' }, force: { type: 'boolean', default: false }, batch: { type: 'string' } },
    strict: true,
  });
  const batchRows = values.batch === undefined ? undefined : Number(values.batch);
  if (!values.from || !values.to || (batchRows !== undefined && !(Number.isInteger(batchRows) && batchRows > 0))) {
    console.error(USAGE);
    return 2;
  }
  if (values.from === values.to) {
    console.error('The source and the target are the same database.');
    return 2;
  }
  // Opening a SQLite path creates the file: a mistyped source must not become a new empty database.
  if (!isPostgresUrl(values.from) && !fs.existsSync(sqlitePathFromUrl(values.from))) {
    console.error(`No SQLite database at ${sqlitePathFromUrl(values.from)}.`);
    return 2;
  }
  const source = openDatabase(values.from, { poolSize: 2 });
  const target = openDatabase(values.to, { poolSize: 2 });
  try {
    console.log(`Copying ${redactUrl(values.from)} -> ${redactUrl(values.to)}`);
    const counts = await copyDatabase(source, target, { force: values.force, batchRows, log: (line) => console.log(`  ${line}`) });
    console.log(formatCounts(counts));
    const bad = counts.filter((c) => c.source !== c.target);
    if (bad.length > 0) {
      console.error(`Verification failed: ${bad.map((c) => c.table).join(', ')} differ.`);
      return 1;
    }
    const rows = counts.reduce((sum, c) => sum + c.target, 0);
    console.log(`Verified: ${counts.length} tables, ${rows} rows, every count equal.`);
    return 0;
  } catch (err) {
    if (!(err instanceof CopyRefused)) throw err;
    console.error(`Not copied: ${err.message}`);
    return 1;
  } finally {
    await source.destroy();
    await target.destroy();
  }
}

process.exitCode = await main();
