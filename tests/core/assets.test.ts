/**
 * fetchAsset's handling of copies from the offline cache (public/sw.js marks them with a header):
 * a good copy is noted for the cell; a bad one is refused with the usual message, removed, and said so.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearOfflineNote, fetchAsset, OFFLINE_HEADER, offlineNote, type LoaderEnv } from '../../src/core/assets';

const raw = new Uint8Array(4000).map((_, i) => (i * 7) % 251);
const gz = new Uint8Array(gzipSync(raw));
const entry = { name: 'a.bin.gz', rawBytes: raw.length, sha256: createHash('sha256').update(raw).digest('hex') };

function env(body: Uint8Array, offline: boolean) {
  const evicted: string[] = [];
  const e: LoaderEnv = {
    fetch: async () => ({
      ok: true,
      status: 200,
      arrayBuffer: async () => body.slice().buffer as ArrayBuffer,
      headers: { get: (n: string) => (offline && n === OFFLINE_HEADER ? '1' : null) },
    }),
    sha256: async (b) => createHash('sha256').update(b).digest('hex'),
    gunzip: async (b) => new Uint8Array(gunzipSync(b)),
    evict: async (url) => void evicted.push(url),
  };
  return { e, evicted };
}

beforeEach(() => clearOfflineNote());

describe('fetchAsset and the offline copy', () => {
  it('notes a good copy from the offline cache, and nothing for a download', async () => {
    await fetchAsset('https://x/', entry, env(gz, false).e);
    expect(offlineNote()).toBeNull();
    const got = await fetchAsset('https://x/', entry, env(gz, true).e);
    expect(got).toEqual(raw);
    expect(offlineNote()).toMatch(/^Data: 1 file \(0\.0 MB\) from this browser's offline copy/);
  });

  it('refuses a truncated copy with the usual message, removes it from the cache and says so', async () => {
    const cut = gz.slice(0, gz.length - 40);
    const { e, evicted } = env(cut, true);
    await expect(fetchAsset('https://x/', entry, e)).rejects.toThrow(/a\.bin\.gz: not valid gzip \(corrupt or truncated\); this was the copy saved for offline use, now removed/);
    expect(evicted).toEqual(['https://x/a.bin.gz']);
    expect(offlineNote()).toBeNull();
    // A truncated download (not from the cache) gets the same message, and nothing is evicted.
    const net = env(cut, false);
    await expect(fetchAsset('https://x/', entry, net.e)).rejects.toThrow(/^a\.bin\.gz: not valid gzip \(corrupt or truncated\)$/);
    expect(net.evicted).toEqual([]);
  });
});
