/**
 * The claim-judging policy: given the evaluated pieces of one chain (`a = b \approx c`), which
 * written values are wrong, how the message reads and which fix is offered. The document pipeline
 * (analysis.ts) evaluates pieces and hands each chain here; everything about when a written value
 * counts as right (rounding, truncation, rounded inputs, `\log` bases, Persian `۲/۵` decimals,
 * orientation) lives in this folder.
 */
import type { Node } from '../latex/ast';
import { printNode } from '../latex/print';
import { normalizeDigits } from '../markdown/digits';
import { evaluate, EvalContext } from '../eval/evaluate';
import { isUnitConversion } from '../eval/units';
import { Val, latex as toLatex, plainBrief, toJson, simplify, isMat, isVector, vecData } from '../eval/values';
import { minLongDecimalDigits, roundingSlack, significantDigits, writtenDigits } from './rounding';
import { compareValues, formatInStyle, integerFactors, isLiteral, literalDecimals, literalStyle, minSignificantDecimals } from './compare';
import type { Finding, RelatedInfo } from '../types';
import { message, msg, type Lang, type Message } from '../messages';
import type { PieceInfo } from '../analysis';

/** What judging a chain needs from the document pipeline. */
export interface JudgeEnv {
  lang: Lang;
  /** Writes digits in the formula's script (Persian digits in, Persian digits out). */
  digits?: (s: string) => string;
  /** A fresh evaluation context for re-evaluating a node (the rounding search). */
  context: () => EvalContext;
  /** The value of piece `j` of the chain evaluated again with another base for `\log`. */
  withLogBase: (j: number, logBase: number) => Val | undefined;
  /** Where the document variables a piece read were defined, for the finding's related information. */
  related: (uses: string[]) => RelatedInfo[];
}

export interface ChainJudgement {
  findings: Finding[];
  /** Number of claims judged. */
  claims: number;
}

/**
 * Judges each `=` / `\approx` pair of a chain from piece `from` on (the pieces before it are the
 * names the chain defines). `units[j]` says piece j carries a unit (`4 \text{GB}`); `skip(L, R)`
 * leaves a pair alone (an equation solved later in the same formula).
 */
export function judgeChain(infos: PieceInfo[], from: number, units: boolean[], skip: (L: PieceInfo, R: PieceInfo) => boolean, env: JudgeEnv): ChainJudgement {
  const { lang, digits } = env;
  const findings: Finding[] = [];
  let claims = 0;
  let lastExpr: PieceInfo | undefined; // the latest computed expression of the chain, for messages
  for (let j = Math.max(from, 0); j + 1 < infos.length; j++) {
    const L = infos[j];
    const R = infos[j + 1];
    if (L.status === 'value' && L.node && !isLiteral(L.node)) lastExpr = L;
    if (R.rel !== '=' && R.rel !== '\\approx') continue;
    if (L.status !== 'value' || R.status !== 'value') continue;
    if (L.value === undefined || R.value === undefined || !L.node || !R.node) continue;
    // a number in a unit (`= 96 \text{ MiB}`) is the written value of a unit-less computation, unless
    // both sides carry one or the two differ by a unit conversion (`4 \times 10^9 \times 4 = 16 \text{GB}`)
    if (units[j] && units[j + 1]) continue;
    if ((units[j] || units[j + 1]) && !comparableInUnit(L.value, R.value)) continue;
    if (skip(L, R)) continue;
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
    claims++;
    let verdict = compareValues(computed.value!, claimed.value!, precision, relTol, approx);
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
    if (verdict.kind === 'wrong' && usesPlainLog(computed.node!)) {
      // `\log` without a base: accept base 2 or 10 before calling the claim wrong
      for (const b of [10, 2]) {
        const alt = env.withLogBase(computedIndex, b);
        if (alt !== undefined && compareValues(alt, claimed.value!, precision, relTol, approx).kind === 'right') verdict = { kind: 'right' };
      }
    }
    if (verdict.kind === 'wrong' && withinRounding(computed, claimed, claimedIsLiteral ? precision : undefined, computedRounded, env.context)) verdict = { kind: 'right' };
    if (verdict.kind === 'wrong' && persianSlashDecimal(claimed, computed.value!, relTol, approx)) verdict = { kind: 'right' };
    if (verdict.kind === 'wrong' && (integerFactors(L.node) ?? 0) >= 2 && (integerFactors(R.node) ?? 0) >= 2) {
      // `(32 \times 512)(512 \times 64) = (32 \times 64)`: shapes written as products, not arithmetic
      claims--;
      continue;
    }
    if (verdict.kind === 'right' || verdict.kind === 'incomparable') continue;
    // `3 \times 4 = 12 = 13`: name the expression, not the 12, when the 12 was right
    let shown = computed;
    if (isLiteral(computed.node!) && lastExpr && lastExpr !== claimed && lastExpr.value !== undefined && compareValues(lastExpr.value, computed.value!, undefined, 0, false).kind === 'right') shown = lastExpr;
    const decimals = precision ? maxDefined(precision) : undefined;
    const style = typeof computed.value === 'number' ? literalStyle(claimed.node!) : undefined;
    const styled = style ? formatInStyle(computed.value as number, style) : undefined;
    // a vector claimed as a list `(5, 12)` or `[5, 12]` is answered as a list with the same brackets
    const asList = typeof claimed.value === 'object' && claimed.value.kind === 'tuple' && isMat(computed.value!) && isVector(computed.value) ? ({ kind: 'tuple', items: vecData(computed.value) } as Val) : undefined;
    const square = claimed.source.trimStart().startsWith('[') || claimed.source.trimStart().startsWith('\\left[');
    const listLatex = asList ? toLatex(asList, decimals, digits).replace(/^\(/, square ? '[' : '(').replace(/\)$/, square ? ']' : ')') : undefined;
    const actualLatex = styled ? (digits ? digits(styled.latex) : styled.latex) : listLatex ?? toLatex(computed.value!, decimals, digits);
    const actualPlain = styled ? styled.plain : asList ? plainBrief(asList, decimals) : plainBrief(computed.value!, decimals);
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
      findings.push({
        range: claimed.range,
        severity: 'error',
        code: 'wrong-result',
        message: exprText === actualPlain ? msg(lang, 'claim.not-equal', { expr: exprText, claimed: claimText }) : msg(lang, approx ? 'claim.wrong-approx' : 'claim.wrong', { expr: exprText, actual: actualPlain, claimed: claimText }),
        claimed: claimed.source,
        actual: actualLatex,
        actualValue: toJson(computed.value!) as Finding['actualValue'],
        steps: shown.steps,
        related,
        fix: { range: claimed.range, newText: actualLatex, title: msg(lang, 'fix.replace', { claimed: shorten(claimed.source), actual: shorten(actualLatex) }) },
      });
    }
  }
  return { findings, claims };
}

/** A number written in a unit and a computed number are compared unless they differ by a unit conversion. */
function comparableInUnit(a: Val, b: Val): boolean {
  const x = simplify(a);
  const y = simplify(b);
  return typeof x === 'number' && typeof y === 'number' && !isUnitConversion(x, y);
}

/**
 * A scalar claim off by no more than its rounded numbers explain: the computed side's long decimals
 * (1.414, 0.7616: copied results) and the decimals of a claimed expression (`\frac{4.48}{7.78}`,
 * `0.21 \times 1 + 0.58 \times 4`) may each be off by half a unit of their last place; one-digit
 * decimals (0.5) and short ones on the computed side (σ(0.25)) are exact inputs.
 */
function withinRounding(computed: PieceInfo, claimed: PieceInfo, precision: (number | undefined)[] | undefined, computedRounded: boolean, ctx: () => EvalContext): boolean {
  const c = computed.value === undefined ? undefined : simplify(computed.value);
  const w = claimed.value === undefined ? undefined : simplify(claimed.value);
  if (typeof c !== 'number' || typeof w !== 'number' || !computed.node || !claimed.node) return false;
  const again = (node: Node) => () => evaluate(node, ctx());
  let slack = computedRounded ? roundingSlack(computed.node, c, (x) => significantDigits(x) >= 3, again(computed.node)) : 0;
  if (!isLiteral(claimed.node)) slack += roundingSlack(claimed.node, w, (x) => significantDigits(x) >= 2, again(claimed.node));
  if (slack === 0) return false;
  const d = precision?.[0];
  const own = d !== undefined && d !== 0 ? 0.5 * Math.pow(10, -d) : 0;
  return Math.abs(c - w) <= slack + own + 1e-12 * Math.max(1, Math.abs(c));
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
    for (const v of Object.values(x)) {
      if (v && typeof v === 'object') {
        if (Array.isArray(v)) for (const y of v.flat()) { if (y && typeof y === 'object' && 't' in y) walk(y as Node); }
        else if ('t' in v) walk(v as Node);
      }
    }
  };
  walk(n);
  return found;
}
