/// <reference lib="webworker" />
/**
 * The runtime as a cell's worker uses it: `serve(definition, factory)` on this worker's own
 * message port, with the real tfjs backends. (serve.ts's `serveOn` takes both injected: tests.)
 */
import type { CellDefinition } from '../../src/core/cell';
import type { ParamTable, ParamValues } from '../../src/core/params';
import { BROWSER_BACKENDS } from '../backends';
import type { ToWorker } from '../protocol';
import { serveOn, type SessionFactory } from './serve';

export type { SessionFactory };

/** How often the worker tells the page it is alive (workers/client.ts's watchdog expects it). */
export const HEARTBEAT_MS = 1000;

export function serve<T extends ParamTable, A>(def: CellDefinition<T>, factory: SessionFactory<ParamValues<T>, A>): void {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  serveOn(def, factory, {
    host: BROWSER_BACKENDS,
    heartbeatMs: HEARTBEAT_MS,
    close: () => scope.close(),
    port: {
      post: (m, transfer = []) => scope.postMessage(m, { transfer }),
      listen: (handler) => {
        scope.onmessage = (ev: MessageEvent<ToWorker<ParamValues<T>>>) => handler(ev.data);
      },
    },
  });
}
