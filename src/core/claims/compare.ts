/**
 * Judging one written `=`: is the written value the computed one? A written number with k decimals
 * is right when it is the value rounded (or truncated) to k decimals; integers and fractions must be
 * exact; matrices element by element; right values in the other orientation are a warning.
 */
import type { Node } from '../latex/ast';
import { Val, isMat, isVector, vecData, vecLen, simplify } from '../eval/values';

export type Verdict = { kind: 'right' } | { kind: 'wrong' } | { kind: 'orientation' } | { kind: 'incomparable' };

/** Precision of a written literal: decimals per element, `undefined` meaning "exact". */
export type Precision = (number | undefined)[] | undefined;

/** Is this piece a written value (number, fraction, matrix of numbers) rather than an expression? */
export function isLiteral(n: Node): boolean {
  switch (n.t) {
    case 'num':
      return true;
    case 'neg':
    case 'group':
    case 'pct':
      return isLiteral(n.a);
    case 'frac':
      return isNumberLike(n.a) && isNumberLike(n.b);
    case 'mat':
      return n.env !== 'vmatrix' && n.rows.every((r) => r.every(isLiteral));
    case 'tuple':
      return n.items.every(isLiteral);
    default:
      return false;
  }
}

function isNumberLike(n: Node): boolean {
  return n.t === 'num' || ((n.t === 'neg' || n.t === 'group') && isNumberLike(n.a));
}

/** Decimals of each written number of a literal, flattened row-major; undefined entries are exact. */
export function literalDecimals(n: Node): (number | undefined)[] {
  switch (n.t) {
    case 'num':
      return [n.decimals > 0 ? n.decimals : 0];
    case 'neg':
    case 'group':
      return literalDecimals(n.a);
    case 'pct': {
      const d = literalDecimals(n.a)[0];
      return [d === undefined ? undefined : d + 2];
    }
    case 'frac':
      return [undefined];
    case 'mat':
      return n.rows.flatMap((r) => r.flatMap(literalDecimals));
    case 'tuple':
      return n.items.flatMap(literalDecimals);
    default:
      return [undefined];
  }
}

/** Smallest number of significant digits among the decimal numbers written in a tree (for rounded inputs). */
export function minSignificantDecimals(n: Node): number | undefined {
  let best: number | undefined;
  const walk = (x: Node) => {
    if (x.t === 'num') {
      if (x.decimals > 0) {
        const digits = x.text.replace(/[^0-9]/g, '').replace(/^0+/, '').length;
        if (best === undefined || digits < best) best = digits;
      }
      return;
    }
    for (const v of Object.values(x)) {
      if (v && typeof v === 'object') {
        if (Array.isArray(v)) for (const y of v.flat()) { if (y && typeof y === 'object' && 't' in y) walk(y as Node); }
        else if ('t' in v) walk(v as Node);
      }
    }
  };
  walk(n);
  return best;
}

function scalarMatches(actual: number, claimed: number, decimals: number | undefined, relTol: number, approx: boolean): boolean {
  if (!Number.isFinite(actual) || !Number.isFinite(claimed)) return actual === claimed;
  const diff = Math.abs(actual - claimed);
  const mag = Math.max(Math.abs(actual), Math.abs(claimed));
  if (diff <= 1e-9 * Math.max(1, mag)) return true;
  if (relTol > 0 && diff <= relTol * mag) return true;
  if (decimals !== undefined) {
    const unit = Math.pow(10, -decimals);
    if (approx) return diff <= Math.max(unit, 0.01 * mag) + 1e-12;
    if (decimals > 0) {
      if (diff <= unit / 2 + 1e-12 * Math.max(1, mag)) return true;
      // truncation instead of rounding is a common, harmless habit
      const scaled = actual * Math.pow(10, decimals);
      const truncated = Math.trunc(scaled + Math.sign(scaled) * 1e-9) / Math.pow(10, decimals);
      if (Math.abs(truncated - claimed) <= 1e-12 * Math.max(1, mag)) return true;
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
  if ((isMat(actual) && typeof claimed === 'number') || (typeof actual === 'number' && isMat(claimed))) return { kind: 'wrong' };
  return { kind: 'incomparable' };
}
