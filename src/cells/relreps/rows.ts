/**
 * The shared words of a relreps run (./session.ts) and the rows of them its analyses read: the
 * anchors, the full scoring's `evalWords` sample and the periodic analysis's fixed sample of
 * PERIODIC_WORDS. Both samples take the first rows of one seeded order of the shared rows (computed
 * once), so the periodic words are the same at every analysis and always among the full scoring's.
 */
import { createRng } from '../../core/rng';
import { DROP_TOP, PERIODIC_WORDS } from './config';
import type { Text } from './corpus';

/** Words in both vocabularies, by their count in the two texts together, the DROP_TOP most frequent left out. */
export function sharedWords(texts: [Text, Text]): Int32Array {
  const [a, b] = texts;
  const both: { g: number; n: number }[] = [];
  a.words.forEach((g, i) => {
    const j = b.local[g];
    if (j >= 0) both.push({ g, n: a.counts[i] + b.counts[j] });
  });
  both.sort((x, y) => y.n - x.n || x.g - y.g);
  return Int32Array.from(both.slice(DROP_TOP), (x) => x.g);
}

/** Rows (indices into the shared words) the analyses read; the anchor and full-scoring rows are recomputed only when their settings change. */
export class SharedRows {
  /** Rows in the seeded order the scored samples are drawn from (computed once). */
  private order: Int32Array | null = null;
  private anchorMemo: { key: string; rows: Int32Array } | null = null;
  private rowsMemo: { key: string; rows: Int32Array } | null = null;

  /**
   * @param n how many shared words
   * @param anchorSeed seed of the random anchor choice
   * @param orderSeed seed of the order the scored samples are drawn from
   */
  constructor(
    readonly n: number,
    private readonly anchorSeed: number,
    private readonly orderSeed: number,
  ) {}

  /** Anchor rows: the `anchors` most frequent for 'frequent', else a seeded random set (sorted). */
  anchors(anchors: number, anchorChoice: string): Int32Array {
    const n = this.n;
    const K = Math.min(anchors, n);
    const key = `${anchorChoice}|${K}`;
    if (this.anchorMemo?.key !== key) {
      const rows = anchorChoice === 'frequent' ? Int32Array.from({ length: K }, (_, i) => i) : createRng(this.anchorSeed).permutation(n).subarray(0, K).slice().sort();
      this.anchorMemo = { key, rows };
    }
    return this.anchorMemo.rows;
  }

  private evalOrder(): Int32Array {
    return (this.order ??= createRng(this.orderSeed).permutation(this.n));
  }

  /** Rows the full scoring averages over (`evalWords` of them; all in order for 'all'). */
  full(evalWords: string): Int32Array {
    const n = this.n;
    const m = evalWords === 'all' ? n : Math.min(n, Number(evalWords));
    const key = m === n ? 'all' : String(m);
    if (this.rowsMemo?.key !== key) this.rowsMemo = { key, rows: m === n ? Int32Array.from({ length: n }, (_, i) => i) : this.evalOrder().slice(0, m) };
    return this.rowsMemo.rows;
  }

  /** Rows the periodic analysis scores: the first PERIODIC_WORDS of the seeded order, whatever the settings. */
  periodic(): Int32Array {
    return this.evalOrder().subarray(0, Math.min(this.n, PERIODIC_WORDS));
  }
}
