/**
 * <nb-clockpizza-cell>: a one-layer transformer learning addition mod p, with the
 * attention rate α as a dial (Zhong et al.): α = 1 learns the clock, α = 0 the pizza.
 * Live: curves, W_E's spectrum and principal components, s_g, q and circularity
 * beside the published values, the logit table over (a+b, a−b), and the midpoints.
 * "Pin" keeps a run's numbers so clock and pizza can be read side by side.
 */
import { html, nothing } from 'lit';
import { NbCellBase } from '../../../components/nb-cell-base';
import { CLOCK_PIZZA_PARAMS, PUBLISHED } from './config';
import { definition } from './definition';
import type { ClockPizzaAnalysis } from './session';
import { firstStep } from '../../core/milestones';
import { verdict } from './verdict';
import { pinRun, type Pinned } from './pins';
import { spectrumFigure } from '../../figures/fourier';
import { logitFigure, midpointFigure, pcPlaneFigure } from './figures';
import './cell.css';

const f3 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3));

export class NbClockPizzaCell extends NbCellBase<typeof CLOCK_PIZZA_PARAMS, ClockPizzaAnalysis> {
  private sum = 0;
  private pinned: Pinned[] = [];

  constructor() {
    super(definition);
  }

  protected extraResults() {
    const a = this.run.analysis;
    return {
      alpha: this.config.alpha,
      p: this.config.p,
      d_model: this.config.d_model,
      test99Step: firstStep(this.run.history, 'testAcc', 0.99),
      /** The step of the analysis below (s_g, q, circularity, key frequencies): mid-run it may trail `step`. */
      analysisStep: a?.step ?? null,
      gradSymmetricity: a?.gradSymmetricity ?? null,
      distanceIrrelevance: a?.distanceIrrelevance ?? null,
      circularity: a?.circularity ?? null,
      keyFrequencies: a?.keyFrequencies ?? [],
    };
  }

  private pin(): void {
    const a = this.run.analysis;
    if (!a) return;
    this.pinned = pinRun(this.pinned, a, this.config, this.run.history.at(-1)?.testAcc);
    this.requestUpdate();
  }

  protected override renderLede() {
    const c = this.config;
    return html`<p class="nb-cell-lede">
        A one-layer transformer (d_model ${c.d_model}, 4 heads, ReLU MLP, no LayerNorm) learns (a + b) mod ${c.p} from
        ${Math.round(c.frac * 100)}% of the pairs. Its attention is α·softmax + (1 − α)·constant: at α = 1 it tends to learn the
        <b>clock</b>, at α = 0 the <b>pizza</b>. Train one, pin it, train the other, and compare.
      </p>`;
  }

  protected renderComparison() {
    const a = this.run.analysis;
    const live = firstStep(this.run.history, 'testAcc', 0.99);
    const row = (name: string, value: string, pizza: string, clock: string) =>
      html`<tr><th scope="row">${name}</th><td class="nb-live">${value}</td><td>${pizza}</td><td>${clock}</td></tr>`;
    return html`<div class="nb-compare">
        <span>this run: ${live === null ? 'not yet at 99% test' : html`<b>99% test at step ${live}</b>`}</span>
        ${a ? html`<span>α = ${a.alpha} · looks like <b>${verdict(a.gradSymmetricity, a.distanceIrrelevance)}</b></span>` : nothing}
      </div>
      <table class="nb-table">
        <thead>
          <tr><th><span class="nb-visually-hidden">measure</span></th><th>this run${a ? ` (step ${a.step})` : ''}</th><th>pizza, paper</th><th>clock, paper</th></tr>
        </thead>
        <tbody>
          ${row('gradient symmetricity s_g', f3(a?.gradSymmetricity), String(PUBLISHED.pizza.gradSymmetricity), PUBLISHED.clock.gradSymmetricityText)}
          ${row('distance irrelevance q', f3(a?.distanceIrrelevance), String(PUBLISHED.pizza.distanceIrrelevance), PUBLISHED.clock.distanceIrrelevanceText)}
          ${row('circularity', f3(a?.circularity), '> 0.99', '> 0.99')}
          ${row('key frequencies', a ? a.keyFrequencies.join(', ') : '–', '', '')}
        </tbody>
      </table>
      <div class="nb-pins">
        <button class="nb-small" @click=${() => this.pin()} ?disabled=${!a}>Pin this run</button>
        ${this.pinned.length
          ? html`<table class="nb-table">
              <thead><tr><th>pinned</th><th>α</th><th>p</th><th>d_model</th><th>step</th><th>test</th><th>s_g</th><th>q</th><th>circ.</th><th>reads as</th></tr></thead>
              <tbody>
                ${this.pinned.map(
                  (r) => html`<tr>
                    <td>${r.label}</td><td>${r.alpha}</td><td>${r.p}</td><td>${r.d_model}</td><td>${r.step}</td>
                    <td>${r.testAcc === null ? '–' : `${(100 * r.testAcc).toFixed(1)}%`}</td>
                    <td>${f3(r.gradSymmetricity)}</td><td>${f3(r.distanceIrrelevance)}</td><td>${f3(r.circularity)}</td>
                    <td>${verdict(r.gradSymmetricity, r.distanceIrrelevance)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
          : html`<span class="nb-hint">pin a clock run and a pizza run to read them side by side</span>`}
      </div>`;
  }

  protected renderFigures() {
    const a = this.run.analysis;
    const p = a ? a.spectrum.length * 2 + 1 : this.config.p;
    const s = Math.min(this.sum, p - 1);
    return html`<div class="nb-figures">
      ${this.renderLogToggle()} ${this.renderMetricCharts()}
      <div class="nb-fig-row">
        <nb-plot filename="clockpizza-spectrum" .figure=${a ? this.memo('spectrum', [a], () => spectrumFigure(a.spectrum, a.keyFrequencies[0] ?? 1, 'Fourier spectrum of W_E')) : null}></nb-plot>
        <nb-plot filename="clockpizza-logits" .figure=${a ? this.memo('logits', [a], () => logitFigure(a.logitTable, p)) : null}></nb-plot>
      </div>
      <div class="nb-fig-row nb-fig-row--3 nb-wide">
        ${[0, 1, 2].map(
          (plane) =>
            html`<nb-plot filename="clockpizza-pc${2 * plane + 1}-${2 * plane + 2}" .figure=${a ? this.memo(`pcs${plane}`, [a], () => pcPlaneFigure(a.pcs, p, a.pcVariance, plane)) : null}></nb-plot>`,
        )}
      </div>
      <label class="nb-toggle nb-sum"
        >midpoints of the pairs with a + b ≡
        <input
          type="number"
          min="0"
          max=${p - 1}
          .value=${String(s)}
          aria-label="midpoint sum s"
          @change=${(e: Event) => {
            const v = Math.round(Number((e.target as HTMLInputElement).value));
            this.sum = Number.isFinite(v) ? Math.max(0, Math.min(p - 1, v)) : 0;
            this.requestUpdate();
          }}
        />
        (mod ${p})</label
      >
      <div class="nb-fig-row">
        ${([0, 1] as const).map(
          (plane) =>
            html`<nb-plot filename="clockpizza-midpoints-${plane === 0 ? 'pc1-2' : 'pc3-4'}" .figure=${a ? this.memo(`mid${plane}`, [a, s], () => midpointFigure(a.pcs, p, s, plane)) : null}></nb-plot>`,
        )}
      </div>
      <p class="nb-fig-note">
        A clock adds angles, so the correct logit depends only on a + b: rows of the table are flat. A pizza reads the answer off
        the midpoint (E_a + E_b)/2: on the first circle, every pair with the same sum lands on one line through the centre, and
        antipodal pairs (◆) collapse to the centre, where a second circle (PC3-4) tells them apart; its logit then varies with
        a − b too.
      </p>
    </div>`;
  }
}

customElements.define('nb-clockpizza-cell', NbClockPizzaCell);

declare global {
  interface HTMLElementTagNameMap {
    'nb-clockpizza-cell': NbClockPizzaCell;
  }
}
