/**
 * <nb-grokking-cell>: Gromov's x² network learning addition mod p, trained live.
 * Shows the curves, the Fourier spectrum of the embedding and the clock face,
 * and the published milestone beside the live one.
 */
import { html, nothing } from 'lit';
import { NbCellBase } from '../../../components/nb-cell-base';
import { GROKKING_DEFAULTS, GROKKING_PARAMS, PUBLISHED } from './config';
import { definition } from './definition';
import type { GrokkingAnalysis } from './session';
import { firstStep, phase } from '../../core/milestones';
import { clockFigure, spectrumFigure } from '../../figures/fourier';

/** The published milestone applies only to the published problem. */
const PUBLISHED_KEYS = ['p', 'frac', 'noise', 'width', 'lr', 'wd'] as const;

export class NbGrokkingCell extends NbCellBase<typeof GROKKING_PARAMS, GrokkingAnalysis> {
  constructor() {
    super(definition);
  }

  private get isPublishedSetup(): boolean {
    return PUBLISHED_KEYS.every((k) => this.config[k] === GROKKING_DEFAULTS[k]);
  }

  protected extraResults() {
    const h = this.run.history;
    return {
      p: this.config.p,
      width: this.config.width,
      phase: phase(h.at(-1), 1 / this.config.p),
      train99Step: firstStep(h, 'trainAcc', 0.99),
      test99Step: firstStep(h, 'testAcc', 0.99),
      strongestFrequency: this.run.analysis?.k ?? null,
    };
  }

  protected override renderLede() {
    return html`<p class="nb-cell-lede">
      One-hot <i>a</i> and <i>b</i> → ${this.config.width} hidden units with activation <i>x</i>² → ${this.config.p} outputs, trained on
      ${Math.round(this.config.frac * 100)}% of all sums mod ${this.config.p} (Gromov 2023). Watch the test accuracy jump as the
      embedding arranges itself on a circle.
    </p>`;
  }

  protected renderComparison() {
    const live = firstStep(this.run.history, 'testAcc', 0.99);
    const ph = phase(this.run.history.at(-1), 1 / this.config.p);
    return html`<div class="nb-compare">
      ${ph ? html`<span class="nb-phase nb-phase-${ph}">${ph}</span>` : nothing}
      ${this.isPublishedSetup
        ? html`<span>paper: test 100% at step ${PUBLISHED.test100Step}</span>
            <span>PyTorch here: 99% at step ${PUBLISHED.pytorchTest99Step}</span>`
        : html`<span class="nb-hint">the paper's figure (test 100% at step ${PUBLISHED.test100Step}) is for p = 97, width 500, 50% train,
            lr 1e-2, wd 5, no noise</span>`}
      <span>this run: ${live === null ? html`not yet at 99%` : html`<b>99% at step ${live}</b>`}</span>
    </div>`;
  }

  protected renderFigures() {
    const a = this.run.analysis;
    const reference = this.isPublishedSetup
      ? { chart: 'accuracy', step: PUBLISHED.test100Step, label: `paper: test 100% at ${PUBLISHED.test100Step}` }
      : undefined;
    return html`<div class="nb-figures">
      ${this.renderLogToggle()} ${this.renderMetricCharts({ reference })}
      <div class="nb-fig-row">
        <nb-plot class="nb-fig" filename="grokking-spectrum" .figure=${a ? this.memo('spectrum', [a], () => spectrumFigure(a.spectrum, a.k)) : null}></nb-plot>
        <nb-plot class="nb-fig" filename="grokking-clock" .figure=${a ? this.memo('clock', [a], () => clockFigure(a.clockX, a.clockY, a.clockX.length, a.k)) : null}></nb-plot>
      </div>
      <p class="nb-fig-note">
        This network spreads its hidden units over many frequencies (each unit settles on one, as in Gromov's analytic
        solution), so its spectrum is broad rather than a few spikes; the clock face shows the embedding on the strongest
        frequency k, with residues coloured and joined in the order 0, k⁻¹, 2k⁻¹, …: a clean ring is the learned algorithm.
      </p>
    </div>`;
  }
}

customElements.define('nb-grokking-cell', NbGrokkingCell);

declare global {
  interface HTMLElementTagNameMap {
    'nb-grokking-cell': NbGrokkingCell;
  }
}
