/**
 * <nb-param>: one parameter's control, built from its ParamSpec: a slider with a
 * number box for numbers (log-scaled where the spec says so; an int with a rule,
 * such as "prime", slides over allowed values only), a select for choices.
 * Typed values are checked and a bad one gets an inline message, never applied.
 * Emits `nb-param-change` with { name, value } (bubbles).
 */
import { LitElement, html, nothing } from 'lit';
import { parseValue, type ParamSpec } from '../src/core/params';

export interface ParamChange {
  name: string;
  value: number | string;
}

/** Values a slider may take for an int spec with a rule (e.g. the primes in range). */
function allowedInts(spec: Extract<ParamSpec, { kind: 'int' }>): number[] | null {
  if (!spec.check || spec.max - spec.min > 5000) return null;
  const out: number[] = [];
  for (let v = spec.min; v <= spec.max; v++) if (!spec.check(v)) out.push(v);
  return out;
}

function fmt(spec: ParamSpec, v: number | string): string {
  if (typeof v === 'string') return v;
  if (spec.kind === 'int') return String(v);
  if (spec.kind === 'float' && spec.log) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}

export class NbParam extends LitElement {
  static override properties = {
    name: { type: String },
    spec: { attribute: false },
    value: { attribute: false },
    disabled: { type: Boolean },
    problem: { state: true },
  };

  declare name: string;
  declare spec: ParamSpec;
  declare value: number | string;
  declare disabled: boolean;
  declare problem: string | null;

  private allowed: number[] | null = null;
  private static count = 0;
  private readonly inputId = `nb-param-${++NbParam.count}`;

  constructor() {
    super();
    this.name = '';
    this.disabled = false;
    this.problem = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('spec') && this.spec.kind === 'int') this.allowed = allowedInts(this.spec);
  }

  private emit(value: number | string): void {
    this.problem = null;
    this.dispatchEvent(new CustomEvent<ParamChange>('nb-param-change', { detail: { name: this.name, value }, bubbles: true }));
  }

  /** Slider position -> value. */
  private fromSlider(pos: number): number {
    const s = this.spec;
    if (s.kind === 'int' && s.log) return Math.min(s.max, Math.max(s.min, Number((10 ** pos).toPrecision(2))));
    if (s.kind === 'int') return this.allowed ? this.allowed[pos] : pos;
    if (s.kind === 'float' && s.log) return Number((10 ** pos).toPrecision(3));
    return Number(pos.toPrecision(6));
  }

  private sliderAttrs(): { min: number; max: number; step: number; pos: number } {
    const s = this.spec;
    const v = Number(this.value);
    if (s.kind === 'int' && s.log) {
      return { min: Math.log10(s.min), max: Math.log10(s.max), step: 0.01, pos: Math.log10(Math.max(v, s.min)) };
    }
    if (s.kind === 'int') {
      if (this.allowed) {
        const i = this.allowed.findIndex((a) => a >= v);
        return { min: 0, max: this.allowed.length - 1, step: 1, pos: i < 0 ? this.allowed.length - 1 : i };
      }
      return { min: s.min, max: s.max, step: 1, pos: v };
    }
    if (s.kind === 'float' && s.log) {
      return { min: Math.log10(s.min), max: Math.log10(s.max), step: 1 / s.step, pos: Math.log10(v) };
    }
    const f = s as Extract<ParamSpec, { kind: 'float' }>;
    return { min: f.min, max: f.max, step: f.step, pos: v };
  }

  private onText(ev: Event): void {
    const input = ev.target as HTMLInputElement;
    const r = parseValue(this.spec, input.value);
    if ('error' in r) {
      this.problem = `${this.spec.label}: ${r.error}`;
      return;
    }
    this.emit(r.value);
  }

  protected override render() {
    const s = this.spec;
    const id = this.inputId;
    if (s.kind === 'choice') {
      return html`<label class="nb-param" title=${s.help ?? ''}>
        <span class="nb-param-label">${s.label}</span>
        <select
          .value=${String(this.value)}
          ?disabled=${this.disabled}
          @change=${(e: Event) => this.emit((e.target as HTMLSelectElement).value)}
        >
          ${s.options.map((o) => html`<option value=${o} ?selected=${o === this.value}>${o}</option>`)}
        </select>
      </label>`;
    }
    const a = this.sliderAttrs();
    return html`<div class="nb-param ${this.problem ? 'has-problem' : ''}" title=${s.help ?? ''}>
      <label class="nb-param-label" for=${id}>${s.label}</label>
      <input
        id=${id}
        type="range"
        min=${a.min}
        max=${a.max}
        step=${a.step}
        .value=${String(a.pos)}
        ?disabled=${this.disabled}
        aria-label=${s.label}
        @input=${(e: Event) => this.emit(this.fromSlider(Number((e.target as HTMLInputElement).value)))}
      />
      <input
        class="nb-param-text"
        type="text"
        inputmode="decimal"
        .value=${fmt(s, this.value)}
        ?disabled=${this.disabled}
        aria-label="${s.label} value"
        aria-invalid=${this.problem ? 'true' : 'false'}
        @change=${this.onText}
        @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.onText(e)}
      />
      ${this.problem ? html`<div class="nb-param-problem" role="alert">${this.problem}</div>` : nothing}
    </div>`;
  }
}

customElements.define('nb-param', NbParam);

declare global {
  interface HTMLElementTagNameMap {
    'nb-param': NbParam;
  }
}
