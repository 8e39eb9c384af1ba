import { Worker } from 'node:worker_threads';
import type { StanceResult } from './stance-types.js';
import type { CommentToClassify } from './stance.service.js';

// A worker does not inherit the TypeScript loader the app runs under (tsx), so it registers it first.
const WORKER_BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./stance-worker.ts', import.meta.url).href)}); });`;

export interface ClassifyRequest {
  id: number;
  postId: number;
  comment: CommentToClassify;
}

export interface ClassifyReply {
  id: number;
  /** Null when the post is gone or classifying failed: the caller then classifies in its own thread. */
  result: StanceResult | null;
}

/**
 * The stance classifier on a second thread, for comment POSTs on SQLite: the thread reads the
 * thread from its own connection and classifies, in parallel with the event loop. Every answer is
 * optional: if the worker fails or is gone, callers classify inline as they would without it.
 */
export class StanceThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (result: StanceResult | null) => void>();
  private nextId = 1;
  private alive = true;

  constructor(databaseUrl: string) {
    this.worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { databaseUrl } });
    this.worker.on('message', (reply: ClassifyReply) => {
      this.pending.get(reply.id)?.(reply.result);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
    });
    this.worker.on('error', () => this.stop());
    this.worker.on('exit', () => this.stop());
    // An idle worker must not keep the process alive; one with questions pending must.
    this.worker.unref();
  }

  /** The classifier's label for a comment about to be stored, or null when the worker cannot give one. */
  classify(postId: number, comment: CommentToClassify): Promise<StanceResult | null> {
    if (!this.alive) return Promise.resolve(null);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.ref();
      this.worker.postMessage({ id, postId, comment } satisfies ClassifyRequest);
    });
  }

  /** Stops the worker; pending and later requests get null. */
  async close(): Promise<void> {
    this.stop();
    await this.worker.terminate();
  }

  private stop(): void {
    this.alive = false;
    for (const resolve of this.pending.values()) resolve(null);
    this.pending.clear();
  }
}
