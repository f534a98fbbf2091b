/**
 * The agreement curve of the relative-representations cell: one point (Jaccard and MRR, absolute
 * and relative) per analysis of a run, begun afresh when the run or the comparison's settings
 * (k, the anchors, centring, the words the full scoring scores) change, since its points would not
 * compare. Two kinds of point: 'periodic', every few seconds while the run steps, each over the
 * same fixed sample of shared words (so they compare with each other along the run), and 'full',
 * over the `evalWords` setting's words, when stepping stops and on demand (figures.ts draws them apart).
 * Pure: no DOM, no tfjs.
 */
import type { RelrepsAnalysis } from './analysis';
import { agreementPoint, type AgreementPoint } from './figures';

/** The fields of an analysis the curve's identity depends on (beside the run). */
export type AgreementKeyFields = Pick<RelrepsAnalysis, 'k' | 'anchorWords' | 'centre' | 'fullWords'>;

/** Which run and comparison settings a point belongs to (the same for a periodic and a full analysis of them). */
export function agreementKey(runId: number, a: AgreementKeyFields): string {
  return `${runId}|${a.k}|${a.anchorWords.length}|${a.centre}|${a.fullWords}|${a.anchorWords[0]}`;
}

export class AgreementCurve {
  private key = '';
  private pts: readonly AgreementPoint[] = [];

  /** The curve so far, by step (a new array after each add, so a memo sees the change). */
  get points(): readonly AgreementPoint[] {
    return this.pts;
  }

  /**
   * Add an analysis of run `runId`: a point at its step, replacing any later one and any of its kind
   * at that step (a run resumed from a checkpoint analyses steps again; a periodic and a full point
   * may share a step); the curve starts over when the run or the settings changed. @returns the curve
   */
  add(runId: number, a: RelrepsAnalysis): readonly AgreementPoint[] {
    const key = agreementKey(runId, a);
    if (key !== this.key) {
      this.key = key;
      this.pts = [];
    }
    const p = agreementPoint(a);
    this.pts = [...this.pts.filter((q) => q.step < p.step || (q.step === p.step && q.sample !== p.sample)), p];
    return this.pts;
  }
}

/**
 * The analysis behind the table's and `results`' numbers (the headline): the latest full scoring of
 * run `runId` and the latest analysis's settings when there is one (while the run steps, the chart's
 * line goes on with periodic samples after it), else the latest analysis: a periodic sample before
 * the run's first full scoring, which says it is one (`sample`).
 * @param full the latest full analysis seen and its run
 */
export function headline(runId: number, latest: RelrepsAnalysis | null, full: { runId: number; a: RelrepsAnalysis } | null): RelrepsAnalysis | null {
  if (!latest || latest.sample === 'full') return latest;
  return full && full.runId === runId && agreementKey(runId, full.a) === agreementKey(runId, latest) ? full.a : latest;
}
