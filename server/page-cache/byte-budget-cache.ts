/** What the cache holds: its size, and the moment (ms since the epoch) it goes stale, if it does. */
export interface Cacheable {
  bytes: number;
  expiresAt?: number;
}

/**
 * Rendered things (thread pages, whole pages, JSON answers), kept by a key that changes whenever what
 * they show changes (the post's thread_version, bumped by database triggers), each until it goes stale
 * (its relative times would read differently). Least recently used entries go first once the cache
 * holds more than its byte budget.
 */
export class ByteBudgetCache<T extends Cacheable> {
  private readonly entries = new Map<string, T>();
  private readonly rendering = new Map<string, Promise<T>>();
  private bytes = 0;
  /** Lookups answered from the cache and not, since start (for /metrics). */
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The entry for a key, marked as just used; undefined on a miss, once it is stale, or when the cache is off. */
  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses += 1;
      return undefined;
    }
    this.entries.delete(key);
    if (entry.expiresAt !== undefined && this.clock() >= entry.expiresAt) {
      this.bytes -= entry.bytes;
      this.misses += 1;
      return undefined;
    }
    this.entries.set(key, entry);
    this.hits += 1;
    return entry;
  }

  /** Stores an entry, evicting the least recently used ones past the budget; entries larger than the budget are not kept. */
  set(key: string, entry: T): void {
    if (entry.bytes > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.bytes;
      this.entries.delete(key);
    }
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }

  /**
   * The entry for a key, rendering it on a miss. Requests that miss together share one render:
   * otherwise every connection re-renders a long thread at once each time its key changes.
   */
  async getOrRender(key: string | null, render: () => Promise<T>): Promise<T> {
    if (key === null) return render();
    const hit = this.get(key);
    if (hit) return hit;
    let pending = this.rendering.get(key);
    if (!pending) {
      pending = render().finally(() => this.rendering.delete(key));
      this.rendering.set(key, pending);
      this.set(key, await pending);
    }
    return pending;
  }

  /** How many entries and bytes are held. */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}
