// Every staff page, the home page and the demo post at 1280 and 390 px, light and dark: no page scrolls sideways,
// and each is saved as a screenshot (test-output/screenshots/views-*) for a person to look at.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser, TEST_PASSWORD } from '../support/auth.js';
import { DEMO_SLUG, openPage, saveScreenshot, SCREENSHOT_DIR, useBrowserServer } from './support/browser.js';

const shared = useBrowserServer();

/** Opening some thirty pages four times over takes minutes on a busy machine. */
const VIEWS_TIMEOUT_MS = 600_000;
const VIEWS = [
  [1280, 'light'],
  [1280, 'dark'],
  [390, 'light'],
  [390, 'dark'],
] as const;

async function signInAsAdmin(page: Page): Promise<void> {
  const user = await createUser(shared.server.t.db, 'admin');
  await page.goto(`${shared.server.baseUrl}/login`);
  await page.fill('#email', user.email);
  await page.fill('#password', TEST_PASSWORD);
  await page.click('form.staff-form button[type=submit]');
  await page.waitForLoadState();
}

/** The staff pages, each once: the staff bar's and those its pages link to (one per shape: one editor, not one per post). */
async function staffPages(page: Page): Promise<string[]> {
  const shape = (href: string) => href.replace(/[?#].*$/, '').replace(/\d+/g, ':id');
  const queue = await page.locator('nav.staff-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  const seen = new Set(queue.map(shape));
  const pages: string[] = [];
  while (queue.length > 0) {
    const href = queue.shift()!;
    const response = await page.goto(`${shared.server.baseUrl}${href}`);
    if (response?.status() !== 200) continue;
    pages.push(href);
    const links = await page.locator('main a[href^="/staff"]:not([download])').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    for (const link of links.filter((l) => !seen.has(shape(l)))) {
      seen.add(shape(link));
      queue.push(link);
    }
  }
  return pages;
}

describe('the post page’s sidebar', () => {
  it.each([1280, 390])('at %i px: in view beside a long thread on a desktop, a link near the top to it on a phone', async (width) => {
    const { context, page } = await openPage(shared.browser, { viewport: { width, height: 900 } });
    await page.goto(`${shared.server.baseUrl}/posts/${DEMO_SLUG}`);
    const jump = page.locator('.debate-jump a');
    if (width < 800) {
      await expect(jump.isVisible()).resolves.toBe(true);
      expect((await jump.boundingBox())!.y, 'the link is in the first screenful').toBeLessThan(900);
      await jump.click();
      const title = await page.locator('#stance-title').boundingBox();
      expect(title!.y, 'the link leads to the sidebar').toBeLessThan(100);
      await page.locator('#commentform').screenshot({ path: `${SCREENSHOT_DIR}/views-comment-form-${width}.png` });
    } else {
      await expect(jump.isVisible()).resolves.toBe(false);
      await page.mouse.wheel(0, 4000);
      await page.waitForFunction(() => window.scrollY > 3000);
      const widget = await page.locator('#stance-title').boundingBox();
      expect(widget!.y, 'the sidebar stays in view while the thread scrolls').toBeGreaterThanOrEqual(0);
      expect(widget!.y).toBeLessThan(900);
    }
    await context.close();
  });
});

describe('every page at two widths and in both schemes', () => {
  it(
    'fits the screen, with no sideways scrolling',
    async () => {
      const first = await openPage(shared.browser);
      await signInAsAdmin(first.page);
      // A post that opens with a Markdown heading: the home page's excerpt starts with its prose, not the heading run into it.
      await first.page.goto(`${shared.server.baseUrl}/staff/posts/new`);
      await first.page.fill('#title', 'Night buses');
      await first.page.fill('#body', '## Why it matters\n\nThe council votes on the night buses on Monday.');
      await first.page.fill('#subject_name', 'The council');
      await first.page.check('input[name="status"][value="published"]');
      await Promise.all([first.page.waitForURL(/\/staff\/posts\/\d+\/edit/), first.page.click('main button[type=submit]:text("Save")')]);
      await first.page.goto(shared.server.baseUrl);
      await expect(first.page.locator('main').textContent()).resolves.toContain('The council votes on the night buses on Monday.');
      await expect(first.page.locator('main').textContent()).resolves.not.toContain('Why it matters');
      const cookies = await first.context.cookies();
      const pages = ['/', `/posts/${DEMO_SLUG}`, ...(await staffPages(first.page))];
      await first.context.close();
      expect(pages.length).toBeGreaterThan(15);
      for (const [width, colorScheme] of VIEWS) {
        const { context, page } = await openPage(shared.browser, { viewport: { width, height: 900 }, colorScheme });
        await context.addCookies(cookies);
        for (const href of pages) {
          await page.goto(`${shared.server.baseUrl}${href}`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect.soft(overflow, `${href} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
          const name = href === '/' ? 'home' : href.replace(/^\//, '').replace(/[/?=&:]+/g, '-');
          const file = await saveScreenshot(page, `views-${name}-${width}-${colorScheme}`);
          // The first screenful too: a long page's full picture is too small to read.
          await page.screenshot({ path: file.replace(/\.png$/, '-top.png') });
        }
        await context.close();
      }
    },
    VIEWS_TIMEOUT_MS,
  );
});
