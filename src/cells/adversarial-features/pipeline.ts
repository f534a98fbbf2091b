/**
 * The run as a plan of stages, each a number of the runtime's steps: (1) train the source model,
 * (2) attack the attacked digits toward random targets (D_rand), then toward y + 1 (D_det), one PGD
 * step on a chunk of images a step, (3) train a fresh model on each relabelled set and on the controls.
 * Pure: the session walks it; the page shows where the run is.
 */
import { ATTACK_CHUNK, BATCH, SOURCE_SIZE, type AdvConfig } from './config';

/** The models of a run: the source, and the fresh ones of stage 3 (headline first, then the controls). */
export const FRESH = ['rand', 'det', 'randPlain', 'randPerp', 'detPlain'] as const;
export type FreshName = (typeof FRESH)[number];
export type AttackName = 'rand' | 'det';

export const MODEL_LABELS: Record<'source' | FreshName, string> = {
  source: 'source model (true labels)',
  rand: 'D_rand: perturbed toward random targets, relabelled',
  det: 'D_det: perturbed toward y + 1, relabelled',
  randPlain: 'control: D_rand’s labels, no perturbation',
  randPerp: 'control: D_rand without the mean-digit direction',
  detPlain: 'control: D_det’s labels, no perturbation',
};

export type Stage =
  | { kind: 'train'; model: 'source' | FreshName; start: number; steps: number; epochs: number; rows: number }
  | { kind: 'attack'; target: AttackName; start: number; steps: number; chunks: number; pgdSteps: number };

/** A stage without its start (distributed over the union). */
type StageInput = Stage extends infer S ? (S extends Stage ? Omit<S, 'start'> : never) : never;

/** @param sourceRows the source model's training digits (SOURCE_SIZE; fewer in tests) */
export function plan(c: AdvConfig, sourceRows = SOURCE_SIZE): Stage[] {
  const n = Number(c.attackSize);
  const stages: Stage[] = [];
  let start = 0;
  const push = (s: StageInput) => {
    stages.push({ ...s, start } as Stage);
    start += s.steps;
  };
  const trainSteps = (rows: number) => c.epochs * Math.ceil(rows / BATCH);
  push({ kind: 'train', model: 'source', steps: trainSteps(sourceRows), epochs: c.epochs, rows: sourceRows });
  const chunks = Math.ceil(n / ATTACK_CHUNK);
  for (const target of ['rand', 'det'] as const) push({ kind: 'attack', target, steps: chunks * c.pgdSteps, chunks, pgdSteps: c.pgdSteps });
  for (const model of FRESH) push({ kind: 'train', model, steps: trainSteps(n), epochs: c.epochs, rows: n });
  return stages;
}

export function totalSteps(stages: readonly Stage[]): number {
  const last = stages[stages.length - 1];
  return last.start + last.steps;
}

/** The stage that step `step` (0-based: the step about to be taken) belongs to; past the end, null. */
export function stageAt(stages: readonly Stage[], step: number): { stage: Stage; index: number; offset: number } | null {
  for (let i = 0; i < stages.length; i++) {
    const s = stages[i];
    if (step < s.start + s.steps) return { stage: s, index: i, offset: step - s.start };
  }
  return null;
}

/** A stage's name for the page. */
export function stageName(s: Stage): string {
  if (s.kind === 'attack') return `Stage 2: attacking toward ${s.target === 'rand' ? 'random targets (D_rand)' : 'y + 1 (D_det)'}`;
  return s.model === 'source' ? 'Stage 1: training the source model' : `Stage 3: fresh model, ${MODEL_LABELS[s.model]}`;
}
