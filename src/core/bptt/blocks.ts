/**
 * The derivation as a reader meets it in one language: paragraphs (its sentences, the words as text
 * and each formula inside them apart) and display blocks (a run of formula rows, `aligned` when there
 * are several). Both writers read this one model: the Markdown inserted into an answer
 * (derivationMarkdown) and the panel's preview, so the preview shows the sentences and the narrow
 * formula blocks the answer will get.
 */
import type { BpttDerivation } from './derive';
import type { DerivationRow } from './types';
import { messagePieces, type Lang } from '../messages';

/** A piece of a sentence: words, or a formula (LaTeX, written inline). */
export type SentencePiece = { text: string } | { math: string };

export type DerivationBlock =
  /** A sentence in the block's language; no text piece is empty, the first and last carry no outer spaces. */
  | { kind: 'paragraph'; pieces: SentencePiece[] }
  /** A display formula as LaTeX lines: one row alone, or `\begin{aligned}`, its rows, `\end{aligned}`. */
  | { kind: 'display'; lines: string[] };

/** A sentence row as the pieces of one paragraph in `lang`. */
export function sentencePieces(row: Extract<DerivationRow, { kind: 'prose' }>, lang: Lang): SentencePiece[] {
  const pieces: SentencePiece[] = messagePieces(lang, row.text).map((p) => ('value' in p ? { math: String(p.value) } : { text: p.text }));
  const first = pieces[0];
  if (first && 'text' in first) first.text = first.text.trimStart();
  const last = pieces[pieces.length - 1];
  if (last && 'text' in last) last.text = last.text.trimEnd();
  return pieces.filter((p) => !('text' in p) || p.text !== '');
}

/** Formula rows as the lines of one display formula: `aligned` when there are several rows (or one continues). */
function displayLines(rows: Extract<DerivationRow, { kind: 'math' }>[]): string[] {
  if (rows.length === 1 && !rows[0].cont) return [rows[0].latex];
  const lines = rows.map((r, i) => `&${r.cont ? '\\qquad ' : ''}${r.latex}${i < rows.length - 1 ? ' \\\\' : ''}`);
  return ['\\begin{aligned}', ...lines, '\\end{aligned}'];
}

/**
 * The derivation in `lang` as paragraphs and display blocks, in order: each sentence row is a
 * paragraph, each run of formula rows between sentences one display block.
 */
export function derivationBlocks(d: BpttDerivation, lang: Lang): DerivationBlock[] {
  const blocks: DerivationBlock[] = [];
  let group: Extract<DerivationRow, { kind: 'math' }>[] = [];
  const flush = () => {
    if (group.length) blocks.push({ kind: 'display', lines: displayLines(group) });
    group = [];
  };
  for (const row of d.rows) {
    if (row.kind === 'math') {
      group.push(row);
      continue;
    }
    flush();
    blocks.push({ kind: 'paragraph', pieces: sentencePieces(row, lang) });
  }
  flush();
  return blocks;
}
