/**
 * Label noise in Node (not a test): trains the label-noise cell's model on the real MNIST shards
 * (public/data/mnist, written by `npm run build`'s prebuild) and prints the full test accuracy,
 * for the numbers in README "Expected results".
 *
 *   npx rolldown scripts/labelnoise-runs.ts -p node -f esm \
 *     -e @tensorflow/tfjs-core -e @tensorflow/tfjs-backend-wasm -e @tensorflow/tfjs-backend-cpu \
 *     -o node_modules/.cache/labelnoise-runs.mjs
 *   node node_modules/.cache/labelnoise-runs.mjs [--alpha 20] [--bias 0] [--model mlp] [--clean 60000]
 *     [--batch 512] [--lr 1e-4] [--steps 4000] [--seed 0] [--every 250] [--backend wasm]
 * (defaults: the cell's, LABEL_NOISE_DEFAULTS)
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { LABEL_NOISE_DEFAULTS, type LabelNoiseConfig } from '../src/cells/label-noise/config';
import { loadMnist } from '../src/core/mnist/loader';
import { expectedLabelShares, noiseSpec } from '../src/cells/label-noise/noise';
import { createLabelNoiseSession } from '../src/cells/label-noise/session';
import { arg, fileEnv, useBackend } from './node-cli';

const DIR = join(process.cwd(), 'public', 'data', 'mnist');
const env = fileEnv(DIR);

async function main(): Promise<void> {
  const want = arg('backend', 'wasm');
  await useBackend(want);
  const d = LABEL_NOISE_DEFAULTS;
  const config: LabelNoiseConfig = {
    ...d,
    alpha: arg('alpha', d.alpha) as LabelNoiseConfig['alpha'],
    bias: Number(arg('bias', String(d.bias))),
    model: arg('model', d.model) as LabelNoiseConfig['model'],
    cleanSize: arg('clean', d.cleanSize) as LabelNoiseConfig['cleanSize'],
    batch: Number(arg('batch', String(d.batch))),
    lr: Number(arg('lr', String(d.lr))),
    steps: Number(arg('steps', String(d.steps))),
    seed: Number(arg('seed', String(d.seed))),
  };
  const every = Number(arg('every', '250'));
  const data = await loadMnist('file:///', Number(config.cleanSize), env);
  const shares = expectedLabelShares(noiseSpec(Number(config.alpha), config.bias), 0);
  console.log(
    `backend ${tf.getBackend()}; ${JSON.stringify(config)}; labels of a 0: right ${(100 * shares[0]).toFixed(1)}%, favoured wrong (1) ${(100 * shares[1]).toFixed(1)}%`,
  );
  const s = createLabelNoiseSession(config, data);
  const t0 = performance.now();
  const trace: string[] = [];
  while (s.step < config.steps) {
    const n = Math.min(every, config.steps - s.step);
    for (let i = 0; i < n; i++) s.trainStep();
    const m = await s.evaluate();
    trace.push(`${m.step}: loss ${m.trainLoss.toFixed(3)} sample-test ${(100 * m.testAcc).toFixed(1)}%`);
    console.log(`  ${trace.at(-1)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  const a = await s.analyse();
  const wall = (performance.now() - t0) / 1000;
  console.log(
    `alpha ${config.alpha} bias ${config.bias} ${config.model} clean ${config.cleanSize} batch ${config.batch} lr ${config.lr} steps ${config.steps} seed ${config.seed}: ` +
      `test accuracy ${(100 * a.testAccuracy).toFixed(2)}% of ${a.testCount}; wall ${wall.toFixed(0)} s (${((1000 * wall) / config.steps).toFixed(0)} ms/step)`,
  );
  s.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
