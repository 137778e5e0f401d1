/**
 * How shapes read the front end's tree (`syntax/ast.ts`): the tree the document analysis parsed once
 * per formula text, seen with the notation that matters for shapes. Nothing is parsed again:
 *
 * - run-together names split by the one splitter (`syntax/runTogether.ts`) against the names known at
 *   that point, TeX's way: a script after the run belongs to its last letter (`QK^T` is Q times Kᵀ,
 *   `XW_Q` is X times W_Q);
 * - a superscript on a name that is not a number, an inverse or a transpose names it (`W^Q`, `W_i^Q`);
 * - `\mathbb{R}^{n \times d}` is a space of shapes with dims n and d;
 * - functions by their shape name (`\mathrm{Concat}` → concat, `\mathrm{LayerNorm}` → layernorm), also a
 *   known function word written as a name before its arguments (`Attention(Q, K, V)`);
 * - norms and absolute values as the norm call.
 * Offsets are those of the tree (the shape pass reads trees with offsets in their formula). Notation
 * shapes cannot be read from throws `ShapeUnknown` (silent).
 */
import type { Node, NodeOf } from '../syntax/ast';
import { walkTree } from '../syntax/ast';
import { splitRunTogether } from '../syntax/runTogether';
import { namesWith } from '../syntax/vocabulary';
import { ShapeUnknown, symbolName } from './infer';

/** Shapes read a run as a product when every letter is known, or when it is a few capitals (QK, XW). */
const SHAPES_RUN_TOGETHER = { lastLetter: true, wholeName: true, capitals: true };

/** Functions that keep the shape of their argument (element-wise or row-wise). */
export const SAME_SHAPE_FUNCTIONS = namesWith('same-shape');
const ATTENTION = new Set(['attention', 'attn', 'selfattention', 'scaleddotproductattention', 'crossattention']);
const MULTIHEAD = new Set(['multihead', 'multiheadattention', 'mha', 'multiheadattn']);
const CONCAT = new Set(['concat', 'cat', 'concatenate']);
const SPLIT = new Set(['split', 'splitheads', 'heads']);
const OTHER = new Set(['max', 'min', 'norm', 'reshape']);

/** Functions of the evaluator's tree shapes read by name even where they are not shape functions: they keep their argument's shape. */
const VALUE_FUNCTIONS = new Set(['sigma', 'exp', 'log', 'tanh', 'ln', 'max', 'min', 'softmax']);

/** Canonical function name of a word (letters only, lower case), or undefined. */
export function functionName(word: string): string | undefined {
  const w = word.replace(/[^A-Za-z]/g, '').toLowerCase();
  if (w === 'ln' && word === 'LN') return 'layernorm';
  if (SAME_SHAPE_FUNCTIONS.has(w) || OTHER.has(w)) return w === 'sigmoid' ? 'sigma' : w;
  if (ATTENTION.has(w)) return 'attention';
  if (MULTIHEAD.has(w)) return 'multihead';
  if (CONCAT.has(w)) return 'concat';
  if (SPLIT.has(w)) return 'split';
  return undefined;
}


const NO = (why: string): never => {
  throw new ShapeUnknown(why);
};

type Sym = NodeOf<'sym'>;

export interface ShapeReading {
  /** Whether a name has a declared shape or size here; decides whether `QK` is Q times K or one name. */
  known: (name: string) => boolean;
  /** Whether a name has a shape here: a matrix cell that is such a name makes a block matrix. */
  shaped?: (name: string) => boolean;
  /** The text between two offsets of the tree. */
  source: (s: number, e: number) => string;
}

/** The tree as shapes read it (see the module's comment). Throws ShapeUnknown for notation without a shape reading. */
export function readForShapes(x: Node, r: ShapeReading): Node {
  switch (x.t) {
    case 'num':
    case 'dots':
    case 'unread':
      return x;
    case 'sym':
      return splitName(x, r) ?? x;
    case 'neg':
    case 'sqrt':
      if (x.t === 'sqrt' && x.n) return NO('n-th root');
      return { ...x, a: readForShapes(x.a, r) };
    case 'group':
      return { ...x, a: readForShapes(x.a, r) };
    case 'transpose':
      return script(x.a, r, (last) => ({ ...x, a: last, s: last.s }));
    case 'pow':
      return power(x, r);
    case 'bin': {
      // `Attention(Q, K, V)`: a function word written as a name before its arguments
      if (x.op === 'implicit' && (x.b.t === 'tuple' || (x.b.t === 'group' && (x.b.delim === '(' || x.b.delim === '[' || x.b.delim?.startsWith('\\left'))))) {
        const call = namedCall(x.a, x.b, r);
        if (call) return call;
      }
      return { ...x, a: readForShapes(x.a, r), b: readForShapes(x.b, r) };
    }
    case 'frac':
      return { ...x, a: readForShapes(x.a, r), b: readForShapes(x.b, r) };
    case 'tuple':
      return { ...x, items: x.items.map((it) => readForShapes(it, r)) };
    case 'call': {
      if (x.base || x.power || x.prime) return NO('a call with scripts');
      // a function shapes know (same shape, attention, concat…); others have no shape to say
      const fn = functionName(x.written ?? x.fn) ?? (VALUE_FUNCTIONS.has(x.fn) ? x.fn : NO(`no shape of ${x.fn}(…)`));
      return { ...x, fn, written: x.written ?? x.fn, args: x.args.map((a) => readForShapes(a, r)) };
    }
    case 'norm':
    case 'abs':
      if (x.t === 'norm' && x.kind !== undefined) return NO('a norm with a subscript');
      return { t: 'call', fn: 'norm', written: x.t === 'abs' ? '|·|' : '‖·‖', args: [readForShapes(x.a, r)], prime: 0, s: x.s, e: x.e };
    case 'mat':
      return matrix(x, r);
    case 'space':
      return x;
    default:
      return NO(`no shape reading of ${x.t}`);
  }
}

/** A matrix literal: only its size matters to shapes; one of blocks or with an ellipsis has none to check. */
function matrix(m: NodeOf<'mat'>, r: ShapeReading): Node {
  if (m.blocks) return NO('block matrix');
  for (const row of m.rows) {
    for (const cell of row) {
      // `\begin{bmatrix} M_0, M_1, M_2 \end{bmatrix}`: a list in one cell, not a 1×1 matrix; a cell
      // that is a name with a shape (`x^{(1)}` defined as a row) makes a matrix of blocks
      if (cell.t === 'tuple' || (cell.t === 'unread' && cell.list)) return NO('a list in a matrix cell');
      if (cell.t === 'sym' && r.shaped?.(cell.name)) return NO('block matrix');
      if (cell.t === 'num') continue; // most cells: nothing inside
      let inner = false;
      walkTree(cell, (n) => {
        if (n.t === 'dots' || n.t === 'mat' || n.t === 'transpose') inner = true;
      });
      if (inner) return NO('a matrix of blocks or with an ellipsis');
    }
  }
  return m;
}

/** A name written as a run of letters (`QK`, `XW_Q`, `Wh_t`) as the product of its letters, when it reads so here. */
function splitName(x: Sym, r: ShapeReading): Node | undefined {
  const letters = runOf(x, r);
  if (!letters) return undefined;
  let out: Node | undefined;
  for (let k = 0; k < letters.length; k++) {
    const last = k === letters.length - 1;
    const c = letters[k];
    // the name's scripts belong to its last letter, as TeX sets them (`h_t` of `Wh_t`)
    const letter: Sym = last ? { ...x, base: c, name: c + x.name.slice(x.base.length), s: x.s + k } : { t: 'sym', name: c, base: c, s: x.s + k, e: x.s + k + 1 };
    out = out ? { t: 'bin', op: 'implicit', a: out, b: letter, s: x.s, e: letter.e } : letter;
  }
  return out;
}

/** The letters of a run-together name written as plain letters (not `\mathrm{head}`), when the run splits here. */
function runOf(x: Sym, r: ShapeReading): string[] | undefined {
  if (x.base.length < 2 || !x.name.startsWith(x.base) || x.sup !== undefined) return undefined;
  // a word a command wrote (`\mathrm{head}`, `\mathbf{W}`) is one name
  if (r.source(x.s, x.s + x.base.length) !== x.base) return undefined;
  return splitRunTogether(x.base, r.known, SHAPES_RUN_TOGETHER);
}

/**
 * A transpose or power of `a`: on a run-together name it applies to the last letter (`QK^T` is Q Kᵀ);
 * `apply` builds the node around that operand.
 */
function script(a: Node, r: ShapeReading, apply: (operand: Node) => Node): Node {
  if (a.t === 'sym') {
    const split = splitName(a, r);
    if (split && split.t === 'bin') {
      const last = apply(split.b);
      return { ...split, b: last, e: last.e };
    }
  }
  return apply(readForShapes(a, r));
}

function power(x: NodeOf<'pow'>, r: ShapeReading): Node {
  let b = x.b;
  while (b.t === 'group') b = b.a;
  // `\mathbb{R}^{n \times d}`: a space of shapes
  if (x.a.t === 'sym' && x.a.name === '\\mathbb{R}') return { t: 'space', dims: dimsOf(b).map((d) => readForShapes(d, { ...r, known: () => true })), s: x.a.s, e: x.e };
  const numeric = b.t === 'num' || (b.t === 'neg' && b.a.t === 'num');
  return script(x.a, r, (base) => {
    if (numeric) return { ...x, a: base, b, s: base.s };
    // `W^Q`, `W_i^Q`: a superscript that names, not a power
    if (base.t === 'sym' && base.sup === undefined) {
      const sup = scriptText(x.b, r);
      return { ...base, name: symbolName(base.name, undefined, sup), sup, e: x.e };
    }
    return { ...x, a: base, b: readForShapes(x.b, r), s: base.s };
  });
}

/** A script's text the way the evaluator names symbols (`{model}` → `model`). */
function scriptText(b: Node, r: ShapeReading): string {
  const t = r.source(b.s, b.e).trim();
  const inner = b.t === 'group' && t.startsWith('{') && t.endsWith('}') ? t.slice(1, -1) : t;
  return inner.trim().replace(/\s+/g, ' ');
}

/** The dims of a space, split at top-level ×, · and *: `n \times d_k/h` is n and d_k/h. */
function dimsOf(x: Node): Node[] {
  if (x.t === 'bin' && (x.op === 'times' || x.op === 'cdot' || x.op === '*')) return [...dimsOf(x.a), ...dimsOf(x.b)];
  if (x.t === 'bin' && (x.op === '/' || x.op === 'div')) {
    const left = dimsOf(x.a);
    if (left.length > 1) {
      const last = left[left.length - 1];
      return [...left.slice(0, -1), { ...x, a: last, s: last.s }];
    }
  }
  if (x.t === 'tuple') return x.items.flatMap(dimsOf);
  return [x];
}

/** `Attention(Q, K, V)`, `X\,\mathrm{Concat}(…)`: the last factor of `a` is a function word before its arguments. */
function namedCall(a: Node, args: Node, r: ShapeReading): Node | undefined {
  const fnOf = (n: Node) => (n.t === 'sym' && n.name === n.base && r.source(n.s, n.s + n.base.length) === n.base ? functionName(n.base) : undefined);
  const callOf = (n: Sym, fn: string): Node => ({
    t: 'call',
    fn,
    written: n.base,
    args: (args.t === 'tuple' ? args.items : [args.t === 'group' ? args.a : args]).map((it) => readForShapes(it, r)),
    prime: 0,
    s: n.s,
    e: args.e,
  });
  const fn = fnOf(a);
  if (fn && a.t === 'sym') return callOf(a, fn);
  if (a.t === 'bin' && a.op === 'implicit') {
    const lastFn = fnOf(a.b);
    if (lastFn && a.b.t === 'sym') {
      const head = readForShapes(a.a, r);
      const call = callOf(a.b, lastFn);
      return { t: 'bin', op: 'implicit', a: head, b: call, s: a.s, e: args.e };
    }
  }
  return undefined;
}

/** A copy of a tree with every offset moved by `d` (the analysis's trees have offsets in their formula). */
export function shifted(x: Node, d: number): Node {
  if (d === 0) return x;
  const out = { ...x, s: x.s + d, e: x.e + d } as Node & Record<string, unknown>;
  const o = x as unknown as Record<string, unknown>;
  for (const k of ['a', 'b']) if (o[k]) out[k] = shifted(o[k] as Node, d);
  for (const k of ['args', 'items', 'dims']) if (Array.isArray(o[k])) out[k] = (o[k] as Node[]).map((c) => shifted(c, d));
  return out;
}
