/**
 * Loads the Brown corpus that scripts/prepare-brown.mjs writes under data/brown/: the manifest,
 * then the vocabulary and the token ids (fetched and checked by ../assets.ts), decoded into a
 * Corpus. The corpus is kept for later runs in the same worker.
 */
import { byteProgress, fetchAsset, fetchJson, type AssetEntry, type LoaderEnv, type Progress } from '../../core/assets';
import { decodeCorpus, type Corpus, type CorpusFile } from './corpus';

export interface BrownManifest {
  credit: string;
  tokens: number;
  vocab: number;
  assets: (AssetEntry & { bytes: number })[];
  files: CorpusFile[];
}

function isManifest(m: unknown): m is BrownManifest {
  const x = m as BrownManifest;
  return (
    typeof m === 'object' &&
    m !== null &&
    Array.isArray(x.assets) &&
    Array.isArray(x.files) &&
    x.assets.every((a) => typeof a?.name === 'string' && Number.isInteger(a.rawBytes) && typeof a.sha256 === 'string') &&
    x.files.every((f) => typeof f?.name === 'string' && typeof f.genre === 'string' && Number.isInteger(f.firstSentence) && Number.isInteger(f.sentences))
  );
}

let cached: { key: string; corpus: Promise<Corpus> } | null = null;

/** Forget the loaded corpus (tests). */
export function clearCorpusCache(): void {
  cached = null;
}

async function load(base: string, env: LoaderEnv, progress: Progress): Promise<Corpus> {
  const url = `${base}manifest.json`;
  const m = await fetchJson(url, env);
  if (!isManifest(m)) throw new Error(`${url} is not a Brown corpus manifest`);
  const entry = (name: string) => {
    const a = m.assets.find((x) => x.name === name);
    if (!a) throw new Error(`the corpus manifest lists no ${name}`);
    return a;
  };
  const [vocabFile, corpusFile] = [entry('vocab.txt.gz'), entry('corpus.bin.gz')];
  const onBytes = byteProgress('Loading the Brown corpus', vocabFile.bytes + corpusFile.bytes, progress);
  onBytes(0);
  const [vocabBytes, corpusBytes] = await Promise.all([fetchAsset(base, vocabFile, env, onBytes), fetchAsset(base, corpusFile, env, onBytes)]);
  const vocab = new TextDecoder().decode(vocabBytes).split('\n');
  if (vocab.at(-1) === '') vocab.pop();
  progress('Loading the Brown corpus: decoding…');
  return decodeCorpus(corpusBytes, vocab, m.files);
}

/**
 * The Brown corpus, tags stripped and lowercased, as token ids with its vocabulary.
 * @param base URL of the data/brown/ folder, ending in '/'
 */
export function loadBrown(base: string, env: LoaderEnv, progress: Progress = () => {}): Promise<Corpus> {
  if (cached?.key === base) return cached.corpus;
  const corpus = load(base, env, progress);
  cached = { key: base, corpus };
  // A failed load is not kept: the next run tries again.
  corpus.catch(() => {
    if (cached?.corpus === corpus) cached = null;
  });
  return corpus;
}
