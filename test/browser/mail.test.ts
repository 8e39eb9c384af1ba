import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signMailToken } from '../../server/mail/mail-tokens.js';
import { createUser, TEST_PASSWORD } from '../support/auth.js';
import { auditPage, DEMO_SLUG, describeViolations, openPage, saveScreenshot, useBrowserServer } from './support/browser.js';

const shared = useBrowserServer();
const SHOTS = [
  [1280, 'light'],
  [1280, 'dark'],
  [390, 'light'],
  [390, 'dark'],
] as const;

async function expectCleanPage(page: Page, name: string) {
  const violations = await auditPage(page);
  expect(violations, `${name}\n${describeViolations(violations)}`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name}: no sideways scrolling`).toBeLessThanOrEqual(0);
}

describe('mail pages', () => {
  it('subscribes from the form without JavaScript; the outbox, the confirmation and the subscriptions page read well', async () => {
    const { context, page } = await openPage(shared.browser, { javaScriptEnabled: false });
    await page.goto(`${shared.server.baseUrl}/posts/${DEMO_SLUG}`);
    await page.fill('#comment', 'Please tell me when somebody answers this.');
    await page.fill('#author_name', 'Yara Bell');
    await page.fill('#author_email', 'yara@example.test');
    await page.check('input[name=notify_replies]');
    await page.check('input[name=notify_post]');
    await page.click('#commentform button[type=submit]');
    await page.waitForLoadState();
    const [message] = await shared.server.t.db.selectFrom('mail_outbox').selectAll().execute();
    expect(message!.recipient).toBe('yara@example.test');
    const confirmPath = /https?:\/\/[^/\s]+(\/mail\/confirm\?t=\S+)/.exec(message!.body_text)![1]!;
    await context.close();

    const admin = await createUser(shared.server.t.db, 'admin');
    // An endpoint and a failed delivery, so the webhooks page shows both (never sent: the address is not public).
    const hook = await shared.server.t.db
      .insertInto('webhooks')
      .values({ url: 'https://hooks.example/rejoinder', secret: 'shown-to-admins', events: '["comment.created"]', created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await shared.server.t.db
      .insertInto('mail_outbox')
      .values({
        recipient: `webhook:${hook.id}`,
        subject: 'comment.created',
        headers_json: '{}',
        body_text: '{}',
        body_html: '',
        status: 'failed',
        attempts: 8,
        last_status: 502,
        last_error: 'HTTP 502: bad gateway',
        next_attempt_at: new Date().toISOString(),
        created_at: new Date().toISOString(),
        webhook_id: hook.id,
      })
      .execute();
    const manage = `/mail/subscriptions?t=${signMailToken(shared.server.t.config.secret, { purpose: 'manage', email: 'yara@example.test' })}`;
    for (const [width, colorScheme] of SHOTS) {
      const { context, page } = await openPage(shared.browser, { viewport: { width, height: 900 }, colorScheme });
      await page.goto(`${shared.server.baseUrl}/login`);
      await page.fill('#email', admin.email);
      await page.fill('#password', TEST_PASSWORD);
      await page.click('form.staff-form button[type=submit]');
      await page.waitForLoadState();
      for (const [name, path] of [
        ['outbox', '/staff/outbox'],
        ['outbox-message', `/staff/outbox/${message!.id}`],
        ['mail-confirmed', confirmPath],
        ['mail-subscriptions', manage],
        ['mail-settings', '/staff/mail'],
        ['mail-preferences', '/staff/mail-preferences'],
        ['webhooks', '/staff/webhooks'],
      ] as const) {
        const response = await page.goto(`${shared.server.baseUrl}${path}`);
        expect(response?.status(), path).toBe(200);
        await expectCleanPage(page, name);
        await saveScreenshot(page, `${name}-${width}-${colorScheme}`);
      }
      await context.close();
    }
  }, 300_000);
});
