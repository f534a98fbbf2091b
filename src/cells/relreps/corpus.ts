/**
 * The Brown corpus as scripts/prepare-brown.mjs writes it: decoding, which sentences a model reads
 * (the whole corpus, or one side of a split) and its vocabulary (count >= minCount in its own
 * text). The batches word2vec trains on are in batches.ts; fastText's n-grams in ngrams.ts.
 *
 * Pure JavaScript on typed arrays: no tfjs, no DOM, so it runs in a worker and in vitest alike.
 */

export const CORPUS_MAGIC = 'BRN1';

export interface CorpusFile {
  name: string;
  genre: string;
  firstSentence: number;
  sentences: number;
}

export interface Corpus {
  /** Every word type, most frequent first; a token is an index into it. */
  vocab: string[];
  tokens: Uint32Array;
  /** Sentence i is tokens[offsets[i], offsets[i + 1]). */
  offsets: Uint32Array;
  files: CorpusFile[];
}

/**
 * Decode corpus.bin (after gunzip) with its vocabulary and file table.
 * @throws naming what is wrong (magic, truncation, ids out of range, offsets out of order)
 */
export function decodeCorpus(bytes: Uint8Array, vocab: string[], files: CorpusFile[]): Corpus {
  if (bytes.length < 16) throw new Error(`corpus.bin: ${bytes.length} bytes, too short for a header`);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== CORPUS_MAGIC) {
    const gz = bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (still gzip-compressed)' : '';
    throw new Error(`corpus.bin: magic "${magic}", expected "${CORPUS_MAGIC}"${gz}`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const T = dv.getUint32(4, true);
  const S = dv.getUint32(8, true);
  const V = dv.getUint32(12, true);
  const expected = 16 + 4 * T + 4 * (S + 1);
  if (bytes.length !== expected) throw new Error(`corpus.bin: ${bytes.length} bytes, the header implies ${expected}`);
  if (V !== vocab.length) throw new Error(`corpus.bin counts ${V} word types, vocab.txt has ${vocab.length}`);
  // Copy into aligned arrays (the input may sit at any byte offset).
  const words = new Uint32Array(T);
  const offsets = new Uint32Array(S + 1);
  for (let i = 0; i < T; i++) {
    const id = dv.getUint32(16 + 4 * i, true);
    if (id >= V) throw new Error(`corpus.bin: token ${i} has id ${id}, beyond the ${V} word types`);
    words[i] = id;
  }
  for (let i = 0; i <= S; i++) offsets[i] = dv.getUint32(16 + 4 * T + 4 * i, true);
  if (offsets[0] !== 0 || offsets[S] !== T) throw new Error('corpus.bin: sentence offsets do not cover the tokens');
  for (let i = 0; i < S; i++) if (offsets[i + 1] < offsets[i]) throw new Error(`corpus.bin: sentence offsets out of order at ${i}`);
  for (const f of files) {
    if (f.firstSentence < 0 || f.firstSentence + f.sentences > S) throw new Error(`corpus manifest: file ${f.name} lies outside the sentences`);
  }
  return { vocab, tokens: words, offsets, files };
}

/** The Brown corpus's own division: informative prose (press, learned, lore ...) and imaginative prose (fiction). */
export const IMAGINATIVE = new Set(['fiction', 'mystery', 'science_fiction', 'adventure', 'romance', 'humor']);

export type Split = 'whole' | 'genre' | 'files';
export const SPLITS: Record<Split, [string, string]> = {
  whole: ['the whole corpus', 'the whole corpus'],
  genre: ['informative prose (press, learned, lore ...)', 'imaginative prose (fiction)'],
  files: ['the even-numbered files', 'the odd-numbered files'],
};

/**
 * The sentences model `side` (0 or 1) reads, as indices into corpus.offsets.
 * @param share keep one file in round(1 / share), spread over the genres (a smaller, faster corpus)
 */
export function sentencesFor(corpus: Corpus, split: Split, side: 0 | 1, share = 1): Int32Array {
  const every = Math.max(1, Math.round(1 / share));
  const out: number[] = [];
  corpus.files.forEach((f, i) => {
    if (i % every !== 0) return;
    const j = i / every;
    const mine = split === 'whole' || (split === 'genre' ? IMAGINATIVE.has(f.genre) === (side === 1) : j % 2 === side);
    if (!mine) return;
    for (let s = 0; s < f.sentences; s++) out.push(f.firstSentence + s);
  });
  return Int32Array.from(out);
}

/** One model's text: its vocabulary and its sentences in that vocabulary's ids. */
export interface Text {
  /** Local id -> global (corpus) id, most frequent first. */
  words: Int32Array;
  /** Global id -> local id, -1 when the word is not in this vocabulary. */
  local: Int32Array;
  /** Count of each local word in this text. */
  counts: Float64Array;
  /** Tokens kept (in the vocabulary), local ids, sentence after sentence. */
  stream: Int32Array;
  /** Sentence i of the text is stream[starts[i], starts[i + 1]). */
  starts: Int32Array;
  /** Tokens read, before the count threshold. */
  rawTokens: number;
}

/** word2vec's vocabulary: the words seen at least `minCount` times in these sentences. */
export function buildText(corpus: Corpus, sentences: Int32Array, minCount: number): Text {
  const V = corpus.vocab.length;
  const global = new Float64Array(V);
  let rawTokens = 0;
  for (const s of sentences) {
    for (let t = corpus.offsets[s]; t < corpus.offsets[s + 1]; t++) global[corpus.tokens[t]]++;
    rawTokens += corpus.offsets[s + 1] - corpus.offsets[s];
  }
  const kept: number[] = [];
  for (let g = 0; g < V; g++) if (global[g] >= minCount) kept.push(g);
  kept.sort((a, b) => global[b] - global[a] || a - b);
  const words = Int32Array.from(kept);
  const local = new Int32Array(V).fill(-1);
  words.forEach((g, i) => (local[g] = i));
  const counts = Float64Array.from(words, (g) => global[g]);
  const stream: number[] = [];
  const starts: number[] = [0];
  for (const s of sentences) {
    for (let t = corpus.offsets[s]; t < corpus.offsets[s + 1]; t++) {
      const l = local[corpus.tokens[t]];
      if (l >= 0) stream.push(l);
    }
    if (stream.length > starts[starts.length - 1]) starts.push(stream.length);
  }
  return { words, local, counts, stream: Int32Array.from(stream), starts: Int32Array.from(starts), rawTokens };
}
