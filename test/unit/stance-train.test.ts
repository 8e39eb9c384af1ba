import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultTrainingFiles, writerBatches } from '../../tools/stance/train.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/stance/', import.meta.url));

describe('cross-validation by writer', () => {
  it("leaves a writer's whole batch out together and every other file on its own", () => {
    const names = ['train-a.json', 'train-j.json', 'train-b.json', 'tuning.json'].map((f) => `${FIXTURES}${f}`);
    expect(writerBatches(names)).toEqual([[names[0], names[2]], [names[1]], [names[3]]]);
  });

  it('lists only training files that exist, each in one batch', () => {
    const listed = (JSON.parse(readFileSync(`${FIXTURES}writers.json`, 'utf8')) as { batches: string[][] }).batches.flat();
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.filter((f) => !existsSync(`${FIXTURES}${f}`) || !/^train-/.test(f))).toEqual([]);
    const all = defaultTrainingFiles();
    expect(writerBatches(all).flat().sort()).toEqual([...all].sort());
  });
});
