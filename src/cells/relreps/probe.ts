/**
 * The probe pictures of the relative-representations cell: a few groups of words (numbers, days,
 * ...) placed in 2-D in both models, by their own vectors (absolute) and by their cosines to the
 * anchors (relative), each row's two models on the same axes (a PCA of both together).
 */
import * as tf from '@tensorflow/tfjs-core';
import { mmT } from '../../core/matmul';
import { pca } from '../../core/pca';
import type { Probe } from './analysis';
import type { Text } from './corpus';
import { unitRows } from './metrics';

/** Words drawn in the pictures, by group (only those both models know are drawn). */
export const PROBE_GROUPS: Record<string, string[]> = {
  numbers: ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'twenty'],
  days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
  months: ['january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december'],
  family: ['father', 'mother', 'brother', 'sister', 'son', 'daughter', 'husband', 'wife', 'uncle', 'aunt'],
  colours: ['red', 'blue', 'green', 'yellow', 'white', 'black', 'brown', 'gray'],
  'verbs of speech': ['said', 'asked', 'told', 'replied', 'answered', 'whispered', 'shouted', 'cried'],
  body: ['head', 'hand', 'eyes', 'face', 'arm', 'feet', 'hair', 'mouth', 'shoulder'],
};

/** What the probe reads of a session: the two models' vocabularies and their input vectors. */
export interface ProbeSource {
  /** Global word id of each corpus word. */
  wordId: ReadonlyMap<string, number>;
  texts: readonly [Text, Text];
  /** `dim`: the models' vector size. */
  config: { readonly dim: number };
  /** Input vectors of some global word ids in model i (all must be in its vocabulary). */
  vectorsOf(i: number, globalIds: ArrayLike<number>): tf.Tensor2D;
}

/** The probe words in 2-D: absolute and relative coordinates, each row's two models on the same axes (a PCA of both together). */
export async function probeCoords(src: ProbeSource, spaces: tf.Tensor2D[], anchors: Int32Array, centre: boolean): Promise<Probe> {
  const words: string[] = [];
  const groups: string[] = [];
  const ids: number[] = [];
  for (const [group, list] of Object.entries(PROBE_GROUPS)) {
    for (const w of list) {
      const g = src.wordId.get(w);
      if (g !== undefined && src.texts[0].local[g] >= 0 && src.texts[1].local[g] >= 0) {
        words.push(w);
        groups.push(group);
        ids.push(g);
      }
    }
  }
  const n = words.length;
  if (n < 3) return { words, groups, abs: [new Float32Array(2 * n), new Float32Array(2 * n)], rel: [new Float32Array(2 * n), new Float32Array(2 * n)], absShare: 0, relShare: 0 };
  const means = spaces.map((x) => tf.mean(x, 0, true));
  const [absA, absB, relA, relB] = tf.tidy(() => {
    const v = [0, 1].map((i) => {
      const x = src.vectorsOf(i, ids);
      return centre ? tf.sub(x, means[i]) : x;
    });
    const r = [0, 1].map((i) => {
      const base = centre ? tf.sub(spaces[i], means[i]) : spaces[i];
      const a = tf.gather(base, tf.tensor1d(anchors, 'int32')) as tf.Tensor2D;
      return mmT(unitRows(v[i] as tf.Tensor2D), unitRows(a));
    });
    return [...v, ...r];
  });
  tf.dispose(means);
  try {
    const [a0, a1, r0, r1] = await Promise.all([absA, absB, relA, relB].map((t) => t.data<'float32'>()));
    const joint = (x: Float32Array, y: Float32Array, d: number) => {
      const X = new Float32Array(2 * n * d);
      X.set(x);
      X.set(y, n * d);
      const p = pca(X, 2 * n, d, 2);
      return { first: p.scores.slice(0, 2 * n), second: p.scores.slice(2 * n), share: p.shares[0] + p.shares[1] };
    };
    const abs = joint(a0, a1, src.config.dim);
    const rel = joint(r0, r1, anchors.length);
    return { words, groups, abs: [abs.first, abs.second], rel: [rel.first, rel.second], absShare: abs.share, relShare: rel.share };
  } finally {
    tf.dispose([absA, absB, relA, relB]);
  }
}
