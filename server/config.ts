import { z } from 'zod';
import { isTimeZone } from './shared/time.js';

const DEFAULT_DEV_SECRET = 'rejoinder-development-secret-change-me';

// What proxy-addr (Fastify's trustProxy) understands: addresses, CIDR ranges and its named ranges.
const PROXY_ADDRESS = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/;

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).default('./data/rejoinder.db'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== ''),
    )
    .refine((list) => list.every((a) => PROXY_ADDRESS.test(a)), 'a comma-separated list of proxy addresses, CIDR ranges or loopback'),
  SECRET: z.string().min(16).default(DEFAULT_DEV_SECRET),
  THREAD_DEPTH: z.coerce.number().int().min(1).max(20).default(5),
  COMMENTS_PER_PAGE: z.coerce.number().int().min(1).max(1000).default(50),
  THREAD_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(64),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  METRICS_TOKEN: z.union([z.literal(''), z.string().min(16, 'at least 16 characters')]).default(''),
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  MIN_FREE_DISK_MB: z.coerce.number().int().min(0).max(1_000_000).default(100),
  BENCH_FIXED_BYTES: z.coerce.number().int().min(0).max(50_000_000).default(0),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(20).default(17),
  COMMENT_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(10),
  SITE_URL: z
    .string()
    .default('')
    .refine((v) => v === '' || /^https?:\/\/[^/?#\s]+$/.test(v.replace(/\/$/, '')), 'an origin such as https://blog.example, without a path')
    .transform((v) => v.replace(/\/$/, '')),
  COMMENT_RATE_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(10),
  // Unset: messages wait in the outbox, readable at /staff/outbox (a fresh machine needs no mail server).
  SMTP_URL: z
    .string()
    .default('')
    .refine((v) => v === '' || /^smtps?:\/\/./.test(v), 'an smtp:// or smtps:// URL'),
  MAIL_FROM: z.string().min(3).default('Rejoinder <rejoinder@localhost>'),
  SITE_TIME_ZONE: z
    .string()
    .default('UTC')
    .refine((tz) => isTimeZone(tz), 'an IANA time zone such as Europe/Paris'),
  MAIL_DAILY_LIMIT: z.coerce.number().int().min(1).max(10_000).default(20),
  MAIL_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  MAIL_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
});

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string;
  /** PostgreSQL only: the most connections this process opens. */
  dbPoolSize: number;
  /** Proxies whose X-Forwarded-For is believed; false: the peer address is the client's. */
  trustProxy: string[] | false;
  secret: string;
  threadDepth: number;
  /** Top-level comments per page of a thread; each page carries all of their replies. */
  commentsPerPage: number;
  /** Memory for rendered thread pages, in MiB; 0 turns the cache off. */
  threadCacheMb: number;
  seedDemo: boolean;
  logLevel: string;
  /** json: one JSON object a line (pino); pretty: pino-pretty's readable lines; auto: pretty when stdout is a terminal. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** On SIGTERM, requests in flight, queued writes and classifier jobs get this long before the process exits 1. */
  shutdownGraceSeconds: number;
  /** GET /metrics answers with this bearer token; empty and no metricsPort: no metrics at all. */
  metricsToken: string;
  /** Above 0, /metrics is served (without a token) on its own listener on this port, bound to host. */
  metricsPort: number;
  /** Past this event-loop delay new requests answer 503 at once instead of queueing; 0 turns the check off. */
  maxEventLoopDelayMs: number;
  /** /healthz reports 503 when the data folder's file system has less free space than this. */
  minFreeDiskMb: number;
  /** When above zero, GET /bench/fixed answers a fixed HTML string of this size (the benchmark's baseline). */
  benchFixedBytes: number;
  /** Staff sessions expire this many hours after sign-in. */
  sessionTtlHours: number;
  /** log2 of scrypt's N for new password hashes (stored hashes carry their own cost). */
  passwordHashCost: number;
  /** At most this many comments per IP address within commentRateWindowMinutes (when the throttle rule is on). */
  commentRateLimit: number;
  commentRateWindowMinutes: number;
  /** The site's public origin (https://blog.example) for feeds, the sitemap and canonical links; null: the request's own. */
  siteUrl: string | null;
  /** Empty: no SMTP server, messages stay in the outbox for admins to read. */
  smtpUrl: string;
  mailFrom: string;
  /** SITE_URL, or this process's own address without it: links in mail must be absolute. */
  publicUrl: string;
  siteTimeZone: string;
  /** At most this many messages to one address per day (confirmation links excepted). */
  mailDailyLimit: number;
  /** How long a sender holds a claimed message before another may take it over (a crashed sender's). */
  mailLeaseSeconds: number;
  /** How often an idle sender looks for due messages. */
  mailPollMs: number;
}>;

/** Reads the configuration from an environment; the only place that looks at process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && e.SECRET === DEFAULT_DEV_SECRET) {
    throw new Error('Invalid configuration: set SECRET (16+ characters) in production');
  }
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dbPoolSize: e.DB_POOL_SIZE,
    trustProxy: e.TRUST_PROXY.length > 0 ? e.TRUST_PROXY : false,
    secret: e.SECRET,
    threadDepth: e.THREAD_DEPTH,
    commentsPerPage: e.COMMENTS_PER_PAGE,
    threadCacheMb: e.THREAD_CACHE_MB,
    seedDemo: e.SEED_DEMO === 'auto',
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    metricsToken: e.METRICS_TOKEN,
    metricsPort: e.METRICS_PORT,
    maxEventLoopDelayMs: e.MAX_EVENT_LOOP_DELAY_MS,
    minFreeDiskMb: e.MIN_FREE_DISK_MB,
    benchFixedBytes: e.BENCH_FIXED_BYTES,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    passwordHashCost: e.PASSWORD_HASH_COST,
    commentRateLimit: e.COMMENT_RATE_LIMIT,
    commentRateWindowMinutes: e.COMMENT_RATE_WINDOW_MINUTES,
    siteUrl: e.SITE_URL === '' ? null : e.SITE_URL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: e.SITE_URL !== '' ? e.SITE_URL : `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`,
    siteTimeZone: e.SITE_TIME_ZONE,
    mailDailyLimit: e.MAIL_DAILY_LIMIT,
    mailLeaseSeconds: e.MAIL_LEASE_SECONDS,
    mailPollMs: e.MAIL_POLL_MS,
  });
}

/** The password a script passes to `npm run user:create` (REJOINDER_PASSWORD), if any. */
export function readScriptPassword(env: NodeJS.ProcessEnv = process.env): string | null {
  const value = env.REJOINDER_PASSWORD;
  return typeof value === 'string' && value !== '' ? value : null;
}
