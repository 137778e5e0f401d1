/**
 * The derivation as Markdown for an answer: its sentences as paragraphs in the answer's language,
 * each formula inside them its own `$…$`, and its formulas in narrow `$$\begin{aligned} … $$` groups
 * between them. A Markdown preview beside the editor (about 420 px) shows every row whole, and a
 * Persian answer reads as Persian prose with left-to-right formulas (the preview isolates `.katex`).
 */
import type { BpttDerivation } from './derive';
import type { DerivationRow } from './types';
import { messagePieces, type Lang } from '../messages';

/** Characters Markdown would read as markup in a sentence. */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>$|~#]/g;

function escapeMarkdown(s: string): string {
  return s.replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}

/** A formula for `$…$`: no space just inside the delimiters (the preview would not read it as math), no `$` of its own. */
function inlineMath(latex: string): string {
  return `$${latex.trim().replace(/(?<!\\)\$/g, '\\$')}$`;
}

/** A sentence row as one paragraph in `lang`. */
export function proseMarkdown(row: Extract<DerivationRow, { kind: 'prose' }>, lang: Lang): string {
  return messagePieces(lang, row.text)
    .map((p) => ('value' in p ? inlineMath(String(p.value)) : escapeMarkdown(p.text)))
    .join('')
    .trim();
}

/** Formula rows as one display block: `aligned` when there are several rows. */
function mathBlock(rows: Extract<DerivationRow, { kind: 'math' }>[]): string[] {
  if (rows.length === 1 && !rows[0].cont) return ['$$', rows[0].latex, '$$'];
  const lines = rows.map((r, i) => `&${r.cont ? '\\qquad ' : ''}${r.latex}${i < rows.length - 1 ? ' \\\\' : ''}`);
  return ['$$', '\\begin{aligned}', ...lines, '\\end{aligned}', '$$'];
}

/**
 * The derivation as Markdown in `lang`: paragraphs (sentences) and display blocks (formulas), one
 * blank line between them, lines joined with `eol`. Starts and ends with a display block or a
 * paragraph, never with a blank line.
 */
export function derivationMarkdown(d: BpttDerivation, lang: Lang, eol = '\n'): string {
  const blocks: string[][] = [];
  let group: Extract<DerivationRow, { kind: 'math' }>[] = [];
  const flush = () => {
    if (group.length) blocks.push(mathBlock(group));
    group = [];
  };
  for (const row of d.rows) {
    if (row.kind === 'math') {
      group.push(row);
      continue;
    }
    flush();
    blocks.push([proseMarkdown(row, lang)]);
  }
  flush();
  return blocks.map((b) => b.join(eol)).join(eol + eol);
}
