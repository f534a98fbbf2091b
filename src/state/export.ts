/**
 * A cell's Export: one JSON file (`<cell>-run.json`) an outsider can re-check. Pure builders, a
 * compact encoding for large float arrays, and one download helper.
 *
 * Schema (version {@link EXPORT_VERSION}), top-level fields:
 *  - `cell`: the cell's id; `version`: this format's version; `link`: the page's address (its
 *    parameters in the query); `exportedAt`: ISO time;
 *  - `config`: every parameter's value; `backend`: `{chosen, used, notes}`;
 *  - `results`: the cell's `results` (the numbers the page shows; see the cell's README);
 *  - `history`: the metric points `{step, <series key>: number}` so far;
 *  - `analysis`: the latest analysis, typed arrays as plain number arrays, less any field the cell
 *    exports itself (below);
 *  - then the cell's own fields (`exportExtras()`), e.g. relreps' `vectors`: a field of the same
 *    name as one of the analysis's replaces it, so nothing is stored twice.
 * Large float matrices are stored once, as base64 of their float32 little-endian bytes
 * (float32ToBase64 in src/core/base64.ts, read back with base64ToFloat32), row-major, their shape beside.
 *
 * Versions: 1 (the first); 2: an extra replaces the analysis field of its name; relreps' vectors
 * as base64 float32 with what its metrics need (src/cells/relreps/README.md).
 */

/** Export format version: bump when a field changes meaning. */
export const EXPORT_VERSION = 2;

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
  const extras = i.extras ?? {};
  // Drop the analysis's fields that an extra replaces before converting (they may be large).
  const a = i.analysis;
  const analysis = a && typeof a === 'object' && !Array.isArray(a) && !ArrayBuffer.isView(a) ? Object.fromEntries(Object.entries(a).filter(([k]) => !(k in extras))) : a;
  return {
    cell: i.cell,
    version: EXPORT_VERSION,
    link: i.link,
    exportedAt: (i.now ?? new Date()).toISOString(),
    config: i.config,
    backend: i.backend,
    results: i.results,
    history: i.history,
    analysis: plain(analysis),
    ...(plain(extras) as Record<string, unknown>),
  };
}

/** Typed arrays to plain arrays, for JSON. */
export function plain(x: unknown): unknown {
  if (ArrayBuffer.isView(x)) return Array.from(x as unknown as ArrayLike<number>);
  if (Array.isArray(x)) return x.map(plain);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]));
  return x;
}

/** A file size for people: 812 B, 3.4 kB, 5.8 MB (powers of 1000). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  return `${(n / 1e6).toFixed(1)} MB`;
}

/** Save a JSON document as a file download (page only); returns the file's size in bytes. */
export function downloadJson(data: unknown, filename: string): number {
  const blob = new Blob([JSON.stringify(data, null, 1)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  return blob.size;
}
