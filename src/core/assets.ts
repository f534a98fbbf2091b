/**
 * Fetching the app's own data files (the MNIST shards, the Brown corpus): each is fetched from
 * the app's origin, decompressed unless the server already did (a static server may send a .gz
 * file with Content-Encoding: gzip, so the bytes are sniffed for gzip's 1f 8b), and checked
 * against its manifest entry's size and SHA-256.
 *
 * Runs in a worker or in Node: fetch, DecompressionStream and crypto.subtle are passed in or
 * taken from the global scope.
 */

export interface LoaderEnv {
  fetch: (url: string) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;
  /** SHA-256 as lowercase hex; absent where crypto.subtle is missing (a page served over plain http): checksums are then skipped. */
  sha256?: (bytes: Uint8Array) => Promise<string>;
  gunzip: (bytes: Uint8Array) => Promise<Uint8Array>;
}

export type Progress = (message: string) => void;

/** One file of a manifest. */
export interface AssetEntry {
  name: string;
  /** Size after decompression. */
  rawBytes: number;
  /** SHA-256 of the decompressed bytes. */
  sha256: string;
}

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

/**
 * The decompressed, checked bytes of one file.
 * @throws naming the file and what is wrong (HTTP status, size, checksum)
 */
export async function fetchAsset(base: string, f: AssetEntry, env: LoaderEnv): Promise<Uint8Array> {
  const url = `${base}${f.name}`;
  const res = await env.fetch(url);
  if (!res.ok) throw new Error(`could not fetch ${url} (HTTP ${res.status})`);
  let bytes: Uint8Array = new Uint8Array(await res.arrayBuffer());
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
