/**
 * Offline after one visit (public/sw.js, issue 19): the page, the cells' bundles, tfjs's WASM and the
 * data a cell downloaded are kept by the service worker; with the network gone, a reload still trains.
 * A copy in the cache that is cut off is refused with the usual message, removed, and fetched anew.
 * The other specs block service workers (playwright.config.ts); these allow them.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { cell, staticServer, waitForResults, watchErrors } from './util';

test.use({ serviceWorkers: 'allow' });

const TINY =
  'grokking.p=23&grokking.width=128&grokking.steps=40&label-noise.cleanSize=10000&label-noise.alpha=1&label-noise.batch=64&label-noise.steps=10&backend=wasm';

const warmState = (page: Page, id: string) => page.evaluate((i) => (document.querySelector(`[data-experiment="${i}"]`) as unknown as { warmState: string | null }).warmState, id);

/** Whether the offline cache holds a complete copy of `path` (relative to the site). */
const cached = (page: Page, path: string) =>
  page.evaluate(async (p) => {
    const url = new URL(p, document.baseURI).href;
    for (const name of await caches.keys()) if (await (await caches.open(name)).match(url)) return true;
    return false;
  }, path);

/** The first visit: the worker takes control, then the reader scrolls to each cell and it gets ready. */
async function visit(page: Page, ids: string[], base = './'): Promise<void> {
  await page.goto(`${base}?${TINY}`);
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 60_000 });
  for (const id of ids) {
    await cell(page, id).scrollIntoViewIfNeeded();
    await expect.poll(() => warmState(page, id), { timeout: 120_000 }).toBe('ready');
  }
}

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/** The build served from a copy of dist/ by a server the test can stop (or change: a new build). */
async function site() {
  const root = mkdtempSync(join(tmpdir(), 'nb-dist-'));
  cpSync(resolve('dist'), root, { recursive: true });
  const { server, url } = await staticServer(root, ISOLATION);
  const stop = () => {
    server.close();
    server.closeAllConnections();
  };
  return { root, url, stop, remove: () => (stop(), rmSync(root, { recursive: true, force: true })) };
}

test('offline after one visit: reload without a network, train grokking and label-noise, charts drawn', async ({ page, context }) => {
  test.setTimeout(300_000);
  const s = await site();
  try {
    await visit(page, ['grokking', 'label-noise'], s.url);
    await expect.poll(() => cached(page, 'data/mnist/test.bin.gz'), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => cached(page, 'index.html'), { timeout: 60_000 }).toBe(true);

    // No network: the server is gone, and the browser is told so too.
    s.stop();
    await context.setOffline(true);
    const errors = watchErrors(page);
    await page.reload();
    await expect(page.locator('nb-essay')).toContainText('Shoggoth');
    for (const id of ['grokking', 'label-noise']) {
      const c = cell(page, id);
      await c.scrollIntoViewIfNeeded();
      await c.getByRole('button', { name: 'Train', exact: true }).click();
      const r = await waitForResults(page, (x) => x.status === 'done', 180_000, id);
      expect(r.step).toBe(id === 'grokking' ? 40 : 10);
      expect(r.backend).toBe('wasm');
      await expect.poll(() => c.locator('nb-plot .main-svg').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    }
    // The cell says where its digits came from.
    await expect(cell(page, 'label-noise').locator('.nb-messages')).toContainText("from this browser's offline copy");
    expect(errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED/.test(e))).toEqual([]);
  } finally {
    s.remove();
  }
});

test('a cut-off copy in the offline cache is refused with the usual message, removed, and the next Train downloads it', async ({ page }) => {
  test.setTimeout(300_000);
  await visit(page, ['label-noise']);
  await expect.poll(() => cached(page, 'data/mnist/test.bin.gz'), { timeout: 30_000 }).toBe(true);
  // Cut the kept test digits in half, as a browser killed mid-write might leave them.
  await page.evaluate(async () => {
    const url = new URL('data/mnist/test.bin.gz', document.baseURI).href;
    for (const name of await caches.keys()) {
      const c = await caches.open(name);
      const hit = await c.match(url);
      if (!hit) continue;
      const bytes = new Uint8Array(await hit.arrayBuffer());
      await c.put(url, new Response(bytes.slice(0, bytes.length >> 1), { headers: hit.headers }));
    }
  });
  await page.reload();
  const c = cell(page, 'label-noise');
  await c.scrollIntoViewIfNeeded();
  // The warm-up meets the bad copy: the usual message (the copy is kept as received: decompressed
  // where the server sent it gzip-encoded, as vite preview does), and that the copy is gone.
  const usual = /test\.bin\.gz: (not valid gzip \(corrupt or truncated\)|\d+ bytes after decompression, the manifest says \d+)/;
  await expect(c.locator('.nb-msg-error')).toContainText(new RegExp(`${usual.source}; this was the copy saved for offline use, now removed`), {
    timeout: 120_000,
  });
  await expect(c).toHaveAttribute('data-status', 'idle');
  await expect(cell(page, 'grokking').getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  const r = await waitForResults(page, (x) => x.status === 'done', 180_000, 'label-noise');
  expect(r.step).toBe(10);
  await expect(c.locator('.nb-msg-error')).toHaveCount(0);
  await expect.poll(() => cached(page, 'data/mnist/test.bin.gz'), { timeout: 30_000 }).toBe(true);
});

test('a new build replaces the old cache, copying over the bundles it already holds', async ({ page }) => {
  test.setTimeout(180_000);
  // The build served from a copy, so that "a new build" can be made by changing the copy.
  const { root, url, remove } = await site();
  try {
    await page.goto(url);
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 60_000 });
    const names = () => page.evaluate(() => caches.keys());
    // Every bundle copied (index.html is the last of the list).
    await expect.poll(() => cached(page, 'index.html'), { timeout: 60_000 }).toBe(true);
    const [first] = await names();
    expect(first).toMatch(/^notebook-[0-9a-f]{16}@\/$/);
    const assets = () =>
      page.evaluate(async () => {
        const out: string[] = [];
        for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) if (r.url.includes('/assets/')) out.push(new URL(r.url).pathname);
        return out.sort();
      });
    const held = await assets();
    expect(held.some((p) => p.endsWith('.wasm'))).toBe(true);
    // The new build: a new version in sw.js, and its bundles gone from the server, so that the new
    // cache can only have them by copying them from the old one.
    const sw = join(root, 'sw.js');
    writeFileSync(sw, readFileSync(sw, 'utf8').replace(/"version":"[0-9a-f]+"/, '"version":"0000000000000002"'));
    rmSync(join(root, 'assets'), { recursive: true });
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await expect.poll(names, { timeout: 60_000 }).toEqual(['notebook-0000000000000002@/']);
    expect(await assets()).toEqual(held);
  } finally {
    remove();
  }
});
