/**
 * A cell's parameter values, kept in step with the page URL. Reads the URL once
 * at start (reporting bad values), writes every change back with replaceState.
 */
import { parseValue, type ParamChangeKind, type ParamTable, type ParamValues } from '../core/params';
import type { BackendChoice } from '../../workers/protocol';
import { readCellState, writeCellState } from './url';

export class CellParams<T extends ParamTable> {
  values: ParamValues<T>;
  backend: BackendChoice;
  /** Problems found in the URL, shown once in the cell. */
  readonly urlErrors: string[];

  constructor(
    readonly cellId: string,
    readonly table: T,
    private readonly location: { search: string } | null = typeof window === 'undefined' ? null : window.location,
  ) {
    const parsed = readCellState(this.location?.search ?? '', cellId, table);
    this.values = parsed.values;
    this.backend = parsed.backend;
    this.urlErrors = parsed.errors;
  }

  /**
   * Apply one change, checked against its spec.
   * @returns what the change does (the parameter's `change`: 'restart' when it defines the problem),
   * or an error message.
   */
  set(name: string, value: number | string): ParamChangeKind | { error: string } {
    if (name === 'backend') {
      this.backend = value as BackendChoice;
      this.sync();
      return 'restart';
    }
    const spec = this.table[name];
    if (!spec) return { error: `unknown parameter ${name}` };
    const r = parseValue(spec, String(value));
    if ('error' in r) return { error: `${spec.label}: ${r.error}` };
    this.values = { ...this.values, [name]: r.value };
    this.sync();
    return spec.change;
  }

  private sync(): void {
    if (typeof window === 'undefined' || !window.history) return;
    const search = writeCellState(window.location.search, this.cellId, this.table, this.values, this.backend);
    if (search !== window.location.search) {
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
    }
  }
}
