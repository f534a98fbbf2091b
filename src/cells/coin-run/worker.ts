/// <reference lib="webworker" />
/** Worker entry of the coin cell: the shared runtime around its PPO session. */
import { serve } from '../../../workers/runtime';
import { definition } from './definition';
import { createCoinRunSession } from './session';

serve(definition, { create: (c, resume) => createCoinRunSession(c, resume) });
