/**
 * The import row of npm run bench: a generated WordPress export of 50,000 comments (threaded, on 100 posts) is
 * imported and labelled by the real command, `npm run import`, in a process of its own; the row is its wall time
 * and peak memory (the whole process, the classifier's thread included). Targets: under 60 s and 300 MB.
 * Alone: npx tsx bench/import.ts [--quick]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
  seconds: number;
  /** CPU time of all the import's threads: the figure that holds when other work shares the machine. */
  cpu_seconds: number;
  peak_mb: number;
}

const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
const wpDate = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** Writes the export to `file` a post at a time, as WordPress lays it out; replies point at earlier comments of their post. */
export function writeExport(file: string, comments: number): void {
  const random = createRandom(18);
  const fd = fs.openSync(file, 'w');
  const write = (text: string) => fs.writeSync(fd, text);
  write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench blog</title><link>https://bench.example</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://bench.example</wp:base_site_url>
<wp:author><wp:author_login>editor</wp:author_login><wp:author_email>editor@bench.example</wp:author_email><wp:author_display_name>Bench Editor</wp:author_display_name></wp:author>
`);
  let commentId = 1;
  const start = Date.UTC(2012, 0, 1);
  for (let p = 1; p <= POSTS; p++) {
    const date = start + p * 86_400_000;
    write(`<item><title>Question ${p} about Marlon Vey</title><link>https://bench.example/2012/01/${p}/question-${p}/</link>
<dc:creator>editor</dc:creator><guid isPermaLink="false">https://bench.example/?p=${p}</guid>
<content:encoded>${cdata(`<p>Marlon Vey said something again, post ${p}.</p>\n\nWhat do you make of it?`)}</content:encoded>
<wp:post_id>${p}</wp:post_id><wp:post_date_gmt>${wpDate(date)}</wp:post_date_gmt><wp:post_name>question-${p}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
`);
    const first = commentId;
    const count = Math.floor(comments / POSTS);
    for (let i = 0; i < count; i++, commentId++) {
      const parent = commentId > first && random() < 0.6 ? between(random, first, commentId - 1) : 0;
      const name = `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;
      write(`<wp:comment><wp:comment_id>${commentId}</wp:comment_id><wp:comment_author>${cdata(name)}</wp:comment_author>
<wp:comment_author_email>c${commentId % 997}@example.org</wp:comment_author_email><wp:comment_date_gmt>${wpDate(date + i * 60_000)}</wp:comment_date_gmt>
<wp:comment_content>${cdata(generateCommentBody(random, null))}</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent></wp:comment>
`);
    }
    write('</item>\n');
  }
  write('</channel>\n</rss>\n');
  fs.closeSync(fd);
}

/** Generates the export, imports and labels it with `npm run import` on a fresh SQLite file, and returns the row. */
export function runImportBench(quick: boolean): ImportBenchRow {
  const comments = quick ? QUICK_COMMENTS : FULL_COMMENTS;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rejoinder-bench-import-'));
  try {
    const file = path.join(dir, 'export.xml');
    writeExport(file, comments);
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'server/cli/import.ts', 'wordpress', file, '--subject', 'Marlon Vey', '--aliases', 'Marlon,Vey'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: path.join(dir, 'bench.db'), NODE_ENV: 'production', SECRET: 'bench-secret-0123456789abcdef' },
      },
    );
    const done = /Done in ([\d.]+) s \(([\d.]+) s of CPU\), peak memory (\d+) MB/.exec(result.stdout);
    const labelled = /Labelled (\d+) comments/.exec(result.stdout);
    if (result.status !== 0 || !done || Number(labelled?.[1]) !== comments) throw new Error(`npm run import failed:\n${result.stdout}\n${result.stderr}`);
    return { name: `import-${comments / 1000}k`, comments, seconds: Number(done[1]), cpu_seconds: Number(done[2]), peak_mb: Number(done[3]) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints the row and its targets. */
export function printImportRow(row: ImportBenchRow): void {
  console.log(
    `\n${row.name}: ${row.comments} comments imported and labelled in ${row.seconds.toFixed(1)} s (${row.cpu_seconds.toFixed(1)} s of CPU), peak memory ${row.peak_mb} MB`,
  );
  console.log(
    `  ${row.seconds < TARGET_SECONDS ? 'PASS ' : 'SHORT'} under ${TARGET_SECONDS} s; ${row.peak_mb < TARGET_MB ? 'PASS ' : 'SHORT'} under ${TARGET_MB} MB`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printImportRow(runImportBench(process.argv.includes('--quick')));
