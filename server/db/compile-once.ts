import type { Compilable, CompiledQuery } from 'kysely';
import type { DbOrTx } from './database.js';

/**
 * A query built and compiled once per database handle, then run with fresh values: for lookups that
 * every page view makes, where building and compiling the query took three times SQLite's own work.
 * `build` is called with `placeholders`, each of which must become exactly one compiled parameter.
 */
export function compileOnce<A extends string[], R>(build: (db: DbOrTx, ...args: A) => Compilable<R>, placeholders: A) {
  const compiledFor = new WeakMap<DbOrTx, { compiled: CompiledQuery<R>; slots: number[] }>();
  return async (db: DbOrTx, ...args: A): Promise<R[]> => {
    let entry = compiledFor.get(db);
    if (!entry) {
      const compiled = build(db, ...placeholders).compile();
      const slots = placeholders.map((p) => compiled.parameters.indexOf(p));
      if (slots.some((slot, i) => slot < 0 || compiled.parameters.lastIndexOf(placeholders[i]) !== slot)) {
        throw new Error(`compileOnce: each placeholder must appear once in: ${compiled.sql}`);
      }
      compiledFor.set(db, (entry = { compiled, slots }));
    }
    const parameters = [...entry.compiled.parameters];
    entry.slots.forEach((slot, i) => (parameters[slot] = args[i]));
    return (await db.executeQuery<R>({ ...entry.compiled, parameters })).rows;
  };
}
