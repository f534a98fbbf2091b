/** The build's list for the service worker (scripts/offline-plugin.ts). */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { offlineList, writeOfflineList } from '../../scripts/offline-plugin';

function dist(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'offline-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const SITE = {
  'index.html': '<html>',
  'sw.js': "self.__OFFLINE__ = null; // replaced\nconst OFFLINE = self.__OFFLINE__;",
  'assets/main-abc.js': 'console.log(1)',
  'assets/tfjs-backend-wasm-x.wasm': 'wasm!',
  'assets/bench-def.js': 'bench',
  'bench.html': '<bench>',
  'data/mnist/manifest.json': '{"files":[]}',
  'data/mnist/test.bin.gz': gzipSync('digits, decompressed'),
};

describe('offline list', () => {
  it('lists every file with its size, copies the code on install but not the data, leaves the bench and itself out', () => {
    const l = offlineList(dist(SITE));
    expect(l.files).toEqual({
      'assets/main-abc.js': 14,
      'assets/tfjs-backend-wasm-x.wasm': 5,
      'data/mnist/manifest.json': 12,
      'data/mnist/test.bin.gz': gzipSync('digits, decompressed').length,
      'index.html': 6,
    });
    expect(l.unzipped).toEqual({ 'data/mnist/test.bin.gz': 20 });
    expect(l.precache).toEqual(['assets/main-abc.js', 'assets/tfjs-backend-wasm-x.wasm', 'index.html']);
    expect(l.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gets a new version when any file changes (a bundle, a data manifest), the same one otherwise', () => {
    const v = offlineList(dist(SITE)).version;
    expect(offlineList(dist(SITE)).version).toBe(v);
    expect(offlineList(dist({ ...SITE, 'data/mnist/manifest.json': '{"files":[1]}' })).version).not.toBe(v);
    expect(offlineList(dist({ ...SITE, 'assets/main-abc.js': 'console.log(2)' })).version).not.toBe(v);
    expect(offlineList(dist({ ...SITE, 'bench.html': '<other>' })).version).toBe(v);
  });

  it('writes the list into sw.js, and refuses a worker without the line to replace', () => {
    const dir = dist(SITE);
    const l = writeOfflineList(dir);
    const text = readFileSync(join(dir, 'sw.js'), 'utf8');
    expect(text.startsWith(`self.__OFFLINE__ = ${JSON.stringify(l)};`)).toBe(true);
    expect(() => writeOfflineList(dir)).toThrow(/no "self.__OFFLINE__ = null;" line/);
  });
});
