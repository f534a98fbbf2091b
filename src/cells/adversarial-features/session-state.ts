/**
 * What an adversarial-features run keeps between stages, as a checkpoint (the runtime sends one to
 * the page and resumes a failed backend from it) and as the analysis's pictures. A checkpoint holds
 * the finished stages only: the source and D_rand models' weights, the finished perturbations and
 * the numbers; a run resumes at the start of the stage it was in.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Checkpoint } from '../../core/experiment';
import type { ModelKind } from '../../core/mnist/model';
import { PIXELS } from '../../core/mnist/model';
import type { AttackResult, Gallery, PickResult } from './analysis';
import { Classifier } from './classifier';
import { AMPLIFY, GALLERY } from './config';
import { toBytes } from './data';
import { FRESH, stageAt, type AttackName } from './pipeline';
import type { AdvSession } from './session';

const ATTACK_FIELDS = ['attacked', 'total', 'success', 'meanL2', 'medianL2', 'meanLinf', 'meanAbsPerPixel', 'cosWithMeanDiff'] as const;
const TARGETS: AttackName[] = ['rand', 'det'];

async function weights(net: Classifier, prefix: string, out: Checkpoint['tensors']): Promise<void> {
  const values = await Promise.all(net.vars.map((v) => v.data<'float32'>()));
  net.names.forEach((name, i) => (out[`${prefix}/${name}`] = { shape: [...net.vars[i].shape], values: Float32Array.from(values[i]) }));
}

export async function saveState(s: AdvSession): Promise<Checkpoint> {
  const st = s.s;
  const at = stageAt(s.stages, st.steps);
  const tensors: Checkpoint['tensors'] = {};
  if (st.source) await weights(st.source, 'source', tensors);
  if (st.randModel) await weights(st.randModel, 'rand', tensors);
  for (const t of TARGETS) {
    const a = st.attacks[t];
    const d = st.deltas[t];
    if (!a || !d || a.attacked < a.total) continue;
    tensors[`delta/${t}`] = { shape: [a.total, PIXELS], values: d.slice() };
    tensors[`attack/${t}`] = { shape: [ATTACK_FIELDS.length], values: Float32Array.from(ATTACK_FIELDS, (k) => a[k]) };
  }
  const results = [st.sourceTestAcc ?? NaN, ...FRESH.flatMap((m) => [st.fresh[m]?.cleanTestAcc ?? NaN, st.fresh[m]?.predYPlus1 ?? NaN])];
  tensors.results = { shape: [results.length], values: Float32Array.from(results) };
  return { step: at ? at.stage.start : st.steps, tensors };
}

function loadNet(s: AdvSession, c: Checkpoint, prefix: string): Classifier | null {
  const net = new Classifier(s.config.model as ModelKind, 0, s.config.lr);
  if (!net.names.every((n) => c.tensors[`${prefix}/${n}`])) {
    net.dispose();
    return null;
  }
  tf.tidy(() => net.vars.forEach((v, i) => v.assign(tf.tensor(c.tensors[`${prefix}/${net.names[i]}`].values, v.shape, 'float32'))));
  return net;
}

export function restoreState(s: AdvSession, c: Checkpoint): void {
  const r = c.tensors.results?.values;
  if (!r || r.length !== 1 + 2 * FRESH.length) throw new Error('adversarial-features: the checkpoint has no results');
  const st = s.s;
  st.steps = c.step;
  st.sourceTestAcc = Number.isNaN(r[0]) ? null : r[0];
  FRESH.forEach((m, i) => {
    if (!Number.isNaN(r[1 + 2 * i])) st.fresh[m] = { cleanTestAcc: r[1 + 2 * i], predYPlus1: r[2 + 2 * i] };
  });
  st.source = loadNet(s, c, 'source');
  st.randModel = loadNet(s, c, 'rand');
  for (const t of TARGETS) {
    const d = c.tensors[`delta/${t}`];
    const a = c.tensors[`attack/${t}`];
    if (!d || !a) continue;
    st.deltas[t] = d.values.slice();
    st.attacks[t] = Object.fromEntries(ATTACK_FIELDS.map((k, i) => [k, a.values[i]])) as unknown as AttackResult;
  }
}

/** The first attacked digits of each attack under way or done, clean and perturbed. */
export function galleries(s: AdvSession): Gallery[] {
  const out: Gallery[] = [];
  for (const t of TARGETS) {
    const d = s.s.deltas[t];
    if (!d || (s.s.attacks[t]?.attacked ?? 0) < GALLERY) continue;
    const k = GALLERY * PIXELS;
    const x = s.data.source.x.subarray(0, k);
    out.push({
      target: t,
      clean: toBytes(x),
      adversarial: toBytes(Float32Array.from(x, (v, i) => v + d[i])),
      perturbation: toBytes(Float32Array.from(d.subarray(0, k), (v) => 0.5 + AMPLIFY * v)),
      labels: Array.from(s.data.source.y.subarray(0, GALLERY)),
      targets: Array.from(s.targets[t].subarray(0, GALLERY)),
    });
  }
  return out;
}

/** A test digit with the fresh D_rand model's class probabilities (once that model is trained). */
export async function pickResult(s: AdvSession, index: number): Promise<PickResult> {
  const test = s.data.test;
  const x = test.x.subarray(index * PIXELS, (index + 1) * PIXELS);
  let probs: number[] | null = null;
  const net = s.s.randModel;
  if (net) {
    const p = tf.tidy(() => tf.softmax(net.logits(tf.tensor2d(x, [1, PIXELS]))));
    probs = Array.from(await p.data());
    p.dispose();
  }
  return { index, image: toBytes(x), label: test.y[index], probs };
}
