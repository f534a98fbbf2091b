/**
 * Export's vectors for the relative-representations cell: everything the metrics of one analysis
 * read, so an outsider can recompute them (./recheck.ts does, in Node). Both models' vectors are
 * large, so the worker sends them only when asked, with the next analysis: Export asks, then waits
 * (at most a minute) for an analysis that carries them, and exports that analysis's scores beside them.
 * The block's schema is in ./README.md ("Export"). Pure: timers only, no DOM.
 */
import { base64ToFloat32, float32ToBase64 } from '../../core/base64';
import type { RelrepsAnalysis } from './analysis';
import type { Scores } from './metrics';

export const EXPORT_WAIT_MS = 60000;

/** The `format` of the export's `vectors` block: bump when a field changes meaning. */
export const VECTORS_FORMAT = 'relreps-vectors/1';

type Pair<T> = [T, T];

/** The export's `vectors` (plain JSON). */
export interface VectorsBlock {
  format: string;
  /** How `models[i].values` is stored. */
  encoding: string;
  /** The analysis these are from: its step, settings and scores (the page's numbers). */
  step: number;
  k: number;
  centre: boolean;
  dim: number;
  settings: Record<string, unknown>;
  models: Pair<{ name: string; kind: string; text: string; words: string[]; counts: number[]; values: string }>;
  /** The shared words, most frequent (both texts together) first, and their indices into each model's `words`. */
  shared: { words: string[]; index: Pair<number[]> };
  /** Anchors and the scored sample, as indices into `shared.words` (the sample in the order scored). */
  anchors: number[];
  evalRows: number[];
  scores: RelrepsAnalysis['scores'];
}

export const ENCODING = 'base64 of float32 little-endian, row-major [words.length, dim]';

/** The export's `vectors` block of an analysis that carries vectors. */
export function vectorsBlock(a: RelrepsAnalysis): VectorsBlock {
  const v = a.vectors;
  if (!v) throw new Error('vectorsBlock: this analysis carries no vectors');
  const pair = <T>(f: (i: 0 | 1) => T) => [f(0), f(1)] as Pair<T>;
  return {
    format: VECTORS_FORMAT,
    encoding: ENCODING,
    step: a.step,
    k: a.k,
    centre: a.centre,
    dim: v.dim,
    settings: v.settings,
    models: pair((i) => ({ name: a.names[i], kind: a.kinds[i], text: a.texts[i], words: v.words[i], counts: Array.from(v.counts[i]), values: float32ToBase64(v.values[i]) })),
    shared: { words: Array.from(v.shared[0], (j) => v.words[0][j]), index: pair((i) => Array.from(v.shared[i])) },
    anchors: Array.from(v.anchors),
    evalRows: Array.from(v.evalRows),
    scores: a.scores,
  };
}

/** A `vectors` block read back: each model's shared-word vectors ([shared, dim] row-major) and the rows. */
export interface DecodedVectors {
  dim: number;
  k: number;
  centre: boolean;
  shared: Pair<Float32Array>;
  anchors: Int32Array;
  evalRows: Int32Array;
  scores: { abs: { ab: Scores; ba: Scores }; rel: { ab: Scores; ba: Scores } };
}

/** Read an export's `vectors` block (JSON-parsed), checking its shapes. @throws naming what is wrong */
export function decodeVectors(b: VectorsBlock): DecodedVectors {
  if (b.format !== VECTORS_FORMAT) throw new Error(`vectors: format ${JSON.stringify(b.format)}, expected ${VECTORS_FORMAT}`);
  const n = b.shared.words.length;
  const shared = b.models.map((m, i) => {
    const all = base64ToFloat32(m.values);
    if (all.length !== m.words.length * b.dim) throw new Error(`vectors: model ${i + 1} has ${all.length} values for ${m.words.length} words of ${b.dim}`);
    const idx = b.shared.index[i];
    if (idx.length !== n) throw new Error(`vectors: model ${i + 1} indexes ${idx.length} shared words of ${n}`);
    const out = new Float32Array(n * b.dim);
    idx.forEach((j, r) => {
      if (m.words[j] !== b.shared.words[r]) throw new Error(`vectors: shared word ${r} is ${b.shared.words[r]}, model ${i + 1}'s word ${j} is ${m.words[j]}`);
      out.set(all.subarray(j * b.dim, (j + 1) * b.dim), r * b.dim);
    });
    return out;
  }) as Pair<Float32Array>;
  const rows = (xs: number[], what: string) => {
    if (xs.some((x) => !Number.isInteger(x) || x < 0 || x >= n)) throw new Error(`vectors: ${what} outside the ${n} shared words`);
    return Int32Array.from(xs);
  };
  return { dim: b.dim, k: b.k, centre: b.centre, shared, anchors: rows(b.anchors, 'anchors'), evalRows: rows(b.evalRows, 'evalRows'), scores: b.scores };
}

export interface VectorsExportDeps {
  /** Ask the running worker to send the vectors with its next analysis. */
  ask(): void;
  /** How long to wait for them (default a minute). */
  waitMs?: number;
}

export class VectorsExport {
  private wanted: ((a: RelrepsAnalysis | null) => void) | null = null;

  constructor(private readonly deps: VectorsExportDeps) {}

  /** An analysis arrived: if it carries vectors, it goes to a waiting export. */
  offer(a: RelrepsAnalysis): void {
    if (a.vectors && this.wanted) {
      this.wanted(a);
      this.wanted = null;
    }
  }

  /** Export's extra fields: the `vectors` block, or null with a note saying why there is none. */
  async extras(status: string): Promise<Record<string, unknown>> {
    if (status === 'idle' || status === 'error') return { vectors: null, vectorsNote: 'no live run: train first to export the vectors' };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const a = await new Promise<RelrepsAnalysis | null>((resolve) => {
      this.wanted = resolve;
      timer = setTimeout(() => resolve(null), this.deps.waitMs ?? EXPORT_WAIT_MS);
      this.deps.ask();
    });
    clearTimeout(timer);
    this.wanted = null;
    if (!a) return { vectors: null, vectorsNote: 'the worker did not send the vectors in time' };
    return { vectors: vectorsBlock(a) };
  }
}
