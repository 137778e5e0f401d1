/**
 * Whole numbers beyond a double's exact range, for judging exact claims the evaluator cannot hold:
 * past 2⁵³ a double rounds the last digits, so `123456789 \times 987654321 = 121932631112635260`
 * (the true value ends in 269) would pass. Whole-number arithmetic is computed exactly with BigInt;
 * anything else is not computed.
 */
import type { Node } from '../syntax/ast';

/** Results larger than this many digits are not built (a bound on the work of one claim). */
const MAX_DIGITS = 20_000;

/** The exact value of a tree of whole numbers under +, −, ×, whole powers and !, or undefined. */
export function exactInteger(n: Node): bigint | undefined {
  try {
    return exact(n);
  } catch {
    return undefined;
  }
}

function digitsOf(x: bigint): number {
  return (x < 0n ? -x : x).toString().length;
}

function exact(n: Node): bigint | undefined {
  switch (n.t) {
    case 'num': {
      if (n.decimals !== 0 || !Number.isInteger(n.v) || /[.eE]/.test(n.text)) return undefined;
      const digits = n.text.replace(/[^0-9]/g, '');
      if (!digits) return undefined;
      const x = BigInt(digits);
      // the written digits are the number the parser read (no scale word, no other reading)
      if (Math.abs(Number(x) - n.v) > 1e-12 * Math.abs(n.v)) return undefined;
      return x;
    }
    case 'group':
      return exact(n.a);
    case 'neg': {
      const a = exact(n.a);
      return a === undefined ? undefined : -a;
    }
    case 'bin': {
      if (!['+', '-', 'times', 'cdot', '*', 'implicit'].includes(n.op)) return undefined;
      const a = exact(n.a);
      if (a === undefined) return undefined;
      const b = exact(n.b);
      if (b === undefined) return undefined;
      if (n.op === '+') return a + b;
      if (n.op === '-') return a - b;
      if (digitsOf(a) + digitsOf(b) > MAX_DIGITS) return undefined;
      return a * b;
    }
    case 'pow': {
      const a = exact(n.a);
      if (a === undefined) return undefined;
      const b = exact(n.b);
      if (b === undefined || b < 0n) return undefined;
      if (a === 0n || a === 1n || a === -1n) return b === 0n ? 1n : a === -1n && b % 2n === 1n ? -1n : a === 0n ? 0n : 1n;
      if (Number(b) * Math.log10(Number(a < 0n ? -a : a)) > MAX_DIGITS) return undefined;
      return a ** b;
    }
    case 'fact': {
      const a = exact(n.a);
      if (a === undefined || a < 0n || a > 3000n) return undefined;
      let r = 1n;
      for (let i = 2n; i <= a; i++) r *= i;
      return r;
    }
    default:
      return undefined;
  }
}
