// The runs of one issue's rows alone (npm run bench -- --only votes|mail|embed): quicker to repeat than the whole
// benchmark, on the same seeded data, servers and measurements.
import { embedTargets, seedEmbedPages } from './embed.js';
import {
  commentTargets,
  FULL,
  measureBeside,
  measureFixedBytes,
  measureInterleavedBeside,
  printMachine,
  QUICK,
  SEED,
  seedThreads,
  seededAt,
  withBenchStore,
  withServer,
  type Loaded,
} from './harness.js';
import { benchOutboxDrain, describeNotifyShare } from './mail.js';
import { measureReadersBesideEdits } from './editor.js';
import { printTable, printVerdicts, toRows, type ResultRow } from './report.js';
import type { BenchEngine } from './bench-db.js';
import { benchVotes, describeVotes } from './votes.js';

export interface OnlyOptions {
  engine: BenchEngine;
  quick: boolean;
  /** Node's arguments for the servers (a CPU profile). */
  nodeArgs: string[];
}

/** Prints the table of the rows measured, and returns them. */
function printLoaded(loaded: Loaded[]): ResultRow[] {
  const measurements = loaded.map((l) => l.run);
  const rows = toRows(measurements);
  printTable(rows, measurements);
  return rows;
}

/** Only the reader-vote rows (issue 20). */
export async function runVotesOnly(options: OnlyOptions): Promise<number> {
  const settings = options.quick ? QUICK : FULL;
  printMachine(options.engine, settings);
  return withBenchStore(options.engine, async (store) => {
    for (const line of describeVotes(await benchVotes(store, settings, options.nodeArgs))) console.log(line);
    return 0;
  });
}

/** Only the plain and the ticked-boxes comment POSTs of one server, and the outbox drain (issue 19). */
export async function runMailOnly(options: OnlyOptions): Promise<number> {
  const settings = options.quick ? QUICK : FULL;
  printMachine(options.engine, settings);
  return withBenchStore(options.engine, async (store) => {
    const small = seededAt(await seedThreads(store, [15]), 15);
    const fixedBytes = await measureFixedBytes(small);
    const loaded: Loaded[] = [];
    await withServer({ databaseUrl: small.url, fixedBytes, nodeArgs: options.nodeArgs }, async (server) => {
      const { plain, notify } = await commentTargets(server, small.post);
      await measureInterleavedBeside(server, [plain, notify], settings, loaded, true);
    });
    const rps = (name: string) => loaded.find((r) => r.run.name === name)?.run.rps ?? 0;
    const editsLine = await measureReadersBesideEdits(store, settings, fixedBytes, options.nodeArgs, loaded);
    printVerdicts(printLoaded(loaded));
    console.log(editsLine);
    console.log(describeNotifyShare(rps('post-comment'), rps('post-comment-notify')));
    console.log(await benchOutboxDrain(store));
    return 0;
  });
}

/** Only the framed thread and the batched counts, beside the fixed route of the same server (issue 21). */
export async function runEmbedOnly(options: OnlyOptions): Promise<number> {
  const settings = options.quick ? QUICK : FULL;
  printMachine(options.engine, settings);
  return withBenchStore(options.engine, async (store) => {
    const small = seededAt(await seedThreads(store, [15]), 15);
    const fixedBytes = await measureFixedBytes(small);
    const embed = await seedEmbedPages(store, SEED + 3);
    const loaded: Loaded[] = [];
    await withServer({ databaseUrl: embed.databaseUrl, fixedBytes, nodeArgs: options.nodeArgs }, (server) =>
      measureBeside(server, embedTargets(embed), settings, loaded, true),
    );
    printVerdicts(printLoaded(loaded));
    return 0;
  });
}
