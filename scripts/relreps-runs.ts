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
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { RELREPS_DEFAULTS, type RelrepsConfig } from '../src/cells/relreps/config';
import { loadBrown } from '../src/cells/relreps/loader';
import { createRelrepsSession, type RelrepsAnalysis } from '../src/cells/relreps/session';
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

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
