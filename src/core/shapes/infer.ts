/**
 * Shape inference over a parsed matrix expression: products (NumPy/PyTorch `matmul` rules, so a
 * leading batch or head dimension is carried along), transposes of the last two axes, scaling by a
 * scalar such as √d_k, element-wise functions, softmax, attention, head split and concatenation.
 * Each step is written down for the hover; a definite mismatch throws `ShapeMismatch`.
 */
import { Dim, DimEnv, compareDims, div as divDim, formatDim, isNumeric, mul as mulDim, num, pow as powDim, resolve, sym, valueOf, displayName } from './dim';
import { ungroup, type Node, type NodeOf } from '../syntax/ast';
import { message, render, type Lang, type Message, type MessageId, type ParamsArg } from '../messages';

export type SVal =
  | { k: 'scalar'; value?: number; dim?: Dim }
  | { k: 'tensor'; shape: Dim[] }
  /** A list of sizes such as (32, 2048, 768) or (B, n, d_model). */
  | { k: 'dims'; dims: Dim[] };

export interface Step {
  /** The step in the language of the inference (the hover's). */
  text: string;
  /** The same step in English when `text` is in another language: a finding's steps are one text in every language (the CLI's JSON). */
  plain?: string;
  /** Offsets of the sub-expression the step is about (those of the tree read). */
  s: number;
  e: number;
}

/**
 * Shapes that cannot agree: a product with different inner sizes, a sum of different shapes.
 * Not an `Error`: shapes are tried on every formula, and a stack trace per attempt is costly.
 */
export class ShapeMismatch {
  constructor(
    /** What to tell the student, written in the finding's language when the finding is made. */
    readonly msg: Message,
    readonly s: number,
    readonly e: number,
  ) {}
  /** The English text. */
  get message(): string {
    return render('en', this.msg);
  }
}

/** Nothing to say about the shape (unknown symbols, notation not modelled). Silent; not an `Error` either. */
export class ShapeUnknown {
  constructor(readonly reason: string) {}
}

export interface ShapeScope {
  dims: DimEnv;
  /** The shape of a named tensor, when declared or computed earlier. */
  shape(name: string): Dim[] | undefined;
}

export interface InferContext {
  scope: ShapeScope;
  steps: Step[];
  /** The language the steps are written in (English when not given). */
  lang?: Lang;
  /** The text between two offsets of the tree (for labels such as `XW_Q`). */
  source(s: number, e: number): string;
}

/** A number as written, in braces or bold (`1`, `{1}`, `\mathbf{1}`). */
function isNumeral(x: Node): boolean {
  return ungroup(x).t === 'num';
}

const UNKNOWN = (why: string): never => {
  throw new ShapeUnknown(why);
};

/** Writes down a step about sub-expression `x`, in the context's language. */
function step<Id extends MessageId>(ctx: InferContext, x: Node, id: Id, ...params: ParamsArg<Id>): void {
  const m = message(id, ...params);
  const lang = ctx.lang ?? 'en';
  ctx.steps.push({ text: render(lang, m), ...(lang !== 'en' ? { plain: render('en', m) } : {}), s: x.s, e: x.e });
}

// ---- formatting ----------------------------------------------------------------------------------

/** `n×d_k`, or with the document's numbers `2048×64`. */
export function formatShape(shape: readonly Dim[], env?: DimEnv): string {
  if (shape.length === 0) return 'scalar';
  return shape.map((d) => (env ? formatDimNumeric(d, env) : formatDim(d))).join('×');
}

function formatDimNumeric(d: Dim, env: DimEnv): string {
  const v = valueOf(d, env);
  return v !== undefined ? fmt(v) : formatDim(resolve(d, env));
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e4) / 1e4);
}

/** Symbolic, and numeric when the document's values change it: `n×d_k (2048×64)`. */
export function describeShape(shape: readonly Dim[], env: DimEnv): string {
  const a = formatShape(shape);
  const b = formatShape(shape, env);
  return a === b ? a : `${a} (${b})`;
}

/** The concrete sizes when every dimension is known. */
export function numericShape(shape: readonly Dim[], env: DimEnv): number[] | undefined {
  // of its final size: a long answer keeps one per piece
  const out = new Array<number>(shape.length);
  for (let i = 0; i < shape.length; i++) {
    const v = valueOf(shape[i], env);
    if (v === undefined) return undefined;
    out[i] = v;
  }
  return out;
}

/** A short label of a sub-expression for steps and messages: `QKᵀ`, `XW_Q`, `softmax(…)`. */
export function label(x: Node, ctx?: InferContext): string {
  const l = labelOf(x, ctx);
  return l.length > 48 ? l.slice(0, 47) + '…' : l;
}

function labelOf(x: Node, ctx?: InferContext): string {
  switch (x.t) {
    case 'num':
      return fmt(x.v);
    case 'sym':
      return displayName(symbolName(x.base, wrapScript(x.subText), wrapScript(x.sup)));
    case 'transpose':
      return labelOf(x.a, ctx) + 'ᵀ';
    case 'pow':
      if (isInverse(x)) return labelOf(x.a, ctx) + '⁻¹';
      return `${labelOf(x.a, ctx)}^${labelOf(x.b, ctx)}`;
    case 'group':
      return x.delim === '{' ? labelOf(x.a, ctx) : `(${labelOf(x.a, ctx)})`;
    case 'bin':
      switch (x.op) {
        case 'implicit':
        case 'cdot':
        case 'times':
        case '*': {
          const a = labelOf(x.a, ctx);
          const b = labelOf(x.b, ctx);
          // W_hh h_{t-1}: a space where two subscripted names would run together
          const sep = x.op !== 'implicit' ? '·' : /_\w+$/.test(a) && /^[A-Za-z]/.test(b) && a.length > 3 ? ' ' : '';
          return a + sep + b;
        }
        case 'odot':
          return `${labelOf(x.a, ctx)} ⊙ ${labelOf(x.b, ctx)}`;
        case '/':
        case 'div':
          return divisionLabel(x, ctx);
        default:
          return `${labelOf(x.a, ctx)} ${x.op === '-' ? '−' : '+'} ${labelOf(x.b, ctx)}`;
      }
    case 'frac':
      return divisionLabel(x, ctx);
    case 'neg':
      return '−' + labelOf(x.a, ctx);
    case 'sqrt':
      return '√' + labelOf(x.a, ctx).replace(/^\((.*)\)$/, '$1');
    case 'call':
      return `${fnLabel(x)}(${x.args.map((a) => labelOf(a, ctx)).join(', ')})`;
    case 'mat':
      return `[${x.rows.length}×${x.rows[0]?.length ?? 0}]`;
    case 'tuple':
      return `(${x.items.map((a) => labelOf(a, ctx)).join(', ')})`;
    case 'dots':
      return '…';
    case 'space':
      return `ℝ^${x.dims.map((d) => labelOf(d, ctx)).join('×')}`;
    default:
      return '…';
  }
}

function divisionLabel(x: NodeOf<'frac'> | NodeOf<'bin'>, ctx?: InferContext): string {
  return `${labelOf(x.a, ctx).replace(/^\((.*)\)$/, '$1')}/${labelOf(x.b, ctx).replace(/^\((.*)\)$/, '$1')}`;
}

/** `A^{-1}`: the power −1 (written `^{-1}`) is the inverse. */
export function isInverse(x: NodeOf<'pow'>): boolean {
  let b = x.b;
  while (b.t === 'group') b = b.a;
  return b.t === 'neg' && b.a.t === 'num' && b.a.v === 1;
}

/** A product written with or without an operator (not ⊙, which is element-wise). */
function isProduct(x: NodeOf<'bin'>): boolean {
  return x.op === 'implicit' || x.op === 'cdot' || x.op === 'times' || x.op === '*';
}

/** A matrix environment without brackets (`matrix`), often a layout table: a tensor only inside \left[ … \right]. */
function isBare(m: NodeOf<'mat'>): boolean {
  return m.env === 'matrix' || m.env === 'smallmatrix';
}

function fnLabel(x: NodeOf<'call'>): string {
  if (x.fn === 'layernorm') return 'LayerNorm';
  if (x.fn === 'sigma') return 'σ';
  return (x.written ?? x.fn).replace(/^\\/, '');
}

/** `W`, `W_Q`, `W^Q`, `W_i^Q`: the subscript first, as the evaluator names `d_{model}` → `d_model`. */
export function symbolName(base: string, sub?: string, sup?: string): string {
  return base + (sub !== undefined ? `_${sub}` : '') + (sup !== undefined ? `^${sup}` : '');
}

/** A script longer than one character is written in braces when it is not a plain word (h_{t-1}). */
function wrapScript(t: string | undefined): string | undefined {
  if (t === undefined) return undefined;
  return t.length > 1 && !/^[A-Za-z]+$/.test(t) ? `{${t}}` : t;
}

// ---- dimensions of size expressions --------------------------------------------------------------

/** A size written as an expression (`d_{model}/h`, `2d`, `n+1`) as a dimension. */
export function dimOf(x: Node, env: DimEnv, source?: (s: number, e: number) => string): Dim {
  switch (x.t) {
    case 'num':
      return num(x.v);
    case 'sym':
      return sym(x.name);
    case 'group':
      return dimOf(x.a, env, source);
    case 'frac':
      return divDim(dimOf(x.a, env, source), dimOf(x.b, env, source));
    case 'pow':
      if (x.b.t === 'num') return powDim(dimOf(x.a, env, source), x.b.v);
      return UNKNOWN('power');
    case 'sqrt':
      return powDim(dimOf(x.a, env, source), 0.5);
    case 'neg':
      return mulDim(num(-1), dimOf(x.a, env, source));
    case 'bin': {
      if (isProduct(x)) return mulDim(dimOf(x.a, env, source), dimOf(x.b, env, source));
      if (x.op === '/' || x.op === 'div') return divDim(dimOf(x.a, env, source), dimOf(x.b, env, source));
      if (x.op !== '+' && x.op !== '-') return UNKNOWN('not a size');
      const a = resolve(dimOf(x.a, env, source), env);
      const b = resolve(dimOf(x.b, env, source), env);
      if (isNumeric(a) && isNumeric(b)) return num(x.op === '+' ? a.c + b.c : a.c - b.c);
      // a sum stays one opaque size named by its text (n + 1, L − k + 1)
      const text = source ? source(x.s, x.e).replace(/\s+/g, '') : `${formatDim(a)}${x.op}${formatDim(b)}`;
      return sym(`(${text})`);
    }
    default:
      return UNKNOWN('not a size');
  }
}

// ---- inference -----------------------------------------------------------------------------------

const isScalar = (v: SVal): v is Extract<SVal, { k: 'scalar' }> => v.k === 'scalar';
const isTensor = (v: SVal): v is Extract<SVal, { k: 'tensor' }> => v.k === 'tensor';

/** Index letters of per-head names: W_i^Q is declared once and used as W_1^Q … W_h^Q. */
const INDEX_SUBS = ['i', 'j', 'k', 'h', 'l', 'm', 'n', '1'];

function lookupShape(x: NodeOf<'sym'>, scope: ShapeScope): Dim[] | undefined {
  const direct = scope.shape(x.name);
  if (direct) return direct;
  const tries: string[] = [];
  // W_Q declared, W^Q used (or the reverse)
  const sub = x.subText;
  if (sub !== undefined && x.sup === undefined) tries.push(`${x.base}^${sub}`);
  if (x.sup !== undefined && sub === undefined) tries.push(`${x.base}_${x.sup}`);
  if (sub !== undefined && (/^\d+$/.test(sub) || INDEX_SUBS.includes(sub))) {
    for (const i of INDEX_SUBS) if (i !== sub) tries.push(x.base + `_${i}` + (x.sup !== undefined ? `^${x.sup}` : ''));
  }
  for (const t of tries) {
    const s = scope.shape(t);
    if (s) return s;
  }
  return undefined;
}

/** Whether a bare name is conventionally a size (d_model, d_k, d, n_heads) rather than a tensor. */
function looksLikeSize(name: string): boolean {
  return /^d(_|$)/.test(name) || /^n_/.test(name) || /^\\?sqrt/.test(name);
}

/** Infers the shape of an expression. Throws ShapeMismatch or ShapeUnknown. */
export function inferShape(x: Node, ctx: InferContext, scalarish = false): SVal {
  switch (x.t) {
    case 'num':
      return { k: 'scalar', value: x.v, dim: num(x.v) };
    case 'sym': {
      const shape = lookupShape(x, ctx.scope);
      if (shape) return shape.length === 0 ? { k: 'scalar' } : { k: 'tensor', shape };
      const known = ctx.scope.dims.get(x.name);
      if (known !== undefined || scalarish || looksLikeSize(x.name)) {
        const dim = sym(x.name);
        return { k: 'scalar', dim, value: valueOf(dim, ctx.scope.dims) };
      }
      if (x.name === 'e' || x.name === '\\pi') return { k: 'scalar' };
      return UNKNOWN(`no shape for ${x.name}`);
    }
    case 'group':
      // a bare `matrix` inside \left[ … \right] is a tensor
      if (x.a.t === 'mat' && (x.delim === '\\left(' || x.delim === '\\left[')) return matrixShape(x.a);
      return inferShape(x.a, ctx, scalarish);
    case 'neg':
      return inferShape(x.a, ctx, scalarish);
    case 'mat':
      if (isBare(x)) return UNKNOWN('a matrix environment without brackets (a layout table?)');
      return matrixShape(x);
    case 'tuple': {
      const items = x.items.map((it) => inferShape(it, ctx, true));
      if (items.every(isScalar)) {
        return { k: 'dims', dims: x.items.map((it) => dimOf(it, ctx.scope.dims, ctx.source)) };
      }
      return UNKNOWN('tuple of tensors');
    }
    case 'transpose': {
      // `1^\top J`, `\mathbf{1}^\top`: a number is not transposed; written so, it is a vector of ones of a length not written
      if (isNumeral(x.a)) return UNKNOWN('a vector of ones');
      const a = inferShape(x.a, ctx, scalarish);
      if (!isTensor(a)) return a;
      if (a.shape.length < 2) return a;
      const s = a.shape.slice();
      [s[s.length - 2], s[s.length - 1]] = [s[s.length - 1], s[s.length - 2]];
      return { k: 'tensor', shape: s };
    }
    case 'pow': {
      if (!isInverse(x)) return power(x, ctx, scalarish);
      const a = inferShape(x.a, ctx, scalarish);
      if (!isTensor(a)) return a;
      const s = a.shape;
      if (s.length >= 2 && compareDims(s[s.length - 1], s[s.length - 2], ctx.scope.dims) === 'no') {
        throw new ShapeMismatch(message('shape.inverse-square', { expr: label(x.a, ctx), shape: formatShape(s, ctx.scope.dims) }), x.s, x.e);
      }
      return a;
    }
    case 'sqrt': {
      const a = inferShape(x.a, ctx, true);
      if (isScalar(a)) return { k: 'scalar', value: a.value !== undefined ? Math.sqrt(a.value) : undefined, dim: a.dim ? powDim(a.dim, 0.5) : undefined };
      return a;
    }
    case 'frac':
      return division(x, ctx, scalarish);
    case 'bin':
      return binary(x, ctx, scalarish);
    case 'call':
      return call(x, ctx);
    case 'dots':
      return UNKNOWN('ellipsis');
    case 'space':
      return UNKNOWN('a space, not a value');
    default:
      return UNKNOWN(`no shape for ${x.t}`);
  }
}

function matrixShape(m: NodeOf<'mat'>): SVal {
  return { k: 'tensor', shape: [num(m.rows.length), num(m.rows[0]?.length ?? 0)] };
}

function power(x: NodeOf<'pow'>, ctx: InferContext, scalarish: boolean): SVal {
  const a = inferShape(x.a, ctx, scalarish);
  const b = inferShape(x.b, ctx, true);
  if (isScalar(a) && isScalar(b)) {
    const value = a.value !== undefined && b.value !== undefined ? Math.pow(a.value, b.value) : undefined;
    const dim = a.dim && x.b.t === 'num' ? powDim(a.dim, x.b.v) : undefined;
    return { k: 'scalar', value, dim };
  }
  return a;
}

function binary(x: NodeOf<'bin'>, ctx: InferContext, scalarish: boolean): SVal {
  switch (x.op) {
    case '/':
    case 'div':
      return division(x, ctx, scalarish);
    case '+':
    case '-': {
      const a = inferShape(x.a, ctx, scalarish);
      const b = inferShape(x.b, ctx, scalarish);
      if (isScalar(a) && isScalar(b)) {
        const value = a.value !== undefined && b.value !== undefined ? (x.op === '+' ? a.value + b.value : a.value - b.value) : undefined;
        return { k: 'scalar', value };
      }
      if (isTensor(a) && isTensor(b)) return elementwise(a.shape, b.shape, x, ctx, message('verb.add'));
      if (isTensor(a) && isScalar(b)) return a;
      if (isScalar(a) && isTensor(b)) return b;
      return UNKNOWN('sum');
    }
    case 'odot': {
      const a = inferShape(x.a, ctx, scalarish);
      const b = inferShape(x.b, ctx, scalarish);
      if (isTensor(a) && isTensor(b)) return elementwise(a.shape, b.shape, x, ctx, message('verb.multiply-elementwise'));
      return isTensor(a) ? a : b;
    }
    case 'pm':
      return UNKNOWN('±');
    default: {
      const a = inferShape(x.a, ctx, scalarish);
      const b = inferShape(x.b, ctx, scalarish);
      if (isScalar(a) && isScalar(b)) {
        return { k: 'scalar', value: a.value !== undefined && b.value !== undefined ? a.value * b.value : undefined, dim: a.dim && b.dim ? mulDim(a.dim, b.dim) : undefined };
      }
      if (isScalar(a) && isTensor(b)) return b;
      if (isTensor(a) && isScalar(b)) return a;
      if (isTensor(a) && isTensor(b)) return matmul(a.shape, b.shape, x.a, x.b, x, ctx);
      return UNKNOWN('product with a list of sizes');
    }
  }
}

function division(x: NodeOf<'frac'> | NodeOf<'bin'>, ctx: InferContext, scalarish: boolean): SVal {
  {
      const a = inferShape(x.a, ctx, scalarish);
      const b = inferShape(x.b, ctx, true);
      if (isScalar(a) && isScalar(b)) {
        return { k: 'scalar', value: a.value !== undefined && b.value !== undefined && b.value !== 0 ? a.value / b.value : undefined, dim: a.dim && b.dim ? divDim(a.dim, b.dim) : undefined };
      }
      if (isTensor(a) && isScalar(b)) {
        const by = b.value !== undefined && !(x.b.t === 'num') ? ` = ${fmt(b.value)}` : '';
        step(ctx, x, 'shape.step.scaled', { expr: label(x, ctx), by: label(x.b, ctx) + by, shape: describeShape(a.shape, ctx.scope.dims) });
        return a;
      }
      if (isTensor(a) && isTensor(b)) return elementwise(a.shape, b.shape, x, ctx, message('verb.divide'));
      return UNKNOWN('division');
  }
}

function elementwise(A: Dim[], B: Dim[], x: Node, ctx: InferContext, verb: Message): SVal {
  const env = ctx.scope.dims;
  const n = Math.max(A.length, B.length);
  const out: Dim[] = [];
  for (let i = 1; i <= n; i++) {
    const a = A[A.length - i];
    const b = B[B.length - i];
    if (!a) out.unshift(b);
    else if (!b) out.unshift(a);
    else {
      const c = compareDims(a, b, env);
      const one = (d: Dim) => valueOf(d, env) === 1;
      if (c === 'no' && !one(a) && !one(b)) {
        throw new ShapeMismatch(message('shape.elementwise', { verb, a: formatShape(A), b: formatShape(B), numbers: numbersIfAny(A, B, env), p: dimWithValue(a, env), q: dimWithValue(b, env) }), x.s, x.e);
      }
      out.unshift(one(a) ? b : a);
    }
  }
  return { k: 'tensor', shape: out };
}

function dimWithValue(d: Dim, env: DimEnv): string {
  const s = formatDim(d);
  const v = valueOf(d, env);
  return v === undefined || s === fmt(v) ? s : `${s} = ${fmt(v)}`;
}

function numbersIfAny(A: Dim[], B: Dim[], env: DimEnv): Message | string {
  const a = formatShape(A, env);
  const b = formatShape(B, env);
  return a === formatShape(A) && b === formatShape(B) ? '' : message('shape.numbers', { a, b });
}

function productText(A: Dim[], B: Dim[], R: Dim[] | undefined, env: DimEnv): string {
  const sym = `(${formatShape(A)})·(${formatShape(B)})${R ? ` → ${formatShape(R)}` : ''}`;
  const nums = `(${formatShape(A, env)})·(${formatShape(B, env)})${R ? ` → ${formatShape(R, env)}` : ''}`;
  return sym === nums ? sym : `${sym} = ${nums}`;
}


function isVectorShape(s: Dim[], env: DimEnv): 'row' | 'col' | undefined {
  if (s.length !== 2) return undefined;
  if (valueOf(s[0], env) === 1) return 'row';
  if (valueOf(s[1], env) === 1) return 'col';
  return undefined;
}

/** Matrix product with NumPy `matmul` rules; a vector may be written in either orientation, as the evaluator allows. */
function matmul(A0: Dim[], B0: Dim[], a: Node, b: Node, x: Node, ctx: InferContext): SVal {
  const env = ctx.scope.dims;
  if (A0.length === 1 && B0.length === 1) {
    // `(Wx - y)x^\top`, `x y^\top`: a vector times a transposed one is their outer product (a vector of
    // ℝ^n is a column, as derivations write it), whatever their lengths
    if (ungroup(b).t === 'transpose' && ungroup(a).t !== 'transpose') {
      step(ctx, x, 'shape.step.outer', { expr: label(x, ctx), a: formatShape(A0), b: formatShape(B0), r: formatShape([A0[0], B0[0]]) });
      return { k: 'tensor', shape: [A0[0], B0[0]] };
    }
    if (compareDims(A0[0], B0[0], env) === 'no') {
      throw new ShapeMismatch(message('shape.no-dot', { a: label(a, ctx), b: label(b, ctx), p: dimWithValue(A0[0], env), q: dimWithValue(B0[0], env) }), x.s, x.e);
    }
    step(ctx, x, 'shape.step.dot', { expr: label(x, ctx), a: formatShape(A0), b: formatShape(B0) });
    return { k: 'scalar' };
  }
  // two vectors of the same length side by side: a dot product written loosely, as the evaluator reads it
  const va0 = A0.length === 2 ? isVectorShape(A0, env) : undefined;
  const vb0 = B0.length === 2 ? isVectorShape(B0, env) : undefined;
  if (va0 && vb0) {
    const la = va0 === 'row' ? A0[1] : A0[0];
    const lb = vb0 === 'row' ? B0[1] : B0[0];
    if (compareDims(la, lb, env) === 'yes' && !(va0 === 'row' && vb0 === 'col') && !(va0 === 'col' && vb0 === 'row')) {
      step(ctx, x, 'shape.step.loose-dot', { expr: label(x, ctx), a: formatShape(A0), b: formatShape(B0) });
      return { k: 'scalar' };
    }
  }
  // two rows (or two columns) written out side by side: lists, as arrays are printed, not a product
  // (the evaluator leaves the same alone)
  if (va0 && va0 === vb0 && x.t === 'bin' && x.op === 'implicit' && a.t === 'mat' && b.t === 'mat') return UNKNOWN('two written rows or columns side by side');
  let A = A0.length === 1 ? [num(1), A0[0]] : A0;
  let B = B0.length === 1 ? [B0[0], num(1)] : B0;
  const last = (s: Dim[], k = 1) => s[s.length - k];
  let inner = compareDims(last(A), last(B, 2), env);
  if (inner !== 'yes') {
    // a vector written in the other orientation multiplies the way the student means
    const vb = isVectorShape(B, env);
    const va = isVectorShape(A, env);
    const bLen = vb === 'row' ? B[1] : vb === 'col' ? B[0] : undefined;
    const aLen = va === 'row' ? A[1] : va === 'col' ? A[0] : undefined;
    if (bLen && A.length >= 2 && va === undefined && compareDims(last(A), bLen, env) === 'yes') {
      B = [bLen, num(1)];
      inner = 'yes';
    } else if (aLen && vb === undefined && compareDims(aLen, last(B, 2), env) === 'yes') {
      A = [num(1), aLen];
      inner = 'yes';
    }
  }
  if (inner !== 'yes') {
    let hint: Message | '' = '';
    if (B.length >= 2 && compareDims(last(A), last(B), env) === 'yes' && compareDims(last(B, 2), last(B), env) !== 'yes') {
      hint = b.t === 'transpose' ? message('hint.without-transpose', { name: label(b.a, ctx) }) : message('hint.transposed', { name: label(b, ctx) });
    } else if (A.length >= 2 && compareDims(last(A, 2), last(B, 2), env) === 'yes' && compareDims(last(A, 2), last(A), env) !== 'yes') {
      hint = a.t === 'transpose' ? message('hint.without-transpose', { name: label(a.a, ctx) }) : message('hint.transposed', { name: label(a, ctx) });
    }
    if (inner === 'no' || hint) {
      throw new ShapeMismatch(message('shape.inner', { product: productText(A0, B0, undefined, env), p: dimWithValue(last(A), env), q: dimWithValue(last(B, 2), env), hint }), x.s, x.e);
    }
  }
  // batch (and head) dimensions broadcast
  const ba = A.slice(0, -2);
  const bb = B.slice(0, -2);
  const batch: Dim[] = [];
  for (let i = 1; i <= Math.max(ba.length, bb.length); i++) {
    const p = ba[ba.length - i];
    const q = bb[bb.length - i];
    if (p && q && compareDims(p, q, env) === 'no' && valueOf(p, env) !== 1 && valueOf(q, env) !== 1) {
      throw new ShapeMismatch(message('shape.batch', { product: productText(A0, B0, undefined, env), p: dimWithValue(p, env), q: dimWithValue(q, env) }), x.s, x.e);
    }
    batch.unshift(p && valueOf(p, env) !== 1 ? p : (q ?? p));
  }
  let R = [...batch, last(A, 2), last(B)];
  if (A0.length === 1) R = [...batch, last(B)];
  if (B0.length === 1) R = A0.length === 1 ? batch : [...batch, last(A, 2)];
  // a product's step is shapes only, the same in every language (and left to right in a Persian hover)
  if (inner === 'yes') ctx.steps.push({ text: `${label(x, ctx)}: ${productText(A0, B0, R, env)}`, s: x.s, e: x.e });
  else step(ctx, x, 'shape.step.product-assuming', { expr: label(x, ctx), product: productText(A0, B0, R, env), p: formatDim(last(A)), q: formatDim(last(B, 2)) });
  return R.length === 0 ? { k: 'scalar' } : { k: 'tensor', shape: R };
}

function tensorArg(x: Node, ctx: InferContext): Dim[] {
  const v = inferShape(x, ctx);
  if (!isTensor(v)) return UNKNOWN('not a tensor');
  return v.shape;
}

function call(x: NodeOf<'call'>, ctx: InferContext): SVal {
  const env = ctx.scope.dims;
  const fn = x.fn;
  switch (fn) {
    case 'attention': {
      if (x.args.length !== 3) return UNKNOWN('attention arity');
      const [q, k, v] = x.args;
      const Q = tensorArg(q, ctx);
      const K = tensorArg(k, ctx);
      const V = tensorArg(v, ctx);
      const kT: Node = { t: 'transpose', a: k, viaT: false, s: k.s, e: k.e };
      const scoresExpr: Node = { t: 'bin', op: 'implicit', a: q, b: kT, s: x.s, e: x.e };
      const S = matmul(Q, K.length >= 2 ? [...K.slice(0, -2), K[K.length - 1], K[K.length - 2]] : K, q, kT, scoresExpr, ctx);
      if (!isTensor(S)) return UNKNOWN('scores');
      const dk = Q[Q.length - 1];
      const dkv = valueOf(dk, env);
      step(ctx, x, 'shape.step.attention', { dk: `√${formatDim(dk)}${dkv !== undefined ? ` = ${fmt(Math.sqrt(dkv))}` : ''}`, shape: describeShape(S.shape, env) });
      const out: NodeOf<'bin'> = { t: 'bin', op: 'implicit', a: { t: 'call', fn: 'softmax', written: 'softmax', args: [scoresExpr], prime: 0, s: x.s, e: x.e }, b: v, s: x.s, e: x.e };
      return matmul(S.shape, V, out.a, v, out, ctx);
    }
    case 'multihead': {
      // MultiHead(Q, K, V) = Concat(head_1, …, head_h)W^O: one row per query, d_model wide
      if (x.args.length < 1 || env.get('d_model') === undefined) return UNKNOWN('multihead');
      const Q = tensorArg(x.args[0], ctx);
      const R = [...Q.slice(0, -1), sym('d_model')];
      step(ctx, x, 'shape.step.multihead', { expr: label(x, ctx), r: describeShape(R, env) });
      return { k: 'tensor', shape: R };
    }
    case 'concat':
      return concat(x, ctx);
    case 'split': {
      const X = tensorArg(x.args[0], ctx);
      let h: Dim | undefined;
      if (x.args.length >= 2) h = dimOf(x.args[1], env, ctx.source);
      else for (const n of ['h', 'H', 'n_heads', 'n_h', 'heads']) if (env.get(n) !== undefined) {
        h = sym(n);
        break;
      }
      if (!h || X.length < 2) return UNKNOWN('split');
      const R = [...X.slice(0, -2), h, X[X.length - 2], divDim(X[X.length - 1], h)];
      step(ctx, x, 'shape.step.split', { expr: label(x, ctx), a: describeShape(X, env), h: formatDim(h), r: describeShape(R, env) });
      return { k: 'tensor', shape: R };
    }
    case 'norm': {
      inferShape(x.args[0], ctx);
      return { k: 'scalar' };
    }
    case 'max':
    case 'min': {
      const vals = x.args.map((a) => inferShape(a, ctx));
      const t = vals.find(isTensor);
      return t ?? { k: 'scalar' };
    }
    case 'reshape':
      return UNKNOWN('reshape');
  }
  if (x.args.length !== 1) return UNKNOWN(`${fn} with ${x.args.length} arguments`);
  const a = inferShape(x.args[0], ctx);
  if (isTensor(a)) {
    if (fn === 'softmax') step(ctx, x, 'shape.step.softmax-keeps', { expr: label(x, ctx), shape: describeShape(a.shape, env) });
    else step(ctx, x, 'shape.step.keeps', { expr: label(x, ctx), fn: fnLabel(x), shape: describeShape(a.shape, env) });
  }
  return a;
}

/** Concat(head_1, …, head_h): the heads side by side along the last axis. */
function concat(x: NodeOf<'call'>, ctx: InferContext): SVal {
  const env = ctx.scope.dims;
  const items = x.args;
  const dotsAt = items.findIndex((a) => a.t === 'dots');
  if (dotsAt >= 0) {
    const first = items[0];
    const lastItem = items[items.length - 1];
    if (dotsAt !== 1 || items.length !== 3 || first.t !== 'sym' || lastItem.t !== 'sym' || lastItem.subText === undefined) return UNKNOWN('concat pattern');
    const S = tensorArg(first, ctx);
    const count: Dim = /^\d+$/.test(lastItem.subText) ? num(Number(lastItem.subText)) : sym(lastItem.subText);
    const R = [...S.slice(0, -1), mulDim(count, S[S.length - 1])];
    step(ctx, x, 'shape.step.heads-side-by-side', { expr: label(x, ctx), count: formatDim(count), shape: describeShape(S, env), r: describeShape(R, env) });
    return { k: 'tensor', shape: R };
  }
  if (items.length === 1) {
    // Concat of a head-split tensor (…, h, n, d_head) → (…, n, h·d_head)
    const S = tensorArg(items[0], ctx);
    if (S.length < 3) return UNKNOWN('concat of one matrix');
    const h = S[S.length - 3];
    const R = [...S.slice(0, -3), S[S.length - 2], mulDim(h, S[S.length - 1])];
    step(ctx, x, 'shape.step.heads-merged', { expr: label(x, ctx), shape: describeShape(S, env), r: describeShape(R, env) });
    return { k: 'tensor', shape: R };
  }
  const shapes = items.map((a) => tensorArg(a, ctx));
  const base = shapes[0];
  for (let i = 1; i < shapes.length; i++) {
    const s = shapes[i];
    if (s.length !== base.length) throw new ShapeMismatch(message('shape.concat-rank', { expr: label(x, ctx), a: formatShape(base), b: formatShape(s) }), x.s, x.e);
    for (let j = 0; j < s.length - 1; j++) {
      if (compareDims(s[j], base[j], env) === 'no') {
        throw new ShapeMismatch(message('shape.concat-sizes', { expr: label(x, ctx), a: formatShape(base, env), b: formatShape(s, env), p: dimWithValue(base[j], env), q: dimWithValue(s[j], env) }), x.s, x.e);
      }
    }
  }
  const widths = shapes.map((s) => s[s.length - 1]);
  const resolved = widths.map((w) => resolve(w, env));
  let width: Dim;
  if (widths.every((w) => compareDims(w, widths[0], env) === 'yes')) width = mulDim(num(widths.length), widths[0]);
  else if (resolved.every(isNumeric)) width = num(resolved.reduce((a, w) => a + w.c, 0));
  else width = sym(`(${widths.map(formatDim).join('+')})`);
  const R = [...base.slice(0, -1), width];
  step(ctx, x, 'shape.step.side-by-side', { expr: label(x, ctx), r: describeShape(R, env) });
  return { k: 'tensor', shape: R };
}
