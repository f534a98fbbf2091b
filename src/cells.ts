/**
 * Which live cells exist. The essay places a cell beside an excerpt by id
 * (src/essay/excerpts.ts); a later cell adds one line here, its own core module,
 * worker entry, figures and component.
 */
export interface CellEntry {
  /** Custom element tag of the cell component. */
  tag: string;
  /** Title shown in the cell's header. */
  title: string;
}

export const CELLS: Record<string, CellEntry> = {
  grokking: { tag: 'nb-grokking-cell', title: 'Grokking in seconds' },
  'clock-pizza': { tag: 'nb-clockpizza-cell', title: 'The clock and the pizza' },
  'label-noise': { tag: 'nb-labelnoise-cell', title: 'Massive label noise' },
  relreps: { tag: 'nb-relreps-cell', title: 'Relative representations' },
};

/** Ids of cells the essay names but that are not built yet (shown as a planned cell). */
export const PLANNED: Record<string, { title: string; source: string }> = {
  'adversarial-features': { title: 'Adversarial examples are features', source: 'Ilyas et al. 2019' },
  'coin-run': { title: 'Goal misgeneralisation', source: 'Langosco et al. 2022' },
};
