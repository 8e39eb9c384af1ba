import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../server/auth/roles.js';
import { createUser, TEST_PASSWORD } from '../support/auth.js';
import { createComment } from '../support/factories.js';
import { auditPage, DEMO_SLUG, describeViolations, openPage, saveScreenshot, useBrowserServer } from './support/browser.js';

const shared = useBrowserServer();

/** Signs in through the real form and returns where it landed. */
async function signIn(page: Page, role: Role): Promise<string> {
  const user = await createUser(shared.server.t.db, role);
  await page.goto(`${shared.server.baseUrl}/login`);
  await page.fill('#email', user.email);
  await page.fill('#password', TEST_PASSWORD);
  await page.click('form.staff-form button[type=submit]');
  await page.waitForLoadState();
  return new URL(page.url()).pathname;
}

/** The staff bar's links, as the signed-in role sees them. */
async function staffLinks(page: Page): Promise<{ href: string; label: string }[]> {
  return page.locator('nav.staff-nav a').evaluateAll((links) => links.map((a) => ({ href: a.getAttribute('href') ?? '', label: a.textContent ?? '' })));
}

/** A crawl opens a dozen pages, each audited: minutes on a busy machine. */
const CRAWL_TIMEOUT_MS = 300_000;
/** The most staff pages one crawl audits; pages that differ only in ids count once. */
const MAX_STAFF_PAGES = 30;
const pageShape = (href: string) => href.replace(/\?.*$/, '').replace(/\d+/g, ':id');

/**
 * Opens every page in the staff bar and every /staff page those link to (one page per shape, so one
 * editor, not one per post), and audits each. A link whose page is not built yet (404) is listed and
 * skipped: the audit covers every staff page that exists.
 */
async function auditStaffPages(page: Page, name: string): Promise<string[]> {
  const queue = (await staffLinks(page)).map((l) => l.href);
  const seen = new Set(queue.map(pageShape));
  const audited: string[] = [];
  while (queue.length > 0 && audited.length < MAX_STAFF_PAGES) {
    const href = queue.shift()!;
    const response = await page.goto(`${shared.server.baseUrl}${href}`);
    if (response?.status() === 404) {
      console.info(`staff page not built yet: ${href}`);
      continue;
    }
    expect(response?.status(), href).toBe(200);
    await expect(page.locator('h1').first().isVisible(), `${href} has a heading`).resolves.toBe(true);
    const violations = await auditPage(page);
    expect(violations, `${href}\n${describeViolations(violations)}`).toEqual([]);
    await saveScreenshot(page, `staff-${name}${pageShape(href).replace(/[/:]+/g, '-')}`);
    audited.push(pageShape(href));
    // Export links (download) are files, not pages: opening one in the crawl starts a download.
    const links = await page.locator('main a[href^="/staff"]:not([download])').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    for (const link of links) {
      if (!seen.has(pageShape(link))) {
        seen.add(pageShape(link));
        queue.push(link);
      }
    }
  }
  return audited;
}

describe('staff pages in a browser', () => {
  it('the sign-in page passes the audit, and refuses a wrong password with the message by the field', async () => {
    const { context, page } = await openPage(shared.browser);
    await page.goto(`${shared.server.baseUrl}/login`);
    expect(await auditPage(page)).toEqual([]);
    await page.fill('#email', 'nobody@example.test');
    await page.fill('#password', 'not the password at all');
    await page.click('form.staff-form button[type=submit]');
    await page.waitForLoadState();
    await expect(page.locator('#password').getAttribute('aria-invalid')).resolves.toBe('true');
    const violations = await auditPage(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await context.close();
  });

  it(
    'a moderator signs in, sees the staff bar, opens every staff page they may (the queue when built), and signs out',
    async () => {
      const { context, page } = await openPage(shared.browser);
      expect(await signIn(page, 'moderator')).toBe('/staff');
      const labels = (await staffLinks(page)).map((l) => l.label);
      expect(labels).toContain('Moderation');
      expect(labels).not.toContain('Users');
      const audited = await auditStaffPages(page, 'moderator');
      expect(audited).toContain('/staff');
      await page.click('nav.staff-nav button:has-text("Sign out")');
      await page.waitForURL(`${shared.server.baseUrl}/`);
      await expect(page.locator('nav.staff-nav').count()).resolves.toBe(0);
      await context.close();
    },
    CRAWL_TIMEOUT_MS,
  );

  it('a moderator approves a held comment from the queue, and readers then see it on the post', async () => {
    const post = await shared.server.t.db.selectFrom('posts').select('id').where('slug', '=', DEMO_SLUG).executeTakeFirstOrThrow();
    const held = await createComment(shared.server.t.db, post.id, { status: 'pending', name: 'Held Hana', body: 'Waiting in the queue.' });
    const reader = await openPage(shared.browser);
    await reader.page.goto(`${shared.server.baseUrl}/posts/${DEMO_SLUG}`);
    await expect(reader.page.locator(`#comment-${held}`).count()).resolves.toBe(0);
    const { context, page } = await openPage(shared.browser);
    await signIn(page, 'moderator');
    await page.goto(`${shared.server.baseUrl}/staff/moderation`);
    const item = page.locator(`#queue-comment-${held}`);
    await expect(item.textContent()).resolves.toContain('Waiting in the queue.');
    await item.locator('.queue-actions button', { hasText: /^Approve$/ }).click();
    await page.waitForLoadState();
    await expect(page.locator(`#queue-comment-${held}`).count()).resolves.toBe(0);
    await reader.page.reload();
    await expect(reader.page.locator(`#comment-${held} > article`).getAttribute('aria-label')).resolves.toBe('Comment by Held Hana, level 1');
    await reader.context.close();
    await context.close();
  });

  it.each(['light', 'dark'] as const)(
    "an admin's staff pages, users included, pass the audit (%s)",
    async (colorScheme) => {
      const { context, page } = await openPage(shared.browser, { colorScheme });
      expect(await signIn(page, 'admin')).toBe('/staff');
      const audited = await auditStaffPages(page, `admin-${colorScheme}`);
      expect(audited).toEqual(expect.arrayContaining(['/staff', '/staff/users']));
      await context.close();
    },
    CRAWL_TIMEOUT_MS,
  );
});
