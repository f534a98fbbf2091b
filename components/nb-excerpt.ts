import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type { Excerpt, Line } from '../src/essay/types';

/** What sits beside an excerpt: its live cell, a note that the cell is planned, or a link to a cell placed earlier. */
export type Placement =
  | { kind: 'none' }
  | { kind: 'live'; cellId: string; element: HTMLElement }
  | { kind: 'planned'; title: string; source: string }
  | { kind: 'above'; anchor: string };

/**
 * `<nb-excerpt>`: one excerpt of the dialogue, with its claim label and whatever sits beside it.
 * Renders into light DOM so the page's CSS (and Plotly inside a cell) apply.
 *
 * @property excerpt   the excerpt to show
 * @property placement what goes beside it; a live cell element is placed as given, never copied
 */
export class NbExcerpt extends LitElement {
  static override properties = {
    excerpt: { attribute: false },
    placement: { attribute: false },
  };

  declare excerpt: Excerpt | undefined;
  declare placement: Placement;

  constructor() {
    super();
    this.placement = { kind: 'none' };
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render(): TemplateResult | typeof nothing {
    const ex = this.excerpt;
    if (!ex) return nothing;
    const p = this.placement;
    const side = p.kind === 'live' || p.kind === 'planned';
    return html`
      <div class="nb-block nb-block--excerpt ${side ? 'nb-block--side' : ''}">
        <div class="nb-text">
          ${ex.claim ? this.renderClaim(ex.id, ex.claim, p) : nothing}
          ${ex.lines.map((line, i) => renderLine(line, ex.lines[i - 1]))}
        </div>
        ${p.kind === 'live'
          ? html`<div class="nb-side nb-cell-slot" data-cell-slot=${p.cellId}>${p.element}</div>`
          : nothing}
        ${p.kind === 'planned'
          ? html`<aside class="nb-side nb-planned">
              Live cell planned: <span class="nb-planned__title">${p.title}</span> (${p.source})
            </aside>`
          : nothing}
      </div>
    `;
  }

  private renderClaim(id: string, claim: string, p: Placement): TemplateResult {
    return html`<p class="nb-claim">
      <a class="nb-claim__label" href="#${id}">Claim</a>
      <span class="nb-claim__text">${claim}</span>
      ${p.kind === 'above' ? html`<a class="nb-claim__above" href="#${p.anchor}">live cell above ↑</a>` : nothing}
    </p>`;
  }
}

/** A paragraph of the dialogue; the speaker's name opens a speech but not its later paragraphs. */
function renderLine(line: Line, previous: Line | undefined): TemplateResult {
  if ('stage' in line) {
    return html`<p class="nb-stage">[${line.stage}]</p>`;
  }
  const opensTurn = !previous || !('speaker' in previous) || previous.speaker !== line.speaker;
  const who = line.speaker.toLowerCase();
  return html`<p class="nb-line nb-line--${who} ${opensTurn ? '' : 'nb-line--cont'}">
    ${opensTurn ? html`<span class="nb-speaker nb-speaker--${who}">${line.speaker}:</span> ` : nothing}${withDirections(line.text)}
  </p>`;
}

/** Splits out bracketed stage directions ("[scoffing]") so they can be styled apart. */
function withDirections(text: string): Array<string | TemplateResult> {
  return text
    .split(/(\[[^\]]*\])/)
    .filter((part) => part !== '')
    .map((part) => (part.startsWith('[') ? html`<span class="nb-direction">${part}</span>` : part));
}

customElements.define('nb-excerpt', NbExcerpt);

declare global {
  interface HTMLElementTagNameMap {
    'nb-excerpt': NbExcerpt;
  }
}
