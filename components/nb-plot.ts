/**
 * <nb-plot>: the one component that owns Plotly. It loads Plotly on first use,
 * draws a `Figure` (plain data from src/figures), and redraws at most ~8 times a
 * second however often the figure changes. The mode bar saves the chart as PNG.
 * Renders into light DOM: Plotly's injected styles do not reach shadow roots.
 */
import { LitElement, html } from 'lit';
import type { Figure } from '../src/figures/types';
import { firstPointOnly } from '../src/figures/skeleton';
import type { PlotlyStatic } from 'plotly.js-dist-min';

let plotly: Promise<PlotlyStatic> | null = null;
export function loadPlotly(): Promise<PlotlyStatic> {
  plotly ??= import('plotly.js-dist-min').then((m) => m.default);
  return plotly;
}

/** Chart draws so far on this page (read by the benchmark as window.__nbPlotDraws). */
const drawStats = { count: 0 };
(globalThis as { __nbPlotDraws?: typeof drawStats }).__nbPlotDraws = drawStats;

/** A chart redraws at most this often ... */
const MIN_INTERVAL_MS = 250;
/** ... and waits at least this many times its last draw's duration (a busy machine draws less often). */
const COST_FACTOR = 8;
/** Free main-thread time left between two chart draws, whichever charts they are: at least this, and at least the last draw's duration. */
const GAP_MS = 40;
/** The last draw's duration, for the gap after it. */
let lastDrawMs = 0;

const PLOT_CONFIG = (filename: string) => ({
  displaylogo: false,
  responsive: true,
  modeBarButtonsToRemove: ['select2d', 'lasso2d', 'autoScale2d'],
  toImageButtonOptions: { format: 'png', filename, scale: 2 },
});

/**
 * One queue for every chart on the page: one chart is drawn per frame, with a gap after each,
 * so many charts updating at once never make one long main-thread task. A draw runs in a task of
 * its own just after a frame (not inside the frame's animation callbacks), so the browser's
 * style, layout and paint of the new chart land in the next frame's task rather than adding to it.
 */
const queue = new Set<NbPlot>();
let pumping = false;
function pump(): void {
  if (pumping || queue.size === 0) return;
  pumping = true;
  requestAnimationFrame(() =>
    setTimeout(async () => {
      const now = performance.now();
      // Of the charts allowed now, one whose first slot drew only its skeleton goes first; then the longest-waiting.
      const ready = [...queue].filter((p) => p.nextAllowed <= now);
      const next = ready.find((p) => p.awaitingData) ?? ready.sort((a, b) => a.nextAllowed - b.nextAllowed)[0] ?? null;
      if (next) {
        queue.delete(next);
        const t0 = performance.now();
        await next.draw().catch((e) => console.warn('chart draw failed', e));
        lastDrawMs = performance.now() - t0;
      }
      const wait = next ? Math.max(GAP_MS, lastDrawMs) : Math.max(GAP_MS, Math.min(...[...queue].map((p) => p.nextAllowed)) - performance.now());
      setTimeout(() => {
        pumping = false;
        pump();
      }, wait);
    }, 0),
  );
}

export class NbPlot extends LitElement {
  static override properties = {
    figure: { attribute: false },
    filename: { type: String },
    placeholder: { type: String },
  };

  declare figure: Figure | null;
  declare filename: string;
  declare placeholder: string;

  /** What Plotly holds in this element: nothing, the one-point skeleton of a first draw, or the data. */
  private stage: 'none' | 'axes' | 'data' = 'none';
  private pending = false;
  private lastDraw = 0;
  /** How long this chart's last redraw took (ms). */
  private lastCost = 0;
  private resizeObserver: ResizeObserver | null = null;

  constructor() {
    super();
    this.figure = null;
    this.filename = 'chart';
    this.placeholder = 'Press Train to see this chart.';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => {
      const el = this.plotEl;
      if (this.stage !== 'none' && el) void loadPlotly().then((P) => P.Plots.resize(el));
    });
    this.resizeObserver.observe(this);
    this.schedule(); // reconnected after a move: draw again
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    const el = this.plotEl;
    if (this.stage !== 'none' && el) void loadPlotly().then((P) => P.purge(el));
    this.stage = 'none';
  }

  private get plotEl(): HTMLElement | null {
    return this.querySelector('.nb-plot-area');
  }

  protected override render() {
    return html`<div class="nb-plot-area" role="figure" aria-label=${this.figureTitle()}></div>
      ${this.figure ? null : html`<div class="nb-plot-empty">${this.placeholder}</div>`}`;
  }

  private figureTitle(): string {
    const t = (this.figure?.layout.title as { text?: string } | undefined)?.text;
    return t ? `Chart: ${t}` : 'Chart';
  }

  protected override updated(): void {
    if (!this.figure && this.stage !== 'none') {
      // The run was reset: drop the old chart rather than leave it under the placeholder.
      const el = this.plotEl;
      if (el) void loadPlotly().then((P) => P.purge(el));
      this.stage = 'none';
    }
    this.schedule();
  }

  /** Ask for a redraw; the shared queue below decides when. */
  private schedule(): void {
    if (!this.figure || this.pending) return;
    this.pending = true;
    queue.add(this);
    pump();
  }

  /** Draw the newest figure now (called by the queue). */
  async draw(): Promise<void> {
    const P = await loadPlotly();
    this.pending = false;
    const el = this.plotEl;
    const fig = this.figure;
    if (!el || !fig || !this.isConnected) return;
    if (this.stage === 'none') {
      // A chart's first draw is its most expensive (axes, mode bar, every layer built from
      // nothing): split it in two queue slots, the chart with one point a trace now and all the
      // data as an ordinary redraw next, so that neither makes a long main-thread task while a
      // run holds the cores.
      const sk = firstPointOnly(fig);
      drawStats.count++;
      await P.newPlot(el, sk.data, sk.layout, PLOT_CONFIG(this.filename));
      if (!this.isConnected || !this.figure) {
        P.purge(el); // reset or removed while Plotly drew: the handlers saw nothing to purge yet
        return;
      }
      this.stage = 'axes';
      this.schedule(); // lastDraw untouched, and the queue serves charts awaiting data first
      return;
    }
    this.lastDraw = performance.now();
    drawStats.count++;
    await P.react(el, fig.data, fig.layout, PLOT_CONFIG(this.filename));
    this.lastCost = performance.now() - this.lastDraw;
    if (this.stage === 'axes') this.stage = 'data'; // unless a reset meanwhile set it back to 'none'
  }

  /** The first slot drew the one-point skeleton; the data is due. */
  get awaitingData(): boolean {
    return this.stage === 'axes';
  }

  /** Earliest time this chart may be drawn again: a chart that draws slowly (a busy machine) draws less often. */
  get nextAllowed(): number {
    return this.lastDraw + Math.max(MIN_INTERVAL_MS, COST_FACTOR * this.lastCost);
  }

  /** A PNG of the chart as a data URL (for tests and export). */
  async toPng(): Promise<string | null> {
    const el = this.plotEl;
    if (this.stage !== 'data' || !el) return null;
    return (await loadPlotly()).toImage(el, { format: 'png' });
  }
}

customElements.define('nb-plot', NbPlot);

/**
 * Draw and drop throwaway charts of each kind the cells use (lines, labelled markers on equal
 * axes, bars on a category axis, a heatmap with its colour bar, an annotation), so that Plotly's
 * first-draw set-up and the compilation of those code paths are not paid during a run.
 */
async function warmUp(): Promise<void> {
  const P = await loadPlotly();
  const el = document.createElement('div');
  el.style.cssText = 'position:absolute;left:-9999px;top:0;width:400px;height:200px';
  document.body.append(el);
  const figures: Array<[Record<string, unknown>[], Record<string, unknown>]> = [
    [
      [
        { type: 'scatter', mode: 'lines+markers+text', x: [1, 2], y: [1, 2], text: ['a', 'b'] },
        { type: 'bar', x: [1, 2], y: [1, 2] },
      ],
      { xaxis: { type: 'category' }, yaxis: { type: 'log' }, shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: 1, y1: 1 }] },
    ],
    [
      [{ type: 'scatter', mode: 'markers+text', x: [0, 1, 0], y: [1, 0, -1], text: ['0', '1', '2'], textposition: 'top center', textfont: { size: 9 } }],
      {
        title: { text: 'warm <b>bold</b>', font: { size: 13 } },
        yaxis: { scaleanchor: 'x' },
        annotations: [{ xref: 'paper', yref: 'paper', x: 1, y: 0, text: 'a', showarrow: false, font: { size: 9 } }],
      },
    ],
    [[{ type: 'heatmap', z: [[1, 2], [3, 4]], colorbar: { thickness: 8 } }], {}],
  ];
  for (const [data, layout] of figures) {
    try {
      await P.newPlot(el, data, layout, PLOT_CONFIG('warm-up'));
      await P.react(el, data, { ...layout, title: { text: 'warm' } }, PLOT_CONFIG('warm-up'));
    } catch (e) {
      console.warn('chart warm-up failed', e); // only a warm-up: the charts draw without it
    }
    P.purge(el);
    await new Promise((r) => setTimeout(r, 0)); // one short task each, not one long one
  }
  el.remove();
  document.documentElement.dataset.plotly = 'ready';
}

/**
 * Fetch and compile Plotly once the page is idle after its first paint, so that the
 * library's one long compile does not land in the middle of a reader's first run.
 */
export function preloadPlotlyWhenIdle(): void {
  const idle = (cb: () => void) =>
    'requestIdleCallback' in window ? window.requestIdleCallback(cb, { timeout: 4000 }) : setTimeout(cb, 1500);
  const go = () => idle(() => void loadPlotly().then(() => idle(() => void warmUp())));
  if (document.readyState === 'complete') go();
  else window.addEventListener('load', go, { once: true });
}

declare global {
  interface HTMLElementTagNameMap {
    'nb-plot': NbPlot;
  }
}
