import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../server/db/migrator.js';
import { openDatabase, type Db } from '../../server/db/database.js';
import { findPostWithAuthorById } from '../../server/post/post.repository.js';
import { saveRemarks } from '../../server/remark/remark.service.js';
import { relabelAfterEdit } from '../../server/stance/relabel.service.js';
import { labelUnlabelledComments } from '../../server/stance/stance-batch.service.js';
import { labelNewComment, recordModeratorLabel } from '../../server/stance/stance.service.js';
import { remarkBlockJob } from '../../server/stance/thread-context.service.js';
import type { Stance } from '../../server/shared/stances.js';
import { createComment, createPost, createRemarks } from '../support/factories.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Cross-posted remarks are read in their own thread wherever they are labelled (a paste, an import's labelling, a
// relabelling): the post, the carrying comment's text and the block's remarks before them, with those labels.
let testDb: TestDatabase;
let db: Db;
let postId: number;
const NOW = new Date('2026-11-26T12:00:00.000Z');
const AT = NOW.toISOString();
const AUTHOR = 'Ilse Marbury';
const SUBJECT = { name: 'Jamie Rivera', aliases: ['Rivera', 'Jamie'] };

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = openDatabase(testDb.url);
  await migrateToLatest(db);
});

afterAll(async () => {
  await db.destroy();
  await testDb.dispose();
});

beforeEach(async () => {
  postId = (await createPost(db)).id;
  const { author_id } = await db.selectFrom('posts').select('author_id').where('id', '=', postId).executeTakeFirstOrThrow();
  await db.updateTable('users').set({ name: AUTHOR }).where('id', '=', author_id).execute();
});

const post = async () => (await findPostWithAuthorById(db, postId))!;

async function setAuthorStance(side: Stance) {
  await db.updateTable('posts').set({ author_stance: side }).where('id', '=', postId).execute();
}

/** A comment carrying remarks, stored and labelled as the site stores one. */
async function carrierWith(body: string, name = 'Moderator Ruth') {
  const id = await createComment(db, postId, { name, body });
  await labelNewComment(db, await post(), { id, parentId: null, authorName: name, body, selfStance: null }, AT);
  return id;
}

/** Each remark's labels, oldest first, in block order. */
async function remarkLabels(carrierId: number) {
  const rows = await db
    .selectFrom('group_remarks')
    .leftJoin('stance_labels', 'stance_labels.remark_id', 'group_remarks.id')
    .select(['group_remarks.id', 'group_remarks.author_name', 'stance_labels.label', 'stance_labels.source', 'stance_labels.reason'])
    .where('group_remarks.comment_id', '=', carrierId)
    .orderBy('group_remarks.position')
    .orderBy('stance_labels.id')
    .execute();
  const byAuthor = new Map<string, { label: string | null; source: string | null; reason: string | null }[]>();
  for (const r of rows) byAuthor.set(r.author_name, [...(byAuthor.get(r.author_name) ?? []), { label: r.label, source: r.source, reason: r.reason }]);
  return byAuthor;
}

const paste = (carrierId: number, rows: { authorName: string; body: string }[]) =>
  saveRemarks(
    db,
    1,
    { kind: 'comment', commentId: carrierId },
    { sourceGroup: 'Harbour Town Supporters', sourceUrl: null },
    rows.map((r) => ({ ...r, headline: null, postedLabel: null, postedAt: null })),
    NOW,
  );

describe('a remark block as the classifier is handed it', () => {
  it("holds the carrier's text and label and the block's earlier remarks with theirs, ahead of the remarks to label", async () => {
    const carrier = await carrierWith('I wanted to share these comments from the supporters forum, where the same argument is going on.');
    const [first, second] = await createRemarks(db, carrier, [
      { author: 'Teo Brandvold', body: 'Rivera is a fraud and a liar.' },
      { author: 'Wenna Strake', body: 'Exactly this.' },
    ]);
    await recordModeratorLabel(db, { remarkId: first! }, 'Rivera is a fraud and a liar.', SUBJECT, 'against', null, AT);
    const read = await remarkBlockJob(db, await post(), carrier, { from: second! });
    expect(read?.block.map((r) => r.id)).toEqual([second]);
    const carried = read!.job.earlier.find((e) => e.id === String(carrier));
    expect(carried).toMatchObject({ kind: 'comment', body: expect.stringContaining('I wanted to share these comments') as string, source: 'auto' });
    expect(read!.job.earlier.at(-1)).toMatchObject({ id: `r${first}`, parentId: String(carrier), kind: 'remark', stance: 'against', source: 'moderator' });
    expect(read!.job.items).toEqual([expect.objectContaining({ id: `r${second}`, parentId: String(carrier), body: 'Exactly this.', kind: 'remark' })]);
    expect(read!.job.items[0]!.stance).toBeUndefined();
  });
});

describe('remark context at paste', () => {
  it.each(['pro', 'against'] as const)('a remark pasted after a stored one leans on its current label (%s, set by a moderator)', async (side) => {
    const carrier = await carrierWith('I wanted to share these comments from the supporters forum.');
    const [first] = await createRemarks(db, carrier, [{ author: 'Teo Brandvold', body: 'Everyone in the forum has a view on Rivera this week.' }]);
    await recordModeratorLabel(db, { remarkId: first! }, 'Everyone in the forum has a view on Rivera this week.', SUBJECT, side, null, AT);
    await paste(carrier, [{ authorName: 'Wenna Strake', body: 'Exactly this.' }]);
    const labels = await remarkLabels(carrier);
    expect(labels.get('Wenna Strake')).toEqual([{ label: side, source: 'auto', reason: null }]);
  });

  it("a remark siding with the post's author takes the author's declared side", async () => {
    await setAuthorStance('pro');
    const carrier = await carrierWith('I wanted to share these comments from the supporters forum.');
    await paste(carrier, [
      { authorName: 'Teo Brandvold', body: 'The match report is on the club site.' },
      { authorName: 'Wenna Strake', body: `Read your post, Ilse, and I'm on your side.` },
    ]);
    expect((await remarkLabels(carrier)).get('Wenna Strake')?.map((l) => l.label)).toEqual(['pro']);
  });
});

describe('remark context at import', () => {
  it.each(['pro', 'against'] as const)("labels an import's unlabelled remarks in their thread: the post's author (%s) and the remark before", async (side) => {
    await setAuthorStance(side);
    const carrier = await createComment(db, postId, { name: 'Hollis Penrow', body: 'I wanted to share these comments from the supporters forum.' });
    await createRemarks(db, carrier, [
      { author: 'Teo Brandvold', body: `Read your post, Ilse, and I'm on your side.` },
      { author: 'Wenna Strake', body: 'Exactly this.' },
    ]);
    await labelUnlabelledComments(db, await post(), AT);
    const labels = await remarkLabels(carrier);
    expect(labels.get('Teo Brandvold')).toEqual([{ label: side, source: 'auto', reason: null }]);
    expect(labels.get('Wenna Strake')).toEqual([{ label: side, source: 'auto', reason: null }]);
    // Run again, it labels nothing twice.
    await labelUnlabelledComments(db, await post(), AT);
    expect([...(await remarkLabels(carrier)).values()].map((l) => l.length)).toEqual([1, 1]);
  });

  it('leaves labelled remarks as they are and leans the new ones on them', async () => {
    const carrier = await carrierWith('I wanted to share these comments from the supporters forum.');
    const [first] = await createRemarks(db, carrier, [{ author: 'Teo Brandvold', body: 'Everyone in the forum has a view on Rivera this week.' }]);
    await recordModeratorLabel(db, { remarkId: first! }, 'Everyone in the forum has a view on Rivera this week.', SUBJECT, 'pro', null, AT);
    await createRemarks(db, carrier, [{ author: 'Wenna Strake', body: 'Exactly this.' }]);
    await db.updateTable('group_remarks').set({ position: 1 }).where('author_name', '=', 'Wenna Strake').where('comment_id', '=', carrier).execute();
    await labelUnlabelledComments(db, await post(), AT);
    const labels = await remarkLabels(carrier);
    expect(labels.get('Teo Brandvold')).toEqual([{ label: 'pro', source: 'moderator', reason: null }]);
    expect(labels.get('Wenna Strake')).toEqual([{ label: 'pro', source: 'auto', reason: null }]);
  });
});

describe('remark context at relabelling', () => {
  it("a block worked out again (its carrier edited) keeps a moderator's label on a remark for the remarks after it", async () => {
    const carrier = await carrierWith('I wanted to share these comments from the supporters forum.');
    await paste(carrier, [
      { authorName: 'Teo Brandvold', body: 'Rivera is a fraud and a liar.' },
      { authorName: 'Wenna Strake', body: 'Exactly this.' },
    ]);
    expect((await remarkLabels(carrier)).get('Wenna Strake')?.map((l) => l.label)).toEqual(['against']);
    const [first] = await db.selectFrom('group_remarks').select('id').where('comment_id', '=', carrier).orderBy('position').execute();
    await recordModeratorLabel(db, { remarkId: first!.id }, 'Rivera is a fraud and a liar.', SUBJECT, 'pro', null, AT);
    await db.updateTable('comments').set({ body_raw: 'Shared from the supporters forum, with permission.' }).where('id', '=', carrier).execute();
    await relabelAfterEdit(db, { commentId: carrier }, AT);
    expect((await remarkLabels(carrier)).get('Wenna Strake')).toEqual([
      { label: 'against', source: 'auto', reason: null },
      { label: 'pro', source: 'auto', reason: 'carrying comment edited by a moderator' },
    ]);
  });

  it('an edited remark moves the remark that answered it', async () => {
    const carrier = await carrierWith('I wanted to share these comments from the supporters forum.');
    await paste(carrier, [
      { authorName: 'Teo Brandvold', body: 'Rivera is a fraud and a liar.' },
      { authorName: 'Wenna Strake', body: 'Exactly this.' },
    ]);
    const [first] = await db.selectFrom('group_remarks').select('id').where('comment_id', '=', carrier).orderBy('position').execute();
    await db.updateTable('group_remarks').set({ body_raw: 'Jamie Rivera is brilliant and generous, I admire her.' }).where('id', '=', first!.id).execute();
    await relabelAfterEdit(db, { remarkId: first!.id }, AT);
    const labels = await remarkLabels(carrier);
    expect(labels.get('Teo Brandvold')?.map((l) => [l.label, l.reason])).toEqual([
      ['against', null],
      ['pro', 'edited by a moderator'],
    ]);
    expect(labels.get('Wenna Strake')?.map((l) => [l.label, l.reason])).toEqual([
      ['against', null],
      ['pro', 'edited by a moderator'],
    ]);
  });
});
