/**
 * Loads the MNIST shards that scripts/prepare-mnist.mjs writes under data/mnist/: the manifest,
 * then only the training shards a clean-set size needs, and the test shard. Each shard is
 * decompressed (unless the server already did: a static server may send a .gz file with
 * Content-Encoding: gzip, so the bytes are sniffed for gzip's 1f 8b), checked against the
 * manifest's SHA-256 and decoded. Shards are kept for later runs in the same worker.
 *
 * Runs in a worker or in Node: fetch, DecompressionStream and crypto.subtle are passed in or
 * taken from the global scope.
 */
import { decodeShard, type Shard } from './shard';
import type { DigitSet, LabelNoiseData } from './session';

export interface ManifestFile {
  name: string;
  split: 'train' | 'test';
  first: number;
  count: number;
  rows: number;
  cols: number;
  bytes: number;
  rawBytes: number;
  sha256: string;
}

export interface Manifest {
  credit: string;
  files: ManifestFile[];
}

export interface LoaderEnv {
  fetch: (url: string) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;
  /** SHA-256 as lowercase hex; absent where crypto.subtle is missing (a page served over plain http): checksums are then skipped. */
  sha256?: (bytes: Uint8Array) => Promise<string>;
  gunzip: (bytes: Uint8Array) => Promise<Uint8Array>;
}

export type Progress = (message: string) => void;

/** The browser/worker environment: global fetch, crypto.subtle (when present), DecompressionStream. */
export function globalEnv(): LoaderEnv {
  const subtle = globalThis.crypto?.subtle;
  return {
    fetch: (url) => fetch(url),
    sha256: subtle
      ? async (bytes) => hex(new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)))
      : undefined,
    gunzip: async (bytes) => {
      const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    },
  };
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

const cache = new Map<string, Promise<Shard>>();

/** Forget loaded shards (tests). */
export function clearShardCache(): void {
  cache.clear();
}

function isManifest(m: unknown): m is Manifest {
  const x = m as Manifest;
  return (
    typeof m === 'object' &&
    m !== null &&
    Array.isArray(x.files) &&
    x.files.every(
      (f) => typeof f?.name === 'string' && (f.split === 'train' || f.split === 'test') && Number.isInteger(f.count) && typeof f.sha256 === 'string',
    )
  );
}

export async function loadManifest(base: string, env: LoaderEnv): Promise<Manifest> {
  const url = `${base}manifest.json`;
  const res = await env.fetch(url);
  if (!res.ok) throw new Error(`could not fetch ${url} (HTTP ${res.status})`);
  let m: unknown;
  try {
    m = JSON.parse(new TextDecoder().decode(await res.arrayBuffer()));
  } catch {
    throw new Error(`${url} is not JSON`);
  }
  if (!isManifest(m)) throw new Error(`${url} is not an MNIST manifest`);
  return m;
}

async function loadShard(base: string, f: ManifestFile, env: LoaderEnv): Promise<Shard> {
  const url = `${base}${f.name}`;
  const res = await env.fetch(url);
  if (!res.ok) throw new Error(`could not fetch ${url} (HTTP ${res.status})`);
  let bytes: Uint8Array = new Uint8Array(await res.arrayBuffer());
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = await env.gunzip(bytes);
  if (bytes.length !== f.rawBytes) throw new Error(`${f.name}: ${bytes.length} bytes after decompression, the manifest says ${f.rawBytes}`);
  if (env.sha256) {
    const sum = await env.sha256(bytes);
    if (sum !== f.sha256) throw new Error(`${f.name}: checksum mismatch (SHA-256 ${sum.slice(0, 12)}…, expected ${f.sha256.slice(0, 12)}…)`);
  }
  const s = decodeShard(bytes);
  if (s.count !== f.count) throw new Error(`${f.name}: ${s.count} digits, the manifest says ${f.count}`);
  return s;
}

function cachedShard(base: string, f: ManifestFile, env: LoaderEnv): Promise<Shard> {
  const key = `${base}${f.name}:${f.sha256}`;
  let p = cache.get(key);
  if (!p) {
    p = loadShard(base, f, env);
    // A failed fetch is not kept: the next run tries again.
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

function concat(shards: Shard[], count: number): DigitSet {
  const px = shards[0].rows * shards[0].cols;
  const images = new Uint8Array(count * px);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const s of shards) {
    const n = Math.min(s.count, count - at);
    if (n <= 0) break;
    images.set(s.images.subarray(0, n * px), at * px);
    labels.set(s.labels.subarray(0, n), at);
    at += n;
  }
  return { images, labels, count: at };
}

/**
 * The first `cleanSize` training digits and the test set.
 * @param base URL of the data/mnist/ folder, ending in '/'
 * @throws with a message naming the file and what is wrong
 */
export async function loadMnist(base: string, cleanSize: number, env: LoaderEnv, progress: Progress = () => {}): Promise<LabelNoiseData> {
  const m = await loadManifest(base, env);
  const train = m.files.filter((f) => f.split === 'train').sort((a, b) => a.first - b.first);
  const test = m.files.find((f) => f.split === 'test');
  if (!test) throw new Error('the MNIST manifest lists no test shard');
  const need: ManifestFile[] = [];
  let have = 0;
  for (const f of train) {
    if (have >= cleanSize) break;
    need.push(f);
    have += f.count;
  }
  if (have < cleanSize) throw new Error(`the MNIST manifest lists ${have} training digits, ${cleanSize} asked for`);
  const files = [...need, test];
  const mb = files.reduce((s, f) => s + f.bytes, 0) / 1e6;
  let done = 0;
  progress(`Loading MNIST: ${files.length} files, ${mb.toFixed(1)} MB…`);
  const shards = await Promise.all(
    files.map((f) =>
      cachedShard(base, f, env).then((s) => {
        done += 1;
        progress(`Loading MNIST: ${done} of ${files.length} files`);
        return s;
      }),
    ),
  );
  const testShard = shards.pop() as Shard;
  return {
    train: concat(shards, cleanSize),
    test: { images: testShard.images, labels: testShard.labels, count: testShard.count },
  };
}
