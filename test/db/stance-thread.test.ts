import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { findPostWithAuthorById } from '../../server/post/post.repository.js';
import { StanceThread } from '../../server/stance/stance-thread.js';
import { classifyComment } from '../../server/stance/stance.service.js';
import { createComment, createPost } from '../support/factories.js';

// The worker thread opens the SQLite file itself, so this runs on a file whatever engine the suite uses.
let dir: string;
let url: string;
let db: Db;
let thread: StanceThread;
let postId: number;
let parentId: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rj-stance-thread-'));
  url = path.join(dir, 'site.db');
  db = openDatabase(url);
  await migrateToLatest(db);
  postId = (await createPost(db)).id;
  parentId = await createComment(db, postId, { name: 'Critic', body: 'Jamie Rivera is a fraud and everyone knows it.' });
  thread = new StanceThread(url);
});

afterAll(async () => {
  await thread.close();
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the classifier on its worker thread', () => {
  it.each([
    ['a top-level comment', { parentId: null, authorName: 'Fan', body: 'Rivera was brilliant, what a talent. Love her work.' }],
    ['a reply that disagrees', { parentId: -1, authorName: 'Other', body: 'Nope. You are wrong about her.' }],
  ])('labels %s as the event loop would', async (_name, comment) => {
    const c = { ...comment, parentId: comment.parentId === -1 ? parentId : comment.parentId };
    const post = (await findPostWithAuthorById(db, postId))!;
    const fromThread = await thread.classify(postId, c);
    expect(fromThread).not.toBeNull();
    expect(fromThread).toEqual(await classifyComment(db, post, c));
  });

  it('answers null, not an error, once it is stopped', async () => {
    const stopped = new StanceThread(url);
    await stopped.close();
    expect(await stopped.classify(postId, { parentId: null, authorName: 'X', body: 'Anything' })).toBeNull();
  });
});
