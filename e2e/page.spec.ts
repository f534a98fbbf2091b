import { expect, test } from '@playwright/test';
import { cell, watchErrors } from './util';

test('the essay loads without console errors and places the grokking cell', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Shoggoths');
  await expect(page.getByText('You could make a similar counting argument')).toBeVisible();
  const c = cell(page);
  await expect(c).toHaveAttribute('data-status', 'idle');
  await expect(c.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
  await expect(page.getByRole('link', { name: /LessWrong|original/i }).first()).toHaveAttribute('href', /lesswrong\.com/);
  await page.waitForTimeout(500);
  expect(errors).toEqual([]);
});

test('nothing overflows sideways on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('./');
  await expect(cell(page)).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
