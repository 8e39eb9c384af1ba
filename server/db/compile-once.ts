import type { Compilable, CompiledQuery } from 'kysely';
import type { DbOrTx } from './database.js';

/**
 * A query built and compiled once per dialect, then run with fresh values: for the lookups every
 * page view and comment POST makes, where building and compiling the query took longer than
 * SQLite's own work. `build` is called with `placeholders`, each of which must become exactly one
 * compiled parameter. Compiled queries are kept per dialect adapter, not per handle, because a
 * transaction or a batch's connection is a new handle each time, and SQL text depends only on the dialect.
 */
export function compileOnce<A extends unknown[], R>(build: (db: DbOrTx, ...args: A) => Compilable<R>, placeholders: A) {
  const compiledFor = new WeakMap<object, { compiled: CompiledQuery<R>; slots: number[] }>();
  return async (db: DbOrTx, ...args: A): Promise<R[]> => {
    const dialect = db.getExecutor().adapter;
    let entry = compiledFor.get(dialect);
    if (!entry) {
      const compiled = build(db, ...placeholders).compile();
      const slots = placeholders.map((p) => compiled.parameters.indexOf(p));
      if (slots.some((slot, i) => slot < 0 || compiled.parameters.lastIndexOf(placeholders[i]) !== slot)) {
        throw new Error(`compileOnce: each placeholder must appear once in: ${compiled.sql}`);
      }
      compiledFor.set(dialect, (entry = { compiled, slots }));
    }
    const parameters = [...entry.compiled.parameters];
    entry.slots.forEach((slot, i) => (parameters[slot] = args[i]));
    return (await db.executeQuery<R>({ ...entry.compiled, parameters })).rows;
  };
}
