/**
 * The two skip-gram models of a relreps run (./session.ts) as a Checkpoint's tensors, and back:
 * each variable keyed `<model index>.<kind>.<parameter name>`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Checkpoint } from '../../core/experiment';
import type { SgnsModel } from './model';

function keyed(models: readonly SgnsModel[]): (readonly [string, tf.Variable])[] {
  return models.flatMap((m, i) => m.variables.map((v, j) => [`${i}.${m.kind}.${m.paramNames[j]}`, v] as const));
}

/** Every variable of the models, read back. */
export async function modelTensors(models: readonly SgnsModel[]): Promise<Checkpoint['tensors']> {
  const tensors: Checkpoint['tensors'] = {};
  await Promise.all(
    keyed(models).map(async ([key, v]) => {
      tensors[key] = { shape: [...v.shape], values: new Float32Array(await v.data<'float32'>()) };
    }),
  );
  return tensors;
}

/** Assign a checkpoint's tensors to the models' variables; throws, assigning none, if any is missing or of another shape. */
export function assignModelTensors(models: readonly SgnsModel[], c: Checkpoint): void {
  const all = keyed(models);
  for (const [key, v] of all) {
    const t = c.tensors[key];
    if (!t || t.shape.length !== v.shape.length || t.shape.some((d, j) => d !== v.shape[j])) {
      throw new Error(`relreps: checkpoint ${key} ${t ? `has shape [${t.shape}], expected [${v.shape}]` : 'is missing'} (a different config?)`);
    }
  }
  tf.tidy(() => all.forEach(([key, v]) => v.assign(tf.tensor(c.tensors[key].values.slice(), v.shape, 'float32'))));
}
