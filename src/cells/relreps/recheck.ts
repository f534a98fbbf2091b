/**
 * Recompute the relreps metrics from an Export alone: the export's `vectors` block (./export-vectors.ts)
 * carries both models' vectors, the shared words, the anchors and the scored sample; this runs the
 * session's own comparison on them (./metrics.ts) and returns the four directions' scores, to set
 * beside the block's `scores` (the page's numbers). Any tfjs backend; Node or page.
 *
 *   const block = JSON.parse(fs.readFileSync('relreps-run.json', 'utf8')).vectors;
 *   const { abs, rel } = await recheckScores(block);
 */
import * as tf from '@tensorflow/tfjs-core';
import { compareSpaces, centred, relative, type Scores } from './metrics';
import { decodeVectors, type VectorsBlock } from './export-vectors';

export async function recheckScores(block: VectorsBlock): Promise<{ abs: { ab: Scores; ba: Scores }; rel: { ab: Scores; ba: Scores } }> {
  const d = decodeVectors(block);
  const n = block.shared.words.length;
  const spaces = d.shared.map((x) => tf.tensor2d(x, [n, d.dim]));
  const prepared = spaces.map((x) => (d.centre ? centred(x) : tf.clone(x)));
  const rel = spaces.map((x) => relative(x, d.anchors, d.centre));
  try {
    const [absAB, absBA, relAB, relBA] = await Promise.all([
      compareSpaces(prepared[0], prepared[1], d.k, d.evalRows),
      compareSpaces(prepared[1], prepared[0], d.k, d.evalRows),
      compareSpaces(rel[0], rel[1], d.k, d.evalRows),
      compareSpaces(rel[1], rel[0], d.k, d.evalRows),
    ]);
    return { abs: { ab: absAB, ba: absBA }, rel: { ab: relAB, ba: relBA } };
  } finally {
    tf.dispose([...spaces, ...prepared, ...rel]);
  }
}
