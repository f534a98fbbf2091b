import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import {
  DOWN, FAR, H, LEFT, L_MAX, L_MIN, Levels, OBS_SIZE, RIGHT, SIDE, T_MAX, UP,
  bfs, distToEnd, freeCells, genLayout, makeLayout, proxyActions, rates, rollOut, testLevels, type Layout,
} from './env';

/** A hand-made layout from H strings ('#' wall, '~' lava, '.' free); columns >= L are the end wall. */
function level(rows: string[], startRow: number): Layout {
  const L = rows[0].length;
  const wall = new Uint8Array(H * L_MAX).fill(1), lava = new Uint8Array(H * L_MAX);
  rows.forEach((s, r) => [...s].forEach((ch, c) => {
    wall[r * L_MAX + c] = ch === '#' ? 1 : 0;
    lava[r * L_MAX + c] = ch === '~' ? 1 : 0;
  }));
  return makeLayout(wall, lava, L, startRow);
}
/** Levels holding the given layouts (coin at the end, or at coins[i]). */
function levelsOf(layouts: Layout[], coins: ([number, number] | undefined)[] = []): Levels {
  const env = new Levels(layouts.length, createRng(0), 0);
  layouts.forEach((lay, i) => env.place(i, lay, false, coins[i]));
  return env;
}
const at = (d: Int32Array, r: number, c: number) => d[r * L_MAX + c];
// Wall column at 3 with its gap at row 4; L = 8.
const MAZE = ['...#....', '...#....', '...#....', '...#....', '........'];
const OPEN = ['........', '........', '........', '........', '........'];

describe('coin-run levels', () => {
  it('generation is seeded', () => {
    const draw = (seed: number) => { const rng = createRng(seed); return Array.from({ length: 20 }, () => genLayout(rng)); };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(8)).not.toEqual(draw(7));
    const a = new Levels(8, createRng(5), 50), b = new Levels(8, createRng(5), 50);
    expect(a.layouts).toEqual(b.layouts);
    expect([a.coinRow, a.coinCol, a.randomCoin, a.r]).toEqual([b.coinRow, b.coinCol, b.randomCoin, b.r]);
  });

  it('generated levels: last column reachable, walls only in 2..L-2 (never adjacent), 1-2 cell gaps, lava', () => {
    const rng = createRng(1);
    const gaps = new Set<number>(), Ls = new Set<number>();
    let lavaCells = 0;
    for (let n = 0; n < 3000; n++) {
      const lay = genLayout(rng), { L, wall, lava } = lay;
      Ls.add(L);
      expect(L).toBeGreaterThanOrEqual(L_MIN);
      expect(L).toBeLessThanOrEqual(L_MAX);
      expect(lay.startRow).toBeGreaterThanOrEqual(0);
      expect(lay.startRow).toBeLessThan(H);
      expect(lay.dist).toEqual(bfs(freeCells(wall, lava), lay.startRow, 0));
      let prevWall = false;
      for (let c = 0; c < L_MAX; c++) {
        const col = [...Array(H).keys()];
        const nWall = col.filter((r) => wall[r * L_MAX + c]).length, nLava = col.filter((r) => lava[r * L_MAX + c]).length;
        if (c >= L) { expect(nWall).toBe(H); expect(nLava).toBe(0); continue; }
        if (c < 2 || c === L - 1) { expect(nWall + nLava).toBe(0); continue; }
        expect(nLava).toBeLessThanOrEqual(1);
        lavaCells += nLava;
        const isWall = nWall > 0;
        if (isWall) {
          expect(prevWall).toBe(false);
          expect(nLava).toBe(0);
          const open = col.filter((r) => !wall[r * L_MAX + c]);
          expect(open.length === 1 || (open.length === 2 && open[1] === open[0] + 1)).toBe(true);
          gaps.add(open.length);
        }
        prevWall = isWall;
      }
      for (let r = 0; r < H; r++) expect(at(lay.dist, r, L - 1)).toBeGreaterThan(0);
    }
    expect([...gaps].sort()).toEqual([1, 2]);
    expect(Ls.size).toBe(L_MAX - L_MIN + 1);
    expect(lavaCells).toBeGreaterThan(100);
  });

  it('bfs and distToEnd on a hand-made grid', () => {
    const free = new Uint8Array(H * L_MAX).fill(1);
    for (let r = 0; r < 4; r++) free[r * L_MAX + 2] = 0; // wall column 2, gap at row 4
    free[0 * L_MAX + 10] = 0; free[1 * L_MAX + 11] = 0; // (0, 11) shut in
    const d = bfs(free, 0, 0);
    expect([at(d, 0, 0), at(d, 2, 1), at(d, 4, 0), at(d, 4, 2), at(d, 4, 3), at(d, 0, 3), at(d, 0, 2), at(d, 0, 11)])
      .toEqual([0, 3, 4, 6, 7, 11, -1, -1]);
    const lay = level(MAZE, 0), e = distToEnd(lay);
    expect([at(e, 0, 7), at(e, 4, 7), at(e, 0, 4), at(e, 4, 3), at(e, 0, 0), at(e, 0, 3), at(e, 0, 8)]).toEqual([0, 0, 3, 4, 11, FAR, FAR]);
    expect([at(lay.dist, 4, 7), at(lay.dist, 0, 7)]).toEqual([11, 15]);
  });
});

describe('coin-run Levels', () => {
  it('egocentric observation: out-of-level reads as wall, coin and lava at their window cells', () => {
    const env = levelsOf([level(['........', '..~.....', '........', '........', '........'], 0)], [[0, 2]]);
    const o = new Float32Array(OBS_SIZE);
    env.obs(o);
    const idx = (ch: number, dr: number, dc: number) => ch * SIDE * SIDE + (dr + 4) * SIDE + (dc + 4);
    const sum = (ch: number) => o.subarray(ch * 81, ch * 81 + 81).reduce((s, x) => s + x, 0);
    expect(o[idx(2, 0, 2)]).toBe(1);
    expect(o[idx(1, 1, 2)]).toBe(1);
    expect([sum(0), sum(1), sum(2)]).toEqual([81 - 25, 1, 1]);
    for (let k = -4; k <= 4; k++) {
      expect([o[idx(0, -1, k)], o[idx(1, -1, k)], o[idx(2, -1, k)]]).toEqual([1, 0, 0]); // row above
      expect([o[idx(0, k, -1)], o[idx(1, k, -1)], o[idx(2, k, -1)]]).toEqual([1, 0, 0]); // column to the left
    }
    expect(o[idx(0, 0, 0)]).toBe(0);
    env.r[0] = 2; env.c[0] = 5; // columns >= L = 8 are the end wall
    env.obs(o);
    expect([o[idx(0, 0, 2)], o[idx(0, 0, 3)], o[idx(0, 2, 3)], o[idx(0, 3, 0)], o[idx(1, -1, -3)], o[idx(2, -2, -3)]]).toEqual([0, 1, 1, 1, 1, 1]);
  });

  it('walls and edges block, lava ends with 0, the coin gives 1, timeout at T_MAX', () => {
    const env = levelsOf([level(MAZE, 0), level(['........', '.~......', '........', '........', '........'], 1), level(OPEN, 2)], [undefined, undefined, [2, 1]]);
    let info = env.step([RIGHT, UP, LEFT]);
    expect([env.r[0], env.c[0], env.r[1], env.c[1], env.r[2], env.c[2]]).toEqual([0, 1, 0, 0, 2, 0]);
    info = env.step([RIGHT, DOWN, RIGHT]);
    expect([env.c[0], env.r[1], env.c[2]]).toEqual([2, 1, 1]);
    expect([...info.reward]).toEqual([0, 0, 1]);
    expect([...info.coin]).toEqual([0, 0, 1]);
    expect([...info.done]).toEqual([0, 0, 1]);
    info = env.step([RIGHT, RIGHT, LEFT]); // into the wall column: stay; onto lava: done, reward 0
    expect([env.r[0], env.c[0], env.r[1], env.c[1]]).toEqual([0, 2, 1, 1]);
    expect([info.lava[1], info.done[1], info.reward[1], info.coin[1], info.done[0]]).toEqual([1, 1, 0, 0, 0]);
    for (let t = 4; t < T_MAX; t++) expect(env.step([RIGHT, UP, UP]).done[0]).toBe(0);
    info = env.step([RIGHT, UP, UP]);
    expect([env.t[0], info.done[0], info.timeout[0], info.reward[0], env.c[0]]).toEqual([T_MAX, 1, 1, 0, 2]);
    expect(() => env.step([4, 0, 0])).toThrow();
  });

  it('endFirst fires once, on first entering column L-1 without the coin', () => {
    const env = levelsOf([level(OPEN, 0), level(OPEN, 2)]);
    const fired: number[][] = [];
    const moves = [...Array(7).fill(RIGHT), LEFT, RIGHT, DOWN, DOWN];
    for (const m of moves) fired.push([...env.step([m, m]).endFirst]);
    expect(fired.map((f) => f[0])).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(fired.map((f) => f[1])).toEqual(Array(11).fill(0)); // level 1 enters column 7 on the coin
    expect([env.reachedEnd[0], env.r[0], env.c[0]]).toEqual([1, 2, 7]);
  });

  it('random_percent: share of random coins, and a random coin is on a reachable free cell in 1..L-2', () => {
    const share = (pct: number, n: number, check = false) => {
      const env = new Levels(1, createRng(pct + 17), pct);
      let k = 0;
      for (let i = 0; i < n; i++) {
        env.resetOne(0);
        const lay = env.layouts[0], r = env.coinRow[0], c = env.coinCol[0];
        if (env.randomCoin[0]) {
          k++;
          if (check) {
            expect(c >= 1 && c <= lay.L - 2).toBe(true);
            expect(at(lay.dist, r, c)).toBeGreaterThan(0);
            expect(lay.wall[r * L_MAX + c] + lay.lava[r * L_MAX + c]).toBe(0);
          }
        } else expect([r, c]).toEqual([2, lay.L - 1]);
      }
      return k / n;
    };
    for (const pct of [2, 20]) {
      const p = pct / 100, se = Math.sqrt((p * (1 - p)) / 20000);
      expect(Math.abs(share(pct, 20000) - p)).toBeLessThan(4 * se);
    }
    expect(share(0, 2000)).toBe(0);
    expect(share(100, 2000, true)).toBe(1);
    const a = testLevels(50, 3, true), b = testLevels(50, 3, true), e = testLevels(50, 3, false);
    expect([a.layouts, a.coinRow, a.coinCol]).toEqual([b.layouts, b.coinRow, b.coinCol]);
    expect(e.layouts).toEqual(a.layouts);
    expect([...a.randomCoin].every((x) => x === 1) && [...e.coinRow].every((x) => x === 2)).toBe(true);
  });

  it('rollOut: finished levels stay put, outcomes and paths', () => {
    const env = levelsOf([level(OPEN, 1), level(MAZE, 0)], [[1, 1], undefined]);
    const res = rollOut(env, () => [RIGHT, RIGHT], 2);
    expect([...res.coin, ...res.timeout, ...res.endFirst]).toEqual([1, 0, 0, 1, 0, 0]);
    expect([env.r[0], env.c[0]]).toEqual([1, 1]);
    expect(res.paths[0]).toEqual([[1, 0], [1, 1]]);
    expect(res.paths[1].length).toBe(T_MAX + 1);
    expect(rates(new Uint8Array([1, 0, 1, 1]))).toBe(0.75);
    expect(rates(new Uint8Array([1, 0, 1, 1]), new Uint8Array([0, 1, 1, 0]))).toBe(0.5);
  });
});

/** Index in a path of the first cell in column L-1. */
const firstEnd = (path: [number, number][], L: number) => path.findIndex(([, c]) => c === L - 1);

describe('coin-run policies', () => {
  it('the proxy takes a shortest path to the right end (hand-made and generated levels)', () => {
    const hand = levelsOf([level(MAZE, 0)]), maps = [distToEnd(hand.layouts[0])];
    const h = rollOut(hand, () => proxyActions(hand, maps), 1);
    expect(firstEnd(h.paths[0], 8)).toBe(11);
    expect(h.paths[0].slice(0, 6)).toEqual([[0, 0], [0, 1], [0, 2], [1, 2], [2, 2], [3, 2]]);
    const env = testLevels(300, 99, false), dm = env.layouts.map(distToEnd);
    const res = rollOut(env, () => proxyActions(env, dm), 300);
    env.layouts.forEach((lay, i) => {
      expect(firstEnd(res.paths[i], lay.L)).toBe(at(dm[i], lay.startRow, 0));
      expect(at(dm[i], lay.startRow, 0)).toBeGreaterThanOrEqual(lay.L - 1);
    });
    expect(rates(res.lava)).toBe(0);
    expect(rates(res.endFirst) + rates(res.coin)).toBeGreaterThanOrEqual(1);
  });

  it('the proxy collects a random coin by accident in about a third of test levels', () => {
    const env = testLevels(1000, 12345, true), dm = env.layouts.map(distToEnd);
    const share = rates(rollOut(env, () => proxyActions(env, dm)).coin);
    console.log(`proxy random-coin share (1000 levels, seed 12345): ${share}`);
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.5);
  });

  it('a random policy reaches the end coin in about 9% of episodes', () => {
    const env = testLevels(1000, 12345, false), rng = createRng(4), acts = new Int32Array(1000);
    const res = rollOut(env, () => { for (let i = 0; i < 1000; i++) acts[i] = rng.int(4); return acts; });
    const share = rates(res.coin);
    console.log(`random policy end-coin share (1000 levels, seed 12345): ${share}`);
    expect(share).toBeGreaterThan(0.04);
    expect(share).toBeLessThan(0.16);
  });

  it('timing: 100,000 env steps on 64 levels with obs()', () => {
    const n = 64, env = new Levels(n, createRng(3), 2), rng = createRng(9);
    const o = new Float32Array(n * OBS_SIZE), acts = new Int32Array(n);
    let steps = 0, episodes = 0;
    const t0 = performance.now();
    while (steps < 100_000) {
      env.obs(o);
      for (let i = 0; i < n; i++) acts[i] = rng.int(4);
      const info = env.step(acts);
      for (let i = 0; i < n; i++) if (info.done[i]) { env.resetOne(i); episodes++; }
      steps += n;
    }
    const s = (performance.now() - t0) / 1000;
    console.log(`env steps/s (64 levels, obs each step, resets): ${Math.round(steps / s)} (${episodes} episodes)`);
    expect(episodes).toBeGreaterThan(0);
  });
});
