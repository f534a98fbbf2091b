/**
 * CoinRun-lite level layouts (port of gen_layout, bfs and dist_to_end in shared/reference/goalmisgen.py).
 *
 * A level is H rows x L columns (L uniform in L_MIN..L_MAX); every grid is stored H x L_MAX, row-major
 * (cell index r * L_MAX + c), and the columns >= L are the end wall. The agent starts in column 0 on a
 * random row. Each interior column 2..L-2 is, with probability P_WALL, a wall column with a 1-2 cell gap
 * (never two wall columns in a row), else with probability P_LAVA holds one lava cell. A layout is drawn
 * again until every cell of the last column L-1 is reachable from the start.
 *
 * Pure: no DOM, no tfjs; all randomness from the injected seeded Rng.
 */
import type { Rng } from '../../core/rng';

export const H = 5, L_MIN = 8, L_MAX = 12, P_WALL = 0.3, P_LAVA = 0.1, T_MAX = 100, VIEW = 4;
/** Side of the egocentric window: 9. */
export const SIDE = 2 * VIEW + 1;
/** Inputs per observation: 3 channels (wall, lava, coin) x 9 x 9 = 243. */
export const OBS_SIZE = 3 * SIDE * SIDE;
export const UP = 0, DOWN = 1, LEFT = 2, RIGHT = 3;
/** Row and column offsets of the actions UP, DOWN, LEFT, RIGHT. */
export const DR: readonly number[] = [-1, 1, 0, 0];
export const DC: readonly number[] = [0, 0, -1, 1];
/** Cells of one stored grid: H x L_MAX. */
export const CELLS = H * L_MAX;
/** Distance of a cell that cannot reach the right end (distToEnd). */
export const FAR = 1_000_000;

/** Cells are row-major, index r * L_MAX + c. */
export interface Layout {
  wall: Uint8Array;
  lava: Uint8Array;
  L: number;
  startRow: number;
  /** BFS distance from the start, -1 unreachable */
  dist: Int32Array;
}

/** BFS queue shared by bfs and distToEnd: every cell is enqueued at most once. */
const queue = new Int32Array(CELLS);

/**
 * Breadth-first distances over free cells (4-neighbour) of an H x L_MAX grid from the given source
 * cells (each at distance 0, free or not); `unreached` marks cells no path reaches.
 */
function distances(free: Uint8Array, sources: readonly number[], unreached: number): Int32Array {
  const d = new Int32Array(CELLS).fill(unreached);
  let head = 0, tail = 0;
  for (const s of sources) {
    d[s] = 0;
    queue[tail++] = s;
  }
  while (head < tail) {
    const cell = queue[head++];
    const r = (cell / L_MAX) | 0, c = cell - r * L_MAX;
    for (let k = 0; k < 4; k++) {
      const rr = r + DR[k], cc = c + DC[k];
      if (rr < 0 || rr >= H || cc < 0 || cc >= L_MAX) continue;
      const j = rr * L_MAX + cc;
      if (free[j] && d[j] === unreached) {
        d[j] = d[cell] + 1;
        queue[tail++] = j;
      }
    }
  }
  return d;
}

/**
 * Shortest-path distance from (r0, c0) over free cells (4-neighbour) of an H x L_MAX grid.
 * As the reference, the start cell gets 0 whether or not it is free.
 * @returns Int32Array(H * L_MAX), -1 = unreachable
 */
export function bfs(free: Uint8Array, r0: number, c0: number): Int32Array {
  return distances(free, [r0 * L_MAX + c0], -1);
}

/** Free cells (neither wall nor lava) of a wall and a lava grid. */
export function freeCells(wall: Uint8Array, lava: Uint8Array): Uint8Array {
  const free = new Uint8Array(CELLS);
  for (let j = 0; j < CELLS; j++) free[j] = wall[j] || lava[j] ? 0 : 1;
  return free;
}

/** A layout from its grids (the BFS distances from the start are computed here). Used for hand-made levels. */
export function makeLayout(wall: Uint8Array, lava: Uint8Array, L: number, startRow: number): Layout {
  return { wall, lava, L, startRow, dist: bfs(freeCells(wall, lava), startRow, 0) };
}

/** One level without its coin; drawn again until the whole last column is reachable from the start. */
export function genLayout(rng: Rng): Layout {
  for (;;) {
    const L = L_MIN + rng.int(L_MAX - L_MIN + 1);
    const wall = new Uint8Array(CELLS), lava = new Uint8Array(CELLS);
    for (let r = 0; r < H; r++) for (let c = L; c < L_MAX; c++) wall[r * L_MAX + c] = 1;
    let prev = false;
    for (let c = 2; c < L - 1; c++) {
      if (!prev && rng.next() < P_WALL) {
        const g = rng.int(H), gh = 1 + rng.int(2);
        // wall[:, c] = True; wall[g:g + gh, c] = False (the slice is clipped to the grid).
        for (let r = 0; r < H; r++) wall[r * L_MAX + c] = r >= g && r < g + gh ? 0 : 1;
        prev = true;
      } else {
        prev = false;
        if (rng.next() < P_LAVA) lava[rng.int(H) * L_MAX + c] = 1;
      }
    }
    const startRow = rng.int(H);
    const dist = bfs(freeCells(wall, lava), startRow, 0);
    let ok = true;
    for (let r = 0; r < H && ok; r++) ok = dist[r * L_MAX + L - 1] >= 0;
    if (ok) return { wall, lava, L, startRow, dist };
  }
}

/** Shortest-path distance from every cell to the right end (any free cell of column L-1), over free cells; 1e6 unreachable. */
export function distToEnd(layout: Layout): Int32Array {
  const free = freeCells(layout.wall, layout.lava);
  const ends: number[] = [];
  for (let r = 0; r < H; r++) if (free[r * L_MAX + layout.L - 1]) ends.push(r * L_MAX + layout.L - 1);
  return distances(free, ends, FAR);
}
