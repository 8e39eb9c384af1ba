import { describe, expect, it } from 'vitest';
import { findPublishedPostBySlug } from '../../server/post/post.repository.js';
import { createComment } from '../support/factories.js';
import { DEMO_SLUG, openPage, saveScreenshot, useBrowserServer } from './support/browser.js';

const shared = useBrowserServer();

describe('this changed my view', () => {
  for (const javaScriptEnabled of [false, true]) {
    it(`a commenter marks a later comment as having changed their view ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
      const { db } = shared.server.t;
      const post = (await findPublishedPostBySlug(db, DEMO_SLUG))!;
      const { context, page } = await openPage(shared.browser, { javaScriptEnabled });
      const name = javaScriptEnabled ? 'Zed Scripted' : 'Zed Plain';
      await page.goto(`${shared.server.baseUrl}/posts/${DEMO_SLUG}`);
      await page.fill('#comment', 'I still think the award was a mistake.');
      await page.fill('#author_name', name);
      await page.fill('#author_email', `${javaScriptEnabled ? 'scripted' : 'plain'}@example.test`);
      await page.check('input[name="stance"][value="against"]');
      // The stance prompt may ask first when JavaScript runs; its confirm button posts as the reader chose.
      await page.click('#commentform button[type="submit"]');
      const confirm = page.locator('.stance-prompt button', { hasText: 'Yes' });
      if (javaScriptEnabled && (await confirm.isVisible().catch(() => false))) await confirm.click();
      await page.waitForURL(/#comment-\d+$/);
      const later = await createComment(db, post.id, { name: 'Persuader', body: 'The jury’s notes show every vote was counted twice.' });

      // Through the permalink: a page load, where the same address with another #fragment would only scroll.
      await page.goto(`${shared.server.baseUrl}/posts/${DEMO_SLUG}/comments/${later}`);
      await page.locator(`#comment-${later} .changed-view-link`).click();
      await page.waitForURL(/changed-my-view$/);
      await page.fill('#reason', 'Fair.');
      await page.check('input[name="stance"][value="pro"]');
      await page.click('.view-change-form button[type="submit"]');
      await expect(page.locator('#reason-error').textContent()).resolves.toContain('in a sentence');
      await expect(page.inputValue('#reason')).resolves.toBe('Fair.');
      if (!javaScriptEnabled) await saveScreenshot(page, 'view-change-422');
      await page.fill('#reason', 'The counting notes answered the doubt I had about the jury.');
      await page.click('.view-change-form button[type="submit"]');
      await page.waitForURL(new RegExp(`#comment-${later}$`));
      await expect(page.locator(`#comment-${later} .minds-changed`).first().textContent()).resolves.toBe('changed 1 mind');
      await context.close();
    });
  }
});
