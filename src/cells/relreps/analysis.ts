/**
 * What an analysis of the relative-representations cell carries (session.ts builds it, the
 * component and the figures read it), and the comparison's settings that change without a restart.
 */
import type { Scores } from './metrics';
import type { EmbeddingKind } from './model';

export interface Neighbour {
  word: string;
  cosine: number;
}

export interface QueryResult {
  word: string;
  /** Per model: how its vector was found ('vocabulary', 'n-grams' for a fastText word it never saw, or null: unknown). */
  source: [string | null, string | null];
  /** Nearest shared words per model, absolute (its own vectors) and relative (cosines to the anchors). */
  abs: [Neighbour[], Neighbour[]];
  rel: [Neighbour[], Neighbour[]];
}

/** Probe words both models know, their groups, and 2-D coordinates (same axes for both models within a row). */
export interface Probe {
  words: string[];
  groups: string[];
  abs: [Float32Array, Float32Array];
  rel: [Float32Array, Float32Array];
  absShare: number;
  relShare: number;
}

export interface RelrepsAnalysis {
  step: number;
  names: [string, string];
  kinds: [EmbeddingKind, EmbeddingKind];
  /** What each model reads. */
  texts: [string, string];
  /** Passes over each model's text so far, and its size in tokens (in its vocabulary). */
  epochs: [number, number];
  tokens: [number, number];
  vocab: [number, number];
  lr: number;
  sharedVocab: number;
  anchorWords: string[];
  k: number;
  centre: boolean;
  /**
   * Which scoring: 'periodic', the fixed sample of PERIODIC_WORDS shared words (the same words each
   * time) scored every few seconds while the run steps; 'full', the `evalWords` setting's words,
   * scored when stepping stops (pause, end, a single step), when the settings change, and for Export.
   */
  sample: 'periodic' | 'full';
  /** Words the metrics averaged over (in this analysis). */
  evalWords: number;
  /** Words the full scoring averages over (the `evalWords` setting), in a periodic analysis too. */
  fullWords: number;
  /** Scores of model 1 -> model 2 ('ab') and 2 -> 1 ('ba'), absolute and relative. */
  scores: { abs: { ab: Scores; ba: Scores }; rel: { ab: Scores; ba: Scores } };
  probe: Probe;
  query: QueryResult | null;
  /** What the metrics of this analysis read (only when asked for, for Export). */
  vectors: AnalysisVectors | null;
}

/** Everything the metrics of one analysis read, so that an export can recompute them (./export-vectors.ts). */
export interface AnalysisVectors {
  /** Each model's vocabulary, most frequent first, and each word's count in its text. */
  words: [string[], string[]];
  counts: [Float64Array, Float64Array];
  dim: number;
  /** Each model's input vectors, [its vocabulary size, dim] row-major. */
  values: [Float32Array, Float32Array];
  /** The shared words (the rows compared), as indices into each model's vocabulary. */
  shared: [Int32Array, Int32Array];
  /** Anchor words and the scored sample, as rows of the shared list (the sample in the order scored). */
  anchors: Int32Array;
  evalRows: Int32Array;
  /** The run's config and the comparison's settings as the session used them. */
  settings: Record<string, unknown>;
}

export interface RelrepsOptions {
  anchors: number;
  anchorChoice: string;
  k: number;
  centre: string;
  evalWords: string;
  query: string;
  exportVectors: boolean;
}

/** The comparison's settings alone (those of RelrepsOptions but the query and the export request), from the options or a config. */
export function pickOptions(c: Omit<RelrepsOptions, 'query' | 'exportVectors'>): Omit<RelrepsOptions, 'query' | 'exportVectors'> {
  return { anchors: c.anchors, anchorChoice: c.anchorChoice, k: c.k, centre: c.centre, evalWords: c.evalWords };
}
