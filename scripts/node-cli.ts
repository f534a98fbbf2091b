/**
 * What the Node measurement scripts (grok-seeds, clockpizza-trend, labelnoise-runs) share:
 * reading `--name value` flags and starting a tfjs backend with a fallback to CPU.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import type { LoaderEnv } from '../src/core/assets';

/** The value after `--name` on the command line, or `fallback`. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

/** Start backend `want` (its package must be imported by the caller); CPU when it fails. */
export async function useBackend(want: string): Promise<void> {
  let ok = false;
  try {
    ok = await tf.setBackend(want);
  } catch (e) {
    console.warn(`backend ${want} failed: ${(e as Error).message}`);
  }
  if (!ok) await tf.setBackend('cpu');
  await tf.ready();
}

/** A loader environment that reads the app's data files from a folder (the last part of each URL is the file name). */
export function fileEnv(dir: string): LoaderEnv {
  return {
    fetch: async (url) => {
      const buf = readFileSync(join(dir, url.replace(/^.*\//, '')));
      return { ok: true, status: 200, arrayBuffer: async () => buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer };
    },
    sha256: async (b) => createHash('sha256').update(b).digest('hex'),
    gunzip: async (b) => new Uint8Array(gunzipSync(b)),
  };
}
