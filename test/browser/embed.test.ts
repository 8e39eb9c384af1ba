import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBED_SETTINGS_KEY } from '../../server/settings/embed-settings.js';
import { saveSettingJson } from '../../server/settings/settings.repository.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, saveScreenshot, startServer, type BrowserServer } from './support/browser.js';

// A blog on another site (127.0.0.2 and 127.0.0.3 are other sites than 127.0.0.1: a site is the host, an IP
// address included, so the frame's cookies are third-party cookies there) embeds a thread with the snippet.

const PAGE_PATH = '/2026/11/a-host-post/';

/** A static host page: the snippet for its own address, and a count link to it. */
function hostPage(rejoinder: string, hostOrigin: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>A host post</title><style>body{font-family:sans-serif;max-width:50rem;margin:0 auto;padding:1rem}</style></head><body>
<h1>A post on another blog</h1><p>Some words of the host's own post.</p>
<p><a href="${hostOrigin}${PAGE_PATH}" data-rejoinder-count>Comments</a></p>
<div id="rejoinder" data-page="${hostOrigin}${PAGE_PATH}" data-title="A host post"></div>
<script src="${rejoinder}/embed.js" async></script>
</body></html>`;
}

/** Serves the host page on one loopback address. */
async function startHost(address: string, rejoinder: () => string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const origin = `http://${req.headers.host}`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage(rejoinder(), origin));
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://${address}:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let rejoinder: BrowserServer;
let host: Awaited<ReturnType<typeof startHost>>;
let stranger: Awaited<ReturnType<typeof startHost>>;
let browser: Browser;

beforeAll(async () => {
  rejoinder = await startServer();
  host = await startHost('127.0.0.2', () => rejoinder.baseUrl);
  stranger = await startHost('127.0.0.3', () => rejoinder.baseUrl);
  const settings = { origins: [host.origin], keepQuery: false, newPagesPerHour: 30, theme: {} };
  await saveSettingJson(rejoinder.t.db, EMBED_SETTINGS_KEY, JSON.stringify(settings), new Date().toISOString());
  // Chromium's third-party cookie phase-out: cookies of a frame from another site are neither stored nor sent.
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, '--test-third-party-cookie-phaseout'] });
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await stranger?.close();
  await rejoinder?.close();
});

async function framedThread(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('#rejoinder iframe');
  const frame = (await handle.contentFrame())!;
  await frame.waitForSelector('#comments-title');
  return frame;
}

/** Waits until the iframe is as tall as its document (the resize message arrived). */
async function waitForFit(page: Page, frame: Frame): Promise<void> {
  await page.waitForFunction(
    async (expected) => Math.abs((document.querySelector('#rejoinder iframe') as HTMLIFrameElement).getBoundingClientRect().height - expected) <= 2,
    await frame.evaluate(() => document.documentElement.scrollHeight),
  );
}

/** The site's cookies the browser kept, but for the frame script's partitioned reader id. */
async function ownCookies(context: BrowserContext) {
  return (await context.cookies(rejoinder.baseUrl)).filter((c) => c.name !== 'rj_frame_visitor');
}

async function fill(frame: Frame, name: string, body: string) {
  await frame.fill('#comment', body);
  await frame.fill('#author_name', name);
  await frame.fill('#author_email', `${name.toLowerCase()}@example.test`);
}

describe('a thread embedded in another site', () => {
  it('loads, fits its frame, and takes a comment and a reply with third-party cookies blocked', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${host.origin}${PAGE_PATH}`);
    const frame = await framedThread(page);
    await expect(frame.locator('#comments-title').textContent()).resolves.toBe('0 responses to “A host post”');
    await waitForFit(page, frame);
    // The blocking is real: the frame has no access to its cookies or storage, and a cookie it sets (SameSite=None,
    // as a third-party cookie must be) is not kept. What it keeps is the partitioned reader id of its script.
    await expect(frame.evaluate(() => document.hasStorageAccess())).resolves.toBe(false);
    const probe = await frame.evaluate(() => {
      document.cookie = 'probe=1; SameSite=None; Secure; Path=/';
      return document.cookie;
    });
    expect(probe).toMatch(/^rj_frame_visitor=[A-Za-z0-9_-]{24}$/);
    await expect(frame.evaluate(() => window.localStorage.length)).rejects.toThrow(/Access is denied/);
    expect(await ownCookies(context)).toEqual([]);

    await fill(frame, 'Olamide', 'Written inside the frame.');
    await frame.click('#commentform button[type=submit]');
    // The stance prompt works in the frame as on the site: the first submit asks how the comment reads.
    await frame.waitForSelector('.stance-prompt');
    await frame.click('.stance-prompt button:has-text("Yes, post it")');
    await frame.waitForSelector('text=Written inside the frame.');
    await expect(frame.locator('#comments-title').textContent()).resolves.toBe('1 response to “A host post”');
    await waitForFit(page, frame);

    await frame.click('.comment-reply-link');
    await fill(frame, 'Tereza', 'A reply inside the frame.');
    await frame.click('#commentform button[type=submit]');
    await frame.click('.stance-prompt button:has-text("Rather not say")');
    await frame.waitForSelector('text=A reply inside the frame.');
    const rows = await rejoinder.t.db
      .selectFrom('comments')
      .innerJoin('posts', 'posts.id', 'comments.post_id')
      .select(['comments.id', 'comments.parent_id', 'posts.page_url'])
      .execute();
    const mine = rows.filter((r) => r.page_url === `${host.origin}${PAGE_PATH}`);
    expect(mine).toEqual([expect.objectContaining({ parent_id: null }), expect.objectContaining({ parent_id: mine[0]!.id })]);
    expect(await ownCookies(context)).toEqual([]);
    // The frame's kept reader id marked both comments as this reader's own: no vote on them.
    const first = frame.locator(`#comment-${mine[0]!.id} .comment-votes`).first();
    await first.locator('.vote-good').click();
    await expect.poll(() => first.locator('.vote-status').textContent()).toBe('You cannot vote on your own comment.');
    await context.close();
  });

  it('takes votes inside the frame, one per reader, kept across reloads, without cookies', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${host.origin}${PAGE_PATH}`);
    let frame = await framedThread(page);
    const votes = () => frame.locator('.comment-votes').first();
    await votes().locator('.vote-good').click();
    await expect.poll(() => votes().locator('.vote-status').textContent()).toBe('Vote recorded.');
    await expect.poll(() => votes().locator('.vote-good .vote-count').textContent()).toBe('1');
    await page.reload();
    frame = await framedThread(page);
    await votes().locator('.vote-good').click();
    await expect.poll(() => votes().locator('.vote-status').textContent()).toBe('Vote recorded.');
    await expect.poll(() => votes().locator('.vote-good .vote-count').textContent()).toBe('1');
    await votes().locator('.vote-unconvinced').click();
    await expect.poll(() => votes().locator('.vote-unconvinced .vote-count').textContent()).toBe('1');
    await expect.poll(() => votes().locator('.vote-good .vote-count').textContent()).toBe('0');
    expect(await ownCookies(context)).toEqual([]);
    await context.close();
  });

  it('fills a count link with one request, once the page has comments', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${host.origin}${PAGE_PATH}`);
    await page.waitForFunction(() => document.querySelector('a[data-rejoinder-count]')?.textContent === '2 comments');
    await context.close();
  });

  it.each([
    ['desktop-light', 1280, 'light'],
    ['desktop-dark', 1280, 'dark'],
    ['phone-light', 390, 'light'],
    ['phone-dark', 390, 'dark'],
  ] as const)('looks right: embed-%s', async (name, width, colorScheme) => {
    // Staff named the page's subject: the stance summary shows, beside the thread or above it by width.
    await rejoinder.t.db
      .updateTable('posts')
      .set({ subject_name: 'Jamie Rivera', updated_at: new Date().toISOString() })
      .where('kind', '=', 'external_page')
      .execute();
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
    const page = await context.newPage();
    await page.goto(`${host.origin}${PAGE_PATH}`);
    const frame = await framedThread(page);
    await waitForFit(page, frame);
    const [main, stance] = await Promise.all([frame.locator('.embed-main').boundingBox(), frame.locator('.embed-stance').boundingBox()]);
    if (width < 720) expect(stance!.y + stance!.height, 'stance above the thread').toBeLessThanOrEqual(main!.y);
    else expect(stance!.x, 'stance beside the thread').toBeGreaterThanOrEqual(main!.x + main!.width);
    await expect(frame.evaluate(() => document.documentElement.dataset.scheme)).resolves.toBe(colorScheme);
    const overflow = await frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'no sideways scrolling in the frame').toBeLessThanOrEqual(0);
    // The frame is drawn by another renderer process: a viewport as tall as the page, and a frame painted
    // in it, before the picture (a full-page capture would stretch the viewport under a stale frame).
    await page.setViewportSize({ width, height: await page.evaluate(() => document.documentElement.scrollHeight) });
    await frame.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const file = await saveScreenshot(page, `embed-${name}`);
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
    await context.close();
  });

  it('gives a site not on the list no thread, and says why in the frame', async () => {
    const before = await rejoinder.t.db.selectFrom('posts').select('id').execute();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stranger.origin}${PAGE_PATH}`);
    const handle = await page.waitForSelector('#rejoinder iframe');
    const frame = (await handle.contentFrame())!;
    await frame.waitForSelector('.embed-refusal');
    await expect(frame.locator('.embed-refusal').textContent()).resolves.toContain(`${stranger.origin} is not on this site's list`);
    expect(await rejoinder.t.db.selectFrom('posts').select('id').execute()).toEqual(before);
    await context.close();
  });
});
