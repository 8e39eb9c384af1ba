// npm run bench -- --build: the servers run the build in dist/, as `npm start` does, instead of the TypeScript
// source under tsx (the default, as `npm run dev` and the tests run it). This module builds it, times process
// start to the first 200, and reports each server's resident memory once its rows are measured.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runServersFromBuild, startServer, type ServerEntry, type ServerProcess } from './server-process.js';

const STARTS = 3;
/** The issue's target: a restarted process answers within this. */
const START_TARGET_MS = 2000;

/** Builds dist/ (when a source is newer) and makes every later server that names no entry run it. */
export function useBuild(repoRoot: string): void {
  const built = spawnSync(process.execPath, [path.join(repoRoot, 'tools/build/build.mjs'), '--if-stale'], { stdio: 'inherit', cwd: repoRoot });
  if (built.status !== 0) throw new Error('npm run build failed');
  runServersFromBuild();
}

/** Time from spawning the process to its first /healthz 200 (polled every 100 ms), on a new database and then on restarts. */
export async function describeStartup(entry?: ServerEntry): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rejoinder-bench-start-'));
  const times: number[] = [];
  try {
    for (let i = 0; i < STARTS; i++) {
      const started = performance.now();
      const server = await startServer({ databaseUrl: path.join(dir, 'start.db'), fixedBytes: 0, entry });
      times.push(Math.round(performance.now() - started));
      await server.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const restarts = times.slice(1);
  const verdict = Math.max(...restarts) < START_TARGET_MS ? 'PASS ' : 'SHORT';
  const of = entry === undefined ? '' : ` (${entry === 'build' ? 'build' : 'tsx'})`;
  return `  ${verdict} process start to first 200${of} under ${START_TARGET_MS} ms: new database ${times[0]} ms (migrations), restarts ${restarts.join(', ')} ms`;
}

/** One line for a server about to stop: its resident memory after its rows. */
export function describeResident(server: ServerProcess): string {
  const mb = server.residentMb();
  return `  server ${server.pid} (${server.entry === 'build' ? 'build' : 'tsx'}): resident memory after its rows ${mb === undefined ? 'unknown (no /proc)' : `${mb} MiB`}`;
}
