// CLI: npm run stance:train -- [--out FILE] [--l2 X] [--dropout X] [--epochs N] [--runs N] [--cross-validate] [FILE.json ...]
// Trains the shipped base model on the tuning and training threads (never the held-out or learn-site files).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { BASE_MODEL_URL } from '../../server/stance/models/base-model.js';
import { baseModelFeatures, classifyStance } from '../../server/stance/stance-classifier.js';
import { flattenThread, labelDataset, stanceDatasetSchema, threadContext, type LabelledThread } from './dataset.js';
import type { Stance } from '../../server/shared/stances.js';
import { LinearStanceModel, type TrainOptions, type TrainingExample } from '../../server/stance/models/linear-model.js';
import { buildConfusion, computeMetrics } from './metrics.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/stance/', import.meta.url));
const TRAINING_FILE = /^(tuning|train-[\w-]+)\.json$/;
// Each round relabels the threads with the model so far, so the history a reply sees in training looks
// like the history it will see live (automatic labels with their confidence), not gold.
const ROUNDS = 2;
const FOLDS = 4;
/** Runs averaged into each model (--runs); the shipped model and reported cross-validation figures use all of them. */
const SEEDS = 10;

/** Tuning and train-* fixtures: the only files the base model may learn from. */
export function defaultTrainingFiles(): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => TRAINING_FILE.test(f))
    .sort()
    .map((f) => `${FIXTURES}${f}`);
}

/** Feature vectors of every item, replaying each thread with the given base model labelling the history. */
export function collectExamples(threads: readonly LabelledThread[], base: LinearStanceModel | null): TrainingExample[] {
  const examples: TrainingExample[] = [];
  for (const thread of threads) {
    const context = threadContext(thread);
    for (const { item, gold } of flattenThread(thread)) {
      examples.push({ features: baseModelFeatures(item, context), label: gold });
      const result = classifyStance(item, context, undefined, { base });
      context.earlier.push({ ...item, stance: result.label, source: 'auto', confidence: result.confidence });
    }
  }
  return examples;
}

/**
 * Trains the base model over a few relabelling rounds. Each thread's history is labelled by a model that
 * never saw that thread: a model labelling its own training threads is nearly always right and sure, so
 * the thread priors would learn a trust in earlier labels that live, unseen threads never earn.
 */
export function trainBaseModel(files: readonly (readonly LabelledThread[])[], options: TrainOptions = {}, runs = SEEDS): LinearStanceModel {
  const threads = files.flat();
  let examples = collectExamples(threads, null);
  for (let round = 1; round < ROUNDS; round += 1) {
    const owners = threads.flatMap((thread, t) => flattenThread(thread).map(() => t % FOLDS));
    const next: TrainingExample[][] = threads.map(() => []);
    for (let fold = 0; fold < FOLDS; fold += 1) {
      const model = LinearStanceModel.train(
        examples.filter((_, i) => owners[i] !== fold),
        options,
      );
      threads.forEach((thread, t) => {
        if (t % FOLDS === fold) next[t] = collectExamples([thread], model);
      });
    }
    examples = next.flat();
  }
  // Averaging runs over several shuffle orders and dropout masks evens out which rare words happen to win.
  const models = Array.from({ length: runs }, (_, k) => LinearStanceModel.train(examples, { ...options, seed: (options.seed ?? 7) + k }));
  return LinearStanceModel.average(models);
}

/**
 * Leaves each writer's batch of files out in turn (writers.json), trains on the rest and scores the batch
 * left out: the live site's commenters are never the writers the model learned from. The rules were tuned
 * on the older files, so their figures flatter; batches written after the rules are the honest ones.
 */
function crossValidate(files: readonly { name: string; threads: LabelledThread[] }[], options: TrainOptions, runs: number): void {
  if (runs !== SEEDS) console.log(`quick estimate: ${runs} averaged run(s) per model, not ${SEEDS}; report figures from the full protocol`);
  const all: { gold: Stance; predicted: Stance }[] = [];
  for (const batch of writerBatches(files.map((f) => f.name))) {
    const base = trainBaseModel(
      files.filter((f) => !batch.includes(f.name)).map((f) => f.threads),
      options,
      runs,
    );
    const items = files
      .filter((f) => batch.includes(f.name))
      .flatMap((f) => labelDataset({ threads: f.threads }, undefined, { base }))
      .map((i) => ({ gold: i.gold, predicted: i.predicted }));
    const m = computeMetrics(buildConfusion(items));
    const label = batch.map((name) => basename(name, '.json')).join(' ');
    console.log(`${label.padEnd(44)} F_avg ${m.f_avg.toFixed(3)}  accuracy ${m.accuracy.toFixed(3)}  (${items.length} items)`);
    all.push(...items);
  }
  const m = computeMetrics(buildConfusion(all));
  console.log(`${'all'.padEnd(44)} F_avg ${m.f_avg.toFixed(3)}  accuracy ${m.accuracy.toFixed(3)}  (${all.length} items)`);
}

/** The given files grouped by writer, as writers.json records them; unlisted files stand alone. */
export function writerBatches(names: readonly string[]): string[][] {
  const listed = z.object({ batches: z.array(z.array(z.string())) }).parse(JSON.parse(readFileSync(`${FIXTURES}writers.json`, 'utf8')));
  const batchOf = new Map(listed.batches.flatMap((batch, k) => batch.map((file) => [file, k] as const)));
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const key = String(batchOf.get(basename(name)) ?? name);
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  return [...groups.values()];
}

function main(): void {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? args.splice(outIndex, 2)[1] : fileURLToPath(BASE_MODEL_URL);
  const cvIndex = args.indexOf('--cross-validate');
  if (cvIndex >= 0) args.splice(cvIndex, 1);
  const options: TrainOptions = {};
  for (const name of ['l2', 'dropout', 'epochs'] as const) {
    const at = args.indexOf(`--${name}`);
    if (at >= 0) options[name] = Number(args.splice(at, 2)[1]);
  }
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : SEEDS;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of at least 1');
  const names = args.length > 0 ? args : defaultTrainingFiles();
  const files = names.map((name) => ({ name, threads: stanceDatasetSchema.parse(JSON.parse(readFileSync(name, 'utf8'))).threads }));
  if (cvIndex >= 0) return crossValidate(files, options, runs);
  const threads = files.flatMap((f) => f.threads);
  const model = trainBaseModel(
    files.map((f) => f.threads),
    options,
    runs,
  );
  const json = JSON.stringify(model.toJSON());
  writeFileSync(out ?? fileURLToPath(BASE_MODEL_URL), `${json}\n`);
  console.log(`trained on ${threads.length} threads from ${files.length} files; ${model.size} features; ${(json.length / 1024).toFixed(0)} KB -> ${out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
