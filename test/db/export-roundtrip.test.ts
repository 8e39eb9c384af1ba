import fs from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { writeSiteExport } from '../../server/export/site-export.js';
import { labelWaitingComments } from '../../server/import/import-labelling.service.js';
import { importWordpress } from '../../server/import/wordpress-import.service.js';
import { readWxr, type WxrItem } from '../../server/import/wxr-reader.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const FIXTURE = fileURLToPath(new URL('../fixtures/import/wxr-1.2.xml', import.meta.url));
const SITE = { title: 'Harbour <Notes> & more', url: 'https://rejoinder.example', exportedAt: NOW.toISOString() };

let opened: { db: Db; store: TestDatabase }[] = [];
afterEach(async () => {
  for (const o of opened) {
    await o.db.destroy();
    await o.store.dispose();
  }
  opened = [];
});

async function freshDb(): Promise<Db> {
  const store = await createTestDatabase('export');
  const db = openDatabase(store.url);
  opened.push({ db, store });
  await migrateToLatest(db);
  return db;
}

const importText = (db: Db, xml: string) =>
  importWordpress(db, readWxr(Readable.from([Buffer.from(xml)])), { skipPages: false, dryRun: false, subject: null, subjects: new Map(), now: NOW });

async function exportText(db: Db, format: 'wxr' | 'json'): Promise<string> {
  let text = '';
  await writeSiteExport(db, format, SITE, async (part) => {
    text += part;
  });
  return text;
}

/** What must survive the trip: posts, and each comment with its place in the tree (by its parent's author) and status. */
async function shape(db: Db) {
  const posts = await db.selectFrom('posts').select(['id', 'slug', 'title', 'status', 'published_at', 'body_html']).orderBy('id').execute();
  const comments = await db.selectFrom('comments').selectAll().orderBy('id').execute();
  const byId = new Map(comments.map((c) => [c.id, c]));
  const slugOf = new Map(posts.map((p) => [p.id, p.slug]));
  return {
    posts: posts.map(({ id: _id, ...p }) => p),
    comments: comments.map((c) => ({
      post: slugOf.get(c.post_id),
      author: c.author_name,
      email: c.author_email,
      url: c.author_url,
      body: c.body_raw,
      status: c.status,
      depth: c.depth,
      parent: c.parent_id === null ? null : byId.get(c.parent_id)!.author_name,
      created_at: c.created_at,
    })),
    linkbacks: await db.selectFrom('linkbacks').select(['kind', 'source_name', 'source_url', 'excerpt', 'status', 'created_at']).orderBy('id').execute(),
  };
}

describe('export', () => {
  it('writes a WXR that imports into an empty site as the same posts, comments, tree, statuses and pingbacks', async () => {
    const source = await freshDb();
    await importText(source, fs.readFileSync(FIXTURE, 'utf8'));
    // A comment whose text holds what XML and HTML would trip on.
    const post = await source.selectFrom('posts').select('id').where('slug', '=', 'about').executeTakeFirstOrThrow();
    await source
      .insertInto('comments')
      .values({
        post_id: post.id,
        parent_id: null,
        depth: 0,
        author_name: 'Ünal <b>',
        author_email: 'unal@example.org',
        author_url: null,
        body_raw: 'a ]]> b & <i>c</i> \u0001 "q" `x` =',
        body_html: 'x',
        status: 'approved',
        self_stance: null,
        created_at: '2010-01-01T00:00:00.000Z',
        edited_at: null,
        deleted_at: null,
      })
      .execute();
    const wxr = await exportText(source, 'wxr');
    const target = await freshDb();
    await importText(target, wxr);
    const [before, after] = [await shape(source), await shape(target)];
    expect(after.comments).toEqual(before.comments.map((c) => (c.author === 'Ünal <b>' ? { ...c, author: 'Ünal', body: 'a ]]> b & <i>c</i>  "q" `x` =' } : c)));
    expect(after.posts).toEqual(before.posts);
    expect(after.linkbacks).toEqual(before.linkbacks);
  });

  it('writes pingbacks and trackbacks back as such, each with its status, and they import as the same linkbacks (and remarks)', async () => {
    const source = await freshDb();
    await importText(source, fs.readFileSync(fileURLToPath(new URL('../fixtures/import/linkbacks.xml', import.meta.url)), 'utf8'));
    const wxr = await exportText(source, 'wxr');
    const items: WxrItem[] = [];
    for await (const e of readWxr(Readable.from([wxr]))) if (e.kind === 'item') items.push(e.item);
    expect(items[0]!.comments.map((c) => [c.type, c.approved, c.author])).toEqual([
      ['comment', '1', 'Odile Marsh'],
      ['comment', '1', 'Jonas Pell'],
      ['trackback', '1', 'Weir Watchers – River notes'],
      ['pingback', '1', 'Valley Herald » Dam debate heats up'],
      ['pingback', 'spam', 'Cheap Dam Removal Pros'],
      ['trackback', '0', 'Fenwick Angling Club'],
      ['pingback', 'trash', 'Old Ledger mirror'],
    ]);
    const target = await freshDb();
    const { counts } = await importText(target, wxr);
    expect(counts).toMatchObject({ posts: 1, comments: 2, remarks: 1, linkbacks: 5 });
    const [before, after] = [await shape(source), await shape(target)];
    expect(after.linkbacks).toEqual(before.linkbacks);
    expect(after.comments).toEqual(before.comments);
    // The group remark travels as comment meta and comes back the same.
    const remarksOf = (db: Db) =>
      db.selectFrom('group_remarks').select(['source_group', 'source_url', 'author_name', 'headline', 'posted_at', 'body_raw', 'body_html']).execute();
    expect(await remarksOf(target)).toEqual(await remarksOf(source));
    expect(await remarksOf(target)).toHaveLength(1);
  });

  it('carries stance labels as comment meta, and the JSON export has everything but password hashes', async () => {
    const db = await freshDb();
    await importWordpress(db, readWxr(fs.createReadStream(FIXTURE)), {
      skipPages: false,
      dryRun: false,
      subject: { name: 'Orla Brenn', aliases: ['Orla'] },
      subjects: new Map(),
      now: NOW,
    });
    await labelWaitingComments(
      db,
      NOW,
      () => {},
      () => false,
    );
    await db.updateTable('users').set({ password_hash: 'scrypt$secret' }).execute();
    const wxr = await exportText(db, 'wxr');
    const items: WxrItem[] = [];
    for await (const e of readWxr(Readable.from([wxr]))) if (e.kind === 'item') items.push(e.item);
    const maelle = items[0]!.comments.find((c) => c.author === 'Maëlle Durand')!;
    expect(JSON.parse(maelle.meta['rejoinder_stance']!)).toMatchObject({ label: expect.stringMatching(/^(pro|against|neutral)$/), source: 'auto' });
    expect(JSON.parse(maelle.meta['rejoinder_stance_history']!)).toHaveLength(1);

    const json = JSON.parse(await exportText(db, 'json')) as {
      format: string;
      version: number;
      users: Record<string, unknown>[];
      posts: { slug: string; subject_aliases: unknown; comments: Record<string, unknown>[]; labels: { cues: unknown }[]; linkbacks: unknown[] }[];
    };
    expect(json).toMatchObject({ format: 'rejoinder-export', version: 1 });
    expect(json.users[0]).not.toHaveProperty('password_hash');
    expect(JSON.stringify(json)).not.toContain('scrypt$secret');
    const first = json.posts[0]!;
    expect(first).toMatchObject({ slug: 'orla-brenn-harbour-board', subject_aliases: ['Orla'] });
    expect(first.comments).toHaveLength(5);
    expect(first.comments[0]).not.toHaveProperty('author_ip_hash');
    expect(first.labels).toHaveLength(2);
    expect(Array.isArray(first.labels[0]!.cues)).toBe(true);
    expect(first.linkbacks).toHaveLength(1);
  });
});
