/**
 * The build's list for the service worker (public/sw.js): after Vite has written dist/, every file
 * with its size and SHA-256, and a version that is the SHA-256 of those (so any changed bundle, WASM
 * binary or data manifest gives a new version, and with it a new cache that replaces the old one).
 * The list goes into dist/sw.js in place of its `self.__OFFLINE__ = null` line.
 *   precache: what the page needs to run its cells offline (the page, bundles, styles, WASM);
 *   data (data/**): kept when a cell downloads it in full, not fetched ahead.
 * The benchmark's own page is left out.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

export interface OfflineList {
  version: string;
  /** Every file the worker may keep, by its path in dist/ ('/'-separated), with its size in bytes. */
  files: Record<string, number>;
  /**
   * The size after decompression of each .gz file: a server may send one with Content-Encoding:
   * gzip (vite preview does), and the worker then receives it decompressed.
   */
  unzipped: Record<string, number>;
  /** The files copied into the cache when the worker installs. */
  precache: string[];
}

const SW = 'sw.js';
const LEFT_OUT = [/^bench\.html$/, /^assets\/bench-[^/]*$/, /\.map$/];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** The list for the files under `dir` (dist/). */
export function offlineList(dir: string): OfflineList {
  const rows = walk(dir)
    .map((p) => relative(dir, p).split(sep).join('/'))
    .filter((path) => path !== SW && !LEFT_OUT.some((re) => re.test(path)))
    .sort()
    .map((path) => {
      const bytes = readFileSync(join(dir, path));
      const unzipped = path.endsWith('.gz') ? gunzipSync(bytes).length : null;
      return { path, size: bytes.length, unzipped, sha256: createHash('sha256').update(bytes).digest('hex') };
    });
  const version = createHash('sha256')
    .update(rows.map((r) => `${r.path} ${r.sha256}\n`).join(''))
    .digest('hex')
    .slice(0, 16);
  return {
    version,
    files: Object.fromEntries(rows.map((r) => [r.path, r.size])),
    unzipped: Object.fromEntries(rows.filter((r) => r.unzipped !== null).map((r) => [r.path, r.unzipped as number])),
    precache: rows.map((r) => r.path).filter((p) => !p.startsWith('data/')),
  };
}

/** Put the list into dist/sw.js. @throws when the worker has no line to replace */
export function writeOfflineList(dir: string): OfflineList {
  const list = offlineList(dir);
  const swPath = join(dir, SW);
  const source = readFileSync(swPath, 'utf8');
  const line = 'self.__OFFLINE__ = null;';
  if (!source.includes(line)) throw new Error(`${swPath} has no "${line}" line for the offline list`);
  writeFileSync(swPath, source.replace(line, `self.__OFFLINE__ = ${JSON.stringify(list)};`));
  return list;
}

export function offlinePlugin(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'notebook-offline-list',
    apply: 'build',
    configResolved(c) {
      config = c;
    },
    closeBundle() {
      const list = writeOfflineList(resolve(config.root, config.build.outDir));
      const mb = Object.values(list.files).reduce((a, b) => a + b, 0) / 1e6;
      config.logger.info(`offline list: version ${list.version}, ${Object.keys(list.files).length} files (${mb.toFixed(1)} MB), ${list.precache.length} copied on install`);
    },
  };
}
