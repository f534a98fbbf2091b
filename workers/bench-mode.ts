/**
 * The worker's benchmark mode (BenchSpec, for `npm run bench`): training steps only, timed in
 * chunks, each chunk closed by a readback that waits for the backend (a GPU's queued work counts).
 * No evaluations, analyses or checkpoints.
 */
import type { TrainingSession } from '../src/core/experiment';
import type { BackendHost } from './runtime/host';
import type { BenchSpec } from './protocol';

export interface StepTimes {
  /** Milliseconds per step of each timed chunk. */
  msPerStep: number[];
  /** Live tensors after the warm-up and after the timed steps. */
  tensorsBefore: number;
  tensorsAfter: number;
}

/**
 * Time `spec.steps` steps after `spec.warmup`. `stop()` says why to give up (a lost device: throws
 * with it) or true to stop quietly (the run was cancelled: resolves to null).
 */
export async function timeSteps(
  session: TrainingSession<unknown>,
  spec: BenchSpec,
  host: Pick<BackendHost, 'settle' | 'tensorCount'>,
  stop: () => string | boolean,
): Promise<StepTimes | null> {
  const { settle, tensorCount } = host;
  const check = () => {
    const why = stop();
    if (typeof why === 'string') throw new Error(why);
    return why;
  };
  for (let i = 0; i < spec.warmup; i++) {
    if (check()) return null;
    const stepping = session.trainStep();
    if (stepping) await stepping;
    await settle();
  }
  const tensorsBefore = tensorCount();
  const msPerStep: number[] = [];
  const chunk = Math.max(1, Math.floor(spec.chunk));
  for (let done = 0; done < spec.steps; done += chunk) {
    if (check()) return null;
    const t0 = performance.now();
    for (let i = 0; i < chunk; i++) {
      const stepping = session.trainStep();
      if (stepping) await stepping;
    }
    await settle();
    msPerStep.push((performance.now() - t0) / chunk);
  }
  return check() ? null : { msPerStep, tensorsBefore, tensorsAfter: tensorCount() };
}
