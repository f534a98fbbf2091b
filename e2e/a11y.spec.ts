import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { cell, waitForResults } from './util';

/** The page's accessibility violations (axe-core, its default rules), in one line each. */
async function violations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map((v) => {
    const targets = v.nodes.slice(0, 4).map((n) => n.target.join(' '));
    const more = v.nodes.length > 4 ? ` (+${v.nodes.length - 4} more)` : '';
    return `${v.id} [${v.impact}]: ${v.help}: ${v.nodes.length} node(s): ${targets.join(' | ')}${more}`;
  });
}

/** The essay and every live cell in it, defined and ready to train. */
async function loaded(page: Page): Promise<void> {
  await page.waitForFunction(() => !!customElements.get('nb-plot'));
  const slots = page.locator('.nb-cell-slot');
  await expect(slots.first()).toBeVisible();
  const n = await slots.count();
  await expect(page.locator('.nb-cell-slot [data-experiment]')).toHaveCount(n);
  for (let i = 0; i < n; i++) {
    await expect(slots.nth(i).getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
  }
}

// The page has a dark theme too (prefers-color-scheme), with its own colours to check.
for (const colorScheme of ['light', 'dark'] as const) {
  test(`the loaded page has no accessibility violations (${colorScheme} theme)`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('./');
    await loaded(page);
    expect(await violations(page)).toEqual([]);
  });
}

test('a cell after a short run, with its charts drawn, has no accessibility violations', async ({ page }) => {
  await page.goto('./?grokking.p=23&grokking.width=128&grokking.steps=40&backend=wasm');
  await loaded(page);
  const c = cell(page);
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForResults(page, (r) => r.status === 'done');
  await expect(c.locator('.main-svg').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
});
