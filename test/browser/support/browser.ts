import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { bumpAllThreadVersions } from '../../../server/post/post.repository.js';
import { DEMO_POST } from '../../../server/seed/demo-content.js';
import { DEBATE_SETTINGS_KEY } from '../../../server/settings/debate-settings.js';
import { saveSettingJson } from '../../../server/settings/settings.repository.js';
import { seedDemoIfEmpty } from '../../../server/seed/seed.service.js';
import { createTestApp, type TestContext } from '../../support/app.js';

/** Debian's Chromium; CI installs it (apt-get install chromium). No browser is ever downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
/** Flags that keep a headless Chromium quiet on a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const SCREENSHOT_DIR = path.resolve('test-output/screenshots');
export const DEMO_SLUG = DEMO_POST.slug;

export interface BrowserServer {
  t: TestContext;
  baseUrl: string;
  close: () => Promise<void>;
}

/**
 * The real app on a temp database with the demo debate, listening on a free port. Its clock is the
 * real one: the browser judges cookie expiry by the wall clock.
 */
export async function startServer(overrides: Record<string, string> = {}): Promise<BrowserServer> {
  const t = await createTestApp(overrides, { clock: () => new Date() });
  await seedDemoIfEmpty(t.db, new Date());
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('The server has no port');
  return { t, baseUrl: `http://127.0.0.1:${address.port}`, close: () => t.close() };
}

/** The server and browser a test file shares: started before its tests, stopped after them. */
export function useBrowserServer(overrides: Record<string, string> = {}): { readonly server: BrowserServer; readonly browser: Browser } {
  const shared = {} as { server: BrowserServer; browser: Browser };
  beforeAll(async () => {
    [shared.server, shared.browser] = await Promise.all([startServer(overrides), launchBrowser()]);
  });
  afterAll(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}

/**
 * Turns the stance prompt off (badges stay on) and drops the cached pages that offered it: for tests about posting,
 * where the prompt would stop the first submit. The prompt has its own tests (stance-prompt.test.ts).
 */
export async function turnStancePromptOff(server: BrowserServer): Promise<void> {
  await saveSettingJson(server.t.db, DEBATE_SETTINGS_KEY, JSON.stringify({ showSideBadges: true, stancePrompt: false }), new Date().toISOString());
  await bumpAllThreadVersions(server.t.db);
}

/** Headless Debian Chromium. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A fresh context (own cookies) and page; pass javaScriptEnabled: false to read as a no-JS reader. */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  return { context, page };
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core in the page and returns its serious and critical violations. The source goes in through
 * evaluate(), which the page's CSP (script-src 'self') does not govern, unlike an injected <script>.
 */
export async function auditPage(page: Page): Promise<AxeViolation[]> {
  axeSource ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A readable list of violations for an assertion message. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} at ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(', ')}`,
    )
    .join('\n');
}

/** Writes a full-page screenshot into test-output/screenshots/NAME.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
