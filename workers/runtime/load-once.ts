/**
 * Data a cell's worker fetches once and keeps for every later run (a corpus, the MNIST digits):
 * `load` in the factory's prepare (progress lines go to the page), `value` in its create.
 */
export function loadOnce<T>(what: string, load: (progress: (message: string) => void) => Promise<T>) {
  let value: T | null = null;
  return {
    async load(progress: (message: string) => void): Promise<void> {
      if (value !== null) return;
      try {
        value = await load(progress);
      } catch (e) {
        throw new Error(`Could not load ${what}: ${(e as Error).message}`);
      }
    },
    get value(): T {
      if (value === null) throw new Error(`${what} are not loaded`);
      return value;
    },
  };
}
