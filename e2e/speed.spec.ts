import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { cell, results, staticServer, waitForResults, watchErrors } from './util';

const TINY = 'grokking.p=23&grokking.width=64';

test('the production build trains on multi-threaded SIMD WASM (cross-origin isolated)', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`./?${TINY}&grokking.steps=600&backend=wasm`);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await cell(page).getByRole('button', { name: 'Train', exact: true }).click();
  const r = await waitForResults(page, (x) => (x.testAcc ?? 0) >= 0.99);
  expect(r.backend).toBe('wasm');
  const threads = Number(/^(\d+) threads?, SIMD/.exec(String(r.backendDetail))?.[1]);
  expect(threads).toBeGreaterThanOrEqual(2);
  await expect(cell(page).locator('.nb-backend')).toContainText(`${threads} threads, SIMD`);
  expect(errors).toEqual([]);
});

test('the worker\'s live tensor count stays flat over a run (evaluations, analyses and checkpoints included)', async ({ page }) => {
  await page.goto(`./?${TINY}&grokking.steps=1500&backend=wasm`);
  await cell(page).getByRole('button', { name: 'Train', exact: true }).click();
  const early = await waitForResults(page, (x) => x.step >= 300 && x.workerTensors !== null);
  const done = await waitForResults(page, (x) => x.status === 'done');
  expect(done.step).toBe(1500);
  expect(done.workerTensors).toBe(early.workerTensors);
});

test('auto probes the backends once, picks the fastest, says so, and remembers it', async ({ page }) => {
  const errors = watchErrors(page);
  // A leftover from another version of the page must not confuse it.
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('nb.backendProbe.v1', '{"pick":"quantum"');
      sessionStorage.setItem('seeded', '1');
    }
  });
  await page.goto(`./?${TINY}&grokking.steps=20`);
  const c = cell(page);
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  const first = await waitForResults(page, (x) => x.status === 'done');
  const note = c.locator('.nb-msg-note').filter({ hasText: 'auto:' });
  await expect(note).toContainText(`auto: ${first.backend} was the fastest in a probe`);
  // Each backend timed has a time; the pick's is the smallest. Here WebGPU and WebGL are SwiftShader,
  // software: passed over untimed, with a note each (timing them took ~10 s of a first visit).
  const probe = await page.evaluate(() => JSON.parse(localStorage.getItem('nb.backendProbe.v1') ?? 'null'));
  expect(probe.pick).toBe(first.backend);
  const times = Object.values(probe.ms as Record<string, number>);
  expect(probe.ms[probe.pick]).toBe(Math.min(...times));
  expect(Object.keys(probe.ms)).toEqual(['wasm']);
  expect(first.backend).toBe('wasm');
  await expect(c.locator('.nb-msg-note').filter({ hasText: 'software' })).toHaveCount(2);

  // Next run (and next page load): no new probe, the remembered pick, said as such.
  await page.reload();
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(c.locator('.nb-msg-progress')).toHaveCount(0);
  const second = await waitForResults(page, (x) => x.status === 'done');
  expect(second.backend).toBe(first.backend);
  await expect(note).toContainText(/probe of \d{4}-\d\d-\d\d/);

  // A backend chosen by name is used as it is.
  await page.goto(`./?${TINY}&grokking.steps=20&backend=webgl`);
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  const forced = await waitForResults(page, (x) => x.status === 'done');
  expect(forced.backend).toBe('webgl');
  await expect(note).toHaveCount(0);
  expect(errors).toEqual([]);
});

test.describe('with the service worker', () => {
  test.use({ serviceWorkers: 'allow' });

  test('on a static host without headers, the service worker makes the page isolated and WASM threaded', async ({ page }) => {
  const { server, url } = await staticServer(resolve('dist'));
  try {
    const errors = watchErrors(page);
    const plain = await page.request.get(url);
    expect(plain.headers()['cross-origin-embedder-policy']).toBeUndefined();
    await page.goto(`${url}?${TINY}&grokking.steps=600&backend=wasm`);
    // The first load registers the worker and reloads once; then the page is isolated.
    // (An evaluation that lands during that reload fails: it counts as "not yet".)
    await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false), { timeout: 30_000 }).toBe(true);
    await page.waitForLoadState('load');
    await cell(page).getByRole('button', { name: 'Train', exact: true }).click();
    const r = await waitForResults(page, (x) => (x.testAcc ?? 0) >= 0.99);
    expect(String(r.backendDetail)).toMatch(/^[2-9]\d* threads, SIMD/);
    expect((await results(page)).backend).toBe('wasm');
    expect(errors).toEqual([]);
  } finally {
    server.close();
  }
});
});
