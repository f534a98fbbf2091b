/**
 * <nb-labelnoise-cell>: Rolnick et al.'s massive label noise, trained live on the real MNIST
 * digits: accuracy over steps, the labels drawn for one true class (is the right label still the
 * most common?), the digits the network gets wrong, and a summary of every finished run that
 * rebuilds the paper's figure (α against test accuracy) as the reader explores.
 */
import { html, nothing } from 'lit';
import { NbCellBase } from '../../../components/nb-cell-base';
import { LABEL_NOISE_PARAMS, PUBLISHED } from './config';
import { definition } from './definition';
import type { LabelNoiseAnalysis } from './session';
import { biasToOutnumber, expectedLabelShares, noiseSpec, rightOutnumbered } from './noise';
import { labelCountsFigure, summaryFigure } from './figures';
import { digitGrid } from './digits';
import { SummaryStore } from './summary-store';
import { browserStorage } from '../../core/run-summary';
import { drawPixels } from '../../../components/pixels';
import './cell.css';

const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '–' : `${(100 * x).toFixed(digits)}%`);

export class NbLabelNoiseCell extends NbCellBase<typeof LABEL_NOISE_PARAMS, LabelNoiseAnalysis> {
  /** The true class whose drawn labels are shown. */
  private sampleClass = 7;
  private summary = new SummaryStore(browserStorage());
  private canvas: HTMLCanvasElement | null = null;
  private drawnMisses: LabelNoiseAnalysis['misclassified'] | null = null;

  constructor() {
    super(definition);
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
      summaryPoints: this.summary.points.length,
    };
  }

  protected override updated(): void {
    super.updated();
    const r = this.run;
    // A finished run joins the summary once, with its full-test accuracy at the last step.
    if (this.summary.recordRun(r, r.analysis, this.config)) this.requestUpdate();
    this.drawMisses();
  }

  private clearSummary = () => {
    this.summary.clear();
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
      </p>`;
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
    drawPixels(canvas, m ? digitGrid(m.images, m.index.length) : null);
  }

  protected renderFigures() {
    const a = this.run.analysis;
    const c = this.config;
    const k = this.sampleClass;
    const expected = expectedLabelShares(noiseSpec(Number(c.alpha), c.bias), k);
    const refs = PUBLISHED.reference
      .filter((r): r is typeof r & { testAcc: number } => 'testAcc' in r && (!('batch' in r) || r.batch === 512) && !('lr' in r))
      .map((r) => ({ alpha: r.alpha, testAcc: r.testAcc, label: `α ${r.alpha}` }));
    const misses = a?.misclassified;
    return html`<div class="nb-figures">
      ${this.renderLogToggle()} ${this.renderMetricCharts({ labels: { trainLoss: 'batch' } })}
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
        .figure=${this.memo('summary', [this.summary.points], () => summaryFigure(this.summary.points, PUBLISHED.headline, refs))}
      ></nb-plot>
      <p class="nb-fig-note">
        Every finished run adds a point (kept in this browser). Try α = 0, 5, 20, 50 and 100 with each model, then aim the noise:
        uniform noise only slows learning, while one wrong label that outnumbers the right one is learned instead.
        ${this.summary.points.length ? html`<button class="nb-small" @click=${this.clearSummary}>Clear the summary</button>` : nothing}
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
