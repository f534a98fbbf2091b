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
