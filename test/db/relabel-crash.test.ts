import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, withWriteTransaction, type Db } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { hashPassword } from '../../server/auth/password.js';
import { insertUser } from '../../server/auth/user.repository.js';
import { insertComment } from '../../server/comment/comment.repository.js';
import { renderCommentHtml } from '../../server/shared/comment-format.js';
import { createPost } from '../support/factories.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// A moderator's override relabels a long reply chain inside its own transaction. The server is killed outright
// while that request runs: afterwards either the override and every label it moved are stored, or none of them.

/** Long enough that the relabelling walk takes a good part of a second, so the kill lands inside it. */
const CHAIN = 3000;
const PASSWORD = 'crash-test-password-1';
const AT = '2026-11-20T10:00:00.000Z';

let testDb: TestDatabase;
let db: Db;
let rootId: number;

async function seedChain(): Promise<void> {
  await migrateToLatest(db);
  await insertUser(db, { email: 'mod@example.test', name: 'Mod', role: 'moderator', password_hash: await hashPassword(PASSWORD, 10), created_at: AT });
  const post = await createPost(db);
  await withWriteTransaction(db, async (tx) => {
    let parentId: number | null = null;
    for (let i = 0; i < CHAIN; i++) {
      const body = i === 0 ? 'Rivera is a fraud and a liar.' : 'Exactly this.';
      const id: number = await insertComment(tx, {
        post_id: post.id,
        parent_id: parentId,
        depth: i,
        author_name: `Reader ${i}`,
        author_email: `r${i}@example.test`,
        author_url: null,
        body_raw: body,
        body_html: renderCommentHtml(body),
        status: 'approved',
        self_stance: null,
        created_at: AT,
        edited_at: null,
        deleted_at: null,
      });
      await tx
        .insertInto('stance_labels')
        .values({
          comment_id: id,
          remark_id: null,
          label: 'against',
          source: 'auto',
          confidence: 0.9,
          cues: '["agrees with its parent, which is against"]',
          created_by: null,
          created_at: AT,
        })
        .execute();
      if (i === 0) rootId = id;
      parentId = id;
    }
  });
}

async function counts() {
  const rows = await db.selectFrom('stance_labels').select(['source', 'reason']).execute();
  return { total: rows.length, moderator: rows.filter((r) => r.source === 'moderator').length, relabelled: rows.filter((r) => r.reason !== null).length };
}

function env() {
  return {
    DATABASE_URL: testDb.url,
    SECRET: 'relabel-crash-secret-0123456789ab',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'never',
    PASSWORD_HASH_COST: '10',
  };
}

/** Signs the moderator in and answers what an override request needs: the session cookie and a form token. */
async function signIn(server: ServerProcess): Promise<{ cookie: string; csrf: string }> {
  const cookies = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  const login = await fetch(`${server.url}/login`);
  keep(login);
  const signedIn = await fetch(`${server.url}/login`, {
    method: 'POST',
    headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfOf(await login.text()), email: 'mod@example.test', password: PASSWORD, next: '/staff' }).toString(),
    redirect: 'manual',
  });
  keep(signedIn);
  expect(signedIn.status).toBe(303);
  const review = await fetch(`${server.url}/staff/stances`, { headers: { cookie: header() } });
  keep(review);
  return { cookie: header(), csrf: csrfOf(await review.text()) };
}

function override(server: ServerProcess, session: { cookie: string; csrf: string }, label: 'pro' | 'against') {
  return fetch(`${server.url}/staff/stances/label`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: session.csrf, decision: `c${rootId}:${label}`, return_to: '/staff/stances' }).toString(),
    redirect: 'manual',
  });
}

beforeAll(async () => {
  testDb = await createTestDatabase('relabel-crash');
  db = openDatabase(testDb.url);
  await seedChain();
}, 120_000);

afterAll(async () => {
  await db?.destroy();
  await testDb?.dispose();
});

describe('relabelling survives a crash', () => {
  it('a server killed during the relabelling of a long chain leaves all of it or none; after a restart the override completes', async () => {
    const before = await counts();
    let server = await startServer(env());
    try {
      const session = await signIn(server);
      const answer = override(server, session, 'pro').then(
        (res) => res.status,
        () => 'no answer' as const,
      );
      // Whenever the kill lands, the check below holds; the walk over 3000 comments makes "during" the likely case.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await server.stop('SIGKILL');
      const status = await answer;
      const after = await counts();
      if (after.moderator === 0) expect(after).toEqual(before);
      else expect(after).toEqual({ total: before.total + CHAIN, moderator: 1, relabelled: CHAIN - 1 });
      // Only a committed override may have been answered.
      if (status === 303) expect(after.moderator).toBe(1);

      server = await startServer(env());
      const again = await signIn(server);
      const label = after.moderator === 0 ? 'pro' : 'against';
      expect((await override(server, again, label)).status).toBe(303);
      const done = await counts();
      expect(done.moderator).toBe(after.moderator + 1);
      expect(done.relabelled).toBe(after.relabelled + CHAIN - 1);
      const last = await db.selectFrom('stance_labels').select(['label', 'reason']).orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(last).toEqual({ label, reason: 'parent relabelled in turn (relabelled by a moderator)' });
    } finally {
      await server.stop();
    }
  }, 180_000);
});
