import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeShard, type Shard } from './shard';

/** A shard as scripts/prepare-mnist.mjs lays it out (uncompressed). */
function buildShard(count: number, rows: number, cols: number, pixel: (d: number, p: number) => number, label: (d: number) => number): Uint8Array {
  const px = rows * cols;
  const out = new Uint8Array(16 + count * px + count);
  out.set([0x4d, 0x4e, 0x53, 0x31], 0); // "MNS1"
  const v = new DataView(out.buffer);
  v.setUint32(4, count, true);
  v.setUint32(8, rows, true);
  v.setUint32(12, cols, true);
  for (let d = 0; d < count; d++) for (let p = 0; p < px; p++) out[16 + d * px + p] = pixel(d, p);
  for (let d = 0; d < count; d++) out[16 + count * px + d] = label(d);
  return out;
}

describe('decodeShard on hand-built input', () => {
  const good = buildShard(3, 2, 2, (d, p) => d * 10 + p, (d) => 9 - d);

  it('decodes header, pixels and labels', () => {
    const s = decodeShard(good);
    expect([s.count, s.rows, s.cols]).toEqual([3, 2, 2]);
    expect(Array.from(s.images)).toEqual([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]);
    expect(Array.from(s.labels)).toEqual([9, 8, 7]);
  });

  it('works on a view with a non-zero byteOffset', () => {
    const padded = new Uint8Array(good.length + 5);
    padded.set(good, 5);
    const s = decodeShard(padded.subarray(5));
    expect(Array.from(s.labels)).toEqual([9, 8, 7]);
    expect(s.images[4]).toBe(10);
  });

  it('decodes an empty shard', () => {
    expect(decodeShard(buildShard(0, 28, 28, () => 0, () => 0)).count).toBe(0);
  });

  it('rejects bad input with a clear message', () => {
    expect(() => decodeShard(good.subarray(0, 10))).toThrow(/truncated.*shorter than the 16-byte header/);
    expect(() => decodeShard(good.subarray(0, good.length - 1))).toThrow(/truncated: 30 bytes, expected 31 for 3 digits of 2x2/);
    const extra = new Uint8Array(good.length + 1);
    extra.set(good);
    expect(() => decodeShard(extra)).toThrow(/trailing bytes/);
    const badMagic = good.slice();
    badMagic[3] = 0x32;
    expect(() => decodeShard(badMagic)).toThrow(/not an MNIST shard: magic "MNS2"/);
    expect(() => decodeShard(new Uint8Array(gzipSync(good)))).toThrow(/still gzip-compressed/);
    const badLabel = good.slice();
    badLabel[badLabel.length - 1] = 10;
    expect(() => decodeShard(badLabel)).toThrow(/label 10 at digit 2/);
    const zeroRows = good.slice();
    new DataView(zeroRows.buffer).setUint32(8, 0, true);
    expect(() => decodeShard(zeroRows)).toThrow(/implausible image size 0x2/);
    const hugeCount = good.slice();
    new DataView(hugeCount.buffer).setUint32(4, 0xffffffff, true);
    expect(() => decodeShard(hugeCount)).toThrow(/truncated/);
  });
});

describe('the prepared MNIST assets', () => {
  const root = join(__dirname, '..', '..', '..');
  const dir = join(root, 'public', 'data', 'mnist');
  interface Entry { name: string; split: string; count: number; bytes: number; rawBytes: number; sha256: string }
  let manifest: { credit: string; files: Entry[] };
  const raw = new Map<string, Uint8Array>();
  const shard = (name: string): Shard => decodeShard(raw.get(name)!);
  const pixelSum = (s: Shard, d: number) => s.images.subarray(d * 784, (d + 1) * 784).reduce((a, b) => a + b, 0);

  beforeAll(() => {
    // Quick when the assets are up to date (the script checks mtimes); about 20 s otherwise.
    execFileSync(process.execPath, [join(root, 'scripts', 'prepare-mnist.mjs')], { stdio: 'pipe' });
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    for (const f of manifest.files) {
      const gz = readFileSync(join(dir, f.name));
      expect(gz.length, `${f.name} size`).toBe(f.bytes);
      raw.set(f.name, new Uint8Array(gunzipSync(gz)));
    }
  }, 120_000);

  it('lists six training shards of 10,000 and the 10,000 test digits, with the credit', () => {
    expect(manifest.files.map((f) => f.name)).toEqual(['train-0.bin.gz', 'train-1.bin.gz', 'train-2.bin.gz', 'train-3.bin.gz', 'train-4.bin.gz', 'train-5.bin.gz', 'test.bin.gz']);
    expect(manifest.files.map((f) => f.count)).toEqual([10000, 10000, 10000, 10000, 10000, 10000, 10000]);
    expect(manifest.credit).toBe('MNIST: Yann LeCun, Corinna Cortes, Christopher J.C. Burges; CC BY-SA 3.0');
  });

  it("matches the manifest's SHA-256 of the uncompressed shard", () => {
    for (const f of manifest.files) {
      const bytes = raw.get(f.name)!;
      expect(bytes.length).toBe(f.rawBytes);
      expect(createHash('sha256').update(bytes).digest('hex'), f.name).toBe(f.sha256);
    }
  });

  it('decodes the test set to the official 10,000 digits', () => {
    const t = shard('test.bin.gz');
    expect([t.count, t.rows, t.cols]).toEqual([10000, 28, 28]);
    expect(Array.from(t.labels.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    const counts = new Array(10).fill(0);
    for (const y of t.labels) counts[y]++;
    expect(counts).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    // Pixel sums and a few pixels, read independently from the IDX files.
    expect([pixelSum(t, 0), pixelSum(t, 1), pixelSum(t, 9999)]).toEqual([18454, 28850, 41833]);
    expect([t.images[7 * 28 + 5], t.images[7 * 28 + 6], t.images[7 * 28 + 7], t.images[7 * 28 + 8]]).toEqual([0, 84, 185, 159]);
  });

  it('decodes the training shards in order', () => {
    const first = shard('train-0.bin.gz');
    expect(Array.from(first.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    expect([pixelSum(first, 0), pixelSum(first, 1)]).toEqual([27525, 31095]);
    expect(pixelSum(shard('train-1.bin.gz'), 0)).toBe(28465); // training digit 10,000
    expect(pixelSum(shard('train-3.bin.gz'), 5123)).toBe(34889); // training digit 35,123
    expect(pixelSum(shard('train-5.bin.gz'), 9999)).toBe(20920); // training digit 59,999
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 6; i++) for (const y of shard(`train-${i}.bin.gz`).labels) counts[y]++;
    expect(counts).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  });
});
