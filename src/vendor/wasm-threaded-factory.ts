/**
 * Stand-in for tfjs-backend-wasm's `wasm-out/tfjs-backend-wasm-threaded-simd.js` (see the
 * `tfjsWasmThreads` plugin in vite.config.ts).
 *
 * 1. Minification: to start its pthread workers, tfjs-backend-wasm sends them its Emscripten
 *    factory as source text, `factory.toString()`. After the production build has bundled and
 *    minified that factory, its text refers to names that live outside it (a minified `e`), and
 *    every pthread worker dies with "e is not defined". Here the factory is built from the file's
 *    original text (imported as a string, which the minifier leaves alone), so `toString()` gives
 *    back self-contained source, exactly what the unbundled library ships.
 * 2. Thread count: the backend sizes XNNPACK's thread pool as half the logical cores (for
 *    hyper-threading) and ignores `setThreadsCount` above that, so a 2-core machine got one
 *    thread: the threaded build, with none of the threads. Measured here (2 cores): one thread, and
 *    the pthread pool never started. Reporting at least 4 logical cores gives at least 2 threads;
 *    machines with more than 4 cores are unchanged.
 */
import source from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';

const CORES_FUNCTION = 'function _emscripten_num_logical_cores(){';
const patched = source.replace(
  CORES_FUNCTION,
  `${CORES_FUNCTION}if(!ENVIRONMENT_IS_NODE)return Math.max(4,navigator["hardwareConcurrency"]||1);`,
);

// The file is a UMD script: a `var` holding the factory, then CommonJS/AMD exports guarded by
// `typeof` checks. Run it with those names shadowed and hand back the factory.
const factory = new Function('module', 'exports', 'define', `${patched}\nreturn WasmBackendModuleThreadedSimd;`)(
  undefined,
  undefined,
  undefined,
) as ((config: object) => Promise<unknown>);

/** Whether the thread-count patch found its place (a newer tfjs may have moved it). */
export const patchedCores = patched !== source;

export default factory;
