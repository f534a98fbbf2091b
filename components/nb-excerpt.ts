import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Excerpt, Line } from '../src/essay/types';

/** What sits beside an excerpt: its live cell, a note that the cell is planned, or a link to a cell placed earlier. */
export type Placement =
  | { kind: 'none' }
  | { kind: 'live'; cellId: string; element: HTMLElement }
  | { kind: 'planned'; title: string; source: string }
  | { kind: 'above'; anchor: string };

/** A cell that can be set to a named preset from the text beside it (the clock and pizza excerpts). */
export interface PresetTarget extends HTMLElement {
  applyPreset(name: string): boolean;
}

function hasPresets(el: HTMLElement): el is PresetTarget {
  return typeof (el as Partial<PresetTarget>).applyPreset === 'function';
}

/**
 * `<nb-excerpt>`: a run of consecutive excerpts of the dialogue that share what sits beside them
 * (usually one excerpt; the clock and pizza excerpts share one cell, which spans both). Each
 * excerpt keeps its own anchor (`id`), claim label and, where it names a preset, a button that sets
 * the cell beside it to that preset. Renders into light DOM so the page's CSS (and Plotly inside a
 * cell) apply.
 *
 * @property excerpts  the excerpts to show, in order
 * @property placement what goes beside them; a live cell element is placed as given, never copied
 */
export class NbExcerpt extends LitElement {
  static override properties = {
    excerpts: { attribute: false },
    placement: { attribute: false },
  };

  declare excerpts: Excerpt[];
  declare placement: Placement;

  constructor() {
    super();
    this.excerpts = [];
    this.placement = { kind: 'none' };
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The cells' components are defined after the essay's first paint (src/main.ts): the preset
    // buttons appear once the cell beside them is.
    const p = this.placement;
    if (changed.has('placement') && p.kind === 'live' && !customElements.get(p.element.localName)) {
      void customElements.whenDefined(p.element.localName).then(() => this.requestUpdate());
    }
  }

  override render(): TemplateResult | typeof nothing {
    if (!this.excerpts.length) return nothing;
    const p = this.placement;
    const side = p.kind === 'live' || p.kind === 'planned';
    return html`
      <div class="nb-block nb-block--excerpt ${side ? 'nb-block--side' : ''}">
        <div class="nb-text">
          ${this.excerpts.map(
            (ex) => html`<section class="nb-excerpt-part" id=${ex.id}>
              ${ex.claim ? this.renderClaim(ex, p) : nothing}
              ${ex.lines.map((line, i) => renderLine(line, ex.lines[i - 1]))}
            </section>`,
          )}
        </div>
        ${p.kind === 'live'
          ? html`<div class="nb-side nb-cell-slot" data-cell-slot=${p.cellId}>${p.element}</div>`
          : nothing}
        ${p.kind === 'planned'
          ? html`<aside class="nb-side nb-planned" aria-label="Live cell planned: ${p.title}">
              Live cell planned: <span class="nb-planned__title">${p.title}</span> (${p.source})
            </aside>`
          : nothing}
      </div>
    `;
  }

  private renderClaim(ex: Excerpt, p: Placement): TemplateResult {
    const target = p.kind === 'live' && ex.preset && hasPresets(p.element) ? p.element : null;
    return html`<p class="nb-claim">
      <a class="nb-claim__label" href="#${ex.id}">Claim</a>
      <span class="nb-claim__text">${ex.claim}</span>
      ${target && ex.preset
        ? html`<button
            class="nb-small nb-claim__preset"
            data-preset=${ex.preset}
            title="Sets the cell beside this excerpt to its ${ex.preset} preset and trains it"
            @click=${() => target.applyPreset(ex.preset!)}
          >
            ${ex.presetLabel ?? `Preset: ${ex.preset}`}
          </button>`
        : nothing}
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
