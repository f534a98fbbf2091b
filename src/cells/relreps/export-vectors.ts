/**
 * Export's vectors for the relative-representations cell: both models' vocabularies and input
 * vectors are large, so the worker sends them only when asked, with the next analysis. Export asks,
 * then waits (at most a minute) for an analysis that carries them.
 * Pure: timers only, no DOM.
 */
import type { RelrepsAnalysis } from './analysis';

export const EXPORT_WAIT_MS = 60000;

type Vectors = RelrepsAnalysis['vectors'];

export interface VectorsExportDeps {
  /** Ask the running worker to send the vectors with its next analysis. */
  ask(): void;
  /** The models' names (from the latest analysis), when there is one. */
  names(): readonly string[] | undefined;
  /** How long to wait for them (default a minute). */
  waitMs?: number;
}

export class VectorsExport {
  private wanted: ((v: Vectors) => void) | null = null;

  constructor(private readonly deps: VectorsExportDeps) {}

  /** An analysis arrived: its vectors, if it carries any, go to a waiting export. */
  offer(vectors: Vectors): void {
    if (vectors && this.wanted) {
      this.wanted(vectors);
      this.wanted = null;
    }
  }

  /** Export's extra fields: the vectors, or null with a note saying why there are none. */
  async extras(status: string): Promise<Record<string, unknown>> {
    if (status === 'idle' || status === 'error') return { vectors: null, vectorsNote: 'no live run: train first to export the vectors' };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const vectors = await new Promise<Vectors>((resolve) => {
      this.wanted = resolve;
      timer = setTimeout(() => resolve(null), this.deps.waitMs ?? EXPORT_WAIT_MS);
      this.deps.ask();
    });
    clearTimeout(timer);
    this.wanted = null;
    if (!vectors) return { vectors: null, vectorsNote: 'the worker did not send the vectors in time' };
    return {
      vectors: {
        dim: vectors.dim,
        models: [0, 1].map((i) => ({ name: this.deps.names()?.[i], words: vectors.words[i], values: vectors.values[i] })),
      },
    };
  }
}
