/**
 * Each cell's training worker, found by folder (`src/cells/<id>/worker.ts`), as a constructor that
 * Vite bundles separately. Page-side only (the bench page and the cell frame).
 */
type WorkerConstructor = new (options?: { name?: string }) => Worker;

const workers = import.meta.glob<WorkerConstructor>('./*/worker.ts', { query: '?worker', import: 'default', eager: true });

/** A fresh worker for a cell; throws for an id that has no worker. */
export function spawnWorker(id: string): Worker {
  const W = workers[`./${id}/worker.ts`];
  if (!W) throw new Error(`no worker for cell ${id}`);
  return new W({ name: id });
}
