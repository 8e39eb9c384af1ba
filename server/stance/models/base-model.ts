// The shipped base model (base-model.json beside this file, written by tools/stance/train.ts), read once on first use.
import { readFileSync } from 'node:fs';
import { LinearStanceModel } from './linear-model.js';

/** Where the training CLI writes the base model and the classifier reads it. */
export const BASE_MODEL_URL = new URL('./base-model.json', import.meta.url);

let cached: LinearStanceModel | null | undefined;

/** The shipped base model, or null when none has been trained yet (then the rules decide alone). */
export function loadBaseModel(): LinearStanceModel | null {
  if (cached !== undefined) return cached;
  try {
    cached = LinearStanceModel.fromJSON(JSON.parse(readFileSync(BASE_MODEL_URL, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    cached = null;
  }
  return cached;
}
