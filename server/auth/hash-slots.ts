import { AppError } from '../errors.js';

/**
 * scrypt runs on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), which file
 * reads and the SQLite log flush (fdatasync after each group commit) share. At most 2 hashes at once
 * leaves the other threads free, so a flood of sign-ins cannot hold up a comment's commit or a CSS file.
 * It also bounds memory: at cost 17 each hash holds 128 MiB.
 */
export const MAX_CONCURRENT_HASHES = 2;
/** Hashes that may wait for a thread; past this a sign-in is refused at once rather than queued for long. */
export const MAX_WAITING_HASHES = 32;

/** Too many passwords are being checked at once: the caller should try again in a moment. */
export class HashingBusy extends AppError {
  constructor() {
    super('Too many sign-ins are being checked right now. Please wait a few seconds and try again.', 429, 'hashing_busy');
  }
}

/** Runs at most `running` jobs at once, queues `waiting` more, and refuses the rest with HashingBusy. */
export class ConcurrencyLimit {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    private readonly running: number,
    private readonly waiting: number,
  ) {}

  /** Runs fn when a slot is free; throws HashingBusy at once when the queue is full. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.running) {
      if (this.queue.length >= this.waiting) throw new HashingBusy();
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await fn();
    } finally {
      // The slot passes straight to the next waiter, so `active` never dips and lets a newcomer jump the queue.
      const next = this.queue.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}

/** The process's one limit on password hashing (the thread pool is per process). */
export const hashSlots = new ConcurrencyLimit(MAX_CONCURRENT_HASHES, MAX_WAITING_HASHES);
