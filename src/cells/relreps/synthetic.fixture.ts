/**
 * A tiny synthetic corpus for the relreps tests: sentences drawn from a few topics, each topic
 * with its own words, so word vectors have structure to find; and a file table like Brown's.
 */
import { createRng } from '../../core/rng';
import type { Corpus } from './corpus';

export function syntheticCorpus(sentences = 600, seed = 1): Corpus {
  const topics = [
    ['monday', 'tuesday', 'friday', 'sunday', 'week', 'morning'],
    ['father', 'mother', 'brother', 'sister', 'family', 'home'],
    ['red', 'blue', 'green', 'yellow', 'colour', 'paint'],
    ['said', 'asked', 'told', 'replied', 'voice', 'question'],
    ['two', 'three', 'four', 'five', 'number', 'count'],
  ];
  const common = ['the', 'a', 'of', 'and', 'to', 'in'];
  const vocab = [...common, ...topics.flat()];
  const id = new Map(vocab.map((w, i) => [w, i]));
  const rng = createRng(seed);
  const tokens: number[] = [];
  const offsets = [0];
  for (let s = 0; s < sentences; s++) {
    const t = topics[rng.int(topics.length)];
    const n = 5 + rng.int(6);
    for (let i = 0; i < n; i++) tokens.push(id.get(rng.next() < 0.3 ? common[rng.int(common.length)] : t[rng.int(t.length)]) as number);
    offsets.push(tokens.length);
  }
  const perFile = sentences / 10;
  const genres = ['news', 'fiction', 'learned', 'romance', 'lore', 'mystery', 'hobbies', 'humor', 'religion', 'adventure'];
  const files = genres.map((genre, i) => ({ name: `c${i}`, genre, firstSentence: i * perFile, sentences: perFile }));
  return { vocab, tokens: Uint32Array.from(tokens), offsets: Uint32Array.from(offsets), files };
}

const EXTRA = 1300;

/**
 * The synthetic corpus plus two files, one informative ('news') and one imaginative ('fiction'), each
 * of sentences drawn from clusters of ten extra words: over 1,100 words shared by the two sides of
 * either split (enough for the top-100 drop and a sample of 1,000 scored words), with counts that
 * differ between the sides.
 */
export function splittableCorpus(): Corpus {
  const base = syntheticCorpus(1200, 4);
  const vocab = [...base.vocab, ...Array.from({ length: EXTRA }, (_, i) => `w${i}`)];
  const tokens = Array.from(base.tokens);
  const offsets = Array.from(base.offsets);
  const files = [...base.files];
  const rng = createRng(11);
  for (const [side, genre] of [[0, 'news'], [1, 'fiction']] as const) {
    const first = offsets.length - 1;
    const n = 2000 + 300 * side;
    for (let s = 0; s < n; s++) {
      const cluster = rng.int(EXTRA / 10);
      for (let j = 0; j < 8; j++) tokens.push(base.vocab.length + cluster * 10 + rng.int(10));
      offsets.push(tokens.length);
    }
    files.push({ name: `x${side}`, genre, firstSentence: first, sentences: n });
  }
  return { ...base, vocab, tokens: Uint32Array.from(tokens), offsets: Uint32Array.from(offsets), files };
}
