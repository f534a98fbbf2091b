/**
 * Choosing and starting a tfjs backend inside a worker.
 * Order: WebGPU, WebGL, WASM, CPU. With "auto", a software adapter (SwiftShader)
 * is passed over, because on a CPU-only machine WASM is several times faster; a
 * backend chosen by name is used even when it is software.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { BACKENDS, type BackendChoice, type BackendName, type ProbeResult } from './protocol';
import { errorText, type BackendHost } from './runtime/host';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});


const INIT_TIMEOUT_MS = 30_000;

/**
 * Backends to try, best first: the chosen one, then the rest in the usual order.
 * After a failure mid-run (`after`), the ones below the failed one in the usual order.
 */
export function candidates(choice: BackendChoice, after?: BackendName): BackendName[] {
  if (after !== undefined) return BACKENDS.slice(BACKENDS.indexOf(after) + 1);
  return choice === 'auto' ? [...BACKENDS] : [choice, ...BACKENDS.filter((b) => b !== choice)];
}

/** Why a backend should be passed over under "auto", or null to try it. */
async function autoSkipReason(name: BackendName): Promise<string | null> {
  if (name === 'webgpu') {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    if (!gpu) return 'WebGPU unavailable: this browser has no navigator.gpu';
    const adapter = await gpu.requestAdapter();
    if (!adapter) return 'WebGPU unavailable: no adapter';
    const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
    const soft = info?.isFallbackAdapter || /swiftshader/i.test(`${info?.vendor} ${info?.architecture} ${info?.description}`);
    if (soft) return 'WebGPU skipped: the adapter is a software fallback (SwiftShader), slower than WASM';
    return null;
  }
  if (name === 'webgl') {
    if (typeof OffscreenCanvas === 'undefined') return 'WebGL unavailable: no OffscreenCanvas in workers';
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return 'WebGL unavailable: no WebGL2 context';
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    if (/swiftshader|llvmpipe|software/i.test(renderer)) return `WebGL skipped: software renderer (${renderer}), slower than WASM`;
    return null;
  }
  return null;
}

/**
 * The backends to try, best first. A named backend comes first. "auto" takes the pick of an earlier
 * probe in this browser (sent by the page), or probes now (telling `progress`); only when no probe
 * ran at all does it fall back to passing over software adapters by name (`auto` true).
 */
export async function backendOrder(
  choice: BackendChoice,
  remembered: BackendName | undefined,
  progress: (message: string | null) => void,
): Promise<{ order: BackendName[]; auto: boolean; notes: string[]; probe?: ProbeResult }> {
  const order = candidates(choice);
  if (choice !== 'auto') return { order, auto: false, notes: [] };
  const first = (b: BackendName) => [b, ...order.filter((x) => x !== b)];
  if (remembered && (BACKENDS as readonly string[]).includes(remembered)) return { order: first(remembered), auto: false, notes: [] };
  progress('Finding the fastest backend in this browser (a few seconds, once)…');
  const r = await probeBackends(order);
  progress(null);
  if (!r.probe) return { order, auto: true, notes: r.notes };
  // The probe's notes say which backends it passed over, and why (a software adapter, say).
  return { order: first(r.probe.pick), auto: false, notes: r.notes, probe: r.probe };
}

/** The thread count a worker asked WASM to stay within (capWasmThreads), if any. */
let wasmThreadCap: number | null = null;

/** Probe size: a chain of PROBE_DEPTH [PROBE_N, PROBE_N] matmuls with ReLU, read back once. */
const PROBE_N = 256;
const PROBE_DEPTH = 4;
const PROBE_REPS = 3;

/**
 * Time a small training-like workload (a chain of matmuls and ReLUs, read back at the end) on each
 * backend in `order` that starts and is not a software fallback, and pick the fastest. Plain JS (cpu) is only probed when nothing
 * else starts: it is never the fastest where another backend runs. Leaves the picked backend set.
 */
export async function probeBackends(order: BackendName[]): Promise<{ probe: ProbeResult | null; notes: string[] }> {
  const notes: string[] = [];
  const ms: Partial<Record<BackendName, number>> = {};
  const gpuLike = order.filter((b) => b !== 'cpu');
  for (const name of gpuLike.length ? gpuLike : order) {
    try {
      // Software "GPUs" (SwiftShader) are not timed: 5-30x slower than WASM in every measurement
      // here (ENVIRONMENT.md), and timing one compiles its shaders: ~10 s of a first visit's wait.
      const why = await switchTo(name, await autoSkipReason(name));
      if (why) {
        notes.push(why);
        continue;
      }
      ms[name] = await timeProbe();
    } catch (e) {
      notes.push(`${name} failed in the probe: ${errorText(e)}`);
    }
  }
  const ranked = (Object.entries(ms) as [BackendName, number][]).sort((a, b) => a[1] - b[1]);
  if (!ranked.length) return { probe: null, notes };
  const pick = ranked[0][0];
  await tf.setBackend(pick);
  return { probe: { pick, ms, ...(wasmThreadCap !== null ? { wasmThreadCap } : {}) }, notes };
}

async function timeProbe(): Promise<number> {
  const a = tf.tidy(() => tf.mul(tf.randomUniform([PROBE_N, PROBE_N], -1, 1, 'float32', 7), 1 / Math.sqrt(PROBE_N)));
  const once = async () => {
    const t0 = performance.now();
    const s = tf.tidy(() => {
      let x: tf.Tensor = a;
      for (let i = 0; i < PROBE_DEPTH; i++) x = tf.relu(tf.matMul(x, a));
      return tf.sum(x);
    });
    await s.data();
    s.dispose();
    return performance.now() - t0;
  };
  try {
    await once(); // compiles shaders, warms caches
    const times: number[] = [];
    for (let i = 0; i < PROBE_REPS; i++) times.push(await once());
    return times.sort((x, y) => x - y)[Math.floor(PROBE_REPS / 2)];
  } finally {
    a.dispose();
  }
}

/** Reasons a named backend cannot start at all (checked before tfjs tries). */
async function unavailableReason(name: BackendName): Promise<string | null> {
  if (name === 'webgpu') {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    if (!gpu) return 'WebGPU unavailable: this browser has no navigator.gpu';
    if (!(await gpu.requestAdapter())) return 'WebGPU unavailable: no adapter';
  }
  return null;
}

/** Make `name` tfjs's backend, unless `skip` says why not: null when it runs, else the reason. */
async function switchTo(name: BackendName, skip: string | null): Promise<string | null> {
  if (skip) return skip;
  if (!(await withTimeout(tf.setBackend(name), INIT_TIMEOUT_MS, name))) return `${name} failed to start`;
  await tf.ready();
  return null;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not start within ${ms / 1000} s`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}

/**
 * Start the first backend that works among `order`.
 * @returns the backend in use and a note for every one passed over.
 */
export async function startBackend(
  order: BackendName[],
  auto: boolean,
): Promise<{ backend: BackendName; notes: string[]; detail: string }> {
  const notes: string[] = [];
  for (const name of order) {
    try {
      const why = await switchTo(name, auto ? await autoSkipReason(name) : await unavailableReason(name));
      if (why) {
        notes.push(why);
        continue;
      }
      // A tiny computation proves the backend really runs.
      const probe = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.scalar(1)));
      const v = await probe.data();
      probe.dispose();
      if (v[0] !== 2 || v[1] !== 3) {
        notes.push(`${name} computed wrong values in a self-test`);
        continue;
      }
      return { backend: name, notes, detail: await describe(name) };
    } catch (e) {
      notes.push(`${name} failed to start: ${errorText(e)}`);
    }
  }
  throw new Error(`no backend could start (${notes.join('; ')})`);
}

/**
 * Let the WASM backend use at most `n` threads in this worker. Must run before WASM first starts
 * (the thread pool is sized once); a later call has no effect on a running backend.
 */
export function capWasmThreads(n: number): void {
  wasmThreadCap = Math.max(1, Math.floor(n));
  setThreadsCount(wasmThreadCap);
}

/**
 * What the running backend is, in a few words for the reader: WASM's threads and SIMD (threads need
 * cross-origin isolation), the GPU adapter or WebGL renderer (a software one is named as such).
 */
export async function describe(name: BackendName): Promise<string> {
  try {
    if (name === 'wasm') {
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const threads = Math.max(1, getThreadsCount());
      // Without cross-origin isolation there is one thread whatever the cap: say why that is.
      const capped = wasmThreadCap !== null && threads >= wasmThreadCap && globalThis.crossOriginIsolated;
      const why = capped || threads > 1 || globalThis.crossOriginIsolated ? '' : ' (threads need cross-origin isolation)';
      const count = `${threads} thread${threads === 1 ? '' : 's'}${capped ? ' (more would not speed this model up)' : ''}`;
      return `${count}${simd ? ', SIMD' : ', no SIMD'}${why}`;
    }
    if (name === 'webgpu') {
      const b = tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean } };
      const i = b.adapterInfo ?? {};
      const what = [i.vendor, i.architecture, i.description].filter(Boolean).join(' ') || 'unknown adapter';
      return i.isFallbackAdapter || /swiftshader/i.test(what) ? `${what} (software)` : what;
    }
    if (name === 'webgl') {
      const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
      if (!gl) return '';
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      const r = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
      return /swiftshader|llvmpipe|software/i.test(r) ? `${r} (software)` : r;
    }
    return 'plain JavaScript';
  } catch {
    return '';
  }
}

/**
 * Wait until the backend has finished every queued operation: read back a sum of a trained
 * variable (a GPU's queue is in order, so this waits for the steps before it).
 */
export async function settle(): Promise<void> {
  const v = Object.values(tf.engine().registeredVariables).find((x) => x.size > 0);
  if (!v) return;
  const s = tf.tidy(() => tf.sum(v));
  try {
    await s.data();
  } finally {
    s.dispose();
  }
}

/** Live tensors in this worker. */
export function tensorCount(): number {
  return tf.memory().numTensors;
}

/** Let the current backend go (best effort) before moving to another. */
export function dropBackend(name: BackendName): void {
  try {
    if (tf.findBackend(name)) tf.removeBackend(name);
  } catch {
    /* the backend is already broken; nothing to free */
  }
}

/** The WebGPU device, when the webgpu backend runs, to watch for `lost`. */
export function webgpuDevice(): GPUDevice | null {
  try {
    const b = tf.backend() as unknown as { device?: GPUDevice };
    return tf.getBackend() === 'webgpu' && b.device ? b.device : null;
  } catch {
    return null;
  }
}

export { errorText };

/** The real backends, as the runtime's BackendHost (runtime/host.ts). */
export const BROWSER_BACKENDS: BackendHost = {
  order: backendOrder,
  start: startBackend,
  candidates,
  drop: dropBackend,
  device: webgpuDevice,
  settle,
  tensorCount,
  capWasmThreads,
};
