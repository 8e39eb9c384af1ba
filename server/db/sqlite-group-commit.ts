import { sql, type Kysely, type Transaction } from 'kysely';
import { groupCommitBatchSize } from '../shared/metrics.js';
import type { Database } from './schema.js';
import type { WalSync } from './wal-sync.js';

type WriteFn<T> = (tx: Kysely<Database> | Transaction<Database>) => Promise<T>;

interface WriteJob {
  fn: WriteFn<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/** Writes that share one commit at most; a batch holds the connection while its jobs run. */
const MAX_BATCH = 64;

/**
 * Group commit. With synchronous=FULL every COMMIT waits for the disk, and that wait, not the
 * work, capped comment POSTs at a few hundred a second. Write transactions that arrive while a
 * batch runs are queued and run together in the next one: one BEGIN IMMEDIATE, each job inside
 * its own SAVEPOINT (a job that fails rolls back alone and gets its own error), one COMMIT, and
 * only then is any job answered, so nothing is acknowledged before it is on disk.
 * With a WalSync, the batch commits without SQLite's own sync and the log is then flushed off the
 * event loop, which keeps serving requests (and queueing the next batch) while the disk works.
 *
 * SQLite sometimes rolls the whole transaction back by itself: SQLITE_FULL or SQLITE_IOERR on COMMIT (a
 * full disk), or on a statement that has no statement journal. Then there is no savepoint to return
 * to and nothing to ROLLBACK; trying would fail ("cannot rollback - no transaction is active") and hide
 * the real error, so every job of the batch, all of them undone, gets the real error instead.
 */
export class SqliteGroupCommit {
  private readonly queue: WriteJob[] = [];
  private running = false;
  private readonly waitingForIdle: (() => void)[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly wal: WalSync | null,
    /** Whether the connection is inside a transaction now (better-sqlite3's inTransaction). */
    private readonly inTransaction: () => boolean,
  ) {}

  /** Runs fn in the next batch and settles once that batch has committed (or failed). */
  run<T>(fn: WriteFn<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Resolves once every write queued so far has committed or failed: shutdown waits for it before closing the file. */
  drained(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waitingForIdle.push(resolve));
  }

  private schedule(): void {
    if (this.running || this.queue.length === 0) return;
    this.running = true;
    // setImmediate, not a microtask: requests already read from sockets get to join this batch.
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, MAX_BATCH);
    groupCommitBatchSize.observe(batch.length);
    const settled: (() => void)[] = [];
    try {
      await this.db.connection().execute(async (conn) => {
        // Only this batch's commit skips SQLite's sync; every other write on the connection keeps it.
        if (this.wal) await sql`pragma synchronous = normal`.execute(conn);
        try {
          await sql`begin immediate`.execute(conn);
          try {
            for (const job of batch) settled.push(await runJob(conn, job, this.inTransaction));
            await sql`commit`.execute(conn);
          } catch (err) {
            if (this.inTransaction()) await sql`rollback`.execute(conn);
            throw err;
          }
        } finally {
          if (this.wal) await sql`pragma synchronous = full`.execute(conn);
        }
      });
      if (this.wal) await flushLog(this.db, this.wal);
      for (const settle of settled) settle();
    } catch (err) {
      for (const job of batch) job.reject(err);
    } finally {
      this.running = false;
      this.schedule();
      if (!this.running) for (const resolve of this.waitingForIdle.splice(0)) resolve();
    }
  }
}

/** Flushes the log; if that fails, a full checkpoint gets the same commits onto disk through SQLite. */
async function flushLog(db: Kysely<Database>, wal: WalSync): Promise<void> {
  try {
    await wal.sync();
  } catch {
    await sql`pragma wal_checkpoint(FULL)`.execute(db);
  }
}

/** Runs one job inside a savepoint; returns how to answer it once the batch's fate is known. */
async function runJob(conn: Kysely<Database>, job: WriteJob, inTransaction: () => boolean): Promise<() => void> {
  await sql`savepoint write_job`.execute(conn);
  try {
    const value = await job.fn(conn);
    await sql`release write_job`.execute(conn);
    return () => job.resolve(value);
  } catch (err) {
    // SQLite undid the whole transaction, this job's savepoint with it: the batch fails with this error.
    if (!inTransaction()) throw err;
    await sql`rollback to write_job`.execute(conn);
    await sql`release write_job`.execute(conn);
    return () => job.reject(err);
  }
}
