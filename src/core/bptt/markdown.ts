/**
 * The derivation as Markdown for an answer: its sentences as paragraphs in the answer's language,
 * each formula inside them its own `$…$`, and its formulas in narrow `$$\begin{aligned} … $$` groups
 * between them. A Markdown preview beside the editor (about 420 px) shows every row whole, and a
 * Persian answer reads as Persian prose with left-to-right formulas (the preview isolates `.katex`).
 * The paragraphs and blocks are derivationBlocks' (blocks.ts), which the panel's preview draws too.
 */
import type { BpttDerivation } from './derive';
import { derivationBlocks, type SentencePiece } from './blocks';
import type { Lang } from '../messages';

/** Characters Markdown would read as markup in a sentence. */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>$|~#]/g;

function escapeMarkdown(s: string): string {
  return s.replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}

/** A formula for `$…$`: no space just inside the delimiters (the preview would not read it as math), no `$` of its own. */
function inlineMath(latex: string): string {
  return `$${latex.trim().replace(/(?<!\\)\$/g, '\\$')}$`;
}

/** A paragraph's pieces as one Markdown paragraph. */
function paragraphMarkdown(pieces: SentencePiece[]): string {
  return pieces
    .map((p) => ('math' in p ? inlineMath(p.math) : escapeMarkdown(p.text)))
    .join('')
    .trim();
}

/**
 * The derivation as Markdown in `lang`: paragraphs (sentences) and display blocks (formulas), one
 * blank line between them, lines joined with `eol`. Starts and ends with a display block or a
 * paragraph, never with a blank line.
 */
export function derivationMarkdown(d: BpttDerivation, lang: Lang, eol = '\n'): string {
  return derivationBlocks(d, lang)
    .map((b) => (b.kind === 'paragraph' ? paragraphMarkdown(b.pieces) : ['$$', ...b.lines, '$$'].join(eol)))
    .join(eol + eol);
}
