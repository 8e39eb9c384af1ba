// The benchmark's table: rows as bench-results.json holds them, the issue's targets, and how they print.
import type { Measurement } from './measure.js';

export const ROW_ORDER = [
  'fixed',
  'page-15',
  'page-500',
  'page-5000',
  'page-5000-replytocom',
  'page-5000-default',
  'page-5000-default-identity',
  'api-15',
  'api-500',
  'api-5000',
  'post-comment',
  'post-comment-notify',
  'post-comment-adversarial',
  'page-15-beside-edits',
  'embed-15',
  'counts-50',
];

export interface ResultRow {
  name: string;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  bytes: number;
  ratio: number;
  /** The server's CPU time per response, all its threads, where it was measured. */
  server_cpu_ms?: number;
}

const ratio = (r: ResultRow) => `ratio ${r.ratio.toFixed(3)}`;
const p99 = (r: ResultRow) => `p99 ${r.p99_ms.toFixed(1)} ms`;
const rate = (r: ResultRow) => `${r.rps.toFixed(1)} req/s`;

/** The issues' targets, each read from one row of the table, with the figure it is judged by. */
const TARGETS = [
  { row: 'page-15', text: 'page-15 ratio >= 0.5 (half the fixed route)', met: (r: ResultRow) => r.ratio >= 0.5, figure: ratio },
  { row: 'page-5000', text: 'page-5000 >= 60 requests/s', met: (r: ResultRow) => r.rps >= 60, figure: rate },
  { row: 'post-comment', text: 'post-comment >= 1,000 requests/s', met: (r: ResultRow) => r.rps >= 1000, figure: rate },
  {
    row: 'page-5000-default',
    text: 'page-5000-default (50 per page, 16 connections) p99 < 50 ms',
    met: (r: ResultRow) => r.p99_ms < 50,
    figure: p99,
  },
  {
    row: 'post-comment-adversarial',
    text: 'post-comment-adversarial (while another client posts 64 KB adversarial comments) p99 < 100 ms',
    met: (r: ResultRow) => r.p99_ms < 100,
    figure: p99,
  },
  {
    row: 'page-15-beside-edits',
    text: 'page-15-beside-edits (readers while a writer edits and deletes back to back) p99 < 100 ms',
    met: (r: ResultRow) => r.p99_ms < 100,
    figure: (r: ResultRow) => `p99 ${r.p99_ms.toFixed(1)} ms, ${r.rps.toFixed(1)} req/s, ratio ${r.ratio.toFixed(3)}`,
  },
  { row: 'embed-15', text: 'embed-15 (a framed thread, from the cache) ratio >= 0.5', met: (r: ResultRow) => r.ratio >= 0.5, figure: ratio },
  { row: 'counts-50', text: 'counts-50 (comment counts of 50 pages, one request) ratio >= 0.25', met: (r: ResultRow) => r.ratio >= 0.25, figure: ratio },
];

/** Each measurement as a row of bench-results.json, with its rate as a share of the fixed route's on its own server. */
export function toRows(measurements: Measurement[]): ResultRow[] {
  const fixed = measurements.find((m) => m.name === 'fixed');
  const baseline = (m: Measurement) => m.baseline_rps ?? fixed?.rps ?? 0;
  const rows = ROW_ORDER.map((name) => measurements.find((m) => m.name === name)).filter((m): m is Measurement => m !== undefined);
  return rows.map((m) => ({
    name: m.name,
    rps: m.rps,
    p50_ms: m.p50_ms,
    p99_ms: m.p99_ms,
    bytes: m.bytes,
    ratio: baseline(m) > 0 ? Math.round((m.rps / baseline(m)) * 1000) / 1000 : 0,
    ...(m.server_cpu_ms === undefined ? {} : { server_cpu_ms: m.server_cpu_ms }),
  }));
}

/** Prints each target whose row was measured, with its verdict and figure. */
export function printVerdicts(rows: ResultRow[]): void {
  for (const target of TARGETS) {
    const row = rows.find((r) => r.name === target.row);
    // A row that got no answer at all has a p99 of 0: it meets nothing.
    if (row) console.log(`  ${row.rps > 0 && target.met(row) ? 'PASS ' : 'SHORT'} ${target.text}: ${target.figure(row)}`);
  }
}

/** Prints the rows as a table, with the fixed rate each ratio divides by and the server's CPU time per response. */
export function printTable(rows: ResultRow[], measurements: Measurement[]): void {
  const header = ['name', 'req/s', 'p50 ms', 'p99 ms', 'bytes/resp', 'ratio', 'fixed beside', 'ok responses', 'server CPU ms/resp'];
  const lines = rows.map((r) => {
    const m = measurements.find((x) => x.name === r.name);
    const cpu = m?.server_cpu_ms === undefined ? '-' : m.server_cpu_ms.toFixed(3);
    return [
      r.name,
      r.rps.toFixed(1),
      r.p50_ms.toFixed(2),
      r.p99_ms.toFixed(2),
      String(r.bytes),
      r.ratio.toFixed(3),
      m?.baseline_rps === undefined ? '-' : m.baseline_rps.toFixed(1),
      m ? `${m.succeeded}/${m.completed}` : '',
      cpu,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(`\n${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const line of lines) console.log(format(line));
}

/** The same rows of two runs side by side (SQLite and PostgreSQL; the tsx source and the build), CPU per response included. */
export function printComparison(a: ResultRow[], b: ResultRow[], labels: [string, string] = ['sqlite', 'pg'], title = 'SQLite beside PostgreSQL'): void {
  console.log(`\n${title} (req/s, p99 ms, ratio to the fixed route of the same server, server CPU ms per response):`);
  const [x, y] = labels;
  const heads = [`${x} req/s`, `${y} req/s`, `${x} p99`, `${y} p99`, `${y}/${x}`, `${x} ratio`, `${y} ratio`, `${x} CPU ms`, `${y} CPU ms`, `${y}/${x} CPU`];
  const cpu = (r: ResultRow | undefined) => r?.server_cpu_ms?.toFixed(3) ?? '-';
  console.log(`${'name'.padEnd(26)}  ${heads.map((h) => h.padStart(12)).join('  ')}`);
  for (const row of a) {
    const other = b.find((r) => r.name === row.name);
    const cells = [
      row.rps.toFixed(1),
      other?.rps.toFixed(1) ?? '-',
      row.p99_ms.toFixed(1),
      other?.p99_ms.toFixed(1) ?? '-',
      other && row.rps > 0 ? `${(other.rps / row.rps).toFixed(2)}x` : '-',
      row.ratio.toFixed(3),
      other?.ratio.toFixed(3) ?? '-',
      cpu(row),
      cpu(other),
      cpuShare(row, other)?.toFixed(2).concat('x') ?? '-',
    ];
    console.log(`${row.name.padEnd(26)}  ${cells.map((c) => c.padStart(12)).join('  ')}`);
  }
}

/**
 * The tsx and build servers are loaded in turns, but two rates of the same code still differ by a few per cent from
 * slice to slice on a shared machine, so a row counts as slower only beyond this share.
 */
const SLOWER_BEYOND = 0.05;

/**
 * The build's verdict: no row slower than under tsx by more than the noise of two back-to-back measurements. The
 * rows that cost more CPU per response on the build are listed beside it: that figure moves less with the machine.
 */
export function printBuildVerdict(source: ResultRow[], build: ResultRow[]): void {
  const pairs = source.flatMap((row) => {
    const other = build.find((r) => r.name === row.name);
    return other ? [{ name: row.name, rate: row.rps > 0 ? other.rps / row.rps : undefined, cpu: cpuShare(row, other) }] : [];
  });
  const listed = (shares: { name: string; share: number }[]) => shares.map(({ name, share }) => `${name} ${share.toFixed(2)}x`).join(', ');
  const rates = pairs.flatMap(({ name, rate }) => (rate === undefined ? [] : [{ name, share: rate }]));
  const cpus = pairs.flatMap(({ name, cpu }) => (cpu === undefined ? [] : [{ name, share: cpu }]));
  const slower = rates.filter(({ share }) => share < 1 - SLOWER_BEYOND);
  const costlier = cpus.filter(({ share }) => share > 1 + SLOWER_BEYOND);
  const verdict = slower.length === 0 ? 'PASS ' : 'SHORT';
  console.log(
    `  ${verdict} no row of the build slower than under tsx (by more than ${SLOWER_BEYOND * 100} %): ${slower.length === 0 ? `all ${source.length} rows` : listed(slower)}`,
  );
  console.log(`        CPU per response more than ${SLOWER_BEYOND * 100} % above tsx's: ${costlier.length === 0 ? 'no row' : listed(costlier)}`);
  // One row's share swings by 10-30 % from run to run either way; the mean over the rows shows a real difference.
  const mean = (shares: { share: number }[]) => geometricMean(shares.map(({ share }) => share)).toFixed(3);
  // A row the build never answered is SHORT above; its share of 0 has no logarithm.
  const answered = rates.filter(({ share }) => share > 0);
  console.log(`        over all rows (geometric mean), build/tsx: rate ${mean(answered)}x, CPU per response ${mean(cpus)}x`);
}

/** The second row's CPU per response as a share of the first's, where both were measured. */
function cpuShare(row: ResultRow, other: ResultRow | undefined): number | undefined {
  return row.server_cpu_ms && other?.server_cpu_ms ? other.server_cpu_ms / row.server_cpu_ms : undefined;
}

function geometricMean(values: number[]): number {
  return values.length === 0 ? Number.NaN : Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}
