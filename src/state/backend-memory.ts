/**
 * What "auto" learnt about this browser: the backend probe's result, kept in localStorage so that
 * the probe runs once per browser, not once per run or per cell. Anything unreadable in storage
 * (another version's format, garbage, storage switched off) counts as no memory.
 */
import { BACKENDS, type BackendName, type ProbeResult } from '../../workers/protocol';

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
