/**
 * What the hover (and `dlmath explain`) says about the position under the cursor: a wrong claim
 * with its right value and steps, a value with its shape, a document variable's definition.
 * Reads an existing analysis: no re-parse per hover.
 */
import type { DocumentAnalysis, FormulaInfo, PieceInfo } from './analysis';
import { Val, isMat, plain, shapeOf, toJson, fmtNum, latex } from './eval/values';
import type { Finding, TextRange } from './types';

export interface Explanation {
  kind: 'none' | 'finding' | 'value' | 'variable' | 'problem' | 'shape' | 'attention' | 'parameters' | 'not-computable';
  /** The hover's text (Markdown). */
  markdown: string;
  range?: TextRange;
  value?: ReturnType<typeof toJson>;
  latex?: string;
  shape?: number[];
  steps?: string[];
  finding?: Finding;
}

/** The formula whose span contains the offset (delimiters included), by binary search. */
export function formulaAt(analysis: DocumentAnalysis, offset: number): FormulaInfo | undefined {
  const fs = analysis.formulas;
  let lo = 0;
  let hi = fs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = fs[mid].span;
    if (offset < s.start) hi = mid - 1;
    else if (offset > s.end) lo = mid + 1;
    else return fs[mid];
  }
  return undefined;
}

const within = (r: TextRange, o: number) => o >= r.start && o <= r.end;

/** A matrix as an aligned block; numbers as they are. */
export function valueMarkdown(v: Val, maxCells = 64): string {
  if (!isMat(v)) return '`' + plain(v) + '`';
  if (v.rows * v.cols > maxCells) return `a ${v.rows}×${v.cols} matrix (too large to show)`;
  const cells = v.data.map((r) => r.map((x) => fmtNum(x)));
  const width = Math.max(...cells.flat().map((c) => c.length));
  const lines = cells.map((r, i) => {
    const [l, rr] = v.rows === 1 ? ['[', ']'] : i === 0 ? ['⎡', '⎤'] : i === v.rows - 1 ? ['⎣', '⎦'] : ['⎢', '⎥'];
    return `${l} ${r.map((c) => c.padStart(width)).join('  ')} ${rr}`;
  });
  return '```text\n' + lines.join('\n') + '\n```';
}

function shapeLine(v: Val): string {
  const s = shapeOf(v);
  if (s.length === 0) return 'a number';
  if (s.length === 2) return s[0] === 1 ? `a row vector (1×${s[1]})` : s[1] === 1 ? `a column vector (${s[0]}×1)` : `a ${s[0]}×${s[1]} matrix`;
  return `a tuple of ${s[0]}`;
}

function stepsMarkdown(steps: string[]): string {
  if (!steps.length) return '';
  return '\n\n**Steps**\n\n' + steps.map((s) => `- ${s}`).join('\n');
}

/** Explains the position `offset` of the analysed document. */
export function explainAt(analysis: DocumentAnalysis, offset: number): Explanation {
  const f = formulaAt(analysis, offset);
  if (!f) return { kind: 'none', markdown: '' };
  const finding = f.findings.find((x) => within(x.range, offset));
  if (finding && (finding.code === 'wrong-result' || finding.code === 'orientation')) {
    const head = finding.code === 'wrong-result' ? '**DL Math: wrong result**' : '**DL Math: orientation**';
    const right = finding.actual ? `\n\nRight value: $${finding.actual}$` : '';
    return { kind: 'finding', markdown: `${head}\n\n${finding.message}${right}${stepsMarkdown(finding.steps ?? [])}`, range: finding.range, value: finding.actualValue, latex: finding.actual, steps: finding.steps, finding };
  }
  if (finding) return { kind: 'problem', markdown: `**DL Math: ${finding.code}**\n\n${finding.message}`, range: finding.range, finding };
  // the piece under the cursor, else the first computable piece of the statement under it
  let piece: PieceInfo | undefined;
  for (const c of f.chains) {
    if (!within(c.range, offset)) continue;
    piece = c.pieces.find((p) => within(p.range, offset) && p.value !== undefined) ?? c.pieces.find((p) => p.status === 'value');
    if (piece) break;
  }
  if (!piece) {
    for (const c of f.chains) {
      piece = c.pieces.find((p) => p.status === 'value');
      if (piece) break;
    }
  }
  if (!piece || piece.value === undefined) return { kind: 'none', markdown: '' };
  if (piece.status === 'symbol') {
    const v = f.scope.get(piece.node && piece.node.t === 'sym' ? piece.node.name : '');
    const md = `**${piece.source.trim()}** = ${valueMarkdown(piece.value)}\n\n${shapeLine(piece.value)}${v ? `, defined by \`${v.source.trim().slice(0, 80)}\`` : ''}`;
    return { kind: 'variable', markdown: md, range: piece.range, value: toJson(piece.value), latex: latex(piece.value), shape: shapeOf(piece.value) };
  }
  const md = `**DL Math** \`${piece.source.trim().replace(/\s+/g, ' ').slice(0, 60)}\` = ${valueMarkdown(piece.value)}\n\n${shapeLine(piece.value)}${stepsMarkdown(piece.steps)}`;
  return { kind: 'value', markdown: md, range: piece.range, value: toJson(piece.value), latex: latex(piece.value), shape: shapeOf(piece.value), steps: piece.steps };
}
