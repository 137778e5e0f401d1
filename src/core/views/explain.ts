/**
 * What the hover (and `dlmath explain`) says about the position under the cursor: a wrong claim
 * with its right value and steps, a value with its shape, a document variable's definition, and
 * from the shape analysis: a tensor shape's size and memory, a declaration's concrete shape and
 * parameter count, the shape flow of a product or an attention formula, what a parameter count
 * or a skip-gram pair count stands for. Reads an existing analysis: no re-parse per hover.
 */
import type { DocumentAnalysis, FormulaInfo, PieceInfo, ChainInfo } from '../document/analysis';
import type { PieceShape, FormulaShapes } from '../document/model';
import { formulaAt } from '../document/analysis';
import { Val, isMat, plain, shapeOf, toJson, fmtNum, latex } from '../eval/values';
import type { Finding, TextRange } from '../types';
import { printNode } from '../syntax/print';
import { isolate, isRtl, message, msg, render, type Lang, type Message } from '../messages';
import { counterexampleTable, type CounterexampleTable } from '../symbolic/counterexample';
import { mdCode, mdFence, mdText } from './markdownText';
import { arithmeticContext, describeSkipGramCount, mentionsSkipGram, productFactors, skipGramContext, type SkipGramExplanation } from '../shapes/counting';
import { describeParameterArithmetic, formatBytes, formatCount, type ArithmeticExplanation } from '../transformer';

export interface Explanation {
  kind: 'none' | 'finding' | 'value' | 'variable' | 'problem' | 'shape' | 'attention' | 'parameters' | 'skip-gram' | 'not-computable';
  /** The hover's text (Markdown); every fragment taken from the document is escaped. */
  markdown: string;
  /**
   * For a finding: the hover's text beside the diagnostic that already states the finding's message
   * (the editor shows both in one hover; each thing is said once). Absent for other explanations.
   */
  beside?: string;
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
  /** For a wrong step: its counterexample as the hover's table shows it (names readable, values rounded). */
  counterexample?: CounterexampleTable;
}

export { formulaAt };

const within = (r: TextRange, o: number) => o >= r.start && o <= r.end;

/** LaTeX of a value for the hover's data; none for huge matrices (the hover shows their size only). */
function latexIfSmall(v: Val): string | undefined {
  return isMat(v) && v.rows * v.cols > 4096 ? undefined : latex(v);
}

/** Whether a value is shown as a block (a matrix of more than one row) rather than inline. */
function isBlock(v: Val): boolean {
  return isMat(v) && v.rows > 1 && v.rows * v.cols <= 64;
}

/**
 * A value for the hover: a number or a row inline (a code span), a matrix as an aligned block on
 * lines of its own (the block starts a paragraph: callers put it after a blank line), a matrix too
 * large to show as its size.
 */
export function valueMarkdown(v: Val, maxCells = 64, lang: Lang = 'en'): string {
  if (!isMat(v)) return mdCode(plain(v));
  if (v.rows * v.cols > maxCells) return msg(lang, 'hover.too-large', { size: `${v.rows}×${v.cols}` });
  const cells = v.data.map((r) => r.map((x) => fmtNum(x)));
  const width = Math.max(...cells.flat().map((c) => c.length));
  const lines = cells.map((r, i) => {
    const [l, rr] = v.rows === 1 ? ['[', ']'] : i === 0 ? ['⎡', '⎤'] : i === v.rows - 1 ? ['⎣', '⎦'] : ['⎢', '⎥'];
    return `${l} ${r.map((c) => c.padStart(width)).join('  ')} ${rr}`;
  });
  return v.rows === 1 ? mdCode(lines[0]) : mdFence(lines.join('\n'));
}

/** `label value`: inline for numbers and rows, the label then the block below it for matrices. */
function labelled(label: string, v: Val, lang: Lang): string {
  return isBlock(v) ? `${label}\n\n${valueMarkdown(v, 64, lang)}` : `${label} ${valueMarkdown(v, 64, lang)}`;
}

function shapeLine(v: Val, lang: Lang): string {
  const s = shapeOf(v);
  if (s.length === 0) return msg(lang, 'hover.number');
  if (s.length === 2) {
    const size = `${s[0]}×${s[1]}`;
    return msg(lang, s[0] === 1 ? 'hover.row-vector' : s[1] === 1 ? 'hover.column-vector' : 'hover.matrix', { size });
  }
  return msg(lang, 'hover.tuple', { count: s[0] });
}

/** The steps of a computation: each one a list item, as literal text. */
function stepsMarkdown(steps: string[], lang: Lang): string {
  if (!steps.length) return '';
  return `\n\n**${msg(lang, 'hover.steps')}**\n\n` + steps.map((s) => `- ${mdText(s)}`).join('\n');
}

function shapeStepsMarkdown(steps: string[], lang: Lang = 'en'): string {
  if (!steps.length) return '';
  return `\n\n**${msg(lang, 'hover.shapes')}**\n\n` + steps.map((s, i) => `${i + 1}. ${mdText(s)}`).join('\n');
}

/** A document fragment as a readable expression in a code span: printed from its tree when it has one. */
function exprCode(piece: PieceInfo): string {
  const readable = piece.node ? printNode(piece.node, 60) : piece.source.trim().replace(/\s+/g, ' ').slice(0, 60);
  return mdCode(readable);
}

/**
 * A wrong step's counterexample as a Markdown table: each drawn name and its value, then the value of
 * each side. Names and values are literal text (a `|` cannot split a cell); in a right-to-left
 * language each is a left-to-right island, as in the messages.
 */
function counterexampleMarkdown(t: CounterexampleTable, lang: Lang): string {
  const cell = (s: string) => {
    const text = mdText(s.replace(/[\r\n]+/g, ' '));
    return isRtl(lang) ? isolate(text) : text;
  };
  const rows = [`| ${msg(lang, 'hover.ce-name')} | ${msg(lang, 'hover.ce-value')} |`, '| :-- | --: |', ...t.rows.map((r) => `| ${cell(r.name)} | ${cell(r.value)} |`)];
  if (t.more > 0) rows.push(`| ${msg(lang, 'hover.ce-more', { count: t.more })} | |`);
  rows.push(`| **${msg(lang, 'hover.ce-left')}** | ${cell(t.left)} |`, `| **${msg(lang, 'hover.ce-right')}** | ${cell(t.right)} |`);
  return `**${msg(lang, 'hover.counterexample')}**\n\n${rows.join('\n')}`;
}

/** A bold title (`**DL Math: wrong result**`): the label in the hover's language, a finding code as literal text. */
function title(what: string): string {
  return `**DL Math: ${mdText(what)}**`;
}

const NONE: Explanation = { kind: 'none', markdown: '' };

/**
 * Explains the position `offset` of the analysed document. `text` is the analysed text; with it
 * the prose around a formula can tell what a count is about (skip-gram, word2vec…).
 */
export function explainAt(analysis: DocumentAnalysis, offset: number, text?: string, lang: Lang = 'en'): Explanation {
  const f = formulaAt(analysis, offset);
  if (!f) return NONE;
  const shapes = analysis.shapes;
  const fs = shapes.formulas[f.index];
  const numbers = fs?.numbers ?? new Map<string, number>();
  const shapeFinding = f.ignored ? undefined : shapes.findings.find((x) => within(x.range, offset) && x.range.start >= f.span.start && x.range.end <= f.span.end);
  const finding = f.findings.find((x) => within(x.range, offset)) ?? shapeFinding;
  // the statement under the cursor; on a delimiter or between statements (the closing `$$`), the
  // statement the cursor is after, else the first
  const chain = f.chains.find((c) => within(c.range, offset)) ?? [...f.chains].reverse().find((c) => c.range.start <= offset) ?? f.chains[0];
  if (finding && (finding.code === 'wrong-result' || finding.code === 'orientation')) {
    const head = title(msg(lang, finding.code === 'wrong-result' ? 'hover.wrong-result' : 'hover.orientation'));
    // the message already gives a number or a row on one line; a matrix gets its aligned block
    const av = finding.actualValue;
    const value = av === undefined ? undefined : jsonToVal(av);
    const right = value !== undefined && isBlock(value) ? `\n\n${labelled(msg(lang, 'hover.right-value'), value, lang)}` : '';
    let rest = `${right}${stepsMarkdown(finding.steps ?? [], lang)}`;
    const base: Explanation = { kind: 'finding', markdown: '', range: finding.range, value: finding.actualValue, latex: finding.actual, steps: finding.steps, finding };
    const findingChain = f.chains.find((c) => c.range.start <= finding.range.start && finding.range.end <= c.range.end) ?? chain;
    const counts = typeof finding.actualValue === 'number' && findingChain ? countsOf(findingChain, undefined, finding.actualValue, numbers, f, text, lang) : undefined;
    if (counts) {
      rest += counts.markdown;
      if (counts.parameters) base.parameters = counts.parameters;
      if (counts.skipGram) base.skipGram = counts.skipGram;
    }
    base.markdown = `${head}\n\n${mdText(finding.message)}${rest}`;
    // beside the diagnostic only what it does not say; a hover of a lone heading says nothing
    if (rest) base.beside = `${head}${rest}`;
    return base;
  }
  if (finding && finding.code === 'wrong-step' && finding.counterexample) {
    const head = title(msg(lang, 'hover.wrong-step'));
    const table = counterexampleTable(finding.counterexample);
    // the table beside the message: the diagnostic already says the message
    const rest = `\n\n${counterexampleMarkdown(table, lang)}`;
    return { kind: 'problem', markdown: `${head}\n\n${mdText(finding.message)}${rest}`, beside: `${head}${rest}`, range: finding.range, finding, counterexample: table };
  }
  if (finding) {
    const steps = finding.steps ?? [];
    const rest = shapeStepsMarkdown(steps, lang);
    const head = title(finding.code);
    return { kind: 'problem', markdown: `${head}\n\n${mdText(finding.message)}${rest}`, ...(rest ? { beside: `${head}${rest}` } : {}), range: finding.range, finding, ...(steps.length ? { steps } : {}) };
  }
  // the piece under the cursor, else the first computable piece of the statement under it
  let piece: PieceInfo | undefined;
  if (chain) piece = chain.pieces.find((p) => within(p.range, offset) && p.value !== undefined) ?? chain.pieces.find((p) => p.status === 'value');
  const sp = fs ? shapePieceAt(fs, offset, chain) : undefined;
  if (piece && piece.value !== undefined) {
    const tuple = shapeTuple(piece.value);
    if (tuple) return tupleExplanation(tuple, piece.range, numbers, lang);
    return valueExplanation(piece, f, chain!, sp, numbers, text, lang);
  }
  if (sp) {
    const e = shapeExplanation(sp, lang);
    if (e) return e;
  }
  if (!piece) {
    for (const c of f.chains) {
      piece = c.pieces.find((p) => p.status === 'value');
      if (piece) return valueExplanation(piece, f, c, undefined, numbers, text, lang);
    }
  }
  return NONE;
}

function valueExplanation(piece: PieceInfo, f: FormulaInfo, chain: ChainInfo, sp: PieceShape | undefined, numbers: ReadonlyMap<string, number>, text: string | undefined, lang: Lang): Explanation {
  const value = piece.value!;
  let out: Explanation;
  if (piece.status === 'symbol') {
    const v = f.scope.get(piece.node && piece.node.t === 'sym' ? piece.node.name : '');
    const name = piece.node && piece.node.t === 'sym' ? piece.node.name : piece.source.trim();
    const defined = v ? `, ${msg(lang, 'hover.defined-by', { source: mdCode(v.source.trim().replace(/\s+/g, ' ').slice(0, 80)) })}` : '';
    const md = `${labelled(`**${mdText(name)}** =`, value, lang)}\n\n${shapeLine(value, lang)}${defined}`;
    out = { kind: 'variable', markdown: md, range: piece.range, value: toJson(value), latex: latexIfSmall(value), shape: shapeOf(value) };
  } else {
    const md = `${labelled(`**DL Math** ${exprCode(piece)} =`, value, lang)}\n\n${shapeLine(value, lang)}${stepsMarkdown(piece.steps, lang)}`;
    out = { kind: 'value', markdown: md, range: piece.range, value: toJson(value), latex: latexIfSmall(value), shape: shapeOf(value), steps: piece.steps };
  }
  // a size expression: `d_{head} = d_{model} / h` → d_head = d_model/h = 768/12 = 64
  const own = sp && sp.range.start <= piece.range.start && piece.range.end <= sp.range.end ? sp : undefined;
  if (own?.kind === 'dimension' && typeof value === 'number') {
    const name = own.names.length ? `${own.names.join(' = ')} = ` : '';
    out.markdown += `\n\n${mdText(`${name}${own.label}${own.working ? ` = ${own.working}` : ''} = ${fmtNum(value)}`)}`;
  }
  if (own?.kind === 'expression' && own.steps.length) {
    out.markdown += shapeStepsMarkdown(own.steps, lang);
    if (own.shape) out.symbolicShape = own.shape;
  }
  if (typeof value === 'number') {
    const counts = countsOf(chain, piece, value, numbers, f, text, lang);
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
function countsOf(chain: ChainInfo, piece: PieceInfo | undefined, value: number, numbers: ReadonlyMap<string, number>, f: FormulaInfo, text: string | undefined, lang: Lang): { markdown: string; parameters?: ArithmeticExplanation; skipGram?: SkipGramExplanation } | undefined {
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
    e = describeSkipGramCount(product ?? value, factors, sg, lang) ?? (product !== undefined && product !== value ? describeSkipGramCount(value, undefined, sg, lang) : null);
  } else if (sg.n !== undefined && sg.c !== undefined && sg.n >= 100 && sg.c <= 10) {
    // no prose to go by: only an exact match with a declared corpus size n and window c
    e = describeSkipGramCount(product ?? value, undefined, sg, lang);
  }
  if (e) return { markdown: `\n\n**${msg(lang, 'hover.skip-gram')}**: ${mdText(e.text)}`, skipGram: e };
  if (!factors) return undefined;
  const p = describeParameterArithmetic(factors, arithmeticContext(numbers), lang);
  if (!p) return undefined;
  return { markdown: `\n\n**${msg(lang, 'hover.what-it-counts')}**: ${mdText(p.text)}`, parameters: p };
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

function memory(elements: number): Message {
  return message('hover.memory', { count: formatCount(elements), fp32: formatBytes(elements * 4), fp16: formatBytes(elements * 2) });
}

function tupleExplanation(sizes: number[], range: TextRange, numbers: ReadonlyMap<string, number>, lang: Lang): Explanation {
  const elements = sizes.reduce((a, b) => a * b, 1);
  const names = namesFor(sizes, numbers);
  const named = names.some((n) => n) ? `\n\n${msg(lang, 'hover.in-this-answer', { sizes: mdText(sizes.map((s, i) => (names[i] ? `${names[i]} = ${s}` : String(s))).join(', ')) })}` : '';
  const md = `${title(msg(lang, 'hover.tensor-shape'))} (${sizes.join(', ')})\n\n${sizes.join(' × ')} = ${render(lang, memory(elements))}${named}`;
  return { kind: 'shape', markdown: md, range, shape: sizes, elements, bytes: elements * 4, value: elements };
}

const WEIGHT_NAME = /^(?:W|w|b|E|U|P|\\theta|\\Theta)(?:[_^]|$)|^W/;

function shapeExplanation(sp: PieceShape, lang: Lang): Explanation | undefined {
  const numeric = sp.numeric;
  const elements = numeric ? numeric.reduce((a, b) => a * b, 1) : undefined;
  const sym = sp.shape ? sp.shape.join('×') : '';
  const nums = numeric ? numeric.join('×') : '';
  switch (sp.kind) {
    case 'tuple': {
      if (numeric) return { ...tupleExplanation(numeric, sp.range, new Map(), lang), symbolicShape: sp.shape };
      const example = mdCode(`${sp.shape!.find((s) => /^[A-Za-z]/.test(s)) ?? 'n'} = …`);
      const md = `${title(msg(lang, 'hover.tensor-shape'))} (${mdText(sp.shape!.join(', '))})\n\n${msg(lang, 'hover.sizes-unknown', { product: mdText(sp.shape!.join(' × ')), example })}`;
      return { kind: 'shape', markdown: md, range: sp.range, symbolicShape: sp.shape };
    }
    case 'declaration': {
      const weights = sp.names.every((n) => WEIGHT_NAME.test(n));
      const what = message(weights ? 'hover.parameters' : 'hover.values');
      let md = `**${mdText(sp.label)}** ∈ ℝ^(${mdText(sym)})${nums && nums !== sym ? ` = ℝ^(${nums})` : ''}`;
      if (elements !== undefined) {
        const product = numeric!.join(' × ');
        const count = formatCount(elements);
        const bytes = formatBytes(elements * 4);
        const each = sp.names.length > 1;
        const line =
          weights && numeric!.length === 2
            ? msg(lang, each ? 'hover.declared-count-each-bias' : 'hover.declared-count-bias', { product, count, what, total: formatCount(elements + numeric![1]), bias: numeric![1], bytes })
            : msg(lang, each ? 'hover.declared-count-each' : 'hover.declared-count', { product, count, what, bytes });
        md += `\n\n${line}`;
        if (sp.names.length > 1) md += `; ${msg(lang, 'hover.declared-count-all', { count: formatCount(elements * sp.names.length), what, n: sp.names.length })}`;
      } else {
        const unknown = sp.shape!.filter((s, i) => !/^\d+$/.test(s) && (sp.sizes?.[i] ?? null) === null);
        const params = { product: mdText(sp.shape!.join(' × ')), what, names: mdText(unknown.join(', ')) };
        const id = sp.names.length > 1 ? (unknown.length > 1 ? 'hover.declared-unknown-each-sizes' : 'hover.declared-unknown-each') : unknown.length > 1 ? 'hover.declared-unknown-sizes' : 'hover.declared-unknown';
        md += `\n\n${msg(lang, id, params)}`;
      }
      return { kind: 'shape', markdown: md, range: sp.range, symbolicShape: sp.shape, ...(numeric ? { shape: numeric, elements, bytes: elements! * 4 } : {}) };
    }
    case 'dimension': {
      const name = sp.names.length ? `${sp.names.join(' = ')} = ` : '';
      const md = `**DL Math** ${mdText(`${name}${sp.label}${sp.working ? ` = ${sp.working}` : ''}${sp.value !== undefined ? ` = ${fmtNum(sp.value)}` : ''}`)}`;
      return { kind: 'value', markdown: md, range: sp.range, ...(sp.value !== undefined ? { value: sp.value, shape: [] } : {}) };
    }
    case 'expression': {
      if (!sp.shape && !sp.steps.length) return undefined;
      const result = sp.shape ? ` → ${mdText(sym)}${nums && nums !== sym ? ` (${nums})` : ''}` : '';
      let md = `${title(msg(lang, sp.attention ? 'hover.attention-shapes' : 'hover.shapes-title'))} ${mdCode(sp.label)}${result}`;
      if (sp.declared) md += `\n\n${msg(lang, 'hover.written-as', { space: `ℝ^(${mdText(sp.declared)})` })}`;
      md += shapeStepsMarkdown(sp.steps, lang);
      if (elements !== undefined && sp.steps.length) md += `\n\n${msg(lang, 'hover.result-memory', { memory: memory(elements) })}`;
      if (sp.assumed) md += `\n\n_${mdText(sp.assumed)}_`;
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
