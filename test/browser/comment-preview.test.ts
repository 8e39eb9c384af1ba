import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_SLUG, SCREENSHOT_DIR, auditPage, describeViolations, openPage, useBrowserServer } from './support/browser.js';

// The comment form's Preview, with JavaScript (the preview comes in place, nothing reloads) and without (the page
// comes back at #respond with the preview above the form); a reply's preview; a field to fix; and the screenshots.

const shared = useBrowserServer();

const postUrl = () => `${shared.server.baseUrl}/posts/${DEMO_SLUG}`;

async function fillDraft(page: Page, name: string, text: string): Promise<void> {
  await page.fill('#comment', text);
  await page.fill('#author_name', name);
  await page.fill('#author_email', `${name.toLowerCase().replace(/\W+/g, '.')}@example.test`);
}

/** Posts the form; with JavaScript the site's stance prompt asks first, and its first answer posts it. */
async function postIt(page: Page, js: boolean): Promise<string> {
  await page.click('#commentform .form-submit button:not([name=preview])');
  if (js) await page.click('.stance-prompt .button:not(.button-secondary)');
  await page.waitForURL(/#comment-\d+$/);
  return new URL(page.url()).hash.slice(1);
}

const DRAFT = 'A preview first:\n\n- the verses are fine\n- the chorus <b>drags</b>\n\nMore at https://example.org/review.';

describe.each([
  { js: true, label: 'with JavaScript' },
  { js: false, label: 'without JavaScript' },
])('previewing a comment, $label', ({ js }) => {
  it('shows the server’s rendering above the form with everything kept, then posts it', async () => {
    const { context, page } = await openPage(shared.browser, { javaScriptEnabled: js });
    await page.goto(postUrl());
    const name = js ? 'Prue Script' : 'Prue Plain';
    await fillDraft(page, name, `${DRAFT} (${name})`);
    await page.check('input[name=notify_replies]');
    if (js) await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    const before = await shared.server.t.db.selectFrom('comments').select('id').execute();
    await page.click('#commentform button[name=preview]');
    const preview = page.locator('#comment-preview');
    await preview.waitFor();
    if (js) {
      // No reload: the page's own state survived, and the stance prompt did not ask about a preview.
      await expect(page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).resolves.toBe(true);
      await expect(page.locator('.stance-prompt').count()).resolves.toBe(0);
    } else {
      expect(new URL(page.url()).hash).toBe('#respond');
    }
    await expect(preview.locator('.comment-content li').allTextContents()).resolves.toEqual(['the verses are fine', 'the chorus <b>drags</b>']);
    await expect(preview.locator('.comment-content a').getAttribute('href')).resolves.toBe('https://example.org/review');
    await expect(preview.locator('.fn').textContent()).resolves.toBe(name);
    await expect(page.locator('#comment').inputValue()).resolves.toBe(`${DRAFT} (${name})`);
    await expect(page.locator('#author_name').inputValue()).resolves.toBe(name);
    await expect(page.locator('input[name=notify_replies]').isChecked()).resolves.toBe(true);
    // Above the form, in the reader's view.
    const [previewBox, formBox] = await Promise.all([preview.boundingBox(), page.locator('#commentform').boundingBox()]);
    expect(previewBox!.y + previewBox!.height).toBeLessThanOrEqual(formBox!.y);
    await expect(preview.isVisible()).resolves.toBe(true);
    expect(await shared.server.t.db.selectFrom('comments').select('id').execute()).toEqual(before);
    // axe runs as a script: only where the page's scripts run.
    if (js) expect(describeViolations(await auditPage(page))).toBe('');

    const id = await postIt(page, js);
    await expect(page.locator(`#${id} > article .comment-content li`).allTextContents()).resolves.toEqual(['the verses are fine', 'the chorus <b>drags</b>']);
    await context.close();
  });

  it('previews a reply on its reply form, and sends a field to fix back beside it', async () => {
    const { context, page } = await openPage(shared.browser, { javaScriptEnabled: js });
    await page.goto(postUrl());
    const target = page.locator('.comment-reply-link').first();
    const parentId = await target.getAttribute('data-comment-id');
    await target.click();
    if (!js) await page.waitForURL(/replytocom=/);
    const text = `Agreed, mostly (${js ? 'with' : 'without'} scripts).`;
    await fillDraft(page, js ? 'Quentin Script' : 'Quentin Plain', text);
    await page.fill('#author_email', 'not an address@');
    // The browser's own check would stop the click; the server's 422 is the one under test.
    await page.locator('#author_email').evaluate((input) => input.setAttribute('type', 'text'));
    await page.click('#commentform button[name=preview]');
    await page.locator('#author_email-error').waitFor();
    await expect(page.locator('#comment-preview').count()).resolves.toBe(0);
    await expect(page.locator('#comment').inputValue()).resolves.toBe(text);
    await expect(page.locator('#parent_id').inputValue()).resolves.toBe(parentId);
    await page.fill('#author_email', 'quentin@example.test');
    await page.click('#commentform button[name=preview]');
    await page.locator('#comment-preview').waitFor();
    await expect(page.locator('#author_email-error').count()).resolves.toBe(0);
    await expect(page.locator('#reply-title').textContent()).resolves.toContain('Replying to');
    await expect(page.locator('#parent_id').inputValue()).resolves.toBe(parentId);
    const id = await postIt(page, js);
    const row = await shared.server.t.db
      .selectFrom('comments')
      .select('parent_id')
      .where('id', '=', Number(id.slice('comment-'.length)))
      .executeTakeFirstOrThrow();
    expect(row.parent_id).toBe(Number(parentId));
    await context.close();
  });
});

describe('screenshots of the preview', () => {
  it.each([
    [1280, 'light'],
    [1280, 'dark'],
    [390, 'light'],
    [390, 'dark'],
  ] as const)('%i px, %s', async (width, colorScheme) => {
    const { context, page } = await openPage(shared.browser, { viewport: { width, height: 900 }, colorScheme });
    await page.goto(postUrl());
    await fillDraft(page, 'Rosalind Preview', DRAFT);
    await page.check('input[value=against]');
    await page.click('#commentform button[name=preview]');
    await page.locator('#comment-preview').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
    const shot = await page.locator('#respond').screenshot({ path: path.join(SCREENSHOT_DIR, `comment-preview-${width}-${colorScheme}.png`) });
    expect(shot.length).toBeGreaterThan(10_000);
    await context.close();
  });
});
