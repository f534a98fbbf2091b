/** The benchmark's report: the Markdown written to bench-results/latest.md and the table printed. */
import { f1, f2 } from './bench-common.mjs';

/** Everything measured, as Markdown (bench-results/latest.md; the README shows it). */
export function markdown(result) {
  const m = result.machine;
  const lines = [`Measured ${result.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cpus} × ${m.cpu}, ${m.memoryGiB} GiB, ${m.browser ? `Chromium ${m.browser}` : ''}, Node ${m.node}; ${Math.round(result.seconds)} s in all.`, ''];
  if (result.speed) lines.push(table(result), '');
  if (result.torch?.error) lines.push(`PyTorch: not run (${result.torch.error}).`, '');
  const l = result.loaded;
  if (l) {
    lines.push(
      `A busy machine (grokking p 23, width 128, 20,000 steps on WASM beside a spinning worker, SwiftShader flags): ${l.steps} steps in ${f1(l.seconds)} s${l.done ? '' : ' (not done)'}; long tasks took ${f1(100 * l.longTaskShare)}% of the main thread (${l.longTasks} of them, longest ${f1(l.longestTaskMs)} ms, ${l.tasksOver150} over 150 ms); ${f1(l.drawsPerSecond)} chart draws/s.`,
      '',
    );
  }
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
  if (result.reader) {
    lines.push(
      `| a reader's wait, new browser context each (medians of ${result.reader.runs}) | Train → first point | Train → success point | steps/s then |`,
      '|---|---:|---:|---:|',
      ...result.reader.summary.map((r) => `| ${r.cell}, ${{ warm: 'warmed (scrolled to, ready)', cold: 'cold (Train at once, first visit)', 'cold-nogpu': 'cold, first visit, Chromium without GPU flags', 'cold-again': 'cold, second visit (Train at once)' }[r.mode]} | ${f1(r.firstMs)} ms | ${r.successMs === null ? '–' : `${f1(r.successMs / 1000)} s`} | ${f1(r.stepsPerSecond)} |`),
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

export function table(result) {
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
