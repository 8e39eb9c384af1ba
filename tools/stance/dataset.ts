// The labelled-thread file format of the eval, and replaying it through the classifier as the live site would.
import { z } from 'zod';
import { classifyStance, type ClassifyOptions } from '../../server/stance/stance-classifier.js';
import type { StanceContext, ThreadItem } from '../../server/stance/stance-types.js';
import { StanceModel } from '../../server/stance/models/site-model.js';
import { STANCES, type Stance } from '../../server/shared/stances.js';

const stance = z.enum(STANCES);
const remarkSchema = z.object({
  author: z.string(),
  headline: z.string().optional(),
  posted: z.string().optional(),
  body: z.string(),
  gold: stance,
});
const threadSchema = z.object({
  subject: z.object({
    name: z.string().min(1),
    aliases: z.array(z.string()).default([]),
    allies: z.array(z.string()).optional(),
    rivals: z.array(z.string()).optional(),
  }),
  post: z.object({ author: z.string(), title: z.string(), body: z.string(), gold: stance.optional() }),
  comments: z.array(
    z.object({
      id: z.string(),
      parent: z.string().nullable(),
      author: z.string(),
      body: z.string(),
      gold: stance,
      remarks: z.array(remarkSchema).optional(),
    }),
  ),
});
/** Schema of an eval file: { threads: [...] }. */
export const stanceDatasetSchema = z.object({ threads: z.array(threadSchema).min(1) });
export type StanceDataset = z.infer<typeof stanceDatasetSchema>;
export type LabelledThread = z.infer<typeof threadSchema>;

export interface ScoredItem {
  thread: number;
  id: string;
  kind: 'comment' | 'remark';
  author: string;
  body: string;
  gold: Stance;
  predicted: Stance;
  confidence: number;
  cues: string[];
}

/** One thread's comments and remarks in display order, as ThreadItems plus their gold labels. */
export function flattenThread(thread: LabelledThread): { item: ThreadItem; gold: Stance }[] {
  const out: { item: ThreadItem; gold: Stance }[] = [];
  for (const c of thread.comments) {
    out.push({ item: { id: c.id, parentId: c.parent, author: c.author, body: c.body, kind: 'comment' }, gold: c.gold });
    (c.remarks ?? []).forEach((r, k) => {
      const item: ThreadItem = { id: `${c.id}.r${k + 1}`, parentId: c.id, author: r.author, body: r.body, kind: 'remark' };
      out.push({ item, gold: r.gold });
    });
  }
  return out;
}

/** A thread's context as the live site would give it, with no history yet: callers append each item once labelled. Pure. */
export function threadContext(thread: LabelledThread): StanceContext & { earlier: ThreadItem[] } {
  return {
    subject: thread.subject,
    post: { author: thread.post.author, title: thread.post.title, body: thread.post.body, stance: thread.post.gold },
    earlier: [],
  };
}

/** Labels every comment and remark in thread order; each earlier item carries the engine's label, never gold. */
export function labelDataset(dataset: StanceDataset, model?: StanceModel, options: ClassifyOptions = {}): ScoredItem[] {
  const scored: ScoredItem[] = [];
  dataset.threads.forEach((thread, t) => {
    const context = threadContext(thread);
    for (const { item, gold } of flattenThread(thread)) {
      const result = classifyStance(item, context, model, options);
      scored.push({
        thread: t,
        id: item.id,
        kind: item.kind,
        author: item.author,
        body: item.body,
        gold,
        predicted: result.label,
        confidence: result.confidence,
        cues: result.cues,
      });
      context.earlier.push({ ...item, stance: result.label, source: 'auto', confidence: result.confidence });
    }
  });
  return scored;
}

/** Trains a model on a dataset's gold labels, standing in for moderator decisions. */
export function learnFromDataset(dataset: StanceDataset, model = new StanceModel()): StanceModel {
  for (const thread of dataset.threads) {
    for (const { item, gold } of flattenThread(thread)) model.learn(item.body, gold, thread.subject);
  }
  return model;
}
