/**
 * <nb-advfeat-cell>: "adversarial examples are features" (Ilyas et al. 2019) at MNIST scale, in
 * three visible stages: train a source model; attack training digits toward random targets
 * (D_rand) and toward y + 1 (D_det) and relabel them; train a fresh model on each relabelled set
 * (and on the controls) and test it on clean digits. The stage line, a table of the numbers, the
 * final bars beside chance and the paper's CIFAR-10 figures, the attacked digits, and a test digit
 * the reader picks with the fresh D_rand model's prediction.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { NbCellBase } from '../../../components/nb-cell-base';
import { drawPixels } from '../../../components/pixels';
import type { AdvAnalysis, AttackResult, Gallery, ModelResult } from './analysis';
import { ADV_PARAMS, AMPLIFY, GALLERY, PUBLISHED, SOURCE_SIZE } from './config';
import { definition } from './definition';
import { barsFigure, digitImage, galleryImage, stageProgress } from './figures';
import { plan, type AttackName } from './pipeline';
import './cell.css';

/** The MNIST test set's size (the pick's range). */
const TEST_DIGITS = 10_000;

const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(digits)}%`);
const num = (x: number | null | undefined, digits = 2) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));
const NAMES: Record<AttackName, string> = { rand: 'D_rand', det: 'D_det' };

export class NbAdvFeatCell extends NbCellBase<typeof ADV_PARAMS, AdvAnalysis> {
  /** The test digit whose D_rand prediction is shown (sent to the worker). */
  private pick = 0;
  private drawn = new WeakMap<HTMLCanvasElement, unknown>();

  constructor() {
    super(definition);
  }

  private progress() {
    return stageProgress(plan(this.config), this.run.step);
  }

  protected extraResults() {
    const a = this.run.analysis;
    const fresh = (k: keyof AdvAnalysis['fresh']) => a?.fresh[k]?.cleanTestAcc ?? null;
    return {
      stage: this.progress().name,
      sourceTestAcc: a?.sourceTestAcc ?? null,
      randAttackSuccess: a?.attacks.rand?.success ?? null,
      randCleanTestAcc: fresh('rand'),
      detAttackSuccess: a?.attacks.det?.success ?? null,
      detCleanTestAcc: fresh('det'),
      eps: this.config.eps,
      norm: this.config.norm,
      meanL2: a?.attacks.rand?.meanL2 ?? null,
      detMeanL2: a?.attacks.det?.meanL2 ?? null,
      randPlainTestAcc: fresh('randPlain'),
      randPerpTestAcc: fresh('randPerp'),
      detPlainTestAcc: fresh('detPlain'),
      detCalledYPlus1: a?.fresh.det?.predYPlus1 ?? null,
      analysisStep: a?.step ?? null,
    };
  }

  protected override updated(): void {
    super.updated();
    this.drawPictures();
  }

  protected override renderLede() {
    const c = this.config;
    const n = Number(c.attackSize).toLocaleString('en');
    return html`<p class="nb-cell-lede">
      Do adversarial perturbations carry features a network really uses? Three stages, live, at MNIST scale (Ilyas et al. 2019).
      <b>1.</b> ${c.model === 'mlp' ? 'An MLP (784-256-256-10)' : 'A small CNN'}, the source model, learns ${SOURCE_SIZE.toLocaleString('en')} training
      digits. <b>2.</b> Targeted PGD (${c.norm === 'l2' ? 'L2' : 'L∞'}, ε = ${c.eps}, ${c.pgdSteps} steps) nudges the first ${n} of them until the
      source model calls each one a target label: a random one (D_rand) or the next digit, y + 1 (D_det). Each digit is relabelled with its
      target, though to a person it still shows its old digit. <b>3.</b> A fresh model trains on each relabelled set and is tested on clean
      test digits with their true labels. D_rand's labels have nothing to do with what its digits look like, so a fresh model well above
      chance (10%) has learned from the perturbations alone.
    </p>`;
  }

  private renderStage() {
    const p = this.progress();
    const done = p.name === 'done';
    return html`<div class="nb-advfeat-stage">
      <span class="nb-advfeat-stage__name">${done ? 'All three stages done' : p.name}</span>
      <progress max="1" .value=${p.overall} aria-label="progress of the whole run"></progress>
      <span class="nb-hint"
        >${done ? nothing : html`step ${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')} in this stage, `}${Math.floor(100 * p.overall)}% of
        the run</span
      >
    </div>`;
  }

  private renderTable(a: AdvAnalysis | null) {
    const c = this.config;
    const eps = `ε = ${c.eps}${c.norm === 'linf' ? ' (L∞)' : ''}`;
    const row = (t: AttackName, model: ModelResult | undefined, plain: ModelResult | undefined, perp: string, called: string) => {
      const at: AttackResult | undefined = a?.attacks[t];
      return html`<tr>
        <td>${NAMES[t]}</td>
        <td>${pct(at?.success)}${at && at.attacked < at.total ? html` <span class="nb-hint">(${at.attacked.toLocaleString('en')} of ${at.total.toLocaleString('en')})</span>` : nothing}</td>
        <td>${num(at?.meanL2)} <span class="nb-hint">${eps}</span></td>
        <td class="nb-live">${pct(model?.cleanTestAcc)}</td>
        <td>${pct(plain?.cleanTestAcc)}</td>
        <td>${perp}</td>
        <td>${called}</td>
      </tr>`;
    };
    return html`<table class="nb-table nb-advfeat-table" aria-label="The attacks and the fresh models">
      <thead>
        <tr>
          <th><span class="nb-visually-hidden">data set</span></th>
          <th>attack success</th>
          <th>mean L2</th>
          <th>fresh model, clean test</th>
          <th>control: no perturbation</th>
          <th>control: mean direction removed</th>
          <th>test digits called y + 1</th>
        </tr>
      </thead>
      <tbody>
        ${row('rand', a?.fresh.rand, a?.fresh.randPlain, pct(a?.fresh.randPerp?.cleanTestAcc), 'n/a')}
        ${row('det', a?.fresh.det, a?.fresh.detPlain, 'n/a', pct(a?.fresh.det?.predYPlus1))}
      </tbody>
    </table>`;
  }

  protected renderComparison() {
    const a = this.run.analysis;
    const c = this.config;
    const refs = PUBLISHED.reference.rows.filter((r) => r.model === c.model && r.norm === c.norm && Math.abs(r.eps - c.eps) < 1e-9);
    return html`${this.renderStage()}
      <div class="nb-compare">
        <span>this run: source model <b>${pct(a?.sourceTestAcc)}</b> on the 10,000 clean test digits${(a?.sourceTestAcc ?? null) === null ? ' (once stage 1 is done)' : ''}</span>
      </div>
      ${this.renderTable(a)}
      <div class="nb-compare">
        ${refs.length
          ? html`<span
              >PyTorch reference here (MNIST; measured, not published):
              ${refs
                .map((r) => `seed ${r.seed}: source ${pct(r.source, 0)}, attack success ${pct(r.randSuccess, 0)} / ${pct(r.detSuccess, 0)}, D_rand ${pct(r.rand, 0)}, D_det ${pct(r.det, 0)}`)
                .join('; ')}. Controls: ${PUBLISHED.reference.controls}.</span
            >`
          : nothing}
        <span>${PUBLISHED.cifar.tag}, a different dataset: ${PUBLISHED.cifar.text}.</span>
        <span class="nb-hint"
          >D_det is the harder test: every digit is labelled y + 1, so what a digit visibly shows points to the wrong label and only the
          perturbation points to the right one. On MNIST the visible strokes are strong beside a small perturbation, so a fresh D_det model
          learns “strokes of y → y + 1” and sits near or below chance on clean digits (it calls many of them y + 1): expected, and where MNIST
          differs from CIFAR-10, not a failure of the idea. D_rand is the test that carries over.</span
        >
      </div>`;
  }

  private drawPictures(): void {
    const a = this.run.analysis;
    for (const canvas of this.querySelectorAll<HTMLCanvasElement>('canvas[data-gallery]')) {
      const g = a?.galleries.find((x) => x.target === canvas.dataset.gallery) ?? null;
      if (this.drawn.get(canvas) === g) continue;
      this.drawn.set(canvas, g);
      drawPixels(canvas, g ? galleryImage(g) : null);
    }
    const canvas = this.querySelector<HTMLCanvasElement>('canvas.nb-advfeat-digit');
    if (!canvas) return;
    const p = a?.pick && a.pick.index === this.pick ? a.pick : null;
    if (this.drawn.get(canvas) === p) return;
    this.drawn.set(canvas, p);
    drawPixels(canvas, p ? digitImage(p.image) : null);
  }

  private renderGallery(t: AttackName, g: Gallery | undefined) {
    const what = t === 'rand' ? 'random targets' : 'y + 1';
    return html`<figure class="nb-advfeat-gallery">
      <figcaption>${NAMES[t]} (toward ${what}): rows clean, adversarial, perturbation ×${AMPLIFY} (grey = unchanged)</figcaption>
      ${g
        ? html`<canvas class="nb-gallery" data-gallery=${t} role="img" aria-label="${NAMES[t]}: ${GALLERY} training digits, their adversarial versions and perturbations"></canvas>
            <p class="nb-hint nb-advfeat-gallery__labels">label now carried: ${g.labels.map((y, i) => `${y}→${g.targets[i]}`).join('  ')}</p>`
        : html`<p class="nb-hint">The first ${GALLERY} attacked digits show here once stage 2 reaches ${NAMES[t]}.</p>`}
    </figure>`;
  }

  private onPick = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const v = Number(input.value);
    const n = input.value.trim() !== '' && Number.isFinite(v) ? Math.min(TEST_DIGITS - 1, Math.max(0, Math.round(v))) : this.pick;
    input.value = String(n);
    if (n === this.pick) return;
    this.pick = n;
    this.run.setOptions({ pick: n }, true);
    this.requestUpdate();
  };

  private renderPick(a: AdvAnalysis | null) {
    const p = a?.pick && a.pick.index === this.pick ? a.pick : null;
    let text: TemplateResult;
    if (!a) text = html`Press Train: once the fresh D_rand model is trained (stage 3), it reads the test digit you pick here.`;
    else if (!p) text = html`reading test digit ${this.pick}…`;
    else if (!p.probs) text = html`a ${p.label}; the fresh D_rand model is not trained yet (stage 3), so there is no prediction.`;
    else {
      const probs = p.probs;
      const top = probs.reduce((b, v, i) => (v > probs[b] ? i : b), 0);
      text = html`true label <b>${p.label}</b>; the fresh D_rand model says <b>${top}</b> (${pct(probs[top])})${top === p.label ? ', right' : ''}, and gives
        the true label ${pct(probs[p.label])}.`;
    }
    return html`<div class="nb-advfeat-pick">
      <label class="nb-toggle"
        >test digit
        <input type="number" min="0" max=${TEST_DIGITS - 1} step="1" .value=${String(this.pick)} aria-label="test digit index" @change=${this.onPick}
      /></label>
      <canvas class="nb-advfeat-digit" role="img" aria-label=${p ? `test digit ${p.index}, a ${p.label}` : 'no test digit yet'}></canvas>
      <span class="nb-advfeat-pick__text">${text}</span>
    </div>`;
  }

  protected renderFigures() {
    const a = this.run.analysis;
    const g = (t: AttackName) => a?.galleries.find((x) => x.target === t);
    return html`<div class="nb-figures">
      ${this.renderLogToggle()} ${this.renderMetricCharts()}
      <nb-plot class="nb-advfeat-bars" filename="advfeat-bars" .figure=${a ? this.memo('bars', [a], () => barsFigure(a, PUBLISHED.cifar)) : null}></nb-plot>
      <div class="nb-advfeat-galleries">${this.renderGallery('rand', g('rand'))} ${this.renderGallery('det', g('det'))}</div>
      ${this.renderPick(a)}
      <p class="nb-fig-note">
        The grey bars are the paper's CIFAR-10 figures (ResNet-50), for scale only: this cell trains on MNIST. Beside each fresh model, its
        controls: the same relabelled digits without the perturbation (near chance: the labels alone teach nothing), and D_rand with the
        perturbation's mean-digit direction removed (what is left once the crude “draw the target's average digit” part is taken out).
      </p>
    </div>`;
  }
}

customElements.define(definition.tag, NbAdvFeatCell);

declare global {
  interface HTMLElementTagNameMap {
    'nb-advfeat-cell': NbAdvFeatCell;
  }
}
