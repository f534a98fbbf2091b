/**
 * The step loop every cell shares: steps while the run may, computes metric points on the
 * schedule's steps and reads them back in batches (no GPU sync each step), flushes them to the
 * page, analyses at a bounded rate, checkpoints, and gives messages a turn. Waits while paused or
 * done; a backend failure moves the run to the next backend; a divergence ends it with a message.
 */
import { Diverged, type TrainingSession } from '../../src/core/experiment';
import type { ParamTable } from '../../src/core/params';
import type { BackendName, BenchSpec } from '../protocol';
import { timeSteps } from '../bench-mode';
import { Cadence } from './cadence';
import { errorText } from './host';
import type { Run } from './run';

export async function trainLoop<T extends ParamTable, A>(run: Run<T, A>): Promise<void> {
  const { def, schedule } = run.deps;
  const c = new Cadence({ ...schedule, evalEvery: def.worker?.evalEvery ?? schedule.evalEvery });
  // A warm-up waits at step 0 without analysing it (the cell is not on show yet).
  let analysedStep = run.warm ? (run.session?.step ?? -1) : -1;
  while (!run.cancelled) {
    const s = run.session as TrainingSession<A>;
    const canStep = s.step < run.maxSteps && (!run.paused || run.pendingSteps > 0);
    if (!canStep) {
      run.kicked = false;
      try {
        if (!(await readPending(run, s))) return;
        await flush(run, s, c, analysedStep !== s.step || run.analysisDue);
        analysedStep = s.step;
      } catch (e) {
        if (run.cancelled) return;
        if (e instanceof Diverged) return diverged(run, c, e);
        await run.fallback(errorText(e));
        continue;
      }
      run.sendState(true);
      if (!run.kicked && !run.cancelled) await new Promise<void>((r) => (run.wake = r));
      run.wake = null;
      c.restartRate();
      continue;
    }
    run.sendState();
    try {
      if (run.deviceLost) throw new Error(run.deviceLost);
      if (run.injectFault) {
        run.injectFault = false;
        throw new Error('simulated backend failure (test hook)');
      }
      const stepping = s.trainStep();
      if (stepping) await stepping;
      if (run.pendingSteps > 0) run.pendingSteps--;
      c.stepped();
      const now = schedule.now();
      // Metrics are computed on the schedule's steps but read back together, at most every readMs
      // (and at once when the run stops, pauses or single-steps): no GPU sync every step.
      const urgent = s.step >= run.maxSteps || run.pendingSteps > 0 || run.paused;
      if (c.measureDue(s.step, urgent)) run.metrics.add(s.measure());
      if (run.metrics.pendingCount && c.readDue(now, urgent)) {
        if (!(await readPending(run, s))) return;
      }
      if (c.flushDue(now)) {
        const analyse = c.analyseDue(now, run.analysisDue);
        // A cheaper periodic analysis (where the session has one) is followed by a full one when stepping stops.
        const cheap = !run.analysisDue && s.analysePeriodic !== undefined;
        await flush(run, s, c, analyse, cheap);
        if (analyse) {
          c.analysed(now);
          analysedStep = cheap ? -1 : s.step;
        }
      }
      if (c.checkpointDue(now, def.worker?.checkpointMs)) {
        await run.saveCheckpoint(s);
        c.checkpointed();
      }
    } catch (e) {
      if (run.cancelled) return;
      if (e instanceof Diverged) return diverged(run, c, e);
      await run.fallback(errorText(e));
      c.checkpointed();
      continue;
    }
    await c.maybeYield();
  }
}

/**
 * Read the pending metric points into the buffer. A non-finite value in a divergence series ends
 * the run with a message (after sending what came before it): returns false then.
 */
async function readPending<T extends ParamTable, A>(run: Run<T, A>, s: TrainingSession<A>): Promise<boolean> {
  const bad = await run.metrics.read();
  if (run.deviceLost) throw new Error(run.deviceLost);
  if (!bad) return true;
  const label = run.deps.def.series.find((x) => x.key === bad.key)?.kind === 'loss' ? 'loss' : bad.key;
  await flush(run, s, null, true).catch(() => undefined); // the analysis of non-finite weights may refuse
  run.fail(`Training diverged at step ${bad.point.step} (${label} is ${bad.point[bad.key]}). Lower the learning rate and press Train.`);
  return false;
}

/** A session found non-finite weights: stop, with its message, rather than retry on another backend. */
function diverged<T extends ParamTable, A>(run: Run<T, A>, c: Cadence, e: Diverged): void {
  const points = run.metrics.take();
  if (points.length) run.post({ type: 'metrics', runId: run.id, points, stepsPerSecond: c.stepsPerSecond });
  run.fail(e.message);
}

/** `cheap`: the session's cheaper periodic analysis (analysePeriodic) instead of the full one. */
async function flush<T extends ParamTable, A>(run: Run<T, A>, s: TrainingSession<A>, c: Cadence | null, analyse: boolean, cheap = false): Promise<void> {
  if (run.cancelled) return;
  if (run.metrics.buffered) {
    // Not counting metric points computed but not read yet (one tensor each): those come and go.
    const tensors = run.deps.host.tensorCount() - run.metrics.pendingCount;
    run.post({ type: 'metrics', runId: run.id, points: run.metrics.take(), stepsPerSecond: c?.stepsPerSecond ?? 0, tensors });
  }
  if (analyse) {
    run.analysisDue = false;
    const a = cheap && s.analysePeriodic ? await s.analysePeriodic() : await s.analyse();
    if (!run.cancelled) run.post({ type: 'analysis', runId: run.id, analysis: a }, run.deps.factory.transfer?.(a) ?? []);
  }
}

/** The benchmark mode (bench-mode.ts): steps only, timed, then one 'bench' message. */
export async function benchLoop<T extends ParamTable, A>(run: Run<T, A>, spec: BenchSpec): Promise<void> {
  const startMs = run.deps.schedule.now() - run.startedAt;
  try {
    const times = await timeSteps(run.session as TrainingSession<unknown>, spec, run.deps.host, () => run.deviceLost ?? run.cancelled);
    if (times) run.post({ type: 'bench', runId: run.id, result: { backend: run.backend as BackendName, detail: run.detail, startMs, ...times } });
  } catch (e) {
    if (!run.cancelled) run.fail(errorText(e));
  }
}
