import autocannon from 'autocannon';

export interface Target {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  /** Any other status counts as an error: a fast 404 or 422 must not pass for a fast page. */
  expectStatus: number;
  /** For POSTs: a fresh application/x-www-form-urlencoded body (and any headers of its own) for each request; for GETs, a fresh path. */
  makeRequest?: () => { body?: string; path?: string; headers?: Record<string, string> };
  /** E.g. the visitor cookie that a POST's CSRF token is bound to. */
  headers?: Record<string, string>;
}

export interface LoadSettings {
  connections: number;
  durationSec: number;
  warmupSec: number;
}

export interface Measurement {
  name: string;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  /** Mean bytes received per response, headers included, as autocannon counts them. */
  bytes: number;
  /** Requests written, including those still unanswered when the run stopped. */
  sent: number;
  completed: number;
  /** Responses with the expected status. */
  succeeded: number;
  /** Count of each unexpected status, e.g. { "500": 3 }. */
  unexpected: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
  /**
   * Server CPU time per response in ms, when the server's CPU clock can be read. Unlike req/s it
   * hardly moves when other work shares the machine: 1000 / server_cpu_ms is the rate one idle core allows.
   */
  server_cpu_ms?: number;
  durationSec: number;
  /** The fixed route's rate on the same server, measured just before this row: what its ratio divides by. */
  baseline_rps?: number;
}

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * autocannon keeps each response body as a string (`body += chunk`) even when nothing reads it.
 * For a 6 MB page that decoding and garbage made the client, not the server, the bottleneck
 * (about 5 req/s against a server that sends the page 20 times faster), so bodies are dropped
 * here; bytes are still counted, and each page is checked once before it is loaded.
 */
function discardBodies(client: autocannon.Client): void {
  const queue = (client as unknown as { pipelinedRequests?: { addBody?: (data: Buffer) => void } }).pipelinedRequests;
  if (queue && typeof queue.addBody === 'function') queue.addBody = () => {};
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** What one stretch of load on one target came back with, before it is summarised. */
interface LoadTally {
  latencies: number[];
  statuses: Map<number, number>;
  bytes: number;
  sent: number;
  errors: number;
  durationSec: number;
}

/** Loads one target for a while with autocannon and tallies every response. */
async function tallyLoad(baseUrl: string, target: Target, connections: number, durationSec: number): Promise<LoadTally> {
  // Our own tallies rather than autocannon's histogram: that one keeps whole milliseconds only,
  // and counts a 303 as a failure.
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let bytes = 0;
  const makeRequest = target.makeRequest;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections,
        duration: durationSec,
        setupClient: discardBodies,
        headers: { ...target.headers, ...(makeRequest && target.method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        requests: [
          {
            method: target.method ?? 'GET',
            path: target.path,
            ...(makeRequest
              ? {
                  setupRequest: (request: autocannon.Request) => {
                    const made = makeRequest();
                    return { ...request, body: made.body, path: made.path ?? request.path, headers: { ...request.headers, ...made.headers } };
                  },
                }
              : {}),
          },
        ],
      },
      (err, res) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, resBytes, responseTime) => {
      latencies.push(responseTime);
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
      bytes += resBytes;
    });
  });
  return { latencies, statuses, bytes, sent: result.requests.sent, errors: result.errors, durationSec: result.duration };
}

/** One measurement of the stretches of one target: their responses over their summed duration. */
function summarise(target: Target, tallies: readonly LoadTally[]): Measurement {
  const latencies = tallies.flatMap((t) => t.latencies);
  const statuses = new Map<number, number>();
  for (const tally of tallies) for (const [status, count] of tally.statuses) statuses.set(status, (statuses.get(status) ?? 0) + count);
  const bytes = tallies.reduce((n, t) => n + t.bytes, 0);
  const durationSec = tallies.reduce((n, t) => n + t.durationSec, 0);
  const sorted = Float64Array.from(latencies).sort();
  const unexpected: Record<string, number> = {};
  for (const [status, count] of statuses) if (status !== target.expectStatus) unexpected[String(status)] = count;
  return {
    name: target.name,
    rps: durationSec > 0 ? round(latencies.length / durationSec, 1) : 0,
    p50_ms: round(percentile(sorted, 50), 2),
    p99_ms: round(percentile(sorted, 99), 2),
    bytes: latencies.length === 0 ? 0 : Math.round(bytes / latencies.length),
    sent: tallies.reduce((n, t) => n + t.sent, 0),
    completed: latencies.length,
    succeeded: statuses.get(target.expectStatus) ?? 0,
    unexpected,
    errors: tallies.reduce((n, t) => n + t.errors, 0),
    durationSec: round(durationSec, 2),
  };
}

/** Loads one target for a while with autocannon and summarises what came back. */
export async function loadTarget(baseUrl: string, target: Target, connections: number, durationSec: number): Promise<Measurement> {
  return summarise(target, [await tallyLoad(baseUrl, target, connections, durationSec)]);
}

/** What measureTarget can see of the server process. */
export interface ServerProbe {
  waitUntilIdle(): Promise<void>;
  cpuMillis(): number | undefined;
}

/** A short warm-up (JIT, caches, SQLite pages), then the measured run, each followed by an idle wait. */
export async function measureTarget(
  baseUrl: string,
  target: Target,
  settings: LoadSettings,
  server?: ServerProbe,
): Promise<{ warmup: Measurement; run: Measurement }> {
  const warmup = await loadTarget(baseUrl, target, settings.connections, settings.warmupSec);
  await server?.waitUntilIdle();
  const cpuBefore = server?.cpuMillis();
  const run = await loadTarget(baseUrl, target, settings.connections, settings.durationSec);
  const cpuAfter = server?.cpuMillis();
  await server?.waitUntilIdle();
  if (cpuBefore !== undefined && cpuAfter !== undefined && run.completed > 0) {
    run.server_cpu_ms = round((cpuAfter - cpuBefore) / run.completed, 3);
  }
  return { warmup, run };
}

/** Whether a measurement saw anything but the expected status. */
export function hasFailures(m: Measurement): boolean {
  return m.errors > 0 || Object.keys(m.unexpected).length > 0;
}

/** Seconds per slice of an interleaved run: short enough that the rows take turns several times in a full run. */
const SLICE_SEC = 2;

/**
 * Rows that are judged against each other (the ticked-boxes POST as a share of the plain one) measured in turns
 * rather than one after the other: each is warmed up, then every round loads each row for a slice, the order
 * reversed every other round (ABBA), and a row's figures sum its slices. Measured one after the other, the
 * second row met a larger database and thread and whatever else the machine was doing by then: the plain POST
 * first gave the ticked one 72 % of its rate, the ticked one first 116 %, in turns 102 % (issue 19).
 */
export async function measureInterleaved(
  baseUrl: string,
  targets: readonly Target[],
  settings: LoadSettings,
  server?: ServerProbe,
): Promise<{ warmup: Measurement; run: Measurement }[]> {
  return measureLanes(
    targets.map((target) => ({ baseUrl, target, server })),
    settings,
  );
}

/** One row of an interleaved run: a target on a server (the same server for every lane, or one lane per server). */
export interface Lane {
  baseUrl: string;
  target: Target;
  server?: ServerProbe;
}

/**
 * measureInterleaved's turns over lanes that may be on different servers: `npm run bench -- --build` loads each
 * row on the tsx server and on the build server in turns, so both meet the same moments of a shared machine.
 */
export async function measureLanes(lanes: readonly Lane[], settings: LoadSettings): Promise<{ warmup: Measurement; run: Measurement }[]> {
  const warmups: Measurement[] = [];
  for (const lane of lanes) {
    warmups.push(await loadTarget(lane.baseUrl, lane.target, settings.connections, settings.warmupSec));
    await lane.server?.waitUntilIdle();
  }
  const rounds = Math.max(1, Math.round(settings.durationSec / SLICE_SEC));
  const sliceSec = settings.durationSec / rounds;
  const tallies = lanes.map((): LoadTally[] => []);
  const cpu = lanes.map(() => 0);
  const cpuKnown = lanes.map(() => true);
  for (let round = 0; round < rounds; round++) {
    const order = lanes.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const { baseUrl, target, server } = lanes[i]!;
      const cpuBefore = server?.cpuMillis();
      tallies[i]!.push(await tallyLoad(baseUrl, target, settings.connections, sliceSec));
      const cpuAfter = server?.cpuMillis();
      if (cpuBefore === undefined || cpuAfter === undefined) cpuKnown[i] = false;
      else cpu[i]! += cpuAfter - cpuBefore;
      await server?.waitUntilIdle();
    }
  }
  return lanes.map((lane, i) => {
    const run = summarise(lane.target, tallies[i]!);
    if (lane.server && cpuKnown[i] && run.completed > 0) run.server_cpu_ms = round(cpu[i]! / run.completed, 3);
    return { warmup: warmups[i]!, run };
  });
}
