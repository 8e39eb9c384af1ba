import { describe, expect, it } from 'vitest';
import { createUser, TEST_PASSWORD } from '../support/auth.js';
import { auditPage, describeViolations, openPage, saveScreenshot, useBrowserServer } from './support/browser.js';

// The webhooks page as an admin uses it: an endpoint added through the form shows its secret once, then its hint;
// the screenshots of both at 1280 and 390 px, light and dark.

const shared = useBrowserServer();

describe('a webhook’s secret on the staff page', () => {
  it.each([
    [1280, 'light'],
    [1280, 'dark'],
    [390, 'light'],
    [390, 'dark'],
  ] as const)('is shown once after adding, then by its last characters (%i px, %s)', async (width, colorScheme) => {
    const admin = await createUser(shared.server.t.db, 'admin');
    const { context, page } = await openPage(shared.browser, { viewport: { width, height: 900 }, colorScheme });
    await page.goto(`${shared.server.baseUrl}/login`);
    await page.fill('#email', admin.email);
    await page.fill('#password', TEST_PASSWORD);
    await page.click('form.staff-form button[type=submit]');
    await page.waitForLoadState();
    await page.goto(`${shared.server.baseUrl}/staff/webhooks`);
    // This machine has no public name to offer: a receiver on loopback, which the admin allows first.
    if (!(await page.isChecked('input[name=allowPrivateAddresses]'))) {
      await page.check('input[name=allowPrivateAddresses]');
      await page.click('form[action="/staff/webhooks/settings"] button[type=submit]');
      await page.waitForLoadState();
    }
    await page.fill('#url', `http://127.0.0.1:9/hook-${width}-${colorScheme}`);
    await page.check('input[name="comment.created"]');
    await page.click('form[action="/staff/webhooks"] button[type=submit]');
    await page.waitForURL(/\/staff\/webhooks#webhook-\d+$/);
    const id = Number(new URL(page.url()).hash.slice('#webhook-'.length));
    const { secret } = await shared.server.t.db.selectFrom('webhooks').select('secret').where('id', '=', id).executeTakeFirstOrThrow();
    await expect(page.locator(`#webhook-${id} .webhook-secret`).textContent()).resolves.toBe(secret);
    expect(describeViolations(await auditPage(page))).toBe('');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
    await saveScreenshot(page, `webhook-secret-once-${width}-${colorScheme}`);
    await page.reload();
    await expect(page.locator(`#webhook-${id} .webhook-secret`).count()).resolves.toBe(0);
    await expect(page.locator(`#webhook-${id} .webhook-secret-hint`).textContent()).resolves.toBe(`…${secret.slice(-4)}`);
    await expect(page.content()).resolves.not.toContain(secret);
    await context.close();
  });
});
