import type { Progress } from '../../src/core/assets';

/**
 * Data a cell's worker fetches once and keeps for every later run (a corpus, the MNIST digits):
 * `load` in the factory's prepare (progress lines go to the page), `value` in its create.
 */
export function loadOnce<T>(what: string, load: (progress: Progress) => Promise<T>) {
  let value: T | null = null;
  /** A load under way: a second run (Train pressed while a warm-up loads) waits for the same one. */
  let loading: Promise<void> | null = null;
  /** The latest caller hears the progress (an earlier run may have been cancelled). */
  let listener: Progress = () => {};
  return {
    async load(progress: Progress): Promise<void> {
      if (value !== null) return;
      listener = progress;
      loading ??= load((message, bytes) => listener(message, bytes))
        .then((v) => void (value = v))
        .catch((e: unknown) => {
          throw new Error(`Could not load ${what}: ${(e as Error).message}`);
        })
        .finally(() => (loading = null));
      return loading;
    },
    get value(): T {
      if (value === null) throw new Error(`${what} are not loaded`);
      return value;
    },
  };
}
