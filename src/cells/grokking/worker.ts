/// <reference lib="webworker" />
/** Worker entry of the grokking cell: the shared runtime around the grokking core. */
import { serve } from '../../../workers/runtime';
import { validate } from '../../core/params';
import { GROKKING_PARAMS, type GrokkingConfig } from './config';
import { createGrokkingSession, type GrokkingAnalysis } from './session';

serve<GrokkingConfig, GrokkingAnalysis>({
  validate: (c) =>
    typeof c === 'object' && c !== null ? validate(GROKKING_PARAMS, c as Record<string, unknown>) : ['the configuration is not an object'],
  create: (c, resume) => createGrokkingSession(c, resume),
  maxSteps: (c) => c.steps,
  hyper: (c) => ({ lr: c.lr, weightDecay: c.wd }),
  transfer: (a) => [a.spectrum.buffer as ArrayBuffer, a.clockX.buffer as ArrayBuffer, a.clockY.buffer as ArrayBuffer],
});
