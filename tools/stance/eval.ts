// CLI: npm run stance:eval -- FILE.json [--learn-from FILE2.json] [--json] [--errors]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { labelDataset, learnFromDataset, stanceDatasetSchema, type ScoredItem, type StanceDataset } from './dataset.js';
import { buildConfusion, calibrate, computeMetrics, type StanceMetrics } from './metrics.js';
import { LinearStanceModel } from '../../server/stance/models/linear-model.js';
import type { StanceModel } from '../../server/stance/models/site-model.js';
import { STANCES } from '../../server/shared/stances.js';

const USAGE = 'usage: npm run stance:eval -- FILE.json [--learn-from FILE2.json] [--base MODEL.json | --rules-only] [--json] [--errors]';

function readDataset(path: string): StanceDataset {
  return stanceDatasetSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

function parseArgs(argv: string[]): { file: string; learnFrom?: string; base?: string; rulesOnly: boolean; json: boolean; errors: boolean } {
  const args = [...argv];
  let file: string | undefined;
  let learnFrom: string | undefined;
  let json = false;
  let errors = false;
  let base: string | undefined;
  let rulesOnly = false;
  while (args.length > 0) {
    const arg = args.shift();
    if (arg === '--json') json = true;
    else if (arg === '--errors') errors = true;
    else if (arg === '--learn-from') learnFrom = args.shift();
    else if (arg === '--base') base = args.shift();
    else if (arg === '--rules-only') rulesOnly = true;
    else if (arg && !arg.startsWith('--')) file = arg;
    else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  if (!file) throw new Error(USAGE);
  return { file, learnFrom, base, rulesOnly, json, errors };
}

const pct = (x: number) => x.toFixed(3);

function printReport(metrics: StanceMetrics, calibration: ReturnType<typeof calibrate>, msPerItem: number, msCold: number, learnedItems: number): void {
  console.log(`items scored: ${metrics.total} (comments and remarks; posts are not scored)`);
  if (learnedItems > 0) console.log(`learned from: ${learnedItems} labelled items`);
  console.log('\nlabel      precision  recall  f1     support');
  for (const l of STANCES) {
    const s = metrics.labels[l];
    console.log(`${l.padEnd(10)} ${pct(s.precision).padEnd(10)} ${pct(s.recall).padEnd(7)} ${pct(s.f1).padEnd(6)} ${s.support}`);
  }
  console.log(`\nF_avg (pro, against): ${pct(metrics.f_avg)}`);
  console.log(`accuracy:             ${pct(metrics.accuracy)}`);
  console.log(`F1(neutral):          ${pct(metrics.f1.neutral)}`);
  console.log(`ms per item:          ${msPerItem.toFixed(3)} (warm; first pass ${msCold.toFixed(3)})`);
  console.log('\nconfusion (rows gold, columns predicted)');
  console.log(`${''.padEnd(10)}${STANCES.map((l) => l.padStart(9)).join('')}`);
  for (const g of STANCES) console.log(`${g.padEnd(10)}${STANCES.map((p) => String(metrics.confusion[g][p]).padStart(9)).join('')}`);
  console.log(`\nconfidence  items  mean conf  accuracy   (calibration error ${pct(calibration.ece)})`);
  for (const b of calibration.bands) {
    console.log(
      `${`${b.from.toFixed(1)}-${b.to.toFixed(1)}`.padEnd(11)} ${String(b.items).padStart(5)}  ${pct(b.mean_confidence).padStart(9)}  ${pct(b.accuracy).padStart(8)}`,
    );
  }
}

function printErrors(items: ScoredItem[]): void {
  for (const i of items.filter((x) => x.gold !== x.predicted)) {
    console.log(`\n[t${i.thread} ${i.id}] gold=${i.gold} got=${i.predicted} (${i.confidence}) ${i.author}: ${i.body}`);
    for (const c of i.cues) console.log(`    - ${c}`);
  }
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const dataset = readDataset(options.file);
  let model: StanceModel | undefined;
  if (options.learnFrom) model = learnFromDataset(readDataset(options.learnFrom));
  // Default: the shipped base model. --base swaps in another (for cross-validation), --rules-only drops it.
  const base = options.rulesOnly ? null : options.base ? LinearStanceModel.fromJSON(JSON.parse(readFileSync(options.base, 'utf8'))) : undefined;
  // The first pass pays for JIT warm-up, as a freshly started server would once; a running server is warm.
  const coldStart = performance.now();
  const cold = labelDataset(dataset, model, { base });
  const msCold = (performance.now() - coldStart) / Math.max(1, cold.length);
  const started = performance.now();
  const items = labelDataset(dataset, model, { base });
  const msPerItem = (performance.now() - started) / Math.max(1, items.length);
  const metrics = computeMetrics(buildConfusion(items.map((i) => ({ gold: i.gold, predicted: i.predicted }))));
  const calibration = calibrate(items);
  if (options.json) {
    const { f_avg, accuracy, f1, labels, confusion, total } = metrics;
    console.log(
      JSON.stringify({
        file: options.file,
        learn_from: options.learnFrom ?? null,
        items: total,
        f_avg,
        accuracy,
        f1,
        labels,
        confusion,
        ms_per_item: msPerItem,
        ms_per_item_cold: msCold,
        calibration,
      }),
    );
    return;
  }
  printReport(metrics, calibration, msPerItem, msCold, model?.trained ?? 0);
  if (options.errors) printErrors(items);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
