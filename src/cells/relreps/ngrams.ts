/** fastText's character n-grams and their hashed rows (FNV-1a into 2M buckets). Pure JavaScript. */

/** 32-bit FNV-1a over the UTF-8 bytes of a string, as fastText hashes its n-grams. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** fastText's character n-grams of a word: the substrings of "<word>" of n = minN..maxN characters. */
export function charNgrams(word: string, minN = 3, maxN = 6): string[] {
  const w = `<${word}>`;
  const chars = Array.from(w);
  const out: string[] = [];
  for (let n = minN; n <= maxN; n++) for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  return out;
}

/** fastText's default bucket count: n-grams hash into this many rows (only the rows a word uses are stored). */
export const FASTTEXT_BUCKETS = 2_000_000;

/**
 * The n-gram rows of a vocabulary: each word's n-grams hashed (FNV-1a mod `buckets`), and the
 * buckets that some word uses numbered 0..rows-1 (a table of 2M rows, most never used, is not
 * stored). `ids` is [V, maxNgrams], padded with `rows` (one extra all-zero row); `counts` the
 * number of n-grams of each word.
 */
export function ngramTable(words: readonly string[], buckets = FASTTEXT_BUCKETS, minN = 3, maxN = 6) {
  const rowOf = new Map<number, number>();
  const lists = words.map((w) =>
    charNgrams(w, minN, maxN).map((g) => {
      const b = fnv1a(g) % buckets;
      let r = rowOf.get(b);
      if (r === undefined) {
        r = rowOf.size;
        rowOf.set(b, r);
      }
      return r;
    }),
  );
  const width = Math.max(1, ...lists.map((l) => l.length));
  const rows = rowOf.size;
  const ids = new Int32Array(words.length * width).fill(rows);
  const counts = new Int32Array(words.length);
  lists.forEach((l, i) => {
    ids.set(l, i * width);
    counts[i] = l.length;
  });
  return { ids, counts, width, rows, rowOf, buckets, minN, maxN };
}
export type NgramTable = ReturnType<typeof ngramTable>;
