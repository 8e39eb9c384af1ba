import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POST } from '../../server/seed/demo-content.js';
import { DEMO_SLUG, openPage, useBrowserServer, turnStancePromptOff } from './support/browser.js';

const shared = useBrowserServer();

beforeAll(() => turnStancePromptOff(shared.server));

const postUrl = () => `${shared.server.baseUrl}/posts/${DEMO_SLUG}`;
async function countComments(): Promise<number> {
  const rows = await shared.server.t.db.selectFrom('comments').select('id').where('status', '=', 'approved').execute();
  return rows.length;
}
/** The <li> of the first comment by this author. */
const commentBy = (page: Page, name: string) => page.locator('li.comment', { has: page.locator(`> article b.fn`, { hasText: name }) }).first();

async function fillIdentity(page: Page, name: string) {
  await page.fill('#author_name', name);
  await page.fill('#author_email', `${name.toLowerCase().replace(/\W+/g, '.')}@example.test`);
}

describe('reading the demo post', () => {
  it('shows the post, the response count, nested replies and the sidebar', async () => {
    const { context, page } = await openPage(shared.browser);
    await page.goto(postUrl());
    await expect(page.title()).resolves.toContain(DEMO_POST.title);
    await expect(page.locator('h1.entry-title').textContent()).resolves.toBe(DEMO_POST.title);
    await expect(page.locator('#comments-title').textContent()).resolves.toMatch(new RegExp(`^${await countComments()} responses to`));
    const ines = commentBy(page, 'Inês Duarte');
    await expect(ines.locator('> article').getAttribute('aria-label')).resolves.toBe('Reply by Inês Duarte to Marcus Oyelaran, level 4');
    await expect(page.locator('aside.sidebar .stance-summary').isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('reaches the skip link first by keyboard, and it moves focus to the content', async () => {
    const { context, page } = await openPage(shared.browser);
    await page.goto(postUrl());
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
    await expect(page.locator('.skip-link').isVisible()).resolves.toBe(true);
    await page.keyboard.press('Enter');
    expect(page.url()).toMatch(/#content$/);
    await context.close();
  });

  it('collapses and expands a sub-thread with its summary, by mouse and by keyboard', async () => {
    const { context, page } = await openPage(shared.browser);
    await page.goto(postUrl());
    const marcus = commentBy(page, 'Marcus Oyelaran');
    const summary = marcus.locator('> details > summary');
    await expect(summary.textContent()).resolves.toBe('5 replies to Marcus Oyelaran');
    const firstReply = marcus.locator('> details > ol > li').first();
    await expect(firstReply.isVisible()).resolves.toBe(true);
    await summary.click();
    await expect(firstReply.isVisible()).resolves.toBe(false);
    await expect(marcus.locator('> details').getAttribute('open')).resolves.toBeNull();
    await summary.focus();
    await page.keyboard.press('Enter');
    await expect(firstReply.isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('works by keyboard alone: Tab to a sub-thread summary and collapse it, Tab to Reply, type, Escape back', async () => {
    const { context, page } = await openPage(shared.browser);
    await page.goto(postUrl());
    const focusedClass = () => page.evaluate(() => document.activeElement?.className ?? '');
    let presses = 0;
    while ((await focusedClass()) !== 'replies-summary' && presses++ < 80) await page.keyboard.press('Tab');
    await expect(focusedClass()).resolves.toBe('replies-summary');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline, 'focus is visible').toBe('solid');
    await page.keyboard.press('Enter');
    await expect(page.locator('details.replies').first().getAttribute('open')).resolves.toBeNull();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Tab');
    await expect(focusedClass()).resolves.toBe('comment-reply-link');
    const author = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.author);
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('comment');
    await page.keyboard.type('Typed by keyboard');
    await page.keyboard.press('Escape');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toBe(`Reply to ${author}`);
    await expect(page.locator('#comment').inputValue()).resolves.toBe('Typed by keyboard');
    await context.close();
  });

  it('opens collapsed sub-threads around a #comment link', async () => {
    const { context, page } = await openPage(shared.browser);
    await page.goto(postUrl());
    const marcus = commentBy(page, 'Marcus Oyelaran');
    await marcus.locator('> details > summary').click();
    const ines = commentBy(page, 'Inês Duarte');
    const id = await ines.getAttribute('id');
    await expect(ines.isVisible()).resolves.toBe(false);
    await page.goto(`${postUrl()}#${id}`);
    await expect(ines.isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('prints the whole thread, collapsed sub-threads included', async () => {
    const { context, page } = await openPage(shared.browser);
    await page.goto(postUrl());
    const marcus = commentBy(page, 'Marcus Oyelaran');
    await marcus.locator('> details > summary').click();
    await page.emulateMedia({ media: 'print' });
    await expect(marcus.locator('> details > ol > li').first().isVisible()).resolves.toBe(true);
    await expect(page.locator('#respond').isVisible()).resolves.toBe(false);
    await expect(page.locator('aside.sidebar').isVisible()).resolves.toBe(false);
    await context.close();
  });
});

describe('writing, with JavaScript', () => {
  it('posts a top-level comment and lands on it', async () => {
    const { context, page } = await openPage(shared.browser);
    const before = await countComments();
    await page.goto(postUrl());
    await page.fill('#comment', 'A browser says hello.');
    await fillIdentity(page, 'Bea Browser');
    await page.click('#commentform button[type=submit]');
    await page.waitForURL(/#comment-\d+$/);
    const id = new URL(page.url()).hash.slice(1);
    await expect(page.locator(`#${id} .comment-content`).textContent()).resolves.toContain('A browser says hello.');
    await expect(page.locator('#comments-title').textContent()).resolves.toMatch(new RegExp(`^${before + 1} responses`));
    await context.close();
  });

  it('opens the form under a nested comment, keeps the text through cancel and reopen, and posts the reply there', async () => {
    const { context, page } = await openPage(shared.browser);
    await page.goto(postUrl());
    const ines = commentBy(page, 'Inês Duarte');
    await ines.locator('> article .comment-reply-link').click();
    await expect(page.locator('#reply-title').textContent()).resolves.toContain('Replying to Inês Duarte');
    await expect(ines.locator('> #respond').count()).resolves.toBe(1);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('comment');
    await page.fill('#comment', 'Half-written thought');
    await page.click('#cancel-reply');
    await expect(page.locator('#parent_id').inputValue()).resolves.toBe('');
    await expect(ines.locator('> #respond').count()).resolves.toBe(0);
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toBe('Reply to Inês Duarte');
    await ines.locator('> article .comment-reply-link').click();
    await expect(page.locator('#comment').inputValue()).resolves.toBe('Half-written thought');
    await page.fill('#comment', 'Half-written thought, now finished.');
    await fillIdentity(page, 'Nested Nell');
    await page.click('#commentform button[type=submit]');
    await page.waitForURL(/#comment-\d+$/);
    const id = new URL(page.url()).hash.slice(1);
    const reply = page.locator(`#${id}`);
    await expect(reply.locator('> article').getAttribute('aria-label')).resolves.toBe('Reply by Nested Nell to Inês Duarte, level 5');
    await expect(reply.isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('keeps the text and marks the field when the form is refused', async () => {
    const { context, page } = await openPage(shared.browser);
    await page.goto(postUrl());
    await page.fill('#comment', 'Text that must survive.');
    await page.fill('#author_name', 'No Email');
    // The browser's own check would stop an empty required field; the server's check is what is tested.
    await page.evaluate(() => document.getElementById('commentform')?.setAttribute('novalidate', ''));
    await page.click('#commentform button[type=submit]');
    await page.waitForLoadState();
    await expect(page.locator('.form-alert[role=alert]').first().isVisible()).resolves.toBe(true);
    await expect(page.locator('#comment').inputValue()).resolves.toBe('Text that must survive.');
    await expect(page.locator('#author_email').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#author_email-error').isVisible()).resolves.toBe(true);
    await context.close();
  });
});

describe('writing, without JavaScript', () => {
  it('replies to a nested comment through ?replytocom and lands on the reply', async () => {
    const { context, page } = await openPage(shared.browser, { javaScriptEnabled: false });
    await page.goto(postUrl());
    const derek = commentBy(page, 'Marcus Oyelaran')
      .locator('li.comment', { has: page.locator('> article b.fn', { hasText: 'Derek Hale' }) })
      .first();
    await derek.locator('> article .comment-reply-link').click();
    await page.waitForURL(/replytocom=\d+#respond$/);
    await expect(page.locator('#reply-title').textContent()).resolves.toContain('Replying to Derek Hale');
    await page.fill('#comment', 'Typed with JavaScript off.');
    await fillIdentity(page, 'Plain Pat');
    await page.click('#commentform button[type=submit]');
    await page.waitForURL(/#comment-\d+$/);
    const id = new URL(page.url()).hash.slice(1);
    await expect(page.locator(`#${id} > article`).getAttribute('aria-label')).resolves.toBe('Reply by Plain Pat to Derek Hale, level 3');
    await context.close();
  });

  it('collapses a sub-thread with no script at all', async () => {
    const { context, page } = await openPage(shared.browser, { javaScriptEnabled: false });
    await page.goto(postUrl());
    const marcus = commentBy(page, 'Marcus Oyelaran');
    await marcus.locator('> details > summary').click();
    await expect(marcus.locator('> details > ol').isVisible()).resolves.toBe(false);
    await context.close();
  });
});
