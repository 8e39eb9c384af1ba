import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SLUG, openPage, saveScreenshot, useBrowserServer } from './support/browser.js';

/** The README's picture of the post page; refreshed by `README_SCREENSHOT=1 npm run test:browser`. */
const README_SCREENSHOT = path.resolve('static/img/screenshot-post.png');
const README_CLIP = { x: 0, y: 0, width: 1280, height: 2250 };

const shared = useBrowserServer();

const postUrl = () => `${shared.server.baseUrl}/posts/${DEMO_SLUG}`;

describe('screenshots', () => {
  const shots: [string, number, 'light' | 'dark'][] = [
    ['post-desktop-light', 1280, 'light'],
    ['post-desktop-dark', 1280, 'dark'],
    ['post-phone-light', 360, 'light'],
    ['post-phone-dark', 360, 'dark'],
  ];
  it.each(shots)('%s', async (name, width, colorScheme) => {
    const { context, page } = await openPage(shared.browser, { viewport: { width, height: 900 }, colorScheme });
    await page.goto(postUrl());
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
    if (width < 800) {
      const [main, aside] = await Promise.all([page.locator('main').boundingBox(), page.locator('aside.sidebar').boundingBox()]);
      expect(aside!.y, 'sidebar below the thread').toBeGreaterThan(main!.y + main!.height - 1);
    }
    const file = await saveScreenshot(page, name);
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
    if (name === 'post-desktop-light' && process.env.README_SCREENSHOT === '1') {
      await page.screenshot({ path: README_SCREENSHOT, clip: README_CLIP, fullPage: true });
    }
    await context.close();
  });
});
