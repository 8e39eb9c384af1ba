import { spawnServer, type SpawnedServer } from '../../tools/server-process.js';

/** A real `server/main.ts` process, as an operator runs it. */
export type ServerProcess = SpawnedServer;

/** libfaketime's settings, when the suite runs under `faketime`: the server shares the machine's (moved) clock. */
function machineClockEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => /^(LD_PRELOAD|FAKETIME.*|TZ)$/.test(e[0]) && e[1] !== undefined));
}

/**
 * Starts `node --import tsx server/main.ts` with env on a free port and waits until /healthz answers 200;
 * `runAs` starts it as another user (the suite must then run as root).
 */
export async function startServer(env: Record<string, string>, readyWithinMs = 90_000, runAs?: { uid: number; gid: number }): Promise<ServerProcess> {
  return spawnServer({ env: { ...machineClockEnv(), PATH: process.env.PATH ?? '', ...env }, readyWithinMs, runAs });
}
