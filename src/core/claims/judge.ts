/**
 * The claim-judging policy: given the evaluated pieces of one chain (`a = b \approx c`), which
 * written values are wrong, how the message reads and which fix is offered. The document pipeline
 * (analysis.ts) evaluates pieces and hands each chain here; everything about when a written value
 * counts as right (rounding, truncation, rounded inputs, `\log` bases, Persian `۲/۵` decimals,
 * orientation) lives in this folder.
 */
import { someField, ungroup, type Node } from '../syntax/ast';
import { printNode } from '../syntax/print';
import { normalizeDigits } from '../markdown/digits';
import { evaluate, EvalContext, MAX_WORK, WorkLimit } from '../eval/evaluate';
import { isUnitConversion } from '../eval/units';
import { Val, latex as toLatex, plainBrief, toJson, simplify, isMat, isVector, vecData } from '../eval/values';
import { forEachNumber, minLongDecimalDigits, roundingSlack, significantDigits, writtenDigits } from './rounding';
import { exactInteger } from './bignum';
import { finiteNumber, formatLog10, log10Of } from './logspace';
import { compareValues, type Precision, type Verdict, formatInStyle, integerFactors, isLiteral, literalDecimals, literalStyle, minSignificantDecimals, powerOfTen } from './compare';
import type { Finding, RelatedInfo } from '../types';
import { message, msg, type Lang, type Message } from '../messages';
import type { PieceInfo } from '../document/model';

/** What judging a chain needs from the document pipeline. */
export interface JudgeEnv {
  lang: Lang;
  /** Writes digits in the formula's script (Persian digits in, Persian digits out). */
  digits?: (s: string) => string;
  /**
   * An evaluation context for re-evaluating a node (the rounding search). Every context spends the
   * formula's one work budget, so judging cannot multiply it; a `WorkLimit` leaves the claim unjudged.
   */
  context: () => EvalContext;
  /**
   * The same with each name at the value its defining chain wrote last (`y_2 = … = -1.1012`), where
   * that differs from the computed one: a later line computes with the rounded result it wrote.
   */
  writtenContext?: () => EvalContext;
  /** The formula's work budget, which `context` and `withLogBase` spend. */
  work: { left: number };
  /** The value of piece `j` of the chain evaluated again with another base for `\log` (same budget; may throw WorkLimit). */
  withLogBase: (j: number, logBase: number) => Val | undefined;
  /** Where the document variables a piece read were defined, for the finding's related information. */
  related: (uses: string[]) => RelatedInfo[];
  /** Where the formula's content starts in the document (tree offsets are relative to it). */
  base?: number;
  /** An earlier wrong claim that wrote this number (a value a later line may have carried on), if any. */
  carried?: (written: number) => WrongClaim | undefined;
  /**
   * Whether an earlier right claim wrote this number (with these decimals) as the rounded value of
   * its computation (`= 0.3803` for 0.38031): a later line that computes with it uses a rounded input.
   * `near`: only a claim written a few lines above this formula counts (see {@link NEAR_LINES}).
   */
  roundedResult?: (written: number, decimals: number, near?: boolean) => boolean;
  /** Other values the document gave a name (`k = 2`, later "with $k = 3$"), latest first; none for most names. */
  otherValues?: (name: string) => Val[];
  /** An evaluation context with one name at another value (same budget as `context`). */
  contextWith?: (name: string, value: Val) => EvalContext;
}

/** A number a right claim wrote rounded (`0.3803` for 0.38031), for later lines that compute with it. */
export interface RoundedResult {
  written: number;
  decimals: number;
  /** Where the claim wrote it (document offset). */
  at: number;
}

/**
 * A two-digit number (0.0026, 0.12) carries an earlier line's rounding only when that line is at most
 * this many lines above: a result just computed and copied (`\frac{2}{768} = 0.0026`, then
 * `\sqrt{3 \times 0.0026}`); far away the same two digits are more likely an exact input of their own.
 */
export const NEAR_LINES = 10;

/** A wrong claim of a plain number: what was written, the right value, where. */
export interface WrongClaim {
  written: number;
  actual: number;
  actualLatex: string;
  range: { start: number; end: number };
  /** 1-based line of the claim, for messages. */
  line: number;
}

export interface ChainJudgement {
  findings: Finding[];
  /** The wrong claims of plain numbers, for later lines that carry them (line 0 until the pipeline sets it). */
  wrong: WrongClaim[];
  /** Number of claims judged. */
  claims: number;
  /** The numbers right claims wrote rounded. */
  rounded: RoundedResult[];
}

/**
 * Judges each `=` / `\approx` pair of a chain from piece `from` on (the pieces before it are the
 * names the chain defines). `units[j]` says piece j carries a unit (`4 \text{GB}`); `skip(L, R)`
 * leaves a pair alone (an equation solved later in the same formula).
 */
export function judgeChain(infos: PieceInfo[], from: number, units: boolean[], skip: (L: PieceInfo, R: PieceInfo) => boolean, env: JudgeEnv): ChainJudgement {
  const { lang, digits } = env;
  const findings: Finding[] = [];
  const wrong: WrongClaim[] = [];
  const rounded: RoundedResult[] = [];
  let claims = 0;
  let lastExpr: PieceInfo | undefined; // the latest computed expression of the chain, for messages
  // computed expressions of the chain joined to the current piece by right claims: a value written for
  // any of them is right (`½(0.5 + 0.693 − 1) = 0.0966` after `½(0 + 0.5 − \ln 0.5 − 1) =`, the value of the exact one)
  const joined: PieceInfo[] = [];
  for (let j = Math.max(from, 0); j + 1 < infos.length; j++) {
    const L = infos[j];
    const R = infos[j + 1];
    if (L.status === 'value' && L.node && !isLiteral(L.node)) lastExpr = L;
    const order = R.rel === undefined ? undefined : ORDER_RELATIONS[R.rel];
    if (R.rel !== '=' && R.rel !== '\\approx' && !order) continue;
    if (L.status !== 'value' || R.status !== 'value') continue;
    if (L.value === undefined || R.value === undefined || !L.node || !R.node) continue;
    // a number in a unit (`= 96 \text{ MiB}`) is the written value of a unit-less computation, unless
    // both sides carry one or the two differ by a unit conversion (`4 \times 10^9 \times 4 = 16 \text{GB}`)
    if (units[j] && units[j + 1]) continue;
    if ((units[j] || units[j + 1]) && !comparableInUnit(L.value, R.value)) continue;
    if (skip(L, R)) {
      // a value given in a hypothesis (`$A$ with $\log 0.5 = -0.6931$`) is not judged, but when it is the
      // rounding of its expression, later lines that compute with it use a rounded input all the same
      if (R.rel === '=' && R.kind === 'condition') noteRounded(L, R, rounded);
      continue;
    }
    if (order) {
      if (units[j] || units[j + 1]) continue; // a relation between quantities in units: not judged
      const judged = judgeOrder(L, R, order, lang);
      if (judged) {
        claims++;
        if (judged !== 'right') findings.push(judged);
      }
      continue;
    }
    let computed = L;
    let claimed = R;
    let computedIndex = j;
    if (isLiteral(L.node) && !isLiteral(R.node)) {
      computed = R;
      claimed = L;
      computedIndex = j + 1;
    }
    const approx = R.rel === '\\approx';
    const claimedIsLiteral = isLiteral(claimed.node!);
    const precision = claimedIsLiteral ? literalDecimals(claimed.node!, approx) : undefined;
    // a written expression that rounds its inputs (1.414 × 1.414 = 2) is judged at their precision
    // (short decimals such as 0.5 or 2.25 are taken as exact; 1.414 or 0.6225 as rounded), but only
    // when the claim is written coarser than those inputs: σ(−1.71) = 0.1529 treats −1.71 as exact.
    // The computed side is looked at only for a claim that is otherwise wrong (no cost on right ones).
    const relTolOf = (sig: number) => (sig >= 3 && sig < 99 ? 0.5 * Math.pow(10, 1 - sig) : 0);
    const claimSig = claimedIsLiteral ? 99 : minSignificantDecimals(claimed.node!) ?? 99;
    let relTol = relTolOf(claimSig);
    // past 2⁵³ a double cannot tell neighbouring whole numbers apart: an exact claim about such a
    // number is compared exactly (BigInt), or not judged at all
    let exactActual: string | undefined;
    const cv = simplify(computed.value!);
    const wv = simplify(claimed.value!);
    if (!approx && typeof cv === 'number' && typeof wv === 'number' && Math.max(Math.abs(cv), Math.abs(wv)) > Number.MAX_SAFE_INTEGER && (precision ?? [undefined]).every((d) => d === undefined || d === 0)) {
      const a = exactInteger(computed.node!);
      const c = exactInteger(claimed.node!);
      if (a === undefined || c === undefined) continue;
      if (a === c) {
        claims++;
        continue;
      }
      exactActual = a.toString();
    }
    claims++;
    let verdict: Verdict = exactActual !== undefined ? { kind: 'wrong' } : compareValues(computed.value!, claimed.value!, precision, relTol, approx);
    let computedRounded = false;
    if (verdict.kind === 'wrong') {
      const longDigits = minLongDecimalDigits(computed.node!);
      const claimDigits = claimedIsLiteral ? writtenDigits(claimed.node!) : undefined;
      computedRounded = longDigits !== undefined && (claimDigits === undefined || claimDigits < longDigits);
      if (computedRounded) {
        relTol = relTolOf(Math.min(claimSig, longDigits!));
        verdict = compareValues(computed.value!, claimed.value!, precision, relTol, approx);
      }
    }
    // `256^{784} \approx 10^{1888}`: after ≈ a bare power of ten states an order of magnitude
    const magnitude = approx && claimedIsLiteral ? powerOfTen(claimed.node!) : undefined;
    if (verdict.kind === 'wrong' && magnitude !== undefined && typeof simplify(computed.value!) === 'number') {
      const x = simplify(computed.value!) as number;
      if (x > 0 && Math.abs(Math.log10(x) - magnitude) <= 0.5 + 1e-12) verdict = { kind: 'right' };
    }
    try {
      if (verdict.kind === 'wrong' && usesPlainLog(computed.node!)) {
        // `\log` without a base: accept base 2 or 10 before calling the claim wrong
        for (const b of [10, 2]) {
          const alt = env.withLogBase(computedIndex, b);
          if (alt === undefined && env.work.left <= 0) throw new WorkLimit(message('limit.work', { what: message('work.expression'), max: MAX_WORK }), 0, 0);
          if (alt !== undefined && compareValues(alt, claimed.value!, precision, relTol, approx).kind === 'right') verdict = { kind: 'right' };
        }
      }
      if (verdict.kind === 'wrong' && withinRounding(computed, claimed, claimedIsLiteral ? precision : undefined, computedRounded, env.context, env.roundedResult)) verdict = { kind: 'right' };
      if (verdict.kind === 'wrong' && claimedIsLiteral && entriesWithinRounding(computed, claimed, precision, env)) verdict = { kind: 'right' };
    } catch (e) {
      if (!(e instanceof WorkLimit)) throw e;
      // the judgement's one budget ran out before the search was done: only a claim off by more
      // than half of its value is still called wrong (rounding inputs written with 3 or more
      // significant digits cannot explain that); anything closer is left unjudged
      if (!grosslyWrong(computed.value!, claimed.value!)) {
        claims--;
        continue;
      }
    }
    if (verdict.kind === 'wrong' && persianSlashDecimal(claimed, computed.value!, relTol, approx)) verdict = { kind: 'right' };
    if (verdict.kind === 'wrong' && withoutStabilizer(computed, claimed, precision, relTol, approx, env)) verdict = { kind: 'right' };
    if (verdict.kind === 'wrong' && withWrittenValues(computed, claimed, precision, relTol, approx, env)) verdict = { kind: 'right' };
    if (verdict.kind === 'wrong' && !approx && wholeNumberRounded(computed, claimed)) verdict = { kind: 'right' };
    if (verdict.kind === 'wrong' && !approx && flooredCount(computed, claimed, env)) verdict = { kind: 'right' };
    if (verdict.kind === 'wrong' && percentOfHundred(computed, claimed, precision, relTol, approx)) verdict = { kind: 'right' };
    if (verdict.kind === 'wrong' && withAnotherMeaning(computed, claimed, precision, relTol, approx, env)) {
      // which of the name's values the line meant is a guess: not judged
      claims--;
      continue;
    }
    // …within the rounding of an input an earlier line wrote rounded, too (`\log 0.5 = -0.6931`, then
    // `-0.6931 + \log 0.6 = -0.6931 - 0.5108 = -1.2040`: the sum of the logs, not of the written digits)
    if (
      verdict.kind === 'wrong' &&
      claimed === R &&
      joined.some((e) => e !== computed && e !== claimed && (compareValues(e.value!, claimed.value!, precision, relTol, approx).kind === 'right' || (!approx && joinedWithinRounding(e, claimed, claimedIsLiteral ? precision : undefined, env))))
    )
      verdict = { kind: 'right' };
    if (verdict.kind === 'right') {
      if (!isLiteral(computed.node!) && !joined.includes(computed)) joined.push(computed);
    } else joined.length = 0;
    if (verdict.kind === 'wrong' && (integerFactors(L.node) ?? 0) >= 2 && (integerFactors(R.node) ?? 0) >= 2) {
      // `(32 \times 512)(512 \times 64) = (32 \times 64)`: shapes written as products, not arithmetic
      claims--;
      continue;
    }
    if (verdict.kind === 'right') {
      // a negative result (`\log 0.5 = -0.6931`) is recorded by its digits, as a later line reads them
      let n = claimed.node!;
      while (n.t === 'neg' || n.t === 'group') n = n.a;
      const w = simplify(claimed.value!);
      const c = simplify(computed.value!);
      if (n.t === 'num' && n.decimals > 0 && typeof w === 'number' && typeof c === 'number' && Math.abs(c - w) > 1e-12 * Math.max(1, Math.abs(c))) rounded.push({ written: n.v, decimals: n.decimals, at: claimed.range.start });
      else if (n.t === 'tuple' || n.t === 'mat') roundedEntries(n, c, claimed.range.start, rounded);
      continue;
    }
    if (verdict.kind === 'incomparable') continue;
    // `3 \times 4 = 12 = 13`: name the expression, not the 12, when the 12 was right
    let shown = computed;
    if (isLiteral(computed.node!) && lastExpr && lastExpr !== claimed && lastExpr.value !== undefined && compareValues(lastExpr.value, computed.value!, undefined, 0, false).kind === 'right') shown = lastExpr;
    const decimals = precision ? fixDecimals(computed.value!, maxDefined(precision), claimed.node!) : undefined;
    const style = typeof computed.value === 'number' ? literalStyle(claimed.node!) : undefined;
    const styled = style ? formatInStyle(computed.value as number, style) : undefined;
    // a vector claimed as a list `(5, 12)` or `[5, 12]` is answered as a list with the same brackets
    const asList = typeof claimed.value === 'object' && claimed.value.kind === 'tuple' && isMat(computed.value!) && isVector(computed.value) ? ({ kind: 'tuple', items: vecData(computed.value) } as Val) : undefined;
    const square = claimed.source.trimStart().startsWith('[') || claimed.source.trimStart().startsWith('\\left[');
    const listLatex = asList ? toLatex(asList, decimals, digits).replace(/^\(/, square ? '[' : '(').replace(/\)$/, square ? ']' : ')') : undefined;
    const actualLatex = exactActual !== undefined ? (digits ? digits(exactActual) : exactActual) : styled ? (digits ? digits(styled.latex) : styled.latex) : listLatex ?? toLatex(computed.value!, decimals, digits);
    const actualPlain = exactActual !== undefined ? exactActual : styled ? styled.plain : asList ? plainBrief(asList, decimals) : plainBrief(computed.value!, decimals);
    const exprText = printNode(shown.node!, 60);
    const related = env.related(shown.uses);
    if (verdict.kind === 'orientation') {
      findings.push({
        range: claimed.range,
        severity: 'warning',
        code: 'orientation',
        message: msg(lang, 'claim.orientation', { expr: exprText, actual: orientationWord(computed.value!), claimed: orientationWord(claimed.value!) }),
        claimed: claimed.source,
        actual: actualLatex,
        actualValue: toJson(computed.value!) as Finding['actualValue'],
        steps: shown.steps,
        related,
        fix: { range: claimed.range, newText: actualLatex, title: msg(lang, 'fix.orientation', { shape: orientationWord(computed.value!) }) },
      });
    } else {
      const claimText = isLiteral(claimed.node!) ? plainClaim(claimed) : printNode(claimed.node!, 40);
      const replace = { range: claimed.range, newText: actualLatex, title: msg(lang, 'fix.replace', { claimed: shorten(claimed.source), actual: shorten(actualLatex) }) };
      const carried = claimedIsLiteral && !approx ? carriedError(computed, claimed, precision, relTol, env) : undefined;
      let message = exprText === actualPlain ? msg(lang, 'claim.not-equal', { expr: exprText, claimed: claimText }) : msg(lang, approx ? 'claim.wrong-approx' : 'claim.wrong', { expr: exprText, actual: actualPlain, claimed: claimText });
      let fixes: (typeof replace)[] = [replace];
      if (carried) {
        const was = carried.claim;
        message = msg(lang, 'claim.carried', { expr: exprText, actual: actualPlain, claimed: claimText, corrected: plainBrief(was.actual), carried: plainBrief(was.written), line: was.line });
        const title = msg(lang, 'fix.carried', { claimed: shorten(carried.source), actual: shorten(was.actualLatex), line: was.line });
        fixes = [{ range: carried.range, newText: was.actualLatex, title }, replace];
        related.push({ range: was.range, message: msg(lang, 'related.carried-from', { written: plainBrief(was.written), actual: plainBrief(was.actual) }) });
      }
      findings.push({
        range: claimed.range,
        severity: 'error',
        code: 'wrong-result',
        message,
        claimed: claimed.source,
        actual: actualLatex,
        actualValue: toJson(computed.value!) as Finding['actualValue'],
        steps: shown.steps,
        related,
        fix: fixes[0],
        fixes,
      });
      const written = simplify(claimed.value!);
      const right = simplify(computed.value!);
      if (!carried && typeof written === 'number' && typeof right === 'number' && exactActual === undefined && claimed.node!.t === 'num' && significantDigits(claimed.node!) >= 3) {
        wrong.push({ written, actual: right, actualLatex, range: claimed.range, line: 0 });
      }
    }
  }
  return { findings, claims, wrong, rounded };
}

/**
 * A carried error: the computed side uses a number that an earlier line claimed wrongly
 * (`4 \times 768 \times 768 = 2357296`, then `12 \times 2357296 = 28311552`), and with that number
 * corrected the claim is right. Then the fix to offer first corrects the carried number, not the
 * right result. Both must hold: the same written number, and the claim right once it is corrected.
 */
function carriedError(computed: PieceInfo, claimed: PieceInfo, precision: (number | undefined)[] | undefined, relTol: number, env: JudgeEnv): { claim: WrongClaim; range: { start: number; end: number }; source: string } | undefined {
  if (!env.carried || env.base === undefined || !computed.node) return undefined;
  const base = env.base;
  let found: { node: Extract<Node, { t: 'num' }>; claim: WrongClaim } | undefined;
  let count = 0;
  forEachNumber(computed.node, (n) => {
    if (n.t !== 'num') return;
    const claim = env.carried!(n.v);
    if (claim) {
      found = { node: n, claim };
      count++;
    }
  });
  if (!found || count !== 1) return undefined;
  const { node, claim } = found;
  const corrected = replaceNode(computed.node, node, { ...node, v: claim.actual, text: String(claim.actual), decimals: 0 });
  let value: Val;
  try {
    value = evaluate(corrected, env.context());
  } catch {
    return undefined;
  }
  if (compareValues(value, claimed.value!, precision, relTol, false).kind !== 'right') return undefined;
  const range = { start: base + node.s, end: base + node.e };
  return { claim, range, source: env.digits ? env.digits(node.text) : node.text };
}

/** `tree` with `target` (found by identity) replaced by `by`; other nodes are shared. */
function replaceNode(tree: Node, target: Node, by: Node): Node {
  if (tree === target) return by;
  const out: Record<string, unknown> = { ...tree };
  let changed = false;
  for (const [k, v] of Object.entries(tree)) {
    if (v && typeof v === 'object' && 't' in (v as object)) {
      const r = replaceNode(v as Node, target, by);
      if (r !== v) {
        out[k] = r;
        changed = true;
      }
    } else if (Array.isArray(v)) {
      const arr = v.map((x) => (Array.isArray(x) ? x.map((y) => (y && typeof y === 'object' && 't' in y ? replaceNode(y as Node, target, by) : y)) : x && typeof x === 'object' && 't' in x ? replaceNode(x as Node, target, by) : x));
      if (arr.some((x, i) => x !== v[i] || (Array.isArray(x) && (x as unknown[]).some((y, j) => y !== (v[i] as unknown[])[j])))) {
        out[k] = arr;
        changed = true;
      }
    }
  }
  return changed ? (out as Node) : tree;
}

/** A number written in a unit and a computed number are compared unless they differ by a unit conversion. */
function comparableInUnit(a: Val, b: Val): boolean {
  const x = simplify(a);
  const y = simplify(b);
  return typeof x === 'number' && typeof y === 'number' && !isUnitConversion(x, y);
}

type Order = 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/** Relations between two numbers that are judged besides `=` and `\approx`. */
const ORDER_RELATIONS: Record<string, Order | undefined> = Object.setPrototypeOf(
  { '\\neq': 'ne', '\\ne': 'ne', '<': 'lt', '\\lt': 'lt', '>': 'gt', '\\gt': 'gt', '\\le': 'le', '\\leq': 'le', '\\leqslant': 'le', '\\ge': 'ge', '\\geq': 'ge', '\\geqslant': 'ge' },
  null,
);

const ORDER_SIGN: Record<Order, string> = { ne: '≠', lt: '<', le: '≤', gt: '>', ge: '≥' };

/**
 * `a \neq b`, `a < b`, `a \le b`…, judged only between two numbers. Equality is exact up to
 * floating-point noise; numbers written with 3 or more significant digits (1.414, 0.7616: copied,
 * rounded results) make the two sides "close" within that rounding, where nothing is said:
 * `1.414^2 \ge 2` and `\sqrt{2} \neq 1.414` are left alone, `1 + 1 \neq 2` and `3 < 2` are false.
 * Returns the finding for a false relation, 'right' for a true one, undefined when not judged.
 */
function judgeOrder(L: PieceInfo, R: PieceInfo, order: Order, lang: Lang): Finding | 'right' | undefined {
  const a = simplify(L.value!);
  const b = simplify(R.value!);
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) return undefined;
  const mag = Math.max(Math.abs(a), Math.abs(b));
  const diff = Math.abs(a - b);
  const exact = diff <= (a === 0 || b === 0 ? 1e-12 : 1e-9 * mag);
  const digits = [minLongDecimalDigits(L.node!), minLongDecimalDigits(R.node!)].filter((d): d is number => d !== undefined);
  const close = !exact && digits.length > 0 && diff <= 0.5 * Math.pow(10, 1 - Math.min(...digits)) * mag;
  if (close) return undefined;
  const holds = order === 'ne' ? !exact : order === 'lt' ? !exact && a < b : order === 'gt' ? !exact && a > b : order === 'le' ? exact || a < b : exact || a > b;
  if (holds) return 'right';
  const claim = `${printNode(L.node!, 40)} ${ORDER_SIGN[order]} ${printNode(R.node!, 40)}`;
  const values = [L, R].filter((p) => !isLiteral(p.node!)).map((p) => `${printNode(p.node!, 40)} = ${plainBrief(p.value!)}`);
  return {
    range: { start: L.range.start, end: R.range.end },
    severity: 'error',
    code: 'wrong-relation',
    message: values.length ? msg(lang, 'claim.false-relation', { claim, values: values.join(', ') }) : msg(lang, 'claim.false-relation-plain', { claim }),
    claimed: `${L.source} ${R.rel} ${R.source}`,
    steps: [...L.steps, ...R.steps],
  };
}

/**
 * The decimals to write the right value with: the claim's own, or more when they would leave fewer
 * significant digits than the claim had (`10^{-3} = 0.01` is answered 0.001, not 0.00, and
 * ε² = 10⁻¹⁴ as 0.00000000000001), so a fix is itself judged right and reads as a number.
 */
function fixDecimals(actual: Val, decimals: number | undefined, claimed: Node): number | undefined {
  if (decimals === undefined) return decimals;
  const sig = claimedSignificantDigits(claimed);
  const v = simplify(actual);
  const xs = typeof v === 'number' ? [v] : isMat(v) ? v.data.flat() : v.kind === 'tuple' ? v.items.filter((x): x is number => typeof x === 'number') : [];
  let d = decimals;
  for (const x of xs) {
    if (x === 0 || !Number.isFinite(x)) continue;
    const needed = sig - 1 - Math.floor(Math.log10(Math.abs(x)));
    if (needed > d) d = Math.min(needed, 20);
  }
  return d;
}

function grosslyWrong(a0: Val, b0: Val): boolean {
  const a = simplify(a0);
  const b = simplify(b0);
  return typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) > 0.5 * Math.max(Math.abs(a), Math.abs(b));
}

/** The fewest significant digits of the numbers of a written value; a whole number's trailing zeros are not counted (`\approx 70` has 1). */
function claimedSignificantDigits(n: Node): number {
  let best = Infinity;
  forEachNumber(n, (x) => {
    let digits = x.text.split(/[eE]/)[0].replace(/[^0-9]/g, '').replace(/^0+/, '');
    if (x.decimals <= 0) digits = digits.replace(/0+$/, '');
    best = Math.min(best, Math.max(1, digits.length));
  });
  return Number.isFinite(best) ? best : 1;
}

/**
 * A scalar claim off by no more than its rounded numbers explain: the computed side's long decimals
 * (1.414, 0.7616: copied results) and the decimals of a claimed expression (`\frac{4.48}{7.78}`,
 * `0.21 \times 1 + 0.58 \times 4`) may each be off by half a unit of their last place; one-digit
 * decimals (0.5) and short ones on the computed side (σ(0.25)) are exact inputs.
 */
function withinRounding(computed: PieceInfo, claimed: PieceInfo, precision: (number | undefined)[] | undefined, computedRounded: boolean, ctx: () => EvalContext, roundedResult?: JudgeEnv['roundedResult']): boolean {
  const c = computed.value === undefined ? undefined : simplify(computed.value);
  const w = claimed.value === undefined ? undefined : simplify(claimed.value);
  if (typeof c !== 'number' || typeof w !== 'number' || !computed.node || !claimed.node) return false;
  const again = (node: Node) => () => evaluate(node, ctx());
  // an input an earlier line wrote as its rounded result (`= 0.3803`, then `\frac{0.768}{0.3803}`) is
  // rounded whatever the claim's precision: half a unit of its last place is carried through. A short
  // number (0.03, 0.5: one significant digit) is an exact input, whatever an earlier line wrote; one of
  // two digits (0.0026, 0.12) only when the line that rounded it is just above (NEAR_LINES)
  const copied = (x: Extract<Node, { t: 'num' }>) => {
    if (roundedResult === undefined) return false;
    const digits = significantDigits(x);
    return digits >= 3 ? roundedResult(x.v, x.decimals) : digits === 2 && roundedResult(x.v, x.decimals, true);
  };
  const keep = computedRounded ? (x: Extract<Node, { t: 'num' }>) => significantDigits(x) >= 3 || copied(x) : copied;
  let slack = computedRounded || roundedResult ? roundingSlack(computed.node, c, keep, again(computed.node)) : 0;
  // a written fraction of decimals (`\frac{7.389}{8.389}`, `-\frac{0.02}{0.6325}`: copied results) is rounded like an expression
  // …and so is a whole number of three digits or more in it when no integer arithmetic gave the value
  // (`1000 \\times 4000^{-1.5} = \\frac{1000}{252982}`: 4000^{1.5} is 252982.2)
  if (!isLiteral(claimed.node) || isFraction(claimed.node)) {
    const whole = inexactArithmetic(computed.node) ? (x: Extract<Node, { t: 'num' }>) => x.decimals === 0 && Math.abs(x.v) >= ROUNDED_WHOLE_MIN : undefined;
    slack += roundingSlack(claimed.node, w, (x) => significantDigits(x) >= 2, again(claimed.node), whole);
  }
  if (slack === 0) return false;
  const d = precision?.[0];
  const own = d !== undefined && d !== 0 ? 0.5 * Math.pow(10, -d) : 0;
  return Math.abs(c - w) <= slack + own + 1e-12 * Math.max(1, Math.abs(c));
}

/**
 * An expression = a written decimal that is its rounding (`\log 0.5 = -0.6931`), stated but not judged:
 * the decimal is a rounded result for later lines, as a right claim's would be.
 */
function noteRounded(L: PieceInfo, R: PieceInfo, into: RoundedResult[]): void {
  if (!L.node || !R.node || isLiteral(L.node) || !isLiteral(R.node) || L.value === undefined || R.value === undefined) return;
  let n = R.node;
  while (n.t === 'neg' || n.t === 'group') n = n.a;
  if (n.t !== 'num' || n.decimals <= 0) return;
  const c = simplify(L.value);
  const w = simplify(R.value);
  if (typeof c !== 'number' || typeof w !== 'number' || Math.abs(c - w) <= 1e-12 * Math.max(1, Math.abs(c))) return;
  if (compareValues(L.value, R.value, literalDecimals(R.node), 0, false).kind !== 'right') return;
  into.push({ written: n.v, decimals: n.decimals, at: R.range.start });
}

/** The numbers of a value, flattened row-major (a tuple of numbers or matrices too); undefined for anything else. */
function entriesOf(v: Val): number[] | undefined {
  if (typeof v === 'number') return [v];
  if (isMat(v)) return v.data.flat();
  const out: number[] = [];
  for (const x of v.items) {
    const xs = entriesOf(x);
    if (!xs) return undefined;
    out.push(...xs);
  }
  return out;
}

/** The entries of a written vector (`= (0.2447, 0.0900, 0.6652)`) that round the computed ones are rounded results, as a number's are. */
function roundedEntries(n: Node, computed: Val, at: number, into: RoundedResult[]): void {
  const cs = entriesOf(computed);
  const nums: Extract<Node, { t: 'num' }>[] = [];
  forEachNumber(n, (x) => {
    nums.push(x);
  });
  // every entry one written number (no `3 \times 10^{-4}` entry): the numbers line up with the entries
  if (!cs || cs.length !== nums.length) return;
  nums.forEach((x, i) => {
    if (x.decimals > 0 && Math.abs(Math.abs(cs![i]) - x.v) > 1e-12 * Math.max(1, Math.abs(cs![i]))) into.push({ written: x.v, decimals: x.decimals, at });
  });
}

/**
 * A written vector off by no more than the rounded results it computes with explain, entry by entry
 * (`0.2447(1, 2) + 0.0900(0, 1) + 0.6652(2, 0) = (1.5752, 0.5795)` after `\alpha = (0.2447, 0.0900, 0.6652)`
 * rounded the weights): each such input moved by half a unit of its last place, each entry within what moves it.
 */
function entriesWithinRounding(computed: PieceInfo, claimed: PieceInfo, precision: Precision, env: JudgeEnv): boolean {
  const roundedResult = env.roundedResult;
  if (roundedResult === undefined || !computed.node || computed.value === undefined || claimed.value === undefined) return false;
  const c = simplify(computed.value);
  const w = simplify(claimed.value);
  if (typeof c === 'number' || typeof w === 'number') return false;
  const cs = entriesOf(c);
  const ws = entriesOf(w);
  if (!cs || !ws || cs.length !== ws.length || cs.length < 2) return false;
  const moved: Extract<Node, { t: 'num' }>[] = [];
  forEachNumber(computed.node, (x) => {
    if (x.decimals > 0 && significantDigits(x) >= 3 && roundedResult(x.v, x.decimals)) moved.push(x);
    return moved.length >= 12;
  });
  if (moved.length === 0) return false;
  const slack = cs.map(() => 0);
  try {
    for (const lit of moved) {
      const original = lit.v;
      const half = 0.5 * Math.pow(10, -lit.decimals);
      const worst = cs.map(() => 0);
      for (const to of [original + half, original - half]) {
        try {
          lit.v = to;
          const vs = entriesOf(simplify(evaluate(computed.node, env.context())));
          if (!vs || vs.length !== cs.length) return false;
          vs.forEach((v, i) => (worst[i] = Math.max(worst[i], Math.abs(v - cs[i]))));
        } finally {
          lit.v = original;
        }
      }
      worst.forEach((x, i) => (slack[i] += x));
    }
  } catch {
    // a spent budget, or a move out of a domain: nothing is concluded
    return false;
  }
  return cs.every((x, i) => {
    const d = precision?.[i];
    const own = d !== undefined && d !== 0 ? 0.5 * Math.pow(10, -d) : 0;
    return Math.abs(x - ws[i]) <= slack[i] + own + 1e-12 * Math.max(1, Math.abs(x));
  });
}

/** {@link withinRounding} for an earlier expression of the chain; a spent budget says nothing. */
function joinedWithinRounding(earlier: PieceInfo, claimed: PieceInfo, precision: (number | undefined)[] | undefined, env: JudgeEnv): boolean {
  try {
    return withinRounding(earlier, claimed, precision, false, env.context, env.roundedResult);
  } catch (e) {
    if (e instanceof WorkLimit) return false;
    throw e;
  }
}

/** A written fraction, signed or in parentheses (`\frac{7.389}{8.389}`, `-\frac{0.02}{0.6325}`). */
function isFraction(n: Node): boolean {
  while (n.t === 'neg' || n.t === 'group') n = n.a;
  return n.t === 'frac';
}

/** A term added only to keep a division or a root away from zero: 10^{-8}, 1e-5, a name valued so (ε). */
const STABILIZER = 1e-4;

/**
 * A claim right once the stabilizer is dropped: `\frac{\hat m}{\sqrt{\hat v} + \epsilon} = \frac{0.1}{0.1} = 1`,
 * `\frac{3 - 2}{\sqrt{1 + 10^{-5}}} = 1`. Everyone writes Adam's and the norms' ε away once the numbers
 * are in; the written value is then off by about ε, never by an arithmetic slip. A term is a
 * stabilizer when it is added (or subtracted), is no whole number, is at most 10⁻⁴ and at most 10⁻⁴
 * of what it is added to. The claim must be right with every such term set to zero, on either side.
 */
function withoutStabilizer(computed: PieceInfo, claimed: PieceInfo, precision: Precision, relTol: number, approx: boolean, env: JudgeEnv): boolean {
  const dropped = (p: PieceInfo): Val | undefined => {
    if (!p.node || isLiteral(p.node)) return p.value;
    const ctx = env.context();
    const valueOf = (n: Node): number | undefined => {
      try {
        const v = simplify(evaluate(n, ctx));
        return typeof v === 'number' ? v : undefined;
      } catch {
        return undefined;
      }
    };
    let found = false;
    const strip = (n: Node): Node => {
      // a copy of the node only once one of its children changed
      let out: Record<string, unknown> | undefined;
      if (n.t === 'bin' && (n.op === '+' || n.op === '-')) {
        const a = valueOf(n.a);
        const b = valueOf(n.b);
        const tiny = (x: number | undefined, other: number | undefined) => x !== undefined && other !== undefined && x !== 0 && !Number.isInteger(x) && Math.abs(x) <= STABILIZER && Math.abs(x) <= STABILIZER * Math.abs(other);
        if (tiny(b, a)) {
          found = true;
          return strip(n.a);
        }
        if (tiny(a, b)) {
          found = true;
          const rest = strip(n.b);
          return n.op === '+' ? rest : { t: 'neg', a: rest, s: n.s, e: n.e };
        }
      }
      // the node's own fields, in order, without an array of pairs per node (a tree is a plain object)
      for (const k in n) {
        const v = (n as unknown as Record<string, unknown>)[k];
        if (v && typeof v === 'object' && !Array.isArray(v) && 't' in (v as object)) {
          const r = strip(v as Node);
          if (r !== v) (out ??= { ...n })[k] = r;
        }
      }
      return (out as Node | undefined) ?? n;
    };
    const stripped = strip(p.node);
    if (!found) return p.value;
    try {
      return evaluate(stripped, ctx);
    } catch {
      return undefined;
    }
  };
  const c = dropped(computed);
  const w = dropped(claimed);
  if (c === undefined || w === undefined || (c === computed.value && w === claimed.value)) return false;
  return compareValues(c, w, precision, relTol, approx).kind === 'right';
}

/**
 * A claim right with the names at the values their chains wrote: after `h_2 = … = -0.5506` and
 * `y_2 = v h_2 = 2 \times (-0.5506) = -1.1012`, the line `L = \frac{1}{2}(y_2 - d_2)^2 = \frac{1}{2}(-0.1012)^2`
 * computes with -1.1012, not with 2 tanh(…) to sixteen digits. Only names whose chains were right
 * carry a written value (see `Variable.written`); each side is evaluated again with them.
 */
function withWrittenValues(computed: PieceInfo, claimed: PieceInfo, precision: Precision, relTol: number, approx: boolean, env: JudgeEnv): boolean {
  if (!env.writtenContext || (!computed.uses.length && !claimed.uses.length)) return false;
  const again = (p: PieceInfo): Val | undefined => {
    if (!p.node || !p.uses.length) return p.value;
    try {
      return evaluate(p.node, env.writtenContext!());
    } catch {
      return undefined;
    }
  };
  const c = again(computed);
  const w = again(claimed);
  if (c === undefined || w === undefined) return false;
  return compareValues(c, w, precision, relTol, approx).kind === 'right';
}

/** A whole number a student writes for a rounded value has at least this many digits (a rounding of at most 0.5 %). */
const ROUNDED_WHOLE_MIN = 100;

/**
 * A computation no integer arithmetic does: it has a decimal (`1.5^{20}`, `\frac{1.8651}{0.001054}`),
 * a function (`\exp`, `\ln`, `\sigma`), a root, a constant (`e^{9}`, `2\pi`) or a fractional power
 * (`128^{1/4}`). Names are not looked into: their values may be exact.
 */
export function inexactArithmetic(n: Node): boolean {
  switch (n.t) {
    case 'num':
      return n.decimals > 0;
    case 'sym':
      return n.name === 'e' || n.name === '\\pi';
    case 'call':
    case 'sqrt':
      return true;
    case 'pow': {
      let b = n.b;
      while (b.t === 'group' || b.t === 'neg') b = b.a;
      if (b.t === 'frac' || (b.t === 'bin' && (b.op === '/' || b.op === 'div'))) return true;
      break;
    }
  }
  return someField(n, inexactArithmetic);
}

/**
 * A whole number written after `=` for a value that is no whole number and that no integer
 * arithmetic gave: `e^{9} = 8103`, `1.5^{20} = 3325`, `2\pi \times 10000 = 62832`. The value rounded
 * to units, when the written number is the nearest whole number and has three digits or more.
 * Integer arithmetic keeps its whole numbers exact (`\frac{1000}{3} = 333` is still wrong), and a
 * half (`\frac{301}{2} \times 1.0`) is not rounded either way.
 */
function wholeNumberRounded(computed: PieceInfo, claimed: PieceInfo): boolean {
  let n = claimed.node!;
  while (n.t === 'neg' || n.t === 'group') n = n.a;
  if (n.t !== 'num' || n.decimals !== 0) return false;
  const c = simplify(computed.value!);
  const w = simplify(claimed.value!);
  if (typeof c !== 'number' || typeof w !== 'number' || Math.abs(w) < ROUNDED_WHOLE_MIN) return false;
  const diff = Math.abs(c - w);
  if (diff < 1e-9 * Math.abs(c) || diff >= 0.5 - 1e-9) return false;
  return inexactArithmetic(computed.node!);
}

/**
 * `\frac{100 + 2 - 3}{2} + 1 = 50`, `\frac{404}{10} + 1 = 41`: a count of positions or batches, a whole
 * number over a whole number that does not divide it, plus one, claimed as a whole number: the
 * quotient is taken whole, as the output size of a strided kernel (⌊99/2⌋ + 1 = 50) and a number of
 * batches are. Only that value: 50.5 written, or 51, is judged as before.
 */
function flooredCount(computed: PieceInfo, claimed: PieceInfo, env: JudgeEnv): boolean {
  const w = ungroup(claimed.node!);
  if (w.t !== 'num' || w.decimals !== 0) return false;
  const c = ungroup(computed.node!);
  if (c.t !== 'bin' || c.op !== '+') return false;
  const one = (x: Node) => x.t === 'num' && x.v === 1 && x.decimals === 0;
  const sum = one(c.b) ? c.a : one(c.a) ? c.b : undefined;
  const q = sum && ungroup(sum);
  if (!q || !(q.t === 'frac' || (q.t === 'bin' && (q.op === '/' || q.op === 'div')))) return false;
  try {
    const a = simplify(evaluate(q.a, env.context()));
    const b = simplify(evaluate(q.b, env.context()));
    if (typeof a !== 'number' || typeof b !== 'number' || !Number.isInteger(a) || !Number.isInteger(b) || a <= 0 || b <= 1 || a % b === 0) return false;
    return Math.floor(a / b) + 1 === w.v;
  } catch {
    return false;
  }
}

/**
 * `\frac{2}{10} \times 100 = 20\%`: a fraction multiplied by 100 written as a percentage; the × 100 already made
 * the number of percent, and the % sign is its unit. Only a computation whose last factor is a written 100 and a
 * claim that is a percentage; `\frac{2}{10} \times 100 = 25\%` is still wrong.
 */
function percentOfHundred(computed: PieceInfo, claimed: PieceInfo, precision: Precision, relTol: number, approx: boolean): boolean {
  const c = computed.node;
  const w = claimed.node;
  if (!c || !w || w.t !== 'pct' || c.t !== 'bin' || (c.op !== 'times' && c.op !== 'cdot')) return false;
  if (!(c.b.t === 'num' && c.b.v === 100)) return false;
  if (typeof computed.value !== 'number' || typeof claimed.value !== 'number') return false;
  return compareValues(computed.value / 100, claimed.value, precision, relTol, approx).kind === 'right';
}

/**
 * A claim right with another value the document gave one of its names: with `k = 2` for the kernel,
 * then "with $k = 3$ the field is 2047" as a case, the line `k C^2 = 2 \\times 4096 = 8192` back in the
 * main answer means the kernel's k. The current value is then one reading of two; the claim is not
 * judged. Only names the document gave several values, one name moved at a time.
 */
function withAnotherMeaning(computed: PieceInfo, claimed: PieceInfo, precision: Precision, relTol: number, approx: boolean, env: JudgeEnv): boolean {
  if (!env.otherValues || !env.contextWith) return false;
  const names = computed.uses.concat(claimed.uses);
  for (let i = 0; i < names.length; i++) {
    const u = names[i];
    if (names.indexOf(u) !== i) continue;
    for (const alt of env.otherValues(u)) {
      try {
        const c = computed.node && computed.uses.includes(u) ? evaluate(computed.node, env.contextWith(u, alt)) : computed.value!;
        const w = claimed.node && claimed.uses.includes(u) ? evaluate(claimed.node, env.contextWith(u, alt)) : claimed.value!;
        if (compareValues(c, w, precision, relTol, approx).kind === 'right') return true;
      } catch {
        // a value of another shape or kind: no reading of this line
      }
    }
  }
  return false;
}

/**
 * Persian handwriting writes 2.5 as ۲/۵: a claimed `a/b` of two whole numbers in Persian or
 * Arabic-Indic digits is also read as a decimal before it is called wrong.
 */
function persianSlashDecimal(claimed: PieceInfo, actual: Val, relTol: number, approx: boolean): boolean {
  const m = /^\s*([\u06f0-\u06f9\u0660-\u0669]+)\s*\/\s*([\u06f0-\u06f9\u0660-\u0669]+)\s*$/.exec(claimed.source);
  if (!m) return false;
  const decimal = Number(normalizeDigits(`${m[1]}.${m[2]}`));
  return compareValues(actual, decimal, [m[2].length], relTol, approx).kind === 'right';
}

function plainClaim(p: PieceInfo): string {
  // numbers keep their written digits (0.60 stays 0.60), separators dropped, digits normalised
  return printNode(p.node!, 40);
}

function shorten(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 40 ? t.slice(0, 39) + '…' : t;
}

function maxDefined(xs: (number | undefined)[]): number | undefined {
  let m: number | undefined;
  for (const x of xs) if (x !== undefined && (m === undefined || x > m)) m = x;
  return m === 0 ? undefined : m;
}

function orientationWord(v: Val): Message {
  if (typeof v === 'object' && v.kind === 'mat') return message(v.cols === 1 ? 'orientation.column' : v.rows === 1 ? 'orientation.row' : 'orientation.matrix');
  return message('orientation.number');
}

function usesPlainLog(n: Node): boolean {
  let found = false;
  const walk = (x: Node) => {
    if (found) return;
    if (x.t === 'call' && x.fn === 'log' && !x.base) found = true;
    someField(x, walk);
  };
  walk(n);
  return found;
}

/**
 * Pairs of a chain that the evaluator could not hold in a double (`256^{784} \approx 10^{1888}`:
 * an overflow), judged by the base-10 logarithms of their sides when both are products, quotients,
 * powers or roots of positive numbers. Returns the findings, the claims judged and the pieces whose
 * overflow a judgement replaced (they need no `limit` warning).
 */
export function judgeLogSpace(infos: PieceInfo[], from: number, skip: (L: PieceInfo, R: PieceInfo) => boolean, env: JudgeEnv): { findings: Finding[]; claims: number; pieces: Set<number> } {
  const findings: Finding[] = [];
  const pieces = new Set<number>();
  let claims = 0;
  const overflow = (p: PieceInfo) => p.status === 'problem' && p.problem?.msg.id === 'limit.overflow';
  const finite = (n: Node) => {
    try {
      return finiteNumber(evaluate(n, env.context()));
    } catch {
      return undefined;
    }
  };
  // a lone number too large for a double but not for its logarithm (`there are $256^{784}$ images`):
  // nothing is claimed about it, so its overflow is nothing to report (a power tower's logarithm overflows too)
  if (infos.length === 1 && overflow(infos[0]) && infos[0].node && log10Of(infos[0].node, finite) !== undefined) pieces.add(0);
  for (let j = Math.max(from, 0); j + 1 < infos.length; j++) {
    const L = infos[j];
    const R = infos[j + 1];
    if (R.rel !== '=' && R.rel !== '\\approx') continue;
    if (!overflow(L) && !overflow(R)) continue;
    if (!L.node || !R.node || (L.status !== 'value' && !overflow(L)) || (R.status !== 'value' && !overflow(R)) || skip(L, R)) continue;
    let computed = L;
    let claimed = R;
    if (isLiteral(L.node) && !isLiteral(R.node)) {
      computed = R;
      claimed = L;
    }
    const a = log10Of(computed.node!, finite);
    const b = log10Of(claimed.node!, finite);
    if (a === undefined || b === undefined) continue;
    const approx = R.rel === '\\approx';
    const bare = isLiteral(claimed.node!) && powerOfTen(claimed.node!) !== undefined;
    let tolerance: number;
    if (bare && approx) tolerance = 0.5; // an order of magnitude
    else if (isLiteral(claimed.node!)) {
      // the claim's last written place, relative to its size (1.3 \times 10^{1888}: 0.05 in 1.3)
      const d = literalDecimals(claimed.node!, approx)[0];
      const rel = d === undefined ? 0 : 0.5 * Math.pow(10, -d - b);
      tolerance = Math.log10(1 + Math.max(rel, approx ? 0.01 : 0)) + 1e-12 * Math.max(1, Math.abs(b));
    } else tolerance = approx ? Math.log10(1.01) : 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
    claims++;
    pieces.add(j);
    pieces.add(j + 1);
    if (Math.abs(a - b) <= tolerance) continue;
    const shown = formatLog10(a, bare);
    const actualLatex = env.digits ? env.digits(shown.latex) : shown.latex;
    const claimText = printNode(claimed.node!, 40);
    findings.push({
      range: claimed.range,
      severity: 'error',
      code: 'wrong-result',
      message: msg(env.lang, approx ? 'claim.wrong-approx' : 'claim.wrong', { expr: printNode(computed.node!, 60), actual: shown.plain, claimed: claimText }),
      claimed: claimed.source,
      actual: actualLatex,
      steps: computed.steps,
      related: env.related(computed.uses),
      fix: { range: claimed.range, newText: actualLatex, title: msg(env.lang, 'fix.replace', { claimed: shorten(claimed.source), actual: shorten(actualLatex) }) },
    });
  }
  return { findings, claims, pieces };
}
