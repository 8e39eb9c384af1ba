import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { importWordpress } from '../../server/import/wordpress-import.service.js';
import { readWxr } from '../../server/import/wxr-reader.js';
import { openPage, saveScreenshot, useBrowserServer } from './support/browser.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/import/wxr-1.2.xml', import.meta.url));
const shared = useBrowserServer();
let pietId = 0;

beforeAll(async () => {
  const db = shared.server.t.db;
  await importWordpress(db, readWxr(fs.createReadStream(FIXTURE)), { skipPages: false, dryRun: false, subject: null, subjects: new Map(), now: new Date() });
  pietId = (await db.selectFrom('comments').select('id').where('author_name', '=', 'Piet Okafor').executeTakeFirstOrThrow()).id;
});

describe('old WordPress links in a browser', () => {
  it('follows #comment-N of an old permalink to the comment that was WordPress comment N', async () => {
    const { context, page } = await openPage(shared.browser);
    await page.goto(`${shared.server.baseUrl}/2009/04/17/orla-brenn-harbour-board/#comment-41`);
    await page.waitForURL(/\/posts\/orla-brenn-harbour-board[^/]*#comment-\d+$/);
    expect(new URL(page.url()).hash).toBe(`#comment-${pietId}`);
    await expect(page.locator(`#comment-${pietId}`).textContent()).resolves.toContain('Piet Okafor');
    await page.goto(`${shared.server.baseUrl}/?p=123`);
    await page.waitForURL(/\/posts\/orla-brenn-harbour-board$/);
    await context.close();
  });

  const shots: [string, number, 'light' | 'dark'][] = [
    ['wordpress-landing-desktop-light', 1280, 'light'],
    ['wordpress-landing-desktop-dark', 1280, 'dark'],
    ['wordpress-landing-phone-light', 390, 'light'],
    ['wordpress-landing-phone-dark', 390, 'dark'],
  ];
  it.each(shots)('without JavaScript the landing page links to the post: %s', async (name, width, colorScheme) => {
    const { context, page } = await openPage(shared.browser, { viewport: { width, height: 700 }, colorScheme, javaScriptEnabled: false });
    await page.goto(`${shared.server.baseUrl}/2009/04/17/orla-brenn-harbour-board/#comment-41`);
    expect(new URL(page.url()).pathname).toBe('/posts/orla-brenn-harbour-board/from-wordpress');
    await expect(page.locator('main a').getAttribute('href')).resolves.toBe('/posts/orla-brenn-harbour-board');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
    await saveScreenshot(page, name);
    await context.close();
  });
});
