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
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { BACKENDS, type BackendChoice, type BackendName } from './protocol';

// The threaded WASM build breaks after minification ("e is not defined" in its pthread
// workers); until that is solved, the single-threaded SIMD build is used.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

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

/** Reasons a named backend cannot start at all (checked before tfjs tries). */
async function unavailableReason(name: BackendName): Promise<string | null> {
  if (name === 'webgpu') {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    if (!gpu) return 'WebGPU unavailable: this browser has no navigator.gpu';
    if (!(await gpu.requestAdapter())) return 'WebGPU unavailable: no adapter';
  }
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
): Promise<{ backend: BackendName; notes: string[] }> {
  const notes: string[] = [];
  for (const name of order) {
    try {
      const skip = auto ? await autoSkipReason(name) : await unavailableReason(name);
      if (skip) {
        notes.push(skip);
        continue;
      }
      const ok = await withTimeout(tf.setBackend(name), INIT_TIMEOUT_MS, name);
      if (!ok) {
        notes.push(`${name} failed to start`);
        continue;
      }
      await tf.ready();
      // A tiny computation proves the backend really runs.
      const probe = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.scalar(1)));
      const v = await probe.data();
      probe.dispose();
      if (v[0] !== 2 || v[1] !== 3) {
        notes.push(`${name} computed wrong values in a self-test`);
        continue;
      }
      return { backend: name, notes };
    } catch (e) {
      notes.push(`${name} failed to start: ${errorText(e)}`);
    }
  }
  throw new Error(`no backend could start (${notes.join('; ')})`);
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

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}
