import { expect, test } from '@playwright/test';
import { cell, waitForResults, watchErrors } from '../../../e2e/util';

/** Two PPO updates (2 × 4,096 environment steps) at 20% random coins. */
const SHORT = 'coin-run.steps=8192&coin-run.randomPercent=20&coin-run.seed=1';

test('coin-run: a short run trains, tests on the fixed levels and draws every figure and the watched levels', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  await page.goto(`./?${SHORT}&backend=wasm`);
  const c = cell(page, 'coin-run');
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  const r = await waitForResults(page, (x) => x.status === 'done' && x.analysisStep === 2, 220_000, 'coin-run');
  test.info().annotations.push({ type: 'result', description: JSON.stringify({ ...r, evaluations: undefined }) });
  expect(r.step).toBe(2);
  expect(r.envSteps).toBe(8192);
  expect(r.randomPercent).toBe(20);
  expect(r.distinguishingLevels as number).toBeGreaterThan(500);
  expect(r.coinRate as number).toBeGreaterThanOrEqual(0);
  expect(r.endFirstRate as number).toBeGreaterThanOrEqual(0);
  expect(r.trainCoinRate as number).toBeGreaterThanOrEqual(0);
  expect((r.evaluations as unknown[]).length).toBeGreaterThanOrEqual(1);
  // Every chart drawn: the two metric charts, the test and the summary (which now has this run).
  for (const f of ['coinrun-training', 'coinrun-loss', 'coinrun-test', 'coinrun-summary'])
    await expect.poll(() => c.locator(`nb-plot[filename="${f}"] .main-svg`).count(), { timeout: 30_000, message: f }).toBeGreaterThan(0);
  await expect.poll(() => c.locator('nb-plot[filename="coinrun-summary"] .point').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  // The watched levels are painted (not blank), and the step-through bar moves them.
  const painted = () =>
    c.locator('canvas[data-level]').evaluateAll((els) =>
      els.map((el) => {
        const cv = el as HTMLCanvasElement;
        const d = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
        let dark = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] < 100) dark++;
        return { w: cv.width, dark };
      }),
    );
  await expect.poll(async () => (await painted()).filter((p) => p.w > 0 && p.dark > 0).length, { timeout: 30_000 }).toBe(8);
  const slider = c.getByRole('slider', { name: 'time step in the watched levels' });
  await slider.fill('5');
    await expect(slider).toHaveValue('5');
  await expect(c.locator('.nb-watch__bar')).toContainText('t = 5');
  expect(errors).toEqual([]);
});

test('coin-run: garbage in the link is reported in the cell and replaced by the defaults', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./?coin-run.randomPercent=banana&coin-run.steps=-3&coin-run.seed=1e999');
  const c = cell(page, 'coin-run');
  await expect(c.locator('.nb-msg-warn').first()).toContainText('Link:');
  await expect(c.locator('.nb-msg-warn')).toHaveCount(3);
  await expect(c.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
  const r = await page.evaluate(() => JSON.parse(JSON.stringify((document.querySelector('[data-experiment="coin-run"]') as unknown as { results: unknown }).results)));
  expect(r.randomPercent).toBe(0);
  expect(errors).toEqual([]);
});
