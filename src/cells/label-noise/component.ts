/**
 * <nb-labelnoise-cell>: Rolnick et al.'s massive label noise, trained live on the real MNIST
 * digits: accuracy over steps, the labels drawn for one true class (is the right label still the
 * most common?), the digits the network gets wrong, and a summary of every finished run that
 * rebuilds the paper's figure (α against test accuracy) as the reader explores.
 */
import { html, nothing } from 'lit';
import { NbCellBase } from '../../../components/nb-cell-base';
import { LABEL_NOISE_PARAMS, PUBLISHED, type LabelNoiseConfig } from './config';
import type { LabelNoiseAnalysis } from './session';
import { biasToOutnumber, expectedLabelShares, noiseSpec, rightOutnumbered } from './noise';
import { metricsFigure } from '../../figures/metrics';
import { labelCountsFigure, summaryFigure, type SummaryPoint } from './figures';

const SUMMARY_KEY = 'nb.label-noise.summary';
const SUMMARY_MAX = 60;

/** Presets: the excerpt's claim (uniform α = 20) and its condition (one wrong label outnumbers the right one). */
const PRESETS = {
  uniform: { alpha: '20', bias: 0 },
  aimed: { alpha: '20', bias: 0.1 },
} as const satisfies Record<string, Partial<LabelNoiseConfig>>;

function loadSummary(): SummaryPoint[] {
  try {
    const raw = JSON.parse(localStorage.getItem(SUMMARY_KEY) ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    return raw
      .filter(
        (p): p is SummaryPoint =>
          typeof p === 'object' &&
          p !== null &&
          ['alpha', 'bias', 'cleanSize', 'batch', 'lr', 'steps', 'testAccuracy'].every((k) => Number.isFinite((p as Record<string, unknown>)[k])) &&
          ((p as SummaryPoint).model === 'mlp' || (p as SummaryPoint).model === 'conv'),
      )
      .slice(-SUMMARY_MAX);
  } catch {
    return [];
  }
}

function saveSummary(points: SummaryPoint[]): void {
  try {
    localStorage.setItem(SUMMARY_KEY, JSON.stringify(points));
  } catch {
    /* storage full or blocked: the summary lives for this page only */
  }
}

const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '–' : `${(100 * x).toFixed(digits)}%`);

export class NbLabelNoiseCell extends NbCellBase<typeof LABEL_NOISE_PARAMS, LabelNoiseAnalysis> {
  protected readonly cellId = 'label-noise';
  protected readonly cellTitle = 'Massive label noise';
  /** The true class whose drawn labels are shown. */
  private sampleClass = 7;
  private summary: SummaryPoint[] = loadSummary();
  /** Run ids already gathered into the summary. */
  private recorded = new Set<number>();
  private canvas: HTMLCanvasElement | null = null;
  private drawnMisses: LabelNoiseAnalysis['misclassified'] | null = null;

  constructor() {
    super(
      'label-noise',
      LABEL_NOISE_PARAMS,
      () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'label-noise' }),
      (c) => ({ lr: c.lr, weightDecay: 0 }),
      (c) => c.steps,
    );
  }

  private get config(): LabelNoiseConfig {
    return this.params.values;
  }

  protected applyLive(name: string): void {
    if (name === 'lr') this.run.setHyper({ lr: this.config.lr });
    if (name === 'steps') this.run.setMaxSteps(this.config);
  }

  protected extraResults() {
    const a = this.run.analysis;
    return {
      alpha: Number(this.config.alpha),
      noiseBias: this.config.bias,
      model: this.config.model,
      cleanSize: Number(this.config.cleanSize),
      testAccuracy: a?.testAccuracy ?? null,
      testAccuracyStep: a?.step ?? null,
      rightOutnumbered: rightOutnumbered(noiseSpec(Number(this.config.alpha), this.config.bias)),
      summaryPoints: this.summary.length,
    };
  }


  protected override updated(): void {
    super.updated();
    const r = this.run;
    const a = r.analysis;
    // A finished run joins the summary once, with its full-test accuracy at the last step.
    if (r.status === 'done' && a && a.step === r.step && r.step > 0 && !this.recorded.has(r.runId)) {
      this.recorded.add(r.runId);
      const c = this.config;
      this.summary = [
        ...this.summary,
        { alpha: a.alpha, bias: a.bias, model: a.model, cleanSize: Number(c.cleanSize), batch: c.batch, lr: c.lr, steps: a.step, testAccuracy: a.testAccuracy },
      ].slice(-SUMMARY_MAX);
      saveSummary(this.summary);
      this.requestUpdate();
    }
    this.drawMisses();
  }

  private clearSummary = () => {
    this.summary = [];
    saveSummary(this.summary);
    this.requestUpdate();
  };

  protected override renderLede() {
    const c = this.config;
    const alpha = Number(c.alpha);
    const shares = expectedLabelShares(noiseSpec(alpha, c.bias), 0);
    const favoured = shares[1];
    const wrong = c.bias > 0 ? `the favoured wrong label ${pct(favoured)}` : `each wrong label ${pct(favoured)}`;
    return html`<p class="nb-cell-lede">
        ${c.model === 'mlp' ? 'An MLP (784-256-256-10)' : 'A small conv net'} learns MNIST from ${Number(c.cleanSize).toLocaleString('en')} clean
        digits, each joined by <b>${alpha}</b> copies of training digits with random labels (Rolnick et al. 2017). Of the labels an image
        of a given digit gets, the right one is ${pct(shares[0])} and ${wrong}:
        ${rightOutnumbered(noiseSpec(alpha, c.bias))
          ? html`<b class="nb-bad">a wrong label outnumbers the right one</b>.`
          : html`the right label is still the most common.`}
      </p>
      <div class="nb-presets" role="group" aria-label="Presets">
        <span class="nb-hint">presets:</span>
        <button @click=${() => this.setValues(PRESETS.uniform)} title="α = 20, uniform noise">Uniform noise (α = 20)</button>
        <button @click=${() => this.setValues(PRESETS.aimed)} title="α = 20, 10% of the noise aimed at one wrong class: it outnumbers the right label">
          Aimed noise (wrong label wins)
        </button>
      </div>`;
  }

  protected renderComparison() {
    const a = this.run.analysis;
    const c = this.config;
    const alpha = Number(c.alpha);
    const tip = biasToOutnumber(alpha);
    return html`<div class="nb-compare">
      <span>paper: ${PUBLISHED.headline.text}</span>
      <span>PyTorch here (MLP, 8k clean, 1,000 steps): 85% at α = 20, batch 512; 2% when a wrong label reaches 18% against 13% right</span>
      <span
        >this run:
        ${a
          ? html`<b>${pct(a.testAccuracy)}</b> of the ${a.testCount.toLocaleString('en')} test digits at step ${a.step}`
          : html`not trained yet`}</span
      >
      ${alpha > 1
        ? html`<span class="nb-hint">at α = ${alpha} a wrong label outnumbers the right one once more than ${pct(Math.min(1, tip), 0)} of the noise aims at it</span>`
        : nothing}
    </div>`;
  }

  private drawMisses(): void {
    const a = this.run.analysis;
    const canvas = this.querySelector<HTMLCanvasElement>('canvas.nb-digits');
    if (!canvas) return;
    const m = a?.misclassified ?? null;
    if (canvas === this.canvas && m === this.drawnMisses) return;
    this.canvas = canvas;
    this.drawnMisses = m;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!m) return;
    const cols = 8;
    const cell = 28;
    const n = m.index.length;
    const img = ctx.createImageData(cols * cell, Math.max(1, Math.ceil(n / cols)) * cell);
    for (let r = 0; r < n; r++) {
      const ox = (r % cols) * cell;
      const oy = Math.floor(r / cols) * cell;
      for (let y = 0; y < 28; y++) {
        for (let x = 0; x < 28; x++) {
          const v = 255 - m.images[r * 784 + y * 28 + x];
          const o = ((oy + y) * img.width + ox + x) * 4;
          img.data[o] = v;
          img.data[o + 1] = v;
          img.data[o + 2] = v;
          img.data[o + 3] = 255;
        }
      }
    }
    canvas.width = img.width;
    canvas.height = img.height;
    ctx.putImageData(img, 0, 0);
  }

  protected renderFigures() {
    const h = this.run.history;
    const a = this.run.analysis;
    const has = h.length > 0;
    const c = this.config;
    const k = this.sampleClass;
    const expected = expectedLabelShares(noiseSpec(Number(c.alpha), c.bias), k);
    const refs = PUBLISHED.reference
      .filter((r): r is typeof r & { testAcc: number } => 'testAcc' in r && (!('batch' in r) || r.batch === 512) && !('lr' in r))
      .map((r) => ({ alpha: r.alpha, testAcc: r.testAcc, label: `α ${r.alpha}` }));
    const misses = a?.misclassified;
    return html`<div class="nb-figures">
      ${this.renderLogToggle()}
      <div class="nb-fig-row">
        <nb-plot
          filename="labelnoise-accuracy"
          .figure=${has
            ? this.memo('acc', [h, this.logX], () =>
                metricsFigure(h, { which: 'accuracy', logX: this.logX, names: { train: 'agrees with its (noisy) batch labels', test: 'test (1,000 digits)' } }),
              )
            : null}
        ></nb-plot>
        <nb-plot
          filename="labelnoise-loss"
          .figure=${has ? this.memo('loss', [h, this.logX], () => metricsFigure(h, { which: 'loss', logX: this.logX, lossName: 'cross-entropy', linearLoss: true, names: { train: 'batch', test: 'test (1,000 digits)' } })) : null}
        ></nb-plot>
      </div>
      <div class="nb-fig-row">
        <div class="nb-fig-box">
          <nb-plot filename="labelnoise-labels" .figure=${a ? this.memo('labels', [a, k, c.alpha, c.bias], () => labelCountsFigure(a.labelCounts, k, expected)) : null}></nb-plot>
          <label class="nb-toggle"
            >true digit
            <select
              aria-label="true digit whose labels are shown"
              .value=${String(k)}
              @change=${(e: Event) => ((this.sampleClass = Number((e.target as HTMLSelectElement).value)), this.requestUpdate())}
            >
              ${Array.from({ length: 10 }, (_, d) => html`<option value=${d} ?selected=${d === k}>${d}</option>`)}
            </select></label
          >
        </div>
        <figure class="nb-fig-box nb-misses">
          <figcaption>
            Test digits it gets wrong${misses ? html` (first ${misses.index.length} of ${a ? Math.round((1 - a.testAccuracy) * a.testCount) : 0})` : nothing}
          </figcaption>
          ${a
            ? html`<canvas class="nb-digits" role="img" aria-label="misclassified test digits"></canvas>
                <p class="nb-hint nb-misses__labels">
                  ${misses && misses.index.length
                    ? Array.from(misses.index, (_, r) => `${misses.truth[r]}→${misses.predicted[r]}`).join('  ')
                    : 'none'}
                </p>`
            : html`<p class="nb-hint">Press Train to see the digits it gets wrong.</p>`}
        </figure>
      </div>
      <nb-plot
        class="nb-wide"
        filename="labelnoise-summary"
        .figure=${this.memo('summary', [this.summary], () => summaryFigure(this.summary, PUBLISHED.headline, refs))}
      ></nb-plot>
      <p class="nb-fig-note">
        Every finished run adds a point (kept in this browser). Try α = 0, 5, 20, 50 and 100 with each model, then aim the noise:
        uniform noise only slows learning, while one wrong label that outnumbers the right one is learned instead.
        ${this.summary.length ? html`<button class="nb-small" @click=${this.clearSummary}>Clear the summary</button>` : nothing}
      </p>
    </div>`;
  }
}

customElements.define('nb-labelnoise-cell', NbLabelNoiseCell);

declare global {
  interface HTMLElementTagNameMap {
    'nb-labelnoise-cell': NbLabelNoiseCell;
  }
}
