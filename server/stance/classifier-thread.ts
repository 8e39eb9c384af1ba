// The one way the serving processes reach the classifier: a worker thread that is handed pure inputs (the item,
// the thread before it, the post, the site model) and answers labels, so no classification runs on the event
// loop, on SQLite or PostgreSQL alike. The main thread reads and writes the database; the worker never does.
import { Worker } from 'node:worker_threads';
import { classifierItemSeconds, classifierQueueLength } from '../shared/metrics.js';
import type { Stance } from '../shared/stances.js';
import type { Relabelled, WalkInput } from './relabel-plan.js';
import type { StancePostText, StanceResult, StanceSubject, ThreadItem } from './stance-types.js';

// Run from the source tree (npm run dev, the tests), this module is TypeScript under tsx, which a worker does not
// inherit: the worker registers it first. The build (dist/) runs its compiled worker as it is.
const FROM_SOURCE = import.meta.url.endsWith('.ts');

function startWorker(): Worker {
  if (!FROM_SOURCE) return new Worker(new URL('./classifier-worker.js', import.meta.url));
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./classifier-worker.ts', import.meta.url).href)}); });`;
  return new Worker(bootstrap, { eval: true });
}
/** Far above the classifier's bounded cost (tens of ms): a job this late means the worker is stuck, and it is replaced. */
const JOB_TIMEOUT_MS = 15_000;

/** The site's learned model as stored: `serial` names this copy, so the worker parses each copy once. */
export interface SavedSiteModel {
  serial: number;
  json: string;
}

/** The post an item is under, with its id so the worker can keep the post's subject matcher between jobs. */
export interface JobPost {
  id: number;
  text: StancePostText;
  subject: StanceSubject;
}

/** Items to label in order; each later item sees the earlier ones with the labels just given (a batch of remarks). */
export interface ClassifyJob {
  kind: 'classify';
  post: JobPost;
  earlier: ThreadItem[];
  items: ThreadItem[];
  siteModel: SavedSiteModel | null;
}

/** A relabelling walk over a post's thread (relabel-plan.ts): every label it moves is worked out here in one job. */
export interface RelabelJob {
  kind: 'relabel';
  post: JobPost;
  walk: WalkInput;
  siteModel: SavedSiteModel | null;
}

/** One lesson for the site model: the worker answers the updated model's JSON. */
export interface LearnJob {
  kind: 'learn';
  siteModel: SavedSiteModel | null;
  text: string;
  label: Stance;
  subject: StanceSubject;
}

/** Asks the worker to answer at once: /healthz's proof that the thread is alive. */
export interface PingJob {
  kind: 'ping';
  siteModel: null;
}

/** A job as it crosses to the worker: the model's JSON travels only when the worker has not got that copy yet. */
export type JobMessage = (Omit<ClassifyJob, 'siteModel'> | Omit<LearnJob, 'siteModel'> | Omit<RelabelJob, 'siteModel'> | Omit<PingJob, 'siteModel'>) & {
  id: number;
  siteModel: { serial: number; json?: string } | null;
};

export type JobReply = { id: number; error?: string; results?: StanceResult[]; json?: string; relabelled?: Relabelled[] };

interface Pending {
  id: number;
  job: ClassifyJob | LearnJob | RelabelJob | PingJob;
  resolve: (reply: JobReply) => void;
  timer: NodeJS.Timeout;
  retried: boolean;
  startedAt: bigint;
}

/** The worker, started on first use and replaced when it dies; unreferenced while idle so it never holds a process open. */
class ClassifierThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private sentSerial = -1;
  private readonly waitingForIdle: (() => void)[] = [];
  jobsRun = 0;

  run(job: ClassifyJob | LearnJob | RelabelJob | PingJob): Promise<JobReply> {
    if (job.kind !== 'ping') this.jobsRun += 1;
    const id = this.nextId++;
    return new Promise((resolve) => this.send({ id, job, resolve, timer: this.timeout(id), retried: false, startedAt: process.hrtime.bigint() }));
  }

  /** Lets the jobs in flight finish (each answers or times out), then ends the worker. */
  async stop(): Promise<void> {
    if (this.pending.size > 0) await new Promise<void>((resolve) => this.waitingForIdle.push(resolve));
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private send(p: Pending): void {
    const worker = this.ensureWorker();
    const model = p.job.siteModel;
    // The worker keeps the last model copy it parsed; the JSON travels only for a copy it has not seen.
    const siteModel = model && (model.serial === this.sentSerial ? { serial: model.serial } : model);
    if (model) this.sentSerial = model.serial;
    this.pending.set(p.id, p);
    classifierQueueLength.set(this.pending.size);
    worker.ref();
    worker.postMessage({ ...p.job, id: p.id, siteModel } satisfies JobMessage);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker();
    this.worker = worker;
    this.sentSerial = -1;
    worker.on('message', (reply: JobReply) => this.settle(reply));
    worker.on('error', () => this.replace(worker));
    worker.on('exit', () => this.replace(worker));
    worker.unref();
    return worker;
  }

  private settle(reply: JobReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    p.resolve(reply);
    this.notifyIfIdle();
    this.observeItemTime(p, reply);
  }

  // A relabelling walk counts the labels it moved; a ping is no work.
  private observeItemTime(p: Pending, reply: JobReply): void {
    const kind = p.job.kind;
    const items = kind === 'classify' ? p.job.items.length : kind === 'learn' ? 1 : kind === 'relabel' ? (reply.relabelled?.length ?? 0) : 0;
    if (items > 0) classifierItemSeconds.observe(Number(process.hrtime.bigint() - p.startedAt) / 1e9 / items);
  }

  private notifyIfIdle(): void {
    classifierQueueLength.set(this.pending.size);
    if (this.pending.size === 0) for (const resolve of this.waitingForIdle.splice(0)) resolve();
  }

  private timeout(id: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const p = this.pending.get(id);
      if (!p) return;
      this.pending.delete(id);
      p.resolve({ id, error: `no answer within ${JOB_TIMEOUT_MS} ms` });
      this.notifyIfIdle();
      // A stuck worker cannot be interrupted from here; a fresh one takes the other jobs.
      if (this.worker) void this.worker.terminate();
    }, JOB_TIMEOUT_MS);
    timer.unref();
    return timer;
  }

  // A worker that died takes nobody's job with it: each pending job is sent once more to a fresh worker.
  private replace(dead: Worker): void {
    if (this.worker !== dead) return;
    this.worker = null;
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const p of jobs) {
      if (p.retried) {
        clearTimeout(p.timer);
        p.resolve({ id: p.id, error: 'the classifier thread stopped' });
      } else this.send({ ...p, retried: true });
    }
    this.notifyIfIdle();
  }
}

const thread = new ClassifierThread();

/** Labels the items on the classifier's thread; null when it cannot answer (the caller stores no automatic label). */
export async function classifyOnThread(job: Omit<ClassifyJob, 'kind'>): Promise<StanceResult[] | null> {
  const reply = await thread.run({ kind: 'classify', ...job });
  if (reply.results) return reply.results;
  process.emitWarning(`stance classifier: ${reply.error ?? 'no answer'}`, 'StanceClassifierWarning');
  return null;
}

/** The labels a relabelling walk moved, worked out on the classifier's thread; null when it cannot answer. */
export async function relabelOnThread(job: Omit<RelabelJob, 'kind'>): Promise<Relabelled[] | null> {
  const reply = await thread.run({ kind: 'relabel', ...job });
  if (reply.relabelled) return reply.relabelled;
  process.emitWarning(`stance classifier: ${reply.error ?? 'no answer'}`, 'StanceClassifierWarning');
  return null;
}

/** The site model after one more lesson, as JSON, worked out on the classifier's thread; null when it cannot answer. */
export async function learnOnThread(job: Omit<LearnJob, 'kind'>): Promise<string | null> {
  const reply = await thread.run({ kind: 'learn', ...job });
  if (reply.json !== undefined) return reply.json;
  process.emitWarning(`stance classifier: ${reply.error ?? 'no answer'}`, 'StanceClassifierWarning');
  return null;
}

/** Resolves once the classifier's thread answers a ping (starting it if need be); throws when it cannot. */
export async function pingClassifierThread(): Promise<void> {
  const reply = await thread.run({ kind: 'ping', siteModel: null });
  if (reply.error !== undefined) throw new Error(`classifier thread: ${reply.error}`);
}

/** Shutdown: waits for the jobs in flight, then ends the worker thread (the next job would start a fresh one). */
export async function stopClassifierThread(): Promise<void> {
  await thread.stop();
}

/** How many jobs this process has handed the classifier's thread (tests check that refused comments cost none). */
export function classifierJobsRun(): number {
  return thread.jobsRun;
}
