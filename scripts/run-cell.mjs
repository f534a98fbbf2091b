/**
 * Train one cell in the built page (headless Chromium) until it is done or a condition holds, and
 * print its `results` as JSON; optionally screenshot the cell. For checking the page's numbers
 * against the Node scripts and the READMEs. Needs `npm run build` and a preview server:
 *
 *   npx vite preview --port 4173 --strictPort --host 127.0.0.1 &
 *   node scripts/run-cell.mjs <cell-id> '<query without ?>' [--until 'r => r.test99Step !== null'] [--timeout 600] [--shot out.png]
 *
 * e.g. node scripts/run-cell.mjs grokking 'backend=wasm&grokking.steps=120' --until 'r => r.test99Step !== null'
 */
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from './chromium-args.mjs';

const [id, query = '', ...rest] = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? rest[i + 1] : dflt;
};
const until = opt('until', 'r => r.status === "done"');
const timeout = Number(opt('timeout', '600')) * 1000;
const shot = opt('shot', '');
const base = opt('url', 'http://127.0.0.1:4173/');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => console.error('[pageerror]', e.message));
  page.on('console', (m) => m.type() === 'error' && console.error('[console.error]', m.text()));
  await page.goto(`${base}?${query}`);
  const cell = page.locator(`[data-experiment="${id}"]`);
  await cell.getByRole('button', { name: 'Train', exact: true }).click();
  const t0 = Date.now();
  await page.waitForFunction(
    ([cellId, test]) => {
      const r = document.querySelector(`[data-experiment="${cellId}"]`)?.results;
      // eslint-disable-next-line no-new-func
      return !!r && (r.status === 'error' || r.status === 'done' || new Function(`return (${test})`)()(r));
    },
    [id, until],
    { timeout, polling: 500 },
  );
  const r = await page.evaluate((cellId) => JSON.parse(JSON.stringify(document.querySelector(`[data-experiment="${cellId}"]`).results)), id);
  r.wallSeconds = (Date.now() - t0) / 1000;
  console.log(JSON.stringify(r));
  if (shot) await cell.screenshot({ path: shot });
} finally {
  await browser.close();
}
