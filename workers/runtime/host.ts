/**
 * What the runtime needs from its surroundings, injected so that the loop runs in Node tests:
 * a message port (the worker's global scope in the page, a fake in tests), the backends (tfjs's
 * WebGPU/WebGL/WASM/CPU in the page, tfjs-core's CPU in tests) and the schedule's clock and turns.
 */
import type { BackendChoice, BackendName, FromWorker, ProbeResult, ToWorker } from '../protocol';

export interface Port<C, A> {
  post(m: FromWorker<A>, transfer?: Transferable[]): void;
  listen(handler: (m: ToWorker<C>) => void): void;
}

export interface BackendHost {
  /** The backends to try for a choice, best first (an "auto" probe included: see backends.ts). */
  order(
    choice: BackendChoice,
    remembered: BackendName | undefined,
    progress: (message: string | null) => void,
  ): Promise<{ order: BackendName[]; auto: boolean; notes: string[]; probe?: ProbeResult }>;
  /** Start the first backend of `order` that works. */
  start(order: BackendName[], auto: boolean): Promise<{ backend: BackendName; notes: string[]; detail: string }>;
  /** The backends to fall back to after `failed`. */
  candidates(choice: BackendChoice, failed: BackendName): BackendName[];
  /** Let a failed backend go. */
  drop(name: BackendName): void;
  /** The WebGPU device when the run is on WebGPU (to watch for its loss), else null. */
  device(): GPUDevice | null;
  /** Wait for the backend's queued work (the bench mode's timing). */
  settle(): Promise<void>;
  /** Live tensors in the worker. */
  tensorCount(): number;
  capWasmThreads(n: number): void;
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}
