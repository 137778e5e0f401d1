/**
 * Evaluates a syntax tree to a number or matrix with the meaning students intend: `\cdot` between
 * equal-length vectors is a dot product, matrix–vector products accept a vector written in either
 * orientation, `^T` transposes. Unknown symbols make a piece `NotComputable` (silent); real
 * problems (shapes, singular matrices, limits) are `EvalProblem`s with the offending range.
 */
import type { Node } from '../syntax/ast';
import { splitRunTogether } from '../syntax/runTogether';
import { EvalProblem, NotComputable } from './errors';
import { message, type Message } from '../messages';
import { inverse, determinant } from './mathjs';
import {
  Mat, Val, Tuple, isMat, isVector, vecLen, vecData, mat, column, row, map, transpose, matmul, dot, sameShape, shapeText, fmtNum, simplify,
} from './values';

export interface Scope {
  get(name: string): Val | undefined;
}

export interface EvalSettings {
  indexBase: 0 | 1;
  maxMatrixElements: number;
  maxSeriesTerms: number;
  /** Base of a plain `\log`: e by default; claims also try 2 and 10 before calling a log wrong. */
  logBase: number;
  /** Constants the document uses as names (`\pi = (0.2, 0.8)^T`, an initial distribution): no fixed value there. */
  names?: ReadonlySet<string>;
}

export interface EvalContext {
  scope: Scope;
  settings: EvalSettings;
  /** Working written out for the student (row-by-row dot products…). */
  steps: string[];
  /** Names of the document variables the piece used. */
  used: Set<string>;
  /** Set when the value depends on a reading that has alternatives (log base). */
  ambiguousLog?: boolean;
  /**
   * Work still allowed (about one unit per node evaluated or number computed), shared by every
   * context spread from this one; created on first use. Pass one object to several pieces to give
   * them a common budget (a whole formula).
   */
  work?: { left: number };
}

/**
 * Work one formula may spend: nested Σ/Π, matrix powers and products multiply quickly, and the
 * engine runs on every keystroke, so evaluation stops with a `limit` problem instead of freezing.
 * At most about 40 ms of the slowest kind of work on one loaded core (scripts/fuzz.mjs checks 100 ms per call).
 */
export const MAX_WORK = 250_000;

/** The work budget ran out; the outermost Σ/Π or product that spent it reports it. */
export class WorkLimit extends EvalProblem {
  constructor(msg: Message, start: number, end: number) {
    super('limit', msg, start, end);
  }
}

const workMessage = (what: string | Message = message('work.expression')) => message('limit.work', { what, max: MAX_WORK.toLocaleString('en-US') });

/** A call into mathjs (typed-function dispatch, matrix conversion) costs as much as many plain steps. */
const MATHJS_CALL = 50;

function det(data: number[][], ctx: EvalContext, n: Node): number {
  spend(ctx, MATHJS_CALL + data.length ** 3, n, message('work.determinant', { size: data.length }));
  return determinant(data);
}

/** Spends `units` of the shared budget; throws WorkLimit when it runs out. */
function spend(ctx: EvalContext, units: number, n: Node, what?: string | Message): void {
  const w = ctx.work ?? (ctx.work = { left: MAX_WORK });
  w.left -= units;
  if (w.left < 0) throw new WorkLimit(workMessage(what), n.s, n.e);
}

const NC = (why: string): never => {
  throw new NotComputable(why);
};

const MAX_STEPS = 16;

function num(v: Val, n: Node): number {
  if (typeof v === 'number') return v;
  if (v.kind === 'mat' && v.rows === 1 && v.cols === 1) return v.data[0][0];
  throw new EvalProblem('shape-mismatch', message('eval.expected-number', { what: v.kind === 'mat' ? message('value.matrix', { shape: shapeText(v) }) : message('value.list') }), n.s, n.e);
}

function checkSize(rows: number, cols: number, ctx: EvalContext, n: Node) {
  if (rows * cols > ctx.settings.maxMatrixElements) {
    throw new EvalProblem('limit', message('limit.result-size', { rows, cols, max: ctx.settings.maxMatrixElements.toLocaleString('en-US') }), n.s, n.e);
  }
}

function finite(x: number, n: Node, what: string | Message = message('overflow.result')): number {
  if (!Number.isFinite(x)) {
    if (Number.isNaN(x)) throw new NotComputable('not a number');
    throw new EvalProblem('limit', message('limit.overflow', { what }), n.s, n.e);
  }
  return x;
}

export function evaluate(n: Node, ctx: EvalContext): Val {
  const w = ctx.work ?? (ctx.work = { left: MAX_WORK });
  if (--w.left < 0) throw new WorkLimit(workMessage(), n.s, n.e);
  const v = evaluateNode(n, ctx);
  // NaN or ±∞ never reach a claim (`q·q = NaN, not 943`): ∞ is a positioned overflow, NaN not computable
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) finite(v, n);
  } else if (v.kind === 'mat') {
    // building or transforming a matrix costs one unit per entry
    if ((w.left -= v.rows * v.cols) < 0) throw new WorkLimit(workMessage(), n.s, n.e);
    for (const r of v.data) for (const x of r) if (!Number.isFinite(x)) finite(x, n, message('overflow.entry'));
  }
  return v;
}

function evaluateNode(n: Node, ctx: EvalContext): Val {
  switch (n.t) {
    case 'num':
      if (!Number.isFinite(n.v)) throw new EvalProblem('limit', message('limit.number', { number: n.text.length > 24 ? n.text.slice(0, 20) + '…' : n.text }), n.s, n.e);
      return n.v;
    case 'sym':
      return lookup(n, ctx);
    case 'group':
      return evaluate(n.a, ctx);
    case 'neg': {
      const a = evaluate(n.a, ctx);
      return typeof a === 'number' ? -a : isMat(a) ? map(a, (x) => -x) : NC('tuple');
    }
    case 'bin':
      return binary(n as Extract<Node, { t: 'bin' }>, ctx);
    case 'frac': {
      const a = evaluate(n.a, ctx);
      const b = evaluate(n.b, ctx);
      return divide(a, b, n);
    }
    case 'pow':
      if (n.a.t === 'sym') {
        const split = scriptOnLastFactor(n, n.a, ctx);
        if (split !== undefined) return split;
      }
      return power(n as Extract<Node, { t: 'pow' }>, ctx);
    case 'transpose': {
      if (n.a.t === 'sym') {
        const split = scriptOnLastFactor(n, n.a, ctx);
        if (split !== undefined) return split;
      }
      const a = evaluate(n.a, ctx);
      if (isMat(a)) return transpose(a);
      if (typeof a === 'number') {
        // x^T for a number: a transpose (no-op) or a power T; refuse to guess unless T has a value
        if (!n.viaT) return a;
        const T = ctx.scope.get('T');
        if (typeof T === 'number') {
          ctx.used.add('T');
          return finite(Math.pow(a, T), n);
        }
        return NC('x^T on a number');
      }
      // [1, 2, 3]^T: a list of numbers written as a row, transposed into a column
      const r = tupleAsRow(a);
      return isMat(r) ? transpose(r) : NC('tuple');
    }
    case 'fact': {
      const a = num(evaluate(n.a, ctx), n.a);
      if (!Number.isInteger(a) || a < 0) return NC('factorial of a non-integer');
      if (a > 170) throw new EvalProblem('limit', message('limit.factorial', { n: a }), n.s, n.e);
      let r = 1;
      for (let i = 2; i <= a; i++) r *= i;
      return r;
    }
    case 'pct':
      return scale(evaluate(n.a, ctx), 0.01);
    case 'scaled':
      return scale(evaluate(n.a, ctx), n.factor);
    case 'sqrt': {
      const a = evaluate(n.a, ctx);
      const k = n.n ? num(evaluate(n.n, ctx), n.n) : 2;
      const f = (x: number) => {
        if (k === 2) return x < 0 ? NC('square root of a negative number') : Math.sqrt(x);
        if (x < 0 && Number.isInteger(k) && k % 2 === 1) return -Math.pow(-x, 1 / k);
        return x < 0 ? NC('even root of a negative number') : Math.pow(x, 1 / k);
      };
      return typeof a === 'number' ? f(a) : isMat(a) ? map(a, f) : NC('tuple');
    }
    case 'mat':
      return matrix(n as Extract<Node, { t: 'mat' }>, ctx);
    case 'abs': {
      const a = evaluate(n.a, ctx);
      if (typeof a === 'number') return Math.abs(a);
      if (isMat(a)) {
        if (isVector(a)) return Math.hypot(...vecData(a));
        if (a.rows === a.cols) return det(a.data, ctx, n);
      }
      return NC('|…| of this value');
    }
    case 'norm': {
      let a = evaluate(n.a, ctx);
      // ‖(3, 4)‖: a tuple of numbers is a vector
      if (typeof a === 'object' && a.kind === 'tuple' && a.items.every((x) => typeof x === 'number')) a = row(a.items as number[]);
      const kind = (n.kind ?? '').replace(/[{}\\\s]/g, '');
      if (typeof a === 'number') return Math.abs(a);
      if (!isMat(a)) return NC('norm of a tuple');
      const xs = isVector(a) ? vecData(a) : undefined;
      if (kind === 'F' || (xs && (kind === '' || kind === '2'))) return Math.sqrt(a.data.reduce((s, r) => s + r.reduce((t, x) => t + x * x, 0), 0));
      if (xs && kind === '1') return xs.reduce((s, x) => s + Math.abs(x), 0);
      if (xs && (kind === 'infty' || kind === 'max')) return Math.max(...xs.map(Math.abs));
      return NC('matrix norm without a stated kind');
    }
    case 'floor':
    case 'ceil': {
      const a = evaluate(n.a, ctx);
      const f = n.t === 'floor' ? Math.floor : Math.ceil;
      return typeof a === 'number' ? f(a) : isMat(a) ? map(a, f) : NC('tuple');
    }
    case 'binom': {
      const a = num(evaluate(n.a, ctx), n.a);
      const b = num(evaluate(n.b, ctx), n.b);
      if (!Number.isInteger(a) || !Number.isInteger(b) || b < 0 || a < 0) return NC('binomial of non-integers');
      if (b > a) return 0;
      spend(ctx, Math.min(b, a - b), n, `\\binom{${fmtNum(a)}}{${fmtNum(b)}}`);
      let r = 1;
      for (let i = 1; i <= Math.min(b, a - b); i++) r = (r * (a - Math.min(b, a - b) + i)) / i;
      return finite(Math.round(r), n);
    }
    case 'series':
      return series(n as Extract<Node, { t: 'series' }>, ctx);
    case 'tuple': {
      const items = n.items.map((x) => evaluate(x, ctx));
      return { kind: 'tuple', items } as Tuple;
    }
    case 'call':
      return call(n as Extract<Node, { t: 'call' }>, ctx);
    case 'dots':
    case 'space':
    case 'unread':
      // notation read for its shape, not for a value
      return NC(`no value for ${n.t}`);
    case 'deriv':
    case 'apply':
      // read only for the symbolic-step judge (ParseLimits.derivatives)
      return NC(`no value for ${n.t}`);
  }
}

// a Map, not an object literal: a symbol named `constructor` or `toString` must not find Object.prototype
const CONSTANTS = new Map<string, number>([['e', Math.E], ['\\pi', Math.PI]]);

function lookup(n: Extract<Node, { t: 'sym' }>, ctx: EvalContext): Val {
  const direct = ctx.scope.get(n.name);
  if (direct !== undefined) {
    ctx.used.add(n.name);
    return direct;
  }
  const together = runTogether(n, ctx);
  if (together !== undefined) return together;
  if (n.sub) {
    // x_i inside Σ, or x_2 for the second entry of a defined vector x
    let idx: number | undefined;
    try {
      const v = evaluate(n.sub, { ...ctx, steps: [] });
      if (typeof v === 'number') idx = v;
    } catch {
      idx = undefined;
    }
    if (idx !== undefined && Number.isInteger(idx)) {
      const named = ctx.scope.get(`${n.base}_${idx}`);
      if (named !== undefined) {
        ctx.used.add(`${n.base}_${idx}`);
        return named;
      }
      const base = ctx.scope.get(n.base);
      if (base !== undefined && isMat(base) && isVector(base) && idx >= 1 && idx <= vecLen(base)) {
        ctx.used.add(n.base);
        return vecData(base)[idx - 1];
      }
    }
    return NC(`unknown symbol ${n.name}`);
  }
  const constant = ctx.settings.names?.has(n.name) ? undefined : CONSTANTS.get(n.name);
  if (constant !== undefined) return constant;
  return NC(`unknown symbol ${n.name}`);
}

/**
 * `Wx`, `Wh_t`, `UV`: single-letter variables written together (one run of letters to the
 * tokenizer) are their product when every letter has a value; `scores`, `keys` stay names.
 */
function runTogether(n: Extract<Node, { t: 'sym' }>, ctx: EvalContext): Val | undefined {
  if (!isRunTogetherProduct(n, ctx.scope)) return undefined;
  const values = n.base
    .slice(0, -1)
    .split('')
    .map((c) => ctx.scope.get(c));
  if (values.some((v) => v === undefined)) return undefined;
  const acc = lastLookup(lastFactor(n), ctx);
  if (acc === undefined) return undefined;
  return timesHeads(n, values as Val[], acc, ctx);
}

/** The last letter of a run-together name, with the name's subscript and superscript index: `h_t` of `Wh_t`. */
function lastFactor(n: Extract<Node, { t: 'sym' }>): Extract<Node, { t: 'sym' }> {
  const last = n.base.slice(-1);
  // the name is the base followed by `_{…}` and `^{(…)}` as written
  return { ...n, base: last, name: last + n.name.slice(n.base.length) };
}

/** heads[0]·heads[1]·…·acc, multiplied from the right as the run-together name is read. */
function timesHeads(n: Extract<Node, { t: 'sym' }>, values: Val[], acc: Val, ctx: EvalContext): Val {
  const heads = n.base.slice(0, -1);
  for (let i = heads.length - 1; i >= 0; i--) {
    ctx.used.add(heads[i]);
    acc = multiply(values[i], acc, 'implicit', n, ctx);
  }
  return acc;
}

/**
 * `QK^T`, `PBR^{-1}`, `\mathbf{XX}^\top`: a script written on a run-together product belongs to its
 * last factor, as in print (Q·Kᵀ, P·B·R⁻¹), not to the whole product. Undefined when the name is
 * not such a product (then the script applies to the name's own value).
 */
function scriptOnLastFactor(n: Extract<Node, { t: 'pow' | 'transpose' }>, a: Extract<Node, { t: 'sym' }>, ctx: EvalContext): Val | undefined {
  if (ctx.scope.get(a.name) !== undefined || !isRunTogetherProduct(a, ctx.scope)) return undefined;
  const values = a.base
    .slice(0, -1)
    .split('')
    .map((c) => ctx.scope.get(c));
  if (values.some((v) => v === undefined)) return undefined;
  const acc = evaluate({ ...n, a: lastFactor(a) } as Node, ctx);
  return timesHeads(a, values as Val[], acc, ctx);
}

/** Whether a name like `Wx` or `Wh_t` reads as a product: 2–4 letters, all but the last with values. */
export function isRunTogetherProduct(n: Extract<Node, { t: 'sym' }>, scope: Scope): boolean {
  return splitRunTogether(n.base, (c) => scope.get(c) !== undefined, EVALUATOR_RUN_TOGETHER) !== undefined;
}

/** The evaluator reads 2–4 letters as a product when every letter but the last has a value. */
const EVALUATOR_RUN_TOGETHER = { maxLength: 4 };

function lastLookup(n: Extract<Node, { t: 'sym' }>, ctx: EvalContext): Val | undefined {
  try {
    return lookup(n, ctx);
  } catch (e) {
    if (e instanceof NotComputable) return undefined;
    throw e;
  }
}

function scale(a: Val, k: number): Val {
  if (typeof a === 'number') return a * k;
  if (isMat(a)) return map(a, (x) => x * k);
  return NC('tuple');
}

function divide(a: Val, b: Val, n: Node): Val {
  const bb = simplify(b);
  if (typeof bb !== 'number') return NC('division by a matrix');
  if (bb === 0) throw new EvalProblem('domain', message('domain.division-by-zero'), n.s, n.e);
  // a list of numbers over a number (`\frac{(2, 0, 1, 3)}{0.8}`) is a vector divided, as it is multiplied
  const aa = simplify(tupleAsRow(a));
  if (typeof aa === 'number') return aa / bb;
  return scale(aa, 1 / bb);
}

function binary(n: Extract<Node, { t: 'bin' }>, ctx: EvalContext): Val {
  if (n.op === 'pm') return NC('±');
  const a = evaluate(n.a, ctx);
  const b = evaluate(n.b, ctx);
  if (PRODUCT_OPS.has(n.op)) {
    const met = listsMet(n, a, b, ctx);
    if (met !== undefined) return met;
  }
  switch (n.op) {
    case '+':
    case '-':
      return add(a, b, n.op === '-' ? -1 : 1, n);
    case '/':
    case 'div':
      return divide(a, b, n);
    case 'odot': {
      // lists of numbers (`(2, 4, -2) \odot (0, 1, 0)`) are vectors multiplied entry by entry
      if (listNumbers(a) && listNumbers(b)) return odot(tupleAsRow(a), tupleAsRow(b), n, ctx);
      return odot(a, b, n, ctx);
    }
    default:
      return multiply(a, b, n.op, n, ctx);
  }
}

/** The entrywise product of two matrices or vectors of one size; other pairs are multiplied as written. */
function odot(a: Val, b: Val, n: Node, ctx: EvalContext): Val {
  if (isMat(a) && isMat(b) && sameShape(a, b)) return mat(a.data.map((r, i) => r.map((x, j) => x * b.data[i][j])));
  if (isMat(a) && isMat(b) && isVector(a) && isVector(b) && vecLen(a) === vecLen(b)) {
    const bd = vecData(b);
    return map(a, (() => { let k = 0; return (x: number) => x * bd[k++]; })());
  }
  return multiply(a, b, 'implicit', n, ctx);
}

function add(a: Val, b: Val, sign: 1 | -1, n: Node): Val {
  const A = simplify(tupleAsRow(a));
  const B = simplify(tupleAsRow(b));
  if (typeof A === 'number' && typeof B === 'number') return A + sign * B;
  if (isMat(A) && isMat(B)) {
    if (sameShape(A, B)) return mat(A.data.map((r, i) => r.map((x, j) => x + sign * B.data[i][j])));
    if (isVector(A) && isVector(B) && vecLen(A) === vecLen(B)) {
      // a row added to a column of the same length: students mean the vectors, keep the left's orientation
      const bd = vecData(B);
      const ad = vecData(A);
      const r = ad.map((x, i) => x + sign * bd[i]);
      return A.cols === 1 ? column(r) : row(r);
    }
    throw new EvalProblem('shape-mismatch', message(sign > 0 ? 'eval.add' : 'eval.subtract', { a: shapeText(A), b: shapeText(B) }), n.s, n.e);
  }
  return NC('number plus matrix');
}

function fmtFactor(x: number): string {
  const s = fmtNum(x).replace(/^-/, '−');
  return x < 0 ? `(${s})` : s;
}

function dotStep(xs: number[], ys: number[], result: number): string {
  if (xs.length > 12) return `${xs.length} products summed = ${fmtNum(result).replace(/^-/, '−')}`;
  return xs.map((x, i) => `${fmtFactor(x)}·${fmtFactor(ys[i])}`).join(' + ') + ` = ${fmtNum(result).replace(/^-/, '−')}`;
}

const PRODUCT_OPS = new Set(['implicit', 'cdot', 'times', '*']);

/** The numbers of a list written as a vector (`(1, 2)`, `[1, 2]`), undefined for anything else. */
function listNumbers(v: Val): number[] | undefined {
  return typeof v === 'object' && v.kind === 'tuple' && v.items.length > 1 && v.items.every((x) => typeof x === 'number') ? (v.items as number[]) : undefined;
}

/**
 * `x^T y` for lists (`x = (1, 2)`, `y = (3, 4)`): a list is a vector with no written orientation, and
 * `x^T y` is how every derivation writes the inner product of two vectors, so it is their inner product
 * (a list alone with ^T, `[1, 2, 3]^T`, is still the column it is written as). `x y^T` is an outer
 * product for columns and an inner one for rows: which the writer meant is not guessed. Undefined for
 * other products.
 */
function listsMet(n: Extract<Node, { t: 'bin' }>, a: Val, b: Val, ctx: EvalContext): Val | undefined {
  if (n.a.t === 'transpose') {
    const ys = listNumbers(b);
    if (!ys) return undefined;
    const xs = listNumbers(evaluate(n.a.a, ctx));
    if (!xs || xs.length !== ys.length) return undefined;
    const r = dot(xs, ys);
    if (ctx.steps.length < MAX_STEPS) ctx.steps.push(dotStep(xs, ys, r));
    return r;
  }
  if (n.b.t === 'transpose' && listNumbers(a) && listNumbers(evaluate(n.b.a, ctx))) return NC('x yᵀ of two lists (an outer product of columns, an inner one of rows)');
  return undefined;
}

/** `(1, 2)` written as a vector: a tuple of numbers is a row when it meets a product. */
function tupleAsRow(v: Val): Val {
  return typeof v === 'object' && v.kind === 'tuple' && v.items.length > 1 && v.items.every((x) => typeof x === 'number') ? row(v.items as number[]) : v;
}

function multiply(a0: Val, b0: Val, op: string, n: Node, ctx: EvalContext): Val {
  const a = simplify(tupleAsRow(a0));
  const b = simplify(tupleAsRow(b0));
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (typeof a === 'number' && isMat(b)) return scale(b, a);
  if (isMat(a) && typeof b === 'number') return scale(a, b);
  if (!isMat(a) || !isMat(b)) return NC('product with a tuple');
  const explicit = op === 'cdot' || op === 'times' || op === '*';
  // a column written out times a row written out (n×1 by 1×n) is their outer product, a matrix, with × as with
  // nothing between: the matrix product is defined and is what both orientations written say
  const outer = a.cols === 1 && a.rows > 1 && b.rows === 1 && b.cols > 1;
  if (isVector(a) && isVector(b) && vecLen(a) === vecLen(b) && !outer && (explicit || a.cols !== b.rows)) {
    if (!explicit) return NC(`a ${shapeText(a)} and a ${shapeText(b)} vector side by side (write \\cdot or a transpose ᵀ for their dot product)`);
    const xs = vecData(a);
    const ys = vecData(b);
    const r = dot(xs, ys);
    if (ctx.steps.length < MAX_STEPS) ctx.steps.push(dotStep(xs, ys, r));
    return r;
  }
  // two rows (or two columns) of different lengths side by side: lists written out, as arrays are
  // printed, not a product anyone could mean
  if (!explicit && isVector(a) && isVector(b) && ((a.rows === 1 && b.rows === 1) || (a.cols === 1 && b.cols === 1)) && vecLen(a) !== vecLen(b)) {
    return NC(`a ${shapeText(a)} and a ${shapeText(b)} vector side by side`);
  }
  let A = a;
  let B = b;
  if (A.cols !== B.rows) {
    // a vector written in the other orientation still multiplies the way the student means
    if (!isVector(A) && isVector(B) && vecLen(B) === A.cols) B = column(vecData(B));
    else if (isVector(A) && !isVector(B) && vecLen(A) === B.rows) A = row(vecData(A));
    else {
      let hint: Message | string = '';
      if (B.cols === A.cols && !isVector(B)) hint = message('hint.transpose-second');
      else if (A.rows === B.rows) hint = message('hint.transpose-first');
      throw new EvalProblem('shape-mismatch', message('eval.multiply', { a: shapeText(A), b: shapeText(B), p: A.cols, q: B.rows, hint }), n.s, n.e);
    }
  }
  checkSize(A.rows, B.cols, ctx, n);
  spend(ctx, A.rows * A.cols * B.cols, n, message('work.product', { a: shapeText(A), b: shapeText(B) }));
  const out = matmul(A, B);
  if (ctx.steps.length < MAX_STEPS && B.cols === 1 && A.rows <= 12) {
    const bs = vecData(B);
    if (A.rows === 1) ctx.steps.push(dotStep(A.data[0], bs, out.data[0][0])); // a row times a column: one dot product
    else for (let i = 0; i < A.rows && ctx.steps.length < MAX_STEPS; i++) ctx.steps.push(`row ${i + 1}: ${dotStep(A.data[i], bs, out.data[i][0])}`);
  } else if (ctx.steps.length < MAX_STEPS && A.rows === 1 && B.cols <= 12) {
    const as = A.data[0];
    for (let j = 0; j < B.cols && ctx.steps.length < MAX_STEPS; j++) ctx.steps.push(`column ${j + 1}: ${dotStep(as, B.data.map((r) => r[j]), out.data[0][j])}`);
  }
  return simplifyIfScalarProduct(out);
}

function simplifyIfScalarProduct(m: Mat): Val {
  return m.rows === 1 && m.cols === 1 ? m.data[0][0] : m;
}

function power(n: Extract<Node, { t: 'pow' }>, ctx: EvalContext): Val {
  // `e^{…}` is the exponential even when the answer uses e for something else (an error, epochs)
  const a = n.a.t === 'sym' && n.a.name === 'e' ? Math.E : simplify(evaluate(n.a, ctx));
  const e = num(evaluate(n.b, ctx), n.b);
  if (isMat(a)) {
    if (a.rows !== a.cols) {
      throw new EvalProblem('shape-mismatch', message(e === -1 ? 'eval.inverse-square' : 'eval.power-square', { shape: shapeText(a) }), n.s, n.e);
    }
    if (e === -1) {
      try {
        spend(ctx, MATHJS_CALL + a.rows ** 3, n, message('work.inverse', { shape: shapeText(a) }));
        return mat(inverse(a.data));
      } catch {
        throw new EvalProblem('singular', message('singular.no-inverse', { shape: shapeText(a) }), n.s, n.e);
      }
    }
    if (!Number.isInteger(e) || e < 0) return NC('fractional matrix power');
    if (e > 1000) throw new EvalProblem('limit', message('limit.matrix-power', { power: e }), n.s, n.e);
    spend(ctx, e * a.rows * a.rows * a.rows, n, message('work.matrix-power', { shape: shapeText(a), power: e }));
    let r: Mat = mat(a.data.map((rw, i) => rw.map((_, j) => (i === j ? 1 : 0))));
    for (let k = 0; k < e; k++) r = matmul(r, a);
    return r;
  }
  if (typeof a !== 'number') return NC('power of a tuple');
  if (a < 0 && !Number.isInteger(e)) return NC('fractional power of a negative number');
  const r = Math.pow(a, e);
  return finite(r, n, `${fmtNum(a)}^${fmtNum(e)}`);
}

function matrix(n: Extract<Node, { t: 'mat' }>, ctx: EvalContext): Val {
  const rows = n.rows.length;
  const cols = n.rows[0].length;
  checkSize(rows, cols, ctx, n);
  const data: number[][] = n.rows.map((r) =>
    r.map((cell) => {
      const v = simplify(evaluate(cell, ctx));
      if (typeof v !== 'number') return NC('block matrix');
      return v;
    }),
  );
  const m = mat(data);
  if (n.env === 'vmatrix') {
    if (rows !== cols) throw new EvalProblem('shape-mismatch', message('eval.determinant-square', { rows, cols }), n.s, n.e);
    return det(data, ctx, n);
  }
  if (n.env === 'Vmatrix') return NC('‖matrix‖');
  return m;
}

/** The indices of the Σ/Π being evaluated, in front of the scope outside them. */
class IndexScope implements Scope {
  readonly indices = new Map<string, number>();
  constructor(private readonly outside: Scope) {}
  get(name: string): Val | undefined {
    const i = this.indices.get(name);
    return i !== undefined ? i : this.outside.get(name);
  }
}

function series(n: Extract<Node, { t: 'series' }>, ctx: EvalContext): Val {
  const from = num(evaluate(n.from, ctx), n.from);
  const to = num(evaluate(n.to, ctx), n.to);
  if (!Number.isInteger(from) || !Number.isInteger(to)) return NC('non-integer bounds');
  const count = to - from + 1;
  if (count > ctx.settings.maxSeriesTerms) {
    throw new EvalProblem('limit', message('limit.series', { op: n.op === 'sum' ? 'Σ' : 'Π', count: count.toLocaleString('en-US'), max: ctx.settings.maxSeriesTerms.toLocaleString('en-US') }), n.s, n.e);
  }
  let acc: Val = n.op === 'sum' ? 0 : 1;
  if (count <= 0) return acc;
  spend(ctx, count, n); // also creates the budget the inner context shares
  // nested Σ/Π share one table of their indices over the scope outside them: a lookup costs the
  // same at any depth (a chain of scopes, one per level, made each lookup walk them all)
  const scope = ctx.scope instanceof IndexScope ? ctx.scope : new IndexScope(ctx.scope);
  const outer = scope.indices.get(n.v); // an inner Σ reusing an outer index hides it, then gives it back
  const inner: EvalContext = { ...ctx, scope, steps: [] };
  try {
    for (let current = from; current <= to; current++) {
      scope.indices.set(n.v, current);
      const v = evaluate(n.body, inner);
      acc = n.op === 'sum' ? add(acc, v, 1, n) : multiply(acc, v, 'times', n, inner);
    }
  } catch (e) {
    // nested Σ/Π: the outermost one is where the work multiplies, so it carries the message
    if (e instanceof WorkLimit) throw new WorkLimit(workMessage(message('work.series', { op: n.op === 'sum' ? 'Σ' : 'Π', count: count.toLocaleString('en-US') })), n.s, n.e);
    throw e;
  } finally {
    if (outer === undefined) scope.indices.delete(n.v);
    else scope.indices.set(n.v, outer);
  }
  for (const u of inner.used) ctx.used.add(u);
  if (inner.ambiguousLog) ctx.ambiguousLog = true;
  return acc;
}

function elementwise(v: Val, f: (x: number) => number, n: Node): Val {
  if (typeof v === 'number') return finite(f(v), n);
  if (isMat(v)) return map(v, (x) => finite(f(x), n));
  return { kind: 'tuple', items: v.items.map((x) => elementwise(x, f, n)) };
}

function listOf(args: Val[]): number[] {
  if (args.length === 1) {
    const a = args[0];
    if (typeof a === 'number') return [a];
    if (isMat(a)) return a.data.flat();
    return a.items.map((x) => (typeof x === 'number' ? x : NC('nested tuple')));
  }
  return args.map((x) => {
    const s = simplify(x);
    return typeof s === 'number' ? s : NC('max of matrices');
  });
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** The error function, to about 1e-15: its Taylor series near 0, 1 − erfc(x) further out. */
export function erf(x: number): number {
  if (Math.abs(x) > 2.5) return Math.sign(x) * (1 - erfcFar(Math.abs(x)));
  // erf(x) = 2/√π · Σ (−1)ⁿ x²ⁿ⁺¹ / (n! (2n + 1)); terms fall below 1e-17 of the sum well before n = 60
  const x2 = x * x;
  let term = x; // (−1)ⁿ x²ⁿ⁺¹ / n!
  let sum = x;
  for (let n = 1; n < 80; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

/** 1 − erf(x), accurate also where it is tiny (x large), which 1 − erf(x) is not. */
export function erfc(x: number): number {
  if (x > 2.5) return erfcFar(x);
  if (x < -2.5) return 2 - erfcFar(-x);
  return 1 - erf(x);
}

/** erfc(x) for x > 2.5 by its continued fraction, e^(−x²)/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …)))). */
function erfcFar(x: number): number {
  let t = x;
  for (let k = 60; k >= 1; k--) t = x + k / 2 / t;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / t;
}

function softmaxRow(xs: number[]): number[] {
  const m = Math.max(...xs);
  const ex = xs.map((x) => Math.exp(x - m));
  const s = ex.reduce((p, q) => p + q, 0);
  return ex.map((x) => x / s);
}

function call(n: Extract<Node, { t: 'call' }>, ctx: EvalContext): Val {
  const fn = n.fn;
  if (n.power) {
    const p = num(evaluate(n.power, ctx), n.power);
    if (p === -1) return NC('inverse function');
    const inner = call({ ...n, power: undefined }, ctx);
    const s = simplify(inner);
    if (typeof s !== 'number') return NC('power of a function of a matrix');
    return finite(Math.pow(s, p), n);
  }
  const args = n.args.map((a) => evaluate(a, ctx));
  const one = (): Val => {
    if (args.length !== 1) return NC(`${fn} with ${args.length} arguments`);
    return args[0];
  };
  if (n.prime > 1) return NC('second derivative');
  switch (fn) {
    case 'sigma':
      return n.prime ? elementwise(one(), (x) => sigmoid(x) * (1 - sigmoid(x)), n) : elementwise(one(), sigmoid, n);
    case 'tanh':
      return n.prime ? elementwise(one(), (x) => 1 - Math.tanh(x) ** 2, n) : elementwise(one(), Math.tanh, n);
    case 'relu':
      return n.prime ? elementwise(one(), (x) => (x > 0 ? 1 : x < 0 ? 0 : NC('ReLU′(0)')), n) : elementwise(one(), (x) => Math.max(0, x), n);
  }
  if (n.prime) return NC(`${fn}′`);
  switch (fn) {
    case 'exp':
      return elementwise(one(), Math.exp, n);
    case 'ln':
      return elementwise(one(), (x) => (x > 0 ? Math.log(x) : NC('log of a non-positive number')), n);
    case 'log': {
      let base = ctx.settings.logBase;
      if (n.base) base = num(evaluate(n.base, ctx), n.base);
      else ctx.ambiguousLog = true;
      if (base <= 0 || base === 1) return NC('log base');
      const lb = Math.log(base);
      return elementwise(one(), (x) => (x > 0 ? Math.log(x) / lb : NC('log of a non-positive number')), n);
    }
    case 'lg':
      return NC('lg (base 2 or 10?)');
    case 'sin':
      return elementwise(one(), Math.sin, n);
    case 'cos':
      return elementwise(one(), Math.cos, n);
    case 'tan':
      return elementwise(one(), Math.tan, n);
    case 'arcsin':
      return elementwise(one(), (x) => (Math.abs(x) <= 1 ? Math.asin(x) : NC('arcsin outside [−1, 1]')), n);
    case 'arccos':
      return elementwise(one(), (x) => (Math.abs(x) <= 1 ? Math.acos(x) : NC('arccos outside [−1, 1]')), n);
    case 'arctan':
      return elementwise(one(), Math.atan, n);
    case 'sinh':
      return elementwise(one(), Math.sinh, n);
    case 'cosh':
      return elementwise(one(), Math.cosh, n);
    case 'sqrt':
      return elementwise(one(), (x) => (x >= 0 ? Math.sqrt(x) : NC('sqrt of a negative number')), n);
    case 'abs':
      return elementwise(one(), Math.abs, n);
    case 'sign':
    case 'sgn':
      return elementwise(one(), Math.sign, n);
    case 'gelu':
      // GELU(x) = x·Φ(x), exactly (the tanh formula is an approximation of it, off in the 4th decimal)
      return elementwise(one(), (x) => x * 0.5 * erfc(-x / Math.SQRT2), n);
    case 'erf':
      return elementwise(one(), erf, n);
    case 'silu':
    case 'swish':
      // SiLU, also called Swish (its β = 1 form): x·σ(x)
      return elementwise(one(), (x) => x * sigmoid(x), n);
    case 'softplus':
      // log(1 + eˣ), without overflowing eˣ for large x
      return elementwise(one(), (x) => (x > 30 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))), n);
    case 'softmax': {
      if (args.length > 1) return row(softmaxRow(listOf(args)));
      const v = simplify(one());
      if (typeof v === 'number') return 1;
      if (!isMat(v)) return row(softmaxRow(listOf([v])));
      if (isVector(v)) {
        const r = softmaxRow(vecData(v));
        if (ctx.steps.length < MAX_STEPS && r.length <= 8) {
          const xs = vecData(v);
          const denom = xs.map((x) => `e^{${fmtNum(x)}}`).join(' + ');
          ctx.steps.push(`softmax: each e^{x_i} / (${denom}) → ${r.map((x) => fmtNum(x)).join(', ')}`);
        }
        return v.cols === 1 ? column(r) : row(r);
      }
      return mat(v.data.map(softmaxRow)); // a matrix: row-wise, as attention weights are
    }
    case 'argmax':
    case 'argmin': {
      const xs = listOf(args);
      if (xs.length === 0) return NC('empty');
      let best = 0;
      for (let i = 1; i < xs.length; i++) if (fn === 'argmax' ? xs[i] > xs[best] : xs[i] < xs[best]) best = i;
      return best + ctx.settings.indexBase;
    }
    case 'max':
    case 'min': {
      const xs = listOf(args);
      if (xs.length === 0) return NC('empty');
      return fn === 'max' ? Math.max(...xs) : Math.min(...xs);
    }
    case 'mean': {
      const xs = listOf(args);
      return xs.reduce((p, q) => p + q, 0) / xs.length;
    }
    case 'sum':
      return listOf(args).reduce((p, q) => p + q, 0);
    case 'prod':
      return listOf(args).reduce((p, q) => p * q, 1);
    case 'det': {
      const v = one();
      if (!isMat(v) || v.rows !== v.cols) return NC('det of a non-square value');
      return det(v.data, ctx, n);
    }
    case 'tr':
    case 'trace': {
      const v = one();
      if (!isMat(v) || v.rows !== v.cols) return NC('trace of a non-square value');
      return v.data.reduce((s, r, i) => s + r[i], 0);
    }
    case 'diag': {
      const v = one();
      if (isMat(v) && isVector(v)) {
        const xs = vecData(v);
        checkSize(xs.length, xs.length, ctx, n);
        return mat(xs.map((x, i) => xs.map((_, j) => (i === j ? x : 0))));
      }
      return NC('diag of a matrix');
    }
  }
  return NC(`function ${fn}`);
}
