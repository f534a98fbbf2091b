// Screenshot one cell after training: node scripts/shot-cell.mjs <url> <cell-id> <out.png> <ms> [width]
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from './chromium-args.mjs';
const [url, id, out, ms = '20000', w = '1440'] = process.argv.slice(2);
const args = CHROMIUM_ARGS;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
const page = await browser.newPage({ viewport: { width: Number(w), height: 900 } });
page.on('console', (m) => m.type() === 'error' && console.log('[console.error]', m.text()));
page.on('pageerror', (e) => console.log('[pageerror]', e.message));
await page.goto(url);
const cell = page.locator(`[data-experiment="${id}"]`);
await cell.getByRole('button', { name: 'Train', exact: true }).click();
await page.waitForTimeout(Number(ms));
console.log(JSON.stringify(await page.evaluate((i) => document.querySelector(`[data-experiment="${i}"]`)?.results, id)));
await cell.screenshot({ path: out });
await browser.close();
