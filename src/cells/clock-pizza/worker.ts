/// <reference lib="webworker" />
/** Worker entry of the clock-and-pizza cell: the shared runtime around its session. */
import { serve } from '../../../workers/runtime';
import { definition } from './definition';
import { createClockPizzaSession } from './session';

serve(definition, {
  create: (c, resume) => createClockPizzaSession(c, resume),
  transfer: (a) => [a.spectrum.buffer as ArrayBuffer, a.pcs.buffer as ArrayBuffer, a.logitTable.buffer as ArrayBuffer],
});
