/**
 * A cell's worker entry is one call: `serve(definition, factory)`. This attaches the runtime to a
 * message port (the worker's own by default), keeps one current run (a new `start` cancels the
 * old one, which disposes its tensors before the new one builds), and drops stale messages.
 */
import type { CellDefinition } from '../../src/core/cell';
import type { ParamTable, ParamValues } from '../../src/core/params';
import type { BackendName, FromWorker, ToWorker } from '../protocol';
import { DEFAULT_SCHEDULE, type Schedule } from './cadence';
import { errorText, type BackendHost, type Port } from './host';
import { Run, type Post, type SessionFactory } from './run';

export type { SessionFactory } from './run';

export interface ServeOptions<C, A> {
  port: Port<C, A>;
  host: BackendHost;
  schedule?: Schedule;
  /** Post a 'heartbeat' for the current run this often (the page's watchdog); none when absent. */
  heartbeatMs?: number;
  /** Close the worker (the 'close' test hook). */
  close?: () => void;
}

export function serveOn<T extends ParamTable, A>(def: CellDefinition<T>, factory: SessionFactory<ParamValues<T>, A>, o: ServeOptions<ParamValues<T>, A>): void {
  if (def.worker?.wasmThreads) o.host.capWasmThreads(def.worker.wasmThreads);
  const broken = new Map<BackendName, string>();
  const deps = { def, factory, host: o.host, schedule: o.schedule ?? DEFAULT_SCHEDULE, broken, close: o.close };
  let current: Run<T, A> | null = null;
  let chain: Promise<void> = Promise.resolve();
  const post: Post<A> = (m, transfer = []) => {
    if (current && m.runId === current.id) o.port.post(m, transfer);
  };
  // A timer, not the loop: a loop stuck in one step (or a closed worker) sends none, which is the point.
  if (o.heartbeatMs) setInterval(() => current && !current.cancelled && o.port.post({ type: 'heartbeat', runId: current.id }), o.heartbeatMs);
  o.port.listen((m: ToWorker<ParamValues<T>>) => {
    if (m.type === 'start') {
      current?.cancel();
      const run = new Run(deps, m, post);
      current = run;
      chain = chain
        .then(() => (run === current ? run.go() : undefined))
        .catch((e) => o.port.post({ type: 'error', runId: run.id, message: errorText(e), fatal: true } satisfies FromWorker<A>));
      return;
    }
    if (current && m.runId === current.id) current.handle(m);
  });
}
