/**
 * Spots the classic BPTT slip `\sigma'(z)(1-\sigma'(z))`: σ'(z) already is σ(z)(1−σ(z)), so the
 * product with primes on both σ is almost certainly meant as σ(z)(1−σ(z)). Reported only when it is
 * unambiguous: both factors primed once, the same argument both times, the second factor exactly
 * (1 − σ'(·)). A pattern over the front end's trees (the trees the document analysis keeps): a product
 * whose left factor ends in σ'(X) and whose right factor starts with the group (1 − σ'(X)).
 */
import { forEachChild, type Node, type NodeOf } from '../syntax/ast';
import { readFormula } from '../syntax/formula';
import { findMathSpans } from '../markdown/spans';
import { defaultOptions, Finding } from '../types';
import { msg, type Lang } from '../messages';

type Call = NodeOf<'call'> & { primeS: number; primeE: number };

const PRODUCT = new Set(['implicit', 'cdot', 'times']);

const isProduct = (n: Node): n is NodeOf<'bin'> => n.t === 'bin' && PRODUCT.has(n.op);
/** `\underbrace{…}_{label}` and bare braces group without changing the product. */
const isBrace = (n: Node): n is NodeOf<'group'> => n.t === 'group' && n.delim === '{';

/** The factor a product ends with (`x σ'(z)` ends with σ'(z)), through braces. */
function lastFactor(n: Node): Node {
  for (;;) {
    if (isProduct(n)) n = n.b;
    else if (isBrace(n)) n = n.a;
    else return n;
  }
}

/** The factor a product starts with, through braces. */
function firstFactor(n: Node): Node {
  for (;;) {
    if (isProduct(n)) n = n.a;
    else if (isBrace(n)) n = n.a;
    else return n;
  }
}

/** `\sigma'(X)`: σ with one prime and one argument. */
function sigmaPrime(n: Node): Call | undefined {
  if (n.t !== 'call' || n.fn !== 'sigma' || n.prime !== 1 || n.args.length !== 1) return undefined;
  return n.primeS !== undefined && n.primeE !== undefined ? (n as Call) : undefined;
}

/** `(1 - \sigma'(X))` (also with `\left( … \right)`, `\bigl( … \bigr)`): its σ'(X). */
function oneMinusSigmaPrime(n: Node): Call | undefined {
  if (n.t !== 'group' || !n.delim?.endsWith('(')) return undefined;
  const d = n.a;
  if (d.t !== 'bin' || d.op !== '-' || d.a.t !== 'num' || d.a.text !== '1') return undefined;
  return sigmaPrime(d.b);
}

/** Argument text compared without spacing and sizing: `Ux_{t+1} + Wh_t` = `U x_{t+1}+W h_t`. */
function normalizeArg(a: string): string {
  return a.replace(/\\(left|right|bigl?|bigr|Bigl?|Bigr|biggl?|biggr|Biggl?|Biggr)(?![A-Za-z])/g, '').replace(/\\[,;:! ]/g, '').replace(/\s+/g, '');
}

/**
 * Findings for `\sigma'(X)(1-\sigma'(X))` products in the trees of one formula. `latex` is the formula's
 * content (the trees' offsets point into it) and `offset` the document offset of its first character.
 * `steps`, when given, counts the nodes visited (the tests check the work stays linear).
 */
export function sigmaPrimeSlips(trees: readonly (Node | undefined)[], latex: string, offset = 0, lang: Lang = 'en', steps = { count: 0 }): Finding[] {
  const out: Finding[] = [];
  const visit = (n: Node): void => {
    steps.count++;
    if (isProduct(n)) {
      const first = sigmaPrime(lastFactor(n.a));
      const group = firstFactor(n.b);
      const second = first && oneMinusSigmaPrime(group);
      if (first && second) {
        const arg = latex.slice(first.args[0].s, first.args[0].e).trim();
        if (normalizeArg(arg) === normalizeArg(latex.slice(second.args[0].s, second.args[0].e))) out.push(finding(first, second, group.e, latex, offset, lang, arg));
      }
    }
    forEachChild(n, visit);
  };
  for (const t of trees) if (t) visit(t);
  return out.sort((a, b) => a.range.start - b.range.start);
}

function finding(first: Call, second: Call, close: number, latex: string, offset: number, lang: Lang, arg: string): Finding {
  const range = { start: offset + first.s, end: offset + close };
  // The fix drops the two primes and keeps everything else (spacing, \left, underbraces) as written.
  const fixed = latex.slice(first.s, first.primeS) + latex.slice(first.primeE, second.primeS) + latex.slice(second.primeE, close);
  return {
    range,
    severity: 'information',
    code: 'sigma-prime-slip',
    message: msg(lang, 'slip.sigma-prime', { arg }),
    claimed: latex.slice(first.s, close),
    actual: `\\sigma(${arg})\\left(1-\\sigma(${arg})\\right)`,
    fix: { range, newText: fixed, title: msg(lang, 'fix.sigma-prime') },
  };
}

/**
 * The same for one formula read on its own (a reader without a document analysis). A formula longer
 * than `maxFormulaLength` (the evaluator's limit) is not read: it already has its `limit` finding.
 */
export function findSigmaPrimeSlips(latex: string, offset = 0, lang: Lang = 'en', maxFormulaLength = defaultOptions.maxFormulaLength, steps = { count: 0 }): Finding[] {
  if (latex.length > maxFormulaLength || !latex.includes('\\sigma')) return [];
  const trees = readFormula(latex).chains.flatMap((c) => c.pieces.map((p) => p.tree));
  return sigmaPrimeSlips(trees, latex, offset, lang, steps);
}

/** The same, for every formula of a Markdown document. */
export function findSigmaPrimeSlipsInDocument(text: string, lang: Lang = 'en'): Finding[] {
  return findMathSpans(text).flatMap((s) => findSigmaPrimeSlips(s.content, s.contentStart, lang));
}
