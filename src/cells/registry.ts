/**
 * The cells, found by folder: every `src/cells/<id>/definition.ts` is a live cell. The essay, the
 * bench page, the cell frame and the tests read cells from here; nothing keeps a list by hand.
 * Adding a cell is one new folder plus its placement in src/essay/excerpts.ts (README: "Adding a cell").
 * Pure: definitions are data, so this loads with the essay (no tfjs, no components).
 */
import type { CellDefinition } from '../core/cell';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each definition has its own table
type AnyDefinition = CellDefinition<any>;

const modules = import.meta.glob<{ definition: AnyDefinition }>('./*/definition.ts', { eager: true });

/** Every live cell's definition, by id. */
export const CELLS: Readonly<Record<string, AnyDefinition>> = Object.fromEntries(
  Object.entries(modules).map(([path, m]) => {
    const folder = path.split('/')[1];
    if (m.definition.id !== folder) throw new Error(`cell folder ${folder} defines a cell with id ${m.definition.id}`);
    return [folder, m.definition];
  }),
);

/** Cells the essay names that are not built yet (shown as planned until their folder exists). */
const PLANNED_ALL: Record<string, { title: string; source: string }> = {
  'adversarial-features': { title: 'Adversarial examples are features', source: 'Ilyas et al. 2019' },
  'coin-run': { title: 'Goal misgeneralisation', source: 'Langosco et al. 2022' },
};

export const PLANNED: Readonly<Record<string, { title: string; source: string }>> = Object.fromEntries(
  Object.entries(PLANNED_ALL).filter(([id]) => !(id in CELLS)),
);
