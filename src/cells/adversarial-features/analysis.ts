/** What the adversarial-features session reports to the page (plain data). */
import type { AttackName, FreshName } from './pipeline';

export interface AttackResult {
  /** Images attacked so far, of `total`. */
  attacked: number;
  total: number;
  /** Share the source model calls the target, after the attack. */
  success: number;
  meanL2: number;
  medianL2: number;
  meanLinf: number;
  meanAbsPerPixel: number;
  /** Mean cosine of the perturbation with (mean digit of the target − mean digit of the label). */
  cosWithMeanDiff: number;
}

export interface ModelResult {
  /** On all 10,000 clean test digits with their true labels. */
  cleanTestAcc: number;
  /** Share of test digits it calls y + 1 (the D_det rule learned from the visible digits). */
  predYPlus1: number;
}

/** Gallery rows: the first attacked digits, clean and perturbed (bytes), with their labels. */
export interface Gallery {
  target: AttackName;
  clean: Uint8Array;
  adversarial: Uint8Array;
  /** The perturbation, amplified and centred on grey. */
  perturbation: Uint8Array;
  labels: number[];
  targets: number[];
}

export interface PickResult {
  index: number;
  image: Uint8Array;
  label: number;
  /** The fresh D_rand model's class probabilities for it (null before that model exists). */
  probs: number[] | null;
}

export interface AdvAnalysis {
  step: number;
  /** Index of the running stage in the plan (the plan's length once done). */
  stageIndex: number;
  stageOffset: number;
  sourceTestAcc: number | null;
  attacks: Partial<Record<AttackName, AttackResult>>;
  fresh: Partial<Record<FreshName, ModelResult>>;
  galleries: Gallery[];
  pick: PickResult | null;
}
