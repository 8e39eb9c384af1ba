import { readFileSync } from 'node:fs';
import { spawnServer } from '../tools/server-process.js';

const READY_TIMEOUT_MS = 30_000;
/** A 32-character secret: production refuses the default one. */
export const BENCH_SECRET = 'bench-secret-0123456789abcdefghij';
/** Only these variables reach the server, so a developer's own THREAD_DEPTH etc. cannot skew figures. */
const PASSED_THROUGH_ENV = ['PATH', 'HOME', 'TMPDIR', 'TMP', 'TEMP', 'SYSTEMROOT'];
const OUTPUT_KEPT_CHARS = 4_000;
/** Top-level comments per page: the most the app allows, so the 5,000-comment thread is one page. */
export const BENCH_COMMENTS_PER_PAGE = 1000;
const IDLE_SAMPLE_MS = 100;
/** CPU time per sample below which the server counts as idle (10%). */
const IDLE_CPU_MS = 10;
const IDLE_TIMEOUT_MS = 30_000;
/** Kernel clock ticks per second, the unit of utime/stime in /proc/PID/stat on Linux. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ServerOptions {
  databaseUrl: string;
  /** Size of the GET /bench/fixed baseline; 0 leaves the route out. */
  fixedBytes: number;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Top-level comments per page; the whole-thread rows use BENCH_COMMENTS_PER_PAGE. */
  commentsPerPage?: number;
  /** The source under tsx or the build; unset, whichever runServersFromBuild chose (the source by default). */
  entry?: ServerEntry;
}

export interface ServerProcess {
  baseUrl: string;
  pid: number;
  entry: ServerEntry;
  /** Stops the server and resolves once it has exited (SIGKILL after a grace period). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** The tail of what the server printed, for error messages. */
  output(): string;
  /** Resolves once the server has stopped burning CPU (see waitForIdleProcess). */
  waitUntilIdle(): Promise<void>;
  /** CPU time the server has used so far, in ms; undefined where /proc is missing. */
  cpuMillis(): number | undefined;
  /** Resident memory now, in MiB, from /proc; undefined elsewhere. */
  residentMb(): number | undefined;
}

export type ServerEntry = 'source' | 'build';

let serverEntry: ServerEntry = 'source';

/** From now on the servers run the build in dist/ (npm start's), not the TypeScript source under tsx. */
export function runServersFromBuild(): void {
  serverEntry = 'build';
}

function residentMb(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
  } catch {
    return undefined;
  }
}

/** A process's CPU time (user + system) so far in ms, from /proc; undefined elsewhere. */
export function cpuMillis(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of them.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * Waits until a process uses under 10% CPU for two samples in a row. When autocannon stops, it
 * drops the requests still in flight, but the server finishes them anyway: a 5,000-comment page
 * takes long enough that the next run would otherwise start against a server still busy with the
 * last one. Where /proc is missing it waits one second instead.
 */
export async function waitForIdleProcess(pid: number): Promise<void> {
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  let last = cpuMillis(pid);
  if (last === undefined) return sleep(1000);
  let quiet = 0;
  for (const deadline = Date.now() + IDLE_TIMEOUT_MS; quiet < 2 && Date.now() < deadline;) {
    await sleep(IDLE_SAMPLE_MS);
    const now = cpuMillis(pid);
    if (now === undefined) return;
    quiet = now - last < IDLE_CPU_MS ? quiet + 1 : 0;
    last = now;
  }
}

function serverEnv(options: ServerOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of PASSED_THROUGH_ENV) if (process.env[name] !== undefined) env[name] = process.env[name];
  return {
    ...env,
    NODE_ENV: 'production',
    SECRET: BENCH_SECRET,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'never',
    DATABASE_URL: options.databaseUrl,
    BENCH_FIXED_BYTES: String(options.fixedBytes),
    // The benchmark's POSTs name their reader's address in X-Forwarded-For, as a proxy in front would.
    TRUST_PROXY: 'loopback',
    COMMENTS_PER_PAGE: String(options.commentsPerPage ?? BENCH_COMMENTS_PER_PAGE),
  };
}

/** Starts server/main.ts (or its build: options.entry, or after runServersFromBuild) in a child process and waits until it answers. */
export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const entry = options.entry ?? serverEntry;
  const spawned = await spawnServer({
    env: serverEnv(options),
    nodeArgs: options.nodeArgs,
    entry,
    readyWithinMs: READY_TIMEOUT_MS,
    outputLimit: OUTPUT_KEPT_CHARS,
  });
  return {
    baseUrl: spawned.url,
    pid: spawned.pid,
    entry,
    stop: spawned.stop,
    output: spawned.output,
    waitUntilIdle: () => waitForIdleProcess(spawned.pid),
    cpuMillis: () => cpuMillis(spawned.pid),
    residentMb: () => residentMb(spawned.pid),
  };
}
