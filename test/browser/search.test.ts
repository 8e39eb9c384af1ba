import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { auditPage, DEMO_SLUG, openPage, saveScreenshot, SCREENSHOT_DIR, useBrowserServer } from './support/browser.js';

const shared = useBrowserServer();

describe('search', () => {
  it('the header box searches without JavaScript and lands on marked results that link into the thread', async () => {
    const { context, page } = await openPage(shared.browser, { javaScriptEnabled: false });
    await page.goto(`${shared.server.baseUrl}/posts/${DEMO_SLUG}`);
    await page.fill('#site-search-q', 'LinkedIn group');
    await page.click('.site-header .search-form button');
    await page.waitForURL(/\/search\?q=LinkedIn\+group/);
    expect(await page.locator('.search-result').count()).toBeGreaterThan(0);
    expect(await page.locator('.search-excerpt mark').first().textContent()).toMatch(/^(linkedin|group)$/i);
    expect(await page.inputValue('#search-page-q')).toBe('LinkedIn group');
    const href = await page.locator('.search-result-comment .search-result-title a').first().getAttribute('href');
    expect(href).toMatch(new RegExp(`^/posts/${DEMO_SLUG}(\\?cpage=\\d+)?#comment-\\d+$`));
    await page.goto(shared.server.baseUrl + href!);
    expect(await page.locator(`#${href!.split('#')[1]}`).count()).toBe(1);
    await context.close();
  });

  const shots: [string, string, number, 'light' | 'dark'][] = [];
  for (const [width, size] of [
    [1280, 'desktop'],
    [390, 'phone'],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      shots.push([`search-${size}-${scheme}`, '/search?q=group+LinkedIn', width, scheme]);
      shots.push([`post-with-search-${size}-${scheme}`, `/posts/${DEMO_SLUG}`, width, scheme]);
    }
  }
  it.each(shots)('%s', async (name, address, width, colorScheme) => {
    const { context, page } = await openPage(shared.browser, { viewport: { width, height: 900 }, colorScheme });
    await page.goto(shared.server.baseUrl + address);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
    if (name.startsWith('search-')) expect(await auditPage(page)).toEqual([]);
    // The post page is long: its head, where the search box is, is what this picture is for.
    const file = name.startsWith('search-') ? await saveScreenshot(page, name) : path.join(SCREENSHOT_DIR, `${name}.png`);
    if (!name.startsWith('search-')) await page.screenshot({ path: file });
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
    await context.close();
  });
});
