import { expect, type Page } from '@playwright/test';

export interface Results {
  step: number;
  trainAcc: number | null;
  testAcc: number | null;
  backend: string | null;
  status: string;
  stepsPerSecond: number;
  test99Step: number | null;
  [k: string]: unknown;
}

/** Console errors and uncaught exceptions, collected from the moment this is called. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

export function results(page: Page, cell = 'grokking'): Promise<Results> {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-experiment="${id}"]`) as unknown as { results: unknown } | null;
    return JSON.parse(JSON.stringify(el?.results ?? null));
  }, cell);
}

/** Poll the cell's results until `ok` holds (or fail with the last results). */
export async function waitForResults(page: Page, ok: (r: Results) => boolean, timeout = 180_000, cell = 'grokking'): Promise<Results> {
  let last: Results | null = null;
  await expect
    .poll(
      async () => {
        last = await results(page, cell);
        if (last?.status === 'error') throw new Error(`cell error: ${await page.locator(`[data-experiment="${cell}"] .nb-msg-error`).allTextContents()}`);
        return last !== null && ok(last);
      },
      { timeout, intervals: [250, 500, 1000] },
    )
    .toBe(true);
  return last as unknown as Results;
}

export function cell(page: Page, id = 'grokking') {
  return page.locator(`[data-experiment="${id}"]`);
}
