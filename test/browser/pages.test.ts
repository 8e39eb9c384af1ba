import { beforeAll, describe, expect, it } from 'vitest';
import { auditPage, DEMO_SLUG, describeViolations, openPage, useBrowserServer, turnStancePromptOff } from './support/browser.js';

/** The demo's 13 top-level comments at 5 a page: [Priya … Sofia] [Raj … Mark] [Derek … Chloe]. */
const PER_PAGE = 5;

const shared = useBrowserServer({ COMMENTS_PER_PAGE: String(PER_PAGE) });

beforeAll(() => turnStancePromptOff(shared.server));

const postUrl = (query = '') => `${shared.server.baseUrl}/posts/${DEMO_SLUG}${query}`;

describe('pages of a long thread', () => {
  it('walks the pages by rel=next and rel=prev, each with complete sub-threads', async () => {
    const { context, page } = await openPage(shared.browser);
    await page.goto(postUrl());
    await expect(page.locator('.comment-list > li').count()).resolves.toBe(PER_PAGE);
    await expect(page.locator('.page-status').textContent()).resolves.toBe('Comments page 1 of 3');
    await expect(page.locator('#comment-list, .comment-list').locator('b.fn', { hasText: 'Marcus Oyelaran' }).count()).resolves.toBe(3);
    await page.click('a[rel=next]');
    await expect(page.locator('.page-status').textContent()).resolves.toBe('Comments page 2 of 3');
    await page.click('a[rel=next]');
    await expect(page.locator('.comment-list > li').count()).resolves.toBe(3);
    await expect(page.locator('a[rel=next]').count()).resolves.toBe(0);
    await page.click('a[rel=prev]');
    expect(new URL(page.url()).searchParams.get('cpage')).toBe('2');
    await context.close();
  });

  it('replies on page 3 and lands back on page 3 at the reply', async () => {
    const { context, page } = await openPage(shared.browser);
    await page.goto(postUrl('?cpage=3'));
    await page
      .locator('li.comment', { has: page.locator('> article b.fn', { hasText: 'Noor Haddad' }) })
      .locator('> article .comment-reply-link')
      .click();
    await page.fill('#comment', 'An answer on the last page.');
    await page.fill('#author_name', 'Page Three');
    await page.fill('#author_email', 'three@example.test');
    await page.click('#commentform button[type=submit]');
    await page.waitForURL(/cpage=3#comment-\d+$/);
    const id = new URL(page.url()).hash.slice(1);
    await expect(page.locator(`#${id} > article`).getAttribute('aria-label')).resolves.toBe('Reply by Page Three to Noor Haddad, level 2');
    await context.close();
  });

  it('follows a #comment-ID link to the page that holds the comment', async () => {
    const { context, page } = await openPage(shared.browser);
    const noor = await shared.server.t.db.selectFrom('comments').select('id').where('author_name', '=', 'Noor Haddad').executeTakeFirstOrThrow();
    await page.goto(postUrl(`#comment-${noor.id}`));
    await page.waitForURL(new RegExp(`cpage=3#comment-${noor.id}$`));
    await expect(page.locator(`#comment-${noor.id}`).isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('shows top-level comments only, and a reply count that opens the full thread at the comment', async () => {
    const { context, page } = await openPage(shared.browser);
    await page.goto(postUrl());
    await page.click('text=Top-level only');
    await expect(page.locator('li.comment li.comment').count()).resolves.toBe(0);
    await page.click('a.replies-link:has-text("Read 5 replies to Marcus Oyelaran")');
    await page.waitForURL(/#comment-\d+$/);
    await expect(page.locator('li.comment li.comment').first().isVisible()).resolves.toBe(true);
    await context.close();
  });
});

describe('accessibility audit (axe-core): no serious or critical violations', () => {
  const pages: [string, string, 'light' | 'dark'][] = [
    ['post page', '', 'light'],
    ['post page, dark', '', 'dark'],
    ['top-level view, page 2', '?view=top&cpage=2', 'light'],
    ['reply form open without JS', '?replytocom=1', 'light'],
  ];
  it.each(pages)('%s', async (_name, query, colorScheme) => {
    const { context, page } = await openPage(shared.browser, { colorScheme });
    await page.goto(postUrl(query));
    const violations = await auditPage(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await context.close();
  });

  it.each([
    ['the front page', '/'],
    ['an error page', '/posts/no-such-post'],
  ])('%s', async (_name, path) => {
    const { context, page } = await openPage(shared.browser);
    await page.goto(`${shared.server.baseUrl}${path}`);
    const violations = await auditPage(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await context.close();
  });

  it('the form with validation errors', async () => {
    const { context, page } = await openPage(shared.browser);
    await page.goto(postUrl());
    await page.evaluate(() => document.getElementById('commentform')?.setAttribute('novalidate', ''));
    await page.click('#commentform button[type=submit]');
    await page.waitForLoadState();
    await expect(page.locator('.field-error').count()).resolves.toBeGreaterThan(0);
    const violations = await auditPage(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await context.close();
  });
});
