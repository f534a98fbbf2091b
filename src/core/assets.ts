/**
 * Fetching the app's own data files (the MNIST shards, the Brown corpus): each is fetched from
 * the app's origin, decompressed unless the server already did (a static server may send a .gz
 * file with Content-Encoding: gzip, so the bytes are sniffed for gzip's 1f 8b), and checked
 * against its manifest entry's size and SHA-256.
 *
 * Runs in a worker or in Node: fetch, DecompressionStream and crypto.subtle are passed in or
 * taken from the global scope.
 */

/** What fetchAsset needs of a response (a fetch Response, or a file read in Node). */
export interface FetchedLike {
  ok: boolean;
  status: number;
  arrayBuffer(): Promise<ArrayBuffer>;
  /** The body as a stream, read chunk by chunk for progress where present. */
  body?: ReadableStream<Uint8Array> | null;
  headers?: { get(name: string): string | null };
}

export interface LoaderEnv {
  fetch: (url: string) => Promise<FetchedLike>;
  /** SHA-256 as lowercase hex; absent where crypto.subtle is missing (a page served over plain http): checksums are then skipped. */
  sha256?: (bytes: Uint8Array) => Promise<string>;
  gunzip: (bytes: Uint8Array) => Promise<Uint8Array>;
  /** Remove a bad copy of `url` from the offline cache (see public/sw.js), so the next try fetches it anew. */
  evict?: (url: string) => Promise<void>;
}

/** A loading message, with the bytes received so far of those expected when it is a download. */
export type Progress = (message: string, bytes?: { done: number; total: number }) => void;

/** The header public/sw.js puts on a response it answers from its offline copy. */
export const OFFLINE_HEADER = 'X-Notebook-Offline';
/** The offline cache's name prefix (public/sw.js; the build's version follows it). */
export const CACHE_PREFIX = 'notebook-';

/** Files this worker got from the offline copy (name → bytes), for the note in the cell. */
const fromOfflineCopy = new Map<string, number>();

/** What this worker's data came from the offline copy: one line for the cell, or null when nothing did. */
export function offlineNote(): string | null {
  if (!fromOfflineCopy.size) return null;
  const mb = [...fromOfflineCopy.values()].reduce((a, b) => a + b, 0) / 1e6;
  const n = fromOfflineCopy.size;
  return `Data: ${n} file${n === 1 ? '' : 's'} (${mb.toFixed(1)} MB) from this browser's offline copy, saved on an earlier visit; nothing was downloaded.`;
}

/** Forget which files came from the offline copy (tests). */
export function clearOfflineNote(): void {
  fromOfflineCopy.clear();
}

/** One file of a manifest. */
export interface AssetEntry {
  name: string;
  /** Size after decompression. */
  rawBytes: number;
  /** SHA-256 of the decompressed bytes. */
  sha256: string;
}

/** The browser/worker environment: global fetch, crypto.subtle (when present), DecompressionStream, the Cache API. */
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
    evict: async (url) => {
      if (typeof caches === 'undefined') return;
      for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX)) await (await caches.open(name)).delete(url);
    },
  };
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Fetch and parse a JSON file. @throws naming the URL and what is wrong */
export async function fetchJson(url: string, env: LoaderEnv): Promise<unknown> {
  const res = await env.fetch(url);
  if (!res.ok) throw new Error(`could not fetch ${url} (HTTP ${res.status})`);
  try {
    return JSON.parse(new TextDecoder().decode(await res.arrayBuffer()));
  } catch {
    throw new Error(`${url} is not JSON`);
  }
}

/** The body, read chunk by chunk where it is a stream (each chunk's size to `onBytes`). */
async function readBody(res: FetchedLike, onBytes?: (n: number) => void): Promise<Uint8Array> {
  const reader = onBytes && res.body ? res.body.getReader() : null;
  if (!reader || !onBytes) {
    const bytes = new Uint8Array(await res.arrayBuffer());
    onBytes?.(bytes.length);
    return bytes;
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
    onBytes(value.length);
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The decompressed, checked bytes of one file. `onBytes` hears each chunk received (progress).
 * A bad copy from the offline cache is removed from it, so that the next try downloads the file.
 * @throws naming the file and what is wrong (HTTP status, size, checksum)
 */
export async function fetchAsset(base: string, f: AssetEntry, env: LoaderEnv, onBytes?: (n: number) => void): Promise<Uint8Array> {
  const url = `${base}${f.name}`;
  const res = await env.fetch(url);
  if (!res.ok) throw new Error(`could not fetch ${url} (HTTP ${res.status})`);
  const offline = res.headers?.get(OFFLINE_HEADER) != null;
  const received = await readBody(res, onBytes);
  try {
    const bytes = await checked(f, received, env);
    if (offline) fromOfflineCopy.set(f.name, received.length);
    return bytes;
  } catch (e) {
    if (offline) {
      await env.evict?.(url).catch(() => undefined);
      throw new Error(`${(e as Error).message}; this was the copy saved for offline use, now removed: the next try downloads it again`);
    }
    throw e;
  }
}

async function checked(f: AssetEntry, received: Uint8Array, env: LoaderEnv): Promise<Uint8Array> {
  let bytes = received;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = await env.gunzip(bytes);
    } catch {
      throw new Error(`${f.name}: not valid gzip (corrupt or truncated)`);
    }
  }
  if (bytes.length !== f.rawBytes) throw new Error(`${f.name}: ${bytes.length} bytes after decompression, the manifest says ${f.rawBytes}`);
  if (env.sha256) {
    const sum = await env.sha256(bytes);
    if (sum !== f.sha256) throw new Error(`${f.name}: checksum mismatch (SHA-256 ${sum.slice(0, 12)}…, expected ${f.sha256.slice(0, 12)}…)`);
  }
  return bytes;
}

/**
 * Progress over several downloads: "Loading MNIST: 4.1 / 11.0 MB", at most every 2% (and at the end).
 * @returns the `onBytes` to give each fetchAsset
 */
export function byteProgress(label: string, totalBytes: number, progress: Progress): (n: number) => void {
  let done = 0;
  let shown = -Infinity;
  return (n) => {
    done += n;
    const total = Math.max(totalBytes, done);
    if (done < total && done - shown < total / 50) return;
    shown = done;
    progress(`${label}: ${(done / 1e6).toFixed(1)} / ${(total / 1e6).toFixed(1)} MB`, { done, total });
  };
}
