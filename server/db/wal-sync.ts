import { open, type FileHandle } from 'node:fs/promises';

/**
 * Flushes a SQLite database's write-ahead log to disk from libuv's thread pool. fdatasync on any
 * descriptor of a file flushes what every descriptor wrote to it, so after a commit made without
 * SQLite's own sync, this makes it as durable as synchronous=FULL would, without stopping the event loop.
 */
export class WalSync {
  private handle: FileHandle | null = null;

  constructor(private readonly walPath: string) {}

  /** Resolves once everything written to the log so far is on disk. */
  async sync(): Promise<void> {
    // Opened at the first flush, which follows a commit, so the log exists. SQLite deletes the log only
    // when the last connection to the database closes, and the connection this syncs for stays open
    // until close(), so the descriptor never outlives the file it names.
    this.handle ??= await open(this.walPath, 'r');
    await this.handle.datasync();
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }
}
