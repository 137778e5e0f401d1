/**
 * Judging one symbolic `=`: both sides are evaluated at several independent random instances
 * (`instance.ts`); the step is wrong only when it fails at several of them by a clear margin. A point
 * outside a domain is drawn again; anything the engine does not understand leaves the step unjudged.
 */
import { someField, type Node, type NodeOf } from '../syntax/ast';
import { significantDigits } from '../claims/rounding';
import { Abstain, Domain, Instance, Knowledge, Definition, rng, forChildren, mirrorKey, tiedTo, StepCache, type DrawRule } from './instance';
import { MatrixInstance, layoutDifference, matrixReading } from './matrixInstance';
import type { Value } from './matrixValue';

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
  /** For sides that are matrices: the entry (row, column, from 1) the counterexample shows. */
  entry?: [number, number];
}

/**
 * Nodes one step may visit over all its instances and readings, one formula (a slice of the editor's
 * re-check) and one document over all their steps (a base and a share per formula): past them a step
 * is not judged (a keystroke's re-check stays in its slice; nested Σ with large
 * bounds written many times cannot add up to a freeze).
 */
const STEP_WORK = 100_000;
export const FORMULA_WORK = 300_000;
export const DOCUMENT_WORK = 600_000;
/** And per formula of the document: a long answer's steps are all judged, a short one cannot add up to a freeze. */
export const DOCUMENT_WORK_PER_FORMULA = 20_000;

/** Points wanted per step, draws allowed (points outside a domain are drawn again), failures needed. */
const POINTS = 12;
const ATTEMPTS = 40;
const MIN_POINTS = 5;
const MIN_FAILURES = 3;
/**
 * A step that agrees at its first points this many times holds: a wrong step fails from its first
 * point on (on the corpora, the probes, the shared examples and the bench file, every failing verdict
 * failed at its first point and every failing recheck by its third), and a step wrong only at a few
 * points (a closed form off at T = 1) is rarely found by 12. Fewer points can only keep a step silent.
 * A step whose sides agree at every even T and differ at every odd one (`(-1)^k` for `(-1)^{T-k}`) is
 * not let go before each integer drawn has been odd and even, up to {@link QUIET_MAX} points.
 */
const QUIET_POINTS = 3;
const QUIET_MAX = 6;
/**
 * A verdict on a step that failed at every one of this many points stops there (its counterexample is
 * the simplest of them); one that held at some goes on to {@link POINTS}.
 */
const SHOWN_POINTS = 8;
/** Points at which a fix must agree with the written left side (under each reading) before it is offered. */
const HOLD_POINTS = 8;

/** Has every integer drawn been odd at some point and even at another? */
function bothParities(parities: ReadonlyMap<string, number>): boolean {
  for (const p of parities.values()) if (p !== 3) return false;
  return true;
}

function within(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/**
 * Sides that differ by the same constant at every failing point (`difference`), no more than half a unit of the last
 * place of a decimal written in them (`\mathcal{L} - 0.01 \times 1.0397 = \mathcal{L} - 0.0104`): the
 * writer rounded a number, the step is no slip. Decimals of one significant digit (0.5) are exact.
 */
function roundedConstant(left: Node, right: Node, difference: number): boolean {
  if (difference === 0) return false;
  const half = Math.max(halfUnit(left), halfUnit(right));
  return half > 0 && Math.abs(difference) <= half;
}

/** The largest half unit of the last place of a decimal of two or more significant digits in `n` (0 for none). */
function halfUnit(n: Node): number {
  let most = 0;
  const walk = (x: Node): void => {
    if (x.t === 'num') {
      if (x.decimals > 0 && significantDigits(x) >= 2) most = Math.max(most, 0.5 * Math.pow(10, -x.decimals));
      return;
    }
    someField(x, walk);
  };
  walk(n);
  return most;
}

/** Does `a` differ from `b` by a clear relative margin? */
function differs(a: number, b: number, tol: number, floor = 1e-9): boolean {
  return Math.abs(a - b) > tol * (Math.abs(a) + Math.abs(b)) + floor;
}

const NO_ATOMS: ReadonlySet<string> = new Set();

/** What the last reading of a side met without a meaning of its own (∂L/∂h, ψ); none for matrices. */
function opaqueOf(inst: Instance | MatrixInstance): ReadonlySet<string> {
  return inst instanceof Instance ? inst.opaque : NO_ATOMS;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && within(a, b);
}

/**
 * Notation whose scalar reading says something else than the writer meant, so the step is not judged:
 * an inverse beside a transpose (`(T)^{-1} = T^\top` holds for an orthogonal matrix, never for a
 * number), and a mean written as a bar beside the values it averages (`\bar x` with `x_i`), when the
 * document does not define it.
 */
function scalarMisreading(left: Node, right: Node, know: Knowledge): boolean {
  const l = notationOf(left);
  const r = notationOf(right);
  if ((l.inverse || r.inverse) && (l.transpose || r.transpose)) return true;
  for (const [name, b] of [...l.bars, ...r.bars]) if (!know.defs.has(name) && (l.indexed.has(b) || r.indexed.has(b))) return true;
  return false;
}

/** What {@link scalarMisreading} reads of one tree, the same wherever it is judged (kept with the tree). */
interface Notation {
  /** A power -1 of something other than a number. */
  inverse: boolean;
  /** A transpose of something other than a number. */
  transpose: boolean;
  /** Bases written with a subscript. */
  indexed: ReadonlySet<string>;
  /** Names written with a bar or an overline, with what the bar is over (`\\bar{x}`, x). */
  bars: readonly (readonly [string, string])[];
}
const notations = new WeakMap<Node, Notation>();
const NO_BARS: Notation['bars'] = [];
function notationOf(n: Node): Notation {
  let out = notations.get(n);
  if (out) return out;
  let inverse = false;
  let transpose = false;
  let indexed: Set<string> | undefined;
  const bars: [string, string][] = [];
  const walk = (n: Node) => {
    if (n.t === 'pow' && n.a.t !== 'num' && isMinusOne(n.b)) inverse = true;
    if (n.t === 'transpose' && n.a.t !== 'num') transpose = true;
    if (n.t === 'sym') {
      if (n.sub) (indexed ??= new Set()).add(n.base);
      const bar = n.name.charCodeAt(0) === 92 ? /^\\(?:bar|overline)\{(.+)\}$/.exec(n.name) : null;
      if (bar) bars.push([n.name, bar[1]]);
    }
    forChildren(n, walk);
  };
  walk(n);
  out = { inverse, transpose, indexed: indexed ?? NO_ATOMS, bars: bars.length ? bars : NO_BARS };
  notations.set(n, out);
  return out;
}

/** Equations a failing step is judged on again, at most (the nearest ones are not known: the first ones stated). */
const MAX_CONSTRAINTS = 3;

/** The names `n` reads, added to `into`. */
function namesOf(n: Node, into: Set<string>): Set<string> {
  if (n.t === 'sym') into.add(n.name);
  forChildren(n, (c) => namesOf(c, into));
  return into;
}

/** The names a tree reads (kept with the tree: a failing step asks it of both sides and of every equation stated). */
const treeNames = new WeakMap<Node, ReadonlySet<string>>();
function namesIn(n: Node): ReadonlySet<string> {
  let names = treeNames.get(n);
  if (!names) treeNames.set(n, (names = namesOf(n, new Set())));
  return names;
}

/** Does either side read one of `names`? */
function readsAnyOf(names: ReadonlySet<string>, left: ReadonlySet<string>, right: ReadonlySet<string>): boolean {
  for (const x of names) if (left.has(x) || right.has(x)) return true;
  return false;
}

/** Whether the two sides read a label and its mirror of one base (`W_{ul}` and `W_{lu}`). */
function readsMirroredLabels(left: Node, right: Node): boolean {
  const seen = new Map<string, string>();
  let found = false;
  const walk = (n: Node) => {
    if (found) return;
    if (n.t === 'sym' && n.subText !== undefined) {
      const key = mirrorKey(n.base, n.subText);
      const label = n.subText.replace(/\s+/g, '');
      if (key !== undefined) {
        const other = seen.get(key);
        if (other !== undefined && other !== label) found = true;
        else seen.set(key, label);
      }
    }
    forChildren(n, walk);
  };
  walk(left);
  walk(right);
  return found;
}

/** The names derivatives in `n` are taken by (`w_2` of `\frac{\partial z_1}{\partial w_2}`, `u_o`), added to `into`. */
function derivativeVariables(n: Node, into: NodeOf<'sym'>[]): NodeOf<'sym'>[] {
  if (n.t === 'deriv') into.push(n.wrt);
  forChildren(n, (c) => derivativeVariables(c, into));
  return into;
}

/** The index letters among the variables (`o` of `u_o`) that the document draws as integers. */
function indexLettersOf(variables: readonly NodeOf<'sym'>[], know: Knowledge): Set<string> {
  const out = new Set<string>();
  for (const v of variables) {
    const l = v.subText?.trim();
    if (l && /^[A-Za-z]$/.test(l) && know.integers.has(l)) out.add(l);
  }
  return out;
}

function isMinusOne(n: Node): boolean {
  while (n.t === 'group') n = n.a;
  if (n.t === 'num') return n.v === -1;
  return n.t === 'neg' && n.a.t === 'num' && n.a.v === 1;
}

/**
 * Judges `left = right`: a verdict when the step fails, undefined when it holds, is not symbolic
 * (no free value drawn) or cannot be judged. A failing step is judged again with every value
 * positive (a writer's lengths, rates and variances), when it takes a gradient over matrices with
 * the matrices of its quadratic forms symmetric and, when the prose declares one-hot or 0/1 names, with those names
 * at 1 and at 0: it is wrong only when it fails under each reading. It is also silent when it holds with weights a
 * definition ties (`w_1 = w_2`) held apart, for a derivative by one of them; with blocks labelled the other way round
 * (`W_{ul}`, `W_{lu}`) equal; or at points on an equation the document states (`\sum_i \alpha_i = 1`).
 */
export function judgeStep(left: Node, right: Node, know: Knowledge, seed: number, document: { left: number } = { left: DOCUMENT_WORK }): StepVerdict | undefined {
  const v = judged(left, right, know, seed, document, 'verdict');
  return fails(v) ? v : undefined;
}

/**
 * Whether `left = right` fails as {@link judgeStep} finds it, without working out what the finding
 * shows: the points stop once enough of them failed (a restatement that fails is a new definition,
 * and nothing of its verdict is shown).
 */
export function stepFails(left: Node, right: Node, know: Knowledge, seed: number, document: { left: number } = { left: DOCUMENT_WORK }): boolean {
  return fails(judged(left, right, know, seed, document, 'fails'));
}

function judged(left: Node, right: Node, know: Knowledge, seed: number, document: { left: number }, want: 'verdict' | 'fails'): Sampled {
  if (document.left <= 0 || scalarMisreading(left, right, know)) return undefined;
  const budget = { left: Math.min(STEP_WORK, document.left) };
  const start = budget.left;
  const cache = new StepCache();
  try {
    const seen = { gradient: false };
    const v = sample(left, right, know, seed, {}, budget, cache, want, seen);
    if (!fails(v)) return undefined;
    if (!fails(sample(left, right, know, seed ^ 0x5bd1e995, { positive: true }, budget, cache, 'fails'))) return undefined;
    // the gradient of a number over matrices that holds when its quadratic forms' matrices are symmetric
    // (∇ xᵀAx = 2Ax with A a covariance or a Hessian the prose may not call symmetric): what the writer
    // assumed is not guessed; another square matrix is not symmetric (W(Wx − y) for Wᵀ(Wx − y) is caught)
    if (seen.gradient) {
      if (!fails(sample(left, right, know, seed ^ 0x165667b1, { symmetric: true }, budget, cache, 'fails'))) return undefined;
    }
    if (know.binary.size) {
      for (const value of [1, 0]) if (!fails(sample(left, right, know, seed ^ 0x27d4eb2f, { fixed: { bases: know.binary, value } }, budget, cache, 'fails'))) return undefined;
    }
    // weights tied by a definition (`w_1 = w_2 = w_{tied}`) and a partial derivative taken beside it: the writer
    // may mean the tied model or hold the names apart ("forget the tying for now"); wrong only under both
    const variables = derivativeVariables(left, derivativeVariables(right, []));
    const by = new Set(variables.map((w) => w.name));
    const tie = (d: Definition) => {
      const to = tiedTo(d, know);
      return to !== undefined && (by.has(d.name) || by.has(to));
    };
    if (by.size && v.used.some(tie)) {
      if (sample(left, right, know, seed ^ 0x3c6ef372, { untied: true }, budget, cache, 'holds') === HOLDS) return undefined;
    }
    // blocks labelled the other way round in one step (`W_{ul}` beside `W_{lu}`, `\Sigma_{12}` beside `\Sigma_{21}`):
    // whether the matrix is symmetric (a graph's weights, a covariance) is the writer's knowledge, not guessed
    if (readsMirroredLabels(left, right)) {
      if (sample(left, right, know, seed ^ 0x1b873593, { mirrored: true }, budget, cache, 'holds') === HOLDS) return undefined;
    }
    // a derivative by a member whose index is a letter (`\frac{\partial J}{\partial u_o}`): whether that member is
    // also one of a sum's (`\sum_{k=1}^K` over negative samples, drawn apart from the context word o) is the
    // writer's knowledge; a step that holds with the index past every range is not called wrong
    const apart = indexLettersOf(variables, know);
    if (apart.size) {
      if (sample(left, right, know, seed ^ 0x2545f491, { apart }, budget, cache, 'holds') === HOLDS) return undefined;
    }
    // an equation the document states (`\sum_{i=1}^N \alpha_i = 1`, "here the weights sum to 1") holds from where it
    // is written: a step that reads its names is judged again at points on it
    if (know.constraints) {
      const l = namesIn(left);
      const r = namesIn(right);
      let tried = 0;
      for (const c of know.constraints) {
        if (tried >= MAX_CONSTRAINTS || !readsAnyOf(namesIn(c.expr), l, r)) continue;
        tried++;
        if (sample(left, right, know, seed ^ 0x78a4c5d1, { on: c }, budget, cache, 'holds') === HOLDS) return undefined;
      }
    }
    return v;
  } finally {
    document.left -= start - Math.max(0, budget.left);
  }
}

/**
 * Whether `left = right` is confirmed by the same random points that judge a step: enough points drawn
 * and the sides agree at every one (with any values and with positive values). For a fix: a form is
 * offered only when this check passes it.
 */
export function stepHolds(left: Node, right: Node, know: Knowledge, seed: number): boolean {
  if (scalarMisreading(left, right, know)) return false;
  const budget = { left: STEP_WORK };
  const cache = new StepCache();
  return sample(left, right, know, seed, {}, budget, cache, 'holds') === HOLDS && sample(left, right, know, seed ^ 0x5bd1e995, { positive: true }, budget, cache, 'holds') === HOLDS;
}

/** The counterexample of a failure found by a check that shows none ('fails'): nothing reads it. */
const NOT_SHOWN: Counterexample = Object.freeze({ values: Object.freeze({}), left: NaN, right: NaN }) as Counterexample;

/** The sides agreed at every point drawn (enough of them). */
const HOLDS = 'holds';
type Sampled = StepVerdict | typeof HOLDS | undefined;

function fails(s: Sampled): s is StepVerdict {
  return typeof s === 'object';
}

/**
 * What a caller asks of the points: the verdict (every point drawn, the simplest failing one shown),
 * only whether the step fails (a judged failure checked again under another reading: drawing stops once
 * enough points failed), or only whether it holds at every point (drawing stops at the first failure).
 * Each also stops once the answer it asks can no longer come out (too few points left to fail).
 */
type Want = 'verdict' | 'fails' | 'holds';

/** A verdict when the step fails, {@link HOLDS} when it holds at every point, undefined when it is not judged. */
function sample(left: Node, right: Node, know: Knowledge, seed: number, rule: DrawRule, budget: { left: number }, cache: StepCache, want: Want, seen?: { gradient: boolean }): Sampled {
  let points = 0;
  let failures = 0;
  /** The simplest failing point so far (fewest values drawn; the first of equals): the one a verdict shows. */
  let best: { inst: Instance | MatrixInstance; l: number; r: number; entry?: [number, number] } | undefined;
  // the sides' difference at the first failing point, and whether every failing point has it
  let difference: number | undefined;
  let sameDifference = true;
  // a step that reads declared matrices is judged with random matrices of their shapes
  let matrices: ReturnType<typeof matrixReading>;
  try {
    matrices = matrixReading(left, right, know);
  } catch (e) {
    if (e instanceof RangeError) return undefined; // a tree too deep to follow: silence
    throw e;
  }
  const wanted = want === 'holds' ? HOLD_POINTS : POINTS;
  // the integers drawn so far (T, n, an index), by name: 1 when one was odd, 2 when one was even
  const parities = new Map<string, number>();
  // one scalar instance for the points, made new for each (the simplest failing point keeps its own)
  let scalar: Instance | undefined;
  for (let attempt = 0; attempt < ATTEMPTS && points < wanted; attempt++) {
    const random = rng(seed + attempt * 0x9e3779b1);
    // a matrix instance keeps its own limits; a scalar one spends the step's budget
    let inst: Instance | MatrixInstance;
    if (matrices) inst = new MatrixInstance(matrices, random, rule);
    else if (scalar) (inst = scalar).reset(random);
    else inst = scalar = new Instance(know, random, rule, budget, cache);
    if (rule.on) {
      // a point on the stated equation (`\sum_i \alpha_i = 1`), or another point
      if (!(inst instanceof Instance)) return undefined;
      try {
        if (!inst.satisfy(rule.on.expr, inst.value(rule.on.value))) continue;
      } catch (e) {
        if (e instanceof Domain) continue;
        if (e instanceof Abstain || e instanceof RangeError) return undefined;
        throw e;
      }
    }
    let l: Value;
    let r: Value;
    let failure: { left: number; right: number; entry?: [number, number] } | undefined;
    try {
      l = inst.value(left);
      const leftFree = inst instanceof MatrixInstance && inst.layoutFree;
      // a scalar instance keeps the names each reading read as a list (each once), with when each was read
      const leftReads = inst instanceof Instance ? undefined : inst.reads;
      const leftNames = inst instanceof Instance ? inst.readNames : [];
      const leftEpoch = inst instanceof Instance ? inst.epoch : 0;
      const leftOpaque = opaqueOf(inst);
      r = inst.value(right);
      // an atom (∂L/∂h undefined) or a function the document does not define (ψ) is equal only to
      // itself: sides that do not read the same ones are related by what the engine does not know
      if (!sameSet(leftOpaque, opaqueOf(inst))) return undefined;
      // sides over different names that neither contains (`\frac{\mu^2}{2\sigma^2} = \frac{\eta_1^2}{4\eta_2}`):
      // related through something the document says in words or notation the engine does not read
      if (inst instanceof Instance ? !inst.readAll(leftNames, inst.epoch) && !inst.readAll(inst.readNames, leftEpoch) : !within(leftReads!, inst.reads) && !within(inst.reads, leftReads!)) return undefined;
      // one side reads no drawn value (constants such as e^{0.5}, or the document's numbers) and the
      // other does: an equation of the other's names, not an identity — a definition (`\Delta\theta =
      // -\eta \hat m_1 / …`, the `b` of `a = b = \frac{e^{0.5}}{…}`) or one to solve, as a side of
      // written numbers is (the pass's constant side)
      if (inst instanceof Instance && (leftNames.length + leftOpaque.size === 0) !== (inst.readNames.length + inst.opaque.size === 0)) return undefined;
      const tol = inst.approximate ? 1e-4 : 1e-7;
      const floor = inst.approximate ? 1e-6 : 1e-9;
      if (typeof l === 'number' && typeof r === 'number') failure = differs(l, r, tol, floor) ? { left: l, right: r } : undefined;
      else failure = layoutDifference(l, r, tol, floor, leftFree, inst instanceof MatrixInstance && inst.layoutFree);
      if (seen && inst instanceof MatrixInstance && inst.gradient) seen.gradient = true;
    } catch (e) {
      if (e instanceof Domain) continue;
      if (e instanceof Abstain) return undefined;
      if (e instanceof RangeError) return undefined; // a stack too deep to follow: silence
      throw e;
    }
    // an entry at a free index outside the range its vector is summed over: another point (unless the
    // index is drawn apart from the ranges on purpose)
    if (inst instanceof Instance && !rule.apart && inst.indexOutside()) continue;
    // nothing random was drawn: a numeric claim, judged elsewhere (random matrices are drawn values)
    if (!matrices && inst.leaves.size === 0) return undefined;
    points++;
    if (know.integers.size) {
      if (inst instanceof Instance) {
        const drawn = inst.integers;
        for (let i = 0; i < drawn.length; i += 2) parities.set(drawn[i] as string, (parities.get(drawn[i] as string) ?? 0) | ((drawn[i + 1] as number) % 2 ? 1 : 2));
      } else for (const [name, v] of inst.leaves) if (know.integers.has(name)) parities.set(name, (parities.get(name) ?? 0) | (v % 2 ? 1 : 2));
    }
    if (failure) {
      failures++;
      // do the sides differ by one constant at every failing point (a rounded number)?
      const d = failure.left - failure.right;
      if (difference === undefined) difference = d;
      else if (Math.abs(d - difference) > 1e-9 * (Math.abs(failure.left) + Math.abs(failure.right)) + 1e-12) sameDifference = false;
      if (!best || inst.leaves.size < best.inst.leaves.size) {
        const replaced = best?.inst;
        best = { inst, l: failure.left, r: failure.right, entry: failure.entry };
        if (inst === scalar) scalar = replaced instanceof Instance ? replaced : undefined;
      }
    }
    if (want === 'holds' && failure) return undefined;
    // only whether it fails: enough points failed, or every point so far failed (3 of 3 says more than 3 of 5)
    if (want === 'fails' && failures >= MIN_FAILURES && (points >= MIN_POINTS || failures === points)) break;
    if (want === 'verdict' && failures === points && points >= SHOWN_POINTS) break;
    // too few points left to fail often enough: the step is not found wrong, whatever they show
    if (want !== 'holds' && failures + Math.min(POINTS - points, ATTEMPTS - attempt - 1) < MIN_FAILURES) return undefined;
    if (want !== 'holds' && failures === 0 && points >= QUIET_POINTS && (points >= QUIET_MAX || bothParities(parities))) return undefined;
  }
  if (points < MIN_POINTS && !(want === 'fails' && failures >= MIN_FAILURES && failures === points)) return undefined;
  if (failures === 0) return HOLDS;
  if (failures < MIN_FAILURES) return undefined;
  if (sameDifference && difference !== undefined && roundedConstant(left, right, difference)) return undefined;
  // the simplest failing point to show: fewest values drawn
  if (!best) return undefined;
  // only a verdict is shown: a check asks whether the step fails, and through what (the definitions used)
  if (want !== 'verdict') return { counterexample: NOT_SHOWN, used: [...best.inst.usedDefs] };
  return {
    counterexample: { values: Object.fromEntries(best.inst.leaves), left: best.l, right: best.r },
    used: [...best.inst.usedDefs],
    entry: best.entry,
  };
}
