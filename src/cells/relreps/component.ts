/**
 * <nb-relreps-cell>: Moschella et al.'s relative representations, live. Two skip-gram models
 * (word2vec and fastText-style, or word2vec twice) train on the Brown corpus in a worker; as they
 * train, the cell compares them word by word: in absolute coordinates they disagree (at chance),
 * described by their cosines to shared anchor words they agree. A table puts the metrics beside
 * the published ones; pictures show the same words in both models; a query box lists neighbours.
 */
import { html, nothing } from 'lit';
import { NbCellBase } from '../../../components/nb-cell-base';
import { PUBLISHED, RELREPS_PARAMS } from './config';
import { definition } from './definition';
import { SPLITS, type Split } from './corpus';
import type { RelrepsAnalysis } from './analysis';
import type { Scores } from './metrics';
import { AgreementCurve, headline } from './agreement';
import { VectorsExport } from './export-vectors';
import { agreementFigure, meanScores, probeFigure, probeGroups } from './figures';
import './cell.css';

const f3 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3));

export class NbRelrepsCell extends NbCellBase<typeof RELREPS_PARAMS, RelrepsAnalysis> {
  private agreement = new AgreementCurve();
  private seen: RelrepsAnalysis | null = null;
  /** The latest full scoring (not a periodic sample's) and its run: the table's numbers while it is current. */
  private full: { runId: number; a: RelrepsAnalysis } | null = null;
  private query = '';
  /** Export's vectors: asked of the worker on demand, delivered with an analysis. */
  private vectors = new VectorsExport({ ask: () => this.run.setOptions({ exportVectors: true }, false) });

  constructor() {
    super(definition);
  }

  protected override updated(): void {
    super.updated();
    const a = this.run.analysis;
    if (a && a !== this.seen) {
      this.seen = a;
      this.agreement.add(this.run.runId, a);
      if (a.sample === 'full') this.full = { runId: this.run.runId, a };
      this.vectors.offer(a);
      this.requestUpdate();
    }
  }

  /** The analysis behind the table's and `results`' numbers: the full scoring when there is one (./agreement.ts). */
  private headline(): RelrepsAnalysis | null {
    return headline(this.run.runId, this.run.analysis, this.full);
  }

  protected extraResults() {
    const a = this.headline();
    const abs = a ? meanScores(a, 'abs') : null;
    const rel = a ? meanScores(a, 'rel') : null;
    return {
      pair: this.config.pair,
      split: this.config.split,
      jaccardAbs: abs?.jaccard ?? null,
      jaccardRel: rel?.jaccard ?? null,
      mrrAbs: abs?.mrr ?? null,
      mrrRel: rel?.mrr ?? null,
      cosineAbs: abs?.cosine ?? null,
      cosineRel: rel?.cosine ?? null,
      sharedVocab: a?.sharedVocab ?? null,
      anchors: a?.anchorWords.length ?? null,
      k: a?.k ?? null,
      centred: a?.centre ?? null,
      epochs: a?.epochs ?? null,
      analysedStep: a?.step ?? null,
      // 'full': the words scored are the evalWords setting's; 'periodic': a fixed sample, before the first full scoring.
      scoring: a?.sample ?? null,
      scoredWords: a?.evalWords ?? null,
      scores: a?.scores ?? null,
      query: this.run.analysis?.query ?? null,
    };
  }

  /** Export adds what the metrics read (vocabularies, counts, vectors, shared words, anchors, sample), fetched from the worker on demand. */
  protected override exportExtras(): Promise<Record<string, unknown>> {
    return this.vectors.extras(this.run.status);
  }

  protected override renderReadoutExtra() {
    const a = this.run.analysis;
    if (!a || a.step === 0) return nothing;
    const perStep = (a.epochs[0] * a.tokens[0]) / a.step;
    const rate = this.run.stepsPerSecond * perStep;
    return html`<span>epoch <b>${a.epochs[0].toFixed(2)}</b></span>
      ${rate ? html`<span>${Math.round(rate).toLocaleString('en')} tokens/s per model</span>` : nothing}`;
  }

  protected override renderLede() {
    const c = this.config;
    const [ta, tb] = SPLITS[c.split as Split];
    const pair = c.pair === 'w2v-vs-ft' ? 'word2vec and a fastText-style model' : c.pair === 'w2v-vs-w2v' ? 'word2vec twice, with different seeds,' : 'fastText twice';
    return html`<p class="nb-cell-lede">
        Train ${pair} on the Brown corpus (${c.share === '100' ? 'all 1M words' : c.share === '25' ? 'every 4th file: 250k words' : 'every 20th file: 50k words'}, 15 genres) and compare them
        word by word (Moschella et al. 2023). ${ta === tb ? html`Both read the same text.` : html`One reads ${ta}, the other ${tb}.`} Their
        coordinates mean nothing to each other; describe every word by its cosines to ${c.anchors} shared anchor words and they agree.
        ${c.split !== 'whole'
          ? html`<b class="nb-bad">Different texts:</b> at a million words, two slices of the corpus differ more than two algorithms do,
              so expect the agreement to fall (the paper's corpora had billions of words).`
          : nothing}
      </p>`;
  }

  protected renderComparison() {
    const a = this.headline();
    const latest = this.run.analysis;
    const sample = a?.sample === 'periodic';
    const cell = sample ? 'nb-sample' : '';
    const row = (label: string, key: keyof Scores) => {
      const p = PUBLISHED.paper;
      return html`<tr>
        <td>${label}</td>
        <td class=${cell}>${f3(a?.scores.abs.ab[key])}</td>
        <td class=${cell}>${f3(a?.scores.abs.ba[key])}</td>
        <td class="nb-live ${cell}">${f3(a?.scores.rel.ab[key])}</td>
        <td class="nb-live ${cell}">${f3(a?.scores.rel.ba[key])}</td>
        <td>${p.abs[key].toFixed(2)} / ${p.rel[key].toFixed(2)}</td>
      </tr>`;
    };
    const names = a?.names ?? ['model 1', 'model 2'];
    const k = a?.k ?? this.config.k;
    const n = (x: number) => x.toLocaleString('en');
    // A periodic sample newer than the full scoring shown: its numbers, named as the sample's.
    const newer = a && latest && latest !== a && latest.sample === 'periodic' ? latest : null;
    const newerRel = newer ? meanScores(newer, 'rel') : null;
    return html`<div class="nb-compare">
      <table class="nb-table" aria-label="Agreement between the two models">
        <thead>
          <tr>
            <th><span class="nb-visually-hidden">measure</span></th>
            <th>absolute 1→2</th>
            <th>absolute 2→1</th>
            <th>relative 1→2</th>
            <th>relative 2→1</th>
            <th>paper abs / rel</th>
          </tr>
        </thead>
        <tbody>
          ${row(`Jaccard@${k}`, 'jaccard')} ${row(`MRR@${k}`, 'mrr')} ${row('cosine', 'cosine')}
        </tbody>
      </table>
      <span class="nb-hint"
        >1 = ${names[0]}, 2 = ${names[1]}.
        ${a
          ? sample
            ? html`<b>A sample:</b> the fixed ${n(a.evalWords)} of ${n(a.sharedVocab)} shared words scored every few seconds while the models
                train (italic), step ${a.step}; the full scoring, of ${n(a.fullWords)} words, replaces them when the run pauses or ends.
                Neighbours among all shared words (chance ≈ ${(k / a.sharedVocab).toFixed(4)}), ${a.centre ? 'each space mean-centred' : 'not centred'}.`
            : html`${n(a.evalWords)} of ${n(a.sharedVocab)} shared words scored, neighbours among all of them
                (chance ≈ ${(k / a.sharedVocab).toFixed(4)}), ${a.centre ? 'each space mean-centred' : 'not centred'}, step ${a.step}.
                ${newer && newerRel
                  ? html`Since then, on the chart's fixed sample of ${n(newer.evalWords)} words: relative Jaccard ${f3(newerRel.jaccard)},
                      MRR ${f3(newerRel.mrr)} at step ${newer.step}.`
                  : nothing}`
          : 'Press Train.'}
        Paper: ${PUBLISHED.paper.text} (values as recalled, unchecked). PyTorch reference on Brown (k = 10): word2vec vs fastText-style, 247k
        words: Jaccard 0.13, MRR 0.21 centred; word2vec twice, 735k words: 0.33, 0.81.</span
      >
    </div>`;
  }

  private onQuery = (e: Event) => {
    e.preventDefault();
    const input = (e.currentTarget as HTMLFormElement).querySelector('input');
    this.query = (input?.value ?? '').trim().toLowerCase().slice(0, 40);
    this.run.setOptions({ query: this.query });
    this.requestUpdate();
  };

  private renderQuery() {
    const a = this.run.analysis;
    const q = a?.query && a.query.word === this.query ? a.query : null;
    const list = (i: 0 | 1, space: 'abs' | 'rel') =>
      q && q.source[i]
        ? html`<ol class="nb-neighbours">
            ${q[space][i].map((n) => html`<li title=${`cosine ${n.cosine.toFixed(3)}`}>${n.word}</li>`)}
          </ol>`
        : html`<p class="nb-hint">${q ? 'not in its vocabulary' : '–'}</p>`;
    return html`<div class="nb-query">
      <form @submit=${this.onQuery}>
        <label>Nearest words to <input type="text" name="word" .value=${this.query} placeholder="monday" maxlength="40" aria-label="query word" /></label>
        <button type="submit">Look up</button>
        ${q
          ? html`<span class="nb-hint"
              >${q.source.some((s) => s === 'n-grams') ? 'fastText built it from its character n-grams (an unseen word). ' : ''}Among the shared
              words.</span
            >`
          : nothing}
      </form>
      ${this.query && a
        ? html`<table class="nb-table nb-query-table">
            <thead>
              <tr>
                <th><span class="nb-visually-hidden">model</span></th>
                <th>absolute</th>
                <th>relative</th>
              </tr>
            </thead>
            <tbody>
              ${([0, 1] as const).map((i) => html`<tr><th>${a.names[i]}</th><td>${list(i, 'abs')}</td><td>${list(i, 'rel')}</td></tr>`)}
            </tbody>
          </table>`
        : nothing}
    </div>`;
  }

  protected renderFigures() {
    const a = this.run.analysis;
    const names = a?.names ?? ['model 1', 'model 2'];
    const agreement = this.agreement.points;
    // The loss chart (the frame's metric-chart row, laid flat by ./cell.css) sits beside the agreement chart.
    return html`<div class="nb-figures">
      ${this.renderLogToggle()}
      <div class="nb-fig-row nb-relreps-curves">
        <nb-plot
          filename="relreps-agreement"
          .figure=${agreement.length ? this.memo('agreement', [agreement], () => agreementFigure(agreement, a?.k ?? this.config.k)) : null}
        ></nb-plot>
        ${this.renderMetricCharts({ labels: { trainLoss: names[0], testLoss: names[1] } })}
      </div>
      ${agreement.some((p) => p.sample === 'periodic')
        ? html`<p class="nb-fig-note">
            Agreement over steps: while the models train, every few seconds, over a fixed sample of
            ${agreement.find((p) => p.sample === 'periodic')?.words.toLocaleString('en')} shared words (the same words each time, so the line
            compares along the run; neighbours among all shared words). Diamonds: the full scoring, of the words set under
            <i>words scored</i>, made when the run pauses or ends and when the comparison's settings change: the table's numbers.
          </p>`
        : nothing}
      ${a
        ? html`<p class="nb-legend" aria-label="Word groups">
            ${probeGroups(a).map((g) => html`<span class="nb-legend__item"><span class="nb-legend__dot" style="background:${g.color}"></span>${g.name}</span>`)}
          </p>`
        : null}
      ${(['abs', 'rel'] as const).map(
        (space) => html`<div class="nb-fig-row nb-wide">
          ${([0, 1] as const).map(
            (m) =>
              html`<nb-plot
                filename="relreps-${space === 'abs' ? 'absolute' : 'relative'}-model-${m + 1}"
                .figure=${a ? this.memo(`${space}${m}`, [a], () => probeFigure(a, space, m)) : null}
              ></nb-plot>`,
          )}
        </div>`,
      )}
      <p class="nb-fig-note">
        The same words in both models, coloured by group (three a group named; hover a point for its word). Top: each model's own vectors on shared axes; the coordinates of two separately
        trained models mean different things, so the groups land in unrelated places. Bottom: each word described by its cosines to the same
        anchor words in each model, on shared axes: the groups coincide.
      </p>
      ${this.renderQuery()}
    </div>`;
  }
}

customElements.define('nb-relreps-cell', NbRelrepsCell);

declare global {
  interface HTMLElementTagNameMap {
    'nb-relreps-cell': NbRelrepsCell;
  }
}
