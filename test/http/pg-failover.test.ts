import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { startTcpRelay, type TcpRelay } from '../support/tcp-relay.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/test-db.js';

// A real server process on the real PostgreSQL, whose connections are killed under load
// (pg_terminate_backend, as a failover or a DBA does) and then cut off altogether (through a relay the
// test can close, since the PostgreSQL itself is shared with the rest of the suite). The process must
// live through it, fail only the requests that were using a lost connection, with a readable 503, and
// lose no comment it acknowledged.

const KILLS = 6;
const KILL_EVERY_MS = 300;
const WORKERS = 6;

interface Answer {
  kind: 'page' | 'api' | 'comment';
  status: number;
  text: string;
  body?: string;
  commentId?: number;
}

/** One reader: a cookie and a form token from the page, then page views, API reads and comments. */
class Reader {
  private cookie = '';
  private csrf = '';
  constructor(
    private readonly server: ServerProcess,
    private readonly slug: string,
    private readonly name: string,
  ) {}

  private keep(res: Response): void {
    const pairs = res.headers.getSetCookie().map((line) => line.split(';')[0]!);
    if (pairs.length > 0)
      this.cookie = [...new Map([...this.cookie.split('; ').filter(Boolean), ...pairs].map((p) => [p.split('=')[0], p])).values()].join('; ');
  }

  async page(): Promise<Answer> {
    const res = await fetch(`${this.server.url}/posts/${this.slug}`, { headers: { cookie: this.cookie } });
    this.keep(res);
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    return { kind: 'page', status: res.status, text };
  }

  async api(): Promise<Answer> {
    const res = await fetch(`${this.server.url}/api/posts/${this.slug}`);
    return { kind: 'api', status: res.status, text: await res.text() };
  }

  async comment(n: number): Promise<Answer> {
    if (!this.csrf) await this.page();
    const body = `${this.name} says, for the ${n}th time, that this holds.`;
    const res = await fetch(`${this.server.url}/posts/${this.slug}/comments`, {
      method: 'POST',
      headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: this.csrf,
        author_name: this.name,
        author_email: `${this.name}@example.test`,
        author_url: '',
        body,
        parent_id: '',
        stance: '',
      }).toString(),
      redirect: 'manual',
    });
    this.keep(res);
    const id = /#comment-(\d+)$/.exec(res.headers.get('location') ?? '')?.[1];
    return { kind: 'comment', status: res.status, text: await res.text(), body, commentId: id ? Number(id) : undefined };
  }
}

/** Terminates every backend of the app's connections (found by their application_name); returns how many. */
async function killBackends(admin: pg.Client, applicationName: string): Promise<number> {
  const { rows } = await admin.query<{ killed: boolean }>(
    `select pg_terminate_backend(pid) as killed from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and application_name = $1`,
    [applicationName],
  );
  return rows.filter((r) => r.killed).length;
}

function expectReadable(answer: Answer): void {
  if (answer.status === 200 || answer.status === 303) return;
  // Only the requests that lost their connection fail, and then with a 503 a reader can read.
  expect(answer.status, answer.text.slice(0, 300)).toBe(503);
  if (answer.kind === 'api') expect(JSON.parse(answer.text)).toMatchObject({ code: 'database_unavailable' });
  else expect(answer.text).toContain('could not reach its database');
  // A comment that was not posted comes back in the form, the reader's text kept.
  if (answer.kind === 'comment') expect(answer.text).toContain(`>${answer.body}</textarea>`);
}

if (!TEST_DATABASE_URL) console.info('PostgreSQL failover tests skipped: they need PostgreSQL (set TEST_DATABASE_URL; .ci/run does)');

describe.skipIf(!TEST_DATABASE_URL)('a server process whose PostgreSQL connections are lost (needs TEST_DATABASE_URL)', () => {
  let testDb: TestDatabase;
  let relay: TcpRelay;
  let server: ServerProcess;
  let admin: pg.Client;
  let slug: string;
  let applicationName: string;

  beforeAll(async () => {
    testDb = await createTestDatabase('failover');
    const direct = new URL(testDb.url);
    relay = await startTcpRelay(direct.hostname, Number(direct.port || 5432));
    const viaRelay = new URL(testDb.url);
    viaRelay.host = `127.0.0.1:${relay.port}`;
    applicationName = `rejoinder-failover-${direct.searchParams.get('options')!.match(/search_path=(\w+)/)![1]}`;
    viaRelay.searchParams.set('application_name', applicationName);
    server = await startServer({
      DATABASE_URL: viaRelay.toString(),
      SECRET: 'failover-test-secret-0123456789',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      PASSWORD_HASH_COST: '10',
      COMMENT_RATE_LIMIT: '1000000',
      DB_POOL_SIZE: '4',
    });
    admin = new pg.Client({ connectionString: testDb.url });
    await admin.connect();
    slug = (await admin.query<{ slug: string }>('select slug from posts limit 1')).rows[0]!.slug;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await relay?.close();
    await admin?.end();
    await testDb?.dispose();
  });

  it('lives through repeated backend kills under load and keeps every comment it acknowledged', async () => {
    const answers: Answer[] = [];
    let loading = true;
    const load = async (w: number) => {
      const reader = new Reader(server, slug, `reader${w}`);
      for (let n = 0; loading; n++) {
        const step = n % 3;
        // A refused connection (the process died) is an answer too, and the end of this reader.
        const answer = await (step === 0 ? reader.comment(n) : step === 1 ? reader.page() : reader.api()).catch((err: unknown): Answer => ({
          kind: 'page',
          status: 0,
          text: String(err),
        }));
        answers.push(answer);
        if (answer.status === 0) return;
      }
    };
    const workers = Array.from({ length: WORKERS }, (_, w) => load(w));
    let killed = 0;
    for (let k = 0; k < KILLS; k++) {
      await new Promise((resolve) => setTimeout(resolve, KILL_EVERY_MS));
      killed += await killBackends(admin, applicationName);
    }
    loading = false;
    await Promise.all(workers);

    expect(killed).toBeGreaterThanOrEqual(KILLS);
    for (const answer of answers) expectReadable(answer);
    const acknowledged = answers.filter((a) => a.kind === 'comment' && a.status === 303);
    expect(acknowledged.length).toBeGreaterThan(0);
    const ids = acknowledged.map((a) => a.commentId!);
    const { rows } = await admin.query<{ id: number; body_raw: string }>('select id, body_raw from comments where id = any($1)', [ids]);
    const stored = new Map(rows.map((r) => [Number(r.id), r.body_raw]));
    for (const a of acknowledged) expect(stored.get(a.commentId!)).toBe(a.body);

    // Still the same process, serving, with nothing unhandled in its log.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await new Reader(server, slug, 'after').comment(1)).status).toBe(303);
    expect(server.output()).not.toMatch(/Unhandled|uncaught/i);
    // Each lost connection is a warning in the JSON log, not a bare line on stderr.
    const lost = server
      .output()
      .split('\n')
      .filter((line) => line.includes('PostgreSQL connection lost'));
    expect(lost.length).toBeGreaterThan(0);
    for (const line of lost) expect(JSON.parse(line)).toMatchObject({ level: 40, warning: 'PostgresConnectionWarning' });
  }, 60_000);

  it('answers 503 while the database is away, keeps the form text, and is healthy within 2 s of its return', async () => {
    const reader = new Reader(server, slug, 'away');
    expect((await reader.page()).status).toBe(200);
    await relay.pause();
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
      const page = await reader.page();
      expect(page.status).toBe(503);
      expectReadable(page);
      const api = await reader.api();
      expect(api.status).toBe(503);
      expectReadable(api);
      const comment = await reader.comment(1);
      expect(comment.status).toBe(503);
      expectReadable(comment);
    } finally {
      await relay.resume();
    }
    const back = Date.now();
    let healthyAfterMs = Infinity;
    while (Date.now() - back < 5000) {
      if ((await fetch(`${server.url}/healthz`)).status === 200) {
        healthyAfterMs = Date.now() - back;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(healthyAfterMs).toBeLessThan(2000);
    expect((await reader.comment(2)).status).toBe(303);
    expect(server.output()).not.toMatch(/Unhandled|uncaught/i);
  }, 60_000);
});
