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

test('the essay paints before the cells load, and a cell bundle that fails to load leaves the essay readable with a message in each cell', async ({ page }) => {
  // The cells' components load after the essay's first paint (src/main.ts); here their bundle never arrives.
  await page.route(/cell-components[^/]*\.js$/, (route) => route.abort());
  await page.goto('./');
  await expect(page.getByText('You could make a similar counting argument')).toBeVisible();
  const slots = page.locator('.nb-cell-slot');
  await expect(slots.first()).toBeVisible();
  const n = await slots.count();
  expect(n).toBeGreaterThanOrEqual(4);
  await expect(page.locator('.nb-cell-failed[role="alert"]')).toHaveCount(n);
  await expect(page.locator('.nb-cell-failed').first()).toContainText('could not be loaded');
  // The essay itself still works: its links, and the claims' table of contents.
  await page.getByRole('navigation', { name: 'Claims' }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Shoggoths');
});

test('preset buttons beside the claims appear once the cells are defined', async ({ page }) => {
  await page.goto('./');
  await expect(page.locator('.nb-claim__preset').first()).toBeVisible();
  expect(await page.evaluate(() => !!customElements.get('nb-clockpizza-cell'))).toBe(true);
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
  expect(fcp).not.toBeNull();
});

test('a chart given one figure draws all of it: the one-point first draw is followed by the data', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await page.waitForFunction(() => !!customElements.get('nb-plot'));
  await page.evaluate(() => {
    const el = document.createElement('nb-plot');
    el.id = 'probe-plot';
    el.style.cssText = 'display:block;width:400px';
    document.body.append(el);
    const x = Array.from({ length: 30 }, (_, i) => i);
    (el as unknown as { figure: unknown }).figure = {
      data: [{ type: 'scatter', mode: 'markers', x, y: x.map((v) => v * v) }],
      layout: { height: 200, xaxis: { range: [-1, 30] } },
    };
  });
  await expect.poll(() => page.locator('#probe-plot .point').count(), { timeout: 30_000 }).toBe(30);
  expect(errors).toEqual([]);
});

test('a 1 MB value in a link is refused with a message in its cell, and the essay still paints at once', async ({ page }) => {
  const errors = watchErrors(page);
  // A server refuses a request line this long (Node's, vite preview's, answers 431) before any page
  // sees it; a static host may not. So the page is served to the browser here by the test itself.
  const html = await (await page.request.get('./')).text();
  await page.route(/\?grokking\.p=1{1000}/, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: html, headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } }),
  );
  const t0 = Date.now();
  await page.goto(`./?grokking.p=${'1'.repeat(1_000_000)}&clock-pizza.p=31`);
  await expect(page.getByText('You could make a similar counting argument')).toBeVisible();
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 10_000 });
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
  test.info().annotations.push({ type: 'first contentful paint (ms)', description: String(fcp) });
  // A guard against a frozen page, not the 1 s target (the benchmark's business on a shared machine).
  expect(fcp).not.toBeNull();
  expect(Date.now() - t0).toBeLessThan(20_000);
  const c = cell(page);
  await expect(c.locator('.nb-msg-warn')).toContainText('grokking.p: a value of 1,000,000 characters is too long (at most 100); using 97');
  expect((await page.evaluate(() => JSON.parse(JSON.stringify((document.querySelector('[data-experiment="clock-pizza"]') as unknown as { results: { p: number } }).results)))).p).toBe(31);
  expect(errors).toEqual([]);
});
