/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { offlinePlugin } from './scripts/offline-plugin.ts';

/**
 * Threaded WASM after minification: tfjs-backend-wasm gives its pthread workers the source text
 * of its Emscripten factory (`factory.toString()`), which bundling and minification break. This
 * swaps the factory module for src/vendor/wasm-threaded-factory.ts, which builds the factory from
 * the file's untouched text. Workers are bundled separately, so it is in `worker.plugins` too.
 */
function tfjsWasmThreads(): Plugin {
  const shim = fileURLToPath(new URL('./src/vendor/wasm-threaded-factory.ts', import.meta.url));
  return {
    name: 'tfjs-wasm-threads',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source.endsWith('wasm-out/tfjs-backend-wasm-threaded-simd.js') && importer && !importer.includes('/src/vendor/')) return shim;
      return null;
    },
  };
}

// Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  server: { headers: isolation },
  preview: { headers: isolation },
  plugins: [tfjsWasmThreads(), offlinePlugin()],
  worker: { format: 'es', plugins: () => [tfjsWasmThreads()] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 5000,
    // bench.html: the benchmark's driver page (npm run bench), built with the site.
    rolldownOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  optimizeDeps: { exclude: ['@tensorflow/tfjs-backend-wasm'] },
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
