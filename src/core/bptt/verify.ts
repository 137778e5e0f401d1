/**
 * Checks a derivation numerically: the very expression the derivation writes, evaluated on a random
 * small instance, against central finite differences of the forward recurrence. The editor's BPTT
 * command runs it right after deriving; any other adapter can.
 */
import type { BpttDerivation } from './derive';
import { evaluateDerivation, finiteDifference, forwardPass, type BpttNumbers, type Mat } from './numeric';
import { BpttError, type BpttTarget, type Recurrence } from './types';
import { message, type Message } from '../messages';

/** How the derivation was checked on a random instance, right after it was derived. */
export type NumericCheck =
  | {
      verified: boolean;
      /** Largest |derived − finite difference| over all entries. */
      maxError: number;
      /** Largest error relative to max(1, |finite difference|) — what `verified` is judged on. */
      maxRelError: number;
      /** State size n and input size d of the random instance. */
      n: number;
      d: number;
      entries: number;
    }
  | { verified: false; skipped: Message };

/** Entries must agree to this relative tolerance (central differences with ε = 1e-6 are good to ~1e-9). */
const TOLERANCE = 1e-6;

/**
 * Evaluates the derivation (the very expression the block writes) on random small numbers and
 * compares it with central finite differences of the forward recurrence.
 */
export function verifyDerivation(d: BpttDerivation, rec: Recurrence, target: BpttTarget, rnd: () => number = Math.random): NumericCheck {
  if (rec.activation.kind === 'generic') {
    return { verified: false, skipped: message('verify.not-evaluable', { activation: rec.activation.latex }) };
  }
  try {
    let nums = randomInstance(rec, d, rnd);
    // A ReLU pre-activation next to its kink would make finite differences straddle it: draw again.
    for (let i = 0; i < 20 && rec.activation.kind === 'relu' && nearKink(rec, nums, d.steps); i++) nums = randomInstance(rec, d, rnd);
    const flat = (v: number[] | number[][]) => (v as (number | number[])[]).flat();
    const derived = flat(evaluateDerivation(d, rec, nums));
    const fd = flat(finiteDifference(rec, target, nums, d.loss, d.steps));
    if (derived.length !== fd.length) return { verified: false, skipped: message('verify.sizes-differ') };
    let maxError = 0;
    let maxRelError = 0;
    derived.forEach((v, i) => {
      const err = Math.abs(v - fd[i]);
      maxError = Math.max(maxError, err);
      maxRelError = Math.max(maxRelError, err / Math.max(1, Math.abs(fd[i])));
    });
    if (!derived.every(Number.isFinite) || !fd.every(Number.isFinite)) maxRelError = maxError = Number.POSITIVE_INFINITY;
    return { verified: maxRelError <= TOLERANCE, maxError, maxRelError, n: nums.n, d: nums.d, entries: derived.length };
  } catch (e) {
    if (e instanceof BpttError) return { verified: false, skipped: e.problem };
    throw e;
  }
}

/** Small random values: n = 1 in scalar notation, else 2; weights scaled so σ does not saturate and linear runs stay bounded. */
function randomInstance(rec: Recurrence, d: BpttDerivation, rnd: () => number): BpttNumbers {
  const n = d.notation === 'scalar' ? 1 : 2;
  const hasInput = rec.terms.some((t) => t.role === 'U');
  const uWeight = rec.terms.find((t) => t.role === 'U')?.weight;
  const inDim = hasInput && uWeight ? (n === 1 ? 1 : 3) : n;
  const u = (s: number) => (rnd() * 2 - 1) * s;
  const mat = (r: number, c: number, s: number): Mat => Array.from({ length: r }, () => Array.from({ length: c }, () => u(s)));
  const scaleW = rec.activation.kind === 'sigma' ? 2 : 0.8 / Math.sqrt(n);
  const params: BpttNumbers['params'] = {};
  for (const t of rec.terms) {
    if (!t.weight) continue;
    if (t.role === 'W') params.W = mat(n, n, scaleW);
    if (t.role === 'M') params.M = mat(n, n, scaleW / 2);
    if (t.role === 'U') params.U = mat(n, inDim, 1);
    if (t.role === 'b') params.b = mat(n, 1, 0.5);
  }
  const T = d.steps;
  return {
    params,
    x: hasInput ? Array.from({ length: T }, () => mat(inDim, 1, 1)) : [],
    h0: mat(n, 1, 1),
    g: d.loss === 'final' ? mat(n, 1, 1) : Array.from({ length: T }, () => mat(n, 1, 1)),
    n,
    d: inDim,
  };
}

function nearKink(rec: Recurrence, nums: BpttNumbers, T: number): boolean {
  return forwardPass(rec, nums, T).z.slice(1).some((z) => z.some((r) => Math.abs(r[0]) < 1e-3));
}
