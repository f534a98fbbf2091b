/**
 * Clock vs pizza in Node (not a test): trains the clock-pizza transformer for each attention
 * rate alpha and prints when test accuracy reaches 99%, then the measures that tell the two
 * algorithms apart (s_g, q, circularity, key frequencies) and the speed. Optionally times steps
 * at the published size (p = 59, d_model 128, frac 0.8).
 *
 * PyTorch reference (shared/reference/modadd.py --model tf --p 31 --d 64 --frac 0.8 --wd 2,
 * 1,500 steps): alpha 0: s_g 0.992, q 0.46, test 99% at step 400; alpha 1: s_g 0.82, q 0.77,
 * test 99% at step 475. At p = 59, d_model 128: 2.2 s/step on this machine's CPU.
 *
 * Node 20 cannot run TypeScript directly; bundle with the rolldown that Vite ships, keeping
 * tfjs external so that core and backend resolve to one (CommonJS) instance:
 *
 *   npx rolldown scripts/clockpizza-trend.ts -p node -f esm \
 *     -e @tensorflow/tfjs-core -e @tensorflow/tfjs-backend-wasm -e @tensorflow/tfjs-backend-cpu \
 *     -o node_modules/.cache/clockpizza-trend.mjs
 *   node node_modules/.cache/clockpizza-trend.mjs [--backend wasm|cpu] [--alphas 0,1] [--steps 1500]
 *     [--p 31] [--d 64] [--frac 0.8] [--wd 2] [--lr 1e-3] [--seeds 0] [--every 25] [--trace 200] [--time59 0|N]
 *   (--every: steps between evaluations; --trace: steps between analyses, default 8 × every;
 *    TRACE_LIVE=1 prints each analysis as it comes)
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { CLOCK_PIZZA_DEFAULTS, type ClockPizzaConfig } from '../src/cells/clock-pizza/config';
import { createClockPizzaSession } from '../src/cells/clock-pizza/session';
import { arg, useBackend } from './node-cli';

const f3 = (x: number) => x.toFixed(3);

async function run(config: ClockPizzaConfig, every: number, traceEvery: number): Promise<void> {
  const t0 = performance.now();
  const s = createClockPizzaSession(config);
  let test99: number | null = null;
  let test100: number | null = null;
  let stepMs = 0;
  let last = await s.evaluate();
  const trace: string[] = [];
  while (s.step < config.steps) {
    const n = Math.min(every, config.steps - s.step);
    const a = performance.now();
    for (let i = 0; i < n; i++) s.trainStep();
    last = await s.evaluate(); // the readback waits for the queued steps to finish
    stepMs += performance.now() - a;
    if (test99 === null && last.testAcc >= 0.99) test99 = last.step;
    if (test100 === null && last.testAcc >= 1) test100 = last.step;
    if (s.step % traceEvery < every || s.step === config.steps) {
      const an = await s.analyse();
      trace.push(`${s.step}: test ${f3(last.testAcc)} s_g ${f3(an.gradSymmetricity)} q ${f3(an.distanceIrrelevance)} circ ${f3(an.circularity)}`);
      if (process.env.TRACE_LIVE) console.log(`  alpha ${config.alpha} seed ${config.seed} ${trace[trace.length - 1]} keys [${an.keyFrequencies.join(', ')}]`);
    }
  }
  const ta = performance.now();
  const an = await s.analyse();
  const analyseMs = performance.now() - ta;
  const wall = (performance.now() - t0) / 1000;
  console.log(
    `alpha ${config.alpha} seed ${config.seed}: test>=0.99 at step ${test99 ?? `> ${config.steps}`}, test 1.0 at ${test100 ?? `> ${config.steps}`}; ` +
      `final (step ${last.step}) train ${f3(last.trainAcc)} test ${f3(last.testAcc)} loss ${last.trainLoss.toExponential(2)}; ` +
      `s_g ${f3(an.gradSymmetricity)} q ${f3(an.distanceIrrelevance)} circularity ${f3(an.circularity)} key frequencies [${an.keyFrequencies.join(', ')}]; ` +
      `${(stepMs / config.steps).toFixed(1)} ms/step (with an evaluation every ${every}), analyse ${analyseMs.toFixed(0)} ms, wall ${wall.toFixed(1)} s`,
  );
  console.log(`  trace: ${trace.join(' | ')}`);
  s.dispose();
}

async function timeStep(config: ClockPizzaConfig, steps: number): Promise<void> {
  const s = createClockPizzaSession(config);
  s.trainStep();
  await s.evaluate();
  const a = performance.now();
  for (let i = 0; i < steps; i++) s.trainStep();
  const m = await s.evaluate();
  const b = performance.now();
  await s.evaluate();
  const c = performance.now();
  await s.analyse(); // the first call sets up kernels: time the second
  const c2 = performance.now();
  await s.analyse();
  const d = performance.now();
  console.log(
    `p ${config.p}, d_model ${config.d_model}, frac ${config.frac}, alpha ${config.alpha}: ${((b - a) / steps).toFixed(0)} ms/step ` +
      `(over ${steps} steps; train loss ${m.trainLoss.toFixed(3)}), evaluate ${(c - b).toFixed(0)} ms, analyse ${(d - c2).toFixed(0)} ms (first call ${(c2 - c).toFixed(0)} ms)`,
  );
  s.dispose();
}

async function main(): Promise<void> {
  const want = arg('backend', 'wasm');
  await useBackend(want);
  const base: ClockPizzaConfig = {
    ...CLOCK_PIZZA_DEFAULTS,
    p: Number(arg('p', '31')),
    d_model: Number(arg('d', '64')),
    frac: Number(arg('frac', '0.8')),
    wd: Number(arg('wd', '2')),
    lr: Number(arg('lr', '1e-3')),
    steps: Number(arg('steps', '1500')),
  };
  const alphas = arg('alphas', '0,1').split(',').filter(Boolean).map(Number);
  const seeds = arg('seeds', '0').split(',').filter(Boolean).map(Number);
  const every = Number(arg('every', '25'));
  const traceEvery = Number(arg('trace', String(every * 8)));
  console.log(
    `backend ${tf.getBackend()}; p ${base.p}, d_model ${base.d_model}, frac ${base.frac}, wd ${base.wd}, lr ${base.lr}, seeds ${seeds.join(',')}, ${base.steps} steps`,
  );
  for (const seed of seeds) for (const alpha of alphas) await run({ ...base, alpha, seed }, every, traceEvery);
  const n59 = Number(arg('time59', '3'));
  if (n59 > 0) await timeStep({ ...CLOCK_PIZZA_DEFAULTS, p: 59, d_model: 128, frac: 0.8, alpha: 1 }, n59);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
