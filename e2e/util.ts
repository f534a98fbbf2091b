import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { expect, type Page } from '@playwright/test';

export interface Results {
  step: number;
  trainAcc: number | null;
  testAcc: number | null;
  backend: string | null;
  status: string;
  stepsPerSecond: number;
  test99Step: number | null;
  [k: string]: unknown;
}

/** Console errors and uncaught exceptions, collected from the moment this is called. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

export function results(page: Page, cell = 'grokking'): Promise<Results> {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-experiment="${id}"]`) as unknown as { results: unknown } | null;
    return JSON.parse(JSON.stringify(el?.results ?? null));
  }, cell);
}

/** Poll the cell's results until `ok` holds (or fail with the last results). */
export async function waitForResults(page: Page, ok: (r: Results) => boolean, timeout = 180_000, cell = 'grokking'): Promise<Results> {
  let last: Results | null = null;
  await expect
    .poll(
      async () => {
        last = await results(page, cell);
        if (last?.status === 'error') throw new Error(`cell error: ${await page.locator(`[data-experiment="${cell}"] .nb-msg-error`).allTextContents()}`);
        return last !== null && ok(last);
      },
      { timeout, intervals: [250, 500, 1000] },
    )
    .toBe(true);
  return last as unknown as Results;
}

export function cell(page: Page, id = 'grokking') {
  return page.locator(`[data-experiment="${id}"]`);
}

/** A static file server of `root` that sends no special headers (like GitHub Pages) but `headers`. */
export function staticServer(root: string, headers: Record<string, string> = {}): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json' };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(root, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', ...headers });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}
