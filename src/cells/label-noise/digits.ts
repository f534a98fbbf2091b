/**
 * The digits the network gets wrong as one picture: a grid of 28x28 MNIST images, 8 to a row,
 * inverted (dark ink on white), as RGBA pixels ready for a canvas's putImageData.
 *
 *   misclassified.images [n * 784] bytes ─▶ { data [w * h * 4], width, height }
 */

import { blitDigit, DIGIT_SIDE, type Picture } from '../../figures/digits';

export { DIGIT_SIDE };
export type DigitPicture = Picture;

/** Digits per row of the grid. */
export const DIGIT_COLUMNS = 8;

/**
 * The first `count` digits of `images` (each 28 * 28 bytes, 0 = background) in a grid of
 * DIGIT_COLUMNS columns, inverted and opaque; cells past the last digit stay transparent, and an
 * empty list still gives one row.
 */
export function digitGrid(images: ArrayLike<number>, count: number): DigitPicture {
  const cell = DIGIT_SIDE;
  const width = DIGIT_COLUMNS * cell;
  const height = Math.max(1, Math.ceil(count / DIGIT_COLUMNS)) * cell;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let r = 0; r < count; r++) blitDigit(data, width, images, r, (r % DIGIT_COLUMNS) * cell, Math.floor(r / DIGIT_COLUMNS) * cell);
  return { data, width, height };
}
