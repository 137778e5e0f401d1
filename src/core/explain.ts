/**
 * What the hover (and `dlmath explain`) says about the position under the cursor: a wrong claim
 * with its right value and steps, a value with its shape, a document variable's definition, and
 * from the shape analysis: a tensor shape's size and memory, a declaration's concrete shape and
 * parameter count, the shape flow of a product or an attention formula, what a parameter count
 * or a skip-gram pair count stands for. Reads an existing analysis: no re-parse per hover.
 */
import type { DocumentAnalysis, FormulaInfo, PieceInfo, ChainInfo } from './analysis';
import { formulaAt } from './analysis';
import { Val, isMat, plain, shapeOf, toJson, fmtNum, latex } from './eval/values';
import type { Finding, TextRange } from './types';
import { analyzeShapes, type PieceShape, type FormulaShapes } from './shapes/analyze';
import { arithmeticContext, describeSkipGramCount, mentionsSkipGram, productFactors, skipGramContext, type SkipGramExplanation } from './shapes/counting';
import { describeParameterArithmetic, formatBytes, formatCount, type ArithmeticExplanation } from './transformer';

export interface Explanation {
  kind: 'none' | 'finding' | 'value' | 'variable' | 'problem' | 'shape' | 'attention' | 'parameters' | 'skip-gram' | 'not-computable';
  /** The hover's text (Markdown). */
  markdown: string;
  range?: TextRange;
  value?: ReturnType<typeof toJson>;
  latex?: string;
  /** For values: [] or [rows, cols]. For tensor shapes and declarations: the sizes, when all are known. */
  shape?: number[];
  /** Sizes as written (`n`, `d_k`), for tensor shapes, declarations and products of declared matrices. */
  symbolicShape?: string[];
  /** Number of values of a tensor shape or declaration, and their bytes in fp32. */
  elements?: number;
  bytes?: number;
  steps?: string[];
  finding?: Finding;
  /** What a product of whole numbers most likely counts (transformer parameters or activations). */
  parameters?: ArithmeticExplanation;
  skipGram?: SkipGramExplanation;
}

export { formulaAt };

const within = (r: TextRange, o: number) => o >= r.start && o <= r.end;

/** A matrix as an aligned block; numbers as they are. */
/** LaTeX of a value for the hover's data; none for huge matrices (the hover shows their size only). */
function latexIfSmall(v: Val): string | undefined {
  return isMat(v) && v.rows * v.cols > 4096 ? undefined : latex(v);
}

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

function shapeStepsMarkdown(steps: string[]): string {
  if (!steps.length) return '';
  return '\n\n**Shapes**\n\n' + steps.map((s, i) => `${i + 1}. ${s}`).join('\n');
}

const NONE: Explanation = { kind: 'none', markdown: '' };

/**
 * Explains the position `offset` of the analysed document. `text` is the analysed text; with it
 * the prose around a formula can tell what a count is about (skip-gram, word2vec…).
 */
export function explainAt(analysis: DocumentAnalysis, offset: number, text?: string): Explanation {
  const f = formulaAt(analysis, offset);
  if (!f) return NONE;
  const shapes = analyzeShapes(analysis, text);
  const fs = shapes.formulas[f.index];
  const numbers = fs?.numbers ?? new Map<string, number>();
  const shapeFinding = f.ignored ? undefined : shapes.findings.find((x) => within(x.range, offset) && x.range.start >= f.span.start && x.range.end <= f.span.end);
  const finding = f.findings.find((x) => within(x.range, offset)) ?? shapeFinding;
  const chain = f.chains.find((c) => within(c.range, offset));
  if (finding && (finding.code === 'wrong-result' || finding.code === 'orientation')) {
    const head = finding.code === 'wrong-result' ? '**DL Math: wrong result**' : '**DL Math: orientation**';
    // hovers do not typeset math: the right value as a number or an aligned matrix block
    const av = finding.actualValue;
    const right = av === undefined ? '' : `\n\nRight value: ${typeof av === 'number' ? '`' + (finding.actual ?? plain(av)) + '`' : valueMarkdown(jsonToVal(av))}`;
    const base: Explanation = { kind: 'finding', markdown: `${head}\n\n${finding.message}${right}${stepsMarkdown(finding.steps ?? [])}`, range: finding.range, value: finding.actualValue, latex: finding.actual, steps: finding.steps, finding };
    const findingChain = f.chains.find((c) => c.range.start <= finding.range.start && finding.range.end <= c.range.end) ?? chain;
    const counts = typeof finding.actualValue === 'number' && findingChain ? countsOf(findingChain, undefined, finding.actualValue, numbers, f, text) : undefined;
    if (counts) {
      base.markdown += counts.markdown;
      if (counts.parameters) base.parameters = counts.parameters;
      if (counts.skipGram) base.skipGram = counts.skipGram;
    }
    return base;
  }
  if (finding) {
    const steps = finding.steps ?? [];
    return { kind: 'problem', markdown: `**DL Math: ${finding.code}**\n\n${finding.message}${shapeStepsMarkdown(steps)}`, range: finding.range, finding, ...(steps.length ? { steps } : {}) };
  }
  // the piece under the cursor, else the first computable piece of the statement under it
  let piece: PieceInfo | undefined;
  if (chain) piece = chain.pieces.find((p) => within(p.range, offset) && p.value !== undefined) ?? chain.pieces.find((p) => p.status === 'value');
  const sp = fs ? shapePieceAt(fs, offset, chain) : undefined;
  if (piece && piece.value !== undefined) {
    const tuple = shapeTuple(piece.value);
    if (tuple) return tupleExplanation(tuple, piece.range, numbers);
    return valueExplanation(piece, f, chain!, sp, numbers, text);
  }
  if (sp) {
    const e = shapeExplanation(sp);
    if (e) return e;
  }
  if (!piece) {
    for (const c of f.chains) {
      piece = c.pieces.find((p) => p.status === 'value');
      if (piece) return valueExplanation(piece, f, c, undefined, numbers, text);
    }
  }
  return NONE;
}

function valueExplanation(piece: PieceInfo, f: FormulaInfo, chain: ChainInfo, sp: PieceShape | undefined, numbers: ReadonlyMap<string, number>, text?: string): Explanation {
  const value = piece.value!;
  let out: Explanation;
  if (piece.status === 'symbol') {
    const v = f.scope.get(piece.node && piece.node.t === 'sym' ? piece.node.name : '');
    const md = `**${piece.source.trim()}** = ${valueMarkdown(value)}\n\n${shapeLine(value)}${v ? `, defined by \`${v.source.trim().slice(0, 80)}\`` : ''}`;
    out = { kind: 'variable', markdown: md, range: piece.range, value: toJson(value), latex: latexIfSmall(value), shape: shapeOf(value) };
  } else {
    const md = `**DL Math** \`${piece.source.trim().replace(/\s+/g, ' ').slice(0, 60)}\` = ${valueMarkdown(value)}\n\n${shapeLine(value)}${stepsMarkdown(piece.steps)}`;
    out = { kind: 'value', markdown: md, range: piece.range, value: toJson(value), latex: latexIfSmall(value), shape: shapeOf(value), steps: piece.steps };
  }
  // a size expression: `d_{head} = d_{model} / h` → d_head = d_model/h = 768/12 = 64
  const own = sp && sp.range.start <= piece.range.start && piece.range.end <= sp.range.end ? sp : undefined;
  if (own?.kind === 'dimension' && typeof value === 'number') {
    const name = own.names.length ? `${own.names.join(' = ')} = ` : '';
    out.markdown += `\n\n${name}${own.label}${own.working ? ` = ${own.working}` : ''} = ${fmtNum(value)}`;
  }
  if (own?.kind === 'expression' && own.steps.length) {
    out.markdown += shapeStepsMarkdown(own.steps);
    if (own.shape) out.symbolicShape = own.shape;
  }
  if (typeof value === 'number') {
    const counts = countsOf(chain, piece, value, numbers, f, text);
    if (counts) {
      out.markdown += counts.markdown;
      if (counts.parameters) {
        out.kind = 'parameters';
        out.parameters = counts.parameters;
      }
      if (counts.skipGram) {
        out.kind = 'skip-gram';
        out.skipGram = counts.skipGram;
      }
    }
  }
  return out;
}

/**
 * What a whole number in a chain counts: the product under the cursor (or the chain's first
 * product of whole numbers) read as skip-gram pairs when the answer is about skip-gram, else as
 * transformer parameters.
 */
function countsOf(chain: ChainInfo, piece: PieceInfo | undefined, value: number, numbers: ReadonlyMap<string, number>, f: FormulaInfo, text?: string): { markdown: string; parameters?: ArithmeticExplanation; skipGram?: SkipGramExplanation } | undefined {
  if (!Number.isSafeInteger(value) || value < 1) return undefined;
  const candidates = piece ? [piece, ...chain.pieces.filter((p) => p !== piece)] : chain.pieces;
  let factors: number[] | undefined;
  for (const p of candidates) {
    if (p.node && p.status === 'value') factors = productFactors(p.node, numbers);
    if (factors) break;
  }
  const around = text !== undefined ? text.slice(Math.max(0, f.span.start - 600), Math.min(text.length, f.span.end + 200)) : f.span.content;
  const sg = skipGramContext(numbers);
  const product = factors ? factors.reduce((a, b) => a * b, 1) : undefined;
  let e: SkipGramExplanation | null = null;
  if (mentionsSkipGram(around)) {
    // the prose is about skip-gram: read the factors too (2·c·n·…)
    e = describeSkipGramCount(product ?? value, factors, sg) ?? (product !== undefined && product !== value ? describeSkipGramCount(value, undefined, sg) : null);
  } else if (sg.n !== undefined && sg.c !== undefined && sg.n >= 100 && sg.c <= 10) {
    // no prose to go by: only an exact match with a declared corpus size n and window c
    e = describeSkipGramCount(product ?? value, undefined, sg);
  }
  if (e) return { markdown: `\n\n**Skip-gram pairs**: ${e.text}`, skipGram: e };
  if (!factors) return undefined;
  const p = describeParameterArithmetic(factors, arithmeticContext(numbers));
  if (!p) return undefined;
  return { markdown: `\n\n**What it counts**: ${p.text}`, parameters: p };
}

/** The innermost shape piece under the cursor; else the first informative one of the statement under it. */
function shapePieceAt(fs: FormulaShapes, offset: number, chain: ChainInfo | undefined): PieceShape | undefined {
  let best: PieceShape | undefined;
  for (const p of fs.pieces) {
    if (!within(p.range, offset)) continue;
    if (!best || p.range.end - p.range.start < best.range.end - best.range.start) best = p;
  }
  if (best) return best;
  const inChain = chain ? fs.pieces.filter((p) => p.range.start >= chain.range.start && p.range.end <= chain.range.end) : [];
  return inChain.find((p) => p.steps.length > 0) ?? inChain.find((p) => p.kind === 'declaration' || p.kind === 'tuple' || p.kind === 'dimension');
}

function shapeTuple(v: Val): number[] | undefined {
  if (typeof v !== 'object' || v.kind !== 'tuple' || v.items.length < 2 || v.items.length > 8) return undefined;
  const xs = v.items.map((x) => (typeof x === 'number' && Number.isSafeInteger(x) && x > 0 ? x : NaN));
  return xs.every((x) => !Number.isNaN(x)) ? xs : undefined;
}

/** Document sizes with these values: 768 → d_model. */
function namesFor(values: number[], numbers: ReadonlyMap<string, number>): string[] {
  const prefer = arithmeticContext(numbers);
  const preferred = new Map<number, string>();
  const label: Record<string, string> = { batch: 'B', seqLen: 'n', dModel: 'd_model', heads: 'h', dFF: 'd_ff', vocabSize: 'V', layers: 'L' };
  for (const [field, v] of Object.entries(prefer)) {
    if (typeof v !== 'number' || preferred.has(v)) continue;
    const name = [...numbers.entries()].find(([, x]) => x === v)?.[0] ?? label[field];
    if (name) preferred.set(v, name);
  }
  return values.map((v) => preferred.get(v) ?? [...numbers.entries()].find(([, x]) => x === v)?.[0] ?? '');
}

function memoryText(elements: number): string {
  return `${formatCount(elements)} values = ${formatBytes(elements * 4)} in fp32 (${formatBytes(elements * 2)} in fp16/bf16)`;
}

function tupleExplanation(sizes: number[], range: TextRange, numbers: ReadonlyMap<string, number>): Explanation {
  const elements = sizes.reduce((a, b) => a * b, 1);
  const names = namesFor(sizes, numbers);
  const named = names.some((n) => n) ? `\n\nIn this answer: ${sizes.map((s, i) => (names[i] ? `${names[i]} = ${s}` : String(s))).join(', ')}.` : '';
  const md = `**DL Math: tensor shape** (${sizes.join(', ')})\n\n${sizes.join(' × ')} = ${memoryText(elements)}${named}`;
  return { kind: 'shape', markdown: md, range, shape: sizes, elements, bytes: elements * 4, value: elements };
}

const WEIGHT_NAME = /^(?:W|w|b|E|U|P|\\theta|\\Theta)(?:[_^]|$)|^W/;

function shapeExplanation(sp: PieceShape): Explanation | undefined {
  const numeric = sp.numeric;
  const elements = numeric ? numeric.reduce((a, b) => a * b, 1) : undefined;
  const sym = sp.shape ? sp.shape.join('×') : '';
  const nums = numeric ? numeric.join('×') : '';
  switch (sp.kind) {
    case 'tuple': {
      if (numeric) return { ...tupleExplanation(numeric, sp.range, new Map()), symbolicShape: sp.shape };
      const md = `**DL Math: tensor shape** (${sp.shape!.join(', ')})\n\n${sp.shape!.join(' × ')} values; not every size has a value in this answer (declare e.g. \`${sp.shape!.find((s) => /^[A-Za-z]/.test(s)) ?? 'n'} = …\` before it to see the count and memory).`;
      return { kind: 'shape', markdown: md, range: sp.range, symbolicShape: sp.shape };
    }
    case 'declaration': {
      const weights = sp.names.every((n) => WEIGHT_NAME.test(n));
      const what = weights ? 'parameters' : 'values';
      const each = sp.names.length > 1 ? 'each ' : '';
      let md = `**${sp.label}** ∈ ℝ^(${sym})${nums && nums !== sym ? ` = ℝ^(${nums})` : ''}`;
      if (elements !== undefined) {
        const bias = weights && numeric!.length === 2 ? ` (${formatCount(elements + numeric![1])} with a bias of ${numeric![1]})` : '';
        md += `\n\n${each}${numeric!.join(' × ')} = ${formatCount(elements)} ${what}${bias} = ${formatBytes(elements * 4)} in fp32`;
        if (sp.names.length > 1) md += `; ${formatCount(elements * sp.names.length)} ${what} for all ${sp.names.length}`;
      } else {
        const unknown = sp.shape!.filter((s, i) => !/^\d+$/.test(s) && (sp.sizes?.[i] ?? null) === null);
        md += `\n\n${sp.names.length > 1 ? 'Each has' : 'It has'} ${sp.shape!.join(' × ')} ${what}; ${unknown.join(', ')} ${unknown.length > 1 ? 'have' : 'has'} no value in this answer yet.`;
      }
      return { kind: 'shape', markdown: md, range: sp.range, symbolicShape: sp.shape, ...(numeric ? { shape: numeric, elements, bytes: elements! * 4 } : {}) };
    }
    case 'dimension': {
      const name = sp.names.length ? `${sp.names.join(' = ')} = ` : '';
      const md = `**DL Math** ${name}${sp.label}${sp.working ? ` = ${sp.working}` : ''}${sp.value !== undefined ? ` = ${fmtNum(sp.value)}` : ''}`;
      return { kind: 'value', markdown: md, range: sp.range, ...(sp.value !== undefined ? { value: sp.value, shape: [] } : {}) };
    }
    case 'expression': {
      if (!sp.shape && !sp.steps.length) return undefined;
      const result = sp.shape ? ` → ${sym}${nums && nums !== sym ? ` (${nums})` : ''}` : '';
      let md = `**DL Math: ${sp.attention ? 'attention shapes' : 'shapes'}** \`${sp.label}\`${result}`;
      if (sp.declared) md += `\n\nWritten as ℝ^(${sp.declared}).`;
      md += shapeStepsMarkdown(sp.steps);
      if (elements !== undefined && sp.steps.length) md += `\n\nResult: ${memoryText(elements)}.`;
      if (sp.assumed) md += `\n\n_${sp.assumed}_`;
      return { kind: sp.attention ? 'attention' : 'shape', markdown: md, range: sp.range, steps: sp.steps, symbolicShape: sp.shape, ...(numeric ? { shape: numeric, elements, bytes: elements! * 4 } : {}) };
    }
  }
}

/** The JSON form of a value (number, row array, or row-major rows) back to a value for display. */
function jsonToVal(v: number | number[] | number[][]): Val {
  if (typeof v === 'number') return v;
  const rows = Array.isArray(v[0]) ? (v as number[][]) : [v as number[]];
  return { kind: 'mat', rows: rows.length, cols: rows[0]?.length ?? 0, data: rows };
}
