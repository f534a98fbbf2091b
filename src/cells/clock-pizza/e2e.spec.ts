import { expect, test } from '@playwright/test';
import { cell, waitForResults, watchErrors } from '../../../e2e/util';

const TINY = 'clock-pizza.p=17&clock-pizza.d_model=32&clock-pizza.lr=0.005&clock-pizza.alpha=0&clock-pizza.steps=500';

test('clock-pizza: a tiny pizza on WebGPU streams every figure and reaches 100% test accuracy', async ({ page }) => {
  test.setTimeout(660_000);
  const errors = watchErrors(page);
  await page.goto(`./?${TINY}&backend=webgpu`);
  const c = cell(page, 'clock-pizza');
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  const r = await waitForResults(page, (x) => (x.testAcc ?? 0) >= 0.999 && x.gradSymmetricity !== null, 600_000, 'clock-pizza');
  expect(r.backend).toBe('webgpu');
  expect(r.alpha).toBe(0);
  for (const k of ['gradSymmetricity', 'distanceIrrelevance', 'circularity'] as const) {
    expect(typeof r[k]).toBe('number');
    expect(Number.isFinite(r[k] as number)).toBe(true);
  }
  expect((r.keyFrequencies as number[]).length).toBeGreaterThan(0);
  test.info().annotations.push({ type: 'result', description: JSON.stringify(r) });
  await expect.poll(() => c.locator('nb-plot .main-svg').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(6);
  await c.getByRole('button', { name: 'Pin this run' }).click();
  await expect(c.locator('.nb-pins tbody tr')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('clock-pizza: presets set α, the train fraction and weight decay, and land in the URL', async ({ page }) => {
  await page.goto('./');
  const c = cell(page, 'clock-pizza');
  await c.getByRole('button', { name: 'Pizza (α = 0)' }).click();
  await expect.poll(() => page.url()).toContain('clock-pizza.alpha=0');
  await c.getByRole('button', { name: 'Grokking' }).click();
  await expect.poll(() => page.url()).toContain('clock-pizza.frac=0.5');
  expect(page.url()).toContain('clock-pizza.wd=1');
  expect(page.url()).not.toContain('clock-pizza.alpha=');
});

test('clock-pizza: the cell sits beside both excerpts, and each excerpt’s button trains its algorithm', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('./?clock-pizza.p=17&clock-pizza.d_model=32&clock-pizza.steps=200&backend=wasm');
  const c = cell(page, 'clock-pizza');
  const clock = page.locator('#clock');
  const pizza = page.locator('#pizza');
  // One cell, to the right of both excerpts and overlapping both vertically.
  const [cb, kb, zb] = await Promise.all([c.boundingBox(), clock.boundingBox(), pizza.boundingBox()]);
  expect(cb && kb && zb).toBeTruthy();
  expect(cb!.x).toBeGreaterThan(kb!.x + kb!.width - 1);
  expect(cb!.y).toBeLessThanOrEqual(kb!.y + 1);
  expect(cb!.y + cb!.height).toBeGreaterThan(zb!.y + zb!.height);
  await expect(page.locator('[data-experiment="clock-pizza"]')).toHaveCount(1);

  await pizza.getByRole('button', { name: /Train the pizza/ }).click();
  await expect.poll(() => page.url()).toContain('clock-pizza.alpha=0');
  await expect(c).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await clock.getByRole('button', { name: /Train the clock/ }).click();
  await expect.poll(() => page.url()).not.toContain('clock-pizza.alpha=');
  await expect(c).toHaveAttribute('data-status', 'running'); // the finished pizza run restarts as a clock
  await expect(c).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
});
