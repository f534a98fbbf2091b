/**
 * The agreement curve of the relative-representations cell: one point (Jaccard and MRR, absolute
 * and relative) per analysed step of a run, begun afresh when the run or the comparison's settings
 * (k, the anchors, centring, the words scored) change, since its points would not compare.
 * Pure: no DOM, no tfjs.
 */
import type { RelrepsAnalysis } from './analysis';
import { agreementPoint, type AgreementPoint } from './figures';

/** The fields of an analysis the curve's identity depends on (beside the run). */
export type AgreementKeyFields = Pick<RelrepsAnalysis, 'k' | 'anchorWords' | 'centre' | 'evalWords'>;

/** Which run and comparison settings a point belongs to. */
export function agreementKey(runId: number, a: AgreementKeyFields): string {
  return `${runId}|${a.k}|${a.anchorWords.length}|${a.centre}|${a.evalWords}|${a.anchorWords[0]}`;
}

export class AgreementCurve {
  private key = '';
  private pts: readonly AgreementPoint[] = [];

  /** The curve so far, by step (a new array after each add, so a memo sees the change). */
  get points(): readonly AgreementPoint[] {
    return this.pts;
  }

  /**
   * Add an analysis of run `runId`: a point at its step, replacing any at or after that step (a
   * run resumed from a checkpoint analyses steps again); the curve starts over when the run or the
   * settings changed. @returns the curve
   */
  add(runId: number, a: RelrepsAnalysis): readonly AgreementPoint[] {
    const key = agreementKey(runId, a);
    if (key !== this.key) {
      this.key = key;
      this.pts = [];
    }
    const p = agreementPoint(a);
    this.pts = [...this.pts.filter((q) => q.step < p.step), p];
    return this.pts;
  }
}
