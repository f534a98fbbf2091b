import { expect, test } from '@playwright/test';
import { cell, waitForResults, watchErrors } from '../../../e2e/util';

/** The tiny run: 500 digits attacked, 5 PGD steps, one epoch for each model. */
const TINY = 'adversarial-features.attackSize=500&adversarial-features.pgdSteps=5&adversarial-features.epochs=1';

test('adversarial-features: a tiny run goes through all three stages and draws every figure', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  await page.goto(`./?${TINY}&backend=wasm`);
  const c = cell(page, 'adversarial-features');
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  const r = await waitForResults(page, (x) => x.status === 'done' && x.detPlainTestAcc !== null, 220_000, 'adversarial-features');
  test.info().annotations.push({ type: 'result', description: JSON.stringify(r) });
  expect(r.stage).toBe('done');
  expect(r.norm).toBe('l2');
  expect(r.eps).toBe(2);
  expect(r.sourceTestAcc as number).toBeGreaterThan(0.85); // one epoch on 10,000 digits
  for (const k of ['randAttackSuccess', 'detAttackSuccess', 'randCleanTestAcc', 'detCleanTestAcc', 'randPlainTestAcc', 'randPerpTestAcc', 'detPlainTestAcc', 'detCalledYPlus1'])
    expect(r[k], k).not.toBeNull();
  expect(r.meanL2 as number).toBeLessThanOrEqual(2.0001);
  for (const f of ['adversarialfeatures-source', 'adversarialfeatures-attack', 'adversarialfeatures-fresh', 'adversarialfeatures-loss', 'advfeat-bars'])
    await expect.poll(() => c.locator(`nb-plot[filename="${f}"] .main-svg`).count(), { timeout: 30_000, message: f }).toBeGreaterThan(0);
  // Both galleries are painted, and a picked test digit gets the D_rand model's prediction.
  await expect(c.locator('canvas.nb-gallery')).toHaveCount(2);
  await c.getByRole('spinbutton', { name: 'test digit index' }).fill('7');
  await c.getByRole('spinbutton', { name: 'test digit index' }).press('Enter');
  await expect(c.locator('.nb-advfeat-pick')).toContainText(/true label/i, { timeout: 30_000 });
  expect(errors).toEqual([]);
});

test('adversarial-features: garbage in the link is reported in the cell and replaced by the defaults', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./?adversarial-features.eps=lots&adversarial-features.norm=l7&adversarial-features.attackSize=3');
  const c = cell(page, 'adversarial-features');
  await expect(c.locator('.nb-msg-warn')).toHaveCount(3);
  await expect(c.locator('.nb-msg-warn').first()).toContainText('Link:');
  await expect(c.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
  expect(errors).toEqual([]);
});
