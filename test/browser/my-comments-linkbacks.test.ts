// Screenshots of the reader's "Download my comments" pages and the staff page of pingbacks and trackbacks, at
// 1280 and 390 px, light and dark, each checked with axe and for sideways scrolling.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { myCommentsPath } from '../../server/data-request/my-comments.service.js';
import { importWordpress } from '../../server/import/wordpress-import.service.js';
import { readWxr } from '../../server/import/wxr-reader.js';
import { createUser, TEST_PASSWORD } from '../support/auth.js';
import { createComment } from '../support/factories.js';
import { auditPage, describeViolations, openPage, saveScreenshot, useBrowserServer } from './support/browser.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/import/linkbacks.xml', import.meta.url));
const shared = useBrowserServer();
const shots: [string, number, 'light' | 'dark'][] = [
  ['desktop-light', 1280, 'light'],
  ['desktop-dark', 1280, 'dark'],
  ['phone-light', 390, 'light'],
  ['phone-dark', 390, 'dark'],
];

async function check(page: Page, name: string): Promise<void> {
  const violations = await auditPage(page);
  expect(violations, describeViolations(violations)).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
  await saveScreenshot(page, name);
}

describe('download my comments and the linkbacks page', () => {
  it.each(shots)(
    'screenshots %s',
    async (name, width, colorScheme) => {
      const db = shared.server.t.db;
      if ((await db.selectFrom('linkbacks').select('id').execute()).length === 0)
        await importWordpress(db, readWxr(fs.createReadStream(FIXTURE)), {
          skipPages: false,
          dryRun: false,
          subject: null,
          subjects: new Map(),
          now: new Date(),
        });
      const post = await db.selectFrom('posts').select('id').where('status', '=', 'published').executeTakeFirstOrThrow();
      await createComment(db, post.id, { name: 'Held Reader', body: 'Waiting for a look, with a <b>tag</b> typed in.', status: 'pending' });
      const { context, page } = await openPage(shared.browser, { viewport: { width, height: 900 }, colorScheme });

      await page.goto(`${shared.server.baseUrl}/my-comments`);
      await page.fill('#email', 'nobody@example.org');
      await page.click('form.staff-form button[type=submit]');
      await page.waitForLoadState();
      await expect(page.locator('.form-notice').textContent()).resolves.toMatch(/^If comments were written here from that address/);
      await check(page, `my-comments-form-${name}`);

      await page.goto(`${shared.server.baseUrl}${myCommentsPath(shared.server.t.config.secret, 'reader@example.test', new Date())}`);
      await expect(page.locator('.my-comment').count()).resolves.toBeGreaterThan(0);
      await check(page, `my-comments-download-${name}`);

      const user = await createUser(db, 'moderator');
      await page.goto(`${shared.server.baseUrl}/login`);
      await page.fill('#email', user.email);
      await page.fill('#password', TEST_PASSWORD);
      await page.click('form.staff-form button[type=submit]');
      await page.waitForLoadState();
      await page.goto(`${shared.server.baseUrl}/staff/linkbacks`);
      await expect(page.locator('.linkback-item').count()).resolves.toBe(5);
      await check(page, `staff-linkbacks-${name}`);
      await context.close();
    },
    120_000,
  );
});
