/**
 * The page caches: one module for everything rendered once and sent many times (thread pages, whole
 * anonymous pages with their gzip and reusable buffers, JSON answers). Each kind of entry has its own
 * store with the byte budget THREAD_CACHE_MB; routes reach them through `app.pageCache` and send
 * cached pages with sender.ts.
 */
import { ByteBudgetCache, type Cacheable } from './byte-budget-cache.js';

/** Names one store and the type of its entries; define each once, beside the code that fills it. */
export interface CacheStore<T extends Cacheable> {
  readonly name: string;
  /** Never set: carries the entry type. */
  readonly entry?: T;
}

/** A store handle. Pure. */
export function defineStore<T extends Cacheable>(name: string): CacheStore<T> {
  return { name };
}

/** The app's stores, each created on first use with the same byte budget and the app's clock. */
export class PageCache {
  private stores = new Map<string, ByteBudgetCache<Cacheable>>();
  /** The site settings' version the stores were filled under (see store()). */
  private generation = '';

  constructor(
    private readonly maxBytes: number,
    private readonly clock: () => number,
  ) {}

  /**
   * The store a handle names. `generation` is the version of the site settings (request.site.version) the
   * caller renders with, for stores whose entries print them (names, dates in the site's zone): asked for
   * under another version than the last, every store starts empty, so no page rendered with the old
   * settings is sent again, and none rendered with them by a request still under way lands among the new.
   */
  store<T extends Cacheable>(handle: CacheStore<T>, generation?: string): ByteBudgetCache<T> {
    if (generation !== undefined && generation !== this.generation) {
      if (this.generation !== '') this.stores = new Map();
      this.generation = generation;
    }
    let store = this.stores.get(handle.name);
    if (!store) this.stores.set(handle.name, (store = new ByteBudgetCache<Cacheable>(this.maxBytes, this.clock)));
    // One handle per name, each with one entry type: the cast cannot mix types.
    return store as ByteBudgetCache<T>;
  }

  /** Each store's name, lookups and size, for /metrics. */
  stats(): { name: string; hits: number; misses: number; entries: number; bytes: number }[] {
    return [...this.stores].map(([name, store]) => ({ name, hits: store.hits, misses: store.misses, ...store.size }));
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    pageCache: PageCache;
  }
}
