import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser, TEST_PASSWORD } from '../support/auth.js';
import { createComment } from '../support/factories.js';
import { auditPage, describeViolations, openPage, saveScreenshot, useBrowserServer } from './support/browser.js';

const shared = useBrowserServer();

async function signInAsModerator(page: Page): Promise<void> {
  const user = await createUser(shared.server.t.db, 'moderator');
  await page.goto(`${shared.server.baseUrl}/login`);
  await page.fill('#email', user.email);
  await page.fill('#password', TEST_PASSWORD);
  await page.click('form.staff-form button[type=submit]');
  await page.waitForLoadState();
}

describe('exporting a commenter’s comments from the moderation page', () => {
  const shots: [string, number, 'light' | 'dark'][] = [
    ['commenter-export-desktop-light', 1280, 'light'],
    ['commenter-export-desktop-dark', 1280, 'dark'],
    ['commenter-export-phone-light', 390, 'light'],
    ['commenter-export-phone-dark', 390, 'dark'],
  ];
  it.each(shots)('the form says what was wrong beside the field: %s', async (name, width, colorScheme) => {
    const db = shared.server.t.db;
    const post = await db.selectFrom('posts').select('id').executeTakeFirstOrThrow();
    await createComment(db, post.id, { name: 'Held Reader', body: 'Waiting for a look.', status: 'pending' });
    const { context, page } = await openPage(shared.browser, { viewport: { width, height: 900 }, colorScheme });
    await signInAsModerator(page);
    await page.goto(`${shared.server.baseUrl}/staff/moderation`);
    await expect(page.locator('.queue-actions a', { hasText: 'Export this commenter’s comments' }).first().getAttribute('href')).resolves.toBe(
      '/staff/commenters/export?email=reader%40example.test',
    );
    await page.fill('#export-email', 'nobody@example.org');
    await page.click('form.commenter-export button[type=submit]');
    await page.waitForLoadState();
    await expect(page.locator('#export-email-error').textContent()).resolves.toBe('No comments were written from that address.');
    await expect(page.locator('#export-email').inputValue()).resolves.toBe('nobody@example.org');
    const violations = await auditPage(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
    await saveScreenshot(page, name);
    await context.close();
  });
});
