/**
 * Judging one symbolic `=`: both sides are evaluated at several independent random instances
 * (`instance.ts`); the step is wrong only when it fails at several of them by a clear margin. A point
 * outside a domain is drawn again; anything the engine does not understand leaves the step unjudged.
 */
import type { Node } from '../syntax/ast';
import { Abstain, Domain, Instance, Knowledge, Definition, rng } from './instance';

/** A point where the two sides differ. */
export interface Counterexample {
  values: Record<string, number>;
  left: number;
  right: number;
}

export interface StepVerdict {
  counterexample: Counterexample;
  /** Definitions and recurrences the step was evaluated through. */
  used: Definition[];
}

/** Points wanted per step, draws allowed (points outside a domain are drawn again), failures needed. */
const POINTS = 12;
const ATTEMPTS = 40;
const MIN_POINTS = 5;
const MIN_FAILURES = 3;

function within(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** Does `a` differ from `b` by a clear relative margin? */
function differs(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) > tol * (Math.abs(a) + Math.abs(b)) + 1e-9;
}

/**
 * Judges `left = right`: a verdict when the step fails, undefined when it holds, is not symbolic
 * (no free value drawn) or cannot be judged.
 */
export function judgeStep(left: Node, right: Node, know: Knowledge, seed: number): StepVerdict | undefined {
  let points = 0;
  const failures: { inst: Instance; l: number; r: number }[] = [];
  for (let attempt = 0; attempt < ATTEMPTS && points < POINTS; attempt++) {
    const inst = new Instance(know, rng(seed + attempt * 0x9e3779b1));
    let l: number;
    let r: number;
    try {
      l = inst.value(left);
      const leftReads = inst.reads;
      r = inst.value(right);
      // sides over different names that neither contains (`\frac{\mu^2}{2\sigma^2} = \frac{\eta_1^2}{4\eta_2}`):
      // related through something the document says in words or notation the engine does not read
      if (!within(leftReads, inst.reads) && !within(inst.reads, leftReads)) return undefined;
    } catch (e) {
      if (e instanceof Domain) continue;
      if (e instanceof Abstain) return undefined;
      if (e instanceof RangeError) return undefined; // a stack too deep to follow: silence
      throw e;
    }
    // nothing random was drawn: a numeric claim, judged elsewhere
    if (inst.leaves.size === 0) return undefined;
    points++;
    if (differs(l, r, inst.approximate ? 1e-4 : 1e-7)) failures.push({ inst, l, r });
  }
  if (points < MIN_POINTS || failures.length < MIN_FAILURES) return undefined;
  // the simplest failing point to show: fewest values drawn
  const best = failures.reduce((a, b) => (b.inst.leaves.size < a.inst.leaves.size ? b : a));
  return {
    counterexample: { values: Object.fromEntries(best.inst.leaves), left: best.l, right: best.r },
    used: [...best.inst.usedDefs],
  };
}
