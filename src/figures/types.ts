/** A Plotly figure as plain data: what every figure builder returns and nb-plot draws. */
export interface Figure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

export const COLORS = {
  train: '#2563eb',
  test: '#ea580c',
  accent: '#7c3aed',
  muted: '#9ca3af',
  grid: 'rgba(128,128,128,0.18)',
  text: '#374151',
};

/** Layout shared by every chart: compact margins, transparent background, readable font. */
export function baseLayout(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const layout: Record<string, unknown> = {
    title: { text: title, font: { size: 13 }, x: 0.02, xanchor: 'left', y: 0.97 },
    // The top margin holds the title (left), the legend (right, just above the plot) and,
    // on hover, Plotly's mode bar above the legend.
    margin: { l: 48, r: 12, t: 52, b: 38 },
    height: 250,
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { family: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', size: 11, color: COLORS.text },
    showlegend: true,
    legend: { orientation: 'h', x: 1, xanchor: 'right', y: 1, yanchor: 'bottom', font: { size: 10 } },
    uirevision: 'keep',
    ...extra,
  };
  // Tick labels may run past the chart's edge (the margins leave room). Plotly's default, 'hide past
  // div', measures every tick label's box on every redraw to hide those that do: a forced layout
  // each time, about a quarter of a line chart's redraw (timed on an idle page: 12.3 -> 8.0 ms).
  for (const key of Object.keys(layout)) {
    if (/^[xy]axis\d*$/.test(key)) layout[key] = { ticklabeloverflow: 'allow', ...(layout[key] as Record<string, unknown>) };
  }
  if (!('xaxis' in layout)) layout.xaxis = { ticklabeloverflow: 'allow' };
  if (!('yaxis' in layout)) layout.yaxis = { ticklabeloverflow: 'allow' };
  return layout;
}

/** Round for snapshots and for smaller messages: n significant digits. */
export function round(x: number, digits = 4): number {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)) : x;
}
