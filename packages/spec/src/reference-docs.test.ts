import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle, pathOperations, webhookOperations, type Operation } from './test-support/openapi.js';
import { referenceHtmlPath } from './test-support/paths.js';

const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const doc = loadBundle();
const operations = pathOperations(doc);
const webhooks = webhookOperations(doc);

/** What the reference shows as an operation's title. */
function displayName(operation: Operation): string | undefined {
  const summary = operation.op['summary'];
  return typeof summary === 'string' ? summary.trim() : undefined;
}

/**
 * Waits until a visible h1–h6 has `text` as its own text (its text nodes, not those of badges or
 * anchors inside it): equal to it, or starting with it. Resolves false on timeout.
 */
async function waitForHeading(page: Page, text: string, mode: 'exact' | 'prefix', timeout: number): Promise<boolean> {
  try {
    await page.waitForFunction(
      ({ text, mode }) =>
        [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].some((heading) => {
          const own = [...heading.childNodes]
            .filter((node) => node.nodeType === Node.TEXT_NODE)
            .map((node) => node.textContent ?? '')
            .join('')
            .replace(/\s+/g, ' ')
            .trim();
          const matches = mode === 'exact' ? own === text : own.startsWith(text);
          const box = heading.getBoundingClientRect();
          return matches && box.width > 0 && box.height > 0 && heading.checkVisibility({ visibilityProperty: true, opacityProperty: true });
        }),
      { text, mode },
      { timeout, polling: 200 },
    );
    return true;
  } catch {
    return false;
  }
}

/** Serves dist/reference.html (and nothing else) on a free 127.0.0.1 port. */
async function serveReference(): Promise<{ server: Server; url: string }> {
  const html = await readFile(referenceHtmlPath);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/' || path === `/${basename(referenceHtmlPath)}`) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': html.length });
      res.end(html);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/` };
}

describe('the HTML reference renders every operation and webhook', () => {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let page: Page | undefined;
  let pageUrl: string | undefined;
  const blocked: string[] = [];
  const pageErrors: string[] = [];

  // A setup failure (no Chromium, say) is kept and thrown by every test, so that each one fails
  // with the reason instead of being reported as skipped.
  let setupError: Error | undefined;
  const ready = (): { page: Page; pageUrl: string } => {
    if (setupError) throw setupError;
    if (!page || !pageUrl) throw new Error('the reference page was not loaded');
    return { page, pageUrl };
  };

  beforeAll(async () => {
    try {
      await setUp();
    } catch (error) {
      setupError = error as Error;
    }
  }, 120_000);

  async function setUp(): Promise<void> {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM_PATH}. Install Debian's Chromium with \`apt-get update && apt-get install -y chromium\` ` +
          '(as root), or point CHROMIUM_PATH at a Chromium/Chrome binary.',
      );
    }
    const served = await serveReference();
    server = served.server;
    const origin = new URL(served.url).origin;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1400, height: 1400 } });
    // Offline: only the local server (and inline data) may be reached.
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) await route.continue();
      else {
        blocked.push(url);
        await route.abort('blockedbyclient');
      }
    });
    page = await context.newPage();
    // Fail an action (click, waitFor) with Playwright's explanation instead of hitting the test timeout.
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    pageUrl = served.url;
    await page.goto(served.url, { waitUntil: 'load', timeout: 60_000 });
  }

  afterAll(async () => {
    await browser?.close();
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  });

  const pageErrorNote = (): string => (pageErrors.length ? `\npage errors:\n  ${pageErrors.join('\n  ')}` : '');

  /**
   * Finds an operation as a reader would: its summary in the navigation menu (opening the menu
   * group of its tag, or of Webhooks, when needed), then, after clicking it, as a visible heading.
   * The reference renders sections lazily, so a summary is only in the page once navigated to.
   * Returns a problem, or undefined when the operation was found.
   */
  async function findRendered(operation: Operation, name: string, reload: boolean): Promise<string | undefined> {
    const { page, pageUrl } = ready();
    if (reload) await page.goto(pageUrl, { waitUntil: 'load', timeout: 60_000 });
    // The first try, on the page as it is, gives up quickly; the try after a reload waits longer.
    const wait = reload ? 5_000 : 2_000;
    const menus = page.locator('[data-component-name="Menu/Menu"]');
    const menu = (await menus.count()) > 0 ? menus.first() : page.locator('body');
    const entry = menu.getByText(name, { exact: true }).first();
    const tags = operation.op['tags'];
    const groups = [...(Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [])];
    if (operation.kind === 'webhook') groups.push('Webhooks');
    for (const group of groups) {
      if (await entry.isVisible()) break;
      const label = menu.getByText(group, { exact: true }).first();
      if (!(await label.isVisible())) continue;
      await label.click({ timeout: wait }).catch(() => label.dispatchEvent('click', undefined, { timeout: wait }));
      await entry.waitFor({ state: 'visible', timeout: wait }).catch(() => undefined);
    }
    if (!(await entry.isVisible())) {
      return `"${name}" does not appear in the navigation menu (opened groups: ${groups.join(', ') || 'none'})`;
    }
    try {
      await entry.click({ timeout: wait });
    } catch {
      // A sticky group label of the scrolled menu can sit over the entry: deliver the click directly.
      try {
        await entry.dispatchEvent('click', undefined, { timeout: wait });
      } catch (error) {
        return `could not click "${name}" in the menu: ${(error as Error).message.split('\n')[0]}`;
      }
    }
    if (!(await waitForHeading(page, name, 'exact', 2 * wait))) {
      const anyText = await page.getByText(name, { exact: true }).filter({ visible: true }).count();
      return `"${name}" is in the menu, but after clicking it no visible heading shows it (${anyText} visible element(s) with that text)`;
    }
    if (operation.kind === 'webhook') {
      // The event name itself (e.g. payment_intent.created) is shown with the webhook.
      const eventName = page.getByText(operation.path, { exact: true }).filter({ visible: true }).first();
      const shown = await eventName.waitFor({ state: 'visible', timeout: wait }).then(() => true, () => false);
      if (!shown) return `webhook "${name}" is rendered, but its event name ${operation.path} is not visible`;
    }
    return undefined;
  }

  /** Tries on the page as the previous test left it, then once more on a freshly loaded page. */
  async function expectRendered(operation: Operation, name: string): Promise<void> {
    if ((await findRendered(operation, name, false)) === undefined) return;
    // The menu opens and closes groups as the reader moves: start again from a clean page.
    const problem = await findRendered(operation, name, true);
    if (problem) assert.fail(`${problem}${pageErrorNote()}`);
  }

  it('renders the title of the API', async () => {
    const { page } = ready();
    const info = doc['info'];
    const title = info && typeof info === 'object' && !Array.isArray(info) ? info['title'] : undefined;
    if (typeof title !== 'string') assert.fail('info.title is missing');
    if (!(await waitForHeading(page, title, 'prefix', 20_000))) {
      assert.fail(`no visible heading starts with the API title "${title}"${pageErrorNote()}`);
    }
  });

  it.each(operations.map((o) => [o.label, o] as const))('operation %s: its summary is visible', async (label, operation) => {
    const name = displayName(operation);
    if (!name) assert.fail(`${label} has no summary`);
    await expectRendered(operation, name);
  });

  it('has three webhooks to look for', () => {
    expect(webhooks).toHaveLength(3);
  });

  it.each(webhooks.map((w) => [w.path, w] as const))('webhook %s is visible', async (name, webhook) => {
    await expectRendered(webhook, displayName(webhook) ?? name);
  });

  it('loads without uncaught page errors', () => {
    ready();
    // Requests to other hosts were blocked (the page must work offline); list them to explain errors.
    const note = blocked.length ? `blocked requests: ${[...new Set(blocked)].join(', ')}` : 'no request was blocked';
    expect(pageErrors, note).toEqual([]);
  });
});
