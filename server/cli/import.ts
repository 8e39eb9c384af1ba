// npm run import -- wordpress FILE.xml [--dry-run] [--skip-pages] [--subject NAME --aliases "A,B"] [--subjects MAP.json] [--no-label]
// npm run import -- disqus FILE.xml [--dry-run] [--no-label]
// Reads the file twice, streaming both times: once to check it whole (so a malformed or truncated file imports
// nothing), once to import it post by post. Then labels the comments of every post that names its subject.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { labelAsImported, labelWaitingComments } from '../import/import-labelling.service.js';
import { readSubjectMap, subjectFromFlags } from '../import/subject-map.js';
import { progressLine } from '../import/progress-line.js';
import { importWordpress, type ImportCounts } from '../import/wordpress-import.service.js';
import { readWxr } from '../import/wxr-reader.js';
import { readDisqus } from '../import/disqus-reader.js';
import { importDisqus, type DisqusCounts, type DisqusImportOptions } from '../import/disqus-import.service.js';
import type { Db } from '../db/database.js';
import { ImportFormatError } from '../import/xml-stream.js';

const USAGE =
  'Usage: npm run import -- wordpress FILE.xml [--dry-run] [--skip-pages] [--subject NAME --aliases "A,B"] [--subjects MAP.json] [--no-label]\n' +
  '       npm run import -- disqus FILE.xml [--dry-run] [--no-label]';
/** Reads of 256 KiB: few enough calls, and far below what the import may hold. */
const CHUNK_BYTES = 256 * 1024;

const chunksOf = (file: string) => fs.createReadStream(file, { highWaterMark: CHUNK_BYTES });

/** A line that rewrites itself on a terminal and stays quiet elsewhere (logs get the totals only). */
function statusLine(): { show: (text: string) => void; done: () => void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    show: (text) => {
      if (!tty || Date.now() - last < 100) return;
      last = Date.now();
      process.stderr.write(`\r${text}\u001b[K`);
    },
    done: () => {
      if (tty) process.stderr.write('\r\u001b[K');
    },
  };
}

/** One row of the end-of-import table: what, how many, and what the number holds. */
type CountRow = [name: string, n: number, note: string];

/** The counts at the end, the same rows for both importers and for a dry run ("Would import"), one a line. */
function printCounts(file: string, dryRun: boolean, rows: CountRow[]): void {
  console.log(`${dryRun ? 'Would import' : 'Imported'} from ${path.basename(file)}:`);
  const width = Math.max(...rows.map(([, n]) => String(n).length));
  for (const [name, n, note] of rows) console.log(`  ${name.padEnd(10)} ${String(n).padStart(width)}${note ? `  ${note}` : ''}`);
}

function wordpressRows(c: ImportCounts): CountRow[] {
  return [
    ['posts', c.posts, 'posts and pages'],
    ['comments', c.comments, ''],
    ['remarks', c.remarks, 'group remarks their comments carry'],
    ['pingbacks', c.linkbacks, 'pingbacks and trackbacks'],
    ['skipped', c.skipped, 'not posts or pages, or imported before'],
  ];
}

function disqusRows(c: DisqusCounts): CountRow[] {
  return [
    ['posts', c.threads, 'posts here that got a Disqus thread'],
    ['comments', c.comments, ''],
    // A Disqus export has neither: the rows are there so both importers end the same way.
    ['remarks', 0, ''],
    ['pingbacks', 0, ''],
    ['skipped', c.skipped, 'imported before, deleted threads, threads without comments'],
    ['unmatched', c.unmatched, 'threads that name no post here'],
  ];
}

/** Imports a Disqus export's threads into the posts they name and prints the counts and the threads left over. */
async function runDisqus(db: Db, file: string, options: DisqusImportOptions, status: ReturnType<typeof statusLine>, note: () => string): Promise<void> {
  const { dryRun, now } = options;
  const onThread = (done: number, total: number) => status.show(progressLine(done, total, Date.now() - now.getTime(), 'threads') + note());
  const { counts, unmatched, problems } = await importDisqus(db, readDisqus(chunksOf(file)), options, onThread);
  status.done();
  printCounts(file, dryRun, disqusRows(counts));
  for (const problem of problems) console.log(`  ${problem}`);
  if (unmatched.length > 0) {
    console.log('These threads name no post here (their comments were not imported; import the posts first, or give a post that address):');
    for (const t of unmatched) console.log(`  line ${t.line}: ${t.link || '(no link)'} "${t.title}" (${t.comments} comments)`);
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      'skip-pages': { type: 'boolean', default: false },
      'no-label': { type: 'boolean', default: false },
      subject: { type: 'string' },
      aliases: { type: 'string' },
      subjects: { type: 'string' },
    },
  });
  const [format, file] = positionals;
  if ((format !== 'wordpress' && format !== 'disqus') || file === undefined || positionals.length !== 2) {
    console.error(USAGE);
    return 2;
  }
  if (!fs.existsSync(file)) {
    console.error(`${file}: no such file`);
    return 2;
  }
  let subjects;
  try {
    subjects = values.subjects === undefined ? new Map() : readSubjectMap(fs.readFileSync(values.subjects, 'utf8'));
  } catch (err) {
    console.error(`${values.subjects}: ${(err as Error).message}`);
    return 2;
  }
  const subject = subjectFromFlags(values.subject, values.aliases);
  const status = statusLine();
  let items = 0;
  try {
    const events: AsyncIterable<{ kind: string }> = format === 'disqus' ? readDisqus(chunksOf(file)) : readWxr(chunksOf(file));
    for await (const event of events) if (event.kind !== 'author' && event.kind !== 'channel') status.show(`Checking ${file}: ${++items} items`);
  } catch (err) {
    status.done();
    if (!(err instanceof ImportFormatError)) throw err;
    console.error(`${file}: ${err.message.replace(/\.$/, '')}. Nothing was imported.`);
    return 1;
  }
  status.done();

  const config = loadConfig();
  const db = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const now = new Date();
    let seen = 0;
    const dryRun = values['dry-run'];
    let stop = false;
    // Each stored post is labelled at once, on the classifier's thread, while the import reads the next.
    let labelledBeside = 0;
    const labelling =
      dryRun || values['no-label']
        ? null
        : labelAsImported(
            db,
            now,
            (n) => (labelledBeside = n),
            () => stop,
          );
    const afterPost = labelling ? (postId: number) => labelling.add(postId) : undefined;
    const labelledNote = () => (labelling ? `  · ${labelledBeside.toLocaleString('en-GB')} comments labelled` : '');
    const onItem = () => status.show(progressLine(++seen, items, Date.now() - now.getTime(), 'items') + labelledNote());
    if (format === 'disqus') await runDisqus(db, file, { dryRun, now, afterPost }, status, labelledNote);
    else {
      const result = await importWordpress(db, readWxr(chunksOf(file)), { dryRun, skipPages: values['skip-pages'], subject, subjects, now, afterPost }, onItem);
      status.done();
      printCounts(file, dryRun, wordpressRows(result.counts));
      for (const problem of result.problems) console.log(`  ${problem}`);
      if (result.counts.needSubject > 0)
        console.log(`${result.counts.needSubject} posts have no subject yet: they are listed on the dashboard; naming one in the editor labels its comments.`);
      if (result.newAuthors.length > 0) {
        console.log(
          `New author accounts have no password; each can sign in once one is set with npm run user:create -- --email EMAIL --name NAME --role author:`,
        );
        for (const a of result.newAuthors) console.log(`  ${a.name} <${a.email}>`);
      }
    }
    status.done();
    if (!labelling) return 0;

    process.once('SIGINT', () => (stop = true));
    const importedAt = Date.now();
    const beside = await labelling.finish();
    // What the import did not hand over: posts of earlier runs, or a subject named only now.
    const rest = await labelWaitingComments(
      db,
      now,
      (p) => status.show(progressLine(beside + p.done, beside + p.total, Date.now() - now.getTime(), 'comments labelled')),
      () => stop,
    );
    status.done();
    console.log(
      `Labelled ${beside + rest.labelled} comments in ${((Date.now() - now.getTime()) / 1000).toFixed(1)} s, beside the import (${((Date.now() - importedAt) / 1000).toFixed(1)} s after it).` +
        (rest.remaining > 0 ? ` Stopped with ${rest.remaining} still unlabelled: run the same command again to carry on.` : ''),
    );
    return rest.remaining > 0 ? 130 : 0;
  } finally {
    await db.destroy();
  }
}

const started = Date.now();
process.exitCode = await main();
// maxRSS is the whole process's peak and the CPU time all its threads' (the classifier's included); bench/import.ts reads this line.
const usage = process.resourceUsage();
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s (${cpuSeconds.toFixed(1)} s of CPU), peak memory ${Math.round(usage.maxRSS / 1024)} MB.`);
