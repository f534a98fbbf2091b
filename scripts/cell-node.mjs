/**
 * A cell's Node measurement script, by cell id: bundles src/cells/<id>/runs.ts with the rolldown that
 * Vite ships (tfjs kept external, so core and backends resolve to one instance) and runs it with the
 * remaining arguments. A new cell with a runs.ts needs no package.json entry:
 *
 *   npm run cell -- <id> [args…]      e.g. npm run cell -- coin-run --percents 0,2 --seeds 0
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './bench-common.mjs';

const [id, ...args] = process.argv.slice(2);
const entry = join(ROOT, 'src', 'cells', id ?? '', 'runs.ts');
if (!id || !existsSync(entry)) {
  console.error(`usage: npm run cell -- <id> [args…], where src/cells/<id>/runs.ts exists${id ? ` (none for ${id})` : ''}`);
  process.exit(2);
}
const out = join(ROOT, 'node_modules', '.cache', `${id}-runs.mjs`);
mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
const external = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu'].flatMap((e) => ['-e', e]);
const rolldown = join(ROOT, 'node_modules', '.bin', 'rolldown');
const built = spawnSync(rolldown, [entry, '-p', 'node', '-f', 'esm', ...external, '-o', out, '--log-level', 'warn'], { stdio: 'inherit', cwd: ROOT });
if (built.status !== 0) process.exit(built.status ?? 1);
const run = spawnSync(process.execPath, [out, ...args], { stdio: 'inherit', cwd: ROOT });
process.exit(run.status ?? 1);
