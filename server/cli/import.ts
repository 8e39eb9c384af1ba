// npm run import -- wordpress FILE.xml [--dry-run] [--skip-pages] [--subject NAME --aliases "A,B"] [--subjects MAP.json] [--no-label]
// npm run import -- disqus FILE.xml [--dry-run] [--no-label]
// Reads the file twice, streaming both times: once to check it whole (so a malformed or truncated file imports
// nothing), once to import it post by post. Then labels the comments of every post that names its subject.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { labelWaitingComments } from '../import/import-labelling.service.js';
import { readSubjectMap, subjectFromFlags } from '../import/subject-map.js';
import { progressLine } from '../import/progress-line.js';
import { importWordpress, type ImportCounts } from '../import/wordpress-import.service.js';
import { readWxr } from '../import/wxr-reader.js';
import { readDisqus } from '../import/disqus-reader.js';
import { importDisqus } from '../import/disqus-import.service.js';
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

function summary(c: ImportCounts, dryRun: boolean): string {
  const verb = dryRun ? 'Would import' : 'Imported';
  return `${verb} ${c.posts} posts, ${c.comments} comments, ${c.linkbacks} pingbacks and trackbacks, ${c.authors} new authors; ${c.skipped} skipped (not posts or pages, or imported before).`;
}

/** Imports a Disqus export's threads into the posts they name and prints the counts and the threads left over. */
async function runDisqus(db: Db, file: string, dryRun: boolean, now: Date, status: ReturnType<typeof statusLine>): Promise<void> {
  const onThread = (done: number, total: number) => status.show(progressLine(done, total, Date.now() - now.getTime(), 'threads'));
  const { counts, unmatched, problems } = await importDisqus(db, readDisqus(chunksOf(file)), { dryRun, now }, onThread);
  status.done();
  console.log(
    `${dryRun ? 'Would import' : 'Imported'} ${counts.comments} comments into ${counts.threads} posts; ${counts.skipped} skipped (imported before, deleted threads, threads without comments); ${counts.unmatched} threads unmatched.`,
  );
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
    const onItem = () => status.show(progressLine(++seen, items, Date.now() - now.getTime(), 'items'));
    if (format === 'disqus') await runDisqus(db, file, dryRun, now, status);
    else {
      const result = await importWordpress(db, readWxr(chunksOf(file)), { dryRun, skipPages: values['skip-pages'], subject, subjects, now }, onItem);
      status.done();
      console.log(summary(result.counts, dryRun));
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
    if (dryRun || values['no-label']) return 0;

    let stop = false;
    process.once('SIGINT', () => (stop = true));
    const started = Date.now();
    const labelled = await labelWaitingComments(
      db,
      now,
      (p) => status.show(progressLine(p.done, p.total, Date.now() - started, 'comments labelled')),
      () => stop,
    );
    status.done();
    console.log(
      `Labelled ${labelled.labelled} comments in ${((Date.now() - started) / 1000).toFixed(1)} s.` +
        (labelled.remaining > 0 ? ` Stopped with ${labelled.remaining} still unlabelled: run the same command again to carry on.` : ''),
    );
    return labelled.remaining > 0 ? 130 : 0;
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
