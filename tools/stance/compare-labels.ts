// CLI: npx tsx tools/stance/compare-labels.ts --write OUT.json | --compare BEFORE.json AFTER.json
// The identity check for refactors of the classifier: --write labels every fixture file the way stance-eval does
// (each thread's items in order, earlier items carrying the engine's own labels) and writes each item's label,
// confidence and cues; the learn-site test files are labelled a second time with a site model learned from their
// training files. --compare reports every difference between two such files. Held-out files are compared in
// aggregate only (a count of differing items), so nobody reads, or tunes on, their items.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { labelDataset, learnFromDataset, stanceDatasetSchema, type StanceDataset } from './dataset.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/stance/', import.meta.url));
const HELD_OUT = /^heldout/;
const CONFIDENCE_TOLERANCE = 1e-9;

interface LabelledItem {
  thread: number;
  id: string;
  label: string;
  confidence: number;
  cues: string[];
}
type LabelDump = Record<string, LabelledItem[]>;

function read(name: string): StanceDataset {
  return stanceDatasetSchema.parse(JSON.parse(readFileSync(`${FIXTURES}${name}`, 'utf8')));
}

function label(dataset: StanceDataset, learnFrom?: StanceDataset): LabelledItem[] {
  const model = learnFrom ? learnFromDataset(learnFrom) : undefined;
  return labelDataset(dataset, model).map((i) => ({ thread: i.thread, id: i.id, label: i.predicted, confidence: i.confidence, cues: i.cues }));
}

function writeDump(out: string): void {
  const files = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json') && f !== 'writers.json')
    .sort();
  const dump: LabelDump = {};
  for (const name of files) dump[name] = label(read(name));
  for (const name of files.filter((f) => /^learn-site.*-test\.json$/.test(f))) {
    dump[`${name} --learn-from ${name.replace('-test', '-train')}`] = label(read(name), read(name.replace('-test', '-train')));
  }
  writeFileSync(out, `${JSON.stringify(dump, null, 1)}\n`);
  const items = Object.values(dump).reduce((n, list) => n + list.length, 0);
  console.log(`${items} items from ${Object.keys(dump).length} runs -> ${out}`);
}

function sameItem(a: LabelledItem, b: LabelledItem): boolean {
  return (
    a.thread === b.thread &&
    a.id === b.id &&
    a.label === b.label &&
    Math.abs(a.confidence - b.confidence) <= CONFIDENCE_TOLERANCE &&
    JSON.stringify(a.cues) === JSON.stringify(b.cues)
  );
}

function compare(beforePath: string, afterPath: string): boolean {
  const before = JSON.parse(readFileSync(beforePath, 'utf8')) as LabelDump;
  const after = JSON.parse(readFileSync(afterPath, 'utf8')) as LabelDump;
  let differing = 0;
  let items = 0;
  for (const run of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[run] ?? [];
    const b = after[run] ?? [];
    const heldOut = HELD_OUT.test(run);
    let runDiffering = Math.abs(a.length - b.length);
    for (let k = 0; k < Math.min(a.length, b.length); k += 1) {
      const x = a[k]!;
      const y = b[k]!;
      items += 1;
      if (sameItem(x, y)) continue;
      runDiffering += 1;
      if (!heldOut)
        console.log(
          `${run} t${x.thread} ${x.id}:\n  before ${x.label} ${x.confidence} ${JSON.stringify(x.cues)}\n  after  ${y.label} ${y.confidence} ${JSON.stringify(y.cues)}`,
        );
    }
    if (runDiffering > 0) console.log(`${run}: ${runDiffering} item(s) differ${heldOut ? ' (held out: not shown)' : ''}`);
    differing += runDiffering;
  }
  console.log(differing === 0 ? `identical: ${items} items` : `${differing} of ${items} items differ`);
  return differing === 0;
}

const [mode, first, second] = process.argv.slice(2);
if (mode === '--write' && first) writeDump(first);
else if (mode === '--compare' && first && second) process.exitCode = compare(first, second) ? 0 : 1;
else {
  console.error('usage: npx tsx tools/stance/compare-labels.ts --write OUT.json | --compare BEFORE.json AFTER.json');
  process.exitCode = 2;
}
