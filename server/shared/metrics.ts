/**
 * The process's Prometheus metrics (prom-client), served by plugins/metrics.ts on GET /metrics when it is turned
 * on. Code at any layer records into the metrics defined here; a feature that needs its own (the outbox's backlog,
 * say) defines it on `metricsRegistry`, with a `collect` that reads its state at scrape time when it is a level.
 * Recording costs a few additions whether or not anyone scrapes, so it needs no switch.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export const metricsRegistry = new Registry();

/** Every answer, by the route's pattern (never the raw URL, whose ids would make a series each), method and status. */
export const httpRequests = new Counter({
  name: 'rejoinder_http_requests_total',
  help: 'HTTP responses sent, by route pattern, method and status',
  labelNames: ['route', 'method', 'status'] as const,
  registers: [metricsRegistry],
});

export const httpRequestSeconds = new Histogram({
  name: 'rejoinder_http_request_duration_seconds',
  help: 'Time from request to response, by route pattern and method',
  labelNames: ['route', 'method'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

/** Write transactions that shared one SQLite commit. */
export const groupCommitBatchSize = new Histogram({
  name: 'rejoinder_sqlite_group_commit_batch_size',
  help: 'Write transactions committed together in one SQLite group commit',
  buckets: [1, 2, 4, 8, 16, 32, 64],
  registers: [metricsRegistry],
});

export const classifierQueueLength = new Gauge({
  name: 'rejoinder_classifier_queue_length',
  help: 'Jobs handed to the stance classifier thread and not yet answered',
  registers: [metricsRegistry],
});

/** Wall time of a classifier job divided by the items it labelled (a batch of remarks is one job). */
export const classifierItemSeconds = new Histogram({
  name: 'rejoinder_classifier_item_seconds',
  help: 'Time the stance classifier thread took per item labelled, queueing included',
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  registers: [metricsRegistry],
});

/** One page-cache store's counts, as the page cache reports them. */
export interface CacheStats {
  name: string;
  hits: number;
  misses: number;
  bytes: number;
}

let readCacheStats: () => CacheStats[] = () => [];

/** Where the page-cache series are read at each scrape (the serving app's caches). */
export function reportPageCachesFrom(read: () => CacheStats[]): void {
  readCacheStats = read;
}

// Levels read at scrape time: the caches count on their own, so recording them costs the request nothing.
new Counter({
  name: 'rejoinder_page_cache_hits_total',
  help: 'Page-cache lookups answered from the cache, by store',
  labelNames: ['cache'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const s of readCacheStats()) this.inc({ cache: s.name }, s.hits);
  },
});

new Counter({
  name: 'rejoinder_page_cache_misses_total',
  help: 'Page-cache lookups that had to render, by store',
  labelNames: ['cache'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const s of readCacheStats()) this.inc({ cache: s.name }, s.misses);
  },
});

new Gauge({
  name: 'rejoinder_page_cache_bytes',
  help: 'Bytes held by each page-cache store (its budget is THREAD_CACHE_MB)',
  labelNames: ['cache'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const s of readCacheStats()) this.set({ cache: s.name }, s.bytes);
  },
});
