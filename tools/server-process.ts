// A real server/main.ts (or its build) in a child process, as `npm run dev` (or `npm start`) runs it: the one starter the tests and the benchmark share.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOST = '127.0.0.1';
const READY_POLL_MS = 100;
const STOP_GRACE_MS = 5_000;

export interface SpawnOptions {
  /** The server's whole environment besides HOST and PORT, which are set here. */
  env: Record<string, string | undefined>;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** The TypeScript source under tsx (the default), or the build in dist/ as `npm start` runs it (build it first). */
  entry?: 'source' | 'build';
  /** Another user to run as (the caller must be root). */
  runAs?: { uid: number; gid: number };
  readyWithinMs: number;
  /** Keep only this many of the last characters printed; all of them when unset. */
  outputLimit?: number;
}

export interface SpawnedServer {
  url: string;
  pid: number;
  /** What it printed so far, stdout and stderr. */
  output: () => string;
  /** The exit code once it has exited (null before, or when a signal ended it). */
  exitCode: () => number | null;
  /** Stops the server and resolves once it has exited (SIGKILL after a grace period). */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

const running = new Set<ChildProcess>();

/** Kills every server still running, synchronously: for exit and signal handlers. */
export function killAllServers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** A port the OS says is free right now (listen on 0, read it, close); the server binds it a moment later. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Starts the server on a free port and resolves once GET /healthz answers 200; throws with its output otherwise. */
export async function spawnServer(options: SpawnOptions): Promise<SpawnedServer> {
  const port = await findFreePort();
  const entry = options.entry === 'build' ? ['dist/server/main.js'] : ['--import', 'tsx', 'server/main.ts'];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry], {
    cwd: REPO_ROOT,
    env: { ...options.env, HOST, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options.runAs,
  });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (options.outputLimit !== undefined) output = output.slice(-options.outputLimit);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  const server: SpawnedServer = {
    url: `http://${HOST}:${port}`,
    pid: child.pid ?? 0,
    output: () => output,
    exitCode: () => child.exitCode,
    async stop(signal = 'SIGTERM') {
      if (hasExited()) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + options.readyWithinMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`The server on port ${port} exited before it was ready (code ${child.exitCode}):\n${output}`);
    const healthy = await fetch(`${server.url}/healthz`).then(
      async (r) => (await r.arrayBuffer(), r.status === 200),
      () => false,
    );
    if (healthy) return server;
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  await server.stop('SIGKILL');
  throw new Error(`The server on port ${port} was not healthy within ${options.readyWithinMs} ms:\n${output}`);
}
