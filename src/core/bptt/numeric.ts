/**
 * Numbers for BPTT: reads values (`{ W, U, b, M, x, h0, g }`), runs the forward recurrence, and
 * evaluates a derived expansion — the very {@link Expr} the LaTeX writes, product by product — to get
 * the gradient. Finite differences of the forward pass are here too, for tests and cross-checks.
 */
import type { BpttDerivation } from './derive';
import { Expr, postOrder } from './expr';
import { BpttError, BpttTarget, LossKind, Recurrence, TermRole, termOf } from './types';
import { message, type Message } from '../messages';

/** A matrix, row-major; vectors are n×1 columns. */
export type Mat = number[][];

export interface BpttNumbers {
  /** Weights by role (only those the recurrence names). */
  params: Partial<Record<TermRole, Mat>>;
  /** x_1..x_T as columns (x[0] is x_1); empty when the recurrence has no input term. */
  x: Mat[];
  h0: Mat;
  /** Final loss: g (n×1). Summed loss: g_1..g_T (g[0] is g_1). */
  g: Mat | Mat[];
  /** State size n and input size d. */
  n: number;
  d: number;
}

// ---------------------------------------------------------------------------------------------
// Small dense linear algebra

export function zeros(r: number, c: number): Mat {
  return Array.from({ length: r }, () => new Array<number>(c).fill(0));
}

export function identity(n: number): Mat {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m[i][i] = 1;
  return m;
}

export function matmul(a: Mat, b: Mat): Mat {
  const k = a[0]?.length ?? 0;
  if (k !== b.length) throw new BpttError(message('bptt.multiply', { left: `${a.length}×${k}`, right: `${b.length}×${b[0]?.length ?? 0}`, inner: k, other: b.length }), 'values');
  const out = zeros(a.length, b[0]?.length ?? 0);
  for (let i = 0; i < a.length; i++)
    for (let p = 0; p < k; p++) {
      const v = a[i][p];
      if (v === 0) continue;
      for (let j = 0; j < out[i].length; j++) out[i][j] += v * b[p][j];
    }
  return out;
}

export function transpose(a: Mat): Mat {
  const r = a.length;
  const c = a[0]?.length ?? 0;
  const out = zeros(c, r);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j][i] = a[i][j];
  return out;
}

function addMat(a: Mat, b: Mat): Mat {
  if (a.length !== b.length || (a[0]?.length ?? 0) !== (b[0]?.length ?? 0)) {
    throw new BpttError(message('bptt.add', { left: `${a.length}×${a[0]?.length ?? 0}`, right: `${b.length}×${b[0]?.length ?? 0}` }), 'values');
  }
  return a.map((row, i) => row.map((v, j) => v + b[i][j]));
}

function scale(a: Mat, s: number): Mat {
  return a.map((row) => row.map((v) => v * s));
}

function col(v: number[]): Mat {
  return v.map((x) => [x]);
}

/** Largest singular value (power iteration on AᵀA). */
export function spectralNorm(a: Mat): number {
  const c = a[0]?.length ?? 0;
  if (!c) return 0;
  let v: Mat = col(Array.from({ length: c }, (_, i) => 1 + i / (c + 1)));
  const ata = matmul(transpose(a), a);
  let lambda = 0;
  for (let it = 0; it < 500; it++) {
    const w = matmul(ata, v);
    const norm = Math.sqrt(w.reduce((s, r) => s + r[0] * r[0], 0));
    if (norm === 0) return 0;
    v = scale(w, 1 / norm);
    if (Math.abs(norm - lambda) <= 1e-13 * norm) {
      lambda = norm;
      break;
    }
    lambda = norm;
  }
  return Math.sqrt(lambda);
}

// ---------------------------------------------------------------------------------------------
// Activations

function activate(rec: Recurrence, z: number): number {
  switch (rec.activation.kind) {
    case 'sigma':
      return 1 / (1 + Math.exp(-z));
    case 'tanh':
      return Math.tanh(z);
    case 'relu':
      return z > 0 ? z : 0;
    case 'identity':
      return z;
    default:
      throw new BpttError(message('bptt.unknown-activation', { activation: rec.activation.latex }), 'values');
  }
}

/** ψ'(z), written the way the derivation states it (σ(z)(1−σ(z)), 1−tanh²z, 1[z>0], 1). */
function activationDerivative(rec: Recurrence, z: number): number {
  switch (rec.activation.kind) {
    case 'sigma': {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s);
    }
    case 'tanh': {
      const t = Math.tanh(z);
      return 1 - t * t;
    }
    case 'relu':
      return z > 0 ? 1 : 0;
    case 'identity':
      return 1;
    default:
      return activate(rec, z);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading values

function normKey(k: string): string {
  return k
    .replace(/\\(mathbf|boldsymbol|bm|mathrm|mathit|vec|operatorname)\s*/g, '')
    .replace(/[{}\s\\$]/g, '')
    .replace(/_$/, '');
}

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function describe(v: unknown): Message {
  if (Array.isArray(v)) return message('values.got-list', { count: v.length });
  return typeof v === 'string' ? message('values.got-string') : v === null ? message('values.got-null') : message('values.got-other', { type: typeof v });
}

/** A column vector from a number, [..] or [[..],[..]] (a column) / [[..]] (a row). */
function toVector(v: unknown, what: string): Mat {
  if (isNum(v)) return [[v]];
  if (Array.isArray(v) && v.length && v.every(isNum)) return col(v as number[]);
  if (Array.isArray(v) && v.length && v.every((r) => Array.isArray(r) && r.length === 1 && isNum(r[0]))) return (v as number[][]).map((r) => [r[0]]);
  if (Array.isArray(v) && v.length === 1 && Array.isArray(v[0]) && (v[0] as unknown[]).every(isNum)) return col(v[0] as number[]);
  throw new BpttError(message('values.vector', { what, got: describe(v) }), 'values');
}

/** A matrix from a number (1×1), [..] (one row) or [[..],..]. */
function toMatrix(v: unknown, what: string): Mat {
  if (isNum(v)) return [[v]];
  if (Array.isArray(v) && v.length && v.every(isNum)) return [v as number[]];
  if (Array.isArray(v) && v.length && v.every((r) => Array.isArray(r) && r.length && (r as unknown[]).every(isNum))) {
    const rows = v as number[][];
    if (rows.some((r) => r.length !== rows[0].length)) throw new BpttError(message('values.ragged', { what }), 'values');
    return rows.map((r) => [...r]);
  }
  throw new BpttError(message('values.matrix', { what, got: describe(v) }), 'values');
}

function toSequence(v: unknown, what: string, T: number): Mat[] {
  if (!Array.isArray(v)) throw new BpttError(message('values.sequence', { what, steps: T, got: describe(v) }), 'values');
  if (v.length < T) throw new BpttError(message('values.too-few', { what, entries: entries(v.length), steps: T }), 'values');
  return v.slice(0, T).map((e, i) => toVector(e, `${what}[${i + 1}]`));
}

/** `1 entry`, `3 entries`. */
function entries(count: number): Message {
  return count === 1 ? message('values.one-entry') : message('values.entries', { count });
}

/** `1 component`, `3 components`. */
function components(count: number): Message {
  return count === 1 ? message('values.one-component') : message('values.components', { count });
}

function dims(m: Mat): string {
  return `${m.length}×${m[0]?.length ?? 0}`;
}

/**
 * Reads `{ "W": [[..]], "U": [[..]], "b": [..], "M": [[..]], "x": [[..], ...], "h0": [..], "g": [..] | [[..], ...] }`.
 * Weights may be keyed by their role letter or by the name the student wrote (`W_hh`, `W_{hh}`).
 * A missing h0 is zero; a missing g is all ones. Throws {@link BpttError} on a missing or misshapen value.
 */
export function readBpttValues(json: unknown, rec: Recurrence, loss: LossKind, T: number): BpttNumbers {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new BpttError(message('values.not-object', { example: '{ "W": [[0.5]], "h0": [1], "x": [1, 2], "g": [1] }' }), 'values');
  const obj = json as Record<string, unknown>;
  const byKey = new Map<string, { key: string; value: unknown }>();
  for (const [k, v] of Object.entries(obj)) byKey.set(normKey(k), { key: k, value: v });
  const written = new Set(rec.terms.map((t) => (t.name ? normKey(t.name) : '')).filter(Boolean));
  const lookup = (role: TermRole): { key: string; value: unknown } | undefined => {
    const term = termOf(rec, role);
    if (term?.name) {
      const hit = byKey.get(normKey(term.name));
      if (hit) return hit;
    }
    // The role letter, unless the student used that letter for another weight.
    if (!written.has(role) || (term?.name && normKey(term.name) === role)) return byKey.get(role);
    return undefined;
  };
  const params: Partial<Record<TermRole, Mat>> = {};
  for (const term of rec.terms) {
    if (!term.weight) continue;
    const hit = lookup(term.role);
    if (!hit) throw new BpttError(message(term.role === 'b' ? 'values.missing-bias' : 'values.missing-weight', { name: term.name ?? term.role, weight: term.weight }), 'values');
    params[term.role] = term.role === 'b' ? toVector(hit.value, hit.key) : toMatrix(hit.value, hit.key);
  }
  const stateKey = normKey(rec.state);
  const h0Raw = obj.h0 ?? byKey.get(`${stateKey}0`)?.value ?? byKey.get(`${stateKey}_0`)?.value;
  const hasInput = rec.terms.some((t) => t.role === 'U');
  const inputKey = normKey(rec.input);
  const xRaw = obj.x ?? byKey.get(inputKey)?.value;
  // The state size n: from h0, then the weights, then b, then g.
  let n: number | undefined;
  const h0Given = h0Raw !== undefined ? toVector(h0Raw, 'h0') : undefined;
  if (h0Given) n = h0Given.length;
  n ??= params.W?.length ?? params.M?.length ?? params.U?.length ?? params.b?.length;
  const gRaw = obj.g;
  if (n === undefined && gRaw !== undefined) n = loss === 'final' ? toVector(gRaw, 'g').length : toSequence(gRaw, 'g', T)[0].length;
  const x = hasInput ? (xRaw === undefined ? undefined : toSequence(xRaw, 'x', T)) : [];
  if (x === undefined) throw new BpttError(message('values.missing-x', { first: `${rec.input}_1`, last: `${rec.input}_${T}` }), 'values');
  if (n === undefined) n = x[0]?.length ?? 1;
  const d = params.U?.[0]?.length ?? x[0]?.length ?? n;
  const h0 = h0Given ?? zeros(n, 1);
  const check = (cond: boolean, problem: () => Message) => {
    if (!cond) throw new BpttError(problem(), 'values');
  };
  if (params.W) check(params.W.length === n && params.W[0].length === n, () => message('values.w-shape', { name: lookup('W')?.key ?? 'W', dims: dims(params.W!), components: components(n!), square: `${n}×${n}` }));
  if (params.M) check(params.M.length === n && params.M[0].length === n, () => message('values.m-shape', { name: lookup('M')?.key ?? 'M', dims: dims(params.M!), square: `${n}×${n}` }));
  if (params.U) check(params.U.length === n, () => message('values.u-rows', { name: lookup('U')?.key ?? 'U', dims: dims(params.U!), rows: n === 1 ? message('values.one-row') : message('values.rows', { count: n! }) }));
  // A bias given as one plain number is the same number in every component.
  const bRaw = lookup('b')?.value;
  if (params.b && isNum(bRaw) && n > 1) params.b = col(new Array<number>(n).fill(bRaw));
  if (params.b) check(params.b.length === n, () => message('values.size', { what: lookup('b')?.key ?? 'b', count: params.b!.length, state: n! }));
  x.forEach((xt, i) =>
    check(xt.length === d, () =>
      message('values.x-size', { what: `x[${i + 1}]`, entries: entries(xt.length), expected: params.U ? message('values.u-columns', { name: lookup('U')?.key ?? 'U', count: d }) : message('values.state-components', { count: n! }) }),
    ),
  );
  if (!params.U && hasInput) check(d === n, () => message('values.x-unweighted', { count: n! }));
  let g: Mat | Mat[];
  if (loss === 'final') {
    if (Array.isArray(gRaw) && gRaw.length > 1 && gRaw.every((e) => Array.isArray(e) && e.length > 1)) {
      throw new BpttError(message('values.g-per-step'), 'values');
    }
    g = gRaw === undefined ? col(new Array<number>(n).fill(1)) : toVector(gRaw, 'g');
    check((g as Mat).length === n, () => message('values.size', { what: 'g', count: (g as Mat).length, state: n! }));
  } else {
    g = gRaw === undefined ? Array.from({ length: T }, () => col(new Array<number>(n as number).fill(1))) : toSequence(gRaw, 'g', T);
    (g as Mat[]).forEach((gt, i) => check(gt.length === n, () => message('values.size', { what: `g[${i + 1}]`, count: gt.length, state: n! })));
  }
  return { params, x, h0, g, n, d };
}

// ---------------------------------------------------------------------------------------------
// Forward pass

export interface ForwardPass {
  /** z[t] for t = 1..T (z[0] unused). */
  z: Mat[];
  /** h[t] for t = 0..T. */
  h: Mat[];
}

/** Runs the recurrence; `override` replaces h_k by a given value (as an intervention) before the later steps use it. */
export function forwardPass(rec: Recurrence, nums: BpttNumbers, T: number, override?: { k: number; value: Mat }): ForwardPass {
  const { n } = nums;
  const h: Mat[] = [override?.k === 0 ? override.value : nums.h0];
  const z: Mat[] = [zeros(n, 1)];
  const prev = (t: number) => (t >= 0 ? h[t] : zeros(n, 1));
  for (let t = 1; t <= T; t++) {
    let acc = zeros(n, 1);
    for (const term of rec.terms) {
      let v: Mat;
      const P = term.weight ? nums.params[term.role] : undefined;
      if (term.role === 'W') v = P ? matmul(P, prev(t - 1)) : prev(t - 1);
      else if (term.role === 'M') v = P ? matmul(P, prev(t - 2)) : prev(t - 2);
      else if (term.role === 'U') v = P ? matmul(P, nums.x[t - 1]) : nums.x[t - 1];
      else v = P ?? col(new Array<number>(n).fill(1));
      acc = addMat(acc, scale(v, term.coef));
    }
    z.push(acc);
    const ht = acc.map((r) => [activate(rec, r[0])]);
    h.push(override?.k === t ? override.value : ht);
  }
  return { z, h };
}

export function lossValue(nums: BpttNumbers, loss: LossKind, fp: ForwardPass, T: number): number {
  const dot = (a: Mat, b: Mat) => a.reduce((s, r, i) => s + r[0] * b[i][0], 0);
  if (loss === 'final') return dot(nums.g as Mat, fp.h[T]);
  let s = 0;
  for (let t = 1; t <= T; t++) s += dot((nums.g as Mat[])[t - 1], fp.h[t]);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Evaluating a derived expression

type Val = number | Mat | null; // null is zero of whatever shape

/**
 * Evaluates `expr` at the numbers: D_t = diag(ψ'(z_t)) from the forward pass, weights, states,
 * inputs and loss weights as given. Shared parts (refs) are evaluated once.
 */
export function evaluateExpr(expr: Expr, rec: Recurrence, nums: BpttNumbers, loss: LossKind, T: number, fp = forwardPass(rec, nums, T)): Val {
  const memo = new Map<Expr, Val>();
  const idx = (t: number | string): number => {
    if (typeof t !== 'number') throw new BpttError(message('bptt.symbolic-index', { index: t }), 'internal');
    return t;
  };
  // Children before parents, so every lookup below is already computed (no deep recursion).
  const ev = (e: Expr): Val => {
    if (!memo.has(e)) throw new BpttError(message('bptt.internal', { detail: 'evaluation order' }), 'internal');
    return memo.get(e) as Val;
  };
  const evalNode = (e: Expr): Val => {
    let out: Val;
    switch (e.k) {
      case 'num':
        out = e.v;
        break;
      case 'zero':
        out = null;
        break;
      case 'I':
        out = identity(nums.n);
        break;
      case 'one':
        out = col(new Array<number>(nums.n).fill(1));
        break;
      case 'g':
        out = e.t === null ? (nums.g as Mat) : loss === 'sum' ? (nums.g as Mat[])[idx(e.t) - 1] : (nums.g as Mat);
        break;
      case 'D': {
        const z = fp.z[idx(e.t)];
        const dm = zeros(nums.n, nums.n);
        for (let i = 0; i < nums.n; i++) dm[i][i] = activationDerivative(rec, z[i][0]);
        out = dm;
        break;
      }
      case 'P': {
        const p = nums.params[e.role];
        if (!p) throw new BpttError(message('bptt.no-value', { name: e.role }), 'values');
        out = e.tr ? transpose(p) : p;
        break;
      }
      case 'h': {
        const t = idx(e.t);
        const v = t >= 0 ? fp.h[t] : zeros(nums.n, 1);
        out = e.tr ? transpose(v) : v;
        break;
      }
      case 'x': {
        const v = nums.x[idx(e.t) - 1];
        out = e.tr ? transpose(v) : v;
        break;
      }
      case 'ref':
        out = ev(e.e);
        break;
      case 'mul': {
        let s = 1;
        let m: Mat | undefined;
        let isZero = false;
        for (const f of e.f) {
          const v = ev(f);
          if (v === null) isZero = true;
          else if (typeof v === 'number') s *= v;
          else m = m ? matmul(m, v) : v;
        }
        out = isZero ? null : m ? scale(m, s) : s;
        break;
      }
      case 'add': {
        let acc: Val = null;
        for (const s of e.s) {
          const v = ev(s);
          if (v === null) continue;
          if (acc === null) acc = v;
          else if (typeof acc === 'number' && typeof v === 'number') acc = acc + v;
          else {
            const a = typeof acc === 'number' ? scale(identity(nums.n), acc) : acc;
            const b = typeof v === 'number' ? scale(identity(nums.n), v) : v;
            acc = addMat(a, b);
          }
        }
        out = acc;
        break;
      }
    }
    return out;
  };
  for (const e of postOrder(expr)) memo.set(e, evalNode(e));
  return ev(expr);
}

/** The shape of a derivation's result at these numbers. */
function resultShape(deriv: BpttDerivation, nums: BpttNumbers): [number, number] {
  const t = deriv.target;
  if (t.kind === 'state') return [nums.n, 1];
  if (t.kind === 'jacobian') return [nums.n, nums.n];
  if (t.role === 'b') return [nums.n, 1];
  if (t.role === 'U') return [nums.n, nums.d];
  return [nums.n, nums.n];
}

/**
 * The gradient the derivation states, evaluated at the numbers: number[] for a vector target
 * (∂L/∂h_k, ∂L/∂b), number[][] for a matrix target (W, U, M, ∂h_t/∂h_k). A scalar state gives [v] / [[v]].
 */
export function evaluateDerivation(deriv: BpttDerivation, rec: Recurrence, nums: BpttNumbers): number[] | number[][] {
  const v = evaluateExpr(deriv.expr, rec, nums, deriv.loss, deriv.steps);
  const [r, c] = resultShape(deriv, nums);
  let m: Mat;
  if (v === null) m = zeros(r, c);
  else if (typeof v === 'number') m = r === c ? scale(identity(r), v) : zeros(r, c).map((row) => row.map(() => v));
  else m = v;
  if (m.length !== r || (m[0]?.length ?? 0) !== c) throw new BpttError(message('bptt.internal', { detail: `the derivation evaluated to ${dims(m)}, expected ${r}×${c}` }), 'internal');
  return deriv.resultKind === 'vector' ? m.map((row) => row[0]) : m;
}

/** h_T from a closed form expression (for checking the unrolling of a linear recurrence). */
export function evaluateClosedForm(deriv: BpttDerivation, rec: Recurrence, nums: BpttNumbers): number[] | undefined {
  if (!deriv.closedFormExpr) return undefined;
  const v = evaluateExpr(deriv.closedFormExpr, rec, nums, deriv.loss, deriv.steps);
  if (v === null) return new Array<number>(nums.n).fill(0);
  if (typeof v === 'number') return [v];
  return v.map((r) => r[0]);
}

// ---------------------------------------------------------------------------------------------
// Finite differences of the forward pass (independent of any derivation)

function cloneNums(nums: BpttNumbers): BpttNumbers {
  const cp = (m: Mat) => m.map((r) => [...r]);
  const params: Partial<Record<TermRole, Mat>> = {};
  for (const [k, v] of Object.entries(nums.params)) params[k as TermRole] = cp(v as Mat);
  return { ...nums, params, x: nums.x.map(cp), h0: cp(nums.h0), g: Array.isArray((nums.g as Mat[])[0]?.[0]) ? (nums.g as Mat[]).map(cp) : cp(nums.g as Mat) };
}

/**
 * Central finite differences of the forward recurrence for a target: ∂L/∂(entries of a weight or
 * of h_k, the latter as an intervention on h_k), or the Jacobian ∂h_t/∂h_k. Same shapes as
 * {@link evaluateDerivation}.
 */
export function finiteDifference(rec: Recurrence, target: BpttTarget, nums: BpttNumbers, loss: LossKind, T: number, eps = 1e-6): number[] | number[][] {
  if (target.kind === 'param') {
    const p = nums.params[target.role];
    if (!p) throw new BpttError(message('bptt.no-value', { name: target.role }), 'values');
    const out = zeros(p.length, p[0].length);
    for (let i = 0; i < p.length; i++)
      for (let j = 0; j < p[0].length; j++) {
        const plus = cloneNums(nums);
        (plus.params[target.role] as Mat)[i][j] += eps;
        const minus = cloneNums(nums);
        (minus.params[target.role] as Mat)[i][j] -= eps;
        out[i][j] = (lossValue(plus, loss, forwardPass(rec, plus, T), T) - lossValue(minus, loss, forwardPass(rec, minus, T), T)) / (2 * eps);
      }
    return target.role === 'b' ? out.map((r) => r[0]) : out;
  }
  const k = target.k === 'k' ? 0 : target.k;
  const base = forwardPass(rec, nums, T);
  const hk = base.h[k];
  if (target.kind === 'state') {
    const out: number[] = [];
    for (let i = 0; i < nums.n; i++) {
      const up = hk.map((r, q) => [r[0] + (q === i ? eps : 0)]);
      const dn = hk.map((r, q) => [r[0] - (q === i ? eps : 0)]);
      const lp = lossValue(nums, loss, forwardPass(rec, nums, T, { k, value: up }), T);
      const lm = lossValue(nums, loss, forwardPass(rec, nums, T, { k, value: dn }), T);
      out.push((lp - lm) / (2 * eps));
    }
    return out;
  }
  const t = typeof target.t === 'number' ? target.t : T;
  const out = zeros(nums.n, nums.n);
  for (let j = 0; j < nums.n; j++) {
    const up = hk.map((r, q) => [r[0] + (q === j ? eps : 0)]);
    const dn = hk.map((r, q) => [r[0] - (q === j ? eps : 0)]);
    const hp = forwardPass(rec, nums, T, { k, value: up }).h[t];
    const hm = forwardPass(rec, nums, T, { k, value: dn }).h[t];
    for (let i = 0; i < nums.n; i++) out[i][j] = (hp[i][0] - hm[i][0]) / (2 * eps);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The bound at the numbers

export interface BoundNumbers {
  gamma: number;
  /** |coef|·‖W‖ (spectral norm), 0 without a recurrent term. */
  normW: number;
  normM?: number;
  /** a = γ‖W‖ and, with a skip term, c = γ‖M‖ and ρ = (a + √(a² + 4c))/2. */
  a: number;
  c?: number;
  rate: number;
  verdict: 'vanishing' | 'exploding-possible' | 'borderline';
}

/** The numbers behind the bound: γ, ‖W‖ (and ‖M‖), the rate and what it means. Undefined for an unknown activation. */
export function boundNumbers(rec: Recurrence, nums: BpttNumbers): BoundNumbers | undefined {
  const gamma = { sigma: 0.25, tanh: 1, relu: 1, identity: 1, generic: NaN }[rec.activation.kind];
  if (Number.isNaN(gamma)) return undefined;
  const norm = (role: TermRole) => {
    const term = termOf(rec, role);
    if (!term) return 0;
    const p = term.weight ? nums.params[role] : undefined;
    return Math.abs(term.coef) * (p ? spectralNorm(p) : 1);
  };
  const normW = norm('W');
  const a = gamma * normW;
  if (!termOf(rec, 'M')) {
    const verdict = Math.abs(a - 1) < 1e-12 ? 'borderline' : a < 1 ? 'vanishing' : 'exploding-possible';
    return { gamma, normW, a, rate: a, verdict };
  }
  const normM = norm('M');
  const c = gamma * normM;
  const rate = (a + Math.sqrt(a * a + 4 * c)) / 2;
  const verdict = Math.abs(rate - 1) < 1e-12 ? 'borderline' : rate < 1 ? 'vanishing' : 'exploding-possible';
  return { gamma, normW, normM, a, c, rate, verdict };
}
