import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database.js';
import { formFields } from '../support/html.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

let server: ServerProcess | undefined;
let testDb: TestDatabase | undefined;
afterEach(async () => {
  await server?.stop('SIGKILL');
  await testDb?.dispose();
  server = undefined;
  testDb = undefined;
});

/** Sends a request's head and the first part of its body, and resolves with everything the server answers. */
function startRequest(url: string, head: string, firstPart: string): { socket: net.Socket; answer: Promise<string> } {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  socket.write(head + firstPart);
  const answer = new Promise<string>((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('utf8')));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
  return { socket, answer };
}

describe('SIGTERM', () => {
  it('stops taking connections, finishes the comment in flight (stored, 303), closes the database and exits 0', async () => {
    testDb = await createTestDatabase('shutdown');
    server = await startServer({ DATABASE_URL: testDb.url, SECRET: 'a-shutdown-test-secret-0123', PASSWORD_HASH_COST: '10', LOG_LEVEL: 'info' });
    const home = await (await fetch(`${server.url}/`)).text();
    const slug = /href="\/posts\/([^"#?]+)"/.exec(home)![1]!;
    const page = await fetch(`${server.url}/posts/${slug}`);
    const cookie = page.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const fields = {
      ...formFields(await page.text()),
      body: 'Posted while the server was told to stop.',
      author_name: 'Dora Quist',
      author_email: 'dora@example.test',
    };
    const body = new URLSearchParams(fields).toString();
    const head = `POST /posts/${slug}/comments HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
    // Half the body is sent: the request is in flight when the signal comes, and finishes only after it.
    const half = Math.floor(body.length / 2);
    const inFlight = startRequest(server.url, head, body.slice(0, half));
    await expect.poll(() => server!.output(), { timeout: 30_000 }).toMatch(/"method":"POST","url":"\/posts\/[^"]+\/comments"/);
    const exited = server.stop('SIGTERM');
    await expect.poll(() => server!.output(), { timeout: 30_000 }).toContain('SIGTERM: closing');
    // A new request is refused (the listener is closed) or told 503 (while Fastify finishes closing).
    expect(
      await fetch(`${server.url}/healthz`).then(
        (r) => r.status,
        () => 'refused',
      ),
    ).toMatch(/^(refused|503)$/);
    inFlight.socket.write(body.slice(half));
    expect(await inFlight.answer).toMatch(/^HTTP\/1\.1 303 /);
    await exited;
    expect(server.output()).toContain('"msg":"closed"');
    expect(server.exitCode()).toBe(0);
    const db = openDatabase(testDb.url, { poolSize: 1 });
    try {
      expect(await db.selectFrom('comments').select('id').where('author_name', '=', 'Dora Quist').execute()).toHaveLength(1);
    } finally {
      await db.destroy();
    }
  }, 120_000);
});
