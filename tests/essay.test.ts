import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CELLS, PLANNED } from '../src/cells/registry';
import { READ } from '../src/essay/excerpts';
import { groupRuns } from '../src/essay/runs';
import { PRESETS } from '../src/cells/clock-pizza/config';
import type { Excerpt, Line } from '../src/essay/types';

const DIALOGUE_PATH = path.resolve(__dirname, '../../shared/dialogue.txt');
const haveDialogue = existsSync(DIALOGUE_PATH);

const excerpts = READ.filter((b): b is Excerpt => b.kind === 'excerpt');

/** The source's paragraphs, each with the speaker whose speech it belongs to (null: title, stage). */
function paragraphs(source: string): Array<{ text: string; speaker: string | null }> {
  let speaker: string | null = null;
  return source
    .replace(/\r\n/g, '\n')
    .split(/\n{2,}/)
    .map((text) => text.trim())
    .filter((text) => text !== '')
    .map((text) => {
      const m = /^(Doomimir|Simplicia): /.exec(text);
      if (m) speaker = m[1];
      else if (text.startsWith('[')) speaker = null;
      return { text, speaker };
    });
}

/** Index of the source paragraph that a line is, or -1. */
function indexOf(line: Line, source: Array<{ text: string; speaker: string | null }>, from: number): number {
  for (let i = from; i < source.length; i++) {
    const p = source[i];
    if ('stage' in line) {
      if (p.text === `[${line.stage}]`) return i;
    } else if (p.text === `${line.speaker}: ${line.text}` || (p.text === line.text && p.speaker === line.speaker)) {
      return i;
    }
  }
  return -1;
}

function show(line: Line): string {
  return 'stage' in line ? `[${line.stage}]` : `${line.speaker}: ${line.text}`;
}

describe.skipIf(!haveDialogue)(`excerpts against the dialogue (${DIALOGUE_PATH})`, () => {
  const source = haveDialogue ? readFileSync(DIALOGUE_PATH, 'utf8') : '';
  const paras = paragraphs(source);

  it('quotes every line verbatim, as a whole paragraph of the source, with the right speaker', () => {
    for (const ex of excerpts) {
      for (const line of ex.lines) {
        const text = 'stage' in line ? `[${line.stage}]` : line.text;
        expect(source.includes(text), `${ex.id}: not in the dialogue: ${text.slice(0, 80)}`).toBe(true);
        expect(indexOf(line, paras, 0), `${ex.id}: not a whole paragraph of this speaker: ${show(line)}`).toBeGreaterThan(-1);
      }
    }
  });

  it('keeps the dialogue’s order, and each excerpt is a run of consecutive paragraphs', () => {
    let cursor = 0;
    for (const ex of excerpts) {
      expect(ex.lines.length, `${ex.id} is empty`).toBeGreaterThan(0);
      let previous = -1;
      for (const line of ex.lines) {
        const at = indexOf(line, paras, cursor);
        expect(at, `${ex.id}: out of order: ${show(line).slice(0, 80)}`).toBeGreaterThan(-1);
        if (previous >= 0) expect(at, `${ex.id}: skips a paragraph before: ${show(line).slice(0, 80)}`).toBe(previous + 1);
        previous = at;
        cursor = at + 1;
      }
    }
  });

  it('puts a bridge wherever paragraphs are left out between excerpts, and nowhere else', () => {
    let cursor = 0;
    let lastEnd = -1;
    let bridged = false;
    for (const block of READ) {
      if (block.kind === 'bridge') {
        bridged = true;
        continue;
      }
      const start = indexOf(block.lines[0], paras, cursor);
      if (lastEnd >= 0) expect(bridged, `before ${block.id}`).toBe(start > lastEnd + 1);
      lastEnd = start + block.lines.length - 1;
      cursor = lastEnd + 1;
      bridged = false;
    }
  });

  it('opens with the setting and ends with the closing line', () => {
    const first = excerpts[0].lines[0];
    const last = excerpts[excerpts.length - 1].lines.at(-1)!;
    expect('stage' in first && first.stage.startsWith('Setting:')).toBe(true);
    expect(show(last)).toBe('Doomimir: [to the audience] Subjectively.');
  });
});

describe('cells placed by the excerpts', () => {
  it('names only known cells', () => {
    for (const ex of excerpts) {
      if (ex.cell === undefined) continue;
      expect(ex.cell in CELLS || ex.cell in PLANNED, `${ex.id}: unknown cell ${ex.cell}`).toBe(true);
      expect(ex.claim, `${ex.id} places a cell but states no claim`).toBeTruthy();
    }
  });

  it('places every built cell', () => {
    const placed = new Set(excerpts.map((ex) => ex.cell));
    for (const id of Object.keys(CELLS)) expect(placed.has(id), `cell ${id} is placed by no excerpt`).toBe(true);
  });

  it('gives every excerpt a unique anchor id', () => {
    const ids = excerpts.map((ex) => ex.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  it('groups consecutive excerpts that share a cell into one run, and nothing else', () => {
    const ex = (id: string, cell?: string): Excerpt => ({ kind: 'excerpt', id, cell, lines: [] });
    const runs = groupRuns([ex('a', 'x'), ex('b', 'x'), ex('c'), ex('d'), { kind: 'bridge', text: '' }, ex('e', 'x'), ex('f', 'y')]);
    expect(runs.map((r) => (Array.isArray(r) ? r.map((e) => e.id).join('+') : 'bridge'))).toEqual([
      'a+b',
      'c',
      'd',
      'bridge',
      'e',
      'f',
    ]);
  });

  it('puts the clock and the pizza beside one clock-pizza cell, each with its own preset', () => {
    const run = groupRuns(READ).find((r) => Array.isArray(r) && r.some((e) => e.id === 'pizza')) as Excerpt[];
    expect(run.map((e) => e.id)).toEqual(['clock', 'pizza']);
    expect(run.map((e) => e.preset)).toEqual(['clock', 'pizza']);
    for (const e of run) expect(e.preset! in PRESETS, `${e.id}: unknown preset`).toBe(true);
  });

  it('keeps bridges short', () => {
    for (const b of READ) if (b.kind === 'bridge') expect(b.text.length).toBeLessThan(400);
  });
});
