/**
 * A per-browser summary of finished runs: each finished run adds one point (what it set and what it
 * reached), so a paper's figure builds up as the reader explores. Pure: the storage is injected (the
 * page passes localStorage, or null where the browser blocks it, and the summary then lives for the
 * page only); garbage in the storage reads as an empty summary, invalid entries are dropped.
 *
 *   storage[key] ─parse/validate─▶ points ─record(run id, point)─▶ points ─▶ storage[key]
 */

/** The part of the Web Storage API a summary needs. */
export interface SummaryStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface SummarySpec<P> {
  /** The storage key. */
  key: string;
  /** The most points kept: the oldest go first. */
  max: number;
  isPoint(p: unknown): p is P;
}

/** The stored text as points: garbage gives none, invalid entries are dropped, the last `max` kept. */
export function parsePoints<P>(spec: SummarySpec<P>, text: string | null): P[] {
  try {
    const raw = JSON.parse(text ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    return raw.filter((p): p is P => spec.isPoint(p)).slice(-spec.max);
  } catch {
    return [];
  }
}

export function loadPoints<P>(spec: SummarySpec<P>, storage: SummaryStorage | null): P[] {
  try {
    return storage ? parsePoints(spec, storage.getItem(spec.key)) : [];
  } catch {
    return [];
  }
}

/** Keeps `points` in `storage`; a full or blocked storage is ignored. */
export function savePoints<P>(spec: SummarySpec<P>, storage: SummaryStorage | null, points: readonly P[]): void {
  try {
    storage?.setItem(spec.key, JSON.stringify(points));
  } catch {
    /* storage full or blocked: the summary lives for this page only */
  }
}

/**
 * The summary: loaded from the storage, saved on every change. `points` is a new array after each
 * change (figures compare it by identity). A run joins it once, by run id.
 */
export class RunSummary<P> {
  private current: readonly P[];
  private readonly recorded = new Set<number>();

  constructor(
    private readonly spec: SummarySpec<P>,
    private readonly storage: SummaryStorage | null,
  ) {
    this.current = loadPoints(spec, storage);
  }

  get points(): readonly P[] {
    return this.current;
  }

  /** Adds a finished run's point (null: nothing to add yet). @returns whether the summary changed */
  record(runId: number, point: P | null): boolean {
    if (point === null || this.recorded.has(runId)) return false;
    this.recorded.add(runId);
    this.current = [...this.current, point].slice(-this.spec.max);
    savePoints(this.spec, this.storage, this.current);
    return true;
  }

  /** Empties the summary, in the storage too (runs already recorded stay recorded). */
  clear(): void {
    this.current = [];
    savePoints(this.spec, this.storage, this.current);
  }
}

/** The browser's localStorage, or null where reading it throws (blocked storage). Page only. */
export function browserStorage(): SummaryStorage | null {
  try {
    return (globalThis as { localStorage?: SummaryStorage }).localStorage ?? null;
  } catch {
    return null;
  }
}
