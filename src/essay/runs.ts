import type { Block, Excerpt } from './types';

/**
 * Splits the read into bridges and runs of excerpts: consecutive excerpts that name the same
 * cell form one run (one cell beside them all); any other excerpt is a run of one.
 */
export function groupRuns(blocks: Block[]): Array<Excerpt[] | Block> {
  const out: Array<Excerpt[] | Block> = [];
  for (const b of blocks) {
    if (b.kind !== 'excerpt') {
      out.push(b);
      continue;
    }
    const last = out.at(-1);
    if (Array.isArray(last) && b.cell && last[0].cell === b.cell) last.push(b);
    else out.push([b]);
  }
  return out;
}
