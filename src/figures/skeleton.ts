import type { Figure } from './types';

/** Per-point attributes of a trace (top level, and inside `marker` / `textfont`). */
const PER_POINT = ['x', 'y', 'z', 'text', 'hovertext', 'customdata'];
const PER_POINT_STYLE = ['color', 'size', 'symbol', 'opacity'];

/**
 * The figure with every trace cut to its first point (a heatmap to its first cell): drawing it
 * builds what a chart's first draw builds once (axes, mode bar, each trace's layers, colour
 * bars) at a fraction of the cost of all the points.
 */
export function firstPointOnly(fig: Figure): Figure {
  const isList = (v: unknown): v is ArrayLike<unknown> => Array.isArray(v) || ArrayBuffer.isView(v);
  const first = (v: ArrayLike<unknown>): unknown[] => Array.from({ length: Math.min(1, v.length) }, (_, i) => v[i]);
  const cut = (v: unknown): unknown => (isList(v) ? first(v) : v);
  // A heatmap's z (and its text, hover text, custom data) is a grid: cut to its first cell. Elsewhere a
  // point's entry may itself be a list (customdata [a, b] a point) and stays whole.
  const cutGrid = (v: unknown): unknown => (isList(v) ? first(v).map((row) => (isList(row) ? first(row) : row)) : v);
  const data = fig.data.map((trace) => {
    const t: Record<string, unknown> = { ...trace };
    const grid = t.type === 'heatmap';
    for (const k of PER_POINT) if (k in t) t[k] = grid || k === 'z' ? cutGrid(t[k]) : cut(t[k]);
    for (const group of ['marker', 'textfont']) {
      const g = t[group];
      if (g && typeof g === 'object' && !Array.isArray(g)) {
        const copy: Record<string, unknown> = { ...(g as Record<string, unknown>) };
        for (const k of PER_POINT_STYLE) if (k in copy) copy[k] = cut(copy[k]);
        t[group] = copy;
      }
    }
    return t;
  });
  return { data, layout: fig.layout };
}
