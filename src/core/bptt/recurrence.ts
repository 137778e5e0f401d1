/**
 * Recognises a recurrence as students write it in LaTeX — `h_t = \tanh(W_{hh} h_{t-1} + W_{hx} x_t + b)`,
 * `z_t = … \quad h_t = \sigma(z_t)`, `h_t = x_t - h_{t-1}` — and turns it into a {@link Recurrence}.
 * It is a pattern over the front end's statements and trees (syntax/), the ones the document analysis
 * reads for values: a state, one activation, and a sum of terms each made of a number, at most one
 * weight and at most one of h_{t-1}, h_{t-2}, x_t. It reads no text of its own; the source is sliced
 * only to keep a name's style as written (`\mathbf{W}`).
 */
import { ungroup, type Node, type NodeOf } from '../syntax/ast';
import type { Token } from '../syntax/tokens';
import { parsePiece } from '../syntax/parser';
import { readFormula, type ReadFormula, type ReadPiece } from '../syntax/formula';
import { splitRunTogether } from '../syntax/runTogether';
import { GENERIC_ACTIVATIONS, activationOf, hasRole } from '../syntax/vocabulary';
import { message, render, type Message } from '../messages';
import { Activation, Recurrence, RecurrenceTerm, TermRole } from './types';
export { preactLatex, recurrenceLatex, signedProduct, formatNumber } from './latex';

/**
 * A recurrence read, or why not: `problem` to write in the user's language, `error` its English text;
 * `indexedState` when a statement of the formula defines an indexed state (`h_t = …`), so the formula
 * was meant as a recurrence and its problem is worth showing.
 */
export type ParseResult = { ok: true; recurrence: Recurrence } | { ok: false; error: string; problem: Message; indexedState: boolean };

/** A formula as the front end read it, with its text (offsets of the trees are into `source`). */
export interface RecurrenceSource {
  source: string;
  read: ReadFormula;
}

class Fail {
  constructor(readonly problem: Message) {}
}
const fail = (problem: Message): never => {
  throw new Fail(problem);
};

// ---------------------------------------------------------------------------------------------
// Indexed symbols: h_{t-1}, W_{hh}, h^{(t)}, \mathbf{x}_t

interface Symbol {
  /** Which symbol it is: `h`, `\alpha`, `\hat{h}` (a style such as \mathbf does not change it). */
  base: string;
  /** The base as written, style kept: `\mathbf{h}`. */
  latex: string;
  /** Plain text of the subscript (`t-1`, `hh`), '' when none. */
  sub: string;
  /** Its LaTeX. */
  subLatex: string;
  /** A bracketed index written up (`(t-1)` of `h^{(t-1)}`), '' when none. */
  sup: string;
}

const STYLE_COMMAND = /^\\([A-Za-z]+)\s*\{?/;

function symbolOf(n: NodeOf<'sym'>, src: string): Symbol {
  const base = n.base;
  let latex = base;
  // `\mathbf{W}`, `\mathrm{W}`: the tree keeps the letter; the answer's style is kept for writing
  const style = STYLE_COMMAND.exec(src.slice(n.s, n.e));
  if (style && !base.startsWith('\\') && (hasRole(style[1], 'style') || hasRole(style[1], 'text'))) latex = `\\${style[1]}{${base}}`;
  const sub = n.subText !== undefined ? n.subText.replace(/\s+/g, '') : '';
  const subLatex = n.subText !== undefined ? n.subText : '';
  const up = /\^\{(.*)\}$/.exec(n.name.slice(base.length + (n.subText !== undefined ? n.subText.length + 1 : 0)));
  return { base, latex, sub, subLatex, sup: up ? up[1].replace(/\s+/g, '') : '' };
}

/** `t`, `t-1`, `t+2` (or `(t-1)` / `<t>` in a superscript) → the time variable and offset. */
function timeIndex(text: string, timeVar?: string): { v: string; off: number } | undefined {
  const s = text.replace(/^\((.*)\)$/, '$1').replace(/^<(.*)>$/, '$1');
  const m = /^([a-zA-Z]|\\tau)([+-]\d+)?$/.exec(s);
  if (!m) return undefined;
  if (timeVar !== undefined && m[1] !== timeVar) return undefined;
  return { v: m[1], off: m[2] ? Number(m[2]) : 0 };
}

function symbolTime(sym: Symbol, timeVar?: string): { v: string; off: number } | undefined {
  if (sym.sub) {
    const idx = timeIndex(sym.sub, timeVar);
    if (idx) return idx;
  }
  if (sym.sup && /^(\(.*\)|<.*>)$/.test(sym.sup)) return timeIndex(sym.sup, timeVar);
  return undefined;
}

/** The weight's LaTeX and plain name: `W_{hh}` / `W_hh`. */
function weightName(sym: Symbol): { latex: string; name: string } {
  const latex = sym.sub ? `${sym.latex}_{${sym.subLatex}}` : sym.latex;
  const name = sym.sub ? `${sym.base}_${sym.sub}` : sym.base;
  return { latex: latex + (sym.sup ? `^{${sym.sup}}` : ''), name: name + (sym.sup ? `^${sym.sup}` : '') };
}

/**
 * The single-letter names of a symbol: `Wh_t` is W times h_t (a recurrence's weights and states are
 * single letters, so every letter of a run is a name; the scripts go with the last).
 */
function lettersOf(sym: Symbol): Symbol[] {
  const letters = splitRunTogether(sym.base, () => true);
  if (!letters || sym.latex !== sym.base) return [sym];
  return letters.map((c, i) => (i === letters.length - 1 ? { ...sym, base: c, latex: c } : { base: c, latex: c, sub: '', subLatex: '', sup: '' }));
}

// ---------------------------------------------------------------------------------------------
// Statements

/** One side of a statement: its tree, or its tokens when the grammar has none (`\psi(z_t)`). */
interface Side {
  node?: Node;
  tokens: Token[];
}

interface Statement {
  lhs: Side;
  rhs: Side[];
  src: string;
}

function statementsOf(f: RecurrenceSource): Statement[] {
  const out: Statement[] = [];
  for (const chain of f.read.chains) {
    const [first, ...rest] = chain.pieces;
    const rhs: Side[] = [];
    for (const p of rest) {
      if (p.piece.rel !== '=') break;
      rhs.push(sideOf(p));
    }
    if (first && rhs.length) out.push({ lhs: sideOf(first), rhs, src: f.source });
  }
  return out;
}

function sideOf(p: ReadPiece): Side {
  return { node: p.node, tokens: p.piece.tokens };
}

interface Lhs {
  sym: Symbol;
  time?: { v: string; off: number };
}

function readLhs(side: Side, src: string): Lhs | undefined {
  const n = side.node && ungroup(side.node);
  if (!n || n.t !== 'sym') return undefined;
  const sym = symbolOf(n, src);
  return { sym, time: symbolTime(sym) };
}

const ACTIVATION_LATEX = { sigma: '\\sigma', tanh: '\\tanh', relu: '\\mathrm{ReLU}' } as const;

interface ActApplied {
  activation: Activation;
  inner: Node;
}

/** The activation a call node applies (`\sigma(…)`, `\tanh(…)`, `ReLU(…)`, `\max(0, …)`), if it is one. */
function callActivation(n: NodeOf<'call'>): ActApplied | undefined {
  if (n.prime > 0 || n.power || n.base) return undefined;
  if (n.fn === 'max') {
    if (n.args.length !== 2) fail(message('recurrence.max-arguments'));
    const isZero = (x: Node) => {
      const u = ungroup(x);
      return u.t === 'num' && u.v === 0;
    };
    if (isZero(n.args[0])) return { activation: { kind: 'relu', latex: ACTIVATION_LATEX.relu }, inner: n.args[1] };
    if (isZero(n.args[1])) return { activation: { kind: 'relu', latex: ACTIVATION_LATEX.relu }, inner: n.args[0] };
    fail(message('recurrence.max-relu'));
  }
  const kind = activationOf(n.fn);
  if (!kind || n.args.length !== 1) return undefined;
  return { activation: { kind, latex: ACTIVATION_LATEX[kind] }, inner: n.args[0] };
}

/** The leftmost term of a sum: `\tanh(…)` of `\tanh(…) + b`. */
function leftmost(n: Node): Node {
  for (;;) {
    if (n.t === 'bin' && (n.op === '+' || n.op === '-')) n = n.a;
    else return n;
  }
}

/**
 * `\psi(…)`, `f(…)`, `\sigma_h(…)`: an activation the grammar gives no tree (a letter applied, a
 * labelled activation), read from the piece's tokens: the head, then one parenthesised argument
 * parsed by the front end's grammar. Undefined when the side does not start so.
 */
function appliedByTokens(tokens: Token[]): ActApplied | undefined {
  const head = tokens[0];
  if (!head) return undefined;
  let activation: Activation | undefined;
  if (head.type === 'cmd' && GENERIC_ACTIVATIONS.has('\\' + head.value)) activation = { kind: 'generic', latex: '\\' + head.value };
  else if (head.type === 'ident' && GENERIC_ACTIVATIONS.has(head.value)) activation = { kind: 'generic', latex: head.value };
  else if (head.type === 'cmd' || head.type === 'text' || head.type === 'ident') {
    const kind = activationOf(head.type === 'cmd' ? head.value : head.value.toLowerCase());
    if (kind) activation = { kind, latex: ACTIVATION_LATEX[kind] };
  }
  if (!activation) return undefined;
  let j = 1;
  // `\sigma_h(…)`: a label subscript
  if (isOp(tokens[j], '_')) j = isOp(tokens[j + 1], '{') ? closing(tokens, j + 1, '{', '}') + 1 : j + 2;
  if (j <= 0) return undefined;
  const left = tokens[j]?.type === 'cmd' && tokens[j].value === 'left';
  const open = left ? j + 1 : j;
  if (!isOp(tokens[open], '(')) return undefined;
  const close = closing(tokens, open, '(', ')');
  if (close < 0) return undefined;
  const innerEnd = left && tokens[close - 1]?.type === 'cmd' && tokens[close - 1].value === 'right' ? close - 1 : close;
  if (close !== tokens.length - 1) fail(message('recurrence.terms-outside', { activation: activation.latex }));
  let inner: Node;
  try {
    inner = parsePiece(tokens.slice(open + 1, innerEnd), { maxMatrixElements: 1000, maxDepth: 200 });
  } catch {
    return fail(message('recurrence.unreadable', { expr: `${activation.latex}(…)` }));
  }
  return { activation, inner };
}

function isOp(t: Token | undefined, v: string): boolean {
  return !!t && t.type === 'op' && t.value === v;
}

/** The index of the token closing the `open` at `i` (nested ones skipped), or -1. */
function closing(tokens: Token[], i: number, open: string, close: string): number {
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    if (isOp(tokens[j], open)) depth++;
    else if (isOp(tokens[j], close) && --depth === 0) return j;
  }
  return -1;
}

/** `\sigma(…)` covering the whole side, or undefined; an activation with terms beside it fails. */
function activationApplied(side: Side): ActApplied | undefined {
  if (!side.node) return appliedByTokens(side.tokens);
  const n = ungroup(side.node);
  if (n.t === 'call') return callActivation(n);
  const first = ungroup(leftmost(n));
  if (first !== n && first.t === 'call') {
    const act = callActivation(first);
    if (act) fail(message('recurrence.terms-outside', { activation: act.activation.latex }));
  }
  return undefined;
}

interface Ctx {
  state: string; // base
  timeVar: string;
  lhsOff: number;
  stateLatex: string;
  src: string;
}

interface RawTerm {
  role: TermRole;
  weight?: { latex: string; name: string };
  coef: number;
  inputLatex?: string;
  inputBase?: string;
}

const at = (ctx: Ctx, off: number) => `${ctx.stateLatex}_{${ctx.timeVar}${off === 0 ? '' : off}}`;

function textOf(n: Node, ctx: Ctx): string {
  return ctx.src.slice(n.s, n.e).trim();
}

/** The terms of a sum `a + b - (c + d)`, each with its sign. */
function parseSum(n: Node, sign: number, ctx: Ctx, out: RawTerm[] = []): RawTerm[] {
  if (n.t === 'bin' && (n.op === '+' || n.op === '-')) {
    parseSum(n.a, sign, ctx, out);
    return parseSum(n.b, n.op === '-' ? -sign : sign, ctx, out);
  }
  if (n.t === 'neg') return parseSum(n.a, -sign, ctx, out);
  if (n.t === 'group') {
    // a parenthesised sum on its own: `+ (U x_t + b)`
    return parseSum(n.a, sign, ctx, out);
  }
  out.push(parseTerm(n, sign, ctx));
  return out;
}

/** The factors of a product, in order: `0.5 W h_{t-1}`, `W \cdot h_{t-1}`. */
function factorsOf(n: Node, out: Node[] = []): Node[] {
  if (n.t === 'bin' && (n.op === 'implicit' || n.op === 'cdot' || n.op === 'times' || n.op === '*')) {
    factorsOf(n.a, out);
    return factorsOf(n.b, out);
  }
  out.push(n);
  return out;
}

function numberOf(n: Node): number | undefined {
  if (n.t === 'num') return n.v;
  if (n.t === 'group') return numberOf(n.a);
  if (n.t === 'frac') {
    const a = numberOf(n.a);
    const b = numberOf(n.b);
    return a !== undefined && b !== undefined && b !== 0 ? a / b : undefined;
  }
  return undefined;
}

function parseTerm(term: Node, sign: number, ctx: Ctx): RawTerm {
  const text = textOf(term, ctx);
  let coef = sign;
  let weight: { latex: string; name: string } | undefined;
  let variable: { role: TermRole; latex?: string; base?: string } | undefined;
  const symbols: Symbol[] = [];
  for (const f0 of factorsOf(term)) {
    let f = f0;
    if (f.t === 'neg') {
      coef = -coef;
      f = f.a;
    }
    const v = numberOf(f);
    if (v !== undefined) {
      coef *= v;
      continue;
    }
    if (f.t === 'tuple' || (f.t === 'group' && ungroup(f).t === 'tuple')) {
      if (/^(\\left\s*)?\[/.test(textOf(f, ctx))) fail(message('recurrence.concatenation', { expr: textOf(f, ctx), example: 'W_h h_{t-1} + W_x x_t' }));
      fail(message('recurrence.product', { expr: text, previous: at(ctx, -1), second: at(ctx, -2), input: `x_${ctx.timeVar}` }));
    }
    // `W (h_{t-1})`: parentheses around one symbol are harmless
    const u = ungroup(f);
    if (u.t === 'sym') {
      symbols.push(...lettersOf(symbolOf(u, ctx.src)));
      continue;
    }
    if (u.t === 'group' || u.t === 'bin') fail(message('recurrence.product', { expr: text, previous: at(ctx, -1), second: at(ctx, -2), input: `x_${ctx.timeVar}` }));
    if (u.t === 'transpose') fail(message('recurrence.transposed', { weight: textOf(u, ctx) }));
    if (u.t === 'call') {
      const kind = activationOf(u.fn);
      if (kind || u.fn === 'max') fail(message('recurrence.activation-inside', { activation: kind ? ACTIVATION_LATEX[kind] : '\\max' }));
    }
    fail(message('recurrence.unreadable', { expr: text }));
  }
  for (const sym of symbols) {
    const time = symbolTime(sym, ctx.timeVar);
    if (time) {
      const rel = time.off - ctx.lhsOff;
      if (variable) fail(message('recurrence.two-indexed', { expr: text }));
      if (sym.base === ctx.state) {
        if (rel === -1) variable = { role: 'W' };
        else if (rel === -2) variable = { role: 'M' };
        else if (rel === 0) fail(message('recurrence.both-sides', { current: `${ctx.stateLatex}_${ctx.timeVar}`, previous: at(ctx, -1), second: at(ctx, -2) }));
        else fail(message('recurrence.lag', { expr: text, previous: at(ctx, -1), second: at(ctx, -2) }));
      } else {
        if (rel !== 0) fail(message('recurrence.input-step', { input: weightName(sym).latex }));
        variable = { role: 'U', latex: sym.latex, base: sym.base };
      }
      continue;
    }
    if (sym.base === ctx.state && !sym.sub) fail(message('recurrence.no-index', { symbol: sym.latex, example: `${sym.latex}_{${ctx.timeVar}-1}` }));
    if (weight) fail(message('recurrence.two-weights', { expr: text, first: weight.latex, second: weightName(sym).latex }));
    weight = weightName(sym);
  }
  if (!variable) return { role: 'b', weight, coef };
  return { role: variable.role, weight, coef, inputLatex: variable.latex, inputBase: variable.base };
}

function assemble(raw: RawTerm[], ctx: Ctx, activation: Activation, preact: string, source: string): Recurrence {
  const terms: RecurrenceTerm[] = [];
  let input = 'x';
  let inputBase: string | undefined;
  for (const r of raw) {
    if (terms.some((t) => t.role === r.role)) {
      const what = r.role === 'W' ? at(ctx, -1) : r.role === 'M' ? at(ctx, -2) : r.role === 'U' ? message('recurrence.what-input') : message('recurrence.what-bias');
      fail(message('recurrence.two-terms', { what }));
    }
    if (r.role === 'U') {
      if (inputBase !== undefined && inputBase !== r.inputBase) fail(message('recurrence.one-input'));
      inputBase = r.inputBase;
      input = r.inputLatex ?? 'x';
    }
    terms.push({ role: r.role, coef: r.coef, ...(r.weight ? { weight: r.weight.latex, name: r.weight.name } : {}) });
  }
  if (!terms.some((t) => t.role === 'W' || t.role === 'M')) {
    fail(message('recurrence.no-dependence', { current: `${ctx.stateLatex}_{${ctx.timeVar}}`, previous: at(ctx, -1) }));
  }
  const names = new Set<string>();
  for (const t of terms) {
    if (!t.name) continue;
    if (names.has(t.name)) fail(message('recurrence.weight-twice', { weight: t.weight ?? t.name }));
    names.add(t.name);
  }
  return { state: ctx.stateLatex, input, preact, activation, terms, source };
}

/** `others`: the other statements a pre-activation may be defined in, made on first use (`h_t = \sigma(z_t)`). */
function tryStatement(st: Statement, others: () => Statement[], source: string): Recurrence {
  const lhs = readLhs(st.lhs, st.src);
  if (!lhs || !lhs.time) return fail(message('recurrence.lhs'));
  const ctx: Ctx = { state: lhs.sym.base, timeVar: lhs.time.v, lhsOff: lhs.time.off, stateLatex: lhs.sym.latex, src: st.src };
  let lastError: Fail | undefined;
  for (const rhs of st.rhs) {
    try {
      const applied = activationApplied(rhs);
      if (!applied && !rhs.node) fail(message('recurrence.unreadable', { expr: ctx.src.slice(rhs.tokens[0]?.start ?? 0, rhs.tokens[rhs.tokens.length - 1]?.end ?? 0).trim() }));
      const activation: Activation = applied ? applied.activation : { kind: 'identity', latex: '' };
      const inner = applied ? applied.inner : rhs.node!;
      // `h_t = \sigma(z_t)` with z_t defined in another statement.
      const single = ungroup(inner);
      if (applied && single.t === 'sym' && single.base !== ctx.state) {
        const zsym = symbolOf(single, ctx.src);
        const ztime = symbolTime(zsym, ctx.timeVar);
        if (zsym.sub && !ztime) fail(message('recurrence.preact-index', { preact: weightName(zsym).latex, t: ctx.timeVar }));
        if (ztime && ztime.off !== ctx.lhsOff) fail(message('recurrence.preact-step', { applied: `${activation.latex}(${weightName(zsym).latex})` }));
        const def = others().find((o) => {
          const l = readLhs(o.lhs, o.src);
          if (!l || l.sym.base !== zsym.base) return false;
          return !l.sym.sub || !!symbolTime(l.sym, ctx.timeVar);
        });
        if (!def) return fail(message('recurrence.preact-undefined', { preact: weightName(zsym).latex, example: `${zsym.latex}_${ctx.timeVar} = …` }));
        const dl = readLhs(def.lhs, def.src) as Lhs;
        const dt = symbolTime(dl.sym, ctx.timeVar);
        const zctx: Ctx = { ...ctx, lhsOff: dt ? dt.off : ctx.lhsOff, src: def.src };
        let zErr: Fail | undefined;
        for (const zr of def.rhs) {
          try {
            if (!zr.node) fail(message('recurrence.unreadable', { expr: def.src.slice(zr.tokens[0]?.start ?? 0, zr.tokens[zr.tokens.length - 1]?.end ?? 0).trim() }));
            return assemble(parseSum(zr.node!, 1, zctx), ctx, activation, zsym.latex, source);
          } catch (e) {
            if (!(e instanceof Fail)) throw e;
            zErr ??= e;
          }
        }
        throw zErr!;
      }
      return assemble(parseSum(inner, 1, ctx), ctx, activation, ctx.state === 'z' ? 'a' : 'z', source);
    } catch (e) {
      if (!(e instanceof Fail)) throw e;
      lastError ??= e;
    }
  }
  throw lastError!;
}

/** Whether a side names the state (`h`, also inside `Wh_{t-1}`) or applies a function: it looks like a state equation. */
function mentions(side: Side, state: string): { state: boolean; fn: boolean } {
  const seen = { state: false, fn: false };
  const walk = (n: Node | undefined): void => {
    if (!n) return;
    if (n.t === 'sym') {
      if (n.base === state || (splitRunTogether(n.base, () => true) ?? []).includes(state)) seen.state = true;
      return;
    }
    if (n.t === 'call') seen.fn = true;
    for (const v of Object.values(n)) {
      if (Array.isArray(v)) v.forEach((x) => (Array.isArray(x) ? x.forEach(walk) : typeof x === 'object' && x && 't' in x && walk(x as Node)));
      else if (typeof v === 'object' && v && 't' in v) walk(v as Node);
    }
  };
  if (side.node) walk(side.node);
  else {
    for (const t of side.tokens) {
      if ((t.type === 'ident' && t.value.includes(state)) || (t.type === 'cmd' && '\\' + t.value === state)) seen.state = true;
      if ((t.type === 'cmd' || t.type === 'text' || t.type === 'ident') && activationOf(t.type === 'cmd' ? t.value : t.value.toLowerCase())) seen.fn = true;
    }
  }
  return seen;
}

/**
 * Reads the recurrence in a formula the front end has read. The formula may hold several statements
 * (the two-line form `z_t = … , h_t = \psi(z_t)`); `context` adds nearby formulas where a
 * pre-activation may be defined.
 */
/**
 * Whether a formula has a statement whose left side is a state at a time step (`h_t = …`, `s_{t+1} = …`):
 * only such a formula can be a recurrence or a state equation BPTT cannot read (what `recogniseRecurrence`
 * answers for any other is a failure without `indexedState`). Cheap: no context, no message.
 */
export function mayBeRecurrence(formula: RecurrenceSource): boolean {
  // the left sides of `statementsOf`'s statements, read without making the statements
  for (const chain of formula.read.chains) {
    const first = chain.pieces[0];
    if (first && chain.pieces[1]?.piece.rel === '=' && readLhs(sideOf(first), formula.source)?.time) return true;
  }
  return false;
}

export function recogniseRecurrence(formula: RecurrenceSource, context: RecurrenceSource[] = []): ParseResult {
  return recogniseIn(formula, () => context).result;
}

/**
 * `recogniseRecurrence` with its context made on first use, and whether it was: only a state applied to a
 * pre-activation named alone (`h_t = \sigma(z_t)`) looks for that name's definition in the statements
 * around it. An answer that repeats a recurrence reads it once (`findRecurrencesSteps`).
 */
export function recogniseIn(formula: RecurrenceSource, context: () => RecurrenceSource[]): { result: ParseResult; readContext: boolean } {
  const own = statementsOf(formula);
  let extra: Statement[] | undefined;
  let readContext = false;
  const othersThan = (st: Statement) => () => {
    readContext = true;
    extra ??= context().flatMap(statementsOf);
    return [...own.filter((o) => o !== st), ...extra];
  };
  const failed = (problem: Message, indexedState = false): ParseResult => ({ ok: false, error: render('en', problem), problem, indexedState });
  if (!own.length) return { result: failed(message('recurrence.no-equation', { example: 'h_t = \\tanh(W h_{t-1} + U x_t + b)' })), readContext };
  let best: { problem: Message; score: number } | undefined;
  let indexedState = false;
  for (const st of own) {
    try {
      return { result: { ok: true, recurrence: tryStatement(st, othersThan(st), formula.source.trim()) }, readContext };
    } catch (e) {
      if (!(e instanceof Fail)) throw e;
      // Prefer the error about a statement that looks like a state equation (its state on both sides,
      // or an activation applied) over one about a definition such as z_t = ….
      const lhs = readLhs(st.lhs, st.src);
      if (lhs?.time) indexedState = true;
      let score = lhs?.time ? 1 : 0;
      const seen = st.rhs.map((r) => mentions(r, lhs?.sym.base ?? '\u0000'));
      if (lhs && seen.some((s) => s.state)) score += 2;
      if (seen.some((s) => s.fn)) score += 1;
      if (!best || score > best.score) best = { problem: e.problem, score };
    }
  }
  return { result: failed(message('recurrence.not-readable', { reason: best?.problem ?? message('recurrence.no-state-equation') }), indexedState), readContext };
}

/**
 * Reads the recurrence in `latex` (a formula's content). The text may hold several statements
 * separated by `\quad`, `,`, `;` or `\\`; `context` adds statements from nearby formulas where a
 * pre-activation may be defined.
 */
export function parseRecurrence(latex: string, context: string[] = []): ParseResult {
  return recogniseRecurrence({ source: latex, read: readFormula(latex) }, context.map((c) => ({ source: c, read: readFormula(c) })));
}

export const _internal = { timeIndex };
