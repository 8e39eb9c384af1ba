// The classifier's worker thread: labels the items it is handed (and teaches the site model) with the pure
// classifier, keeping between jobs only what is costly to rebuild: the last site model it parsed and each
// post's context object, which the classifier's subject matcher is cached on.
import { parentPort } from 'node:worker_threads';
import type { JobMessage, JobPost, JobReply } from './classifier-thread.js';
import { StanceModel } from './models/site-model.js';
import { walkRelabel } from './relabel-plan.js';
import { classifyStance } from './stance-classifier.js';
import { ThreadWindow } from './thread-window.js';
import type { StanceContext } from './stance-types.js';

const POSTS_KEPT = 100;
const port = parentPort!;
let siteModel: { serial: number; model: StanceModel } | undefined;
const posts = new Map<number, { key: string; post: StanceContext['post']; subject: StanceContext['subject'] }>();

function modelFor(ref: JobMessage['siteModel']): StanceModel | undefined {
  if (!ref) return undefined;
  if (siteModel?.serial !== ref.serial) {
    if (ref.json === undefined) throw new Error(`site model ${ref.serial} was never sent`);
    siteModel = { serial: ref.serial, model: StanceModel.fromJSON(JSON.parse(ref.json)) };
  }
  return siteModel.model;
}

// The same post keeps the same objects, so the classifier builds its subject matcher once per post, not per job.
function postContext(post: JobPost): { post: StanceContext['post']; subject: StanceContext['subject'] } {
  const key = JSON.stringify([post.text, post.subject]);
  const cached = posts.get(post.id);
  if (cached?.key === key) return cached;
  if (posts.size >= POSTS_KEPT) posts.clear();
  const value = { key, post: post.text, subject: post.subject };
  posts.set(post.id, value);
  return value;
}

function answer(message: JobMessage): JobReply {
  if (message.kind === 'ping') return { id: message.id, results: [] };
  if (message.kind === 'learn') {
    const saved = modelFor(message.siteModel);
    // A copy: the kept model must not learn a lesson whose transaction may still roll back.
    const model = saved ? StanceModel.fromJSON(saved.toJSON()) : new StanceModel();
    model.learn(message.text, message.label, message.subject);
    return { id: message.id, json: JSON.stringify(model.toJSON()) };
  }
  const model = modelFor(message.siteModel);
  const { post, subject } = postContext(message.post);
  if (message.kind === 'relabel') {
    return { id: message.id, relabelled: walkRelabel(message.walk, (target, earlier) => classifyStance(target, { subject, post, earlier }, model)) };
  }
  // Each item sees the ones before it with their new labels, within the bounds a single comment's context has; an
  // item handed with a moderator's or its writer's label keeps that one for the items after it.
  const thread = new ThreadWindow(message.earlier);
  const results = message.items.map((item) => {
    const result = classifyStance(item, { subject, post, earlier: thread.before(item.parentId) }, model);
    const kept = item.source !== undefined && item.source !== 'auto';
    thread.push(kept ? item : { ...item, stance: result.label, source: 'auto', confidence: result.confidence });
    return result;
  });
  return { id: message.id, results };
}

port.on('message', (message: JobMessage) => {
  let reply: JobReply;
  try {
    reply = answer(message);
  } catch (error) {
    reply = { id: message.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
