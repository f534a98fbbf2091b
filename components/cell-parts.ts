/**
 * Pieces of the cell frame (components/nb-cell-base.ts) that need no element: the backend
 * parameter, status words, how a series value is printed, and the message list.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { SeriesSpec } from '../src/core/cell';
import type { RunController } from '../src/state/run-controller';
import { BACKEND_CHOICES } from '../workers/protocol';

export const BACKEND_SPEC = {
  kind: 'choice',
  label: 'backend',
  options: BACKEND_CHOICES,
  default: 'auto',
  change: 'restart',
  help: 'Where the training runs. auto picks the fastest that starts here.',
} as const;

export const STATUS_TEXT = { idle: 'ready', running: 'training', paused: 'paused', done: 'done', error: 'error' } as const;

/** A series value as the read-out prints it. */
export function formatValue(s: Pick<SeriesSpec, 'format'>, v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  if (s.format === 'percent') return `${(100 * v).toFixed(1)}%`;
  if (s.format === 'exp') return v.toExponential(2);
  return v.toFixed(3);
}

export function renderMessages(r: RunController<unknown, unknown>, urlErrors: readonly string[], inputProblem: string | null): TemplateResult | typeof nothing {
  const items: TemplateResult[] = [];
  if (r.error) items.push(html`<li class="nb-msg nb-msg-error" role="alert">${r.error}</li>`);
  if (r.progress) {
    const b = r.progressBytes;
    items.push(
      html`<li class="nb-msg nb-msg-note nb-msg-progress">
        ${r.progress}${b && b.total > 0 ? html` <progress max=${b.total} .value=${b.done} aria-label=${r.progress}></progress>` : nothing}
      </li>`,
    );
  }
  if (inputProblem) items.push(html`<li class="nb-msg nb-msg-error" role="alert">${inputProblem} (not applied)</li>`);
  for (const e of urlErrors) items.push(html`<li class="nb-msg nb-msg-warn">Link: ${e}</li>`);
  for (const i of r.info) items.push(html`<li class="nb-msg nb-msg-warn">${i}</li>`);
  for (const n of r.notes) items.push(html`<li class="nb-msg nb-msg-note">${n}</li>`);
  if (r.restartPending) items.push(html`<li class="nb-msg nb-msg-note">Restarting with the new settings…</li>`);
  return items.length ? html`<ul class="nb-messages">${items}</ul>` : nothing;
}

/** The "log step axis" toggle above a cell's training curves. */
export function logToggle(checked: boolean, set: (on: boolean) => void): TemplateResult {
  return html`<label class="nb-toggle"
    ><input type="checkbox" .checked=${checked} @change=${(e: Event) => set((e.target as HTMLInputElement).checked)} /> log step axis</label
  >`;
}
