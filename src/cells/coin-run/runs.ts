/**
 * The coin cell in Node (not a test): trains the PPO policy for each random_percent and seed, and
 * prints the test on the distinguishing levels (coin collected / reached the end first), in
 * distribution, wall times and the environment's own speed, for src/cells/coin-run/README.md.
 *
 *   npm run cell -- coin-run -- [--percents 0,2,20] [--seeds 0,1] [--steps 300000] [--backend wasm] [--every 10]
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { createRng } from '../../core/rng';
import { COIN_RUN_DEFAULTS, STEPS_PER_UPDATE, updates } from './config';
import { Levels, OBS_SIZE } from './env';
import { createCoinRunSession } from './session';
import { arg, useBackend } from '../../../scripts/node-cli';

const f3 = (x: number) => x.toFixed(3);
const list = (s: string) => s.split(',').map(Number);

/** Env steps per second: 64 levels, observations every step, random actions, resets. */
function envSpeed(): number {
  const levels = new Levels(64, createRng(1), 2);
  const obs = new Float32Array(64 * OBS_SIZE);
  const rng = createRng(2);
  const acts = new Int32Array(64);
  const t0 = performance.now();
  const steps = 2000;
  for (let s = 0; s < steps; s++) {
    levels.obs(obs);
    for (let i = 0; i < 64; i++) acts[i] = rng.int(4);
    const info = levels.step(acts);
    for (let i = 0; i < 64; i++) if (info.done[i]) levels.resetOne(i);
  }
  return (steps * 64) / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  await useBackend(arg('backend', 'wasm'));
  console.log(`backend ${tf.getBackend()}; environment alone: ${Math.round(envSpeed()).toLocaleString('en')} env steps/s (64 levels, observations, resets)`);
  const every = Number(arg('every', '0'));
  for (const randomPercent of list(arg('percents', '0,2,20'))) {
    for (const seed of list(arg('seeds', '0,1'))) {
      const config = { ...COIN_RUN_DEFAULTS, randomPercent, seed, steps: Number(arg('steps', '300000')) };
      const s = createCoinRunSession(config);
      const t0 = performance.now();
      const n = updates(config.steps);
      let trainMs = 0;
      while (s.step < n) {
        const a = performance.now();
        await s.trainStep();
        trainMs += performance.now() - a;
        if (every && s.step % every === 0) {
          const m = await s.evaluate();
          console.log(`  ${randomPercent}% seed ${seed} update ${s.step}: train coin ${f3(m.trainCoinRate)} length ${m.episodeLength.toFixed(1)} loss ${m.loss.toExponential(2)} entropy ${f3(m.entropy)}`);
        }
      }
      const ta = performance.now();
      const an = await s.analyse();
      const evalMs = performance.now() - ta;
      const d = an.evals.at(-1)!.distinguishing;
      console.log(
        `random_percent ${randomPercent} seed ${seed}, ${(n * STEPS_PER_UPDATE).toLocaleString('en')} steps: distinguishing (${an.distinguishingLevels}) coin ${f3(d.coin)} end-first ${f3(d.endFirst)} lava ${f3(d.lava)} timeout ${f3(d.timeout)}; ` +
          `all coin ${f3(an.evals.at(-1)!.all.coin)}; in distribution ${f3(an.inDistributionCoin)}; proxy coin ${f3(an.proxy.all.coin)}; ` +
          `train ${(trainMs / 1000).toFixed(1)} s (${(trainMs / n).toFixed(0)} ms/update), test ${(evalMs / 1000).toFixed(1)} s, wall ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
      s.dispose();
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
