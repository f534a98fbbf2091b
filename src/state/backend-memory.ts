/**
 * What "auto" learnt about this browser: the backend probe's result, kept in localStorage so that
 * the probe runs once per browser, not once per run or per cell. Anything unreadable in storage
 * (another version's format, garbage, storage switched off) counts as no memory.
 */
import { BACKENDS, probeText, type BackendName, type ProbeResult } from '../../workers/protocol';

const KEY = 'nb.backendProbe.v1';

export interface RememberedProbe extends ProbeResult {
  /** When it was measured (ISO date). */
  at: string;
  /** The browser it was measured in: a new browser version probes again. */
  userAgent: string;
}

const userAgent = () => (typeof navigator === 'undefined' ? '' : navigator.userAgent);

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function recallProbe(): RememberedProbe | null {
  try {
    const raw = storage()?.getItem(KEY);
    if (!raw) return null;
    const r = JSON.parse(raw) as Partial<RememberedProbe>;
    const isBackend = (b: unknown): b is BackendName => (BACKENDS as readonly unknown[]).includes(b);
    if (!isBackend(r.pick) || typeof r.at !== 'string' || r.userAgent !== userAgent()) return null;
    if (typeof r.ms !== 'object' || r.ms === null) return null;
    const ms: Partial<Record<BackendName, number>> = {};
    for (const [b, t] of Object.entries(r.ms)) if (isBackend(b) && typeof t === 'number' && Number.isFinite(t)) ms[b] = t;
    return { pick: r.pick, ms, at: r.at, userAgent: r.userAgent };
  } catch {
    return null;
  }
}

export function rememberProbe(p: ProbeResult): void {
  try {
    const r: RememberedProbe = { ...p, at: new Date().toISOString(), userAgent: userAgent() };
    storage()?.setItem(KEY, JSON.stringify(r));
  } catch {
    /* storage full or off: the next run probes again */
  }
}

/** Forget it (the next "auto" run probes again). */
export function forgetProbe(): void {
  try {
    storage()?.removeItem(KEY);
  } catch {
    /* nothing to forget */
  }
}

/** What auto chose, for the cell's notes. */
export interface AutoNote {
  pick: BackendName;
  text: string;
}

/** The note for a run that takes an earlier probe's pick. */
export function rememberedNote(r: RememberedProbe): AutoNote {
  return { pick: r.pick, text: `auto: the fastest backend in this browser's probe of ${r.at.slice(0, 10)} (${probeText(r)}). Pick another under Parameters → backend.` };
}

/**
 * A probe a worker just ran: remembered for the other cells, unless it timed WASM on fewer threads
 * than they use (a cell that caps its threads): then it is right for that cell only. @returns its note
 */
export function keepProbe(p: ProbeResult): AutoNote {
  const mine = p.wasmThreadCap !== undefined;
  if (!mine) rememberProbe(p);
  const kept = mine
    ? `WASM timed on ${p.wasmThreadCap} thread${p.wasmThreadCap === 1 ? '' : 's'}, as this cell runs it; not remembered for the other cells`
    : 'remembered for next time';
  return { pick: p.pick, text: `auto: ${p.pick} was the fastest in a probe of this browser's backends (${probeText(p)}); ${kept}. Pick another under Parameters → backend.` };
}
