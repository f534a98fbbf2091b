/**
 * 1. The benchmark's page figures: JS fetched before the essay is readable, first contentful paint,
 * and main-thread long tasks and chart draws while each cell trains (with and without the GPU flags).
 */
import { gzipSync } from 'node:zlib';
import { PLAIN_CHROMIUM_ARGS } from './chromium-args.mjs';
import { CELLS, launchBrowser, log, median } from './bench-common.mjs';

/** The page's first-contentful-paint time, waiting (up to 10 s) for the entry, which lands a frame after the text; null if none. */
async function firstContentfulPaint(page) {
  await page
    .waitForFunction(() => performance.getEntriesByType('paint').some((e) => e.name === 'first-contentful-paint'), null, { timeout: 10_000 })
    .catch(() => undefined);
  return page.evaluate(() => performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime ?? null);
}

/** First contentful paint of the essay in `n` new browsers (nothing cached, GPU process cold). */
async function firstPaints(url, n = 3) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
      await page.goto(url);
      out.push(await firstContentfulPaint(page));
    } finally {
      await browser.close();
    }
  }
  return out;
}

/** 1. Page figures: JS before the essay is readable, first paint, long tasks and draws while training. */
export async function pageFigures(browser, url) {
  const fcpNew = await firstPaints(url);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const scripts = [];
  let readable = false;
  page.on('response', async (r) => {
    if (readable || r.request().resourceType() !== 'script') return;
    const name = new URL(r.url()).pathname.split('/').pop();
    try {
      const body = await r.body();
      scripts.push({ name, bytes: body.length, gzip: gzipSync(body, { level: 6 }).length });
    } catch {
      scripts.push({ name, bytes: null, gzip: null });
    }
  });
  await page.addInitScript(observeLongTasks);
  await page.goto(url);
  await page.waitForFunction(() => (document.querySelector('nb-essay')?.textContent ?? '').length > 2000);
  const timing = await page.evaluate(() => ({
    fcp: performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime ?? null,
    readableAt: performance.now(),
    domContentLoaded: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? null,
  }));
  await page.waitForLoadState('load');
  readable = true;
  await page.waitForTimeout(300);
  const beforeEssay = scripts.filter((s) => !/\.worker-|plotly/.test(s.name));
  // A reader's browser is usually running already: the first paint of a second load, files cached,
  // after the first load has settled (Plotly, loaded when the page is idle, compiled).
  await page.waitForFunction(() => document.documentElement.dataset.plotly === 'ready', null, { timeout: 60_000 }).catch(() => undefined);
  await page.reload();
  await page.waitForFunction(() => (document.querySelector('nb-essay')?.textContent ?? '').length > 2000);
  const warmFcp = await firstContentfulPaint(page);
  const training = await trainingWindows(page);
  await context.close();
  return {
    scriptsBeforeEssay: beforeEssay,
    jsBeforeEssayGzipKB: beforeEssay.reduce((s, x) => s + (x.gzip ?? 0), 0) / 1024,
    firstContentfulPaintMs: median(fcpNew),
    firstContentfulPaintNewBrowsersMs: fcpNew,
    firstContentfulPaintThisContextMs: timing.fcp,
    firstContentfulPaintReloadMs: warmFcp,
    essayReadableMs: timing.readableAt,
    training,
    trainingPlain: await trainingInPlainBrowser(url),
  };
}

/**
 * The training windows again in Chromium without the GPU-emulation flags, as a machine without a
 * GPU runs it: the page composites in software rather than through SwiftShader GL, whose work
 * competes with the training and the page's main thread for the same two cores. (WASM is the
 * backend "auto" picks in both.)
 */
async function trainingInPlainBrowser(url) {
  let browser = null;
  try {
    browser = await launchBrowser(PLAIN_CHROMIUM_ARGS);
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.addInitScript(observeLongTasks);
    await page.goto(url);
    await page.waitForFunction(() => (document.querySelector('nb-essay')?.textContent ?? '').length > 2000);
    return await trainingWindows(page);
  } catch (e) {
    log(`  training windows in Chromium without the GPU flags failed (${e.message}); the other page figures stand`);
    return null;
  } finally {
    await browser?.close();
  }
}

/** Collects the page's main-thread long tasks (> 50 ms) in window.__longTasks (an init script). */
function observeLongTasks() {
  window.__longTasks = [];
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) window.__longTasks.push({ start: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/** Train each cell for 15 s on "auto" in turn: main-thread long tasks, chart draws, steps reached. */
async function trainingWindows(page) {
  // Plotly loads lazily once the page is idle; training windows start after it is ready.
  await page.waitForFunction(() => document.documentElement.dataset.plotly === 'ready', null, { timeout: 60_000 }).catch(() => undefined);
  const training = [];
  for (const cell of CELLS) {
    const sel = `[data-experiment="${cell}"]`;
    if (!(await page.locator(sel).count())) continue;
    await page.locator(sel).scrollIntoViewIfNeeded();
    const t0 = await page.evaluate(() => performance.now());
    const draws0 = await page.evaluate(() => window.__nbPlotDraws?.count ?? 0);
    await page.locator(sel).getByRole('button', { name: 'Train', exact: true }).click();
    const ms = 15_000;
    await page.waitForTimeout(ms);
    const r = await page.evaluate(
      ({ sel, t0 }) => ({
        tasks: window.__longTasks.filter((t) => t.start >= t0).map((t) => t.ms),
        draws: window.__nbPlotDraws?.count ?? 0,
        results: document.querySelector(sel)?.results ?? null,
      }),
      { sel, t0 },
    );
    await page.locator(sel).getByRole('button', { name: 'Reset', exact: true }).click();
    training.push({
      cell,
      seconds: ms / 1000,
      backend: r.results?.backend ?? null,
      steps: r.results?.step ?? null,
      longTasks: r.tasks.length,
      longestTaskMs: r.tasks.length ? Math.max(...r.tasks) : 0,
      longTaskMs: r.tasks.map((t) => Math.round(t)),
      drawsPerSecond: (r.draws - draws0) / (ms / 1000),
    });
  }
  return training;
}

/**
 * A busy machine: grokking's small problem for 20,000 steps on WASM while `spinners` workers spin
 * (a CPU load the page creates), with the GPU-emulation flags. The share of the main thread's time
 * spent in long tasks (> 50 ms), the longest, and chart draws a second, over the run or `maxMs`.
 */
export async function trainingUnderLoad(browser, url, maxMs = 120_000, spinners = 1) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(observeLongTasks);
    await page.goto(`${url}?grokking.p=23&grokking.width=128&grokking.steps=20000&backend=wasm`);
    await page.waitForFunction(() => document.documentElement.dataset.plotly === 'ready', null, { timeout: 60_000 }).catch(() => undefined);
    await page.evaluate((n) => {
      const src = URL.createObjectURL(new Blob(['for (;;) {}'], { type: 'text/javascript' }));
      window.__spinners = Array.from({ length: n }, () => new Worker(src));
    }, spinners);
    const sel = '[data-experiment="grokking"]';
    await page.locator(sel).scrollIntoViewIfNeeded();
    const t0 = await page.evaluate(() => performance.now());
    const draws0 = await page.evaluate(() => window.__nbPlotDraws?.count ?? 0);
    await page.locator(sel).getByRole('button', { name: 'Train', exact: true }).click();
    await page
      .waitForFunction((s) => document.querySelector(s)?.results?.status === 'done', sel, { timeout: maxMs, polling: 1000 })
      .catch(() => undefined);
    const r = await page.evaluate(
      ({ sel, t0 }) => ({
        elapsed: performance.now() - t0,
        tasks: window.__longTasks.filter((t) => t.start >= t0).map((t) => t.ms),
        draws: window.__nbPlotDraws?.count ?? 0,
        results: document.querySelector(sel)?.results ?? null,
      }),
      { sel, t0 },
    );
    await page.evaluate(() => window.__spinners.forEach((w) => w.terminate()));
    const longMs = r.tasks.reduce((a, b) => a + b, 0);
    return {
      seconds: r.elapsed / 1000,
      steps: r.results?.step ?? null,
      done: r.results?.status === 'done',
      longTasks: r.tasks.length,
      longTaskShare: longMs / r.elapsed,
      longestTaskMs: r.tasks.length ? Math.max(...r.tasks) : 0,
      tasksOver150: r.tasks.filter((t) => t > 150).length,
      drawsPerSecond: (r.draws - draws0) / (r.elapsed / 1000),
    };
  } finally {
    await context.close();
  }
}
