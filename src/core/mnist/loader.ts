/**
 * Loads the MNIST shards that scripts/prepare-mnist.mjs writes under data/mnist/: the manifest,
 * then only the training shards a clean-set size needs, and the test shard, each fetched and
 * checked by ../assets.ts and decoded (shared by the cells that train on MNIST). Shards are kept for later runs in the same worker.
 */
import { byteProgress, fetchAsset, fetchJson, type LoaderEnv, type Progress } from '../assets';
import { decodeShard, type Shard } from './shard';

/** Digits with their labels: count*784 uint8 pixels. */
export interface DigitSet {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface MnistData {
  /** Training digits in the order of the shards (at least the count asked for). */
  train: DigitSet;
  /** The official test digits. */
  test: DigitSet;
}

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

export type { LoaderEnv, Progress } from '../assets';
export { globalEnv } from '../assets';

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
  const m = await fetchJson(url, env);
  if (!isManifest(m)) throw new Error(`${url} is not an MNIST manifest`);
  return m;
}

async function loadShard(base: string, f: ManifestFile, env: LoaderEnv, onBytes?: (n: number) => void): Promise<Shard> {
  const s = decodeShard(await fetchAsset(base, f, env, onBytes));
  if (s.count !== f.count) throw new Error(`${f.name}: ${s.count} digits, the manifest says ${f.count}`);
  return s;
}

/** A shard already loaded (or loading) in this worker counts as received at once for the progress. */
function cachedShard(base: string, f: ManifestFile, env: LoaderEnv, onBytes?: (n: number) => void): Promise<Shard> {
  const key = `${base}${f.name}:${f.sha256}`;
  let p = cache.get(key);
  if (p) onBytes?.(f.bytes);
  else {
    p = loadShard(base, f, env, onBytes);
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
export async function loadMnist(base: string, cleanSize: number, env: LoaderEnv, progress: Progress = () => {}): Promise<MnistData> {
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
  const onBytes = byteProgress('Loading MNIST', files.reduce((s, f) => s + f.bytes, 0), progress);
  onBytes(0);
  const shards = await Promise.all(files.map((f) => cachedShard(base, f, env, onBytes)));
  const testShard = shards.pop() as Shard;
  return {
    train: concat(shards, cleanSize),
    test: { images: testShard.images, labels: testShard.labels, count: testShard.count },
  };
}
