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
    // The log is deleted when the last connection closes; a new one must be synced, not the old one.
    if (this.handle && (await this.handle.stat()).nlink === 0) await this.close();
    this.handle ??= await open(this.walPath, 'r');
    await this.handle.datasync();
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }
}
