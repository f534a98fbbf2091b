/**
 * MNIST digits as RGBA pictures for a canvas (components/pixels.ts drawPixels): 28 × 28 bytes each
 * (0 = background), drawn inverted (dark ink on white) and opaque.
 */

/** Side of one MNIST digit in pixels. */
export const DIGIT_SIDE = 28;

/** An RGBA picture: row-major, width * height * 4 bytes. */
export interface Picture {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** Copy digit `k` of `bytes` into the picture `out` (its width in pixels) at (ox, oy), inverted and opaque. */
export function blitDigit(out: Uint8ClampedArray, width: number, bytes: ArrayLike<number>, k: number, ox: number, oy: number): void {
  const side = DIGIT_SIDE;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const v = 255 - bytes[k * side * side + y * side + x];
      const o = ((oy + y) * width + ox + x) * 4;
      out[o] = v;
      out[o + 1] = v;
      out[o + 2] = v;
      out[o + 3] = 255;
    }
  }
}

/** One digit as a 28 × 28 picture. */
export function digitImage(bytes: ArrayLike<number>): Picture {
  const data = new Uint8ClampedArray(DIGIT_SIDE * DIGIT_SIDE * 4);
  blitDigit(data, DIGIT_SIDE, bytes, 0, 0, 0);
  return { data, width: DIGIT_SIDE, height: DIGIT_SIDE };
}
