import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { listApprovedCommentsForPost } from '../../server/comment/comment.repository.js';
import { castVote } from '../../server/debate/vote.service.js';
import { findPublishedPostBySlug } from '../../server/post/post.repository.js';
import { currentLabelsByTarget } from '../../server/stance/label-precedence.js';
import { listLabelsForPost } from '../../server/stance/stance.repository.js';
import { auditPage, DEMO_SLUG, describeViolations, openPage, saveScreenshot, useBrowserServer } from './support/browser.js';

const shared = useBrowserServer();
const postUrl = (query = '') => `${shared.server.baseUrl}/posts/${DEMO_SLUG}${query}`;

/** Four readers for and four against vote on the demo: each side likes its own, doubts the other's, and both like the neutral ones. */
beforeAll(async () => {
  const { db } = shared.server.t;
  const post = (await findPublishedPostBySlug(db, DEMO_SLUG))!;
  const [comments, labels] = await Promise.all([listApprovedCommentsForPost(db, post.id), listLabelsForPost(db, post.id)]);
  const current = currentLabelsByTarget(labels).comments;
  // Two hours ago: long enough that these readers are neither new voters nor a burst.
  const now = new Date(Date.now() - 2 * 3600_000);
  for (const side of ['pro', 'against'] as const) {
    for (let i = 0; i < 4; i++) {
      for (const c of comments) {
        const label = current.get(c.id)?.label;
        if (!label || (i > 1 && c.id % 3 === 0)) continue;
        const value = label === side || label === 'neutral' ? 'good' : 'unconvinced';
        const voter = { kind: 'visitor' as const, visitorHash: `demo-${side}-${i}` };
        await castVote(db, { commentId: c.id, postId: post.id, voter, ipHash: `demo-ip-${side}-${i}`, value }, now);
      }
    }
  }
});

const firstVotes = (page: Page) => page.locator('li.comment .comment-votes').first();
const count = async (page: Page, which: 'good' | 'unconvinced') => Number(await firstVotes(page).locator(`.vote-${which} .vote-count`).textContent());

describe('the debate on the post page', () => {
  it('votes without a reload with JavaScript, and the count holds on the next load', async () => {
    const { context, page } = await openPage(shared.browser);
    await page.goto(postUrl());
    const before = await count(page, 'good');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await firstVotes(page).locator('.vote-good').click();
    await page.waitForFunction(() => document.querySelector('.comment-votes .vote-status')?.textContent === 'Vote recorded.');
    await expect(count(page, 'good')).resolves.toBe(before + 1);
    await expect(firstVotes(page).locator('.vote-good').getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(page.evaluate(() => (window as unknown as { marker?: number }).marker)).resolves.toBe(1);
    await page.reload();
    await expect(count(page, 'good')).resolves.toBe(before + 1);
    await context.close();
  });

  it('votes without JavaScript through the small form, landing back on the comment', async () => {
    const { context, page } = await openPage(shared.browser, { javaScriptEnabled: false });
    await page.goto(postUrl());
    const before = await count(page, 'unconvinced');
    const id = await page.locator('li.comment').first().getAttribute('id');
    await firstVotes(page).locator('.vote-unconvinced').click();
    await page.waitForURL(new RegExp(`#${id}$`));
    await expect(count(page, 'unconvinced')).resolves.toBe(before + 1);
    await context.close();
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`sorts and filters by plain links ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
      const { context, page } = await openPage(shared.browser, { javaScriptEnabled });
      await page.goto(postUrl());
      const oldest = await page.locator('ol.comment-list > li.comment').first().getAttribute('id');
      await page.locator('.thread-arrange a', { hasText: 'Newest' }).click();
      await page.waitForURL(/sort=newest/);
      expect(await page.locator('ol.comment-list > li.comment').first().getAttribute('id')).not.toBe(oldest);
      await page.locator('.thread-arrange a', { hasText: 'Against' }).click();
      await page.waitForURL(/sort=newest&side=against/);
      const badges = await page.locator('article.comment-body:not(.is-context) > .comment-meta .side-badge').allTextContents();
      expect(badges.length).toBeGreaterThan(0);
      expect(new Set(badges.map((b) => b.split(' (')[0]))).toEqual(new Set(['Against']));
      await page.locator('.thread-arrange a', { hasText: 'Common ground' }).click();
      await page.waitForURL(/sort=common&side=against/);
      await context.close();
    });
  }

  it('shows the Sides view in two columns on a wide screen and one under the other at 360 px, each linking to its place', async () => {
    const { context, page } = await openPage(shared.browser, { viewport: { width: 360, height: 800 } });
    await page.goto(postUrl());
    await page.locator('.thread-arrange a', { hasText: 'Sides, face to face' }).click();
    await page.waitForURL(/view=sides/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
    const [pro, against] = await Promise.all([page.locator('.side-column-pro').boundingBox(), page.locator('.side-column-against').boundingBox()]);
    expect(against!.y).toBeGreaterThan(pro!.y + pro!.height - 1);
    await page.setViewportSize({ width: 1280, height: 900 });
    const [wideFor, wideAgainst] = await Promise.all([page.locator('.side-column-pro').boundingBox(), page.locator('.side-column-against').boundingBox()]);
    expect(wideAgainst!.y).toBe(wideFor!.y);
    const first = page.locator('.side-column-against .sides-link a').first();
    await first.click();
    await page.waitForURL(/#comment-\d+$/);
    const anchor = new URL(page.url()).hash.slice(1);
    await expect(page.locator(`#${anchor}`).isVisible()).resolves.toBe(true);
    await expect(page.locator('aside .common-ground li').count()).resolves.toBeGreaterThan(0);
    await context.close();
  });

  it('has no serious accessibility violations on the sorted page and the Sides view', async () => {
    const { context, page } = await openPage(shared.browser);
    for (const query of ['?sort=common&side=pro', '?view=sides']) {
      await page.goto(postUrl(query));
      const violations = await auditPage(page);
      expect(violations, describeViolations(violations)).toEqual([]);
    }
    await context.close();
  });

  const shots: [string, string, number, 'light' | 'dark'][] = [];
  for (const [name, query] of [
    ['debate-common', '?sort=common'],
    ['debate-sides', '?view=sides'],
  ] as const) {
    for (const [width, device] of [
      [1280, 'desktop'],
      [390, 'phone'],
    ] as const) {
      for (const scheme of ['light', 'dark'] as const) shots.push([`${name}-${device}-${scheme}`, query, width, scheme]);
    }
  }
  it.each(shots)('screenshot %s', async (name, query, width, colorScheme) => {
    const { context, page } = await openPage(shared.browser, { viewport: { width, height: 900 }, colorScheme });
    await page.goto(postUrl(query));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
    await saveScreenshot(page, name);
    await context.close();
  });
});
