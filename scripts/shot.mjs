// Screenshot the built page: node scripts/shot.mjs <url> <out.png> [width] [height] [waitForSelectorOrMs] [clickTrain]
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from './chromium-args.mjs';
const [url, out, w = '1440', h = '900', wait = '3000', click = ''] = process.argv.slice(2);
const args = CHROMIUM_ARGS;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
const page = await browser.newPage({ viewport: { width: Number(w), height: Number(h) } });
page.on('console', (m) => console.log(`[console.${m.type()}]`, m.text()));
page.on('requestfailed', (r) => console.log('[requestfailed]', r.url()));
page.on('response', (r) => r.status() >= 400 && console.log('[http]', r.status(), r.url()));
page.on('pageerror', (e) => console.log('[pageerror]', e.message));
await page.goto(url);
if (click) {
  const cell = page.locator('[data-experiment="grokking"]');
  await cell.getByRole('button', { name: 'Train', exact: true }).click();
}
await page.waitForTimeout(Number(wait));
if (click) {
  const r = await page.evaluate(() => document.querySelector('[data-experiment="grokking"]')?.results);
  console.log(JSON.stringify(r));
  await page.locator('[data-experiment="grokking"]').screenshot({ path: out });
} else {
  await page.screenshot({ path: out, fullPage: true });
}
await browser.close();
