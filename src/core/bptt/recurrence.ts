/**
 * Recognises a recurrence as students write it in LaTeX — `h_t = \tanh(W_{hh} h_{t-1} + W_{hx} x_t + b)`,
 * `z_t = … \quad h_t = \sigma(z_t)`, `h_t = x_t - h_{t-1}` — and turns it into a {@link Recurrence}.
 * The grammar is deliberately small: a state, one activation, and a sum of terms each made of a
 * number, at most one weight and at most one of h_{t-1}, h_{t-2}, x_t.
 */
import { Activation, ActivationKind, Recurrence, RecurrenceTerm, TermRole } from './types';

// ---------------------------------------------------------------------------------------------
// Tokens

type Tok =
  | { t: 'sym'; base: string; latex: string }
  | { t: 'num'; v: number; text: string }
  | { t: 'op'; v: string }
  | { t: 'fn'; kind: ActivationKind | 'max'; latex: string }
  | { t: 'sep' }
  | { t: 'cmd'; v: string };

const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota', 'kappa',
  'lambda', 'mu', 'nu', 'xi', 'pi', 'rho', 'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi', 'omega',
  'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega',
]);
/** Greek letters or single letters that stand for an unnamed activation when applied with parentheses. */
const GENERIC_ACTIVATIONS = new Set(['\\psi', '\\phi', '\\varphi', 'f', 'g', '\\Phi']);
const IGNORED = new Set([',', ';', ':', '!', ' ', 'displaystyle', 'textstyle', 'big', 'Big', 'bigg', 'Bigg', 'left', 'right', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr', 'mathopen', 'mathclose', 'limits', 'nolimits']);
const SEPARATORS = new Set(['quad', 'qquad', 'Rightarrow', 'Longrightarrow', 'implies', 'to', 'rightarrow', 'iff', 'Leftrightarrow', 'text', 'mbox', 'textrm', 'hspace', 'newline', 'forall', 'where']);
const MUL = new Set(['cdot', 'times', 'ast']);
const STYLE_WRAPPERS = new Set(['mathbf', 'boldsymbol', 'bm', 'vec', 'mathrm', 'mathit', 'mathsf', 'operatorname', 'text', 'textrm', 'textbf', 'mathbb', 'hat', 'tilde', 'bar', 'overline', 'widetilde', 'widehat', 'mathcal']);
/** Wrappers that change which symbol it is (h and \tilde h differ); the rest only change how it looks. */
const DISTINCT_WRAPPERS = new Set(['hat', 'tilde', 'bar', 'overline', 'widetilde', 'widehat', 'mathcal', 'mathbb']);

function activationWord(word: string): { kind: ActivationKind; latex: string } | undefined {
  const w = word.replace(/\s+/g, '');
  if (/^(relu)$/i.test(w)) return { kind: 'relu', latex: '\\mathrm{ReLU}' };
  if (/^tanh$/i.test(w)) return { kind: 'tanh', latex: '\\tanh' };
  if (/^(sigmoid|sigm|sig)$/i.test(w)) return { kind: 'sigma', latex: '\\sigma' };
  return undefined;
}

/** Reads a `{…}` group starting at `i` (which must be `{`); returns the inner text and the index after `}`. */
function readGroup(src: string, i: number): { inner: string; next: number } | undefined {
  if (src[i] !== '{') return undefined;
  let depth = 0;
  for (let j = i; j < src.length; j++) {
    if (src[j] === '\\') {
      j++;
      continue;
    }
    if (src[j] === '{') depth++;
    else if (src[j] === '}') {
      depth--;
      if (depth === 0) return { inner: src.slice(i + 1, j), next: j + 1 };
    }
  }
  return undefined;
}

function skipSpaces(src: string, i: number): number {
  while (i < src.length && /\s/.test(src[i])) i++;
  return i;
}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c) || c === '&' || c === '$') {
      i++;
      continue;
    }
    if (c === '\\') {
      if (src[i + 1] === '\\') {
        out.push({ t: 'sep' });
        i += 2;
        continue;
      }
      const m = /^\\([A-Za-z]+|.)/.exec(src.slice(i));
      if (!m) {
        i++;
        continue;
      }
      const name = m[1];
      i += m[0].length;
      if (IGNORED.has(name)) {
        // `\left.` and `\right.` are invisible delimiters.
        if ((name === 'left' || name === 'right') && src[skipSpaces(src, i)] === '.') i = skipSpaces(src, i) + 1;
        continue;
      }
      if (name === '{' || name === '}') continue; // \{ \} are set braces, not grouping: ignore.
      if (STYLE_WRAPPERS.has(name)) {
        const j = skipSpaces(src, i);
        const g = readGroup(src, j);
        const inner = g ? g.inner.trim() : src[j] ?? '';
        i = g ? g.next : j + 1;
        const act = activationWord(inner);
        if (act) {
          out.push({ t: 'fn', kind: act.kind, latex: act.latex });
          continue;
        }
        if (/^[A-Za-z]$/.test(inner) || (/^\\[A-Za-z]+$/.test(inner) && GREEK.has(inner.slice(1)))) {
          const base = DISTINCT_WRAPPERS.has(name) ? `${name}:${inner}` : inner;
          out.push({ t: 'sym', base, latex: `\\${name}{${inner}}` });
          continue;
        }
        if (name === 'text' || name === 'mbox' || name === 'textrm' || name === 'textbf') {
          out.push({ t: 'sep' });
          continue;
        }
        out.push(...tokenize(inner));
        continue;
      }
      if (SEPARATORS.has(name)) {
        out.push({ t: 'sep' });
        continue;
      }
      if (MUL.has(name)) continue; // `W \cdot h_{t-1}`: multiplication is implicit anyway.
      if (name === 'sigma') {
        out.push({ t: 'fn', kind: 'sigma', latex: '\\sigma' });
        continue;
      }
      if (name === 'tanh') {
        out.push({ t: 'fn', kind: 'tanh', latex: '\\tanh' });
        continue;
      }
      if (name === 'max') {
        out.push({ t: 'fn', kind: 'max', latex: '\\max' });
        continue;
      }
      if (name === 'frac' || name === 'tfrac' || name === 'dfrac') {
        const a = readGroup(src, skipSpaces(src, i));
        const b = a ? readGroup(src, skipSpaces(src, a.next)) : undefined;
        const na = a ? Number(a.inner.trim()) : NaN;
        const nb = b ? Number(b.inner.trim()) : NaN;
        if (a && b && Number.isFinite(na) && Number.isFinite(nb) && nb !== 0) {
          out.push({ t: 'num', v: na / nb, text: `\\frac{${a.inner.trim()}}{${b.inner.trim()}}` });
          i = b.next;
        } else {
          out.push({ t: 'cmd', v: 'frac' });
        }
        continue;
      }
      if (GREEK.has(name)) {
        out.push({ t: 'sym', base: `\\${name}`, latex: `\\${name}` });
        continue;
      }
      if (name === 'top' || name === 'intercal') {
        out.push({ t: 'sym', base: 'T', latex: '\\top' });
        continue;
      }
      if (name === 'prime') {
        out.push({ t: 'op', v: "'" });
        continue;
      }
      if (name === 'langle') {
        out.push({ t: 'op', v: '<' });
        continue;
      }
      if (name === 'rangle') {
        out.push({ t: 'op', v: '>' });
        continue;
      }
      if (name === 'lbrack') {
        out.push({ t: 'op', v: '[' });
        continue;
      }
      if (name === 'rbrack') {
        out.push({ t: 'op', v: ']' });
        continue;
      }
      out.push({ t: 'cmd', v: name });
      continue;
    }
    const word = /^(ReLU|relu|Relu|tanh|sigmoid)(?![A-Za-z])/.exec(src.slice(i));
    if (word) {
      const act = activationWord(word[1]);
      if (act) out.push({ t: 'fn', kind: act.kind, latex: act.latex });
      i += word[0].length;
      continue;
    }
    const num = /^\d+(?:\.\d+)?|^\.\d+/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0]), text: num[0] });
      i += num[0].length;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      out.push({ t: 'sym', base: c, latex: c });
      i++;
      continue;
    }
    const ch = c === '\u2212' || c === '\u2013' ? '-' : c === '\u00b7' || c === '\u00d7' || c === '*' ? '' : c;
    if (ch === '') {
      i++;
      continue;
    }
    if (c === '\u03c3') out.push({ t: 'fn', kind: 'sigma', latex: '\\sigma' });
    else out.push({ t: 'op', v: ch });
    i++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Indexed symbols: h_{t-1}, W_{hh}, h^{(t)}, \mathbf{x}_t

interface Symbol {
  base: string;
  latex: string;
  /** Plain text of the subscript (`t-1`, `hh`), '' when none. */
  sub: string;
  /** LaTeX of the subscript as written. */
  subLatex: string;
  sup: string;
}

function plain(toks: Tok[]): string {
  return toks
    .map((k) => (k.t === 'sym' ? k.base : k.t === 'num' ? k.text : k.t === 'op' ? k.v : k.t === 'fn' ? k.latex : k.t === 'cmd' ? `\\${k.v}` : ' '))
    .join('');
}

function latexOf(toks: Tok[]): string {
  let s = '';
  for (const k of toks) {
    const piece = k.t === 'sym' ? k.latex : k.t === 'num' ? k.text : k.t === 'op' ? k.v : k.t === 'fn' ? k.latex : k.t === 'cmd' ? `\\${k.v}` : ' ';
    if (/^\\[A-Za-z]+$/.test(s.split(/(?=\\)/).pop() ?? '') && /^[A-Za-z]/.test(piece)) s += ' ';
    s += piece;
  }
  return s;
}

/** Reads a `_x` / `_{…}` / `^…` argument at `i`; returns its tokens and the next index. */
function readScript(toks: Tok[], i: number): { toks: Tok[]; next: number } | undefined {
  const k = toks[i];
  if (!k) return undefined;
  if (k.t === 'op' && k.v === '{') {
    let depth = 0;
    for (let j = i; j < toks.length; j++) {
      const q = toks[j];
      if (q.t === 'op' && q.v === '{') depth++;
      else if (q.t === 'op' && q.v === '}') {
        depth--;
        if (depth === 0) return { toks: toks.slice(i + 1, j), next: j + 1 };
      }
    }
    return undefined;
  }
  return { toks: [k], next: i + 1 };
}

function readSymbol(toks: Tok[], i: number): { sym: Symbol; next: number } | undefined {
  const k = toks[i];
  if (!k || k.t !== 'sym') return undefined;
  const sym: Symbol = { base: k.base, latex: k.latex, sub: '', subLatex: '', sup: '' };
  let j = i + 1;
  for (let round = 0; round < 2; round++) {
    const op = toks[j];
    if (op && op.t === 'op' && (op.v === '_' || op.v === '^')) {
      const arg = readScript(toks, j + 1);
      if (!arg) break;
      if (op.v === '_') {
        sym.sub = plain(arg.toks).replace(/\s+/g, '');
        sym.subLatex = latexOf(arg.toks);
      } else sym.sup = plain(arg.toks).replace(/\s+/g, '');
      j = arg.next;
    } else if (op && op.t === 'op' && op.v === "'") {
      sym.sup += "'";
      j++;
    } else break;
  }
  return { sym, next: j };
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
  const bare = sym.latex.replace(/^\\(mathbf|boldsymbol|bm|mathrm|mathit|mathsf|vec)\{(.*)\}$/, '$2');
  const name = sym.sub ? `${bare}_${sym.sub}` : bare;
  return { latex: latex + (sym.sup && sym.sup !== "'" ? `^{${sym.sup}}` : ''), name: name + (sym.sup ? `^${sym.sup}` : '') };
}

// ---------------------------------------------------------------------------------------------
// Statements

export type ParseResult = { ok: true; recurrence: Recurrence } | { ok: false; error: string };

interface Statement {
  lhs: Tok[];
  rhs: Tok[][];
}

function splitStatements(toks: Tok[]): Tok[][] {
  const parts: Tok[][] = [];
  let cur: Tok[] = [];
  let depth = 0;
  for (const k of toks) {
    if (k.t === 'op' && (k.v === '(' || k.v === '{' || k.v === '[')) depth++;
    if (k.t === 'op' && (k.v === ')' || k.v === '}' || k.v === ']')) depth = Math.max(0, depth - 1);
    if (k.t === 'sep' || (depth === 0 && k.t === 'op' && (k.v === ',' || k.v === ';' || k.v === '.'))) {
      if (cur.length) parts.push(cur);
      cur = [];
      continue;
    }
    cur.push(k);
  }
  if (cur.length) parts.push(cur);
  return parts;
}

function toStatement(toks: Tok[]): Statement | undefined {
  const sides: Tok[][] = [[]];
  let depth = 0;
  for (const k of toks) {
    if (k.t === 'op' && (k.v === '(' || k.v === '{' || k.v === '[')) depth++;
    if (k.t === 'op' && (k.v === ')' || k.v === '}' || k.v === ']')) depth--;
    if (depth === 0 && k.t === 'op' && k.v === '=') sides.push([]);
    else sides[sides.length - 1].push(k);
  }
  if (sides.length < 2) return undefined;
  return { lhs: sides[0], rhs: sides.slice(1) };
}

interface Lhs {
  sym: Symbol;
  time?: { v: string; off: number };
}

function readLhs(toks: Tok[]): Lhs | undefined {
  const r = readSymbol(toks, 0);
  if (!r || r.next !== toks.length) return undefined;
  return { sym: r.sym, time: symbolTime(r.sym) };
}

class Fail extends Error {}

/** Finds the index of the `)` matching the `(` at `i`. */
function matchParen(toks: Tok[], i: number): number {
  let depth = 0;
  for (let j = i; j < toks.length; j++) {
    const k = toks[j];
    if (k.t === 'op' && (k.v === '(' || k.v === '[')) depth++;
    else if (k.t === 'op' && (k.v === ')' || k.v === ']')) {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

interface ActApplied {
  activation: Activation;
  inner: Tok[];
}

/** `\sigma(…)`, `\tanh\left(…\right)`, `\max(0, …)`, `\psi(…)` covering the whole side, or undefined. */
function activationApplied(toks: Tok[]): ActApplied | undefined {
  const head = toks[0];
  if (!head) return undefined;
  let activation: Activation | undefined;
  let j = 1;
  if (head.t === 'fn') {
    if (head.kind !== 'max') activation = { kind: head.kind, latex: head.latex };
  } else if (head.t === 'sym' && GENERIC_ACTIVATIONS.has(head.latex)) {
    activation = { kind: 'generic', latex: head.latex };
  }
  // `\sigma_h(…)`: an activation with a label subscript.
  if (toks[j]?.t === 'op' && (toks[j] as { v: string }).v === '_') {
    const s = readScript(toks, j + 1);
    if (s) j = s.next;
  }
  const open = toks[j];
  if (!open || open.t !== 'op' || open.v !== '(') {
    if (head.t === 'fn') throw new Fail(`${head.latex} must be followed by its argument in parentheses`);
    return undefined;
  }
  const close = matchParen(toks, j);
  if (close < 0) throw new Fail('unbalanced parentheses');
  if (close !== toks.length - 1) {
    if (head.t === 'fn' || activation) throw new Fail(`terms outside ${head.t === 'fn' ? head.latex : (activation as Activation).latex}(…) are not supported: put every term inside the activation`);
    return undefined;
  }
  const inner = toks.slice(j + 1, close);
  if (head.t === 'fn' && head.kind === 'max') {
    // max(0, z) or max(z, 0) is ReLU.
    const comma = inner.findIndex((k) => k.t === 'op' && k.v === ',');
    if (comma < 0) throw new Fail('\\max needs two arguments, e.g. \\max(0, z_t)');
    const a = inner.slice(0, comma);
    const b = inner.slice(comma + 1);
    const isZero = (x: Tok[]) => x.length === 1 && x[0].t === 'num' && x[0].v === 0;
    if (isZero(a)) return { activation: { kind: 'relu', latex: '\\mathrm{ReLU}' }, inner: b };
    if (isZero(b)) return { activation: { kind: 'relu', latex: '\\mathrm{ReLU}' }, inner: a };
    throw new Fail('\\max(…) is understood only as ReLU, \\max(0, z_t)');
  }
  return activation ? { activation, inner } : undefined;
}

interface Ctx {
  state: string; // base
  timeVar: string;
  lhsOff: number;
  stateLatex: string;
  stateName: string;
}

interface RawTerm {
  role: TermRole;
  weight?: { latex: string; name: string };
  coef: number;
  inputLatex?: string;
  inputBase?: string;
  text: string;
}

/** Splits `a + b - c` at the top level into signed pieces. */
function splitSum(toks: Tok[]): { sign: number; toks: Tok[] }[] {
  const out: { sign: number; toks: Tok[] }[] = [];
  let sign = 1;
  let cur: Tok[] = [];
  let depth = 0;
  for (const k of toks) {
    if (k.t === 'op' && (k.v === '(' || k.v === '{' || k.v === '[')) depth++;
    if (k.t === 'op' && (k.v === ')' || k.v === '}' || k.v === ']')) depth--;
    if (depth === 0 && k.t === 'op' && (k.v === '+' || k.v === '-')) {
      if (cur.length) {
        out.push({ sign, toks: cur });
        cur = [];
        sign = 1;
      }
      if (k.v === '-') sign = -sign;
      continue;
    }
    cur.push(k);
  }
  if (cur.length) out.push({ sign, toks: cur });
  else if (toks.length) throw new Fail('the sum ends with a sign');
  return out;
}

function parseSum(toks: Tok[], ctx: Ctx): RawTerm[] {
  if (!toks.length) throw new Fail('the right-hand side is empty');
  const out: RawTerm[] = [];
  for (const piece of splitSum(toks)) out.push(...parseTerm(piece.toks, piece.sign, ctx));
  return out;
}

function parseTerm(toks: Tok[], sign: number, ctx: Ctx): RawTerm[] {
  const text = latexOf(toks);
  // A parenthesised sum on its own: `+ (U x_t + b)`.
  if (toks[0]?.t === 'op' && toks[0].v === '(' && matchParen(toks, 0) === toks.length - 1) {
    const inner = toks.slice(1, -1);
    const nested = parseSum(inner, ctx);
    return nested.map((r) => ({ ...r, coef: r.coef * sign }));
  }
  let coef = sign;
  let weight: { latex: string; name: string } | undefined;
  let variable: { role: TermRole; latex?: string; base?: string } | undefined;
  let i = 0;
  while (i < toks.length) {
    const k = toks[i];
    if (k.t === 'num') {
      coef *= k.v;
      i++;
      continue;
    }
    if (k.t === 'op' && (k.v === '(' || k.v === '[')) {
      const close = matchParen(toks, i);
      if (close < 0) throw new Fail('unbalanced parentheses');
      const inside = toks.slice(i + 1, close);
      if (k.v === '[' && inside.some((q) => q.t === 'op' && (q.v === ',' || q.v === ';'))) {
        throw new Fail(`a concatenation ${latexOf(toks.slice(i, close + 1))} is not supported: write it as W_h h_{t-1} + W_x x_t`);
      }
      const r = readSymbol(inside, 0);
      if (r && r.next === inside.length) {
        // `W (h_{t-1})`: parentheses around one symbol are harmless; read it in place.
        toks = [...toks.slice(0, i), ...inside, ...toks.slice(close + 1)];
        continue;
      }
      throw new Fail(`cannot read the product ${text}: only a number, one weight and one of ${ctx.stateLatex}_{${ctx.timeVar}-1}, ${ctx.stateLatex}_{${ctx.timeVar}-2}, x_${ctx.timeVar} can be multiplied`);
    }
    if (k.t === 'sym') {
      const r = readSymbol(toks, i);
      if (!r) throw new Fail(`cannot read ${text}`);
      i = r.next;
      const sym = r.sym;
      const time = symbolTime(sym, ctx.timeVar);
      if (time) {
        const rel = time.off - ctx.lhsOff;
        if (variable) throw new Fail(`the term ${text} multiplies two time-indexed quantities`);
        if (sym.base === ctx.state) {
          if (rel === -1) variable = { role: 'W' };
          else if (rel === -2) variable = { role: 'M' };
          else if (rel === 0) throw new Fail(`${ctx.stateLatex}_${ctx.timeVar} appears on both sides: the right-hand side must use ${ctx.stateLatex}_{${ctx.timeVar}-1} (and optionally ${ctx.stateLatex}_{${ctx.timeVar}-2})`);
          else throw new Fail(`${text}: only ${ctx.stateLatex}_{${ctx.timeVar}-1} and ${ctx.stateLatex}_{${ctx.timeVar}-2} are supported on the right-hand side`);
        } else {
          if (rel !== 0) throw new Fail(`the input ${weightName(sym).latex} must be at the same step as the left-hand side`);
          variable = { role: 'U', latex: sym.latex, base: sym.base };
        }
        continue;
      }
      if (sym.base === ctx.state && !sym.sub) throw new Fail(`${sym.latex} needs a time index such as ${sym.latex}_{${ctx.timeVar}-1}`);
      if (sym.sup === 'T' || sym.sup === '\\top') throw new Fail(`transposed weights (${weightName(sym).latex}) are not supported in the recurrence`);
      if (weight) throw new Fail(`the term ${text} has two weights (${weight.latex} and ${weightName(sym).latex})`);
      weight = weightName(sym);
      continue;
    }
    if (k.t === 'fn') throw new Fail(`${k.latex} inside the sum is not supported: one activation around the whole sum`);
    if (k.t === 'cmd') throw new Fail(`\\${k.v} is not understood in ${text}`);
    throw new Fail(`cannot read ${text}`);
  }
  if (!variable) return [{ role: 'b', weight, coef, text }];
  return [{ role: variable.role, weight, coef, inputLatex: variable.latex, inputBase: variable.base, text }];
}

function assemble(raw: RawTerm[], ctx: Ctx, activation: Activation, preact: string, source: string): Recurrence {
  const terms: RecurrenceTerm[] = [];
  let input = 'x';
  let inputBase: string | undefined;
  for (const r of raw) {
    if (terms.some((t) => t.role === r.role)) {
      const what = r.role === 'W' ? `${ctx.stateLatex}_{${ctx.timeVar}-1}` : r.role === 'M' ? `${ctx.stateLatex}_{${ctx.timeVar}-2}` : r.role === 'U' ? 'the input' : 'a bias';
      throw new Fail(`two terms with ${what}: combine them into one weight`);
    }
    if (r.role === 'U') {
      if (inputBase !== undefined && inputBase !== r.inputBase) throw new Fail('only one input sequence is supported');
      inputBase = r.inputBase;
      input = r.inputLatex ?? 'x';
    }
    terms.push({ role: r.role, coef: r.coef, ...(r.weight ? { weight: r.weight.latex, name: r.weight.name } : {}) });
  }
  if (!terms.some((t) => t.role === 'W' || t.role === 'M')) {
    throw new Fail(`${ctx.stateLatex}_{${ctx.timeVar}} does not depend on ${ctx.stateLatex}_{${ctx.timeVar}-1}: this is not a recurrence`);
  }
  const names = new Set<string>();
  for (const t of terms) {
    if (!t.name) continue;
    if (names.has(t.name)) throw new Fail(`the weight ${t.weight} is used in two terms: BPTT here needs a different weight per term`);
    names.add(t.name);
  }
  return { state: ctx.stateLatex, input, preact, activation, terms, source };
}

function tryStatement(st: Statement, others: Statement[], source: string): Recurrence {
  const lhs = readLhs(st.lhs);
  if (!lhs || !lhs.time) throw new Fail('the left-hand side must be an indexed state such as h_t');
  const ctx: Ctx = { state: lhs.sym.base, timeVar: lhs.time.v, lhsOff: lhs.time.off, stateLatex: lhs.sym.latex, stateName: lhs.sym.base };
  let lastError: Fail | undefined;
  for (const rhs of st.rhs) {
    try {
      const applied = activationApplied(rhs);
      const activation: Activation = applied ? applied.activation : { kind: 'identity', latex: '' };
      const inner = applied ? applied.inner : rhs;
      // `h_t = \sigma(z_t)` with z_t defined in another statement.
      const single = readSymbol(inner, 0);
      if (applied && single && single.next === inner.length && single.sym.base !== ctx.state) {
        const zsym = single.sym;
        const ztime = symbolTime(zsym, ctx.timeVar);
        if (zsym.sub && !ztime) throw new Fail(`${weightName(zsym).latex} is not indexed by ${ctx.timeVar}`);
        if (ztime && ztime.off !== ctx.lhsOff) throw new Fail(`${activation.latex}(${weightName(zsym).latex}) must use the pre-activation of the same step`);
        const def = others.find((o) => {
          const l = readLhs(o.lhs);
          if (!l || l.sym.base !== zsym.base) return false;
          const lt = symbolTime(l.sym, ctx.timeVar);
          return !l.sym.sub || !!lt;
        });
        if (!def) throw new Fail(`${weightName(zsym).latex} is not defined: write ${zsym.latex}_${ctx.timeVar} = … next to it`);
        const dl = readLhs(def.lhs) as Lhs;
        const dt = symbolTime(dl.sym, ctx.timeVar);
        const zctx: Ctx = { ...ctx, lhsOff: dt ? dt.off : ctx.lhsOff };
        let zErr: Fail | undefined;
        for (const zr of def.rhs) {
          try {
            const raw = parseSum(zr, zctx);
            return assemble(raw, ctx, activation, zsym.latex, source);
          } catch (e) {
            if (!(e instanceof Fail)) throw e;
            zErr ??= e;
          }
        }
        throw zErr ?? new Fail('the pre-activation definition is empty');
      }
      const raw = parseSum(inner, ctx);
      return assemble(raw, ctx, activation, ctx.state === 'z' ? 'a' : 'z', source);
    } catch (e) {
      if (!(e instanceof Fail)) throw e;
      lastError ??= e;
    }
  }
  throw lastError ?? new Fail('nothing on the right-hand side');
}

function statementsOf(latex: string): Statement[] {
  return splitStatements(tokenize(latex))
    .map(toStatement)
    .filter((s): s is Statement => !!s);
}

/**
 * Reads the recurrence in `latex`. The text may hold several statements separated by `\quad`, `,`,
 * `;` or `\\` (the two-line form `z_t = … , h_t = \psi(z_t)`); `context` adds statements from
 * nearby formulas where a pre-activation may be defined.
 */
export function parseRecurrence(latex: string, context: string[] = []): ParseResult {
  const own = statementsOf(latex);
  const extra = context.flatMap(statementsOf);
  if (!own.length) return { ok: false, error: 'no equation found: write the recurrence as h_t = \\tanh(W h_{t-1} + U x_t + b)' };
  let best: { error: string; score: number } | undefined;
  for (const st of own) {
    const others = [...own.filter((o) => o !== st), ...extra];
    try {
      return { ok: true, recurrence: tryStatement(st, others, latex.trim()) };
    } catch (e) {
      if (!(e instanceof Fail)) throw e;
      // Prefer the error about a statement that looks like a state equation (its state on both sides,
      // or an activation applied) over one about a definition such as z_t = ….
      const lhs = readLhs(st.lhs);
      const rhsToks = st.rhs.flat();
      let score = lhs?.time ? 1 : 0;
      if (lhs && rhsToks.some((k) => k.t === 'sym' && k.base === lhs.sym.base)) score += 2;
      if (rhsToks.some((k) => k.t === 'fn')) score += 1;
      if (!best || score > best.score) best = { error: e.message, score };
    }
  }
  const firstError = best?.error;
  return { ok: false, error: `not a recurrence I can read: ${firstError ?? 'no state equation such as h_t = …'}` };
}

/** The canonical LaTeX of z_t (with the student's names), e.g. `W_{hh} h_{t-1} + U x_{t} + b`. */
export function preactLatex(rec: Recurrence, t: string | number = 't'): string {
  const parts: string[] = [];
  const idx = (off: number) => (typeof t === 'number' ? String(t + off) : off === 0 ? t : `${t}-${-off}`);
  for (const term of rec.terms) {
    const v =
      term.role === 'W' ? `${rec.state}_{${idx(-1)}}` : term.role === 'M' ? `${rec.state}_{${idx(-2)}}` : term.role === 'U' ? `${rec.input}_{${t}}` : '';
    parts.push(signedProduct(term.coef, term.weight, v, parts.length === 0));
  }
  return parts.join(' ');
}

/** `-0.5 W h` / `+ h` / `- 1`: one term with its sign, for joining with spaces. */
export function signedProduct(coef: number, weight: string | undefined, variable: string, first: boolean): string {
  const mag = Math.abs(coef);
  const sign = coef < 0 ? '-' : first ? '' : '+';
  const factors = [mag === 1 && (weight || variable) ? '' : formatNumber(mag), weight ?? '', variable].filter((s) => s !== '');
  const body = factors.join(' ');
  return first ? `${sign}${body}` : `${sign} ${body}`;
}

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const s = Number(v.toPrecision(6)).toString();
  return s;
}

/** The recurrence written out the canonical way: `h_t = \sigma(W h_{t-1} + U x_t + b)`. */
export function recurrenceLatex(rec: Recurrence): string {
  const z = preactLatex(rec);
  if (rec.activation.kind === 'identity') return `${rec.state}_{t} = ${z}`;
  return `${rec.state}_{t} = ${rec.activation.latex}\\left(${z}\\right)`;
}

export const _internal = { tokenize, timeIndex };
