/**
 * npm run bench: the speed benchmark of every cell (README "Benchmark").
 *
 * Serves the production build (dist/, built by `npm run bench` first) with `vite preview`, which
 * sends the cross-origin isolation headers, and drives it in headless Chromium:
 *   1. page: JS fetched before the essay is readable (gzipped here, level 6), first contentful
 *      paint, and main-thread long tasks (> 50 ms) and chart draws while each cell trains, in
 *      Chromium as a machine without a GPU runs it and again with the SwiftShader flags;
 *   2. speed: for each cell's default configuration and each backend, median ms per training step
 *      after warm-up, through the cell's real worker in its benchmark mode, and GFLOP/s from the
 *      model FLOP count (src/bench/flops.ts);
 *   3. success: steps and seconds to the cell's success point on the fastest backend, where quick;
 *   4. tensors: each cell's worker on a tiny configuration for 5,000 steps of a normal run
 *      (evaluations, analyses, checkpoints): live tensors must stay flat;
 *   5. PyTorch: ../shared/reference/modadd.py on the grokking MLP and the clock-pizza transformer at
 *      the same sizes, in the same run, and the ratio browser / PyTorch.
 * Prints a table and writes bench-results/latest.json (and a dated copy).
 *
 * Flags: --cells a,b  --backends webgpu,webgl,wasm,cpu  --skip page,speed,success,tensors,torch
 *        --tensor-steps 5000  --port 4180  --python /usr/bin/python3  --reference <modadd.py>
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, PLAIN_CHROMIUM_ARGS } from './chromium-args.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
const CELLS = list(flag('cells', 'grokking,clock-pizza,label-noise,relreps'));
const BACKENDS = list(flag('backends', 'webgpu,webgl,wasm,cpu'));
const SKIP = new Set(list(flag('skip', '')));
const TENSOR_STEPS = Number(flag('tensor-steps', '5000'));
const PORT = Number(flag('port', '4180'));
const PYTHON = flag('python', '/usr/bin/python3');
const REFERENCE = flag('reference', resolve(ROOT, '../shared/reference/modadd.py'));

/** Steps per measurement by backend: software GPUs and plain JS are slow here, so fewer. */
const SPEC = {
  wasm: { warmup: 3, steps: 12, chunk: 1 },
  webgl: { warmup: 2, steps: 6, chunk: 2 },
  webgpu: { warmup: 2, steps: 4, chunk: 2 },
  cpu: { warmup: 1, steps: 2, chunk: 1 },
};
const SPEED_TIMEOUT_MS = 240_000;

/** Tiny configurations for the 5,000-step tensor count (each a few ms per step on WASM). */
const TINY = {
  grokking: { p: 23, width: 64 },
  'clock-pizza': { p: 13, d_model: 32 },
  'label-noise': { cleanSize: '10000', alpha: '1', batch: 64 },
  relreps: { share: '5', dim: 16, batch: 64 },
};

/** The cells PyTorch's reference script also trains, with its flags for the same model and rows. */
const TORCH = {
  grokking: ['--model', 'mlp', '--p', '97', '--width', '500', '--frac', '0.5', '--steps', '12', '--eval_every', '100000'],
  'clock-pizza': ['--model', 'tf', '--p', '59', '--d', '128', '--frac', '0.8', '--wd', '2', '--alpha', '1', '--steps', '6', '--eval_every', '100000'],
};

const log = (...a) => console.log(...a);
const f1 = (x) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(1));
const f2 = (x) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(2));

async function serve() {
  if (!existsSync(join(ROOT, 'dist/bench.html'))) throw new Error('dist/bench.html missing: run `npm run build` (npm run bench does)');
  // vite's own entry (not npx), so that killing the child ends the server.
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  const child = spawn(process.execPath, [vite, 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], { cwd: ROOT, stdio: 'ignore' });
  const url = `http://127.0.0.1:${PORT}/`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return { child, url };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`vite preview did not answer on ${url}`);
}

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

function median(xs) {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
}

function launchBrowser(args = CHROMIUM_ARGS) {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args });
}

/** 1. Page figures: JS before the essay is readable, first paint, long tasks and draws while training. */
async function pageFigures(browser, url) {
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

async function benchPage(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => log('  [bench page error]', e.message));
  await page.goto(`${url}bench.html`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  return { page, context };
}

/** 2. ms per step for each cell and backend. */
async function speed(page) {
  const rows = [];
  for (const cell of CELLS) {
    for (const backend of BACKENDS) {
      const spec = SPEC[backend];
      const t = Date.now();
      try {
        const r = await page.evaluate(({ cell, backend, spec, timeout }) => window.nbBench.speed(cell, backend, spec, {}, timeout), {
          cell,
          backend,
          spec,
          timeout: SPEED_TIMEOUT_MS,
        });
        const row = { cell, backend, used: r.backend, detail: r.detail, medianMs: r.medianMs, gflops: r.gflops, msPerStep: r.msPerStep, startMs: r.startMs, tensorsBefore: r.tensorsBefore, tensorsAfter: r.tensorsAfter };
        if (r.backend !== backend) row.note = `fell back to ${r.backend}`;
        rows.push(row);
        log(`  ${cell} ${backend}: ${f1(r.medianMs)} ms/step (${r.detail}), ${f2(r.gflops)} GFLOP/s, start ${f1(r.startMs / 1000)} s, tensors ${r.tensorsBefore}→${r.tensorsAfter} [${((Date.now() - t) / 1000).toFixed(0)} s]`);
      } catch (e) {
        rows.push({ cell, backend, error: String(e.message ?? e).slice(0, 300) });
        log(`  ${cell} ${backend}: ${String(e.message ?? e).slice(0, 200)}`);
      }
    }
  }
  return rows;
}

/** 3. Steps and seconds to each cell's success point on a backend (the fastest measured). */
async function success(page, speedRows) {
  const out = [];
  for (const cell of CELLS) {
    const best = speedRows.filter((r) => r.cell === cell && r.medianMs).sort((a, b) => a.medianMs - b.medianMs)[0];
    const backend = best?.used ?? 'wasm';
    const r = await page.evaluate(({ cell, backend }) => window.nbBench.success(cell, backend, {}, 300_000), { cell, backend });
    if (r === null) {
      out.push({ cell, backend, skipped: 'no quick success point' });
      continue;
    }
    out.push({ cell, ...r });
    log(`  ${cell} on ${r.backend}: ${r.reached ? `step ${r.step} after ${f1(r.seconds)} s` : `not reached in ${r.seconds} s`}`);
  }
  return out;
}

/** 4. Live tensors over a normal 5,000-step run of a tiny configuration. */
async function tensors(page) {
  const out = [];
  for (const cell of CELLS) {
    const overrides = { ...TINY[cell], steps: TENSOR_STEPS };
    const t = Date.now();
    try {
      const r = await page.evaluate(({ cell, overrides }) => window.nbBench.tensors(cell, 'wasm', overrides, 900_000), { cell, overrides });
      // The first reports come before the first analysis and checkpoint have made their tensors.
      const settled = r.series.filter(([step]) => step >= Math.min(500, TENSOR_STEPS / 10));
      const counts = settled.map(([, n]) => n);
      const row = {
        cell,
        steps: r.series.at(-1)?.[0] ?? 0,
        done: r.done,
        first: counts[0] ?? null,
        last: counts.at(-1) ?? null,
        min: counts.length ? Math.min(...counts) : null,
        max: counts.length ? Math.max(...counts) : null,
        samples: counts.length,
        seconds: (Date.now() - t) / 1000,
      };
      row.flat = row.done && row.samples > 1 && row.max === row.min;
      out.push(row);
      log(`  ${cell}: ${row.steps} steps, tensors ${row.first} … ${row.last} (min ${row.min}, max ${row.max}, ${row.samples} reports) ${row.flat ? 'flat' : 'NOT FLAT'} [${row.seconds.toFixed(0)} s]`);
    } catch (e) {
      out.push({ cell, error: String(e.message ?? e) });
      log(`  ${cell}: ${e.message ?? e}`);
    }
  }
  return out;
}

/** 5. PyTorch's reference on the same models and rows. */
function torch() {
  const out = {};
  if (!existsSync(REFERENCE)) return { error: `no reference script at ${REFERENCE} (--reference)` };
  const version = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__, torch.get_num_threads())'], { encoding: 'utf8' });
  if (version.status !== 0) return { error: `PyTorch not importable by ${PYTHON} (apt-get install -y python3-torch): ${version.stderr.trim().split('\n').at(-1)}` };
  for (const [cell, args] of Object.entries(TORCH)) {
    if (!CELLS.includes(cell)) continue;
    const r = spawnSync(PYTHON, [REFERENCE, ...args, '--threads', String(cpus().length)], { encoding: 'utf8', timeout: 900_000 });
    const line = r.stdout.trim().split('\n').at(-1) ?? '';
    try {
      const j = JSON.parse(line);
      out[cell] = { msPerStep: j.ms_per_step_median, args: args.join(' '), torch: version.stdout.trim() };
      log(`  ${cell}: PyTorch ${f1(j.ms_per_step_median)} ms/step`);
    } catch {
      out[cell] = { error: (r.stderr || r.stdout || String(r.error)).trim().split('\n').at(-1) };
      log(`  ${cell}: PyTorch failed: ${out[cell].error}`);
    }
  }
  return out;
}

/** Everything measured, as Markdown (bench-results/latest.md; the README shows it). */
function markdown(result) {
  const m = result.machine;
  const lines = [`Measured ${result.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cpus} × ${m.cpu}, ${m.memoryGiB} GiB, ${m.browser ? `Chromium ${m.browser}` : ''}, Node ${m.node}; ${Math.round(result.seconds)} s in all.`, ''];
  if (result.speed) lines.push(table(result), '');
  if (result.torch?.error) lines.push(`PyTorch: not run (${result.torch.error}).`, '');
  const p = result.page;
  if (p) {
    lines.push(
      `Page: ${f1(p.jsBeforeEssayGzipKB)} KB of JavaScript (gzipped) before the essay is readable (${p.scriptsBeforeEssay.map((x) => x.name).join(', ')}); first contentful paint ${f1(p.firstContentfulPaintMs)} ms in a new browser (median of ${p.firstContentfulPaintNewBrowsersMs.map(f1).join(', ')}), ${f1(p.firstContentfulPaintReloadMs)} ms on a reload.`,
      '',
      '| while this cell trains (15 s, auto) | browser | backend | steps | long tasks > 50 ms | longest | chart draws/s |',
      '|---|---|---|---:|---:|---:|---:|',
      ...[
        ...(p.trainingPlain ?? []).map((t) => [t, 'no GPU: software compositing']),
        ...p.training.map((t) => [t, 'SwiftShader flags (compositing on SwiftShader GL)']),
      ].map(([t, b]) => `| ${t.cell} | ${b} | ${t.backend ?? '–'} | ${t.steps ?? '–'} | ${t.longTasks}${t.longTaskMs?.length ? ` (${t.longTaskMs.join(', ')} ms)` : ''} | ${f1(t.longestTaskMs)} ms | ${f1(t.drawsPerSecond)} |`),
      '',
    );
  }
  if (result.success) {
    lines.push('| to the success point (a normal run: evaluations, analyses, checkpoints) | backend | step | seconds from Train |', '|---|---|---:|---:|');
    for (const r of result.success) lines.push(r.skipped ? `| ${r.cell} | – | ${r.skipped} | – |` : `| ${r.cell} | ${r.backend} | ${r.reached ? r.step : 'not reached'} | ${f1(r.seconds)} |`);
    lines.push('');
  }
  if (result.tensors) {
    lines.push(`| live tensors in the worker, tiny config, ${TENSOR_STEPS} steps on WASM | first | last | min–max | reports | flat |`, '|---|---:|---:|---:|---:|---|');
    for (const r of result.tensors) lines.push(r.error ? `| ${r.cell} | failed: ${r.error} | | | | |` : `| ${r.cell} (${r.steps} steps) | ${r.first} | ${r.last} | ${r.min}–${r.max} | ${r.samples} | ${r.flat ? 'yes' : '**no**'} |`);
    lines.push('');
  }
  return lines.join('\n');
}

function table(result) {
  const lines = [];
  const s = result.speed ?? [];
  lines.push('| cell (default config) | backend · what it runs on | ms/step | GFLOP/s | PyTorch ms/step | browser / PyTorch |');
  lines.push('|---|---|---:|---:|---:|---:|');
  for (const r of s) {
    const t = result.torch?.[r.cell]?.msPerStep;
    const name = r.error ? `${r.backend} (failed: ${r.error.split('\n')[0].replace(/^page\.evaluate: Error: /, '').slice(0, 80)})` : `${r.backend}${r.note ? ` (${r.note})` : ''} · ${r.detail}`;
    const name2 = name.replace(/ANGLE \(Google, Vulkan [^)]*\(SwiftShader Device \(Subzero\) \(0x0000C0DE\)\), SwiftShader driver\)/, 'SwiftShader (ANGLE, Vulkan)');
    lines.push(`| ${r.cell} | ${name2} | ${f1(r.medianMs)} | ${f2(r.gflops)} | ${t ? f1(t) : '–'} | ${t && r.medianMs ? f2(r.medianMs / t) : '–'} |`);
  }
  return lines.join('\n');
}

async function main() {
  const started = new Date();
  const result = {
    date: started.toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    cells: CELLS,
    backends: BACKENDS,
  };
  const { child, url } = await serve();
  const browser = await launchBrowser();
  result.machine.browser = browser.version();
  try {
    if (!SKIP.has('page')) {
      log('page figures …');
      result.page = await pageFigures(browser, url);
      log(`  JS before the essay: ${f1(result.page.jsBeforeEssayGzipKB)} KB gzipped (${result.page.scriptsBeforeEssay.map((x) => x.name).join(', ')}); first paint ${f1(result.page.firstContentfulPaintMs)} ms (median of ${result.page.firstContentfulPaintNewBrowsersMs.map(f1).join(', ')} in new browsers), ${f1(result.page.firstContentfulPaintReloadMs)} ms (reload)`);
      for (const [what, rows] of [['no GPU', result.page.trainingPlain ?? []], ['SwiftShader flags', result.page.training]])
        for (const t of rows) log(`  while ${t.cell} trains (${what}; ${t.backend}, ${t.steps} steps in ${t.seconds} s): ${t.longTasks} long tasks, longest ${f1(t.longestTaskMs)} ms, ${f1(t.drawsPerSecond)} chart draws/s`);
    }
    const { page, context } = await benchPage(browser, url);
    if (!SKIP.has('speed')) {
      log('speed (ms per step after warm-up) …');
      result.speed = await speed(page);
    }
    if (!SKIP.has('success')) {
      log('to the success point …');
      result.success = await success(page, result.speed ?? []);
    }
    if (!SKIP.has('tensors')) {
      log(`live tensors over ${TENSOR_STEPS} steps (tiny configurations, wasm) …`);
      result.tensors = await tensors(page);
    }
    await context.close();
  } finally {
    await browser.close();
    child.kill();
  }
  if (!SKIP.has('torch')) {
    log('PyTorch reference …');
    result.torch = torch();
  }
  result.seconds = (Date.now() - started.getTime()) / 1000;
  log('');
  log(table(result));
  const dir = join(ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(result, null, 1);
  writeFileSync(join(dir, 'latest.json'), json);
  writeFileSync(join(dir, 'latest.md'), markdown(result));
  writeFileSync(join(dir, `bench-${started.toISOString().slice(0, 16).replace(/[:T]/g, '-')}.json`), json);
  log(`\nwrote bench-results/latest.json (${result.seconds.toFixed(0)} s)`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
