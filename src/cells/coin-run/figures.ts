/**
 * The coin cell's figures, pure: the test on the distinguishing levels over training, the summary of
 * finished runs against random_percent beside the reference design's values, and a watched level as
 * an RGBA picture (walls, lava, coin, the path so far, the agent).
 */
import { baseLayout, COLORS, round, type Figure } from '../../figures/types';
import type { EvalRates, WatchedLevel } from './evaluate';
import { H, L_MAX } from './levels';

export const COIN_COLOR = '#ca8a04';
export const END_COLOR = '#dc2626';

export interface TestPoint {
  envSteps: number;
  distinguishing: EvalRates;
}

/** Coin collected and end-reached-first on the distinguishing levels, over environment steps, with the proxy's. */
export function testFigure(points: readonly TestPoint[], proxy: EvalRates, count: number): Figure {
  const x = points.map((p) => p.envSteps);
  const line = (name: string, y: number[], color: string) => ({
    type: 'scatter',
    mode: 'lines+markers',
    name,
    x,
    y: y.map((v) => round(v)),
    line: { color, width: 2 },
    marker: { size: 5, color },
    hovertemplate: `%{x:,} steps<br>${name} %{y:.1%}<extra></extra>`,
  });
  const xmax = Math.max(10_000, x.at(-1) ?? 0);
  return {
    data: [
      line('coin collected', points.map((p) => p.distinguishing.coin), COIN_COLOR),
      line('reached the end first', points.map((p) => p.distinguishing.endFirst), END_COLOR),
      {
        type: 'scatter',
        mode: 'lines',
        name: 'proxy (runs right): end first',
        x: [0, xmax],
        y: [round(proxy.endFirst), round(proxy.endFirst)],
        line: { color: COLORS.muted, width: 1.5, dash: 'dash' },
        hovertemplate: `proxy: end first on %{y:.1%}, coin on ${round(100 * proxy.coin, 3)}%<extra></extra>`,
      },
    ],
    layout: baseLayout(`Test: ${count} levels where going right misses the coin`, {
      xaxis: { title: { text: 'environment steps', standoff: 4 }, range: [0, xmax], gridcolor: COLORS.grid, zeroline: false },
      yaxis: { range: [0, 1.02], tickformat: '.0%', gridcolor: COLORS.grid, zeroline: false },
    }),
  };
}

/** One finished run in the summary. */
export interface CoinSummaryPoint {
  randomPercent: number;
  seed: number;
  envSteps: number;
  /** On the distinguishing levels, at the end of the run. */
  coin: number;
  endFirst: number;
}

export interface ReferenceRow {
  randomPercent: number;
  coin: number;
  endFirst: number;
}

/** The x axis: random_percent on a log-like axis that keeps 0 (0 drawn at 0.25). */
export const ZERO_AT = 0.25;
const xOf = (pct: number) => (pct > 0 ? pct : ZERO_AT);

/** Finished runs' coin rate against random_percent, beside the reference design's 300k and 1M values. */
export function summaryFigure(points: readonly CoinSummaryPoint[], ref: readonly ReferenceRow[], refLong: readonly ReferenceRow[]): Figure {
  const refTrace = (rows: readonly ReferenceRow[], name: string, symbol: string) => ({
    type: 'scatter',
    mode: 'markers',
    name,
    x: rows.map((r) => xOf(r.randomPercent)),
    y: rows.map((r) => r.coin),
    text: rows.map((r) => `${r.randomPercent}%: coin ${Math.round(100 * r.coin)}%, end first ${Math.round(100 * r.endFirst)}%`),
    marker: { size: 9, symbol, color: COLORS.muted, line: { width: 2, color: COLORS.muted } },
    hovertemplate: '%{text}<extra>' + name + '</extra>',
  });
  return {
    data: [
      {
        type: 'scatter',
        mode: 'markers',
        name: 'your finished runs',
        x: points.map((p) => xOf(p.randomPercent)),
        y: points.map((p) => round(p.coin)),
        text: points.map((p) => `${p.randomPercent}%, seed ${p.seed}, ${(p.envSteps / 1000).toFixed(0)}k steps: end first ${Math.round(100 * p.endFirst)}%`),
        marker: { size: 10, color: COIN_COLOR, line: { width: 1, color: '#713f12' } },
        hovertemplate: '%{text}<br>coin %{y:.1%}<extra></extra>',
      },
      refTrace(ref, 'PyTorch reference here, 300k (measured, not published)', 'x-thin-open'),
      refTrace(refLong, 'PyTorch reference here, 1M', 'circle-open'),
    ],
    layout: baseLayout('Finished runs: coin collected at test', {
      height: 290,
      xaxis: {
        title: { text: 'random coin % in training', standoff: 4 },
        type: 'log',
        range: [Math.log10(0.18), Math.log10(150)],
        tickvals: [ZERO_AT, 1, 2, 5, 20, 100],
        ticktext: ['0%', '1%', '2%', '5%', '20%', '100%'],
        gridcolor: COLORS.grid,
      },
      yaxis: { range: [0, 1.02], tickformat: '.0%', gridcolor: COLORS.grid, zeroline: false },
      legend: { orientation: 'h', x: 0, xanchor: 'left', y: -0.3, yanchor: 'top', font: { size: 10 } },
      margin: { l: 48, r: 12, t: 40, b: 96 },
    }),
  };
}

const RGB = {
  floor: [248, 250, 252],
  wall: [51, 65, 85],
  lava: [249, 115, 22],
  coin: [234, 179, 8],
  path: [147, 197, 253],
  agent: [37, 99, 235],
  start: [203, 213, 225],
} as const;

/**
 * A watched level at time t as an RGBA picture, `px` pixels a cell, L_MAX columns wide (the columns past
 * the level's L are its end wall, so every level is the same size):
 * the path up to t shaded, the agent at path[t] (the last cell once t passes the end), the coin
 * until the agent stands on it.
 */
export function levelImage(level: WatchedLevel, t: number, px = 10): { data: Uint8ClampedArray; width: number; height: number } {
  const w = L_MAX * px;
  const h = H * px;
  const data = new Uint8ClampedArray(w * h * 4);
  const at = Math.max(0, Math.min(t, level.path.length - 1));
  const seen = new Set<number>();
  for (let k = 0; k <= at; k++) seen.add(level.path[k][0] * L_MAX + level.path[k][1]);
  const [ar, ac] = level.path[at];
  const tookCoin = seen.has(level.coin[0] * L_MAX + level.coin[1]);
  for (let r = 0; r < H; r++) {
    for (let c = 0; c < L_MAX; c++) {
      const j = r * L_MAX + c;
      let col: readonly number[] = RGB.floor;
      if (c >= level.L || level.wall[j]) col = RGB.wall;
      else if (level.lava[j]) col = RGB.lava;
      else if (seen.has(j)) col = RGB.path;
      else if (c === 0 && r === level.startRow) col = RGB.start;
      const agent = r === ar && c === ac;
      const coin = !tookCoin && r === level.coin[0] && c === level.coin[1];
      for (let y = 0; y < px; y++) {
        for (let x = 0; x < px; x++) {
          // The agent and the coin are discs inside their cell, with a floor-coloured border.
          const dx = x - (px - 1) / 2;
          const dy = y - (px - 1) / 2;
          const inDisc = dx * dx + dy * dy <= (px * 0.36) ** 2;
          const c4 = agent && inDisc ? RGB.agent : coin && inDisc ? RGB.coin : col;
          const o = ((r * px + y) * w + c * px + x) * 4;
          data[o] = c4[0];
          data[o + 1] = c4[1];
          data[o + 2] = c4[2];
          data[o + 3] = 255;
        }
      }
    }
  }
  return { data, width: w, height: h };
}
