/**
 * One PPO rollout, in plain JS: ENVS training levels stepped ROLLOUT times with actions sampled from
 * the policy's weight snapshot; finished levels are reset at once (a new layout, the coin placed by
 * the random_percent rule), as goalmisgen.py's train() does. Time-major buffers for GAE and the update.
 */
import type { Rng } from '../../core/rng';
import { Levels, OBS_SIZE } from './env';
import { ACTIONS, sampleActions, type PolicySnapshot } from './policy';

export interface RolloutBuffers {
  T: number;
  N: number;
  /** [T, N, OBS_SIZE] */
  obs: Float32Array;
  act: Int32Array;
  logp: Float32Array;
  val: Float32Array;
  rew: Float32Array;
  done: Float32Array;
  /** [N] value of the observation after the last step (the bootstrap). */
  lastVal: Float32Array;
}

/** What the episodes that ended during a rollout did. */
export interface EpisodeStats {
  episodes: number;
  coins: number;
  steps: number;
  /** Episodes on levels whose coin was placed at random, and how many of those got it. */
  randomEpisodes: number;
  randomCoins: number;
}

export function rolloutBuffers(T: number, N: number): RolloutBuffers {
  const n = T * N;
  return {
    T,
    N,
    obs: new Float32Array(n * OBS_SIZE),
    act: new Int32Array(n),
    logp: new Float32Array(n),
    val: new Float32Array(n),
    rew: new Float32Array(n),
    done: new Float32Array(n),
    lastVal: new Float32Array(N),
  };
}

/** Fill `b` with one rollout on `levels` (N levels, kept running across rollouts). */
export function collectRollout(levels: Levels, policy: PolicySnapshot, rng: Rng, b: RolloutBuffers): EpisodeStats {
  const { T, N } = b;
  const logits = new Float32Array(N * ACTIONS);
  const acts = new Int32Array(N);
  const logp = new Float32Array(N);
  const stats: EpisodeStats = { episodes: 0, coins: 0, steps: 0, randomEpisodes: 0, randomCoins: 0 };
  for (let t = 0; t < T; t++) {
    const obs = b.obs.subarray(t * N * OBS_SIZE, (t + 1) * N * OBS_SIZE);
    levels.obs(obs);
    policy.forward(obs, N, logits, b.val.subarray(t * N, (t + 1) * N));
    sampleActions(logits, N, rng, acts, logp);
    b.act.set(acts, t * N);
    b.logp.set(logp, t * N);
    const info = levels.step(acts);
    for (let i = 0; i < N; i++) {
      b.rew[t * N + i] = info.reward[i];
      b.done[t * N + i] = info.done[i];
      if (!info.done[i]) continue;
      stats.episodes++;
      stats.coins += info.coin[i];
      stats.steps += levels.t[i];
      if (levels.randomCoin[i]) {
        stats.randomEpisodes++;
        stats.randomCoins += info.coin[i];
      }
      levels.resetOne(i);
    }
  }
  const obs = new Float32Array(N * OBS_SIZE);
  levels.obs(obs);
  policy.forward(obs, N, logits, b.lastVal);
  return stats;
}
