import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SLUG, SCREENSHOT_DIR, openPage, saveScreenshot, turnStancePromptOff, useBrowserServer } from './support/browser.js';

// A commenter fixes their comment from the browser that posted it: the links, the form, the "edited" mark, with
// JavaScript and without; and the screenshots of the form and of an edited comment.

const shared = useBrowserServer();

beforeAll(() => turnStancePromptOff(shared.server));

const postUrl = () => `${shared.server.baseUrl}/posts/${DEMO_SLUG}`;

async function postComment(page: Page, name: string, text: string): Promise<string> {
  await page.goto(postUrl());
  await page.fill('#comment', text);
  await page.fill('#author_name', name);
  await page.fill('#author_email', `${name.toLowerCase().replace(/\W+/g, '.')}@example.test`);
  await page.click('#commentform button[type=submit]');
  await page.waitForURL(/#comment-\d+$/);
  return new URL(page.url()).hash.slice(1);
}

async function shoot(page: Page, name: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
  expect(fs.statSync(await saveScreenshot(page, name)).size).toBeGreaterThan(10_000);
}

describe.each([
  { js: true, label: 'with JavaScript' },
  { js: false, label: 'without JavaScript' },
])('editing one’s own comment, $label', ({ js }) => {
  it('offers Edit on the writer’s comment only, saves the new text and marks it edited', async () => {
    const { context, page } = await openPage(shared.browser, { javaScriptEnabled: js });
    const name = js ? 'Ysolde Script' : 'Ysolde Plain';
    const id = await postComment(page, name, 'Frist thought on the album.');
    const own = page.locator(`#${id}`);
    await own.locator('> article .own-edit-link').click();
    await page.waitForURL(/\/edit$/);
    await expect(page.locator('#comment').inputValue()).resolves.toBe('Frist thought on the album.');
    await page.fill('#comment', 'First thought on the album, typo fixed.');
    await page.click('.own-edit-form button[type=submit]');
    await page.waitForURL(new RegExp(`#${id}$`));
    await expect(own.locator('> article .comment-content').textContent()).resolves.toContain('First thought on the album, typo fixed.');
    await expect(own.locator('> article .comment-edited').getAttribute('title')).resolves.toMatch(/^Edited /);

    // Another browser sees the edited text and the mark, but no Edit link.
    const other = await openPage(shared.browser, { javaScriptEnabled: js });
    await other.page.goto(`${postUrl()}#${id}`);
    await expect(other.page.locator(`#${id} > article .comment-edited`).count()).resolves.toBe(1);
    await expect(other.page.locator('.own-edit-link').count()).resolves.toBe(0);
    await other.context.close();
    await context.close();
  });
});

describe('screenshots of writer edits', () => {
  it.each([
    [1280, 'light'],
    [1280, 'dark'],
    [390, 'light'],
    [390, 'dark'],
  ] as const)('%i px, %s', async (width, colorScheme) => {
    const { context, page } = await openPage(shared.browser, { viewport: { width, height: 900 }, colorScheme });
    const id = await postComment(page, `Ysolde ${width} ${colorScheme}`, 'The bridge of the second song drags on a little.');
    await page.locator(`#${id} > article .own-edit-link`).click();
    await page.waitForURL(/\/edit$/);
    // Spaces pass the browser's own required check; the server's 422 puts its message by the field.
    await page.fill('#comment', '   ');
    await page.click('.own-edit-form button[type=submit]');
    await page.locator('#comment-error').waitFor();
    await shoot(page, `writer-edit-form-${width}-${colorScheme}`);
    await page.fill('#comment', 'The bridge of the second song drags on a little, though the chorus saves it.');
    await page.click('.own-edit-form button[type=submit]');
    await page.waitForURL(new RegExp(`#${id}$`));
    await page.locator(`#${id}`).scrollIntoViewIfNeeded();
    const shot = await page.locator(`#${id}`).screenshot({ path: path.join(SCREENSHOT_DIR, `writer-edited-comment-${width}-${colorScheme}.png`) });
    expect(shot.length).toBeGreaterThan(1000);
    await context.close();
  });
});

describe('remember my name, email and website', () => {
  it.each([
    [1280, 'light'],
    [1280, 'dark'],
    [390, 'light'],
    [390, 'dark'],
  ] as const)('the browser’s next form comes filled in (%i px, %s)', async (width, colorScheme) => {
    const { context, page } = await openPage(shared.browser, { viewport: { width, height: 900 }, colorScheme });
    await page.goto(postUrl());
    await page.fill('#comment', `Remember me, please (${width} ${colorScheme}).`);
    await page.fill('#author_name', 'Perpetua Hale');
    await page.fill('#author_email', 'perpetua@example.test');
    await page.fill('#author_url', 'https://perpetua.example');
    await page.check('input[name=remember]');
    await page.click('#commentform button[type=submit]');
    await page.waitForURL(/#comment-\d+$/);
    await page.goto(postUrl());
    await expect(page.locator('#author_name').inputValue()).resolves.toBe('Perpetua Hale');
    await expect(page.locator('#author_url').inputValue()).resolves.toBe('https://perpetua.example/');
    await expect(page.locator('input[name=remember]').isChecked()).resolves.toBe(true);
    await page.locator('#respond').screenshot({ path: path.join(SCREENSHOT_DIR, `remember-form-${width}-${colorScheme}.png`) });
    // Another browser gets the form empty.
    const other = await openPage(shared.browser);
    await other.page.goto(postUrl());
    await expect(other.page.locator('#author_name').inputValue()).resolves.toBe('');
    await other.context.close();
    await context.close();
  });
});
