// The production install's smoke test (.ci/run runs it in a clean clone after `npm ci && npm run build &&
// npm prune --omit=dev`): `npm start` on a fresh database answers /healthz, the home page and a post page, takes
// a comment (which the classifier's worker labels), and exits 0 on SIGTERM. Plain JavaScript: no tsx is left.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const READY_WITHIN_MS = 60_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rejoinder-smoke-'));
const port = await new Promise((resolve) => {
  const probe = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const base = `http://127.0.0.1:${port}`;
const env = { PATH: process.env.PATH, NODE_ENV: 'production', SECRET: 'a-smoke-test-secret-of-some-length', PORT: String(port), PASSWORD_HASH_COST: '10' };
const server = spawn('npm', ['start', '--silent'], {
  env: { ...env, DATABASE_URL: path.join(dir, 'site.db') },
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true,
});
let output = '';
server.stdout.on('data', (c) => (output += c));
server.stderr.on('data', (c) => (output += c));
// 'close', not 'exit': npm may exit before the server, whose output ends only when it does.
const exited = new Promise((resolve) => server.once('close', resolve));

function fail(message) {
  console.error(`FAIL: ${message}\n--- server output ---\n${output}`);
  process.kill(-server.pid, 'SIGKILL');
  process.exit(1);
}

const started = Date.now();
let healthy = false;
while (!healthy && Date.now() - started < READY_WITHIN_MS) {
  healthy = await fetch(`${base}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (!healthy) await new Promise((r) => setTimeout(r, 100));
}
if (!healthy) fail(`no 200 from /healthz within ${READY_WITHIN_MS} ms`);
console.log(`npm start to the first /healthz 200: ${Date.now() - started} ms`);

const home = await fetch(`${base}/`);
const slug = /href="\/posts\/([^"#?]+)"/.exec(await home.text())?.[1];
if (home.status !== 200 || !slug) fail(`GET / answered ${home.status} without a post link`);
const page = await fetch(`${base}/posts/${slug}`);
const html = await page.text();
if (page.status !== 200) fail(`GET /posts/${slug} answered ${page.status}`);
const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
const cookie = page.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const body = new URLSearchParams({
  body: 'A smoke-test comment: the build answers.',
  author_name: 'Smoke Test',
  author_email: 'smoke@example.test',
  author_url: '',
  stance: '',
  parent_id: '',
  _csrf: csrf ?? '',
});
const posted = await fetch(`${base}/posts/${slug}/comments`, {
  method: 'POST',
  body,
  headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
  redirect: 'manual',
});
if (posted.status !== 303) fail(`the comment POST answered ${posted.status}`);
console.log(`GET /healthz, /, /posts/${slug}: 200; a comment: 303`);

// To the whole process group, as systemd and docker stop do: npm's shell would not pass it on to the server.
process.kill(-server.pid, 'SIGTERM');
await exited;
if (!output.includes('"msg":"closed"')) fail('no "closed" in the log after SIGTERM');
if (/"level":[56]0/.test(output)) fail('the log has errors');
if (/"msg":"[^"]*one-time password:/.test(output) || /"[^"]*password":"/.test(output)) fail('a password reached the JSON log');
fs.rmSync(dir, { recursive: true, force: true });
console.log('SIGTERM: closed gracefully');
