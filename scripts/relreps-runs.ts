/**
 * Relative representations in Node (not a test): trains the relreps cell's two models on the
 * Brown corpus (public/data/brown, written by `npm run build`'s prebuild) and prints the
 * comparison along the run, for the numbers in README "Expected results".
 *
 *   npm run relreps -- [--pair w2v-vs-ft] [--split whole] [--share 25] [--steps 3000] [--lr 0.1]
 *     [--batch 512] [--k 10] [--every 500] [--evalWords 3000] [--backend wasm]
 * (needs public/data/brown: run `npm run build` once)
 * (defaults: the cell's, RELREPS_DEFAULTS; at the end it scores both k = 5 and k = 10, centred and not,
 * over --finalWords shared words: all by default, 1-2 minutes per score at 5,000 words)
 *
 * Measurements of the analyses' cost (issue 19) instead of the run above:
 *   --timeAnalyses N [--repeat 3]: train N steps, then time the periodic analysis (the fixed sample,
 *     analysePeriodic) and the full one (analyse, --evalWords) alternately, and print both's scores;
 *   --profile: the analysis's parts timed one by one (after 20 steps; two rounds, the first warming up);
 *   --cadence periodic|full [--until N]: the worker's loop in Node (its Cadence: a flush every 100 ms,
 *     an analysis at most every max(400 ms, its last cost / 0.2), metric points, a checkpoint every
 *     20 s) up to step N (default: --steps), analysing with analysePeriodic (the worker now) or
 *     analyse only (the worker before it); prints the analyses' steps and times and the number of
 *     agreement points, and extrapolates that to the whole --steps at the same rates.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { RELREPS_DEFAULTS, type RelrepsConfig } from '../src/cells/relreps/config';
import { loadBrown } from '../src/cells/relreps/loader';
import { createRelrepsSession, type RelrepsAnalysis } from '../src/cells/relreps/session';
import { readMetrics } from '../src/core/readback';
import { compareBoth, compareSpaces, centred, relative } from '../src/cells/relreps/metrics';
import { probeCoords } from '../src/cells/relreps/probe';
import { Cadence, DEFAULT_SCHEDULE } from '../workers/runtime/cadence';
import { arg, fileEnv, useBackend } from './node-cli';

const f3 = (x: number) => x.toFixed(3);

function line(a: RelrepsAnalysis): string {
  const { abs, rel } = a.scores;
  return (
    `k=${a.k} centre=${a.centre ? 'on' : 'off'} words=${a.evalWords}/${a.sharedVocab}: ` +
    `abs J ${f3(abs.ab.jaccard)}/${f3(abs.ba.jaccard)} MRR ${f3(abs.ab.mrr)}/${f3(abs.ba.mrr)} cos ${f3(abs.ab.cosine)} | ` +
    `rel J ${f3(rel.ab.jaccard)}/${f3(rel.ba.jaccard)} MRR ${f3(rel.ab.mrr)}/${f3(rel.ba.mrr)} cos ${f3(rel.ab.cosine)}`
  );
}

async function main(): Promise<void> {
  await useBackend(arg('backend', 'wasm'));
  const d = RELREPS_DEFAULTS;
  const config: RelrepsConfig = { ...d };
  for (const key of Object.keys(d) as (keyof RelrepsConfig)[]) {
    const v = arg(key, String(d[key]));
    (config as Record<string, string | number>)[key] = typeof d[key] === 'number' ? Number(v) : v;
  }
  const every = Number(arg('every', '500'));
  const corpus = await loadBrown('file:///', fileEnv(join(process.cwd(), 'public', 'data', 'brown')));
  const s = createRelrepsSession(config, corpus);
  console.log(`backend ${tf.getBackend()}; ${JSON.stringify(config)}; vocab ${s.texts.map((t) => t.words.length)}; shared ${s.shared.length}`);
  if (process.argv.includes('--timeAnalyses')) return timeAnalyses(s, Number(arg('timeAnalyses', '300')), Number(arg('repeat', '3')));
  if (process.argv.includes('--profile')) return profile(s);
  if (process.argv.includes('--cadence')) return cadence(s, arg('cadence', 'periodic'), Number(arg('until', String(config.steps))));
  const t0 = performance.now();
  let tensors = tf.memory().numTensors;
  while (s.step < config.steps) {
    s.trainStep();
    if (s.step % every === 0 || s.step === config.steps) {
      const m = await s.evaluate();
      const a = await s.analyse();
      const secs = (performance.now() - t0) / 1000;
      const norms = s.models.map((mod) => mod.variables.map((v) => tf.tidy(() => tf.mean(tf.norm(v, 'euclidean', 1)).dataSync()[0]).toPrecision(3)).join('/'));
      console.log(
        `  row norms (mean; ${s.models.map((mod) => mod.paramNames.join('/')).join(', ')}): ${norms.join(', ')}`,
      );
      console.log(
        `step ${s.step} epoch ${a.epochs.map((e) => e.toFixed(2))} ${secs.toFixed(0)} s (${((1000 * secs) / s.step).toFixed(1)} ms/step) ` +
          `loss ${f3(m.trainLoss)}/${f3(m.testLoss)} tensors ${tf.memory().numTensors - tensors} | ${line(a)}`,
      );
      tensors = tf.memory().numTensors;
    }
  }
  const total = (performance.now() - t0) / 1000;
  console.log(`trained ${config.steps} steps in ${total.toFixed(0)} s`);
  for (const k of [5, 10]) {
    for (const centre of ['on', 'off']) {
      s.setOptions({ k, centre, evalWords: arg('finalWords', 'all'), query: k === 10 && centre === 'on' ? 'monday' : '' });
      const a = await s.analyse();
      console.log(line(a));
      if (a.query) for (let i = 0; i < 2; i++) console.log(`  ${a.names[i]} monday: abs ${a.query.abs[i].map((n) => n.word).join(' ')} | rel ${a.query.rel[i].map((n) => n.word).join(' ')}`);
    }
  }
  s.setOptions({ k: 10, centre: 'on', evalWords: '3000' });
  for (const w of ['father', 'red', 'said', 'president', 'three', 'qwertyish']) {
    s.setOptions({ query: w });
    const a = await s.analyse();
    for (let i = 0; i < 2; i++) console.log(`  ${a.names[i]} ${w} (${a.query?.source[i]}): abs ${a.query?.abs[i].map((n) => n.word).join(' ')} | rel ${a.query?.rel[i].map((n) => n.word).join(' ')}`);
  }
  s.dispose();
}

type Session = ReturnType<typeof createRelrepsSession>;

/** The analysis's parts timed one by one (two rounds; the first warms the kernels up). */
async function profile(s: Session): Promise<void> {
  for (let i = 0; i < 20; i++) s.trainStep();
  const T = async <R>(label: string, f: () => Promise<R> | R): Promise<R> => {
    const t = performance.now();
    const r = await f();
    if (r instanceof tf.Tensor) await r.data();
    console.log(`  ${label}: ${(performance.now() - t).toFixed(0)} ms`);
    return r;
  };
  for (let round = 0; round < 2; round++) {
    console.log(`round ${round + 1}`);
    const spaces: tf.Tensor2D[] = [];
    for (let i = 0; i < 2; i++) spaces.push(await T(`vectors of the shared words, model ${i + 1}`, () => s.vectorsOf(i, s.shared)));
    const anchors = s.anchorRows();
    const prepared = await T('centred', () => spaces.map((x) => centred(x)));
    const rel = await T('relative', () => spaces.map((x) => relative(x, anchors, true)));
    for (const rows of [s.periodicRows(), s.evalRows()]) {
      await T(`compareBoth absolute, ${rows.length} words`, () => compareBoth(prepared[0], prepared[1], 5, rows));
      await T(`compareBoth relative, ${rows.length} words`, () => compareBoth(rel[0], rel[1], 5, rows));
    }
    await T('compareSpaces relative a->b, 1000 words (one direction, as before)', () => compareSpaces(rel[0], rel[1], 5, s.evalRows()));
    await T('probe', () => probeCoords(s, spaces, anchors, true));
    tf.dispose([...spaces, ...prepared, ...rel]);
  }
  s.dispose();
}

async function timed(f: () => Promise<RelrepsAnalysis>): Promise<{ a: RelrepsAnalysis; ms: number }> {
  const t = performance.now();
  const a = await f();
  return { a, ms: performance.now() - t };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One periodic and one full analysis, alternately, `repeat` times after `steps` steps: ms per call. */
async function timeAnalyses(s: Session, steps: number, repeat: number): Promise<void> {
  const t0 = performance.now();
  while (s.step < steps) s.trainStep();
  console.log(`trained ${steps} steps in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const times = { periodic: [] as number[], full: [] as number[] };
  const tensors = tf.memory().numTensors;
  for (let r = 0; r < repeat; r++) {
    const p = await timed(() => s.analysePeriodic());
    const f = await timed(() => s.analyse());
    times.periodic.push(p.ms);
    times.full.push(f.ms);
    if (r === 0) for (const x of [p, f]) console.log(`${x.a.sample} (${x.ms.toFixed(0)} ms): ${line(x.a)}`);
  }
  for (const [k, v] of Object.entries(times)) console.log(`${k}: ${v.map((x) => x.toFixed(0)).join(', ')} ms, median ${median(v).toFixed(0)} ms`);
  console.log(`tensors after ${2 * repeat} analyses: ${tf.memory().numTensors - tensors} more`);
  s.dispose();
}

/** The worker's loop (workers/runtime/loop.ts) in Node up to step `until`: how many analyses (agreement points) it makes. */
async function cadence(s: Session, kind: string, until: number): Promise<void> {
  if (kind !== 'periodic' && kind !== 'full') throw new Error(`--cadence periodic|full, not ${kind}`);
  const c = new Cadence(DEFAULT_SCHEDULE);
  const evalEvery = (step: number) => (step < 20 ? 1 : step < 500 ? 10 : 25); // the definition's
  const pending: ReturnType<Session['measure']>[] = [];
  const points: { step: number; at: number; ms: number; words: number; rel: number }[] = [];
  const t0 = performance.now();
  let checkpoints = 0;
  const analyse = async (full: boolean) => {
    const started = performance.now();
    const a = full || kind === 'full' ? await s.analyse() : await s.analysePeriodic();
    c.analysed(started);
    points.push({ step: a.step, at: (started - t0) / 1000, ms: performance.now() - started, words: a.evalWords, rel: (a.scores.rel.ab.jaccard + a.scores.rel.ba.jaccard) / 2 });
  };
  while (s.step < until) {
    s.trainStep();
    c.stepped();
    const now = performance.now();
    if (s.step % evalEvery(s.step) === 0) pending.push(s.measure());
    if (pending.length && c.readDue(now, false)) await readMetrics(pending.splice(0));
    if (c.flushDue(now) && c.analyseDue(now, false)) await analyse(false);
    if (c.checkpointDue(now, 20000)) {
      await s.checkpoint();
      c.checkpointed();
      checkpoints++;
    }
  }
  await readMetrics(pending.splice(0));
  const stepping = points.length; // the analyses while stepping (the agreement curve's points so far)
  await analyse(true); // stepping stops: the full analysis
  const secs = (performance.now() - t0) / 1000;
  for (const p of points) console.log(`  step ${p.step} at ${p.at.toFixed(1)} s: ${p.words} words, ${p.ms.toFixed(0)} ms, relative Jaccard ${f3(p.rel)}`);
  const analysing = points.slice(0, stepping).reduce((x, p) => x + p.ms, 0) / 1000;
  const perStep = secs / until;
  const rest = s.config.steps - until;
  const more = rest > 0 && stepping > 1 ? (rest * perStep) / ((points[stepping - 1].at - points[0].at) / (stepping - 1)) : 0;
  console.log(
    `${kind}: ${until} steps in ${secs.toFixed(0)} s (${(1000 * perStep).toFixed(0)} ms/step with the analyses, ${checkpoints} checkpoints); ` +
      `${stepping} analyses while stepping (${analysing.toFixed(1)} s, ${((100 * analysing) / secs).toFixed(0)}% of the time) + 1 full at the end` +
      (rest > 0 ? `; at these rates the whole ${s.config.steps} steps: about ${Math.round(stepping + more)} + 1 points (an estimate)` : ''),
  );
  s.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
