import { PIXELS } from '../../core/mnist/model';
import type { DigitSet } from './session';
import { createRng } from '../../core/rng';

/**
 * Synthetic digits a network can learn in a few steps: class c lights rows 2c+4..2c+5 of the
 * image (plus a little noise), so the classes are linearly separable.
 */
export function synthetic(count: number, seed: number): DigitSet {
  const rng = createRng(seed);
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const c = rng.int(10);
    labels[i] = c;
    for (let j = 0; j < PIXELS; j++) {
      const row = Math.floor(j / 28);
      images[i * PIXELS + j] = row === 2 * c + 4 || row === 2 * c + 5 ? 200 + rng.int(56) : rng.int(30);
    }
  }
  return { images, labels, count };
}
