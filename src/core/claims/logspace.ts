/**
 * Claims about numbers too large (or small) for a double: `256^{784} \approx 10^{1888}`. Both sides
 * written as products, quotients, powers and roots of positive numbers are compared by their
 * base-10 logarithms, so the claim is judged instead of reported as an overflow.
 */
import type { Node } from '../syntax/ast';
import { simplify, type Val } from '../eval/values';

/**
 * log10 of a positive value, or undefined when the node is not such a value. `finite` evaluates a
 * node to a finite number (undefined when it overflows, is not a number or not computable); the
 * structure is followed only where it does not.
 */
export function log10Of(n: Node, finite: (n: Node) => number | undefined, depth = 0): number | undefined {
  if (depth > 64) return undefined;
  const v = finite(n);
  if (v !== undefined) return v > 0 ? Math.log10(v) : undefined;
  const rec = (x: Node) => log10Of(x, finite, depth + 1);
  switch (n.t) {
    case 'num':
      return n.v > 0 && Number.isFinite(n.v) ? Math.log10(n.v) : undefined;
    case 'group':
      return rec(n.a);
    case 'pow': {
      const base = rec(n.a);
      const e = finite(n.b);
      return base === undefined || e === undefined ? undefined : base * e;
    }
    case 'sqrt': {
      const a = rec(n.a);
      const k = n.n ? finite(n.n) : 2;
      return a === undefined || k === undefined || k === 0 ? undefined : a / k;
    }
    case 'frac': {
      const a = rec(n.a);
      const b = rec(n.b);
      return a === undefined || b === undefined ? undefined : a - b;
    }
    case 'bin': {
      const times = n.op === 'times' || n.op === 'cdot' || n.op === 'implicit' || n.op === '*';
      const over = n.op === '/' || n.op === 'div';
      if (!times && !over) return undefined;
      const a = rec(n.a);
      const b = rec(n.b);
      return a === undefined || b === undefined ? undefined : times ? a + b : a - b;
    }
    default:
      return undefined;
  }
}

/** A finite number from a value, else undefined. */
export function finiteNumber(v: Val | undefined): number | undefined {
  if (v === undefined) return undefined;
  const s = simplify(v);
  return typeof s === 'number' && Number.isFinite(s) ? s : undefined;
}

/** `m \times 10^{k}` for a number given by its log10: two decimals, or a bare power of ten for a `10^{k}` claim. */
export function formatLog10(L: number, bare: boolean): { latex: string; plain: string } {
  let k = Math.floor(L);
  let m = Math.pow(10, L - k);
  if (bare) {
    let r = Math.round(m);
    if (r === 10) {
      r = 1;
      k++;
    }
    return r === 1 ? { latex: `10^{${k}}`, plain: `10^${k}` } : { latex: `${r} \\times 10^{${k}}`, plain: `${r} × 10^${k}` };
  }
  if (Number(m.toFixed(2)) >= 10) {
    m /= 10;
    k++;
  }
  return { latex: `${m.toFixed(2)} \\times 10^{${k}}`, plain: `${m.toFixed(2)} × 10^${k}` };
}
