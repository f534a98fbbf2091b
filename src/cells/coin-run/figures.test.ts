import { describe, expect, it } from 'vitest';
import { levelImage, summaryFigure, testFigure, ZERO_AT } from './figures';
import { H, L_MAX } from './levels';
import type { WatchedLevel } from './evaluate';

const level = (): WatchedLevel => {
  const wall = new Array(H * L_MAX).fill(0);
  const lava = new Array(H * L_MAX).fill(0);
  wall[0 * L_MAX + 3] = 1;
  lava[4 * L_MAX + 5] = 1;
  return { L: 8, startRow: 2, wall, lava, coin: [2, 4], path: [[2, 0], [2, 1], [2, 2], [2, 3], [2, 4], [2, 5]] };
};

const px = (img: { data: Uint8ClampedArray; width: number }, r: number, c: number, cell = 10) => {
  const o = ((r * cell + cell / 2) * img.width + c * cell + cell / 2) * 4;
  return Array.from(img.data.slice(o, o + 3));
};

describe('coin-run figures', () => {
  it('a watched level: walls, lava, the coin until taken, the path so far and the agent', () => {
    const l = level();
    const t2 = levelImage(l, 2);
    expect(t2.width).toBe(L_MAX * 10);
    expect(px(t2, 1, 9)).toEqual([51, 65, 85]); // past L: the end wall
    expect(t2.height).toBe(H * 10);
    expect(px(t2, 0, 3)).toEqual([51, 65, 85]); // wall
    expect(px(t2, 4, 5)).toEqual([249, 115, 22]); // lava
    expect(px(t2, 2, 4)).toEqual([234, 179, 8]); // coin, not yet taken
    expect(px(t2, 2, 2)).toEqual([37, 99, 235]); // agent at path[2]
    expect(px(t2, 2, 1)).toEqual([147, 197, 253]); // path behind it
    expect(px(t2, 2, 5)).toEqual([248, 250, 252]); // not yet visited
    const end = levelImage(l, 99); // past the end: the last cell, coin taken
    expect(px(end, 2, 5)).toEqual([37, 99, 235]);
    expect(px(end, 2, 4)).toEqual([147, 197, 253]);
  });

  it('the test figure draws coin and end-first over steps with the proxy line; the summary puts 0% on its own tick', () => {
    const f = testFigure(
      [
        { envSteps: 4096, distinguishing: { coin: 0.1, endFirst: 0.5, lava: 0, timeout: 0.4 } },
        { envSteps: 8192, distinguishing: { coin: 0.2, endFirst: 0.7, lava: 0, timeout: 0.1 } },
      ],
      { coin: 0, endFirst: 0.98, lava: 0, timeout: 0 },
      679,
    );
    expect(f.data.map((d) => d.y)).toEqual([[0.1, 0.2], [0.5, 0.7], [0.98, 0.98]]);
    expect((f.layout.title as { text: string }).text).toContain('679');
    const s = summaryFigure([{ randomPercent: 0, seed: 0, envSteps: 299008, coin: 0.18, endFirst: 0.83 }], [{ randomPercent: 2, coin: 0.55, endFirst: 0.44 }], []);
    expect(s.data[0].x).toEqual([ZERO_AT]);
    expect(s.data[1].x).toEqual([2]);
    expect((s.layout.xaxis as { ticktext: string[] }).ticktext[0]).toBe('0%');
  });
});
