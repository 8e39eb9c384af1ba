// The scratch table of a two-pass import: one run's threads and comments as the first pass read them, read back
// a thread at a time by the second. The payload is whatever the reader gave, as JSON; the repository keeps it opaque.
import type { Insertable } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { ImportStagingTable } from '../db/schema.js';

export type NewStagedRow = Insertable<ImportStagingTable>;

export interface StagedRow {
  id: number;
  source_key: string;
  group_key: string;
  line: number;
  payload: string;
}

/** Seven columns a row: 200 rows a query stay far below either engine's limit on bound parameters. */
const ROWS_PER_QUERY = 200;

/** Stages rows; a key the run has staged already keeps its first row (an export that repeats an id). */
export async function insertStagedRows(db: DbOrTx, rows: readonly NewStagedRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_QUERY)
    await db
      .insertInto('import_staging')
      .values(rows.slice(i, i + ROWS_PER_QUERY))
      .onConflict((oc) => oc.columns(['run_key', 'kind', 'source_key']).doNothing())
      .execute();
}

/** Up to `limit` of the run's threads after id `afterId`, in the order they were read. */
export async function listStagedThreads(db: DbOrTx, runKey: string, afterId: number, limit: number): Promise<StagedRow[]> {
  return db
    .selectFrom('import_staging')
    .select(['id', 'source_key', 'group_key', 'line', 'payload'])
    .where('run_key', '=', runKey)
    .where('kind', '=', 'thread')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The run's comments of one thread, in the order they were read. */
export async function listStagedPostsOfThread(db: DbOrTx, runKey: string, threadKey: string): Promise<StagedRow[]> {
  return db
    .selectFrom('import_staging')
    .select(['id', 'source_key', 'group_key', 'line', 'payload'])
    .where('run_key', '=', runKey)
    .where('kind', '=', 'post')
    .where('group_key', '=', threadKey)
    .orderBy('id')
    .execute();
}

/** How many threads the run staged. */
export async function countStagedThreads(db: DbOrTx, runKey: string): Promise<number> {
  const row = await db
    .selectFrom('import_staging')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('run_key', '=', runKey)
    .where('kind', '=', 'thread')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Comments naming a thread the run never staged, per thread id: how many and the first line. */
export async function listStagedOrphanGroups(db: DbOrTx, runKey: string): Promise<{ group_key: string; n: number; line: number }[]> {
  const rows = await db
    .selectFrom('import_staging as p')
    .select((eb) => ['p.group_key', eb.fn.countAll<number | string>().as('n'), eb.fn.min<number>('p.line').as('line')])
    .where('p.run_key', '=', runKey)
    .where('p.kind', '=', 'post')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('import_staging as t')
            .select('t.id')
            .where('t.run_key', '=', runKey)
            .where('t.kind', '=', 'thread')
            .whereRef('t.source_key', '=', 'p.group_key'),
        ),
      ),
    )
    .groupBy('p.group_key')
    .orderBy('line')
    .execute();
  return rows.map((r) => ({ group_key: r.group_key, n: Number(r.n), line: Number(r.line) }));
}

/** Forgets one thread's staged comments once they are stored. */
export async function deleteStagedGroup(db: DbOrTx, runKey: string, threadKey: string): Promise<void> {
  await db.deleteFrom('import_staging').where('run_key', '=', runKey).where('kind', '=', 'post').where('group_key', '=', threadKey).execute();
}

/** Forgets a run's rows, and those of runs that started before `staleBefore` (a run killed halfway). */
export async function deleteStagedRuns(db: DbOrTx, runKey: string, staleBefore: string): Promise<void> {
  await db
    .deleteFrom('import_staging')
    .where((eb) => eb.or([eb('run_key', '=', runKey), eb('created_at', '<', staleBefore)]))
    .execute();
}
