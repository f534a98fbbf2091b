/**
 * The layers stay apart: pure modules (src/core, src/figures, and a cell folder's own modules other
 * than its component, worker and tests) import no DOM, worker, component or page-state code, and a
 * cell's folder imports nothing from another cell's folder. A cell's component and worker may use
 * the shared frame and runtime, but never another cell either.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(name) ? [p] : [];
  });
}

/** The module specifiers a file imports (static, dynamic, import.meta.glob and new URL). */
export function importsOf(source: string): string[] {
  const out: string[] = [];
  const re = /(?:from|import|import\(|new URL\(|import\.meta\.glob(?:<[^>]*>)?\()\s*['"]([^'"]+)['"]/g;
  for (const m of source.matchAll(re)) out.push(m[1]);
  return out;
}

/** Code without its comments and strings (so a word in a doc comment is not a use). */
function code(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
    .replace(/`(?:\\.|[^`\\])*`|'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"/g, "''");
}

const isTest = (f: string) => /\.(test|spec|fixture)\.ts$/.test(f) || f.endsWith('e2e.spec.ts');
const cellOf = (f: string) => /src\/cells\/([^/]+)\//.exec(relative(ROOT, f))?.[1] ?? null;
const PAGE_ONLY = /(^|\/)(component|worker)\.ts$/;

const pure = [...files(join(ROOT, 'src/core')), ...files(join(ROOT, 'src/figures')), ...files(join(ROOT, 'src/cells')).filter((f) => cellOf(f) !== null)].filter(
  (f) => !isTest(f) && !PAGE_ONLY.test(f),
);
/** A DOM global used as one (`window.x`, not a config's `c.window`), an element type, or a worker. */
const DOM_WORDS = /(?<![.\w])(document|window|localStorage|sessionStorage|customElements|navigator)\s*\.|\bHTML\w*Element\b|\bnew Worker\b/;

/** Where a relative import lands, repo-relative ('' for a package). */
function target(from: string, spec: string): string {
  return spec.startsWith('.') ? relative(ROOT, resolve(dirname(from), spec)) : '';
}

export function violations(file: string, source: string, pureModule: boolean): string[] {
  const out: string[] = [];
  const mine = cellOf(file);
  for (const spec of importsOf(source)) {
    const t = target(file, spec);
    const other = /^src\/cells\/([^/]+)\//.exec(t + '/')?.[1];
    if (mine && other && other !== mine) out.push(`imports another cell's folder: ${spec}`);
    if (!pureModule) continue;
    if (/^(components|workers)\//.test(t) || t.startsWith('src/state') || /(^|\/)(component|worker)$/.test(t)) out.push(`imports page or worker code: ${spec}`);
    if (/^(lit|plotly\.js)/.test(spec) || spec.includes('?worker')) out.push(`imports a DOM library or a worker: ${spec}`);
  }
  if (pureModule && DOM_WORDS.test(code(source))) out.push(`uses the DOM: ${DOM_WORDS.exec(code(source))?.[0]}`);
  return out;
}

describe('module boundaries', () => {
  it('finds the pure modules (a sanity check of the scan)', () => {
    expect(pure.some((f) => f.endsWith('src/core/params.ts'))).toBe(true);
    expect(pure.some((f) => f.endsWith('src/cells/grokking/session.ts'))).toBe(true);
    expect(pure.some((f) => f.endsWith('component.ts'))).toBe(false);
  });

  it('pure modules import no DOM, worker, component or page state, and no other cell', () => {
    const bad = pure.flatMap((f) => violations(f, readFileSync(f, 'utf8'), true).map((v) => `${relative(ROOT, f)}: ${v}`));
    expect(bad).toEqual([]);
  });

  it("no file of a cell's folder (component, worker, tests) imports another cell's folder", () => {
    const all = files(join(ROOT, 'src/cells')).filter((f) => cellOf(f) !== null);
    const bad = all.flatMap((f) => violations(f, readFileSync(f, 'utf8'), false).map((v) => `${relative(ROOT, f)}: ${v}`));
    expect(bad).toEqual([]);
  });

  it('the definitions load with the essay: nothing they import, however deep, loads tfjs, Lit or Plotly', () => {
    const defs = files(join(ROOT, 'src/cells')).filter((f) => f.endsWith('/definition.ts'));
    expect(defs.length).toBeGreaterThanOrEqual(6);
    const bad: string[] = [];
    for (const d of defs) {
      const seen = new Set<string>();
      const walk = (f: string, path: string[]) => {
        if (seen.has(f)) return;
        seen.add(f);
        for (const spec of importsOf(readFileSync(f, 'utf8').replace(/^import type .*$/gm, ''))) {
          if (/^(@tensorflow|lit|plotly)/.test(spec)) bad.push(`${[...path, relative(ROOT, f)].join(' -> ')} imports ${spec}`);
          if (!spec.startsWith('.')) continue;
          const t = resolve(dirname(f), spec);
          const file = [t, `${t}.ts`].find((x) => existsSync(x) && statSync(x).isFile());
          if (file) walk(file, [...path, relative(ROOT, f)]);
        }
      };
      walk(d, []);
    }
    expect(bad).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    const f = join(ROOT, 'src/cells/clock-pizza/model.ts');
    expect(violations(f, "import { x } from '../grokking/model';", true)).toEqual(["imports another cell's folder: ../grokking/model"]);
    expect(violations(f, "import { html } from 'lit';", true)).toHaveLength(1);
    expect(violations(f, "import { RunController } from '../../state/run-controller';", true)).toHaveLength(1);
    expect(violations(f, 'const n = document.title;', true)).toEqual(['uses the DOM: document.']);
    expect(violations(f, 'const w = c.window + config.window;', true)).toEqual([]);
    expect(violations(f, '/** not on the window */ const n = 1;', true)).toEqual([]);
    expect(violations(f, "import { x } from '../../core/modular';", true)).toEqual([]);
  });
});
