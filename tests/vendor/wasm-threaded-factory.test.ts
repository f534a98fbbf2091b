import { describe, expect, it } from 'vitest';
import factory, { patchedCores } from '../../src/vendor/wasm-threaded-factory';

describe('the threaded WASM factory stand-in', () => {
  it('found the logical-core count to patch (a tfjs upgrade that moved it fails here)', () => {
    expect(patchedCores).toBe(true);
  });

  it('gives its pthread workers self-contained source: toString() evaluates on its own', () => {
    const text = factory.toString();
    expect(text.startsWith('function')).toBe(true);
    expect(text).toContain('Math.max(4,navigator["hardwareConcurrency"]||1)');
    // What tfjs ships to each pthread worker, evaluated where nothing else is in scope.
    const revived = new Function(`var WasmBackendModuleThreadedSimd = ${text}; return WasmBackendModuleThreadedSimd;`)();
    expect(typeof revived).toBe('function');
    expect(revived.length).toBe(factory.length);
  });
});
