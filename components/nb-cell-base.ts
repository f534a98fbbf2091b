/**
 * What every live cell shares: its parameters (in step with the URL), its run
 * (a RunController owning the worker), the toolbar, the read-out line, messages,
 * Export, and the testability contract: `data-experiment` and `data-status` on the
 * element, a `results` property with the latest state as plain JSON.
 * A cell subclass supplies its table, worker, figures and extra results.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type { ParamTable, ParamValues } from '../src/core/params';
import type { Hyper } from '../src/core/experiment';
import { CellParams } from '../src/state/cell-params';
import { RunController } from '../src/state/run-controller';
import type { WorkerLike } from '../workers/client';
import { BACKEND_CHOICES } from '../workers/protocol';
import type { ParamChange } from './nb-param';
import './nb-param';
import './nb-plot';

export interface BaseResults {
  step: number;
  trainAcc: number | null;
  testAcc: number | null;
  trainLoss: number | null;
  testLoss: number | null;
  backend: string | null;
  backendDetail: string;
  stepsPerSecond: number;
  /** Live tensors in the training worker at its last report (flat over a run, or it leaks). */
  workerTensors: number | null;
  status: string;
}

const BACKEND_SPEC = {
  kind: 'choice',
  label: 'backend',
  options: BACKEND_CHOICES,
  default: 'auto',
  restart: true,
  help: 'Where the training runs. auto picks the fastest that starts here.',
} as const;

export abstract class NbCellBase<T extends ParamTable, A> extends LitElement {
  protected abstract readonly cellId: string;
  protected abstract readonly cellTitle: string;
  protected readonly params: CellParams<T>;
  protected readonly run: RunController<ParamValues<T>, A>;
  /** Whether the training curves use a log step axis (the toggle above them). */
  protected logX = false;
  /** A problem with a value the reader typed or dragged (not applied). */
  protected inputProblem: string | null = null;
  private figures = new Map<string, { keys: unknown[]; value: unknown }>();

  constructor(cellId: string, table: T, spawn: () => WorkerLike, toHyper: (c: ParamValues<T>) => Hyper, maxSteps: (c: ParamValues<T>) => number) {
    super();
    this.params = new CellParams(cellId, table);
    this.run = new RunController<ParamValues<T>, A>(this, { spawn, hyper: toHyper, maxSteps });
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** The figures of this cell. */
  protected abstract renderFigures(): TemplateResult;
  /** One line comparing the live run with the published result. */
  protected abstract renderComparison(): TemplateResult | typeof nothing;
  /** Cell-specific fields of `results`. */
  protected abstract extraResults(): Record<string, unknown>;
  /** A parameter that does not restart the run changed (optimiser settings, step budget). */
  protected abstract applyLive(name: string): void;
  protected renderLede(): TemplateResult | typeof nothing {
    return nothing;
  }

  /**
   * Set several parameters at once (a preset): the live ones apply to the running run, and the
   * run restarts once if any of them needs it. Values a parameter refuses are left as they were.
   */
  protected setValues(values: Readonly<Record<string, number | string>>): void {
    let restart = false;
    for (const [k, v] of Object.entries(values)) {
      const r = this.params.set(k, v);
      if (r === 'restart') restart = true;
      else if (r === 'live') this.applyLive(k);
    }
    if (restart) this.run.scheduleRestart(this.params.values, this.params.backend);
    this.requestUpdate();
  }

  /** The "log step axis" toggle shown above a cell's training curves. */
  protected renderLogToggle(): TemplateResult {
    return html`<label class="nb-toggle"
      ><input type="checkbox" .checked=${this.logX} @change=${(e: Event) => ((this.logX = (e.target as HTMLInputElement).checked), this.requestUpdate())} />
      log step axis</label
    >`;
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
      trainAcc: last?.trainAcc ?? null,
      testAcc: last?.testAcc ?? null,
      trainLoss: last?.trainLoss ?? null,
      testLoss: last?.testLoss ?? null,
      backend: this.run.backend,
      backendDetail: this.run.backendDetail,
      stepsPerSecond: Number(this.run.stepsPerSecond.toFixed(2)),
      workerTensors: this.run.workerTensors,
      status: this.run.status,
      ...this.extraResults(),
    };
  }

  /** Test hook (see e2e): make the backend fail at the next step, or kill the worker. */
  injectFault(fault: 'backend' | 'crash'): void {
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
      else this.applyLive(name);
    }
    this.requestUpdate();
  }

  private train = () => this.run.train(this.params.values, this.params.backend);
  private togglePause = () => (this.run.status === 'paused' ? this.train() : this.run.pause());
  private step = () => this.run.stepOnce(this.params.values, this.params.backend);
  private reset = () => this.run.reset();

  /** Extra fields for Export (fetched on demand, e.g. a model's full weights); none by default. */
  protected async exportExtras(): Promise<Record<string, unknown>> {
    return {};
  }

  /** The read-out's experiment-specific figures (default: the latest test accuracy). */
  protected renderReadoutExtra(): TemplateResult | typeof nothing {
    const last = this.run.history.at(-1);
    return last ? html`<span>test acc <b>${(100 * last.testAcc).toFixed(1)}%</b></span>` : nothing;
  }

  private export = async () => {
    const extras = await this.exportExtras();
    const data = {
      cell: this.cellId,
      link: typeof window === 'undefined' ? '' : window.location.href,
      exportedAt: new Date().toISOString(),
      config: this.params.values,
      backend: { chosen: this.params.backend, used: this.run.backend, notes: this.run.notes },
      results: this.results,
      history: this.run.history,
      analysis: plain(this.run.analysis),
      ...plain(extras) as Record<string, unknown>,
    };
    const blob = new Blob([JSON.stringify(data, null, 1)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${this.cellId}-run.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  protected override render() {
    const r = this.run;
    const busy = r.status === 'running';
    const seconds = r.startedAt && r.step ? (performance.now() - r.startedAt) / 1000 : 0;
    return html`<section class="nb-cell" aria-label=${this.cellTitle}>
      <header class="nb-cell-head">
        <h3 class="nb-cell-title">${this.cellTitle}</h3>
        <span class="nb-status nb-status-${r.status}" role="status">${STATUS_TEXT[r.status]}</span>
      </header>
      ${this.renderLede()}
      <div class="nb-toolbar" role="toolbar" aria-label="Run controls">
        <button class="nb-primary" @click=${this.train} ?disabled=${busy}>Train</button>
        <button @click=${this.togglePause} ?disabled=${r.status !== 'running' && r.status !== 'paused'}>
          ${r.status === 'paused' ? 'Resume' : 'Pause'}
        </button>
        <button @click=${this.step} title="Take one training step">Step</button>
        <button @click=${this.reset} ?disabled=${r.status === 'idle'}>Reset</button>
        <button @click=${this.export} ?disabled=${r.history.length === 0} title="Download the config and the full metric history as JSON">
          Export
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
      ${this.renderComparison()} ${this.renderMessages()} ${this.renderFigures()}
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

  private renderMessages() {
    const r = this.run;
    const items: TemplateResult[] = [];
    if (r.error) items.push(html`<li class="nb-msg nb-msg-error" role="alert">${r.error}</li>`);
    if (r.progress) items.push(html`<li class="nb-msg nb-msg-note nb-msg-progress">${r.progress}</li>`);
    if (this.inputProblem) items.push(html`<li class="nb-msg nb-msg-error" role="alert">${this.inputProblem} (not applied)</li>`);
    for (const e of this.params.urlErrors) items.push(html`<li class="nb-msg nb-msg-warn">Link: ${e}</li>`);
    for (const i of r.info) items.push(html`<li class="nb-msg nb-msg-warn">${i}</li>`);
    for (const n of r.notes) items.push(html`<li class="nb-msg nb-msg-note">${n}</li>`);
    if (r.restartPending) items.push(html`<li class="nb-msg nb-msg-note">Restarting with the new settings…</li>`);
    return items.length ? html`<ul class="nb-messages">${items}</ul>` : nothing;
  }
}

const STATUS_TEXT = { idle: 'ready', running: 'training', paused: 'paused', done: 'done', error: 'error' } as const;

/** Typed arrays to plain arrays, for JSON. */
function plain(x: unknown): unknown {
  if (ArrayBuffer.isView(x)) return Array.from(x as unknown as ArrayLike<number>);
  if (Array.isArray(x)) return x.map(plain);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]));
  return x;
}
