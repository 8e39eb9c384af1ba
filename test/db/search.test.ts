import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/database.js';
import { createMigrator, migrateAllDown, migrateToLatest } from '../../server/db/migrator.js';
import { rankResults } from '../../server/search/search-page.js';
import { parseSearchTerms } from '../../server/search/search-terms.js';
import { searchComments, searchPosts } from '../../server/search/search.repository.js';
import { createComment, createPost } from '../support/factories.js';
import { createTestDatabase, TEST_ENGINE } from '../support/test-db.js';
import { makeTimeFormat } from '../../server/shared/time.js';

const SEARCH_MIGRATION = '20261202040000_search';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh database of the suite's engine, or always a SQLite file (the parity test's second engine). */
async function openFresh(engine: 'suite' | 'sqlite'): Promise<Db> {
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rejoinder-search-'));
    const db = openDatabase(path.join(dir, 'search.db'));
    cleanups.push(async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    return db;
  }
  const testDb = await createTestDatabase('search');
  const db = openDatabase(testDb.url);
  cleanups.push(async () => {
    await db.destroy();
    await testDb.dispose();
  });
  return db;
}

/** A small debate with the text both engines must cut alike: case, accents, Cyrillic, punctuation, numbers. */
async function seedDebate(db: Db): Promise<void> {
  const a = await createPost(db, { title: 'The café on Mill Street should stay open late' });
  const b = await createPost(db, { title: 'Москва or Kraków: where should the festival go?' });
  await createComment(db, a.id, { name: 'Zofia Nowak', body: 'Late opening helps the night-shift nurses; the CAFÉ is their only option.' });
  await createComment(db, a.id, { name: 'Tomás Reyes', body: "I don't see why the café needs council money. Open late, sure, but not on rates." });
  await createComment(db, a.id, { name: 'Held Reader', body: 'Café café café', status: 'pending' });
  await createComment(db, b.id, { name: 'Ирина Петрова', body: 'Москва has the halls; Kraków has the charm. Festival 2027 needs both.' });
  await createComment(db, b.id, { name: 'Amaru Quispe', body: 'Kraków, every time. The festival_office already said yes (see item #42).' });
  await createComment(db, b.id, { name: 'Lee Chan', body: 'Open-air festival or nothing: rates, café stalls, late buses.' });
}

/** What a search shows, in order: kind, heading and score (rounded, as floating sums may differ in the last bit). */
async function resultsOf(db: Db, query: string, staff = false) {
  const terms = parseSearchTerms(query);
  const [posts, comments] = await Promise.all([searchPosts(db, terms), searchComments(db, terms, staff ? ['approved', 'pending', 'spam'] : ['approved'])]);
  return rankResults(terms, posts, comments, makeTimeFormat('UTC', 'long')).map((r) => `${r.kind} ${r.heading} ${r.score.toFixed(6)}`);
}

const QUERIES = [
  'café',
  'CAFÉ late',
  'москва',
  'Kraków festival',
  'festival',
  'open',
  'rates',
  'don',
  '2027',
  '42',
  'office',
  'night shift',
  'nothing-here-at-all',
];

describe('search on both engines', () => {
  it('finds the same matches in the same order on SQLite and PostgreSQL', async () => {
    const engines: Db[] = [await openFresh('sqlite')];
    if (TEST_ENGINE === 'postgres') engines.push(await openFresh('suite'));
    for (const db of engines) {
      await migrateToLatest(db);
      await seedDebate(db);
    }
    const expected: Record<string, string[]> = {
      café: [
        'post The café on Mill Street should stay open late 2.584963',
        // Ties: newest first.
        'comment Lee Chan on “Москва or Kraków: where should the festival go?” 1.000000',
        'comment Tomás Reyes on “The café on Mill Street should stay open late” 1.000000',
        'comment Zofia Nowak on “The café on Mill Street should stay open late” 1.000000',
      ],
      москва: [
        'post Москва or Kraków: where should the festival go? 2.584963',
        'comment Ирина Петрова on “Москва or Kraków: where should the festival go?” 1.000000',
      ],
      '42': ['comment Amaru Quispe on “Москва or Kraków: where should the festival go?” 1.000000'],
      office: ['comment Amaru Quispe on “Москва or Kraków: where should the festival go?” 1.000000'],
      don: ['comment Tomás Reyes on “The café on Mill Street should stay open late” 1.000000'],
      'nothing-here-at-all': [],
    };
    for (const query of QUERIES) {
      const [first, ...others] = await Promise.all(engines.map((db) => resultsOf(db, query)));
      if (expected[query]) expect(first, query).toEqual(expected[query]);
      expect(first!.length, query).toBeGreaterThan(query.startsWith('nothing') ? -1 : 0);
      for (const other of others) expect(other, `${query} on PostgreSQL`).toEqual(first);
    }
    for (const db of engines) expect(await resultsOf(db, 'café', true)).toHaveLength(5);
  });

  it('indexes the rows already there when the migration runs, and goes down cleanly', async () => {
    const db = await openFresh('suite');
    const migrator = await createMigrator(db);
    const names = (await migrator.getMigrations()).map((m) => m.name);
    const before = names[names.indexOf(SEARCH_MIGRATION) - 1]!;
    const { error } = await migrator.migrateTo(before);
    expect(error).toBeUndefined();
    await seedDebate(db);
    await migrateToLatest(db);
    expect(await resultsOf(db, 'festival')).toHaveLength(4);
    await migrateAllDown(db);
  });
});
