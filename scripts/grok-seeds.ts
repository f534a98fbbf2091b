/**
 * Measures when the default grokking run generalises, per seed, in Node (not a test).
 *
 * Trains the published default (p = 97, width 500, frac 0.5, wd 5, lr 1e-2) for each seed,
 * evaluating after every step, and prints the first step with test accuracy >= 0.99 (and the
 * first with train accuracy 1.0 and with test accuracy 1.0), plus ms per training step. Reference: step 42 in PyTorch
 * (seeds 0, 1, 2), 44 in Gromov's saved run (100% test).
 *
 * Node 20 cannot run TypeScript directly; bundle with the rolldown that Vite ships, keeping
 * tfjs external so that core and backend resolve to one (CommonJS) instance:
 *
 *   npx rolldown scripts/grok-seeds.ts -p node -f esm \
 *     -e @tensorflow/tfjs-core -e @tensorflow/tfjs-backend-wasm -e @tensorflow/tfjs-backend-cpu \
 *     -o node_modules/.cache/grok-seeds.mjs
 *   node node_modules/.cache/grok-seeds.mjs [--backend wasm|cpu] [--steps 100] [--seeds 0,1,2] [--p 97] [--width 500] [--embed gather|matmul]
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { GROKKING_DEFAULTS, PUBLISHED } from '../src/cells/grokking/config';
import { createGrokkingSession, type EmbedBy } from '../src/cells/grokking/session';
import { arg, useBackend } from './node-cli';

async function main(): Promise<void> {
  const want = arg('backend', 'wasm');
  const steps = Number(arg('steps', '100'));
  const seeds = arg('seeds', '0,1,2').split(',').map(Number);
  const p = Number(arg('p', String(GROKKING_DEFAULTS.p)));
  const width = Number(arg('width', String(GROKKING_DEFAULTS.width)));
  const embed = arg('embed', '');
  const options = embed === 'gather' || embed === 'matmul' ? { embedBy: embed as EmbedBy } : {};
  await useBackend(want);
  console.log(`backend ${tf.getBackend()}, p ${p}, width ${width}, frac 0.5, lr 1e-2, wd 5, ${steps} steps, seeds ${seeds.join(',')}`);

  for (const seed of seeds) {
    const s = createGrokkingSession({ ...GROKKING_DEFAULTS, p, width, seed }, undefined, options);
    if (seed === seeds[0]) console.log(`hidden layer by ${s.embedBy}`);
    let test99: number | null = null;
    let train100: number | null = null;
    let test100: number | null = null;
    let stepMs = 0;
    let evalMs = 0;
    let last = await s.evaluate();
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now();
      s.trainStep();
      const t1 = performance.now();
      last = await s.evaluate();
      const t2 = performance.now();
      // Skip the first step (warm-up, kernel setup) in the timing.
      if (i > 0) {
        stepMs += t1 - t0;
        evalMs += t2 - t1;
      }
      if (train100 === null && last.trainAcc >= 1) train100 = last.step;
      if (test99 === null && last.testAcc >= 0.99 && last.trainAcc >= 1) test99 = last.step;
      if (test100 === null && last.testAcc >= 1) test100 = last.step;
    }
    const n = Math.max(1, steps - 1);
    const row =
      `seed ${seed}: test>=0.99 (train 1.0) at step ${test99 ?? `> ${steps}`}, train 1.0 at ${train100 ?? `> ${steps}`}, test 1.0 at ${test100 ?? `> ${steps}`}; ` +
      `final train ${last.trainAcc.toFixed(4)} test ${last.testAcc.toFixed(4)} loss ${last.trainLoss.toExponential(3)}; ` +
      `${(stepMs / n).toFixed(1)} ms/step train, ${(evalMs / n).toFixed(1)} ms evaluate`;
    console.log(row);
    s.dispose();
  }
  console.log(`reference: PyTorch test>=0.99 at step ${PUBLISHED.pytorchTest99Step}; published 100% test at ${PUBLISHED.test100Step}, train at ${PUBLISHED.train100Step}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
