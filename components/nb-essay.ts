import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { CELLS, PLANNED } from '../src/cells/registry';
import { DATA_CREDITS, DIALOGUE, WORKS } from '../src/essay/credits';
import { READ } from '../src/essay/excerpts';
import { groupRuns } from '../src/essay/runs';
import type { Block, Excerpt } from '../src/essay/types';
import type { Placement } from './nb-excerpt';
import './nb-excerpt';

/**
 * `<nb-essay>`: the whole page: header (the banner landmark), the guided read (the main landmark:
 * excerpts, bridges, and the cells beside the claims), credits (the footer: contentinfo). Not an
 * <article>, which would keep its header and footer from being landmarks. Renders into light DOM
 * so global CSS applies and Plotly charts inside the cells work.
 *
 * Consecutive excerpts that place the same cell are shown as one run with the cell beside all of
 * them (the clock and the pizza share the clock-pizza cell). A cell id placed again further on gets
 * a link back instead. Cell elements are created once per id and kept across re-renders.
 *
 * @property blocks the read to show (defaults to the dialogue's guided read, src/essay/excerpts.ts)
 */
export class NbEssay extends LitElement {
  static override properties = {
    blocks: { attribute: false },
  };

  declare blocks: Block[];

  private readonly cellElements = new Map<string, HTMLElement>();
  private placements = new Map<string, Placement>();
  /** The read with runs of consecutive excerpts that share a live cell grouped together. */
  private groups: Array<Excerpt[] | Block> = [];

  constructor() {
    super();
    this.blocks = READ;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('blocks')) {
      this.placements = this.place(this.blocks);
      this.groups = groupRuns(this.blocks);
    }
  }

  /** Decides, per excerpt id, what sits beside it (the same for every excerpt of a run). */
  private place(blocks: Block[]): Map<string, Placement> {
    const firstAt = new Map<string, string>();
    const out = new Map<string, Placement>();
    for (const run of groupRuns(blocks)) {
      if (!Array.isArray(run) || !run[0].cell) continue;
      const id = run[0].cell;
      const first = firstAt.get(id);
      let placement: Placement = { kind: 'none' };
      if (first !== undefined) {
        if (CELLS[id]) placement = { kind: 'above', anchor: first };
      } else {
        firstAt.set(id, run[0].id);
        const planned = PLANNED[id];
        if (CELLS[id]) placement = { kind: 'live', cellId: id, element: this.cellElement(id) };
        else if (planned) placement = { kind: 'planned', title: planned.title, source: planned.source };
      }
      for (const ex of run) out.set(ex.id, placement);
    }
    return out;
  }

  private cellElement(id: string): HTMLElement {
    let el = this.cellElements.get(id);
    if (!el) {
      el = document.createElement(CELLS[id].tag);
      this.cellElements.set(id, el);
    }
    return el;
  }

  override render(): TemplateResult {
    return html`
      <div class="nb-essay">
        ${this.renderHeader()}
        <main class="nb-read">
          ${repeat(
            this.groups,
            (g, i) => (Array.isArray(g) ? `x:${g[0].id}` : `b:${i}`),
            (g) => (Array.isArray(g) ? this.renderExcerpts(g) : g.kind === 'bridge' ? renderBridge(g.text) : nothing),
          )}
        </main>
        ${this.renderFooter()}
      </div>
    `;
  }

  private renderHeader(): TemplateResult {
    const claims = this.blocks.filter((b): b is Excerpt & { claim: string } => b.kind === 'excerpt' && !!b.claim);
    return html`
      <header class="nb-header nb-block">
        <div class="nb-text">
          <h1 class="nb-title">${DIALOGUE.title}</h1>
          <p class="nb-byline">
            a dialogue by ${DIALOGUE.author}
            <span class="nb-byline__sep" aria-hidden="true">·</span>
            <a href=${DIALOGUE.url}>the original on LessWrong</a> (February 2024)
          </p>
          <p class="nb-intro">
            A guided read of the dialogue as a live notebook. The excerpts are quoted verbatim and in
            order; the short centred notes between them are ours and summarise what is left out. Each
            empirical claim sits beside a cell that re-runs the experiment in your browser; nothing is
            precomputed. Cells not built yet are marked as planned.
          </p>
          ${claims.length
            ? html`<nav class="nb-toc" aria-label="Claims">
                <h2 class="nb-toc__title">The claims</h2>
                <ol>
                  ${claims.map((c) => html`<li><a href="#${c.id}">${c.claim}</a>${this.tocNote(c.id)}</li>`)}
                </ol>
              </nav>`
            : nothing}
        </div>
      </header>
    `;
  }

  private tocNote(excerptId: string): TemplateResult | typeof nothing {
    const p = this.placements.get(excerptId);
    if (p?.kind === 'live') return html` <span class="nb-toc__note nb-toc__note--live">live cell</span>`;
    if (p?.kind === 'planned') return html` <span class="nb-toc__note">cell planned</span>`;
    return nothing;
  }

  private renderExcerpts(run: Excerpt[]): TemplateResult {
    return html`<nb-excerpt
      class=${run.some((ex) => ex.claim) ? 'nb-claim-excerpt' : ''}
      .excerpts=${run}
      .placement=${this.placements.get(run[0].id) ?? { kind: 'none' }}
    ></nb-excerpt>`;
  }

  private renderFooter(): TemplateResult {
    return html`
      <footer class="nb-footer nb-block">
        <div class="nb-text">
          <h2 class="nb-footer__title">Credits</h2>
          <p>
            The dialogue: <a href=${DIALOGUE.url}>“${DIALOGUE.title}”</a> by ${DIALOGUE.author}
            (${DIALOGUE.published}). The excerpts are his words; the notes between them are ours.
          </p>
          <h3 class="nb-footer__sub">The experiments</h3>
          <ul class="nb-works">
            ${WORKS.map(
              (w) => html`<li>
                ${w.authors} (${w.year}). <cite>${w.title}</cite>${w.venue ? html`. ${w.venue}` : nothing}.
              </li>`,
            )}
          </ul>
          ${DATA_CREDITS.length
            ? html`<h3 class="nb-footer__sub">Data</h3>
                <ul class="nb-works">
                  ${DATA_CREDITS.map((d) => html`<li>${d}</li>`)}
                </ul>`
            : nothing}
          <p class="nb-footer__oss">
            This notebook is open source. It loads nothing from other sites: every model is trained here,
            in your browser.
          </p>
        </div>
      </footer>
    `;
  }
}

function renderBridge(text: string): TemplateResult {
  // A note, not a landmark: the page has several bridges, and landmarks must be told apart by name.
  return html`<aside class="nb-block nb-bridge" role="note" aria-label="Summary of a passage left out">
    <div class="nb-text">
      <span class="nb-bridge__mark" aria-hidden="true">…</span>
      <p class="nb-bridge__text">${text}</p>
    </div>
  </aside>`;
}

customElements.define('nb-essay', NbEssay);

declare global {
  interface HTMLElementTagNameMap {
    'nb-essay': NbEssay;
  }
}
