import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearShardCache, loadMnist, type LoaderEnv, type ManifestFile } from './loader';

/** A shard of `count` 2x2 digits: pixel values d*4+j, labels d mod 10. */
function shardBytes(count: number, first: number): Uint8Array {
  const out = new Uint8Array(16 + count * 4 + count);
  out.set([0x4d, 0x4e, 0x53, 0x31]);
  const v = new DataView(out.buffer);
  v.setUint32(4, count, true);
  v.setUint32(8, 2, true);
  v.setUint32(12, 2, true);
  for (let d = 0; d < count; d++) for (let j = 0; j < 4; j++) out[16 + d * 4 + j] = ((first + d) * 4 + j) & 255;
  for (let d = 0; d < count; d++) out[16 + count * 4 + d] = (first + d) % 10;
  return out;
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function site(opts: { served?: 'gzip' | 'plain'; corrupt?: string; missing?: string } = {}) {
  const files: Record<string, Uint8Array> = {};
  const entries: ManifestFile[] = [];
  const add = (name: string, split: 'train' | 'test', first: number, count: number) => {
    const raw = shardBytes(count, first);
    const entry = { name, split, first, count, rows: 2, cols: 2, bytes: 0, rawBytes: raw.length, sha256: sha(raw) };
    entries.push(entry);
    let body = opts.served === 'plain' ? raw : new Uint8Array(gzipSync(raw));
    if (opts.corrupt === name) {
      const r = raw.slice();
      r[20] ^= 1;
      body = new Uint8Array(gzipSync(r));
    }
    files[name] = body;
    entry.bytes = body.length;
  };
  add('train-0.bin.gz', 'train', 0, 10);
  add('train-1.bin.gz', 'train', 10, 10);
  add('test.bin.gz', 'test', 0, 5);
  files['manifest.json'] = new TextEncoder().encode(JSON.stringify({ credit: 'MNIST', files: entries }));
  const fetched: string[] = [];
  const env: LoaderEnv = {
    fetch: async (url) => {
      const name = url.replace('https://x/data/', '');
      fetched.push(name);
      const body = name === opts.missing ? undefined : files[name];
      // The body as a stream of 7-byte chunks, as a slow download arrives.
      const chunks = (b: Uint8Array) =>
        new ReadableStream<Uint8Array>({
          start(c) {
            for (let i = 0; i < b.length; i += 7) c.enqueue(b.slice(i, i + 7));
            c.close();
          },
        });
      return body
        ? { ok: true, status: 200, arrayBuffer: async () => body.slice().buffer as ArrayBuffer, body: chunks(body) }
        : { ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) };
    },
    sha256: async (b) => sha(b),
    gunzip: async (b) => new Uint8Array(gunzipSync(b)),
  };
  const sizes = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.length]));
  return { env, fetched, sizes };
}

const BASE = 'https://x/data/';

beforeEach(() => clearShardCache());

describe('loadMnist', () => {
  it('fetches only the training shards the clean-set size needs, and joins them in order', async () => {
    const { env, fetched } = site();
    const progress: string[] = [];
    const bytes: { done: number; total: number }[] = [];
    const d = await loadMnist(BASE, 15, env, (m, b) => (progress.push(m), b && bytes.push(b)));
    expect(fetched.sort()).toEqual(['manifest.json', 'test.bin.gz', 'train-0.bin.gz', 'train-1.bin.gz']);
    expect(d.train.count).toBe(15);
    expect(Array.from(d.train.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4]);
    expect(d.train.images[14 * 4 + 3]).toBe(14 * 4 + 3);
    expect(d.test.count).toBe(5);
    // Progress in bytes, read chunk by chunk: from 0 up to every byte of the three files, never back.
    const total = ['train-0.bin.gz', 'train-1.bin.gz', 'test.bin.gz'].reduce((s, n) => s + site().sizes[n], 0);
    expect(bytes[0]).toEqual({ done: 0, total });
    expect(bytes.at(-1)).toEqual({ done: total, total });
    expect(bytes.length).toBeGreaterThan(3);
    for (let i = 1; i < bytes.length; i++) expect(bytes[i].done).toBeGreaterThanOrEqual(bytes[i - 1].done);
    expect(progress.at(-1)).toBe(`Loading MNIST: ${(total / 1e6).toFixed(1)} / ${(total / 1e6).toFixed(1)} MB`);
    const small = site();
    await loadMnist(BASE, 10, small.env);
    expect(small.fetched).not.toContain('train-1.bin.gz');
  });

  it('accepts shards the server already decompressed (Content-Encoding: gzip)', async () => {
    const d = await loadMnist(BASE, 10, site({ served: 'plain' }).env);
    expect(d.train.count).toBe(10);
  });

  it('keeps shards for the next run, so nothing is fetched twice', async () => {
    const { env, fetched } = site();
    await loadMnist(BASE, 20, env);
    await loadMnist(BASE, 20, env);
    expect(fetched.filter((f) => f === 'train-0.bin.gz')).toHaveLength(1);
  });

  it('refuses a shard whose checksum does not match, naming it', async () => {
    await expect(loadMnist(BASE, 20, site({ corrupt: 'train-1.bin.gz' }).env)).rejects.toThrow(/train-1\.bin\.gz: checksum mismatch/);
  });

  it('says which file could not be fetched, and tries again next time', async () => {
    await expect(loadMnist(BASE, 10, site({ missing: 'test.bin.gz' }).env)).rejects.toThrow(/could not fetch https:\/\/x\/data\/test\.bin\.gz \(HTTP 404\)/);
    const d = await loadMnist(BASE, 10, site().env);
    expect(d.test.count).toBe(5);
  });

  it('refuses more clean digits than the manifest lists', async () => {
    await expect(loadMnist(BASE, 30, site().env)).rejects.toThrow(/lists 20 training digits, 30 asked for/);
  });
});
