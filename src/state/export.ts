/**
 * A cell's Export: the config, the backend used, the results, the full metric history and the
 * latest analysis as plain JSON (typed arrays as arrays), plus what the cell adds. Pure builders
 * and one download helper.
 */

/** Export format version: bump when a field changes meaning. */
export const EXPORT_VERSION = 1;

export interface ExportInput {
  cell: string;
  link: string;
  config: unknown;
  backend: { chosen: string; used: string | null; notes: readonly string[] };
  results: unknown;
  history: unknown;
  analysis: unknown;
  extras?: Record<string, unknown>;
  now?: Date;
}

export function buildExport(i: ExportInput): Record<string, unknown> {
  return {
    cell: i.cell,
    version: EXPORT_VERSION,
    link: i.link,
    exportedAt: (i.now ?? new Date()).toISOString(),
    config: i.config,
    backend: i.backend,
    results: i.results,
    history: i.history,
    analysis: plain(i.analysis),
    ...(plain(i.extras ?? {}) as Record<string, unknown>),
  };
}

/** Typed arrays to plain arrays, for JSON. */
export function plain(x: unknown): unknown {
  if (ArrayBuffer.isView(x)) return Array.from(x as unknown as ArrayLike<number>);
  if (Array.isArray(x)) return x.map(plain);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]));
  return x;
}

/** Save a JSON document as a file download (page only). */
export function downloadJson(data: unknown, filename: string): void {
  const blob = new Blob([JSON.stringify(data, null, 1)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
