/**
 * A link reproduces a run: every parameter of every cell lives in the page URL as
 * `?<cell-id>.<param>=<value>`, plus `backend=` for the whole page (a cell's own
 * `<cell-id>.backend=` wins). Only values that differ from the defaults are written,
 * so links stay short. Unknown keys are ignored; bad values are reported and
 * replaced by defaults.
 */
import { defaults, parseValue, type ParamTable, type ParamValues } from '../core/params';
import { BACKEND_CHOICES, type BackendChoice } from '../../workers/protocol';

export interface Parsed<T extends ParamTable> {
  values: ParamValues<T>;
  backend: BackendChoice;
  /** One message per rejected value, naming the key, what was wrong and the default used. */
  errors: string[];
}

export function readCellState<T extends ParamTable>(search: string, cellId: string, table: T): Parsed<T> {
  const q = new URLSearchParams(search);
  const values = defaults(table) as Record<string, number | string>;
  const errors: string[] = [];
  for (const [name, spec] of Object.entries(table)) {
    const key = `${cellId}.${name}`;
    const raw = q.get(key);
    if (raw === null) continue;
    const n = q.getAll(key).length;
    if (n > 1) errors.push(`${key} appears ${n} times; the first is used`);
    const r = parseValue(spec, raw);
    if ('error' in r) errors.push(`${key}: ${r.error}; using ${spec.default}`);
    else values[name] = r.value;
  }
  let backend: BackendChoice = 'auto';
  for (const key of ['backend', `${cellId}.backend`]) {
    const raw = q.get(key);
    if (raw === null) continue;
    const v = raw.trim().toLowerCase();
    if ((BACKEND_CHOICES as readonly string[]).includes(v)) backend = v as BackendChoice;
    else errors.push(`${key}: must be one of ${BACKEND_CHOICES.join(', ')}; using ${backend}`);
  }
  return { values: values as ParamValues<T>, backend, errors };
}

/** The query string with this cell's keys rewritten (other cells' and unknown keys kept). */
export function writeCellState<T extends ParamTable>(
  search: string,
  cellId: string,
  table: T,
  values: ParamValues<T>,
  backend: BackendChoice,
): string {
  const q = new URLSearchParams(search);
  const v = values as Record<string, number | string>;
  for (const [name, spec] of Object.entries(table)) {
    const key = `${cellId}.${name}`;
    if (v[name] === spec.default) q.delete(key);
    else q.set(key, formatValue(v[name]));
  }
  const global = q.get('backend') ?? 'auto';
  if (backend === global) q.delete(`${cellId}.backend`);
  else q.set(`${cellId}.backend`, backend);
  const s = q.toString();
  return s ? `?${s}` : '';
}

function formatValue(x: number | string): string {
  if (typeof x === 'string') return x;
  // Shortest text that reads back as the same float.
  return String(Number(x.toPrecision(12)));
}
