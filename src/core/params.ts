/**
 * Parameter specifications: one typed table per experiment, shared by validation,
 * the URL round trip and the cell's controls.
 */

export type ParamChangeKind = 'restart' | 'optimiser' | 'budget' | 'analysis';

export interface ParamBase {
  /** Short label shown beside the control. */
  label: string;
  /** One sentence on what it does, shown as help. */
  help?: string;
  /**
   * What a change does, which also routes it in the worker (runtime/run.ts):
   * 'restart': the value defines the problem, so the run restarts;
   * 'optimiser': an optimiser setting (the definition's `hyper`), applied to the running run;
   * 'budget': the step budget (the definition's `maxSteps`), applied to the running run;
   * 'analysis': a setting of the analyses (the session's `setOptions`), applied and re-analysed.
   */
  change: ParamChangeKind;
}

export interface IntParam extends ParamBase {
  kind: 'int';
  min: number;
  max: number;
  default: number;
  /** Slider on a log scale (step budgets spanning decades). */
  log?: boolean;
  /** Extra rule beyond the range; returns a message when the value is not allowed. */
  check?: (v: number) => string | null;
}

export interface FloatParam extends ParamBase {
  kind: 'float';
  min: number;
  max: number;
  default: number;
  /** Slider step (linear) or number of slider positions per decade (log). */
  step: number;
  /** Drawn on a log scale (learning rates). */
  log?: boolean;
}

export interface ChoiceParam extends ParamBase {
  kind: 'choice';
  options: readonly string[];
  default: string;
}

export type ParamSpec = IntParam | FloatParam | ChoiceParam;
export type ParamTable = Record<string, ParamSpec>;

/** The value type of a table: numbers for int/float, strings for choices. */
export type ParamValues<T extends ParamTable> = {
  [K in keyof T]: T[K] extends ChoiceParam ? string : number;
};

export function defaults<T extends ParamTable>(table: T): ParamValues<T> {
  const out: Record<string, number | string> = {};
  for (const [k, s] of Object.entries(table)) out[k] = s.default;
  return out as ParamValues<T>;
}

/** The longest value a parameter takes from a link or a box (the longest valid one is far shorter). */
export const MAX_VALUE_LENGTH = 100;

/**
 * A decimal number. Linear-time: the integer digits are one run (no optional dot between two digit
 * runs for the matcher to split a long run of digits over, which backtracks quadratically).
 */
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;

/**
 * Parse one raw value against its spec.
 * @returns the value, or an error message saying what is allowed.
 */
export function parseValue(spec: ParamSpec, raw: string): { value: number | string } | { error: string } {
  // Nothing valid is this long; refusing first keeps a pasted megabyte from costing more than a glance.
  if (raw.length > MAX_VALUE_LENGTH) return { error: `a value of ${raw.length.toLocaleString('en')} characters is too long (at most ${MAX_VALUE_LENGTH})` };
  // A typographic minus reads as '-'; a '+' that a hand-typed link turned into a space reads as '+'.
  const text = raw.trim().replace(/\u2212/g, '-').replace(/ /g, '+');
  if (spec.kind === 'choice') {
    if (spec.options.includes(text)) return { value: text };
    return { error: `must be one of ${spec.options.join(', ')}` };
  }
  if (!NUMBER.test(text)) return { error: `"${clip(text)}" is not a number` };
  const v = Number(text);
  if (!Number.isFinite(v)) return { error: `"${clip(text)}" is not a finite number` };
  if (spec.kind === 'int' && !Number.isInteger(v)) return { error: `${v} is not a whole number` };
  if (v < spec.min || v > spec.max) return { error: `${v} is outside ${spec.min}–${spec.max}` };
  if (spec.kind === 'int' && spec.check) {
    const msg = spec.check(v);
    if (msg) return { error: msg };
  }
  return { value: v };
}

/** Check a whole set of values (e.g. from a worker message). */
export function validate<T extends ParamTable>(table: T, values: Record<string, unknown>): string[] {
  const errors: string[] = [];
  for (const [k, spec] of Object.entries(table)) {
    const r = parseValue(spec, String(values[k]));
    if ('error' in r) errors.push(`${spec.label}: ${r.error}`);
  }
  return errors;
}

function clip(s: string): string {
  return s.length > 24 ? `${s.slice(0, 24)}…` : s;
}

/** The step budget every training cell offers: a log slider, changed without a restart. */
export function stepsParam(defaultSteps: number): IntParam {
  return {
    kind: 'int',
    log: true,
    label: 'steps',
    help: 'How many optimiser steps the run goes to.',
    min: 10,
    max: 100000,
    default: defaultSteps,
    change: 'budget',
  };
}

/** The seed every training cell offers: it seeds the split, any noise and the initial weights. */
export function seedParam(help = 'Seeds the train/test split, the label noise and the initial weights.'): IntParam {
  return { kind: 'int', label: 'seed', help, min: 0, max: 99999, default: 0, change: 'restart' };
}

/** Label noise on modular arithmetic (Gromov; Doshi et al.): a share of training labels made wrong. */
export function wrongLabelNoiseParam(): FloatParam {
  return {
    kind: 'float',
    label: 'label noise',
    help: 'Fraction of training labels replaced by a uniformly random wrong label.',
    min: 0,
    max: 0.9,
    step: 0.05,
    default: 0,
    change: 'restart',
  };
}

/** An AdamW learning rate on a log slider, applied to the running run. */
export function adamwLrParam(o: { default: number; max: number; help?: string }): FloatParam {
  return {
    kind: 'float',
    label: 'learning rate',
    help: o.help ?? 'AdamW learning rate; applied to the running run.',
    min: 1e-4,
    max: o.max,
    step: 10,
    log: true,
    default: o.default,
    change: 'optimiser',
  };
}

/** AdamW's decoupled weight decay, applied to the running run. */
export function weightDecayParam(o: { default: number; max: number; step: number }): FloatParam {
  return {
    kind: 'float',
    label: 'weight decay',
    help: 'AdamW decoupled weight decay; applied to the running run.',
    min: 0,
    max: o.max,
    step: o.step,
    default: o.default,
    change: 'optimiser',
  };
}
