/**
 * How far a written expression can honestly drift because the numbers in it were rounded.
 * Students copy intermediate results with a few decimals (`\frac{4.48}{1.65 + 1.65 + 4.48}`,
 * `1 - 0.4621^2`, `0.21 \times 1 + 0.58 \times 4`); each such number may be off by half a unit of
 * its last place. The slack is the sum, over those numbers, of how much the expression moves when
 * one of them moves by that half unit (a first-order error bound, measured by re-evaluating).
 * Only called for a claim already judged wrong, so its cost does not touch right answers.
 */
import { someField, type Node } from '../syntax/ast';
import { simplify, type Val } from '../eval/values';
import { WorkLimit } from '../eval/evaluate';

type NumNode = Extract<Node, { t: 'num' }>;

/** At most this many numbers are moved: enough for any hand computation, bounded work. */
const MAX_MOVED = 12;

/**
 * Calls `visit` on every number of a tree in written order; `visit` returns true to stop the walk.
 * Returns whether it was stopped. The one walk over a claim's written numbers.
 */
export function forEachNumber(n: Node, visit: (x: NumNode) => boolean | void): boolean {
  if (n.t === 'num') return visit(n) === true;
  return someField(n, forEachNumber, visit);
}

/** Decimal literals of a tree (not in exponents of 10 written as scientific notation), and the whole numbers `whole` selects. */
function decimalLiterals(n: Node, keep: (x: NumNode) => boolean, out: NumNode[], whole?: (x: NumNode) => boolean): void {
  if (out.length >= MAX_MOVED) return;
  forEachNumber(n, (x) => {
    if (x.decimals > 0 ? keep(x) : whole !== undefined && x.decimals === 0 && whole(x)) out.push(x);
    return out.length >= MAX_MOVED;
  });
}

/**
 * The fewest significant digits among the long decimals (3 digits or more: 1.414, 0.7616) of a
 * tree, the numbers that look copied from an earlier result; undefined when there are none.
 */
export function minLongDecimalDigits(n: Node): number | undefined {
  const longs: NumNode[] = [];
  decimalLiterals(n, (x) => significantDigits(x) >= 3, longs);
  return longs.length ? Math.min(...longs.map(significantDigits)) : undefined;
}

/** Significant digits of every number in a written value (2 → 1, 0.1529 → 4, 2359296 → 7): the fewest. */
export function writtenDigits(n: Node): number | undefined {
  let best: number | undefined;
  forEachNumber(n, (x) => {
    const d = Math.max(1, significantDigits(x));
    if (best === undefined || d < best) best = d;
  });
  return best;
}

/** Significant digits of a written decimal: 1.414 → 4, 0.0052 → 2. */
export function significantDigits(n: NumNode): number {
  // the digits of the mantissa from its first one that is not 0 (signs, points and separators skipped)
  const t = n.text;
  let count = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 101 || c === 69) break; // e, E
    if (c < 48 || c > 57 || (c === 48 && count === 0)) continue;
    count++;
  }
  return count;
}

/**
 * The slack of `node` (whose exact value is `value`) when the decimal literals `keep` selects may
 * be rounded, and the whole numbers `whole` selects (rounded to units). `evalAt` re-evaluates the
 * same node; the literals are moved in place and always put back, so a cached tree is left as it was.
 */
export function roundingSlack(node: Node, value: number, keep: (x: NumNode) => boolean, evalAt: () => Val, whole?: (x: NumNode) => boolean): number {
  const literals: NumNode[] = [];
  decimalLiterals(node, keep, literals, whole);
  let slack = 0;
  for (const lit of literals) {
    const original = lit.v;
    const half = 0.5 * Math.pow(10, -lit.decimals);
    let worst = 0;
    for (const moved of [original + half, original - half]) {
      try {
        lit.v = moved;
        const v = simplify(evalAt());
        if (typeof v === 'number' && Number.isFinite(v)) worst = Math.max(worst, Math.abs(v - value));
      } catch (e) {
        // the judgement's budget is spent: the caller cannot conclude anything
        if (e instanceof WorkLimit) throw e;
        // a move that leaves the domain (log of a negative…) says nothing about rounding
      } finally {
        lit.v = original;
      }
    }
    slack += worst;
  }
  return slack;
}
