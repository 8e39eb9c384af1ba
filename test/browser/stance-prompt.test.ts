import { describe, expect, it } from 'vitest';
import { DEMO_SLUG, openPage, saveScreenshot, useBrowserServer } from './support/browser.js';

const shared = useBrowserServer();
const BODY = 'Rafe Kestrel is a vain self-promoter and his million followers get nothing from him.';

async function selfStanceOf(name: string) {
  const row = await shared.server.t.db.selectFrom('comments').select('self_stance').where('author_name', '=', name).executeTakeFirstOrThrow();
  return row.self_stance;
}

describe('say where you stand, helped', () => {
  it('with JavaScript, asks how the comment reads before posting; one click corrects it and sets the self label', async () => {
    const { context, page } = await openPage(shared.browser);
    await page.goto(`${shared.server.baseUrl}/posts/${DEMO_SLUG}`);
    await page.fill('#comment', BODY);
    await page.fill('#author_name', 'Prompted Reader');
    await page.fill('#author_email', 'prompted@example.test');
    await page.click('#commentform button[type="submit"]');
    const question = page.locator('.stance-prompt-question');
    await expect(question.textContent()).resolves.toBe('This reads as against Rafe Kestrel. Right?');
    await expect(page.locator('.stance-prompt button').allTextContents()).resolves.toEqual([
      'Yes, post it',
      'No: For Rafe Kestrel',
      'No: Neither',
      'Rather not say',
    ]);
    await saveScreenshot(page, 'stance-prompt');
    await page.locator('.stance-prompt button', { hasText: 'No: Neither' }).click();
    await page.waitForURL(/#comment-\d+$/);
    await expect(selfStanceOf('Prompted Reader')).resolves.toBe('neutral');
    await context.close();
  });

  it('with JavaScript, confirming keeps the reading as the self label', async () => {
    const { context, page } = await openPage(shared.browser);
    await page.goto(`${shared.server.baseUrl}/posts/${DEMO_SLUG}`);
    await page.fill('#comment', BODY);
    await page.fill('#author_name', 'Confirming Reader');
    await page.fill('#author_email', 'confirming@example.test');
    await page.click('#commentform button[type="submit"]');
    await page.locator('.stance-prompt button', { hasText: 'Yes, post it' }).click();
    await page.waitForURL(/#comment-\d+$/);
    await expect(selfStanceOf('Confirming Reader')).resolves.toBe('against');
    await context.close();
  });

  it('without JavaScript, the form posts as it is, with no self label', async () => {
    const { context, page } = await openPage(shared.browser, { javaScriptEnabled: false });
    await page.goto(`${shared.server.baseUrl}/posts/${DEMO_SLUG}`);
    await page.fill('#comment', BODY);
    await page.fill('#author_name', 'Plain Reader');
    await page.fill('#author_email', 'plain@example.test');
    await page.click('#commentform button[type="submit"]');
    await page.waitForURL(/#comment-\d+$/);
    await expect(selfStanceOf('Plain Reader')).resolves.toBeNull();
    await context.close();
  });
});
