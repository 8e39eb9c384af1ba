// CLI: npx tsx server/stance/stance-train.ts [--out FILE] [--l2 X] [--dropout X] [--epochs N] [FILE.json ...]
// Trains the shipped base model on the tuning and training threads (never the held-out or learn-site files).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BASE_MODEL_URL } from './stance-base.js';
import { analyzeStance, classifyStance, type StanceContext, type ThreadItem } from './stance-classifier.js';
import { flattenThread, stanceDatasetSchema, type StanceThread } from './stance-dataset.js';
import { baseFeatures } from './stance-features.js';
import { LinearStanceModel, type TrainOptions, type TrainingExample } from './stance-linear.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/stance/', import.meta.url));
const TRAINING_FILE = /^(tuning|train-[\w-]+)\.json$/;
// Each round relabels the threads with the model so far, so the history a reply sees in training looks
// like the history it will see live (automatic labels with their confidence), not gold.
const ROUNDS = 2;

/** Tuning and train-* fixtures: the only files the base model may learn from. */
export function defaultTrainingFiles(): string[] {
  return readdirSync(FIXTURES).filter((f) => TRAINING_FILE.test(f)).sort().map((f) => `${FIXTURES}${f}`);
}

/** Feature vectors of every item, replaying each thread with the given base model labelling the history. */
export function collectExamples(threads: readonly StanceThread[], base: LinearStanceModel | null): TrainingExample[] {
  const examples: TrainingExample[] = [];
  for (const thread of threads) {
    const earlier: ThreadItem[] = [];
    const context: StanceContext = {
      subject: thread.subject,
      post: { author: thread.post.author, title: thread.post.title, body: thread.post.body, stance: thread.post.gold },
      earlier,
    };
    for (const { item, gold } of flattenThread(thread)) {
      examples.push({ features: baseFeatures(analyzeStance(item, context), item, context), label: gold });
      const result = classifyStance(item, context, undefined, { base });
      earlier.push({ ...item, stance: result.label, source: 'auto', confidence: result.confidence });
    }
  }
  return examples;
}

/** Trains the base model over a few relabelling rounds. */
export function trainBaseModel(threads: readonly StanceThread[], options: TrainOptions = {}): LinearStanceModel {
  let model: LinearStanceModel | null = null;
  for (let round = 0; round < ROUNDS; round += 1) model = LinearStanceModel.train(collectExamples(threads, model), options);
  return model ?? new LinearStanceModel();
}

function main(): void {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? args.splice(outIndex, 2)[1] : fileURLToPath(BASE_MODEL_URL);
  const options: TrainOptions = {};
  for (const name of ['l2', 'dropout', 'epochs'] as const) {
    const at = args.indexOf(`--${name}`);
    if (at >= 0) options[name] = Number(args.splice(at, 2)[1]);
  }
  const files = args.length > 0 ? args : defaultTrainingFiles();
  const threads = files.flatMap((f) => stanceDatasetSchema.parse(JSON.parse(readFileSync(f, 'utf8'))).threads);
  const model = trainBaseModel(threads, options);
  const json = JSON.stringify(model.toJSON());
  writeFileSync(out ?? fileURLToPath(BASE_MODEL_URL), `${json}\n`);
  console.log(`trained on ${threads.length} threads from ${files.length} files; ${model.size} features; ${(json.length / 1024).toFixed(0)} KB -> ${out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
