/**
 * What the DL Math side panel shows for a cursor position: the formula under the cursor (its LaTeX
 * and a KaTeX-ready form of it), the value of the statement under the cursor with its shape and
 * steps, every statement's value, the findings with their fixes, the document variables in scope,
 * and the recurrence nearest the cursor for the BPTT deriver. Reads an existing analysis (no
 * re-parse per cursor move) and keeps every part small, so the webview never freezes: matrices
 * larger than {@link MAX_SHOWN_DIM} on a side show their corners with dots, long formulas are not
 * typeset, lists are capped.
 */
import { formulaAt, type DocumentAnalysis, type FormulaInfo, type PieceInfo, type Variable } from '../document/analysis';
import { explainAt } from './explain';
import type { Lang } from '../messages';
import type { MathSpan } from '../markdown/spans';
import { Val, fmtNum, isMat, shapeOf } from '../eval/values';
import { recurrenceLatex } from '../bptt/latex';
import { recurrenceAt } from '../bptt/find';
import { isLiteral } from '../claims/compare';
import type { Finding, Severity, TextRange } from '../types';
import { counterexampleTable, type CounterexampleTable } from '../symbolic/counterexample';
import type { Counterexample } from '../symbolic/judge';

/** Largest number of rows (or columns) a matrix is shown with in full. */
export const MAX_SHOWN_DIM = 12;
/** Rows (columns) shown at each end of an elided side. */
export const ELIDE_EDGE = 5;
/** The same for the variables list, which shares a narrow side bar with the names: smaller. */
export const MAX_SHOWN_DIM_VARIABLE = 8;
export const ELIDE_EDGE_VARIABLE = 3;
/** Formulas longer than this are shown as source text, not typeset. */
export const MAX_TYPESET_CHARS = 4_000;
export const MAX_STATEMENTS = 40;
export const MAX_STEPS_SHOWN = 40;
export const MAX_VARIABLES = 100;
export const MAX_FINDINGS = 50;
/** How many formulas above the cursor may hold the recurrence the BPTT section shows. */
const RECURRENCE_LOOKBACK = 6;
const MAX_TEXT = 2_000;
/** Longest statement or piece source typeset in the statement list and the value line. */
const MAX_SOURCE = 1_000;

/** A value ready for KaTeX: `latex` is never larger than {@link MAX_SHOWN_DIM}² cells. */
export interface PanelValue {
  latex: string;
  /** [] for a number, [rows, cols] for a matrix, [n] for a tuple. */
  shape: number[];
  /** Some rows, columns or items are replaced by dots. */
  elided: boolean;
}

export interface PanelStatement {
  /** The statement's LaTeX as written. */
  source: string;
  /** No value because these names have none in the answer: a symbolic statement, said calmly. */
  symbolic?: string[];
  /** The source was too long and is cut: show it as text, not typeset. */
  clipped?: boolean;
  /** The value is computed, not just the number or matrix written (`q = [3; -1]` is not). */
  computed: boolean;
  /** Names this statement defines. */
  defines: string[];
  value?: PanelValue;
  /** Why there is no value (not computable, or the problem found). */
  reason?: string;
  /** The cursor is inside this statement. */
  active: boolean;
}

export interface PanelFocus {
  /** The piece whose value is shown, as written; for a definition by a written value, the name defined. */
  source: string;
  /** The source was too long and is cut: show it as text, not typeset. */
  clipped?: boolean;
  value: PanelValue;
  steps: string[];
  /** Steps left out after {@link MAX_STEPS_SHOWN}. */
  moreSteps: number;
}

export interface PanelFinding {
  /** `formulaIndex.findingIndex`: what the webview sends back in `applyFix` (see {@link findingById}). */
  id: string;
  severity: Severity;
  code: string;
  message: string;
  claimed?: string;
  /** The right value in LaTeX (elided when large). */
  actual?: string;
  steps: string[];
  moreSteps: number;
  /** Title of the fix; the edit itself stays in the extension. */
  fixTitle?: string;
  /** For a wrong step: the point where its sides differ, as a table (each name and its value, then each side). */
  counterexample?: CounterexampleTable;
  range: TextRange;
  /** The cursor is inside the finding's range. */
  active: boolean;
}

export interface PanelVariable {
  name: string;
  /** The name as LaTeX (`W_Q` → `W_{Q}`). */
  nameLatex: string;
  value: PanelValue;
  /** Where it is defined. */
  range: TextRange;
  /** Defined by the formula under the cursor. */
  definedHere: boolean;
}

/**
 * What the hover also says about the cursor's position, so the panel never disagrees with it: the
 * shape flow of a product or an attention formula, and what a count stands for.
 */
export interface PanelExplanation {
  kind: 'attention' | 'shape';
  /** The expression the shape flow is about, as written. */
  label: string;
  /** One line per step (`QKᵀ: (n×d_head)·(d_head×n) → n×n = …`). */
  steps: string[];
  /** The result's shape with the answer's names, and with numbers when they are known. */
  shape?: string;
}

export interface PanelFormula {
  index: number;
  range: TextRange;
  display: boolean;
  /** The formula's content as written (shortened beyond {@link MAX_TEXT} characters). */
  source: string;
  /** The content in a form KaTeX typesets (aligned rows wrapped); absent when too long to typeset. */
  typeset?: string;
  ignored: boolean;
  statements: PanelStatement[];
  moreStatements: number;
  focus?: PanelFocus;
  /** Why the statement under the cursor has no value. */
  reason?: string;
  /**
   * The statement under the cursor is symbolic: these names have no value in the answer (not a
   * problem; `h_t = \tanh(W h_{t-1} + U x_t)` is meant so). Set instead of `reason`.
   */
  symbolic?: string[];
  /** The hover's shape flow for the cursor's position, when it has one. */
  shapes?: PanelExplanation;
  /** What the number under the cursor (or the right value of its wrong claim) counts. */
  counts?: { kind: 'parameters' | 'skip-gram'; text: string };
}

export interface PanelRecurrence {
  /** The recurrence as written, ready for the BPTT form. */
  source: string;
  /** The recurrence as DL Math reads it (canonical LaTeX). */
  canonical: string;
  range: TextRange;
}

export interface PanelModel {
  cursor: number;
  formula?: PanelFormula;
  /** Findings of the formula under the cursor, those at the cursor first. */
  findings: PanelFinding[];
  variables: PanelVariable[];
  moreVariables: number;
  /** Findings in the whole document, by severity. */
  counts: { errors: number; warnings: number; infos: number };
  formulas: number;
  ignoredFile: boolean;
  recurrence?: PanelRecurrence;
}

// ---- values ---------------------------------------------------------------------------------------

function numLatex(x: number): string {
  if (Number.isNaN(x)) return '\\text{NaN}';
  return fmtNum(x);
}

/** Indices to show along one side: all, or the first and last {@link ELIDE_EDGE} with a gap (-1). */
function pick(n: number, max: number, edge: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const head = Array.from({ length: edge }, (_, i) => i);
  const tail = Array.from({ length: edge }, (_, i) => n - edge + i);
  return [...head, -1, ...tail];
}

/** A value as LaTeX for the panel, eliding large matrices to their corners. */
export function panelValue(v: Val, max = MAX_SHOWN_DIM, edge = ELIDE_EDGE): PanelValue {
  if (typeof v === 'number') return { latex: numLatex(v), shape: [], elided: false };
  if (v.kind === 'tuple') {
    const items = v.items.slice(0, max).map((x) => panelValue(x, max, edge));
    const more = v.items.length > max;
    const latex = '\\left(' + items.map((x) => x.latex).join(',\\; ') + (more ? ',\\; \\ldots' : '') + '\\right)';
    return { latex, shape: [v.items.length], elided: more || items.some((x) => x.elided) };
  }
  const rows = pick(v.rows, max, edge);
  const cols = pick(v.cols, max, edge);
  const lines = rows.map((i) =>
    cols
      .map((j) => {
        if (i < 0 && j < 0) return '\\ddots';
        if (i < 0) return '\\vdots';
        if (j < 0) return '\\cdots';
        return numLatex(v.data[i][j]);
      })
      .join(' & '),
  );
  return {
    latex: '\\begin{bmatrix} ' + lines.join(' \\\\ ') + ' \\end{bmatrix}',
    shape: shapeOf(v),
    elided: rows.includes(-1) || cols.includes(-1),
  };
}

/** The plain JSON of `Finding.actualValue` back into a value (rows are flat arrays). */
function jsonToVal(x: number | number[] | number[][]): Val | undefined {
  if (typeof x === 'number') return x;
  if (!Array.isArray(x) || x.length === 0) return undefined;
  if (x.every((r) => typeof r === 'number')) return { kind: 'mat', rows: 1, cols: x.length, data: [x as number[]] };
  const data = x as number[][];
  if (!data.every((r) => Array.isArray(r) && r.length === data[0].length && r.every((c) => typeof c === 'number'))) return undefined;
  return { kind: 'mat', rows: data.length, cols: data[0].length, data };
}

/** The right value of a finding: as the engine wrote it (it keeps decimals and digits) unless it is large. */
function findingActual(f: Finding): string | undefined {
  if (f.actual === undefined) return undefined;
  if (f.actual.length <= MAX_TYPESET_CHARS) {
    const v = f.actualValue !== undefined ? jsonToVal(f.actualValue) : undefined;
    if (!v || !isMat(v) || (v.rows <= MAX_SHOWN_DIM && v.cols <= MAX_SHOWN_DIM)) return f.actual;
  }
  const v = f.actualValue !== undefined ? jsonToVal(f.actualValue) : undefined;
  return v ? panelValue(v).latex : undefined;
}

// ---- text -----------------------------------------------------------------------------------------

function clip(s: string, max = MAX_TEXT): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

/** LaTeX for typesetting, or a cut copy flagged `clipped` (cut LaTeX must never be typeset). */
function texOrText(s: string, max = MAX_SOURCE): { source: string; clipped?: true } {
  return s.length > max ? { source: clip(s, max), clipped: true } : { source: s };
}

function capSteps(steps: string[] | undefined): { steps: string[]; moreSteps: number } {
  const all = steps ?? [];
  return { steps: all.slice(0, MAX_STEPS_SHOWN).map((s) => clip(s, 400)), moreSteps: Math.max(0, all.length - MAX_STEPS_SHOWN) };
}

/** `W_Q` → `W_{Q}`, `d_model` → `d_{model}`, `\alpha_1` → `\alpha_{1}`. */
export function nameLatex(name: string): string {
  const m = /^(\\?[A-Za-z]+|[^_])_(.+)$/.exec(name);
  if (!m) return /^[A-Za-z]{2,}$/.test(name) ? `\\mathit{${name}}` : name;
  const sub = m[2];
  return `${m[1]}_{${/^[A-Za-z]{2,}$/.test(sub) ? `\\mathrm{${sub}}` : sub}}`;
}

const ALIGN_ENVS: Record<string, string> = {
  align: 'aligned',
  'align*': 'aligned',
  aligned: 'aligned',
  alignat: 'aligned',
  'alignat*': 'aligned',
  eqnarray: 'aligned',
  'eqnarray*': 'aligned',
  flalign: 'aligned',
  'flalign*': 'aligned',
  gather: 'gathered',
  'gather*': 'gathered',
  multline: 'gathered',
  'multline*': 'gathered',
  split: 'aligned',
};

/** True when `&` or `\\` occur outside every `\begin…\end` environment of the content. */
function hasTopLevelRows(content: string): { amp: boolean; newline: boolean } {
  let depth = 0;
  let amp = false;
  let newline = false;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c === '\\') {
      if (content.startsWith('\\begin', i)) depth++;
      else if (content.startsWith('\\end', i)) depth = Math.max(0, depth - 1);
      else if (content[i + 1] === '\\' && depth === 0) newline = true;
      i++;
      continue;
    }
    if (c === '&' && depth === 0) amp = true;
  }
  return { amp, newline };
}

/**
 * The formula's content as KaTeX can typeset it: aligned rows (`&`, `\\` at the top level, or an
 * `align` environment found as the delimiter) are wrapped in `aligned`/`gathered`.
 */
export function typesetSource(span: Pick<MathSpan, 'content' | 'delimiter'>, envName?: string): string {
  const content = span.content.trim();
  if (span.delimiter === 'env' && envName) {
    const env = Object.hasOwn(ALIGN_ENVS, envName) ? ALIGN_ENVS[envName] : undefined;
    if (env) return `\\begin{${env}}${content}\\end{${env}}`;
    if (/^(equation|displaymath|math)\*?$/.test(envName)) return content;
    return `\\begin{${envName}}${content}\\end{${envName}}`;
  }
  const rows = hasTopLevelRows(content);
  if (rows.amp) return `\\begin{aligned}${content}\\end{aligned}`;
  if (rows.newline) return `\\begin{gathered}${content}\\end{gathered}`;
  return content;
}

// ---- the model ------------------------------------------------------------------------------------

const within = (r: TextRange, o: number) => o >= r.start && o <= r.end;


/** Index of the last formula that starts at or before `offset`, or -1. */
function lastFormulaStartingBefore(analysis: DocumentAnalysis, offset: number): number {
  const fs = analysis.formulas;
  let lo = 0;
  let hi = fs.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (fs[mid].span.start <= offset) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** The piece whose value the panel shows: the one under the cursor, else the statement's first value. */
function focusPiece(f: FormulaInfo, offset: number): { piece?: PieceInfo; reason?: string } {
  let reason: string | undefined;
  for (const c of f.chains) {
    if (!within(c.range, offset)) continue;
    const under = c.pieces.find((p) => within(p.range, offset));
    // on a written result (`= 6`) show what the statement computes, not the number written
    const computed = c.pieces.find((p) => p.status === 'value' && p.node && !isLiteral(p.node));
    if (under?.value !== undefined && !(computed && under.node && isLiteral(under.node))) return { piece: under };
    const first = computed ?? c.pieces.find((p) => p.status === 'value');
    if (first) return { piece: first };
    reason = under?.reason ?? c.pieces.find((p) => p.reason)?.reason;
  }
  if (reason) return { reason };
  for (const c of f.chains) {
    const first = c.pieces.find((p) => p.status === 'value');
    if (first) return { piece: first };
  }
  return { reason: f.chains.flatMap((c) => c.pieces).find((p) => p.reason)?.reason };
}

function statementOf(f: FormulaInfo, c: FormulaInfo['chains'][number], offset: number, content: string): PanelStatement {
  const base = f.span.contentStart;
  const source = texOrText(content.slice(c.range.start - base, c.range.end - base).trim());
  // a definition shows the defined value; any other statement its first computed piece
  const computed = c.pieces.find((p) => p.status === 'value' && p.node && !isLiteral(p.node));
  const valued = computed ?? c.pieces.find((p) => p.status === 'value') ?? (c.defines.length ? c.pieces.find((p) => p.value !== undefined) : undefined);
  const reason = valued ? undefined : c.pieces.find((p) => p.status === 'problem')?.reason ?? c.pieces.find((p) => p.reason)?.reason;
  const symbolic = reason !== undefined && !c.pieces.some((p) => p.status === 'problem') ? symbolicNames(c.pieces) : undefined;
  return {
    ...source,
    computed: !!computed,
    defines: c.defines.slice(),
    ...(valued?.value !== undefined ? { value: panelValue(valued.value) } : {}),
    ...(symbolic ? { symbolic } : reason ? { reason: clip(reason, 300) } : {}),
    active: within(c.range, offset),
  };
}

const UNKNOWN_SYMBOL = /^unknown symbol (.+)$/;

/**
 * The names without a value that make a statement symbolic, when that is the only reason its
 * pieces have no value (`unknown symbol n_t`); undefined when any piece has another reason.
 */
function symbolicNames(pieces: readonly PieceInfo[]): string[] | undefined {
  const names: string[] = [];
  for (const p of pieces) {
    if (p.reason === undefined) continue;
    const m = UNKNOWN_SYMBOL.exec(p.reason);
    if (!m) return undefined;
    if (!names.includes(m[1]) && names.length < 8) names.push(clip(m[1], 60));
  }
  return names.length ? names : undefined;
}

/** The hover's shape flow and counts for the cursor, as the panel shows them. */
function explanationFor(analysis: DocumentAnalysis, offset: number, text: string | undefined, lang: Lang): Pick<PanelFormula, 'shapes' | 'counts'> {
  const e = explainAt(analysis, offset, text, lang);
  const out: Pick<PanelFormula, 'shapes' | 'counts'> = {};
  if ((e.kind === 'attention' || e.kind === 'shape') && e.steps?.length) {
    const label = /`([^`]*)`/.exec(e.markdown)?.[1] ?? '';
    const named = e.symbolicShape?.join('×');
    const numeric = e.shape?.join('×');
    const shape = named && numeric && named !== numeric ? `${named} = ${numeric}` : named ?? numeric;
    out.shapes = { kind: e.kind, label: clip(label, 300), steps: e.steps.slice(0, MAX_STEPS_SHOWN).map((x) => clip(x, 400)), ...(shape ? { shape: clip(shape, 200) } : {}) };
  }
  if (e.parameters) out.counts = { kind: 'parameters', text: clip(e.parameters.text, 600) };
  else if (e.skipGram) out.counts = { kind: 'skip-gram', text: clip(e.skipGram.text, 600) };
  return out;
}

/** Variables known at the cursor: the formula's own definitions count once their statement has started. */
function variablesAt(analysis: DocumentAnalysis, fi: number, offset: number): { vars: Variable[]; here: Set<string> } {
  const fs = analysis.formulas;
  const here = new Set<string>();
  if (fi >= 0) {
    const f = fs[fi];
    const after = f.after;
    const own = new Map<string, Variable>();
    for (const c of f.chains) {
      if (c.range.start > offset) break;
      for (const name of c.defines) {
        // the formula's final value of the name (a later statement of it may redefine it)
        const v = after.get(name);
        if (v) {
          own.set(name, v);
          here.add(name);
        }
      }
    }
    const vars: Variable[] = [];
    for (const v of f.scope.values()) if (!own.has(v.name)) vars.push(v);
    return { vars: vars.concat([...own.values()]), here };
  }
  const next = lastFormulaStartingBefore(analysis, offset) + 1;
  const scope = next < fs.length ? fs[next].scope : (fs[fs.length - 1]?.after ?? new Map<string, Variable>());
  return { vars: [...scope.values()], here };
}

/** The recurrence on or above the cursor among the analysis's, as the BPTT command finds it (within a few formulas). */
function recurrenceNear(analysis: DocumentAnalysis, offset: number): PanelRecurrence | undefined {
  const last = lastFormulaStartingBefore(analysis, offset);
  const found = recurrenceAt(analysis.recurrences, offset);
  if (!found || found.formula <= last - RECURRENCE_LOOKBACK) return undefined;
  return { source: found.latex.trim(), canonical: recurrenceLatex(found.recurrence), range: { ...found.range } };
}

/** A counterexample's table for the panel, every text kept short. */
function panelCounterexample(ce: Counterexample): CounterexampleTable {
  const t = counterexampleTable(ce);
  return { rows: t.rows.map((r) => ({ name: clip(r.name, 100), value: clip(r.value, 40) })), more: t.more, left: clip(t.left, 40), right: clip(t.right, 40) };
}

function panelFinding(f: Finding, id: string, offset: number): PanelFinding {
  const actual = findingActual(f);
  return {
    id,
    severity: f.severity,
    code: f.code,
    message: clip(f.message, 600),
    ...(f.claimed !== undefined ? { claimed: clip(f.claimed, 600) } : {}),
    ...(actual !== undefined ? { actual } : {}),
    ...capSteps(f.steps),
    ...(f.fix ? { fixTitle: clip(f.fix.title, 120) } : {}),
    ...(f.counterexample ? { counterexample: panelCounterexample(f.counterexample) } : {}),
    range: { ...f.range },
    active: within(f.range, offset),
  };
}

/**
 * Builds what the panel shows for the cursor at `offset` of an analysed document. `text` is the
 * document text the analysis was made from, or anything that slices it (an editor passes a lazy
 * view rather than copying a large file per cursor move); it is read only for the environment name
 * of `\begin{align}…\end{align}` formulas. Without it such formulas are typeset as their content.
 */
/** The panel's view of `analysis` at `offset`; `lang` is the language its findings were written in (explanations follow it). */
export function buildPanelModel(analysis: DocumentAnalysis, offset: number, text?: string, lang: Lang = 'en'): PanelModel {
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const f of analysis.findings) {
    if (f.severity === 'error') counts.errors++;
    else if (f.severity === 'warning') counts.warnings++;
    else counts.infos++;
  }
  const fi = formulaAt(analysis, offset)?.index ?? -1;
  const model: PanelModel = { cursor: offset, findings: [], variables: [], moreVariables: 0, counts, formulas: analysis.formulas.length, ignoredFile: analysis.ignoredFile };

  if (fi >= 0) {
    const f = analysis.formulas[fi];
    const span = f.span;
    const content = span.content;
    const envName = span.delimiter === 'env' && text ? text.slice(span.start + 7, span.contentStart - 1) : undefined;
    const statements = f.chains.slice(0, MAX_STATEMENTS).map((c) => statementOf(f, c, offset, content));
    const { piece, reason } = focusPiece(f, offset);
    // `q = [3; -1]`: the value of what is written is the matrix itself, so say `q = …` rather than `[3; -1] = …`
    const chain = piece && f.chains.find((c) => c.pieces.includes(piece));
    const label = piece?.node && isLiteral(piece.node) && chain && chain.defines.length > 0 ? chain.pieces[0].source : piece?.source;
    const formula: PanelFormula = {
      index: f.index,
      range: { start: span.start, end: span.end },
      display: span.display,
      source: clip(content.trim()),
      ...(content.length <= MAX_TYPESET_CHARS ? { typeset: typesetSource(span, envName) } : {}),
      ignored: f.ignored,
      statements,
      moreStatements: Math.max(0, f.chains.length - MAX_STATEMENTS),
    };
    if (piece?.value !== undefined) formula.focus = { ...texOrText((label ?? '').trim()), value: panelValue(piece.value), ...capSteps(piece.steps) };
    Object.assign(formula, explanationFor(analysis, offset, text, lang));
    if (piece?.value === undefined && reason) {
      const active = f.chains.find((c) => within(c.range, offset)) ?? f.chains.find((c) => c.pieces.some((p) => p.reason));
      const symbolic = UNKNOWN_SYMBOL.test(reason) && active ? symbolicNames(active.pieces) : undefined;
      // a shape flow says what the formula does; "no value" next to it would only contradict the hover
      if (formula.shapes) {
        // nothing more to say
      } else if (symbolic) formula.symbolic = symbolic;
      else formula.reason = clip(reason, 300);
    }
    model.formula = formula;

    const found = f.findings.map((x, k) => panelFinding(x, `${f.index}.${k}`, offset));
    found.sort((a, b) => Number(b.active) - Number(a.active));
    model.findings = found.slice(0, MAX_FINDINGS);
  }

  const { vars, here } = variablesAt(analysis, fi, offset);
  // in document order; when there are too many, the ones defined nearest above the cursor
  vars.sort((a, b) => a.range.start - b.range.start);
  model.variables = vars.slice(-MAX_VARIABLES).map((v) => ({ name: v.name, nameLatex: nameLatex(v.name), value: panelValue(v.value, MAX_SHOWN_DIM_VARIABLE, ELIDE_EDGE_VARIABLE), range: { ...v.range }, definedHere: here.has(v.name) }));
  model.moreVariables = Math.max(0, vars.length - MAX_VARIABLES);

  const rec = recurrenceNear(analysis, offset);
  if (rec) model.recurrence = rec;
  return model;
}

/**
 * The finding a panel id (`formulaIndex.findingIndex`) names in this analysis, if it still exists
 * and has a fix. The extension applies its `fix` only when the document has not changed since.
 */
export function findingById(analysis: DocumentAnalysis, id: string): Finding | undefined {
  const m = /^(\d{1,7})\.(\d{1,5})$/.exec(id);
  if (!m) return undefined;
  const f = analysis.formulas[Number(m[1])];
  return f?.findings[Number(m[2])];
}
