/**
 * The digits the network gets wrong as one picture: a grid of 28x28 MNIST images, 8 to a row,
 * inverted (dark ink on white), as RGBA pixels ready for a canvas's putImageData.
 *
 *   misclassified.images [n * 784] bytes ─▶ { data [w * h * 4], width, height }
 */

/** Digits per row of the grid. */
export const DIGIT_COLUMNS = 8;
/** Side of one MNIST digit in pixels. */
export const DIGIT_SIDE = 28;

export interface DigitPicture {
  /** RGBA, row-major, width * height * 4 bytes. */
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

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
  for (let r = 0; r < count; r++) {
    const ox = (r % DIGIT_COLUMNS) * cell;
    const oy = Math.floor(r / DIGIT_COLUMNS) * cell;
    for (let y = 0; y < cell; y++) {
      for (let x = 0; x < cell; x++) {
        const v = 255 - images[r * cell * cell + y * cell + x];
        const o = ((oy + y) * width + ox + x) * 4;
        data[o] = v;
        data[o + 1] = v;
        data[o + 2] = v;
        data[o + 3] = 255;
      }
    }
  }
  return { data, width, height };
}
