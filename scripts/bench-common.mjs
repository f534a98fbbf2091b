/**
 * What the benchmark's scripts share: flags, paths, the cells (one folder each under src/cells/),
 * number formats, the browser launcher, and the preview server.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from './chromium-args.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
export const flag = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
export const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** Every cell: a folder of src/cells/ with a definition.ts (the same rule as the page's registry). */
export function cellIds() {
  const dir = join(ROOT, 'src/cells');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'definition.ts')))
    .map((d) => d.name)
    .sort();
}

export const CELLS = list(flag('cells', cellIds().join(',')));
export const PORT = Number(flag('port', '4180'));

export const log = (...a) => console.log(...a);
export const f1 = (x) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(1));
export const f2 = (x) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(2));

export function median(xs) {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
}

export function launchBrowser(args = CHROMIUM_ARGS) {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args });
}

export async function serve() {
  if (!existsSync(join(ROOT, 'dist/bench.html'))) throw new Error('dist/bench.html missing: run `npm run build` (npm run bench does)');
  // vite's own entry (not npx), so that killing the child ends the server.
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  const child = spawn(process.execPath, [vite, 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], { cwd: ROOT, stdio: 'ignore' });
  const url = `http://127.0.0.1:${PORT}/`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return { child, url };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`vite preview did not answer on ${url}`);
}
