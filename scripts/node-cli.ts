/**
 * What the Node measurement scripts (grok-seeds, clockpizza-trend, labelnoise-runs) share:
 * reading `--name value` flags and starting a tfjs backend with a fallback to CPU.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The value after `--name` on the command line, or `fallback`. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

/** Start backend `want` (its package must be imported by the caller); CPU when it fails. */
export async function useBackend(want: string): Promise<void> {
  let ok = false;
  try {
    ok = await tf.setBackend(want);
  } catch (e) {
    console.warn(`backend ${want} failed: ${(e as Error).message}`);
  }
  if (!ok) await tf.setBackend('cpu');
  await tf.ready();
}
