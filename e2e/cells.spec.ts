/**
 * Every cell of the registry (a folder of src/cells/ with a definition.ts), checked the same way:
 * placed in the essay with its definition's title, idle, a Train button, its presets, and a
 * `results` object with one field per metric series of its definition. A new cell is covered here
 * without editing this file; its own behaviour is tested in src/cells/<id>/e2e.spec.ts.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import type { CellDefinition } from '../src/core/cell';
import { cell, results, watchErrors } from './util';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cells');
const IDS = readdirSync(DIR).filter((d) => existsSync(join(DIR, d, 'definition.ts')));

test('the registry has the cells', () => {
  expect(IDS.length).toBeGreaterThanOrEqual(4);
});

test('every cell of the registry is on the page with its title, controls, presets and results fields', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./');
  for (const id of IDS) {
    const { definition } = (await import(`../src/cells/${id}/definition.ts`)) as { definition: CellDefinition };
    const c = cell(page, id);
    await expect(c, id).toHaveAttribute('data-status', 'idle');
    await expect(c.locator('.nb-cell-title')).toHaveText(definition.title);
    await expect(c.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
    for (const p of Object.values(definition.presets)) await expect(c.getByRole('group', { name: 'Presets' }).getByRole('button', { name: p.label, exact: true })).toBeVisible();
    const r = await results(page, id);
    for (const s of definition.series) expect(r, `${id}.${s.key}`).toHaveProperty(s.key, null);
    expect(r.status).toBe('idle');
  }
  expect(errors).toEqual([]);
});
