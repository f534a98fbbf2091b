/**
 * The guided read as data: excerpts quoted verbatim from the dialogue, and short bridges
 * (ours) standing in for the passages left out.
 */

/** The dialogue's two characters. */
export type Speaker = 'Doomimir' | 'Simplicia';

/**
 * One paragraph of the dialogue, exactly as in the source.
 *
 * - A spoken line: `text` is the paragraph after the "Speaker: " prefix, or, for a speech that
 *   runs over several paragraphs, a later paragraph of that speech (which has no prefix in the
 *   source). Inline stage directions stay in `text` inside square brackets, e.g.
 *   "[scoffing] Have you tried ...": the renderer styles bracketed spans as directions.
 * - A stage direction standing alone: `stage` holds its words without the enclosing brackets.
 */
export type Line = { speaker: Speaker; text: string } | { stage: string };

/** A run of consecutive paragraphs of the dialogue. */
export interface Excerpt {
  kind: 'excerpt';
  /** Anchor id on the page (unique; links jump to `#id`). */
  id: string;
  /** Short label of the empirical claim the excerpt makes, if it makes one. */
  claim?: string;
  /** Id of the cell that tests the claim (a cell folder under src/cells/, or a `PLANNED` id in src/cells/registry.ts). */
  cell?: string;
  /** A preset of that cell that shows this excerpt's claim (a button beside the claim applies it). */
  preset?: string;
  /** The button's words, e.g. "Train the pizza"; defaults to the preset's name. */
  presetLabel?: string;
  lines: Line[];
}

/** A short connecting line, in our voice, summarising the passage left out. */
export interface Bridge {
  kind: 'bridge';
  text: string;
}

export type Block = Excerpt | Bridge;

/** One published work the notebook draws on, for the credits. */
export interface Work {
  authors: string;
  year: number;
  title: string;
  /** Where it appeared (journal, conference, preprint server). */
  venue?: string;
}
