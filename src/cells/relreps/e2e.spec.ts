import { expect, test } from '@playwright/test';
import { cell, waitForResults, watchErrors } from '../../../e2e/util';

/** A small slice, small models: a run of well under a minute on WASM. */
const SHORT = 'relreps.share=5&relreps.dim=32&relreps.batch=256&relreps.steps=300&relreps.k=10&relreps.evalWords=all';

test('relreps: a short run on a small slice loads the corpus, streams its figures and ends with relative agreement above absolute', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`./?${SHORT}&backend=wasm`);
  const c = cell(page, 'relreps');
  expect(requests.filter((p) => p.includes('/data/brown/'))).toEqual([]);
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  const r = await waitForResults(page, (x) => x.status === 'done' && x.analysedStep === 300, 280_000, 'relreps');
  test.info().annotations.push({ type: 'result', description: JSON.stringify({ ...r, scores: undefined, query: undefined }) });
  expect(r.backend).toBe('wasm');
  // Its step is gathers and element-wise products: the worker keeps WASM to one thread, by choice.
  expect(String(r.backendDetail)).toMatch(/^1 thread \(more would not speed this model up\), SIMD/);
  expect(r.pair).toBe('w2v-vs-ft');
  expect(r.anchors).toBe(300);
  expect(r.sharedVocab as number).toBeGreaterThan(300);
  expect(r.jaccardRel as number).toBeGreaterThan(r.jaccardAbs as number);
  expect(r.mrrRel as number).toBeGreaterThan(r.mrrAbs as number);
  expect([...new Set(requests.filter((p) => p.includes('/data/brown/')).map((p) => p.split('/').pop()))].sort()).toEqual([
    'corpus.bin.gz',
    'manifest.json',
    'vocab.txt.gz',
  ]);
  // Loss, agreement over steps and the two probe pictures (absolute, relative).
  await expect.poll(() => c.locator('nb-plot .main-svg').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
  const table = c.getByRole('table', { name: 'Agreement between the two models' });
  await expect(table).toContainText('Jaccard@10');
  await expect(table).toContainText((r.jaccardRel as number) > 0 ? /0\.\d{3}/ : 'Jaccard');
  // The query box lists neighbours in both models (8 each, absolute and relative), once the finished run answers it.
  const box = c.getByRole('textbox', { name: 'query word' });
  await box.fill('said');
  await box.press('Enter');
  await expect(c.locator('.nb-query-table li')).toHaveCount(32, { timeout: 30_000 });
  expect(errors).toEqual([]);
});

test('relreps: both models train on WebGPU (SwiftShader) without errors', async ({ page }) => {
  // SwiftShader runs this model at about 0.5 steps/s here: a few steps only.
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  await page.goto('./?relreps.share=5&relreps.dim=16&relreps.batch=64&relreps.steps=10&backend=webgpu');
  const c = cell(page, 'relreps');
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  const r = await waitForResults(page, (x) => x.status === 'done' && x.analysedStep === 10, 220_000, 'relreps');
  expect(r.backend).toBe('webgpu');
  expect(Number.isFinite(r.trainLoss)).toBe(true);
  expect(Number.isFinite(r.testLoss)).toBe(true);
  expect(r.jaccardRel as number).toBeGreaterThanOrEqual(0);
  await expect.poll(() => c.locator('nb-plot .main-svg').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
  expect(errors).toEqual([]);
});

test('relreps: a corrupt corpus asset gives a clear message in the cell, and the page keeps working', async ({ page }) => {
  await page.route('**/data/brown/corpus.bin.gz', (route) => route.fulfill({ status: 200, body: Buffer.from('this is not the corpus') }));
  await page.goto(`./?${SHORT}&backend=wasm`);
  const c = cell(page, 'relreps');
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(c.locator('.nb-msg-error')).toContainText(/Could not load the Brown corpus: .*corpus\.bin\.gz/, { timeout: 60_000 });
  await expect(c).toHaveAttribute('data-status', 'error');
  const g = cell(page, 'grokking');
  await expect(g.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
});

test('relreps: a missing corpus asset gives a clear message too', async ({ page }) => {
  await page.route('**/data/brown/vocab.txt.gz', (route) => route.fulfill({ status: 404, body: 'not here' }));
  await page.goto(`./?${SHORT}&backend=wasm`);
  const c = cell(page, 'relreps');
  await c.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(c.locator('.nb-msg-error')).toContainText(/Could not load the Brown corpus: could not fetch .*vocab\.txt\.gz \(HTTP 404\)/, { timeout: 60_000 });
});
