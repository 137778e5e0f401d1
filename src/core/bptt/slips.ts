/**
 * Spots the classic BPTT slip `\sigma'(z)(1-\sigma'(z))`: σ'(z) already is σ(z)(1−σ(z)), so the
 * product with primes on both σ is almost certainly meant as σ(z)(1−σ(z)). Reported only when it is
 * unambiguous: both factors primed, the same argument both times, the second factor exactly (1 − σ'(·)).
 */
import { findMathSpans } from '../markdown/spans';
import { defaultOptions, Finding } from '../types';
import { msg, type Lang } from '../messages';

/** `\sigma'`, `\sigma^{\prime}`, `\sigma^\prime`, `\sigma^{'}`. */
const SIGMA_PRIME = /\\sigma\s*(?:'|\^\s*\\prime(?![A-Za-z])|\^\s*\{\s*(?:\\prime|')\s*\})/y;
/** Sizing commands that may precede a parenthesis. */
const SIZED_OPEN = /(?:\\left|\\bigl?|\\Bigl?|\\biggl?|\\Biggl?)?\s*\(/y;
const SIZED_CLOSE = /(?:\\right|\\bigr?|\\Bigr?|\\biggr?|\\Biggr?)?\s*\)/y;

function skipSpace(s: string, i: number): number {
  while (i < s.length && /\s/.test(s[i])) i++;
  return i;
}

function matchAt(re: RegExp, s: string, i: number): number | undefined {
  re.lastIndex = i;
  const m = re.exec(s);
  return m ? i + m[0].length : undefined;
}

/**
 * For each `(` of the formula, the index of its matching `)` (-1 when unclosed), in one pass, so that
 * reading the arguments of N nested `\sigma'(` calls costs N steps, not N² (`\{`, `\}` are skipped).
 * `steps` counts the characters visited, for the tests.
 */
function matchParens(s: string, steps: { count: number }): Int32Array {
  const match = new Int32Array(s.length).fill(-1);
  const open: number[] = [];
  for (let j = 0; j < s.length; j++) {
    steps.count++;
    const c = s.charCodeAt(j);
    if (c === 92 /* \\ */ && (s[j + 1] === '{' || s[j + 1] === '}')) j++;
    else if (c === 40 /* ( */) open.push(j);
    else if (c === 41 /* ) */ && open.length) match[open.pop()!] = j;
  }
  return match;
}

/** From just after the opening parenthesis at `i - 1`, the argument text and the index after the matching `)`. */
function readParenArg(s: string, i: number, match: Int32Array): { arg: string; argEnd: number; end: number } | undefined {
  const j = match[i - 1];
  if (j === undefined || j < 0) return undefined;
  // The argument stops before a sizing command of the closing paren (`\right)`).
  const inner = s.slice(i, j);
  const trimmed = inner.replace(/(?:\\right|\\bigr?|\\Bigr?|\\biggr?|\\Biggr?)\s*$/, '');
  return { arg: trimmed, argEnd: i + trimmed.length, end: j + 1 };
}

/** Argument text compared without spacing and sizing: `Ux_{t+1} + Wh_t` = `U x_{t+1}+W h_t`. */
function normalizeArg(a: string): string {
  return a.replace(/\\(left|right|bigl?|bigr|Bigl?|Bigr|biggl?|biggr|Biggl?|Biggr)(?![A-Za-z])/g, '').replace(/\\[,;:! ]/g, '').replace(/\s+/g, '');
}

/** Things that may sit between the two factors without changing the product: spaces, `\cdot`, underbrace labels. */
function skipBetween(s: string, i: number): number {
  for (let guard = 0; guard < 20; guard++) {
    const j = skipSpace(s, i);
    const rest = s.slice(j);
    const m = /^(?:\\[,;:!]|\\cdot(?![A-Za-z])|\\times(?![A-Za-z])|\\underbrace\s*\{|\\overbrace\s*\{|\{)/.exec(rest);
    if (m) {
      i = j + m[0].length;
      continue;
    }
    // `}_{label}` or `}^{label}` closing an \underbrace around the first factor.
    const close = /^\}\s*(?:[_^]\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|\S))?/.exec(rest);
    if (close) {
      i = j + close[0].length;
      continue;
    }
    return j;
  }
  return i;
}

interface SigmaPrimeCall {
  start: number;
  primeStart: number;
  primeEnd: number;
  arg: string;
  end: number;
}

/** `\sigma'(X)` at `i`, or undefined. */
function sigmaPrimeCall(s: string, i: number, match: Int32Array): SigmaPrimeCall | undefined {
  const afterPrime = matchAt(SIGMA_PRIME, s, i);
  if (afterPrime === undefined) return undefined;
  const afterOpen = matchAt(SIZED_OPEN, s, skipSpace(s, afterPrime));
  if (afterOpen === undefined) return undefined;
  const r = readParenArg(s, afterOpen, match);
  if (!r || !r.arg.trim()) return undefined;
  return { start: i, primeStart: i + '\\sigma'.length, primeEnd: afterPrime, arg: r.arg, end: r.end };
}

/**
 * Findings for `\sigma'(X)(1-\sigma'(X))` products in one formula. `latex` is the formula's content
 * and `offset` the document offset of its first character, so ranges are document offsets. A formula
 * longer than `maxFormulaLength` (the evaluator's limit) is not scanned: it already has its `limit`
 * finding. `steps`, when given, counts the characters the scan visited (the tests check it stays linear).
 */
export function findSigmaPrimeSlips(latex: string, offset = 0, lang: Lang = 'en', maxFormulaLength = defaultOptions.maxFormulaLength, steps = { count: 0 }): Finding[] {
  const out: Finding[] = [];
  if (latex.length > maxFormulaLength || !latex.includes('\\sigma')) return out;
  const match = matchParens(latex, steps);
  for (let i = latex.indexOf('\\sigma'); i >= 0; i = latex.indexOf('\\sigma', i + 1)) {
    steps.count++;
    const first = sigmaPrimeCall(latex, i, match);
    if (!first) continue;
    let j = skipBetween(latex, first.end);
    const open = matchAt(SIZED_OPEN, latex, j);
    if (open === undefined) continue;
    j = skipSpace(latex, open);
    if (latex[j] !== '1') continue;
    j = skipSpace(latex, j + 1);
    if (latex[j] !== '-') continue;
    j = skipSpace(latex, j + 1);
    const second = sigmaPrimeCall(latex, j, match);
    if (!second) continue;
    const close = matchAt(SIZED_CLOSE, latex, skipSpace(latex, second.end));
    if (close === undefined) continue;
    const x = normalizeArg(first.arg);
    if (x !== normalizeArg(second.arg)) continue;
    const text = latex.slice(first.start, close);
    // The fix drops the two primes and keeps everything else (spacing, \left, underbraces) as written.
    const fixed =
      latex.slice(first.start, first.primeStart) + latex.slice(first.primeEnd, second.primeStart) + latex.slice(second.primeEnd, close);
    const arg = first.arg.trim();
    out.push({
      range: { start: offset + first.start, end: offset + close },
      severity: 'information',
      code: 'sigma-prime-slip',
      message: msg(lang, 'slip.sigma-prime', { arg }),
      claimed: text,
      actual: `\\sigma(${arg})\\left(1-\\sigma(${arg})\\right)`,
      fix: { range: { start: offset + first.start, end: offset + close }, newText: fixed, title: msg(lang, 'fix.sigma-prime') },
    });
    i = close - 1;
  }
  return out;
}

/** The same, for every formula of a Markdown document. */
export function findSigmaPrimeSlipsInDocument(text: string, lang: Lang = 'en'): Finding[] {
  return findMathSpans(text).flatMap((s) => findSigmaPrimeSlips(s.content, s.contentStart, lang));
}
