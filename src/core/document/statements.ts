/**
 * What kind of statement each relation of a formula makes, from the document's model of meaning:
 * which names are understood where (values in scope, `scope.ts`), and how the statement is written.
 *
 * - definition: `name = value`, `w_1 = w_2 = 1`, `f(x) = x^2 + 1`, `\theta(0) = \pi - 0.1` (a
 *   function's value at a point), and the part of a chain that gives the value;
 * - claim: both sides computable from understood names (`3 \times 4 = 12`, `q \cdot k_1 = 3`);
 * - approximation: a claim written with `\approx` (judged with the written precision);
 * - equation: a side reads a name with no value here, and the statement says something about that
 *   name (`x^5 - 3x + 1 = 0`, `\mathbf{A}\mathbf{x} = \mathbf{b}`, `A = A^\top`): not a claim;
 * - identity: `\equiv`, or both sides read the same unknown names and neither is a bare name
 *   (`(a + b)^2 = a^2 + 2ab + b^2`): true or false for every value, for a symbolic judge to read;
 * - condition: a statement introduced as a hypothesis ("where $W^\top = W^{-1}$", "if …", "let …",
 *   "اگر …"): assumed, not claimed;
 * - estimate: `\le`, `<`, `\sim`, `\propto`, `\ll`…; declaration: `\in`, `\subset`; other: the rest.
 * Only claims and approximations are judged numerically.
 */
import { alternation, OTHERWISE_WORDS, WHERE_WORDS } from '../markdown/proseCues';
import { someField, type Node } from '../syntax/ast';

export type StatementKind = 'definition' | 'claim' | 'approximation' | 'equation' | 'identity' | 'condition' | 'estimate' | 'declaration' | 'expression' | 'other';

/** Whether statements of this kind are judged numerically. */
export function isJudged(kind: StatementKind | undefined): boolean {
  return kind === 'claim' || kind === 'approximation';
}

const ESTIMATE = /^\\(?:le|leq|ge|geq|leqslant|geqslant|lesssim|gtrsim|ll|gg|lt|gt|sim|simeq|propto|asymp|prec|succ|preceq|succeq)$|^[<>]$/;
const DECLARATION = /^\\(?:in|notin|subset|subseteq|supset|supseteq)$/;

/** The family of a written relation (`=`, `\approx`, `\leq`, `\in`…). */
export function relationFamily(rel: string | undefined): 'equal' | 'approx' | 'identity' | 'estimate' | 'declaration' | 'other' {
  const r = (rel ?? '').trim();
  if (r === '=' || r === '\\coloneqq' || r === ':=') return 'equal';
  if (r === '\\approx') return 'approx';
  if (r === '\\equiv') return 'identity';
  if (ESTIMATE.test(r)) return 'estimate';
  if (DECLARATION.test(r)) return 'declaration';
  return 'other';
}

/** Order relations between two values (`<`, `\ge`, `\neq`…), judged as claims unless assumed. */
const ORDER = /^(?:<|>|\\(?:neq?|lt|gt|leq?|geq?|leqslant|geqslant))$/;

/** Names every evaluation understands without a definition. */
const CONSTANTS = new Set(['\\pi', 'e', '\\infty']);

/**
 * The names a tree reads that `known` does not understand (bound indices of Σ/Π excluded), or
 * undefined for a piece without a tree (notation the parser does not read: its names are unknown).
 */
export function unknownNames(node: Node | undefined, known: (name: string) => boolean): Set<string> | undefined {
  if (!node) return undefined;
  const out = new Set<string>();
  const bound: string[] = [];
  const walk = (n: Node): void => {
    switch (n.t) {
      case 'sym':
        if (!CONSTANTS.has(n.name) && !bound.includes(n.name) && !known(n.name)) out.add(n.name);
        return;
      case 'series':
        walk(n.from);
        walk(n.to);
        bound.push(n.v);
        walk(n.body);
        bound.pop();
        return;
      case 'num':
        return;
      case 'mat':
        for (const row of n.rows) for (const x of row) walk(x);
        return;
      case 'call':
        for (const a of n.args) walk(a);
        if (n.base) walk(n.base);
        if (n.power) walk(n.power);
        return;
      case 'tuple':
        for (const x of n.items) walk(x);
        return;
      default: {
        const o = n as unknown as Record<string, unknown>;
        for (const k of ['a', 'b', 'n']) if (o[k] && typeof o[k] === 'object') walk(o[k] as Node);
      }
    }
  };
  walk(node);
  return out;
}

/** One piece of a chain as classification sees it. */
export interface StatementPiece {
  rel?: string;
  status: 'value' | 'not-computable' | 'problem' | 'symbol';
  node?: Node;
  /** The piece is a bare name (`x`, `\mathbf{A}`), whatever its value. */
  bareName?: string;
}

export interface ChainKinds {
  /** `kinds[j]`: the kind of the relation written before piece j (undefined for piece 0). */
  kinds: (StatementKind | undefined)[];
  /** The chain as a whole: a definition when it defines names, else its first judged or written kind. */
  kind: StatementKind;
}

/**
 * Classifies each relation of a chain. `defined` is how many leading pieces are names the chain
 * defines (`q = …`); `functionValue` says the first piece is a function at a point (`\theta(0)`);
 * `hypothesis` says the formula was introduced as an assumption; `known` says which names have
 * values here; `solvedLater(j)` says pair (j-1, j) reads a name the formula solves for later.
 */
export function classifyChain(
  pieces: readonly StatementPiece[],
  defined: number,
  options: { functionValue: boolean; hypothesis: boolean; known: (name: string) => boolean; solvedLater: (j: number) => boolean },
): ChainKinds {
  const kinds: (StatementKind | undefined)[] = [undefined];
  const first = pieces[0];
  const condition = options.hypothesis && defined === 0 && !first?.bareName;
  for (let j = 1; j < pieces.length; j++) {
    const L = pieces[j - 1];
    const R = pieces[j];
    const family = relationFamily(R.rel);
    let kind: StatementKind;
    // "if $|\beta| > 1$, the series diverges": an order alone introduced as a hypothesis is assumed, as an equation
    // is; one that ends a computation ("with $0.5 \times 0.6 = 0.36 < 0.32$") is its conclusion, still judged
    if (condition && pieces.length === 2 && (family === 'estimate' || family === 'other') && ORDER.test((R.rel ?? '').trim())) kind = 'condition';
    else if (family === 'estimate' || family === 'declaration' || family === 'other') kind = family;
    else if (family === 'identity') kind = 'identity';
    else if (defined > 0 && j <= defined) kind = 'definition';
    else if (condition) kind = 'condition';
    else if (options.functionValue && j === 1) kind = 'definition';
    else if (L.status === 'value' && R.status === 'value' && !options.solvedLater(j)) kind = family === 'approx' ? 'approximation' : 'claim';
    else kind = family === 'approx' ? 'approximation' : equationOrIdentity(L, R, options.known);
    kinds.push(kind);
  }
  let kind: StatementKind;
  if (kinds.includes('definition')) kind = 'definition';
  else kind = kinds.find((k) => k === 'claim' || k === 'approximation') ?? kinds[1] ?? 'expression';
  return { kinds, kind };
}

/**
 * A relation between sides that are not both computable: an identity when both sides parse, read
 * the same unknown names and neither is a bare name; otherwise an equation (a condition on, or a
 * question about, its unknowns).
 */
function equationOrIdentity(L: StatementPiece, R: StatementPiece, known: (name: string) => boolean): StatementKind {
  if (L.bareName || R.bareName) return 'equation';
  const a = unknownNames(L.node, known);
  const b = unknownNames(R.node, known);
  if (!a || !b || a.size === 0 || a.size !== b.size) return 'equation';
  for (const n of a) if (!b.has(n)) return 'equation';
  return 'identity';
}

/**
 * Prose that introduces the formula after it as an assumption: "let", "where", "suppose", "if",
 * "given", "assume", "with", "for" ("for $\\mu_1 - \\mu_2 = 3$ and $\\sigma = 1.5$ it is…"), Persian "اگر",
 * "فرض کنید", "فرض کنیم", "با فرض", "هرگاه", «برای» and «به ازای» (for), «با» (with), «که در آن»
 * (where), and "where" in the other languages of `proseCues.ts`. Only the words right before the formula
 * count ("show that $…$" introduces a claim; "for 12 layers: $…$" does too).
 */
// «با» (with) opens an assumption only where a sentence starts (`با $\mu = 0$ …`): after a verb or an
// adjective it is "to", as in «برابر است با $256 \times 2 = 512$» (is equal to), which claims
const HYPOTHESIS = new RegExp(`(?:(?:^|[\\s(,;:*_])(?:let|where|suppose|assume|assuming|given|if|with|for|provided|whenever|اگر|هرگاه|برای|به\\s+ازای|فرض\\s+کنید|فرض\\s+کنیم|با\\s+فرض|به\\s+شرط|که\\s+در\\s+آن|به\\s+طوری\\s+که|${alternation(WHERE_WORDS)})|(?:^|[\\n.:;؛!؟]\\s*)با)[\\s*_,，]*$`, 'i');

// the cue may be followed by one short verb ("otherwise set $h(x) = 1$", «caso contrário, faça»)
const OTHER_CASE = new RegExp(`(?:\\b(?:otherwise|else)\\b|در غیر این صورت|وگرنه|${alternation(OTHERWISE_WORDS)})[\\s,:;，；：]*(?:\\p{L}{1,8}[\\s:]*)?$`, 'iu');
/**
 * The words alone, anywhere: a text without one of them cannot end with the cue. Read first, as most
 * prose before a formula has none (the Unicode-aware search above costs several times more).
 */
const OTHER_CASE_WORD = new RegExp(`otherwise|else|در غیر این صورت|وگرنه|${alternation(OTHERWISE_WORDS)}`, 'i');

/** The prose just before a formula opens another case of a piecewise definition ("otherwise $h(x) = 1$", «否则», as d2l's translations write it). */
export function introducedAsOtherCase(before: string): boolean {
  const tail = before.slice(-40);
  return OTHER_CASE_WORD.test(tail) && OTHER_CASE.test(tail);
}

/**
 * The next item of a list of assumptions: only "and" (and «و») between two inline formulas, the second a
 * value given to a name (`With $\mu = 0$ and $\sigma^2 = 0.5$`). A comma does not continue it: "With
 * $h = 8$, $d/h = 64$" claims the second.
 */
export function continuesList(between: string, content: string): boolean {
  return /^\s*(?:,\s*)?(?:and|و)\s*$/i.test(between) && /^\s*(?:\\[A-Za-z]+\s*\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z])(?:\s*[_^]\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]))*\s*=\s*[-−]?[\d۰-۹][\d۰-۹.,٫]*\s*$/.test(content);
}

/** Whether the prose just before a formula (`before`, up to its opening delimiter) introduces it as an assumption. */
export function introducedAsHypothesis(before: string): boolean {
  // the words may end the line before (`…, where⏎$W^\top = W^{-1}$`), not a paragraph before
  // the whitespace ending `before`, found from the end (a `/\s*$/` search tries every position)
  let k = before.length;
  while (k > 0 && /\s/.test(before[k - 1])) k--;
  const space = before.slice(k);
  if ((space.match(/\n/g) ?? []).length > 1) return false;
  const tail = before.slice(0, before.length - space.length).slice(-40);
  const lineStart = tail.lastIndexOf('\n');
  return HYPOTHESIS.test(lineStart >= 0 ? tail.slice(lineStart + 1) : tail);
}

/**
 * Whether the node spanning [s, e) is `\frac{0}{0}` or `0/0` written out: notation naming the
 * indeterminate form, not a computation.
 */
export function dividesByWrittenZero(node: Node | undefined, s: number, e: number): boolean {
  let found = false;
  const isZero = (n: Node): boolean => (n.t === 'num' && n.v === 0) || (n.t === 'group' && isZero(n.a));
  // only 0/0 written out: a number over a written 0 (`\frac{1}{0} = 1`) is still a mistake to point at
  const walk = (n: Node): void => {
    if (found || n.s > s || n.e < e) return;
    if ((n.t === 'frac' || (n.t === 'bin' && (n.op === '/' || n.op === 'div'))) && n.s === s && n.e === e && isZero(n.a) && isZero(n.b)) {
      found = true;
      return;
    }
    someField(n, walk);
  };
  if (node) walk(node);
  return found;
}
