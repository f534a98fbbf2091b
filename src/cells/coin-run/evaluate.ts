/**
 * The test: TEST_LEVELS fixed levels with the coin anywhere (the same for every run). The scripted
 * proxy (shortest path to the right end, coin ignored) picks the coin up by accident on about a third;
 * the rest are the distinguishing levels, where "get the coin" and "go right" part. Per episode:
 * coin collected, reached the end first, died, timed out; actions sampled from the policy with a fixed
 * seed, so the same weights give the same numbers.
 */
import { createRng } from '../../core/rng';
import { distToEnd, proxyActions, rates, rollOut, testLevels, type Levels } from './env';
import { ACTIONS, sampleActions, type PolicySnapshot } from './policy';
import { TEST_LEVELS, TEST_SEED, WATCH_LEVELS } from './config';

export interface EvalRates {
  coin: number;
  endFirst: number;
  lava: number;
  timeout: number;
}

/** One test level drawn in the page, with the path taken on it. */
export interface WatchedLevel {
  L: number;
  startRow: number;
  /** [H * L_MAX] row-major, 1 = wall / lava. */
  wall: number[];
  lava: number[];
  coin: [number, number];
  path: [number, number][];
}

type Outcome = ReturnType<typeof rollOut>;

function ratesOf(o: Outcome, mask?: Uint8Array): EvalRates {
  return { coin: rates(o.coin, mask), endFirst: rates(o.endFirst, mask), lava: rates(o.lava, mask), timeout: rates(o.timeout, mask) };
}

/** The proxy's outcomes on the test set, its distinguishing mask and the watched levels (computed once). */
export interface TestSet {
  count: number;
  distinguishing: Uint8Array;
  /** Indices of the watched levels: the first WATCH_LEVELS distinguishing ones. */
  watch: number[];
  proxy: { all: EvalRates; distinguishing: EvalRates; watch: WatchedLevel[] };
}

/** The watched levels as drawn: layouts and coins (rollOut moves only the agents), with their paths. */
function watched(levels: Levels, idx: number[], paths: [number, number][][]): WatchedLevel[] {
  return idx.map((i) => {
    const l = levels.layouts[i];
    return { L: l.L, startRow: l.startRow, wall: Array.from(l.wall), lava: Array.from(l.lava), coin: [levels.coinRow[i], levels.coinCol[i]], path: paths[i] };
  });
}

export function makeTestSet(n = TEST_LEVELS): TestSet {
  const levels = testLevels(n, TEST_SEED, true);
  const maps = levels.layouts.map(distToEnd);
  const o = rollOut(levels, () => proxyActions(levels, maps), n);
  const distinguishing = Uint8Array.from(o.coin, (c) => 1 - c);
  const watch: number[] = [];
  for (let i = 0; i < n && watch.length < WATCH_LEVELS; i++) if (distinguishing[i]) watch.push(i);
  return {
    count: n,
    distinguishing,
    watch,
    proxy: { all: ratesOf(o), distinguishing: ratesOf(o, distinguishing), watch: watched(levels, watch, o.paths) },
  };
}

/** The policy on the test levels, actions sampled with a fixed seed. */
export function evaluatePolicy(policy: PolicySnapshot, set: TestSet, randomCoin = true): { all: EvalRates; distinguishing: EvalRates; watch: WatchedLevel[] } {
  const n = set.count;
  const levels = testLevels(n, TEST_SEED, randomCoin);
  const rng = createRng(TEST_SEED);
  const logits = new Float32Array(n * ACTIONS);
  const values = new Float32Array(n);
  const acts = new Int32Array(n);
  const logp = new Float32Array(n);
  const keep = set.watch.length ? set.watch[set.watch.length - 1] + 1 : 0;
  const o = rollOut(
    levels,
    (obs, alive) => {
      policy.forward(obs, n, logits, values, alive);
      sampleActions(logits, n, rng, acts, logp);
      return acts;
    },
    keep,
  );
  return { all: ratesOf(o), distinguishing: ratesOf(o, set.distinguishing), watch: randomCoin ? watched(levels, set.watch, o.paths) : [] };
}

