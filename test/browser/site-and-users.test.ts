import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser, TEST_PASSWORD } from '../support/auth.js';
import { auditPage, describeViolations, openPage, saveScreenshot, SCREENSHOT_DIR, useBrowserServer } from './support/browser.js';

const shared = useBrowserServer();

async function signInAdmin(page: Page): Promise<void> {
  const user = await createUser(shared.server.t.db, 'admin', { name: 'Ola Brandt' });
  await page.goto(`${shared.server.baseUrl}/login`);
  await page.fill('#email', user.email);
  await page.fill('#password', TEST_PASSWORD);
  await page.click('form.staff-form button[type=submit]');
  await page.waitForLoadState();
}

/** Checks the page fits the screen and passes the audit, then saves it. */
async function shoot(page: Page, name: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name}: no sideways scrolling`).toBeLessThanOrEqual(0);
  const violations = await auditPage(page);
  expect(violations, `${name}\n${describeViolations(violations)}`).toEqual([]);
  expect(fs.statSync(await saveScreenshot(page, name)).size).toBeGreaterThan(5_000);
}

const VIEWS = [
  [1280, 'light'],
  [1280, 'dark'],
  [390, 'light'],
  [390, 'dark'],
] as const;

describe('site settings and users in a browser', () => {
  it.each(VIEWS)(
    'the settings, users and account pages at %i px, %s',
    async (width, colorScheme) => {
      const { context, page } = await openPage(shared.browser, { viewport: { width, height: 900 }, colorScheme });
      await signInAdmin(page);
      const tag = `${width}-${colorScheme}`;
      await page.goto(`${shared.server.baseUrl}/staff/settings`);
      await shoot(page, `site-settings-${tag}`);
      // A bad time zone comes back with the message by the field and the text kept.
      await page.fill('#timeZone', 'Mars/Olympus_Mons');
      await page.click('#site-settings button[type=submit]');
      await page.waitForLoadState();
      await expect(page.locator('#timeZone').inputValue()).resolves.toBe('Mars/Olympus_Mons');
      await expect(page.locator('#timeZone-error').textContent()).resolves.toContain('Europe/Paris');
      await shoot(page, `site-settings-error-${tag}`);
      // The section alone, at full size: the whole page is long.
      await page.locator('#site-settings').screenshot({ path: path.join(SCREENSHOT_DIR, `site-settings-section-${tag}.png`) });
      await page.goto(`${shared.server.baseUrl}/staff/users`);
      await page.fill('#invite-name', `Pia Lund ${tag}`);
      await page.fill('#invite-email', `pia-${tag}@example.test`);
      await page.selectOption('#invite-role', 'moderator');
      await page.click('.invite-form button[type=submit]');
      await page.waitForLoadState();
      await expect(page.locator('#one-time-link').inputValue()).resolves.toMatch(/\/password\/[A-Za-z0-9_-]{43}$/);
      await shoot(page, `users-${tag}`);
      const link = await page.locator('#one-time-link').inputValue();
      await page.goto(`${shared.server.baseUrl}/staff/account`);
      await shoot(page, `account-${tag}`);
      await page.goto(`${shared.server.baseUrl}/staff/users`);
      await page.locator('a.button.danger').first().click();
      await page.waitForLoadState();
      await shoot(page, `user-remove-${tag}`);
      const invitee = await openPage(shared.browser, { viewport: { width, height: 900 }, colorScheme });
      await invitee.page.goto(link);
      await shoot(invitee.page, `set-password-${tag}`);
      await invitee.context.close();
      await context.close();
    },
    120_000,
  );
});
