/**
 * npm run bench: the speed benchmark of every cell (README "Benchmark").
 *
 * Serves the production build (dist/, built by `npm run bench` first) with `vite preview`, which
 * sends the cross-origin isolation headers, and drives it in headless Chromium:
 *   1. page: JS fetched before the essay is readable (gzipped here, level 6), first contentful
 *      paint, and main-thread long tasks (> 50 ms) and chart draws while each cell trains, in
 *      Chromium as a machine without a GPU runs it and again with the SwiftShader flags;
 *   1b. loaded: grokking's small problem for 20,000 steps beside a spinning worker: the share of the
 *      main thread in long tasks, the longest, chart draws a second;
 *   1c. reader: Train to the first point and to the success point in the page, for a cell pressed at
 *      once (cold) and one the reader scrolled to and that got ready (warmed): bench-reader.mjs;
 *   2. speed: for each cell's default configuration and each backend, median ms per training step
 *      after warm-up, through the cell's real worker in its benchmark mode, and GFLOP/s from the
 *      model FLOP count (each cell definition's bench.flops);
 *   3. success: steps and seconds to the cell's success point on the fastest backend, where quick;
 *   4. tensors: each cell's worker on a tiny configuration for 5,000 steps of a normal run
 *      (evaluations, analyses, checkpoints): live tensors must stay flat;
 *   5. PyTorch: ../shared/reference/modadd.py on the grokking MLP and the clock-pizza transformer at
 *      the same sizes, in the same run, and the ratio browser / PyTorch.
 * Prints a table and writes bench-results/latest.json (and a dated copy).
 *
 * Flags: --cells a,b  --backends webgpu,webgl,wasm,cpu  --skip page,loaded,reader,speed,success,tensors,torch
 *        --reader-cells grokking,label-noise  --reader-runs 2
 *        --tensor-steps 5000  --spinners 1  --port 4180  --python /usr/bin/python3  --reference <modadd.py>
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { CELLS, f1, f2, flag, launchBrowser, list, log, ROOT, serve } from './bench-common.mjs';
import { pageFigures, trainingUnderLoad } from './bench-page.mjs';
import { readerWaits } from './bench-reader.mjs';
import { PLAIN_CHROMIUM_ARGS } from './chromium-args.mjs';
import { markdown, table } from './bench-report.mjs';

const BACKENDS = list(flag('backends', 'webgpu,webgl,wasm,cpu'));
const SKIP = new Set(list(flag('skip', '')));
const TENSOR_STEPS = Number(flag('tensor-steps', '5000'));
/** Workers spinning beside the 'loaded' window (the CPU load it creates). */
const SPINNERS = Number(flag('spinners', '1'));
const PYTHON = flag('python', '/usr/bin/python3');
/** The cells and repeats of the reader's-wait section (bench-reader.mjs). */
const READER_CELLS = list(flag('reader-cells', 'grokking,label-noise'));
const READER_RUNS = Number(flag('reader-runs', '2'));
const REFERENCE = flag('reference', resolve(ROOT, '../shared/reference/modadd.py'));

/** Steps per measurement by backend: software GPUs and plain JS are slow here, so fewer. */
const SPEC = {
  wasm: { warmup: 3, steps: 12, chunk: 1 },
  webgl: { warmup: 2, steps: 6, chunk: 2 },
  webgpu: { warmup: 2, steps: 4, chunk: 2 },
  cpu: { warmup: 1, steps: 2, chunk: 1 },
};
const SPEED_TIMEOUT_MS = 240_000;


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
    const overrides = { ...INFO[cell].tiny, steps: TENSOR_STEPS };
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
  for (const [cell, args] of Object.entries(INFO).filter(([c, i]) => CELLS.includes(c) && i.torch).map(([c, i]) => [c, i.torch])) {
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

/** What the bench page says of each cell (defaults, success point, tiny config, PyTorch flags). */
let INFO = {};

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
    if (!SKIP.has('loaded')) {
      log(`a busy machine: grokking p 23 for 20,000 steps beside ${SPINNERS} spinning worker(s) …`);
      result.loaded = await trainingUnderLoad(browser, url, 120_000, SPINNERS);
      result.loaded.spinners = SPINNERS;
      const l = result.loaded;
      log(`  ${l.steps} steps in ${f1(l.seconds)} s${l.done ? '' : ' (not done)'}: long tasks ${f1(100 * l.longTaskShare)}% of the main thread (${l.longTasks}, longest ${f1(l.longestTaskMs)} ms, ${l.tasksOver150} over 150 ms), ${f1(l.drawsPerSecond)} chart draws/s`);
    }
    if (!SKIP.has('reader')) {
      log(`a reader's wait: Train to the first point and to the success point, cold and warmed (${READER_CELLS.join(', ')}) …`);
      const plainBrowser = await launchBrowser(PLAIN_CHROMIUM_ARGS);
      try {
        result.reader = { runs: READER_RUNS, ...(await readerWaits(browser, url, READER_CELLS, { runs: READER_RUNS, plainBrowser })) };
      } finally {
        await plainBrowser.close();
      }
    }
    const { page, context } = await benchPage(browser, url);
    // Each cell's tiny config and PyTorch flags, from its definition (through the bench page).
    INFO = await page.evaluate(() => window.nbBench.cells());
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
