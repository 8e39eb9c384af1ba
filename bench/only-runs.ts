// The runs of one issue's rows alone (npm run bench -- --only votes|mail|embed): quicker to repeat than the whole
// benchmark, on the same seeded data, servers and measurements.
import { embedTargets, seedEmbedPages } from './embed.js';
import { commentTargets, FULL, measureAll, printMachine, QUICK, SEED, seedThreads, seededAt, withBenchStore, withServer, type Loaded } from './harness.js';
import { benchOutboxDrain, describeNotifyShare } from './mail.js';
import { printTable, printVerdicts, toRows } from './report.js';
import type { BenchEngine } from './bench-db.js';
import { checkThreadShown } from './requests.js';
import { benchVotes, describeVotes } from './votes.js';

export interface OnlyOptions {
  engine: BenchEngine;
  quick: boolean;
  /** Node's arguments for the servers (a CPU profile). */
  nodeArgs: string[];
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
    const fixedBytes = await withServer({ databaseUrl: small.url, fixedBytes: 0 }, (s) => checkThreadShown(s, small.post.slug, 15));
    const loaded: Loaded[] = [];
    await withServer({ databaseUrl: small.url, fixedBytes, nodeArgs: options.nodeArgs }, async (server) => {
      const { plain, notify } = await commentTargets(server, small.post);
      await measureAll(server, [plain, notify], settings, loaded);
    });
    const rps = (name: string) => loaded.find((r) => r.run.name === name)?.run.rps ?? 0;
    printTable(
      toRows(loaded.map((l) => l.run)),
      loaded.map((l) => l.run),
    );
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
    const fixedBytes = await withServer({ databaseUrl: small.url, fixedBytes: 0 }, (s) => checkThreadShown(s, small.post.slug, 15));
    const embed = await seedEmbedPages(store, SEED + 3);
    const loaded: Loaded[] = [];
    await withServer({ databaseUrl: embed.databaseUrl, fixedBytes, nodeArgs: options.nodeArgs }, (server) =>
      measureAll(server, [{ name: 'fixed', path: '/bench/fixed', expectStatus: 200 }, ...embedTargets(embed)], settings, loaded),
    );
    const rows = toRows(loaded.map((l) => l.run));
    printTable(
      rows,
      loaded.map((l) => l.run),
    );
    printVerdicts(rows);
    return 0;
  });
}
