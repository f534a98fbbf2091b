import { describe, expect, it } from 'vitest';
import { DIGIT_COLUMNS, DIGIT_SIDE, digitGrid } from './digits';

const px = (data: Uint8ClampedArray, width: number, x: number, y: number) => Array.from(data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4));

describe('label-noise misclassified digits picture', () => {
  it('lays digits out 8 to a row, 28 pixels each', () => {
    const one = digitGrid(new Uint8Array(784), 1);
    expect([one.width, one.height]).toEqual([DIGIT_COLUMNS * DIGIT_SIDE, DIGIT_SIDE]);
    expect([DIGIT_COLUMNS, DIGIT_SIDE]).toEqual([8, 28]);
    const nine = digitGrid(new Uint8Array(9 * 784), 9);
    expect([nine.width, nine.height]).toEqual([224, 56]);
    expect(nine.data).toHaveLength(224 * 56 * 4);
    expect(digitGrid(new Uint8Array(16 * 784), 16).height).toBe(56);
    // No digits still gives one (blank) row.
    const none = digitGrid(new Uint8Array(0), 0);
    expect([none.width, none.height]).toEqual([224, 28]);
    expect(none.data.every((v) => v === 0)).toBe(true);
  });

  it('inverts each digit into opaque grey pixels at its place in the grid', () => {
    const n = 10;
    const images = new Uint8Array(n * 784);
    // Digit r has ink r * 20 at its top-left pixel, 255 at (x 5, y 3), 0 elsewhere.
    for (let r = 0; r < n; r++) {
      images[r * 784] = r * 20;
      images[r * 784 + 3 * 28 + 5] = 255;
    }
    const { data, width } = digitGrid(images, n);
    expect(px(data, width, 0, 0)).toEqual([255, 255, 255, 255]);
    expect(px(data, width, 5, 3)).toEqual([0, 0, 0, 255]);
    expect(px(data, width, 1, 0)).toEqual([255, 255, 255, 255]);
    // Digit 3: column 3 of row 0.
    expect(px(data, width, 3 * 28, 0)).toEqual([195, 195, 195, 255]);
    expect(px(data, width, 3 * 28 + 5, 3)).toEqual([0, 0, 0, 255]);
    // Digit 9: column 1 of row 1.
    expect(px(data, width, 28, 28)).toEqual([75, 75, 75, 255]);
    expect(px(data, width, 28 + 5, 28 + 3)).toEqual([0, 0, 0, 255]);
    // Cells past the last digit stay transparent.
    expect(px(data, width, 2 * 28, 28)).toEqual([0, 0, 0, 0]);
    expect(px(data, width, 7 * 28 + 27, 28 + 27)).toEqual([0, 0, 0, 0]);
  });

  it('draws only the first `count` digits', () => {
    const images = new Uint8Array(2 * 784).fill(100);
    const { data, width } = digitGrid(images, 1);
    expect(px(data, width, 27, 27)).toEqual([155, 155, 155, 255]);
    expect(px(data, width, 28, 0)).toEqual([0, 0, 0, 0]);
  });
});
