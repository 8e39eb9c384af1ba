import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { importWordpress } from '../../server/import/wordpress-import.service.js';
import { readWxr } from '../../server/import/wxr-reader.js';
import { openPage, saveScreenshot, useBrowserServer } from './support/browser.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/import/linkbacks.xml', import.meta.url));
const shared = useBrowserServer();

beforeAll(async () => {
  const subject = { name: 'Bram Keller', aliases: ['Bram'] };
  await importWordpress(shared.server.t.db, readWxr(fs.createReadStream(FIXTURE)), {
    skipPages: false,
    dryRun: false,
    subject,
    subjects: new Map(),
    now: new Date(),
  });
});

describe('the "Linked from" list in a browser', () => {
  const shots: [string, number, 'light' | 'dark'][] = [
    ['linked-from-desktop-light', 1280, 'light'],
    ['linked-from-desktop-dark', 1280, 'dark'],
    ['linked-from-phone-light', 390, 'light'],
    ['linked-from-phone-dark', 390, 'dark'],
  ];
  it.each(shots)('sits under the post, one line a site, apart from the comments: %s', async (name, width, colorScheme) => {
    const { context, page } = await openPage(shared.browser, { viewport: { width, height: 900 }, colorScheme });
    await page.goto(`${shared.server.baseUrl}/posts/bram-keller-mill-dam`);
    const list = page.locator('section.linked-from');
    await expect(list.locator('li.linkback').allTextContents()).resolves.toEqual([
      expect.stringMatching(/^linked from Weir Watchers – River notes \(trackback, 3 June 2011\)$/),
      expect.stringMatching(/^linked from Valley Herald » Dam debate heats up \(pingback, 4 June 2011\)$/),
    ]);
    await expect(list.locator('a').first().getAttribute('rel')).resolves.toBe('nofollow ugc');
    const [article, linked, comments] = await Promise.all([
      page.locator('article.post').boundingBox(),
      list.boundingBox(),
      page.locator('#comments').boundingBox(),
    ]);
    expect(linked!.y).toBeGreaterThanOrEqual(article!.y + article!.height - 1);
    expect(comments!.y).toBeGreaterThanOrEqual(linked!.y + linked!.height - 1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
    await saveScreenshot(page, name);
    await context.close();
  });
});
