/**
 * The relative-representations cell's parameters (Moschella et al. 2023; REFERENCES.md section 4):
 * which two models, what text each reads, the skip-gram settings, and the comparison's settings
 * (anchors, k, centring), which apply to a running run without restarting it.
 */
import { defaults, type ParamTable, type ParamValues, seedParam, stepsParam } from '../../core/params';
import type { EmbeddingKind } from './model';

export const PAIRS = {
  'w2v-vs-ft': ['word2vec', 'fasttext'],
  'w2v-vs-w2v': ['word2vec', 'word2vec'],
  'ft-vs-ft': ['fasttext', 'fasttext'],
} as const satisfies Record<string, readonly [EmbeddingKind, EmbeddingKind]>;
export type PairName = keyof typeof PAIRS;

/** Words seen fewer times than this in a model's text are not in its vocabulary (word2vec's min_count). */
export const MIN_COUNT = 5;
/** The most frequent shared words left out of the comparison (the paper skips the most frequent ones too). */
export const DROP_TOP = 100;

export const RELREPS_PARAMS = {
  pair: {
    kind: 'choice',
    label: 'models',
    help: 'w2v-vs-ft: word2vec and fastText-style (the dialogue\'s pair). w2v-vs-w2v: word2vec twice with different seeds, the ceiling to compare against.',
    options: Object.keys(PAIRS),
    default: 'w2v-vs-ft',
    change: 'restart',
  },
  split: {
    kind: 'choice',
    label: 'what each model reads',
    help: 'whole: both read the whole Brown corpus. genre: one reads informative prose, the other fiction. files: even vs odd files. At this corpus size a split changes the statistics more than the algorithm does, and the agreement falls.',
    options: ['whole', 'genre', 'files'],
    default: 'whole',
    change: 'restart',
  },
  share: {
    kind: 'choice',
    label: 'share of the corpus (%)',
    help: 'Both models read every 4th file of Brown by default (250k words, spread over the 15 genres): enough for 10 passes in 3,000 steps, which a fastText-style model needs before it agrees with word2vec (on a laptop\'s CPU about 5 minutes). 100: all 1M words (3 passes take 4,000 steps; give it 8,000). 5: a quick look.',
    options: ['100', '25', '5'],
    default: '25',
    change: 'restart',
  },
  dim: {
    kind: 'int',
    label: 'dimensions',
    help: 'Length of each word vector (the PyTorch reference: 100; the paper\'s pretrained vectors: 300).',
    min: 8,
    max: 300,
    default: 100,
    change: 'restart',
  },
  window: {
    kind: 'int',
    label: 'window',
    help: 'Context words each side; a word d places away counts (window − d + 1) / window, word2vec\'s random window shrink in expectation.',
    min: 1,
    max: 10,
    default: 5,
    change: 'restart',
  },
  negatives: {
    kind: 'int',
    label: 'negative samples',
    help: 'Noise words per (word, context) pair, drawn in proportion to count^0.75.',
    min: 1,
    max: 20,
    default: 5,
    change: 'restart',
  },
  subsample: {
    kind: 'choice',
    label: 'subsampling t',
    help: 'word2vec\'s down-sampling of frequent words: a word of frequency f is kept with probability (√(f/t) + 1)·t/f.',
    options: ['0', '1e-4', '1e-3'],
    default: '1e-3',
    change: 'restart',
  },
  batch: {
    kind: 'int',
    label: 'centre words per step',
    help: 'Each step trains every model on this many consecutive words, each with its whole window.',
    min: 16,
    max: 4096,
    default: 512,
    change: 'restart',
  },
  lr: {
    kind: 'float',
    label: 'learning rate',
    help: 'SGD step per pair, decaying linearly to 0 over the step budget. word2vec.c uses 0.025 one pair at a time; batched, with each word\'s updates in a step capped at 16 occurrences\' worth, 0.1 learns about as fast (too high a rate diverges: the run stops and says so). Applied to the running run.',
    min: 1e-4,
    max: 0.5,
    step: 10,
    log: true,
    default: 0.1,
    change: 'optimiser',
  },
  steps: stepsParam(3000),
  seed: seedParam('Seeds the first model (the second gets seed + 1): initial vectors, subsampling and negative samples.'),
  anchors: {
    kind: 'int',
    label: 'anchors',
    help: 'Shared words the relative representation measures cosines to (the paper: 300).',
    min: 2,
    max: 2000,
    default: 300,
    change: 'analysis',
  },
  anchorChoice: {
    kind: 'choice',
    label: 'anchor choice',
    help: 'random: sampled uniformly from the shared vocabulary with the seed (the paper). frequent: the most frequent shared words.',
    options: ['random', 'frequent'],
    default: 'random',
    change: 'analysis',
  },
  k: {
    kind: 'int',
    label: 'neighbours k',
    help: 'How many nearest neighbours Jaccard and MRR look at (the paper: 5).',
    min: 1,
    max: 50,
    default: 5,
    change: 'analysis',
  },
  centre: {
    kind: 'choice',
    label: 'mean-centre each space',
    help: 'Subtract each model\'s mean vector before the cosines. On by default: small-corpus vectors share one large direction that makes every cosine alike (MRR 0.05 → 0.21 in the PyTorch reference); the paper\'s definition is off.',
    options: ['on', 'off'],
    default: 'on',
    change: 'analysis',
  },
  evalWords: {
    kind: 'choice',
    label: 'words scored',
    help: 'How many shared words the full scoring averages over (a seeded sample; neighbours are always searched among all shared words): the table\'s numbers, made when the run pauses or ends. While the run trains, the agreement chart scores a fixed sample of 300 of them every few seconds. More words: steadier numbers, a slower full scoring.',
    options: ['1000', '3000', 'all'],
    default: '1000',
    change: 'analysis',
  },
} satisfies ParamTable;

export type RelrepsConfig = ParamValues<typeof RELREPS_PARAMS>;
export const RELREPS_DEFAULTS: RelrepsConfig = defaults(RELREPS_PARAMS);

/**
 * Shared words the periodic analyses score while a run steps (a fixed seeded sample, the same each
 * time; the full scoring of `evalWords` comes when stepping stops): enough for a steady curve
 * (about ±0.01 on a Jaccard of 0.1), cheap enough for a point every few seconds.
 */
export const PERIODIC_WORDS = 300;

/** The settings of the comparison, changeable while a run goes on (the table's 'analysis' parameters). */
export const ANALYSIS_KEYS = ['anchors', 'anchorChoice', 'k', 'centre', 'evalWords'] as const satisfies readonly (keyof typeof RELREPS_PARAMS)[];

/**
 * Published values (REFERENCES.md section 4). 'unsure' marks the paper's Table 1 as the reference
 * recalls it; 'reference' the PyTorch reference run on Brown here (dim 100, window 5, 5
 * negatives, 5 epochs; k = 10).
 */
export const PUBLISHED = {
  paper: {
    tag: 'unsure',
    text: 'FastText → word2vec, pretrained 300-d vectors on billions of tokens, 300 random anchors, k = 5',
    abs: { jaccard: 0, mrr: 0, cosine: 0 },
    rel: { jaccard: 0.34, mrr: 0.94, cosine: 0.86 },
  },
  reference: [
    { tag: 'reference', pair: 'w2v-vs-w2v', tokens: 735000, jaccard: 0.33, mrr: 0.57, mrrCentred: 0.81 },
    { tag: 'reference', pair: 'w2v-vs-ft', tokens: 247000, jaccard: 0.13, mrr: 0.05, mrrCentred: 0.21 },
    { tag: 'reference', pair: 'genre split', jaccardRange: [0.02, 0.06], mrrCentred: 0.05 },
  ],
} as const;
