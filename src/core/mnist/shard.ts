/**
 * Decoding of the MNIST shards that scripts/prepare-mnist.mjs writes (after gunzip).
 *
 * Layout, integers uint32 little-endian:
 *   bytes 0..3   magic "MNS1" (ASCII)
 *   bytes 4..7   count
 *   bytes 8..11  rows
 *   bytes 12..15 cols
 *   then count*rows*cols uint8 pixels (row-major, digit after digit), then count uint8 labels (0..9).
 *
 * Pure: no DOM or Node APIs, so it runs in a worker and in vitest alike.
 */

export const SHARD_MAGIC = 'MNS1';
export const SHARD_HEADER_BYTES = 16;

export interface Shard {
  count: number;
  rows: number;
  cols: number;
  /** count*rows*cols pixels, 0..255; a view into the input bytes (no copy). */
  images: Uint8Array;
  /** count labels, 0..9; a view into the input bytes (no copy). */
  labels: Uint8Array;
}

/**
 * Decode one uncompressed shard.
 * @throws Error with a message naming what is wrong (not a shard, gzip bytes not yet
 *   decompressed, truncated, trailing bytes, bad dimensions, a label outside 0..9).
 */
export function decodeShard(bytes: Uint8Array): Shard {
  if (bytes.length < SHARD_HEADER_BYTES) {
    throw new Error(`MNIST shard truncated: ${bytes.length} bytes, shorter than the ${SHARD_HEADER_BYTES}-byte header`);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new Error('MNIST shard is still gzip-compressed: decompress it before decoding');
  }
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== SHARD_MAGIC) {
    throw new Error(`not an MNIST shard: magic ${JSON.stringify(magic)}, expected "${SHARD_MAGIC}"`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(4, true);
  const rows = view.getUint32(8, true);
  const cols = view.getUint32(12, true);
  if (rows === 0 || cols === 0 || rows > 1024 || cols > 1024) {
    throw new Error(`MNIST shard has implausible image size ${rows}x${cols}`);
  }
  const px = rows * cols;
  const expected = SHARD_HEADER_BYTES + count * px + count;
  if (bytes.length < expected) {
    throw new Error(`MNIST shard truncated: ${bytes.length} bytes, expected ${expected} for ${count} digits of ${rows}x${cols}`);
  }
  if (bytes.length > expected) {
    throw new Error(`MNIST shard corrupt: ${bytes.length} bytes, expected ${expected} for ${count} digits of ${rows}x${cols} (trailing bytes)`);
  }
  const images = bytes.subarray(SHARD_HEADER_BYTES, SHARD_HEADER_BYTES + count * px);
  const labels = bytes.subarray(SHARD_HEADER_BYTES + count * px, expected);
  for (let i = 0; i < count; i++) {
    if (labels[i] > 9) throw new Error(`MNIST shard corrupt: label ${labels[i]} at digit ${i} is not in 0..9`);
  }
  return { count, rows, cols, images, labels };
}
