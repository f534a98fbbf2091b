/// <reference lib="webworker" />
/** Worker entry of the grokking cell: the shared runtime around its session. */
import { serve } from '../../../workers/runtime';
import { definition } from './definition';
import { createGrokkingSession } from './session';

serve(definition, {
  create: (c, resume) => createGrokkingSession(c, resume),
  transfer: (a) => [a.spectrum.buffer as ArrayBuffer, a.clockX.buffer as ArrayBuffer, a.clockY.buffer as ArrayBuffer],
});
