/**
 * The grokking cell's speed in Node (not a test): steps per second of the page's normal loop (a
 * train step and a metric point every step, as the runtime does below step 200, read back in
 * batches every ~100 ms) and of the bench mode (train steps only), for src/cells/grokking/README.md.
 * The seed study is `npm run seeds` (scripts/grok-seeds.ts).
 *
 *   npm run cell -- grokking -- [--backend wasm|cpu] [--p 97] [--width 500] [--steps 12] [--warmup 2] [--rounds 2]
 *
 * Each round times `steps` steps of each loop, alternating, after `warmup` untimed steps of each.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import type { PendingMetrics } from '../../core/experiment';
import { readMetrics } from '../../core/readback';
import { arg, useBackend } from '../../../scripts/node-cli';
import { GROKKING_DEFAULTS } from './config';
import { createGrokkingSession, type GrokkingSession } from './session';

/** The runtime's READ_MS (workers/schedule.ts; a cell's module does not import the worker code). */
const READ_MS = 100;

/** `steps` steps with a metric point each, read back at most every READ_MS. @returns steps per second */
async function normal(s: GrokkingSession, steps: number): Promise<number> {
  const pending: PendingMetrics[] = [];
  const t0 = performance.now();
  let lastRead = t0;
  for (let i = 0; i < steps; i++) {
    s.trainStep();
    pending.push(s.measure());
    const now = performance.now();
    if (now - lastRead >= READ_MS) {
      lastRead = now;
      await readMetrics(pending.splice(0));
    }
  }
  await readMetrics(pending.splice(0));
  return steps / ((performance.now() - t0) / 1000);
}

/** `steps` train steps, then one readback that waits for the backend. @returns steps per second */
async function bench(s: GrokkingSession, steps: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) s.trainStep();
  await s.checkpoint(); // a readback: the queued work is done
  return steps / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  await useBackend(arg('backend', 'wasm'));
  const p = Number(arg('p', String(GROKKING_DEFAULTS.p)));
  const width = Number(arg('width', String(GROKKING_DEFAULTS.width)));
  const steps = Number(arg('steps', '12'));
  const warmup = Number(arg('warmup', '2'));
  const rounds = Number(arg('rounds', '2'));
  const s = createGrokkingSession({ ...GROKKING_DEFAULTS, p, width });
  console.log(`backend ${tf.getBackend()}, p ${p}, width ${width}, hidden layer by ${s.embedBy}; ${rounds} round(s) of ${steps} steps per loop after ${warmup} warm-up steps`);
  await normal(s, warmup);
  await bench(s, warmup);
  const tensors = tf.memory().numTensors;
  for (let r = 0; r < rounds; r++) {
    const n = await normal(s, steps);
    const b = await bench(s, steps);
    console.log(`round ${r + 1}: normal (step + metric point each step) ${n.toFixed(2)} steps/s (${(1000 / n).toFixed(0)} ms/step); bench (steps only) ${b.toFixed(2)} steps/s (${(1000 / b).toFixed(0)} ms/step)`);
  }
  console.log(`tensors ${tensors} after warm-up, ${tf.memory().numTensors} at the end (step ${s.step})`);
  s.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
