/**
 * The adversarial-features cell in Node (not a test): runs the whole pipeline on the real MNIST shards
 * (public/data/mnist, written by `npm run build`'s prebuild) and prints each stage's wall time and the
 * numbers of the cell's README.
 *
 *   npm run cell -- adversarial-features -- [--seeds 0,1] [--model mlp] [--norm l2] [--eps 2] [--pgdSteps 30] [--attackSize 5000]
 *     [--epochs 10] [--backend wasm]
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { loadMnist } from '../../core/mnist/loader';
import { arg, fileEnv, useBackend } from '../../../scripts/node-cli';
import { ADV_DEFAULTS, SOURCE_SIZE, type AdvConfig } from './config';
import { runData } from './data';
import { plan, stageAt, stageName, totalSteps } from './pipeline';
import { AdvSession } from './session';

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(3));

async function main(): Promise<void> {
  await useBackend(arg('backend', 'wasm'));
  const data = runData(await loadMnist('file:///', SOURCE_SIZE, fileEnv(join(process.cwd(), 'public', 'data', 'mnist'))));
  for (const seed of arg('seeds', '0').split(',').map(Number)) {
    const d = ADV_DEFAULTS;
    const config: AdvConfig = {
      ...d,
      seed,
      model: arg('model', d.model),
      norm: arg('norm', d.norm),
      eps: Number(arg('eps', String(d.eps))),
      pgdSteps: Number(arg('pgdSteps', String(d.pgdSteps))),
      attackSize: arg('attackSize', d.attackSize),
      epochs: Number(arg('epochs', String(d.epochs))),
    };
    const s = new AdvSession(config, data);
    const stages = plan(config);
    const times = new Map<string, number>();
    const t0 = performance.now();
    while (s.step < totalSteps(stages)) {
      const name = stageName(stageAt(stages, s.step)!.stage);
      const a = performance.now();
      const r = s.trainStep();
      if (r) await r;
      times.set(name, (times.get(name) ?? 0) + performance.now() - a);
    }
    const an = await s.analyse();
    console.log(`${config.model} ${config.norm} eps ${config.eps}, ${config.pgdSteps} PGD steps, ${config.attackSize} attacked, ${config.epochs} epochs, seed ${seed} (${tf.getBackend()}):`);
    for (const [k, v] of times) console.log(`  ${k}: ${(v / 1000).toFixed(1)} s`);
    console.log(`  source test ${f3(an.sourceTestAcc)}`);
    for (const t of ['rand', 'det'] as const) {
      const at = an.attacks[t]!;
      console.log(`  D_${t}: attack success ${f3(at.success)}, mean L2 ${f3(at.meanL2)} (median ${f3(at.medianL2)}), mean Linf ${f3(at.meanLinf)}, mean |delta| ${at.meanAbsPerPixel.toFixed(4)}, cos with mean-digit difference ${f3(at.cosWithMeanDiff)}`);
    }
    for (const [k, v] of Object.entries(an.fresh)) console.log(`  fresh ${k}: clean test ${f3(v.cleanTestAcc)}, called y+1 ${f3(v.predYPlus1)}`);
    console.log(`  wall ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    s.dispose();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
