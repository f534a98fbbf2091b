/**
 * Checkpoints of a model trained with our AdamW: every named variable and its two
 * moments, as `<name>`, `adamw.m.<name>`, `adamw.v.<name>`; the AdamW step is the
 * checkpoint's step. Reading is asynchronous (never dataSync: it breaks on WebGPU).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AdamW } from './adamw';
import type { Checkpoint } from './experiment';

export async function saveCheckpoint(step: number, names: readonly string[], vars: readonly tf.Variable[], opt: AdamW): Promise<Checkpoint> {
  const [values, st] = await Promise.all([Promise.all(vars.map(async (v) => new Float32Array(await v.data<'float32'>()))), opt.state()]);
  const tensors: Checkpoint['tensors'] = {};
  names.forEach((name, i) => {
    const shape = [...vars[i].shape];
    tensors[name] = { shape, values: values[i] };
    tensors[`adamw.m.${name}`] = { shape: [...shape], values: st.m[i] };
    tensors[`adamw.v.${name}`] = { shape: [...shape], values: st.v[i] };
  });
  return { step, tensors };
}

/**
 * Put a checkpoint's weights and moments in place. Checks every entry first, so a
 * checkpoint of another config changes nothing and says what differs.
 * @param who names the experiment in error messages
 */
export function loadCheckpoint(c: Checkpoint, names: readonly string[], vars: readonly tf.Variable[], opt: AdamW, who: string): void {
  const get = (key: string, shape: number[]) => {
    const t = c.tensors[key];
    if (!t) throw new Error(`${who}: checkpoint lacks ${key}`);
    const size = shape.reduce((x, y) => x * y, 1);
    const same = t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i]);
    if (!same || t.values.length !== size) {
      throw new Error(`${who}: checkpoint ${key} has shape [${t.shape}], expected [${shape}] (a different config?)`);
    }
    return t.values;
  };
  const w = names.map((name, i) => get(name, vars[i].shape));
  const m = names.map((name, i) => get(`adamw.m.${name}`, vars[i].shape));
  const v = names.map((name, i) => get(`adamw.v.${name}`, vars[i].shape));
  tf.tidy(() => vars.forEach((x, i) => x.assign(tf.tensor(w[i].slice(), x.shape, 'float32'))));
  opt.loadState({ step: c.step, m, v });
}

/** Resume a freshly built session from a checkpoint, if any; a session that cannot take it is freed. */
export function resumeFrom<S extends { restore(c: Checkpoint): void; dispose(): void }>(s: S, checkpoint?: Checkpoint): S {
  if (!checkpoint) return s;
  try {
    s.restore(checkpoint);
  } catch (e) {
    s.dispose();
    throw e;
  }
  return s;
}
