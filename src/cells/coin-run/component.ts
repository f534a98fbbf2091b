/**
 * <nb-coinrun-cell>: goal misgeneralisation live (Langosco et al. 2022). A PPO policy learns
 * CoinRun-lite levels whose coin sits at the right end, except in random_percent of them. On test
 * levels with the coin anywhere, does it get the coin or run to the end? Curves of the training
 * levels, the test over training beside the proxy that only runs right, the same watched test levels
 * for every run (agent and proxy, step by step), and a summary of finished runs against random_percent.
 */
import { html, nothing } from 'lit';
import { NbCellBase } from '../../../components/nb-cell-base';
import { drawPixels } from '../../../components/pixels';
import { Playback } from '../../../components/playback';
import { browserStorage } from '../../core/run-summary';
import { COIN_RUN_PARAMS, ENVS, PUBLISHED, ROLLOUT, STEPS_PER_UPDATE, TEST_LEVELS, WATCH_LEVELS } from './config';
import { definition } from './definition';
import { COIN_COLOR, END_COLOR, levelImage, summaryFigure, testFigure } from './figures';
import type { CoinRunAnalysis } from './session';
import { coinSummary, finishedPoint } from './summary';
import './cell.css';

const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)}%`);

export class NbCoinRunCell extends NbCellBase<typeof COIN_RUN_PARAMS, CoinRunAnalysis> {
  private readonly summary = coinSummary(browserStorage());
  private readonly playback = new Playback(this);
  private drawn = new Map<HTMLCanvasElement, unknown>();

  constructor() {
    super(definition);
  }

  protected extraResults() {
    const a = this.run.analysis;
    const last = a?.evals.at(-1);
    return {
      randomPercent: this.config.randomPercent,
      envSteps: this.run.step * STEPS_PER_UPDATE,
      coinRate: last?.distinguishing.coin ?? null,
      endFirstRate: last?.distinguishing.endFirst ?? null,
      allCoinRate: last?.all.coin ?? null,
      inDistributionCoinRate: a?.inDistributionCoin ?? null,
      distinguishingLevels: a?.distinguishingLevels ?? null,
      testLevels: a?.testLevels ?? null,
      proxyCoinRate: a?.proxy.all.coin ?? null,
      analysisStep: a?.step ?? null,
      evaluations: a?.evals ?? [],
      summaryPoints: this.summary.points.length,
    };
  }

  protected override updated(): void {
    super.updated();
    const r = this.run;
    if (this.summary.record(r.runId, finishedPoint(r, r.analysis, this.config.seed))) this.requestUpdate();
    this.drawLevels();
  }

  protected override renderReadoutExtra() {
    const last = this.run.history.at(-1);
    return html`<span>${(this.run.step * STEPS_PER_UPDATE).toLocaleString('en')} env steps</span>
      ${last ? html`<span>train coin <b>${pct(last.trainCoinRate)}</b></span>` : nothing}`;
  }

  protected override renderLede() {
    const c = this.config;
    return html`<p class="nb-cell-lede">
      A small policy network (243 inputs: what it sees in a 9 × 9 window; 64-64 tanh) learns with PPO to play ${ENVS} CoinRun-lite levels
      at once (${ROLLOUT}-step rollouts): walk from the left edge, past walls and lava, and touch the coin, which gives the only reward.
      In training the coin sits at the <b>right end</b>${c.randomPercent > 0 ? html`, except in <b>${c.randomPercent}%</b> of levels, where it is somewhere on the way` : html` of <b>every</b> level`}.
      Then the test: ${TEST_LEVELS.toLocaleString('en')} fixed levels with the coin anywhere. Does the policy go for the coin, or for the right end?
    </p>`;
  }

  protected renderComparison() {
    const a = this.run.analysis;
    const last = a?.evals.at(-1);
    const ref = PUBLISHED.reference.rows.find((r) => r.randomPercent === this.config.randomPercent);
    return html`<div class="nb-compare">
      <span>paper: ${PUBLISHED.paper.text}</span>
      ${ref
        ? html`<span>PyTorch reference here (${PUBLISHED.reference.steps / 1000}k steps, 2 seeds; measured, not published): coin ${pct(ref.coin)}, end first ${pct(ref.endFirst)}</span>`
        : nothing}
      <span
        >this run:
        ${last && a
          ? html`coin <b>${pct(last.distinguishing.coin)}</b>, end first <b>${pct(last.distinguishing.endFirst)}</b> on the ${a.distinguishingLevels} distinguishing
              levels at ${last.envSteps.toLocaleString('en')} steps; coin at the end (as in training): ${pct(a.inDistributionCoin)}`
          : 'not tested yet'}</span
      >
    </div>`;
  }

  private drawLevels(): void {
    for (const canvas of this.querySelectorAll<HTMLCanvasElement>('canvas[data-level]')) {
      const a = this.run.analysis;
      const [who, i] = (canvas.dataset.level ?? '').split(':');
      const level = who === 'proxy' ? a?.proxy.watch[Number(i)] : a?.watch[Number(i)];
      const key = level ? `${this.playback.t}` : null;
      if (this.drawn.get(canvas) === level && canvas.dataset.t === key) continue;
      this.drawn.set(canvas, level);
      canvas.dataset.t = key ?? '';
      drawPixels(canvas, level ? levelImage(level, this.playback.t) : null);
    }
  }

  private renderWatch(a: CoinRunAnalysis | null) {
    const levels = a?.watch ?? [];
    this.playback.setMax(Math.max(0, ...levels.map((l) => l.path.length - 1), ...(a?.proxy.watch ?? []).map((l) => l.path.length - 1)));
    const pb = this.playback;
    return html`<div class="nb-watch">
      <div class="nb-watch__bar">
        <button class="nb-small" @click=${() => (pb.playing ? pb.pause() : pb.play())} ?disabled=${!a}>${pb.playing ? 'Pause' : 'Play'}</button>
        <input type="range" min="0" max=${pb.max} .value=${String(pb.t)} aria-label="time step in the watched levels" ?disabled=${!a}
          @input=${(e: Event) => pb.seek(Number((e.target as HTMLInputElement).value))} />
        <span>t = ${pb.t}</span>
        <span class="nb-watch__key"
          ><span class="nb-swatch" style="background:#2563eb"></span>agent<span class="nb-swatch" style="background:${COIN_COLOR}"></span>coin<span
            class="nb-swatch"
            style="background:#f97316"
          ></span>lava<span class="nb-swatch" style="background:#334155;border-radius:0"></span>wall</span
        >
      </div>
      <div class="nb-watch__levels">
        ${a
          ? levels.map(
              (_level, i) => html`<figure>
                <figcaption>test level ${i + 1}: this policy</figcaption>
                <canvas data-level="agent:${i}" role="img" aria-label="test level ${i + 1}, the policy's path"></canvas>
                <figcaption>the proxy (runs right)</figcaption>
                <canvas data-level="proxy:${i}" role="img" aria-label="test level ${i + 1}, the proxy's path"></canvas>
              </figure>`,
            )
          : html`<p class="nb-hint">Press Train: the policy's paths on ${WATCH_LEVELS} test levels where running right misses the coin show here, the same levels for every run.</p>`}
      </div>
    </div>`;
  }

  protected renderFigures() {
    const a = this.run.analysis;
    const points = this.summary.points;
    return html`<div class="nb-figures">
      ${this.renderLogToggle()} ${this.renderMetricCharts()}
      <div class="nb-fig-row">
        <nb-plot filename="coinrun-test" .figure=${a ? this.memo('test', [a], () => testFigure(a.evals, a.proxy.distinguishing, a.distinguishingLevels)) : null}></nb-plot>
        <nb-plot
          filename="coinrun-summary"
          .figure=${this.memo('summary', [points], () => summaryFigure(points, PUBLISHED.reference.rows, PUBLISHED.reference.long.rows))}
        ></nb-plot>
      </div>
      ${this.renderWatch(a)}
      <p class="nb-fig-note">
        The test levels are the same for every run and seed; on about a third of them the coin lies on a shortest path to the right end, so
        running right collects it by accident: those are left out of the test's
        <span class="nb-keyed"><span class="nb-swatch" style="background:${COIN_COLOR}"></span>coin</span> and
        <span class="nb-keyed"><span class="nb-swatch" style="background:${END_COLOR}"></span>end-first</span> rates. Every finished run adds a point
        to the summary (kept in this browser): try 0%, 2% and 20%, then 2% for 1M steps.
        ${points.length ? html`<button class="nb-small" @click=${() => (this.summary.clear(), this.requestUpdate())}>Clear the summary</button>` : nothing}
      </p>
    </div>`;
  }
}

customElements.define(definition.tag, NbCoinRunCell);

declare global {
  interface HTMLElementTagNameMap {
    'nb-coinrun-cell': NbCoinRunCell;
  }
}
