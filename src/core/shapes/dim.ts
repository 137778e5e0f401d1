/**
 * Tensor dimensions as students write them: numbers (768), symbols (n, d_model) and products or
 * quotients of them (d_model/h, h·d_v, 3d). A dimension is a monomial c·Π xᵢ^eᵢ; a sum such as n+1
 * is kept as one opaque symbol named by its text. Values declared in the document (d_model = 768)
 * are substituted when a dimension is resolved.
 */

export interface Dim {
  /** Coefficient (a number; with no symbols this is the dimension's value). */
  c: number;
  /** Symbol → exponent, e.g. { d_model: 1, h: -1 }. Never holds a zero exponent. */
  v: Readonly<Record<string, number>>;
}

/** A dimension's known value (a number) or a symbolic definition (d_k = d_model/h). */
export type DimValue = number | Dim;

/** Names → values, as declared in the document up to some point. */
export interface DimEnv {
  get(name: string): DimValue | undefined;
  /**
   * Whether two size names are known to be different sizes even without values: both are axes of
   * one declared tensor (Q ∈ ℝ^{n×d_k} makes n and d_k two sizes).
   */
  distinct?(a: string, b: string): boolean;
}

export const emptyDimEnv: DimEnv = { get: () => undefined };

/**
 * Symbol → exponent maps have no prototype: size names come from the document, and a size called
 * `constructor` or `__proto__` must be just a name.
 */
function exponents(from?: Readonly<Record<string, number>>): Record<string, number> {
  const v = Object.create(null) as Record<string, number>;
  if (from) for (const k of Object.keys(from)) v[k] = from[k];
  return v;
}

/** The exponents of every number: none (frozen; dims are never changed, and a number is most dims). */
const NO_EXPONENTS: Readonly<Record<string, number>> = Object.freeze(exponents());

export function num(c: number): Dim {
  return { c, v: NO_EXPONENTS };
}

export function sym(name: string): Dim {
  const v = exponents();
  v[name] = 1;
  return { c: 1, v };
}

export function isNumeric(d: Dim): boolean {
  for (const _ in d.v) return false;
  return true;
}

export function mul(a: Dim, b: Dim, sign: 1 | -1 = 1): Dim {
  const v = exponents(a.v);
  for (const [k, e] of Object.entries(b.v)) {
    const x = (v[k] ?? 0) + sign * e;
    if (x === 0) delete v[k];
    else v[k] = x;
  }
  return { c: sign === 1 ? a.c * b.c : a.c / b.c, v };
}

export function div(a: Dim, b: Dim): Dim {
  return mul(a, b, -1);
}

export function pow(a: Dim, k: number): Dim {
  const v = exponents();
  for (const [n, e] of Object.entries(a.v)) v[n] = e * k;
  return { c: Math.pow(a.c, k), v };
}

/**
 * Substitutes every symbol the environment knows (recursively, a few levels deep). A number is its
 * own resolution (dims are never changed); otherwise the product is built in one map, multiplying
 * in the same order as `mul` and `pow` would (most sizes are numbers: the rows of written matrices).
 */
export function resolve(d: Dim, env: DimEnv, depth = 0): Dim {
  if (isNumeric(d)) return d;
  let c = d.c;
  const v = exponents();
  const add = (name: string, e: number) => {
    const x = (v[name] ?? 0) + e;
    if (x === 0) delete v[name];
    else v[name] = x;
  };
  for (const name in d.v) {
    const e = d.v[name];
    const known = depth < 8 ? env.get(name) : undefined;
    if (known === undefined) add(name, e);
    else if (typeof known === 'number') c = c * Math.pow(known, e);
    else {
      const r = resolve(known, env, depth + 1);
      c = c * Math.pow(r.c, e);
      for (const k in r.v) add(k, r.v[k] * e);
    }
  }
  return { c, v };
}

/** The value of the dimension when every symbol is known, else undefined. */
export function valueOf(d: Dim, env: DimEnv): number | undefined {
  const r = resolve(d, env);
  return isNumeric(r) ? r.c : undefined;
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Structural equality of two monomials (after nothing is substituted). */
export function sameDim(a: Dim, b: Dim): boolean {
  if (!near(a.c, b.c)) return false;
  const ka = Object.keys(a.v);
  const kb = Object.keys(b.v);
  return ka.length === kb.length && ka.every((k) => a.v[k] === b.v[k]);
}

/**
 * Whether two dimensions are equal: 'yes' (the same value or the same expression), 'no' (different
 * numbers), 'unknown' (different symbols whose values are not declared: d_k and d_head may be the
 * same size under two names).
 */
export function compareDims(a: Dim, b: Dim, env: DimEnv): 'yes' | 'no' | 'unknown' {
  const ra = resolve(a, env);
  const rb = resolve(b, env);
  if (sameDim(ra, rb)) return 'yes';
  if (isNumeric(ra) && isNumeric(rb)) return 'no';
  const single = (d: Dim) => {
    const k = Object.keys(d.v);
    return d.c === 1 && k.length === 1 && d.v[k[0]] === 1 ? k[0] : undefined;
  };
  const sa = single(ra);
  const sb = single(rb);
  if (sa && sb && env.distinct?.(sa, sb)) return 'no';
  return 'unknown';
}

/** Symbol names for people: d_model stays d_model, \alpha becomes α. */
export function displayName(name: string): string {
  if (!/[\\\s]/.test(name)) return name;
  return name.replace(/\\([A-Za-z]+)/g, (m, g: string) => GREEK.get(g) ?? m).replace(/\s+/g, '');
}

const GREEK = new Map(Object.entries({
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', theta: 'θ', lambda: 'λ', mu: 'μ', sigma: 'σ', tau: 'τ', phi: 'φ', psi: 'ψ', omega: 'ω',
}));

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
const sup = (k: number) => String(k).split('').map((c) => SUPERSCRIPT[c] ?? c).join('');

function fmtCoef(c: number): string {
  if (Number.isInteger(c)) return String(c);
  return String(Math.round(c * 1e4) / 1e4);
}

/** A dimension written symbolically: `d_model/h`, `h·d_v`, `2n`, `n²`. */
export function formatDim(d: Dim): string {
  // a whole number (most sizes) is its number
  if (Number.isInteger(d.c) && isNumeric(d)) return fmtCoef(d.c);
  // in the order written (h·d_v stays h·d_v); equality does not depend on it
  const entries = Object.entries(d.v);
  const numer = entries.filter(([, e]) => e > 0).map(([n, e]) => displayName(n) + (e === 1 ? '' : sup(e)));
  const denom = entries.filter(([, e]) => e < 0).map(([n, e]) => displayName(n) + (e === -1 ? '' : sup(-e)));
  let c = d.c;
  let cDen = 1;
  if (!Number.isInteger(c)) {
    // a coefficient such as 1/2 is written as a denominator
    for (let q = 2; q <= 64; q++) {
      if (Number.isInteger(Math.round(c * q * 1e9) / 1e9)) {
        cDen = q;
        c = Math.round(c * q);
        break;
      }
    }
  }
  let top: string;
  if (numer.length === 0) top = fmtCoef(c);
  else if (c === 1) top = numer.join('·');
  else if (c === -1) top = '−' + numer.join('·');
  else top = fmtCoef(c) + (/^[A-Za-z\\]/.test(numer[0]) && numer.length === 1 ? '' : '·') + numer.join('·');
  const bottom = [...(cDen !== 1 ? [String(cDen)] : []), ...denom];
  if (bottom.length === 0) return top;
  const wrap = (s: string[], t: string) => (s.length > 1 || /[·]/.test(t) ? `(${t})` : t);
  return `${wrap(numer.length ? numer : [top], top)}/${wrap(bottom, bottom.join('·'))}`;
}

/** The dimension with numbers where the document declares them: `64` for d_model/h, else symbolic. */
export function formatDimValue(d: Dim, env: DimEnv): string {
  const v = valueOf(d, env);
  if (v !== undefined) return fmtCoef(v);
  return formatDim(resolve(d, env));
}
