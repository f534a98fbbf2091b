/**
 * The cell frame every live cell shares, driven by the cell's definition (src/cells/<id>/
 * definition.ts): its parameters (in step with the URL), its run (a RunController owning the
 * worker), presets, the toolbar, the read-out line, the metric charts, messages, Export, and the
 * testability contract: `data-experiment` and `data-status` on the element, a `results` property
 * with the latest state as plain JSON (one field per metric series, plus the cell's own).
 * A cell's component only renders: its lede, comparison, figures and extra results.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type { ParamTable, ParamValues } from '../src/core/params';
import type { CellDefinition, SeriesSpec } from '../src/core/cell';
import { CellParams } from '../src/state/cell-params';
import { RunController } from '../src/state/run-controller';
import { buildExport, downloadJson, formatBytes } from '../src/state/export';
import { spawnWorker } from '../src/cells/workers';
import { WarmOnApproach } from '../src/state/warm-on-approach';
import { metricsFigure, type Reference } from '../src/figures/metrics';
import { BACKEND_SPEC, formatValue, logToggle, renderMessages, STATUS_TEXT } from './cell-parts';
import type { Fault } from '../workers/protocol';
import type { ParamChange } from './nb-param';
import './nb-param';
import './nb-plot';

export interface BaseResults {
  step: number;
  backend: string | null;
  backendDetail: string;
  stepsPerSecond: number;
  /** Live tensors in the training worker at its last report (flat over a run, or it leaks). */
  workerTensors: number | null;
  status: string;
  /** The latest value of each metric series of the definition (null before the first point). */
  [series: string]: unknown;
}

export abstract class NbCellBase<T extends ParamTable, A> extends LitElement {
  protected readonly params: CellParams<T>;
  protected readonly run: RunController<ParamValues<T>, A>;
  /** Whether the training curves use a log step axis (the toggle above them). */
  protected logX = false;
  /** A problem with a value the reader typed or dragged (not applied). */
  protected inputProblem: string | null = null;
  private figures = new Map<string, { keys: unknown[]; value: unknown }>();
  /** Size in bytes of the last file Export saved (shown on the button). */
  private exportBytes: number | null = null;
  /** Gets the run ready as the reader approaches the cell (src/state/warm-on-approach.ts). */
  private readonly warmer: WarmOnApproach<ParamValues<T>>;

  constructor(readonly definition: CellDefinition<T>) {
    super();
    this.params = new CellParams(definition.id, definition.params);
    this.run = new RunController<ParamValues<T>, A>(this, { spawn: () => spawnWorker(definition.id) });
    this.warmer = new WarmOnApproach(this, this.run as RunController<ParamValues<T>, unknown>, () => ({ config: this.params.values, backend: this.params.backend }));
  }

  protected get cellId(): string {
    return this.definition.id;
  }

  protected get config(): ParamValues<T> {
    return this.params.values;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** 'loading' while the cell gets ready before Train, 'ready' once it is, else null (tests, bench). */
  get warmState(): 'loading' | 'ready' | null {
    return this.warmer.state;
  }

  /** The figures of this cell. */
  protected abstract renderFigures(): TemplateResult;
  /** One line comparing the live run with the published result. */
  protected abstract renderComparison(): TemplateResult | typeof nothing;
  /** Cell-specific fields of `results`. */
  protected abstract extraResults(): Record<string, unknown>;
  protected renderLede(): TemplateResult | typeof nothing {
    return nothing;
  }

  /**
   * Set several parameters at once (a preset): the live ones apply to the running run, and the
   * run restarts once if any of them needs it. Values a parameter refuses are left as they were.
   */
  protected setValues(values: Readonly<Record<string, number | string>>): void {
    let restart = false;
    let live = false;
    for (const [k, v] of Object.entries(values)) {
      const r = this.params.set(k, v);
      if (r === 'restart') restart = true;
      else if (typeof r === 'string') live = true;
    }
    if (restart) this.run.scheduleRestart(this.params.values, this.params.backend);
    else if (live) this.run.applyLive(this.params.values);
    this.requestUpdate();
  }

  /**
   * Sets the cell to a named preset of its definition and trains it (an excerpt's button calls
   * this): an idle cell starts, a running or finished one restarts with the preset (a paused one
   * stays paused); scrolls the cell into view when its top is off screen. @returns false for an unknown name
   */
  applyPreset(name: string): boolean {
    const preset = Object.hasOwn(this.definition.presets, name) ? this.definition.presets[name] : undefined;
    if (!preset) return false;
    this.setValues(preset.values as Record<string, number | string>);
    if (this.run.status === 'idle') this.run.train(this.params.values, this.params.backend);
    const top = this.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight * 0.6) this.scrollIntoView({ block: 'start', behavior: 'smooth' });
    return true;
  }

  /** The definition's presets as a row of buttons (none when it has none). */
  protected renderPresets(): TemplateResult | typeof nothing {
    const presets = Object.values(this.definition.presets);
    if (!presets.length) return nothing;
    return html`<div class="nb-presets" role="group" aria-label="${this.definition.title}: presets">
      <span class="nb-hint">presets:</span>
      ${presets.map((p) => html`<button @click=${() => this.setValues(p.values as Record<string, number | string>)} title=${p.title ?? nothing}>${p.label}</button>`)}
    </div>`;
  }

  /**
   * The definition's metric charts over steps, in one row. `labels` renames series (a cell whose
   * series are named by its config); `reference` marks a published step on one chart.
   */
  protected renderMetricCharts(o: { labels?: Record<string, string>; reference?: { chart: string } & Reference } = {}): TemplateResult {
    const h = this.run.history;
    const has = h.length > 0;
    const stem = this.cellId.replace(/-/g, '');
    const series = (keys: readonly string[]): SeriesSpec[] =>
      keys.map((k) => {
        const s = this.definition.series.find((x) => x.key === k) as SeriesSpec;
        return o.labels?.[k] ? { ...s, label: o.labels[k] } : s;
      });
    return html`<div class="nb-fig-row">
      ${this.definition.charts.map((chart) => {
        const reference = o.reference?.chart === chart.id ? o.reference : undefined;
        return html`<nb-plot
          class="nb-fig"
          filename="${stem}-${chart.id}"
          .figure=${has
            ? this.memo(`metrics:${chart.id}`, [h, this.logX, reference?.step, reference?.label, ...Object.values(o.labels ?? {})], () =>
                metricsFigure(h, { chart, series: series(chart.series), logX: this.logX, reference }),
              )
            : null}
        ></nb-plot>`;
      })}
    </div>`;
  }

  /** The "log step axis" toggle shown above a cell's training curves. */
  protected renderLogToggle(): TemplateResult {
    return logToggle(this.logX, (on) => ((this.logX = on), this.requestUpdate()));
  }

  /**
   * A figure rebuilt only when one of its inputs changed (compared by identity), so a
   * render caused by one message does not redraw every chart.
   */
  protected memo<F>(name: string, keys: unknown[], build: () => F): F {
    const m = this.figures.get(name);
    if (m && m.keys.length === keys.length && m.keys.every((k, i) => k === keys[i])) return m.value as F;
    const value = build();
    this.figures.set(name, { keys, value });
    return value;
  }

  /** The latest state as plain JSON (the testability contract). */
  get results(): BaseResults & Record<string, unknown> {
    const last = this.run.history.at(-1);
    return {
      step: this.run.step,
      ...Object.fromEntries(this.definition.series.map((s) => [s.key, last?.[s.key] ?? null])),
      backend: this.run.backend,
      backendDetail: this.run.backendDetail,
      stepsPerSecond: Number(this.run.stepsPerSecond.toFixed(2)),
      workerTensors: this.run.workerTensors,
      status: this.run.status,
      ...this.extraResults(),
    };
  }

  /** Test hook (see e2e): make the backend fail at the next step, or make the worker throw, close or hang. */
  injectFault(fault: Fault): void {
    this.run.injectFault(fault);
  }

  protected override updated(): void {
    this.setAttribute('data-experiment', this.cellId);
    this.setAttribute('data-status', this.run.status);
  }

  private onParam(ev: CustomEvent<ParamChange>): void {
    ev.stopPropagation();
    const { name, value } = ev.detail;
    const r = this.params.set(name, value);
    if (typeof r === 'object') {
      this.inputProblem = r.error;
    } else {
      this.inputProblem = null;
      if (r === 'restart') this.run.scheduleRestart(this.params.values, this.params.backend);
      else this.run.applyLive(this.params.values);
    }
    this.requestUpdate();
  }

  private train = () => this.run.train(this.params.values, this.params.backend);
  private togglePause = () => (this.run.status === 'paused' ? this.train() : this.run.pause());
  private step = () => this.run.stepOnce(this.params.values, this.params.backend);
  private reset = () => {
    this.run.reset();
    // Reset gives a fresh worker; a cell still on screen gets it ready again.
    this.warmer.again();
  };

  /** Extra fields for Export (fetched on demand, e.g. a model's full weights); none by default. */
  protected async exportExtras(): Promise<Record<string, unknown>> {
    return {};
  }

  /** The read-out's experiment-specific figures (default: the definition's read-out series). */
  protected renderReadoutExtra(): TemplateResult | typeof nothing {
    const last = this.run.history.at(-1);
    if (!last) return nothing;
    return html`${this.definition.series
      .filter((s) => s.readout)
      .map((s) => html`<span>${s.readout} <b>${formatValue(s, last[s.key])}</b></span>`)}`;
  }

  private export = async () => {
    // The extras first (they may wait for the worker): the results and analysis beside them are then as recent.
    const extras = await this.exportExtras();
    const data = buildExport({
      cell: this.cellId,
      link: typeof window === 'undefined' ? '' : window.location.href,
      config: this.params.values,
      backend: { chosen: this.params.backend, used: this.run.backend, notes: this.run.notes },
      results: this.results,
      history: this.run.history,
      analysis: this.run.analysis,
      extras,
    });
    this.exportBytes = downloadJson(data, `${this.cellId}-run.json`);
    this.requestUpdate();
  };

  protected override render() {
    const r = this.run;
    const busy = r.status === 'running';
    const seconds = r.startedAt && r.step ? (performance.now() - r.startedAt) / 1000 : 0;
    const title = this.definition.title;
    return html`<section class="nb-cell" aria-label=${title}>
      <header class="nb-cell-head">
        <h3 class="nb-cell-title">${title}</h3>
        <span class="nb-status nb-status-${r.status}" role="status">${STATUS_TEXT[r.status]}</span>
      </header>
      ${this.renderLede()} ${this.renderPresets()}
      <div class="nb-toolbar" role="toolbar" aria-label="${title}: run controls">
        <button class="nb-primary" @click=${this.train} ?disabled=${busy}>Train</button>
        <button @click=${this.togglePause} ?disabled=${r.status !== 'running' && r.status !== 'paused'}>
          ${r.status === 'paused' ? 'Resume' : 'Pause'}
        </button>
        <button @click=${this.step} title="Take one training step">Step</button>
        <button @click=${this.reset} ?disabled=${r.status === 'idle'}>Reset</button>
        <button
          @click=${this.export}
          ?disabled=${r.history.length === 0}
          title="Download the config and the full metric history as JSON${this.exportBytes === null ? '' : ` (the last file: ${formatBytes(this.exportBytes)})`}"
        >
          Export${this.exportBytes === null ? nothing : html` <small>${formatBytes(this.exportBytes)}</small>`}
        </button>
      </div>
      <div class="nb-readout" aria-live="off">
        <span>step <b>${r.step}</b></span>
        <span>${r.stepsPerSecond ? r.stepsPerSecond.toFixed(1) : '–'} steps/s</span>
        <span class="nb-backend" title=${r.backendDetail}
          >backend <b>${r.backend ?? (busy ? '…' : '–')}</b>${r.backendDetail ? html` <small>(${r.backendDetail})</small>` : nothing}</span
        >
        ${this.renderReadoutExtra()}
        ${seconds ? html`<span>${seconds.toFixed(1)} s</span>` : nothing}
      </div>
      ${this.renderComparison()} ${renderMessages(this.run, this.params.urlErrors, this.inputProblem)} ${this.renderFigures()}
      <details class="nb-params" open>
        <summary>Parameters <span class="nb-hint">changing the problem restarts the run; the optimiser's settings apply live</span></summary>
        <div class="nb-param-grid" @nb-param-change=${this.onParam}>
          ${Object.entries(this.params.table).map(
            ([name, spec]) =>
              html`<nb-param .name=${name} .spec=${spec} .value=${(this.params.values as Record<string, number | string>)[name]}></nb-param>`,
          )}
          <nb-param .name=${'backend'} .spec=${BACKEND_SPEC} .value=${this.params.backend}></nb-param>
        </div>
      </details>
    </section>`;
  }

}
