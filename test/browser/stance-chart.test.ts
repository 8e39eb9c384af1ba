// The stance chart in a real browser at three spans (an afternoon, three weeks, the demo's 2009 thread
// with today's comments), on a phone and a desktop, light and dark; and the remark paste tool reached
// by following links only.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, TEST_PASSWORD, type TestUser } from '../support/auth.js';
import { createComment, createPost } from '../support/factories.js';
import { DEMO_SLUG, openPage, saveScreenshot, useBrowserServer } from './support/browser.js';

const shared = useBrowserServer();
const spans: Record<string, number> = {};
let author: TestUser;

/** A post of the author's with labelled comments at the given times. */
async function postWithComments(title: string, times: string[]) {
  const db = shared.server.t.db;
  const post = await createPost(db, { title });
  await db.updateTable('posts').set({ author_id: author.id }).where('id', '=', post.id).execute();
  await addComments(post.id, times);
  return post.id;
}

async function addComments(postId: number, times: string[]) {
  const db = shared.server.t.db;
  const post = { id: postId };
  const sides = ['pro', 'against', 'neutral', 'pro'] as const;
  for (const [i, at] of times.entries()) {
    const id = await createComment(db, post.id, { name: `Reader ${i % 5}`, body: `Comment ${i}` });
    await db.updateTable('comments').set({ created_at: at }).where('id', '=', id).execute();
    await db
      .insertInto('stance_labels')
      .values({ comment_id: id, remark_id: null, label: sides[i % 4]!, source: 'auto', confidence: 0.7, cues: '[]', created_by: null, created_at: at })
      .execute();
  }
}

async function signIn(page: Page, user: TestUser) {
  await page.goto(`${shared.server.baseUrl}/login`);
  await page.fill('#email', user.email);
  await page.fill('#password', TEST_PASSWORD);
  await page.click('form.staff-form button[type=submit]');
  await page.waitForLoadState();
}

beforeAll(async () => {
  author = await createUser(shared.server.t.db, 'author');
  const hours = Array.from({ length: 9 }, (_, i) => `2026-11-20T${String(10 + i).padStart(2, '0')}:15:00.000Z`);
  const days = Array.from({ length: 12 }, (_, i) => `2026-11-${String(1 + ((i * 5) % 21)).padStart(2, '0')}T09:00:00.000Z`);
  spans.afternoon = await postWithComments('An afternoon of debate', hours);
  spans.weeks = await postWithComments('Three weeks of debate', days);
  const demo = await shared.server.t.db.selectFrom('posts').select('id').where('slug', '=', DEMO_SLUG).executeTakeFirstOrThrow();
  spans.demo = demo.id;
  // As the issue saw it: the demo's 2009 thread, and two comments from today.
  const today = new Date().toISOString().slice(0, 10);
  await addComments(demo.id, [`${today}T08:00:00.000Z`, `${today}T09:30:00.000Z`]);
});

describe('the stance chart', () => {
  const cases = (['afternoon', 'weeks', 'demo'] as const).flatMap((span) =>
    ([390, 1280] as const).flatMap((width) => (['light', 'dark'] as const).map((scheme) => [span, width, scheme] as const)),
  );
  it.each(cases)('%s at %i px, %s', async (span, width, colorScheme) => {
    const { context, page } = await openPage(shared.browser, { viewport: { width, height: 900 }, colorScheme });
    const admin = await createUser(shared.server.t.db, 'admin');
    await signIn(page, admin);
    await page.goto(`${shared.server.baseUrl}/staff/posts/${spans[span]}/stances`);
    const chart = page.locator('figure.stance-chart svg');
    await expect(chart.count()).resolves.toBe(1);
    const unit = { afternoon: 'hour', weeks: 'day', demo: 'day' }[span];
    await expect(page.locator('h2', { hasText: 'How the sides grew' }).textContent()).resolves.toContain(`per ${unit}`);
    expect(await chart.locator('rect.chart-bar').count()).toBeGreaterThan(2);
    if (span === 'demo') await expect(chart.locator('g.chart-break').count()).resolves.toBeGreaterThan(0);
    // Each side is visible: bars of all three colours, and in dark mode not the page's own background.
    const fills = await chart.locator('rect.chart-bar').evaluateAll((rects) => [...new Set(rects.map((r) => getComputedStyle(r).fill))]);
    expect(fills.length).toBe(3);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(fills).not.toContain(background);
    // The labels stay readable: at least 8 px tall on a phone.
    const smallest = await chart.locator('text').evaluateAll((texts) => Math.min(...texts.map((t) => t.getBoundingClientRect().height)));
    expect(smallest).toBeGreaterThanOrEqual(8);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
    await expect(page.locator('table.day-table tbody tr').count()).resolves.toBeGreaterThan(0);
    await saveScreenshot(page, `stance-chart-${span}-${width}-${colorScheme}`);
    await context.close();
  });
});

describe('the remark paste tool', () => {
  it('is reached by links from the dashboard, the editor, the post page and the moderation queue', async () => {
    const { context, page } = await openPage(shared.browser);
    await signIn(page, author);
    await page.click(`#post-${spans.weeks} a:has-text("Add remarks")`);
    await page.waitForLoadState();
    expect(new URL(page.url()).pathname).toBe(`/staff/posts/${spans.weeks}/remarks`);
    await page.goto(`${shared.server.baseUrl}/staff`);
    await page.click(`#post-${spans.weeks} td a >> nth=0`);
    await page.waitForLoadState();
    await page.click('.page-tools a:has-text("Add remarks from another group")');
    await page.waitForLoadState();
    expect(new URL(page.url()).pathname).toBe(`/staff/posts/${spans.weeks}/remarks`);
    await context.close();

    const moderator = await openPage(shared.browser);
    await signIn(moderator.page, await createUser(shared.server.t.db, 'moderator'));
    await moderator.page.goto(`${shared.server.baseUrl}/posts/${DEMO_SLUG}`);
    await moderator.page.click('.staff-tools a:has-text("Add remarks from another group")');
    await moderator.page.waitForLoadState();
    expect(new URL(moderator.page.url()).pathname).toBe(`/staff/posts/${spans.demo}/remarks`);
    await moderator.page.goto(`${shared.server.baseUrl}/staff/moderation?status=approved`);
    await moderator.page.click('.queue-item >> nth=0 >> a:has-text("Add remarks from another group")');
    await moderator.page.waitForLoadState();
    expect(new URL(moderator.page.url()).pathname).toMatch(/^\/staff\/comments\/\d+\/remarks$/);
    await moderator.context.close();
  });
});
