// npm run export -- --format wxr|json [--out FILE] [--site-url URL] [--title TITLE]
// Writes the whole site, post by post (never all of it in memory), to FILE or to standard output.
import fs from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { writeSiteExport } from '../export/site-export.js';

const USAGE = 'Usage: npm run export -- --format wxr|json [--out FILE] [--site-url https://example.org] [--title "Site title"]';

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      format: { type: 'string' },
      out: { type: 'string' },
      'site-url': { type: 'string', default: 'http://localhost:3000' },
      title: { type: 'string', default: 'Rejoinder' },
    },
  });
  if (values.format !== 'wxr' && values.format !== 'json') {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const db = openDatabase(config.databaseUrl);
  const out = values.out === undefined ? process.stdout : fs.createWriteStream(values.out);
  try {
    await migrateToLatest(db);
    const site = { title: values.title, url: values['site-url'].replace(/\/+$/, ''), exportedAt: new Date().toISOString() };
    const posts = await writeSiteExport(db, values.format, site, (text) => write(out, text));
    if (out !== process.stdout) {
      out.end();
      await once(out, 'finish');
    }
    console.error(`Exported ${posts} posts as ${values.format}${values.out ? ` to ${values.out}` : ''}.`);
    return 0;
  } finally {
    await db.destroy();
  }
}

process.exitCode = await main();
