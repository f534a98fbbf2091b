import { describe, expect, it } from 'vitest';
import { AgreementCurve, agreementKey, headline } from './agreement';
import type { RelrepsAnalysis } from './analysis';
import type { Scores } from './metrics';

const scores = (jaccard: number, mrr: number): Scores => ({ jaccard, mrr, cosine: 0 });

/** Just the fields the curve reads: the step, the settings and the scores (both directions). */
function analysis(step: number, over: Partial<RelrepsAnalysis> = {}, rel = 0.5): RelrepsAnalysis {
  return {
    step,
    k: 10,
    anchorWords: ['the', 'of', 'and'],
    centre: true,
    sample: 'full',
    evalWords: 1000,
    fullWords: 1000,
    scores: { abs: { ab: scores(0.1, 0.2), ba: scores(0.3, 0.4) }, rel: { ab: scores(rel, rel), ba: scores(rel + 0.1, rel + 0.2) } },
    ...over,
  } as RelrepsAnalysis;
}

describe('relreps agreement curve', () => {
  it('adds one point per analysed step, both directions averaged, as a new array each time', () => {
    const c = new AgreementCurve();
    const first = c.add(1, analysis(10));
    const second = c.add(1, analysis(20, {}, 0.7));
    expect(second).not.toBe(first);
    expect(c.points).toBe(second);
    expect(second.map((p) => p.step)).toEqual([10, 20]);
    expect(second[0].jaccardAbs).toBeCloseTo(0.2);
    expect(second[0].mrrAbs).toBeCloseTo(0.3);
    expect(second[1].jaccardRel).toBeCloseTo(0.75);
    expect(second[1].mrrRel).toBeCloseTo(0.8);
  });

  it('an analysis of an earlier or the same step replaces the points from there on', () => {
    const c = new AgreementCurve();
    c.add(1, analysis(10));
    c.add(1, analysis(20));
    c.add(1, analysis(30));
    const pts = c.add(1, analysis(20, {}, 0.9));
    expect(pts.map((p) => p.step)).toEqual([10, 20]);
    expect(pts[1].jaccardRel).toBeCloseTo(0.95);
  });

  it('starts over for a new run or changed comparison settings, not for the same ones', () => {
    const c = new AgreementCurve();
    c.add(1, analysis(10));
    expect(c.add(1, analysis(20)).length).toBe(2);
    expect(c.add(2, analysis(30)).map((p) => p.step)).toEqual([30]);
    expect(c.add(2, analysis(40, { k: 5 })).map((p) => p.step)).toEqual([40]);
    expect(c.add(2, analysis(50, { k: 5, centre: false })).length).toBe(1);
    expect(c.add(2, analysis(60, { k: 5, centre: false, fullWords: 500 })).length).toBe(1);
    expect(c.add(2, analysis(70, { k: 5, centre: false, fullWords: 500, anchorWords: ['a', 'b', 'c', 'd'] })).length).toBe(1);
    expect(c.add(2, analysis(80, { k: 5, centre: false, fullWords: 500, anchorWords: ['x', 'b', 'c', 'd'] })).length).toBe(1);
    expect(c.add(2, analysis(90, { k: 5, centre: false, fullWords: 500, anchorWords: ['x', 'y', 'z', 'w'] })).length).toBe(2);
  });

  it('the key names the run and each setting', () => {
    const a = analysis(0);
    expect(agreementKey(3, a)).toBe('3|10|3|true|1000|the');
    expect(agreementKey(4, a)).not.toBe(agreementKey(3, a));
  });

  it('keeps periodic points (a fixed sample) and full ones apart: both at one step, each replacing only its own kind there', () => {
    const c = new AgreementCurve();
    const periodic = (step: number, rel = 0.5) => analysis(step, { sample: 'periodic', evalWords: 300 }, rel);
    c.add(1, periodic(10));
    c.add(1, periodic(20));
    c.add(1, analysis(20, {}, 0.6)); // the full scoring when stepping stops: same settings, the curve goes on
    let pts = c.add(1, periodic(30));
    expect(pts.map((p) => [p.step, p.sample, p.words])).toEqual([
      [10, 'periodic', 300],
      [20, 'periodic', 300],
      [20, 'full', 1000],
      [30, 'periodic', 300],
    ]);
    pts = c.add(1, analysis(20, {}, 0.9)); // the full scoring again at step 20 (a query): replaces the full point there and what came after
    expect(pts.map((p) => [p.step, p.sample])).toEqual([
      [10, 'periodic'],
      [20, 'periodic'],
      [20, 'full'],
    ]);
    expect(pts[2].jaccardRel).toBeCloseTo(0.95);
    // Another evalWords setting is another curve, whichever kind of analysis brings it.
    expect(c.add(1, periodic(40)).length).toBe(4);
    expect(c.add(1, analysis(50, { sample: 'periodic', evalWords: 300, fullWords: 3000 })).length).toBe(1);
  });

  it('the headline is the full scoring when there is one for the run and settings, else the sample (which says so)', () => {
    const full = analysis(20);
    const periodic = analysis(30, { sample: 'periodic', evalWords: 300 });
    expect(headline(1, null, null)).toBeNull();
    expect(headline(1, full, null)).toBe(full);
    expect(headline(1, periodic, null)).toBe(periodic);
    expect(headline(1, periodic, { runId: 1, a: full })).toBe(full);
    expect(headline(2, periodic, { runId: 1, a: full })).toBe(periodic); // another run
    expect(headline(1, periodic, { runId: 1, a: analysis(20, { k: 3 }) })).toBe(periodic); // other settings
    const later = analysis(40);
    expect(headline(1, later, { runId: 1, a: full })).toBe(later);
  });
});

