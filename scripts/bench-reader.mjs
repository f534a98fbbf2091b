/**
 * The reader's waits (issue 19), in the built page (index.html), each in a new browser context:
 *   cold: a first visit: the page loads, the reader scrolls to the cell and presses Train at once
 *         (worker, backend probe, backend and data all come after the click);
 *   cold-again: the same on a second visit (the probe remembered, the files in the browser's cache);
 *   warm: the reader scrolls to the cell, stays a while (the cell gets ready: `warmState` 'ready',
 *         or 8 s on a build without warm-up), then presses Train.
 * Figures: Train → the first metric point in the page, Train → the success point (cells whose
 * success comes within `successLimitMs`), and the run's steps/s as the cell shows it then.
 *
 * Used by scripts/bench.mjs (section 'reader'), or alone against a running preview:
 *   node scripts/bench-reader.mjs --url http://127.0.0.1:4173/ --reader-cells grokking,label-noise --runs 2
 */
import { f1, flag, launchBrowser, list, log, median } from './bench-common.mjs';
import { PLAIN_CHROMIUM_ARGS } from './chromium-args.mjs';

/** In the page: press Train on the cell and time the first point and the success point. */
async function pressTrain(page, cell, successLimitMs) {
  return page.evaluate(
    async ({ cell, successLimitMs }) => {
      const el = document.querySelector(`[data-experiment="${cell}"]`) ?? document.querySelector(`nb-${cell}-cell`);
      const train = [...el.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Train');
      const success = el.definition?.success ?? null;
      const t0 = performance.now();
      train.click();
      const frame = () => new Promise((r) => setTimeout(r, 5));
      let firstMs = null;
      while (performance.now() - t0 < 120_000) {
        if (el.results.step >= 1 && firstMs === null) firstMs = performance.now() - t0;
        if (firstMs !== null || el.results.status === 'error') break;
        await frame();
      }
      let successMs = null;
      if (success && firstMs !== null) {
        while (performance.now() - t0 < successLimitMs) {
          const v = el.results[success.series];
          if (typeof v === 'number' && v >= success.atLeast) {
            successMs = performance.now() - t0;
            break;
          }
          if (el.results.status !== 'running') break;
          await frame();
        }
      }
      const r = el.results;
      return { firstMs, successMs, successStep: successMs === null ? null : r.step, stepsPerSecond: r.stepsPerSecond, backend: r.backend, status: r.status, error: r.status === 'error' ? el.textContent.match(/[^\n]*(error|could not)[^\n]*/i)?.[0] ?? null : null };
    },
    { cell, successLimitMs },
  );
}

/**
 * One wait: a new context, the page, the cell scrolled to, maybe warmed, then Train. `again`: a
 * second visit (the page was opened once before in this context, so the backend probe is remembered
 * and the browser has the files), Train pressed at once.
 */
async function once(browser, url, cell, warm, successLimitMs, again = false) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  let page = await context.newPage();
  try {
    if (again) {
      await page.goto(url);
      const s = `[data-experiment="${cell}"]`;
      await page.waitForFunction((q) => document.querySelector(q)?.results !== undefined, s, { timeout: 60_000 });
      await page.evaluate((q) => document.querySelector(q).scrollIntoView({ block: 'start' }), s);
      const hasWarm = await page.evaluate((q) => 'warmState' in document.querySelector(q), s);
      if (hasWarm) await page.waitForFunction((q) => document.querySelector(q).warmState === 'ready', s, { timeout: 120_000 });
      else await page.waitForTimeout(8000);
      await page.close();
      page = await context.newPage();
    }
    await page.goto(url);
    const sel = `[data-experiment="${cell}"]`;
    await page.waitForFunction((s) => document.querySelector(s)?.results !== undefined, sel, { timeout: 60_000 });
    await page.evaluate((s) => document.querySelector(s).scrollIntoView({ block: 'start' }), sel);
    let warmedMs = null;
    if (warm) {
      const t = Date.now();
      const hasWarm = await page.evaluate((s) => 'warmState' in document.querySelector(s), sel);
      if (hasWarm) await page.waitForFunction((s) => document.querySelector(s).warmState === 'ready', sel, { timeout: 120_000 });
      else await page.waitForTimeout(8000);
      warmedMs = Date.now() - t;
    }
    return { cell, mode: warm ? 'warm' : again ? 'cold-again' : 'cold', warmedMs, ...(await pressTrain(page, cell, successLimitMs)) };
  } finally {
    await context.close();
  }
}

/**
 * Cold and warm waits for each cell, `runs` times each (medians reported). With `plainBrowser`
 * (Chromium without the GPU flags, as a machine without a GPU runs it), the cold first visit again
 * in it ('cold-nogpu': no WebGPU, no WebGL to check, so the probe times WASM at once).
 * @returns rows { cell, mode, firstMs, successMs, ... } and per cell/mode medians
 */
export async function readerWaits(browser, url, cells, { runs = 2, successLimitMs = 60_000, plainBrowser = null } = {}) {
  const rows = [];
  const modes = [[false, false], [false, true], [true, false], ...(plainBrowser ? [['nogpu']] : [])];
  for (const cell of cells) {
    for (const [warm, again] of modes) {
      for (let i = 0; i < runs; i++) {
        const r =
          warm === 'nogpu'
            ? { ...(await once(plainBrowser, url, cell, false, successLimitMs)), mode: 'cold-nogpu' }
            : await once(browser, url, cell, warm, successLimitMs, again);
        rows.push(r);
        log(`  ${cell} ${r.mode}${r.warmedMs === null ? '' : ` (ready ${f1(r.warmedMs / 1000)} s after scrolling to it)`}: first point ${f1(r.firstMs)} ms after Train, success ${r.successMs === null ? '–' : `${f1(r.successMs / 1000)} s (step ${r.successStep})`}, ${f1(r.stepsPerSecond)} steps/s then, ${r.backend}${r.error ? ` ERROR ${r.error}` : ''}`);
      }
    }
  }
  const summary = [];
  for (const cell of cells)
    for (const mode of ['cold', 'cold-nogpu', 'cold-again', 'warm']) {
      if (!rows.some((r) => r.mode === mode)) continue;
      const mine = rows.filter((r) => r.cell === cell && r.mode === mode);
      summary.push({ cell, mode, firstMs: median(mine.map((r) => r.firstMs)), successMs: median(mine.map((r) => r.successMs)), stepsPerSecond: median(mine.map((r) => r.stepsPerSecond)) });
    }
  return { rows, summary };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = flag('url', 'http://127.0.0.1:4173/');
  const browser = await launchBrowser();
  const plainBrowser = await launchBrowser(PLAIN_CHROMIUM_ARGS);
  try {
    const r = await readerWaits(browser, url, list(flag('reader-cells', 'grokking,label-noise')), { runs: Number(flag('runs', '2')), plainBrowser });
    for (const s of r.summary) log(`${s.cell} ${s.mode}: first point ${f1(s.firstMs)} ms, success ${s.successMs === null ? '–' : f1(s.successMs)} ms, ${f1(s.stepsPerSecond)} steps/s (medians)`);
  } finally {
    await browser.close();
    await plainBrowser.close();
  }
}
