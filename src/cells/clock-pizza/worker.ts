/// <reference lib="webworker" />
/** Worker entry of the clock-and-pizza cell: the shared runtime around the transformer core. */
import { serve } from '../../../workers/runtime';
import { validate } from '../../core/params';
import { CLOCK_PIZZA_PARAMS, type ClockPizzaConfig } from './config';
import { createClockPizzaSession, type ClockPizzaAnalysis } from './session';

serve<ClockPizzaConfig, ClockPizzaAnalysis>({
  validate: (c) =>
    typeof c === 'object' && c !== null ? validate(CLOCK_PIZZA_PARAMS, c as Record<string, unknown>) : ['the configuration is not an object'],
  create: (c, resume) => createClockPizzaSession(c, resume),
  maxSteps: (c) => c.steps,
  hyper: (c) => ({ lr: c.lr, weightDecay: c.wd }),
  transfer: (a) => [a.spectrum.buffer as ArrayBuffer, a.pcs.buffer as ArrayBuffer, a.logitTable.buffer as ArrayBuffer],
});
