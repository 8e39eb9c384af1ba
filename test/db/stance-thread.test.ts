import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComment as postComment } from '../../server/thread/new-comment.service.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { openDatabase, type Db } from '../../server/db/database.js';
import { findPostWithAuthorById } from '../../server/post/post.repository.js';
import { classifierJobsRun, classifyOnThread, type ClassifyJob } from '../../server/stance/classifier-thread.js';
import { StanceModel } from '../../server/stance/models/site-model.js';
import { classifyStance } from '../../server/stance/stance-classifier.js';
import { findStanceModel } from '../../server/stance/stance.repository.js';
import { commentJob, recordModeratorLabel } from '../../server/stance/stance.service.js';
import { ADVERSARIAL_UNITS, repeatToBytes } from '../../tools/stance/adversarial-bodies.js';
import { createComment, createPost } from '../support/factories.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// The classifier runs on its worker thread on both engines: the main thread reads the thread and hands it over.
let testDb: TestDatabase;
let db: Db;
let postId: number;
let parentId: number;
const NOW = new Date('2026-11-26T12:00:00.000Z');

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = openDatabase(testDb.url);
  await migrateToLatest(db);
  postId = (await createPost(db)).id;
  parentId = await createComment(db, postId, { name: 'Critic', body: 'Jamie Rivera is a fraud and everyone knows it.' });
});

afterAll(async () => {
  await db.destroy();
  await testDb.dispose();
});

/** The same job classified here, in this thread, with the pure classifier. */
function inProcess(job: Omit<ClassifyJob, 'kind'>) {
  const model = job.siteModel ? StanceModel.fromJSON(JSON.parse(job.siteModel.json)) : undefined;
  const context = { subject: job.post.subject, post: job.post.text, earlier: job.earlier.map((e) => ({ ...e })) };
  return job.items.map((item) => {
    const result = classifyStance(item, context, model);
    context.earlier.push({ ...item, stance: result.label, source: 'auto', confidence: result.confidence });
    return result;
  });
}

describe('the classifier on its worker thread', () => {
  it.each([
    ['a top-level comment', { parentId: null, authorName: 'Fan', body: 'Rivera was brilliant, what a talent. Love her work.' }],
    ['a reply that disagrees', { parentId: -1, authorName: 'Other', body: 'Nope. You are wrong about her.' }],
  ])('labels %s as the classifier does in-process', async (_name, comment) => {
    const c = { ...comment, parentId: comment.parentId === -1 ? parentId : comment.parentId };
    const job = await commentJob(db, (await findPostWithAuthorById(db, postId))!, c);
    const fromThread = await classifyOnThread(job);
    expect(fromThread).not.toBeNull();
    expect(fromThread).toEqual(inProcess(job));
  });

  it('labels a batch in order, each item seeing the labels before it', async () => {
    const job = await commentJob(db, (await findPostWithAuthorById(db, postId))!, { parentId, authorName: 'A', body: 'She is a hero.' });
    const items = ['Agreed.', 'Nope, she is a fraud.', 'Agreed.'].map((body, k) => ({
      id: `r${k}`,
      parentId: String(parentId),
      author: `R${k}`,
      body,
      kind: 'remark' as const,
    }));
    const batch = { ...job, items };
    expect(await classifyOnThread(batch)).toEqual(inProcess(batch));
  });

  it('learns a moderator lesson there and then reads the site model it learned', async () => {
    const post = (await findPostWithAuthorById(db, postId))!;
    const subject = { name: 'Jamie Rivera', aliases: ['Rivera', 'Jamie'] };
    await recordModeratorLabel(db, { commentId: parentId }, 'Rivera is washed, zonked and fried.', subject, 'against', null, NOW.toISOString());
    const saved = await findStanceModel(db, 'site');
    const expected = new StanceModel();
    expected.learn('Rivera is washed, zonked and fried.', 'against', subject);
    expect(JSON.parse(saved!.model_json)).toEqual(expected.toJSON());
    const job = await commentJob(db, post, { parentId: null, authorName: 'New', body: 'so zonked and fried lately' });
    expect(job.siteModel).not.toBeNull();
    expect(await classifyOnThread(job)).toEqual(inProcess(job));
  });

  it('leaves the event loop free while it works through maximum-size comments', async () => {
    const job = await commentJob(db, (await findPostWithAuthorById(db, postId))!, { parentId: null, authorName: 'A', body: 'x' });
    const bodies = Object.values(ADVERSARIAL_UNITS).map((unit) => repeatToBytes(unit));
    const items = bodies.map((body, k) => ({ id: `r${k}`, parentId: String(parentId), author: 'Adversary', body, kind: 'remark' as const }));
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    const started = performance.now();
    const results = await classifyOnThread({ ...job, items });
    const elapsed = performance.now() - started;
    clearInterval(timer);
    expect(results).toHaveLength(items.length);
    // Classified on this thread, the whole batch would run between two ticks. Generous: one tick per 20 ms.
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(elapsed / 20));
    expect(ticks).toBeGreaterThan(2);
  });
});

describe('a comment the checks refuse', () => {
  const input = (body: string) => ({
    postId,
    parentId: null,
    authorName: 'Repeat',
    authorEmail: 'repeat@example.test',
    authorUrl: null,
    body,
    selfStance: null,
    ipHash: 'same-address',
  });

  it('is refused before it is classified: throttled, duplicated or on a closed post', async () => {
    const throttle = { limit: 1, windowMinutes: 10 };
    await postComment(db, input('First words.'), { now: () => NOW, throttle });
    const before = classifierJobsRun();
    await expect(postComment(db, input('Second words.'), { now: () => NOW, throttle })).rejects.toMatchObject({ code: 'comment_throttled' });
    await expect(postComment(db, input('First words.'), { now: () => NOW, throttle: null })).rejects.toMatchObject({ code: 'duplicate_comment' });
    const closed = await createPost(db, { commentsOpen: false });
    await expect(postComment(db, { ...input('Closed.'), postId: closed.id }, { now: () => NOW, throttle: null })).rejects.toMatchObject({
      fields: { body: expect.any(String) },
    });
    expect(classifierJobsRun()).toBe(before);
    await postComment(db, input('Third words, from elsewhere.'), { now: () => NOW, throttle: null });
    expect(classifierJobsRun()).toBe(before + 1);
  });
});
