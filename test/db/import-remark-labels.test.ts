// Group remarks that come back through a Rejoinder WXR export (rejoinder_remarks comment meta) are labelled as
// pasted ones are: read in their thread after their post's comments, so the same text under the same thread gets
// the same label, beside the import and on the command's last pass alike.
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { writeSiteExport } from '../../server/export/site-export.js';
import { labelAsImported, labelWaitingComments } from '../../server/import/import-labelling.service.js';
import { importWordpress } from '../../server/import/wordpress-import.service.js';
import { readWxr } from '../../server/import/wxr-reader.js';
import { findPostWithAuthorById } from '../../server/post/post.repository.js';
import { saveRemarks } from '../../server/remark/remark.service.js';
import { labelUnlabelledComments } from '../../server/stance/stance-batch.service.js';
import { createComment, createPost } from '../support/factories.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const SUBJECT = { name: 'Jamie Rivera', aliases: ['Rivera', 'Jamie'] };
const REMARKS = [
  { authorName: 'Nell Ashby', headline: null, postedLabel: null, postedAt: null, body: 'Rivera is right about the harbour. I back Jamie all the way.' },
  { authorName: 'Piet Loman', headline: null, postedLabel: null, postedAt: null, body: 'Jamie Rivera is wrong and should resign before the vote.' },
  { authorName: 'Ros Quill', headline: null, postedLabel: null, postedAt: null, body: 'Agreed with Piet. Rivera has failed us twice.' },
];

let opened: { db: Db; store: TestDatabase }[] = [];
afterEach(async () => {
  for (const o of opened) {
    await o.db.destroy();
    await o.store.dispose();
  }
  opened = [];
});

async function freshDb(): Promise<Db> {
  const store = await createTestDatabase('remark-labels');
  const db = openDatabase(store.url);
  opened.push({ db, store });
  await migrateToLatest(db);
  return db;
}

/** A site whose one post has two labelled comments, the second carrying a pasted block of remarks; returns its WXR. */
async function exportedSite(source: Db): Promise<string> {
  const post = await createPost(source, { slug: 'harbour-vote', title: 'Should Jamie Rivera lead the harbour board?' });
  await createComment(source, post.id, { name: 'Odile Marsh', body: 'Jamie Rivera has done well by the harbour; I trust Rivera.' });
  const carrier = await createComment(source, post.id, { name: 'Jonas Pell', body: 'In the Harbour Forum group, people were split:' });
  const withAuthor = (await findPostWithAuthorById(source, post.id))!;
  await labelUnlabelledComments(source, withAuthor, NOW.toISOString());
  const actor = await source.selectFrom('users').select('id').executeTakeFirstOrThrow();
  await saveRemarks(source, actor.id, { kind: 'comment', commentId: carrier }, { sourceGroup: 'Harbour Forum', sourceUrl: null }, REMARKS, NOW);
  let wxr = '';
  await writeSiteExport(source, 'wxr', { title: 'Harbour', url: 'https://rejoinder.example', exportedAt: NOW.toISOString() }, async (part) => {
    wxr += part;
  });
  return wxr;
}

const remarkLabels = (db: Db) =>
  db
    .selectFrom('stance_labels')
    .innerJoin('group_remarks', 'group_remarks.id', 'stance_labels.remark_id')
    .select(['group_remarks.author_name', 'stance_labels.label', 'stance_labels.source', 'stance_labels.confidence', 'stance_labels.cues'])
    .orderBy('group_remarks.position')
    .execute();

const importInto = (db: Db, wxr: string, afterPost?: (postId: number) => void) =>
  importWordpress(db, readWxr(Readable.from([wxr])), { skipPages: false, dryRun: false, subject: SUBJECT, subjects: new Map(), now: NOW, afterPost });

describe('imported group remarks', () => {
  it("get the labels their pasted originals got, labelled beside the import after their post's comments", async () => {
    const source = await freshDb();
    const wxr = await exportedSite(source);
    const pasted = await remarkLabels(source);
    expect(pasted.map((l) => l.source)).toEqual(['auto', 'auto', 'auto']);
    // Not all one label, or the comparison below would prove little.
    expect(new Set(pasted.map((l) => l.label)).size).toBeGreaterThan(1);

    const target = await freshDb();
    const labelling = labelAsImported(
      target,
      NOW,
      () => {},
      () => false,
    );
    const { counts } = await importInto(target, wxr, (postId) => labelling.add(postId));
    expect(counts).toMatchObject({ posts: 1, comments: 2, remarks: 3 });
    expect(await labelling.finish()).toBe(2);
    expect(await remarkLabels(target)).toEqual(pasted);
    expect(
      await labelWaitingComments(
        target,
        NOW,
        () => {},
        () => false,
      ),
    ).toEqual({ labelled: 0, remaining: 0 });
  });

  it('are labelled by the last pass when the import labelled nothing beside it', async () => {
    const source = await freshDb();
    const wxr = await exportedSite(source);
    const target = await freshDb();
    await importInto(target, wxr);
    expect(await remarkLabels(target)).toEqual([]);
    expect(
      await labelWaitingComments(
        target,
        NOW,
        () => {},
        () => false,
      ),
    ).toMatchObject({ remaining: 0 });
    expect(await remarkLabels(target)).toEqual(await remarkLabels(source));
  });
  it('are labelled by the next run when a stopped run labelled their post’s comments but not them', async () => {
    const source = await freshDb();
    const wxr = await exportedSite(source);
    const target = await freshDb();
    await importInto(target, wxr);
    // What a run stopped between the two steps leaves: every comment labelled, no remark.
    const post = (await findPostWithAuthorById(target, (await target.selectFrom('posts').select('id').executeTakeFirstOrThrow()).id))!;
    await target.deleteFrom('stance_labels').where('remark_id', 'is not', null).execute();
    await labelUnlabelledComments(target, post, NOW.toISOString());
    await target.deleteFrom('stance_labels').where('remark_id', 'is not', null).execute();
    expect(await remarkLabels(target)).toEqual([]);
    expect(
      await labelWaitingComments(
        target,
        NOW,
        () => {},
        () => false,
      ),
    ).toEqual({ labelled: 0, remaining: 0 });
    expect(await remarkLabels(target)).toEqual(await remarkLabels(source));
  });
});
