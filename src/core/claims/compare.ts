/**
 * Judging one written `=`: is the written value the computed one? A written number with k decimals
 * is right when it is the value rounded (or truncated) to k decimals; integers and fractions must be
 * exact; matrices element by element; right values in the other orientation are a warning.
 */
import type { Node } from '../syntax/ast';
import { Val, isMat, isVector, vecData, vecLen, simplify } from '../eval/values';

export type Verdict = { kind: 'right' } | { kind: 'wrong' } | { kind: 'orientation' } | { kind: 'incomparable' };

/** Precision of a written literal: decimals per element, `undefined` meaning "exact". */
export type Precision = (number | undefined)[] | undefined;

/** `10^{k}` with an integer k written as a number: the k, else undefined. */
export function powerOfTen(n: Node): number | undefined {
  if (n.t !== 'pow' || n.a.t !== 'num' || n.a.v !== 10 || n.a.decimals !== 0) return undefined;
  let b = n.b;
  let sign = 1;
  for (;;) {
    if (b.t === 'group') b = b.a;
    else if (b.t === 'neg') {
      sign = -sign;
      b = b.a;
    } else break;
  }
  return b.t === 'num' && Number.isInteger(b.v) && b.decimals === 0 ? sign * b.v : undefined;
}

/** `3.4 \times 10^{-7}`, `9.77 \cdot 10^{-4}`: mantissa and exponent. */
function scientific(n: Node): { mantissa: Node; exp: number; op: string } | undefined {
  if (n.t !== 'bin' || !(n.op === 'times' || n.op === 'cdot' || n.op === '*') || !isNumberLike(n.a)) return undefined;
  const exp = powerOfTen(n.b);
  return exp === undefined ? undefined : { mantissa: n.a, exp, op: n.op === 'times' ? '\\times' : n.op === 'cdot' ? '\\cdot' : '*' };
}

/** Is this piece a written value (number, fraction, matrix of numbers) rather than an expression? */
export function isLiteral(n: Node): boolean {
  switch (n.t) {
    case 'num':
      return true;
    case 'neg':
    case 'group':
    case 'pct':
      return isLiteral(n.a);
    case 'scaled':
      return isNumberLike(n.a);
    case 'frac':
      return isNumberLike(n.a) && isNumberLike(n.b);
    case 'mat':
      return n.env !== 'vmatrix' && n.rows.every((r) => r.every(isLiteral));
    case 'tuple':
      return n.items.every(isLiteral);
    case 'bin':
      return scientific(n) !== undefined;
    case 'pow':
      return powerOfTen(n) !== undefined;
    default:
      return false;
  }
}

function isNumberLike(n: Node): boolean {
  return n.t === 'num' || ((n.t === 'neg' || n.t === 'group') && isNumberLike(n.a));
}

/** The place of the last written digit of a number-like node (0.25 → 2, 3 → 0, 5e3 → −3). */
function placeOf(n: Node): number {
  while (n.t === 'neg' || n.t === 'group') n = n.a;
  return n.t === 'num' ? n.decimals : 0;
}

/**
 * Decimals of each written number of a literal, flattened row-major; undefined entries are exact.
 * Negative decimals round to tens, thousands…: `3.4 \times 10^{-7}` has 8, `23 \text{M}` has −6. A
 * bare `10^{k}` has one significant figure (−k decimals): an estimate, not an exact value.
 */
export function literalDecimals(n: Node, approx = false): (number | undefined)[] {
  switch (n.t) {
    case 'num': {
      // after ≈, a whole number's trailing zeros are not significant: `\approx 60`, `\approx 2360000`
      const zeros = approx && n.decimals === 0 && n.v !== 0 ? /0*$/.exec(n.text.replace(/[^0-9]/g, ''))![0].length : 0;
      return [n.decimals - zeros];
    }
    case 'neg':
    case 'group':
      return literalDecimals(n.a, approx);
    case 'pct': {
      const d = literalDecimals(n.a, approx)[0];
      return [d === undefined ? undefined : d + 2];
    }
    case 'scaled': {
      // a scale that is no power of ten (degrees: π/180) gives a fractional place, so that half a unit of
      // it is half a unit of the written place (53.13° is 53.13 ± 0.005°, in radians), truncation too
      const k = Math.log10(n.factor);
      return [placeOf(n.a) - (Math.abs(k - Math.round(k)) < 1e-9 ? Math.round(k) : k)];
    }
    case 'frac':
      return [undefined];
    case 'mat':
      return n.rows.flatMap((r) => r.flatMap((c) => literalDecimals(c, approx)));
    case 'tuple':
      return n.items.flatMap((c) => literalDecimals(c, approx));
    case 'bin': {
      const sci = scientific(n);
      return [sci ? placeOf(sci.mantissa) - sci.exp : undefined];
    }
    case 'pow': {
      // a bare power of ten is an estimate with one significant figure (`= 10^{12}` for 1.024e12)
      const k = powerOfTen(n);
      return [k !== undefined && k !== 0 ? -k : undefined];
    }
    default:
      return [undefined];
  }
}

/**
 * How many integer factors a product of written integers has (`(32 \times 512)(512 \times 64)` has 4);
 * undefined when the piece is anything else. Two such sides that differ are shape notation.
 */
export function integerFactors(n: Node): number | undefined {
  switch (n.t) {
    case 'num':
      return Number.isInteger(n.v) && n.decimals === 0 ? 1 : undefined;
    case 'group':
      return integerFactors(n.a);
    case 'bin': {
      if (!(n.op === 'times' || n.op === 'cdot' || n.op === 'implicit' || n.op === '*')) return undefined;
      const a = integerFactors(n.a);
      const b = integerFactors(n.b);
      return a === undefined || b === undefined ? undefined : a + b;
    }
    default:
      return undefined;
  }
}

/** How a written scalar is styled, so the right value can be written back the same way. */
export type LiteralStyle =
  | { kind: 'sci'; exp: number; decimals: number; op: string }
  | { kind: 'e'; exp: number; decimals: number; letter: string }
  | { kind: 'scaled'; factor: number; unit: string; decimals: number }
  /** A bare power of ten (`10^{12}`): answered as `2 \times 10^{12}`, one significant figure. */
  | { kind: 'pow10' }
  /** A percentage (`83.3\%`): answered in percent with the same decimals. */
  | { kind: 'pct'; decimals: number };

export function literalStyle(n: Node): LiteralStyle | undefined {
  while (n.t === 'neg' || n.t === 'group') n = n.a;
  if (n.t === 'bin') {
    const sci = scientific(n);
    if (sci) return { kind: 'sci', exp: sci.exp, decimals: Math.max(0, placeOf(sci.mantissa)), op: sci.op };
  }
  if (n.t === 'num') {
    const m = /^([\d,]*\.?(\d*))([eE])([-+]?\d+)$/.exec(n.text);
    if (m) return { kind: 'e', exp: Number(m[4]), decimals: m[2].length, letter: m[3] };
  }
  if (n.t === 'scaled') return { kind: 'scaled', factor: n.factor, unit: n.unit, decimals: Math.max(0, placeOf(n.a)) };
  if (n.t === 'pow' && powerOfTen(n) !== undefined) return { kind: 'pow10' };
  if (n.t === 'pct') return { kind: 'pct', decimals: Math.max(0, placeOf(n.a)) };
  return undefined;
}

/** A number written in a literal's style: 3.325e-7 as `3.3 \times 10^{-7}` when the claim was written so. */
export function formatInStyle(x: number, st: LiteralStyle): { latex: string; plain: string } {
  const fixed = (v: number, d: number) => {
    const r = v.toFixed(d);
    return /^-0\.?0*$/.test(r) ? r.slice(1) : r;
  };
  const minus = (t: string) => t.replace(/-/g, '−');
  // the claim's exponent, unless the right value's mantissa would fall below 1 (or reach 10⁴) there (1.5 × 10^1
  // written for 10⁻⁴ is answered 1.0 × 10^−4, not 0.0 × 10^1): a fix is itself judged right
  const scientific = (exp0: number, d0: number) => {
    let exp = exp0;
    let d = d0;
    const size = Math.abs(x / Math.pow(10, exp));
    if (x !== 0 && Number.isFinite(x) && (size < 1 || size >= 1e4)) {
      exp = Math.floor(Math.log10(Math.abs(x)));
      if (Math.abs(Number(fixed(x / Math.pow(10, exp), d))) >= 10) exp++;
    }
    if (d === exp) d++; // 9 × 10^0 or 1.1 × 10^1 would read as an exact integer
    return { m: fixed(x / Math.pow(10, exp), d), exp };
  };
  switch (st.kind) {
    case 'sci': {
      const { m, exp } = scientific(st.exp, st.decimals);
      const opPlain = st.op === '\\times' ? ' × ' : st.op === '\\cdot' ? '·' : ' * ';
      return { latex: `${m} ${st.op} 10^{${exp}}`, plain: minus(`${m}${opPlain}10^${exp}`) };
    }
    case 'e': {
      const { m, exp } = scientific(st.exp, st.decimals);
      const t = `${m}${st.letter}${exp}`;
      return { latex: t, plain: minus(t) };
    }
    case 'scaled': {
      let d = st.decimals;
      while (d < 12 && x !== 0 && Number(fixed(x / st.factor, d)) === 0) d++;
      const m = fixed(x / st.factor, d);
      if (st.unit === '°') return { latex: `${m}^\\circ`, plain: minus(`${m}°`) };
      return { latex: `${m} \\text{${st.unit}}`, plain: minus(`${m} ${st.unit}`) };
    }
    case 'pct': {
      const p = fixed(x * 100, st.decimals);
      return { latex: `${p}\\%`, plain: minus(`${p}%`) };
    }
    case 'pow10': {
      if (x === 0 || !Number.isFinite(x)) return { latex: String(x), plain: minus(String(x)) };
      let exp = Math.floor(Math.log10(Math.abs(x)));
      let m = Math.round(x / Math.pow(10, exp));
      if (Math.abs(m) === 10) {
        m /= 10;
        exp++;
      }
      // 10^{0} and 8 \times 10^{0} would read as exact: a number between 1 and 10 keeps two decimals
      if (exp === 0) return { latex: fixed(x, 2), plain: minus(fixed(x, 2)) };
      if (m === 1) return { latex: `10^{${exp}}`, plain: minus(`10^${exp}`) };
      return { latex: `${m} \\times 10^{${exp}}`, plain: minus(`${m} × 10^${exp}`) };
    }
  }
}

/** Smallest number of significant digits among the decimal numbers written in a tree (for rounded inputs). */
export function minSignificantDecimals(n: Node): number | undefined {
  let best: number | undefined;
  const walk = (x: Node) => {
    if (x.t === 'num') {
      if (!x.text.includes('.')) return; // integers have no decimals (the common case: no allocation)
      const mantissa = x.text.split(/[eE]/)[0];
      if (mantissa.includes('.')) {
        const digits = mantissa.replace(/[^0-9]/g, '').replace(/^0+/, '').length;
        if (best === undefined || digits < best) best = digits;
      }
      return;
    }
    for (const key in x) {
      const v = (x as Record<string, unknown>)[key];
      if (!v || typeof v !== 'object') continue;
      if (!Array.isArray(v)) {
        if ('t' in v) walk(v as Node);
        continue;
      }
      // args, items, or a matrix's rows of cells: no flat() copy
      for (const y of v) {
        if (Array.isArray(y)) {
          for (const z of y) if (z && typeof z === 'object' && 't' in z) walk(z as Node);
        } else if (y && typeof y === 'object' && 't' in y) walk(y as Node);
      }
    }
  };
  walk(n);
  return best;
}

/** Significant digits from which a written decimal is read as a printed single-precision float. */
export const FLOAT32_DIGITS = 8;
/** How far such a number may be from the exact value: a few units of float32's last place (2⁻²³ ≈ 1.2e-7), under a millionth. */
export const FLOAT32_REL = 5e-7;

function scalarMatches(actual: number, claimed: number, decimals: number | undefined, relTol: number, approx: boolean): boolean {
  if (!Number.isFinite(actual) || !Number.isFinite(claimed)) return actual === claimed;
  const diff = Math.abs(actual - claimed);
  const mag = Math.max(Math.abs(actual), Math.abs(claimed));
  // floating-point noise is relative to the size of the numbers (3.3e-7 and 3.4e-7 differ), except
  // around an exact 0, where the noise of a cancellation (0.1 + 0.2 − 0.3) has no size to follow
  // …and never as large as the written last place (1610612735 is not 1610612736)
  let noise = actual === 0 || claimed === 0 ? 1e-12 : 1e-9 * mag;
  if (decimals !== undefined) noise = Math.min(noise, 0.49 * Math.pow(10, -decimals));
  if (diff <= noise) return true;
  if (relTol > 0 && diff <= relTol * mag) return true;
  // a decimal written with 8 or more significant digits (0.64045745) is a printed float32, whose
  // digits past the seventh are noise of the single-precision arithmetic that produced it
  if (decimals !== undefined && decimals > 0 && claimed !== 0 && decimals + Math.floor(Math.log10(Math.abs(claimed))) + 1 >= FLOAT32_DIGITS && diff <= FLOAT32_REL * mag) return true;
  if (decimals !== undefined) {
    const unit = Math.pow(10, -decimals);
    // ≈ with a written precision: the value rounded (half a unit of the last written place) or
    // truncated there, or within 1 % (`110 \text{M} \approx 109482240`); `1 + 1 \approx 3` is wrong
    if (approx && diff <= Math.max(unit / 2, 0.01 * mag) + noise) return true;
    // a written integer is exact after =; a number with decimals (or in scientific notation) is rounded
    if (decimals !== 0 || approx) {
      if (diff <= unit / 2 + noise) return true;
      // truncation instead of rounding is a common, harmless habit
      const scaled = actual * Math.pow(10, decimals);
      const truncated = Math.trunc(scaled + Math.sign(scaled) * 1e-9) / Math.pow(10, decimals);
      if (Math.abs(truncated - claimed) <= noise) return true;
    }
  } else if (approx) {
    return diff <= 0.01 * mag;
  }
  return false;
}

/**
 * Compares the computed value with the written one. `precision` gives the decimals of each written
 * number (undefined = exact); `relTol` widens the match when the written side rounds its inputs.
 */
export function compareValues(actual0: Val, claimed0: Val, precision: Precision, relTol: number, approx: boolean): Verdict {
  const actual = simplify(actual0);
  const claimed = simplify(claimed0);
  const dec = (i: number) => (precision ? precision[Math.min(i, precision.length - 1)] : undefined);
  if (typeof actual === 'number' && typeof claimed === 'number') {
    return scalarMatches(actual, claimed, dec(0), relTol, approx) ? { kind: 'right' } : { kind: 'wrong' };
  }
  if (isMat(actual) && isMat(claimed)) {
    const allMatch = (xs: number[], ys: number[]) => xs.length === ys.length && xs.every((x, i) => scalarMatches(x, ys[i], dec(i), relTol, approx));
    if (actual.rows === claimed.rows && actual.cols === claimed.cols) {
      return allMatch(actual.data.flat(), claimed.data.flat()) ? { kind: 'right' } : { kind: 'wrong' };
    }
    if (isVector(actual) && isVector(claimed) && vecLen(actual) === vecLen(claimed)) {
      return allMatch(vecData(actual), vecData(claimed)) ? { kind: 'orientation' } : { kind: 'wrong' };
    }
    return { kind: 'wrong' };
  }
  if (typeof actual === 'object' && typeof claimed === 'object' && actual.kind === 'tuple' && claimed.kind === 'tuple') {
    if (actual.items.length !== claimed.items.length) return { kind: 'wrong' };
    const ok = actual.items.every((a, i) => {
      const c = claimed.items[i];
      return typeof a === 'number' && typeof c === 'number' && scalarMatches(a, c, dec(i), relTol, approx);
    });
    return ok ? { kind: 'right' } : { kind: 'wrong' };
  }
  // `(4, 10)` or `[4, 10]` written for a vector: a list does not commit to an orientation
  const list = (v: Val) => (typeof v === 'object' && v.kind === 'tuple' && v.items.every((x) => typeof x === 'number') ? (v.items as number[]) : undefined);
  const claimedList = list(claimed);
  const actualList = list(actual);
  if (isMat(actual) && isVector(actual) && claimedList) {
    const xs = vecData(actual);
    return xs.length === claimedList.length && xs.every((x, i) => scalarMatches(x, claimedList[i], dec(i), relTol, approx)) ? { kind: 'right' } : { kind: 'wrong' };
  }
  if (isMat(claimed) && isVector(claimed) && actualList) {
    const ys = vecData(claimed);
    return ys.length === actualList.length && actualList.every((x, i) => scalarMatches(x, ys[i], dec(i), relTol, approx)) ? { kind: 'right' } : { kind: 'wrong' };
  }
  // `\mathbf{b}_1 + 2\mathbf{b}_2 = 0`: a written 0 beside a vector or matrix is its zero, equal when
  // every entry is 0 (any other number beside a matrix is wrong)
  if (isMat(actual) && claimed === 0) return actual.data.every((r) => r.every((x) => scalarMatches(x, 0, dec(0), relTol, approx))) ? { kind: 'right' } : { kind: 'wrong' };
  if (isMat(claimed) && actual === 0) return claimed.data.every((r) => r.every((x) => scalarMatches(0, x, dec(0), relTol, approx))) ? { kind: 'right' } : { kind: 'wrong' };
  if ((isMat(actual) && typeof claimed === 'number') || (typeof actual === 'number' && isMat(claimed))) return { kind: 'wrong' };
  return { kind: 'incomparable' };
}
