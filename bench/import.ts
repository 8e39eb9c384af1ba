/**
 * The import row of npm run bench, for issue 18's figure: "a WXR of 50,000 comments imports and is labelled in
 * under 60 s with the process's memory under 300 MB". A WordPress export of 50,000 comments (threaded, on 100
 * posts) is generated on the fly, streamed to a temp file a comment at a time, then imported and labelled by the
 * real command, `npm run import -- wordpress FILE --subject ...` (the compiled build, as a site runs it), in a
 * process of its own on a fresh SQLite file. The row is the command's wall time (as the bench sees it, npm's start
 * included) and the importing process's peak resident memory (the kernel's maxRSS of the whole process, the
 * classifier's thread included, which the command prints as it exits). Targets: under 60 s and 300 MB.
 * Alone: npm run bench -- --only import [--quick], or npx tsx bench/import.ts [--quick]
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { between, createRandom, FIRST_NAMES, generateCommentBody, LAST_NAMES, pick } from './bench-text.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FULL_COMMENTS = 50_000;
const QUICK_COMMENTS = 5_000;
const POSTS = 100;
const TARGET_SECONDS = 60;
const TARGET_MB = 300;

export interface ImportBenchRow {
  name: string;
  comments: number;
  /** Size of the generated export. */
  bytes: number;
  /** Wall time of `npm run import` as the bench sees it. */
  seconds: number;
  /** CPU time of all the import's threads: the figure that holds when other work shares the machine. */
  cpu_seconds: number;
  /** Peak resident memory of the importing process. */
  peak_mb: number;
  /** What the command printed (its counts). */
  output: string;
}

const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
const wpDate = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** Streams the export to `file` a comment at a time, as WordPress lays it out; replies point at earlier comments of their post. */
export async function writeExport(file: string, comments: number, posts = POSTS): Promise<void> {
  const random = createRandom(18);
  const out = fs.createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench blog</title><link>https://bench.example</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://bench.example</wp:base_site_url>
<wp:author><wp:author_login>editor</wp:author_login><wp:author_email>editor@bench.example</wp:author_email><wp:author_display_name>Bench Editor</wp:author_display_name></wp:author>
`);
  let commentId = 1;
  const start = Date.UTC(2012, 0, 1);
  for (let p = 1; p <= posts; p++) {
    const date = start + p * 86_400_000;
    await write(`<item><title>Question ${p} about Marlon Vey</title><link>https://bench.example/2012/01/${p}/question-${p}/</link>
<dc:creator>editor</dc:creator><guid isPermaLink="false">https://bench.example/?p=${p}</guid>
<content:encoded>${cdata(`<p>Marlon Vey said something again, post ${p}.</p>\n\nWhat do you make of it?`)}</content:encoded>
<wp:post_id>${p}</wp:post_id><wp:post_date_gmt>${wpDate(date)}</wp:post_date_gmt><wp:post_name>question-${p}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
`);
    const first = commentId;
    const count = Math.floor(comments / posts);
    for (let i = 0; i < count; i++, commentId++) {
      const parent = commentId > first && random() < 0.6 ? between(random, first, commentId - 1) : 0;
      const name = `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;
      await write(`<wp:comment><wp:comment_id>${commentId}</wp:comment_id><wp:comment_author>${cdata(name)}</wp:comment_author>
<wp:comment_author_email>c${commentId % 997}@example.org</wp:comment_author_email><wp:comment_date_gmt>${wpDate(date + i * 60_000)}</wp:comment_date_gmt>
<wp:comment_content>${cdata(generateCommentBody(random, null))}</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent></wp:comment>
`);
    }
    await write('</item>\n');
  }
  out.end('</channel>\n</rss>\n');
  await finished(out);
}

/** Generates the export, imports and labels it with `npm run import` on a fresh SQLite file, and returns the row. */
export async function runImportBench(quick: boolean): Promise<ImportBenchRow> {
  const comments = quick ? QUICK_COMMENTS : FULL_COMMENTS;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rejoinder-bench-import-'));
  try {
    const file = path.join(dir, 'export.xml');
    await writeExport(file, comments);
    // Built first, so the timed command's own pre-step finds the build fresh and the row times the import alone.
    const build = spawnSync(process.execPath, ['tools/build/build.mjs', '--if-stale'], { cwd: REPO_ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`the build failed:\n${build.stdout}\n${build.stderr}`);
    const started = performance.now();
    const result = spawnSync('npm', ['run', '--silent', 'import', '--', 'wordpress', file, '--subject', 'Marlon Vey', '--aliases', 'Marlon,Vey'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, DATABASE_URL: path.join(dir, 'bench.db'), NODE_ENV: 'production', SECRET: 'bench-secret-0123456789abcdef' },
    });
    const seconds = (performance.now() - started) / 1000;
    const done = /Done in ([\d.]+) s \(([\d.]+) s of CPU\), peak memory (\d+) MB/.exec(result.stdout);
    const labelled = /Labelled (\d+) comments/.exec(result.stdout);
    if (result.status !== 0 || !done || Number(labelled?.[1]) !== comments) throw new Error(`npm run import failed:\n${result.stdout}\n${result.stderr}`);
    return {
      name: `import-${comments / 1000}k`,
      comments,
      bytes: fs.statSync(file).size,
      seconds,
      cpu_seconds: Number(done[2]),
      peak_mb: Number(done[3]),
      output: result.stdout.trim(),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints the row and its targets. */
export function printImportRow(row: ImportBenchRow): void {
  console.log(
    `\n${row.name}: a WXR of ${row.comments} comments (${(row.bytes / 2 ** 20).toFixed(1)} MB) imported and labelled by npm run import in ${row.seconds.toFixed(1)} s (${row.cpu_seconds.toFixed(1)} s of CPU), peak memory ${row.peak_mb} MB`,
  );
  for (const line of row.output.split('\n')) console.log(`    | ${line}`);
  console.log(
    `  ${row.seconds < TARGET_SECONDS ? 'PASS ' : 'SHORT'} under ${TARGET_SECONDS} s; ${row.peak_mb < TARGET_MB ? 'PASS ' : 'SHORT'} under ${TARGET_MB} MB`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printImportRow(await runImportBench(process.argv.includes('--quick')));
