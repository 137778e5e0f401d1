/**
 * The symbolic-step pass over a document's analysis: it reads every statement in order, keeps the
 * document's own definitions (`z_t = W h_{t-1} + U x_t`, `\hat y = \sigma(o)`) and recurrences
 * (`h_t = n_t - h_{t-1}`), and judges the `=` steps of derivations with them (`judge.ts`). What it
 * treats as a claim:
 * - every later pair of a chain `A = B = C` (B = C; A = B too when A is already known);
 * - a known left side restated after `\Rightarrow` (or a member of a recurrence, `h_1 = n_1 - h_0`);
 * - a line that starts with `=`, continuing the previous formula's last expression.
 * Never judged: a name's first statement (a definition), equations to solve (a constant side),
 * `\approx` and inequalities, and anything the parser or the instance cannot read.
 */
import { paragraphsWith } from '../markdown/paragraphs';
import { alternation, WHERE_WORDS } from '../markdown/proseCues';
import type { DocumentAnalysis, FormulaInfo, PieceInfo } from '../document/model';
import { ungroup, type Node } from '../syntax/ast';
import { printNode } from '../syntax/print';
import { hasRole } from '../syntax/vocabulary';
import type { Finding, TextEdit } from '../types';
import type { FoundRecurrence } from '../bptt/types';
import { closedFormLatex } from '../bptt/derive';
import { readFormula } from '../syntax/formula';
import { message, msg, type Lang } from '../messages';
import { Definition, FunctionDefinition, Knowledge, hashText, type Constraint, indexLetters, isIndexExpr, forChildren, runTogetherLetters, type WrittenNames } from './instance';
import { readPiece } from '../syntax/parser';
import { tokenize } from '../syntax/tokens';
import { normalizeDigits } from '../markdown/digits';
import { DOCUMENT_WORK, DOCUMENT_WORK_PER_FORMULA, FORMULA_WORK, judgeStep, stepFails, stepHolds, type StepVerdict } from './judge';
import { displayName, fmtStepValue as fmt } from './counterexample';
import { ShapeDeclarations, type DeclaredShapes } from './declaredShapes';
import { ScopedMap, type ScopeRules } from '../document/scope';
import { sectionPath } from '../document/sections';

type Sym = Extract<Node, { t: 'sym' }>;
/** A piece judged as another node than the one written (`y_T` judged as the y just defined). */
type Shown = PieceInfo & { shown?: Node };

/** Text between statements that marks the next one as a consequence of what came before. */
const CONSEQUENCE = /\\(?:Rightarrow|implies|Longrightarrow|therefore)(?![A-Za-z])/;
/** Text between statements that joins them logically: a statement next to it is not complete. */
const JOINED = /\\(?:wedge|vee|land|lor|forall|exists|in|text\s*\{\s*(?:if|for|where|when|with)\b)|\bif\b|[<>]|\\(?:le|ge|leq|geq|neq)(?![A-Za-z])/;
/**
 * A prose remark written inside the formula (`\quad \text{given}\ V = \sqrt{2As}`, `\text{dropping the constant}`):
 * the statement next to it holds under what the words say, which the engine does not read.
 */
const REMARK = /\\(?:text|textrm|textit|textbf|mbox|textnormal)\s*\{[^}]*\p{L}{2,}/u;
/** Relations after which an `=` of the same chain is loose (`(1 + x)^n \approx e^{nx} = …`): the chain is an approximation. */
const LOOSE = /^\\(?:approx|simeq|sim|propto|to|rightarrow|thickapprox|cong)$/;
/** An assignment (`v_2 \leftarrow \alpha v_1 - g`, `x := …`): a (re)definition, never a claim. */
const ASSIGN_AFTER = /\\(?:leftarrow|gets|longleftarrow)(?![A-Za-z])/;
const ASSIGN_REL = /^(?::=|\\coloneqq)$/;
/** `\Delta X_t`, `\Delta x_{k}`: Δ right before one name (with its subscript), the increment of that name. */
const INCREMENT_HEAD = /^\s*\\Delta\s*(?:[A-Za-z]|\\[A-Za-z]+)\s*(?:_(?:[A-Za-z0-9]|\{[^{}=]*\}))?\s*$/;
/**
 * `f(z) = …`, `E(X) = …`: a head with letters for arguments names a function the document defines
 * (or defines again for another case); the first `=` gives its body, not a claim about it.
 */
const FUNCTION_HEAD = /^\s*([A-Za-z]|\\[A-Za-z]+)\s*(?:\\left\s*)?\(\s*(?:[A-Za-z]|\\[A-Za-z]+)(?:\s*,\s*(?:[A-Za-z]|\\[A-Za-z]+))*\s*(?:\\right\s*)?\)\s*$/;
/**
 * A word label and `=` before a chain (`\text{total} = 4N + 4N + 8N = 12N`, `\text{جمع} = …`): the label
 * names the quantity, as a name would (`T = 4N + 4N + 8N = 12N`), so the chain's `=` is a step.
 */
const LABEL_BEFORE = /\\(?:text|textrm|textbf|mathrm)\s*\{[^{}$]{1,24}\}\s*&?\s*=\s*&?\s*$/;
/** Notation that makes a piece mean something other than its scalar reading (`\mathbf{1}` is a vector of ones). */
const VECTOR_CONSTANT = /\\(?:mathbf|boldsymbol|bm|mathbb)\s*\{?\s*[01]\b/;

/**
 * A piece the judge reads again in its own mode (`ParseLimits.derivatives`): a derivative (`\frac{d}{dz}`,
 * `\frac{\partial \hat y}{\partial o}`, `f'(x)`, `f^{\prime}(x)`), a function letter with an index before
 * parentheses (`h_t(1 - h_t)`: a state times a sum there, `P_\theta(x)` still a function), or one closing
 * braces before them (`a \mathbf{b f}(x)`: the braces are not printed, f is applied).
 */
const REREAD_MARK = /\\[dtc]?frac\s*\{\s*(?:d|\\partial)|'|\\prime(?![A-Za-z])|(?<![\\A-Za-z])[fghFGHLJP](?:_(?:\{[^{}]*\}|\\?[A-Za-z0-9]+)|\s*\})\s*(?:\\left\s*)?\(/;
/** `f(x, y)` → its parameters. */
const HEAD_PARAMS = /\(([^()]*?)(?:\\right\s*)?\)\s*$/;

/**
 * The document's definitions hold where its numeric values and declared shapes hold (`document/scope.ts`):
 * in their section and its subsections until redefined; nothing crosses into another problem (a
 * question, an exercise), and a name the document gives several meanings is forgotten when its
 * section ends. (`L` is the cross-entropy in question 2 and a squared error in question 6.)
 */
interface DocState {
  defs: ScopedMap<Definition>;
  /** Functions the document defines by a letter (`f(x) = x^2 + 3x`). */
  functions: ScopedMap<FunctionDefinition>;
  /** Letters the document defines as functions more than once (a list of activations, each `f(z) = …`). */
  redefined: Set<string>;
  families: ScopedMap<Definition>;
  unknown: ScopedMap<true>;
  /** Equations of an expression and a constant stated so far (`\sum_i \alpha_i = 1`), by the expression as printed. */
  constraints: ScopedMap<Constraint>;
  integers: Set<string>;
  superscripts: Set<string>;
  binary: Set<string>;
  labelled: Set<string>;
  /** The recurrences BPTT reads in the document: their closed forms are offered as fixes. */
  recurrences: readonly FoundRecurrence[];
  /** Shapes declared where the formula is (`A \in \mathbb{R}^{n \times n}`), none while the document declares none. */
  shapes?: DeclaredShapes;
  /** What the whole document writes about names (for letters run together, `Wh_{t-1}`). */
  written: WrittenNames;
  /** Formulas whose every piece is read and reads no name (numbers only), found by `documentNames`. */
  numeric: ReadonlySet<FormulaInfo>;
  /** The last expression of the previous formula, for a line that starts with `=`. */
  lastPiece?: PieceInfo;
  /** Where the previous formula ends (its closing delimiter included). */
  lastEnd?: number;
  /** The previous formula's last expression was itself found wrong (the right side of a failing step). */
  lastWrong?: boolean;
  /** Work left for the document's steps (`judge.ts`). */
  work: { left: number };
  /** Names the prose right after the formula defines in words (`where $\bar x_0$ is the minimizer`), read when asked. */
  namedAfter?: () => ReadonlySet<string> | undefined;
  /**
   * The previous formula ended solving an equation (`\frac{k}{p} - \frac{n-k}{1-p} = 0`): a formula that
   * starts with `\Rightarrow` goes on solving it (`\Rightarrow k(1 - p) = (n - k)p`), as on one line.
   */
  solvingBefore?: boolean;
}

/** Finds wrong symbolic steps; pauses after each formula. */
export function* symbolicStepsPass(analysis: DocumentAnalysis, text: string, lang: Lang): Generator<void, Finding[], void> {
  // what the whole document says first, with pauses between (a long answer's re-check stays sliced)
  const redefined = redefinedFunctions(analysis);
  yield;
  const { integers, written, numeric } = yield* documentNames(analysis);
  const superscripts = superscriptIndices(analysis);
  yield;
  const binary = binaryNames(analysis, text);
  const labelled = labelledNames(analysis);
  yield;
  const rules: ScopeRules = { problem: (id) => analysis.sections[id].problem, reused: (name) => (analysis.definitions.get(name) ?? 0) > 1 };
  const state: DocState = {
    defs: new ScopedMap(rules),
    functions: new ScopedMap(rules),
    redefined,
    work: { left: DOCUMENT_WORK + DOCUMENT_WORK_PER_FORMULA * analysis.formulas.length },
    families: new ScopedMap(rules),
    unknown: new ScopedMap(rules),
    constraints: new ScopedMap(rules),
    integers,
    superscripts,
    binary,
    labelled,
    written,
    numeric,
    recurrences: analysis.recurrences,
  };
  const out: Finding[] = [];
  const declarations = new ShapeDeclarations(analysis, text);
  yield;
  // each section's path (document … section), made once: the formulas of a section share it
  const paths: (readonly number[])[] = [];
  // the names the prose after the current formula defines in words, read once a step of it is judged
  let current = -1;
  let namedFor = -2;
  let named: ReadonlySet<string> | undefined;
  state.namedAfter = () => {
    if (namedFor !== current) {
      named = namedInWordsAfter(analysis, current, text);
      namedFor = current;
    }
    return named;
  };
  const scopedMaps = [state.defs, state.functions, state.families, state.unknown, state.constraints];
  const posed = posedConstraints(analysis);
  const entered = new Set<number>();
  for (let i = 0; i < analysis.formulas.length; i++) {
    const f = analysis.formulas[i];
    const path = (paths[f.section] ??= sectionPath(analysis.sections, f.section));
    state.shapes = declarations.at(f, path);
    for (const scoped of scopedMaps) scoped.enter(path);
    if (!entered.has(f.section)) {
      entered.add(f.section);
      for (const c of posed.get(f.section) ?? []) state.constraints.set(c.key, c);
    }
    if (f.ignored) {
      state.lastPiece = undefined;
      state.lastEnd = undefined;
      state.solvingBefore = false;
      continue;
    }
    current = i;
    const found = formulaSteps(f, text, state, lang);
    // σ′(z)(1 − σ′(z)) has its own finding with a fix: the step around it is not reported twice
    if (found.length) {
      const slips = f.findings.filter((x) => x.code === 'sigma-prime-slip');
      for (const x of found) if (!slips.some((s) => s.range.start < x.range.end && x.range.start < s.range.end)) out.push(x);
    }
    yield;
  }
  return out;
}

/**
 * Prose right after a formula that goes on to say what a name in it is ("where", «که در آن», «其中»),
 * up to the inline formula it names.
 */
const WHERE_AFTER = new RegExp(`^[\\s,.;:)]*(?:where|here|in which|که در آن|که|${alternation(WHERE_WORDS)})\\s*$`, 'iu');

/**
 * The names a formula's next sentence defines in words: `…= \Lambda(\bar x - \bar x_0),` then "where
 * $\bar{x}_0$ is the minimizer of f" (d2l). A step that reads such a name on one side only rests on
 * what the words say, not on an identity of the names; none when no such sentence follows.
 */
function namedInWordsAfter(analysis: DocumentAnalysis, i: number, text: string): ReadonlySet<string> | undefined {
  const f = analysis.formulas[i];
  const next = analysis.formulas[i + 1];
  if (!next || next.span.display || !WHERE_AFTER.test(text.slice(f.span.end, next.span.start))) return undefined;
  const names = new Set<string>();
  const walk = (n: Node) => {
    if (n.t === 'sym') names.add(n.name);
    forChildren(n, walk);
  };
  // the inline formulas of that sentence (`where $a$ and $b$ are …`)
  for (let j = i + 1; j < analysis.formulas.length; j++) {
    const g = analysis.formulas[j];
    if (g.span.display || (j > i + 1 && /[.。؟?!]\s|\n\s*\n/.test(text.slice(analysis.formulas[j - 1].span.end, g.span.start)))) break;
    for (const c of g.chains) for (const p of c.pieces) if (p.node) walk(p.node);
  }
  return names.size ? names : undefined;
}

/** What the pass needs to know of a tree as a whole, read in one walk and kept with the tree (trees are cached across edits). */
interface TreeFacts {
  /** It reads a name (a constant tree is a number: an equation's side or a numeric claim). */
  free: boolean;
  /** Letters it uses as indices or bounds (`t` in `h_{t-1}`, `T` in `\sum_{i=1}^T`). */
  indices: string[];
  /** Letters it writes on their own without a script (`W` of `(1 - h_t^2) W`). */
  letters: string[];
  /** Letters it writes on their own with an index (`x` of `x_t`): sequences. */
  sequences: string[];
  /** Names it differentiates by (`x` of `\partial x`). */
  variables: string[];
  /** Letters a Σ or Π binds, and the index letters under a name it differentiates by (`i` of `\partial x_i`). */
  bound: string[];
  /** Names it writes at step 0 (`h` of `h_0`): the start of a sequence. */
  starts: string[];
  /** Bases it writes with a subscript (`x` of `x_i`, `\\hat{y}` of `\\hat y_2`). */
  subscripted: string[];
}
const treeFacts = new WeakMap<Node, TreeFacts>();
/** The one empty list of letters that trees without any share (frozen: nothing adds to it). */
const NONE = Object.freeze([]) as unknown as string[];
/** The facts of every tree that reads no name, sums nothing and differentiates nothing (a number: most trees of a numeric answer). */
const CONSTANT_FACTS: TreeFacts = Object.freeze({ free: false, indices: NONE, letters: NONE, sequences: NONE, variables: NONE, bound: NONE, starts: NONE, subscripted: NONE }) as TreeFacts;
/** A constant tree of at most this many nodes is walked again rather than kept in `treeFacts` (walking it costs less). */
const SMALL_TREE = 64;
function factsOfTree(n: Node): TreeFacts {
  let facts = treeFacts.get(n);
  if (facts) return facts;
  // a tree of numbers (most trees of a numeric answer) is found by a walk that allocates nothing
  if (readsNothing(n)) {
    if (counted > SMALL_TREE) treeFacts.set(n, CONSTANT_FACTS);
    return CONSTANT_FACTS;
  }
  let nodes = 0;
  // the sets are made once something goes in them: a constant tree needs none
  let indices: Set<string> | undefined;
  let letters: Set<string> | undefined;
  let sequences: Set<string> | undefined;
  let variables: Set<string> | undefined;
  let bound: Set<string> | undefined;
  let starts: Set<string> | undefined;
  let subscripted: Set<string> | undefined;
  let free = false;
  const walk = (x: Node) => {
    if (x.t === 'sym') {
      free = true;
      if (x.sub) (subscripted ??= new Set()).add(x.base);
      if (x.sub?.t === 'num' && x.sub.v === 0) (starts ??= new Set()).add(x.base);
      if (x.name === x.base && /^[A-Za-z]$/.test(x.base)) (letters ??= new Set()).add(x.base);
      if (x.sub && isIndexExpr(x.sub)) {
        indexLetters(x.sub, (indices ??= new Set()));
        if (/^[A-Za-z]$/.test(x.base)) (sequences ??= new Set()).add(x.base);
      }
    }
    if (x.t === 'series') {
      (indices ??= new Set()).add(x.v);
      (bound ??= new Set()).add(x.v);
      for (const b of [x.from, x.to]) if (isIndexExpr(b)) indexLetters(b, indices);
    }
    if (x.t === 'deriv') {
      (variables ??= new Set()).add(x.wrt.name);
      if (x.wrt.sub && isIndexExpr(x.wrt.sub)) indexLetters(x.wrt.sub, (bound ??= new Set()));
    }
    nodes++;
    forChildren(x, walk);
  };
  walk(n);
  if (!free && !indices && !letters && !sequences && !variables && !bound && !starts && !subscripted) {
    if (nodes > SMALL_TREE) treeFacts.set(n, CONSTANT_FACTS);
    return CONSTANT_FACTS;
  }
  const list = (s: Set<string> | undefined) => (s?.size ? [...s] : NONE);
  facts = { free, indices: list(indices), letters: list(letters), sequences: list(sequences), variables: list(variables), bound: list(bound), starts: list(starts), subscripted: list(subscripted) };
  treeFacts.set(n, facts);
  return facts;
}

/** Nodes {@link readsNothing} visited, and whether one was a name, a Σ/Π or a derivative (it is not reentered). */
let counted = 0;
let named = false;
const countNode = (x: Node): void => {
  if (named) return;
  counted++;
  if (x.t === 'sym' || x.t === 'series' || x.t === 'deriv') named = true;
  else forChildren(x, countNode);
};
/** No name, Σ/Π or derivative in the tree: {@link factsOfTree} finds nothing in it (`counted`: its nodes). */
function readsNothing(n: Node): boolean {
  counted = 0;
  named = false;
  countNode(n);
  return !named;
}

/**
 * What the whole document writes about names, read in one walk: the names that index or bound
 * something (`t` in `h_{t-1}`, `T` in `\sum_{i=1}^T`: small integers), and the evidence for letters run
 * together (`written`): letters and sequences written on their own, variables of derivatives, and the runs the
 * document defines or declares as one name (`Wh = …`, `Wh \in \mathbb{R}^n`).
 */
function* documentNames(analysis: DocumentAnalysis): Generator<void, { integers: Set<string>; written: WrittenNames; numeric: Set<FormulaInfo> }, void> {
  const integers = new Set<string>();
  const letters = new Set<string>();
  const sequences = new Set<string>();
  const variables = new Set<string>();
  const bound = new Set<string>();
  const starts = new Set<string>();
  const numeric = new Set<FormulaInfo>();
  let read = 0;
  for (const f of analysis.formulas) {
    if (++read % 300 === 0) yield;
    // every piece read and none reads a name: numbers only (`formulaChains` skips it)
    let constant = true;
    for (const c of f.chains) {
      for (const p of c.pieces) {
        // `\frac{\partial}{\partial x_j}`: an index written only inside a derivative is an index too
        const node = p.node ?? withDerivatives(p).node;
        if (!node || !p.node) constant = false;
        if (!node) continue;
        const facts = factsOfTree(node);
        if (facts.free) constant = false;
        if (facts === CONSTANT_FACTS) continue;
        for (const l of facts.indices) integers.add(l);
        for (const l of facts.letters) letters.add(l);
        for (const l of facts.sequences) sequences.add(l);
        for (const v of facts.variables) variables.add(v);
        for (const l of facts.bound) bound.add(l);
        for (const b of facts.starts) starts.add(b);
      }
    }
    if (constant) numeric.add(f);
  }
  const words = new Set<string>();
  const word = (name: string) => {
    const w = /^[A-Za-z]{2,}(?=$|[_^])/.exec(name)?.[0];
    if (w) words.add(w);
  };
  for (const name of analysis.definitions.keys()) word(name);
  for (const name of analysis.variables.keys()) word(name);
  for (const fs of analysis.shapes.formulas) for (const p of fs?.pieces ?? []) if (p.kind === 'declaration') p.names.forEach(word);
  return { integers, written: { letters, sequences, variables, words, bound, starts }, numeric };
}

/**
 * Letters a document writes as steps in superscripts: the left side of a statement raised to a letter
 * (`f^t = \sigma(W x^t + U h^{t-1})`: nobody defines a power of a name; `x^{(t)}` the parser already
 * reads as a name). Powers elsewhere (`a^{n-1}`, `(-1)^{T-i}`) stay powers.
 */
function superscriptIndices(analysis: DocumentAnalysis): Set<string> {
  const names = new Set<string>();
  for (const f of analysis.formulas) {
    for (const c of f.chains) {
      const head = c.pieces[0]?.node;
      if (c.pieces.length < 2 || c.pieces[1].rel !== '=' || head?.t !== 'pow') continue;
      let a = head.a;
      while (a.t === 'group') a = a.a;
      if (a.t === 'sym' && isIndexExpr(head.b)) indexLetters(head.b, names);
    }
  }
  for (const n of [...names]) if (!/^[A-Za-z]$/.test(n)) names.delete(n);
  return names;
}

/** Names the document writes with a superscript 1, a label the parser keeps in the name (`z_{<t}^{1}`). */
function labelledNames(analysis: DocumentAnalysis): Set<string> {
  const names = new Set<string>();
  const walk = (n: Node) => {
    if (n.t === 'sym' && n.name.endsWith('^{1}')) names.add(n.name.slice(0, -4));
    forChildren(n, walk);
  };
  for (const f of analysis.formulas) for (const c of f.chains) for (const p of c.pieces) if (p.node) walk(p.node);
  return names;
}

/** Words saying a name only takes 0 or 1 (English and Persian). */
const BINARY_WORDS = /one[\s-]?hot|indicator|\bbinary\b|\b0\s*(?:\/|-|or)\s*1\b|وان[\s\u200c-]?هات|یک[\s\u200c-]?داغ|نشانگر|دودویی|صفر\s*و\s*یک/i;

/**
 * Bases of the short formulas in a paragraph whose prose says they are one-hot, indicators or 0/1
 * (`$\mathbf{y}$ is a one-hot vector, $y_i = 1$ only for the true class`).
 */
function binaryNames(analysis: DocumentAnalysis, text: string): Set<string> {
  const names = new Set<string>();
  const paragraphs = paragraphsWith(text, BINARY_WORDS);
  if (!paragraphs.length) return names;
  const walk = (n: Node) => {
    if (n.t === 'sym') names.add(n.base).add(plainBase(n.base));
    forChildren(n, walk);
  };
  for (const f of analysis.formulas) {
    if (f.span.display || f.span.content.length > 40) continue;
    if (!paragraphs.some(([a, b]) => f.span.start >= a && f.span.end <= b)) continue;
    for (const c of f.chains) for (const p of c.pieces) if (p.node) walk(p.node);
  }
  return names;
}

/** `\mathbf{y}` → y: the letter a style only decorates. */
function plainBase(base: string): string {
  return base.replace(/^\\(?:mathbf|boldsymbol|bm|vec|pmb)\{(.+)\}$/, '$1');
}

/**
 * Does the expression read a written-out entry (`\hat y_2`, or `y_i` under `\sum_{i=1}^{3}`) of a name the
 * document gives a vector or matrix value here? An entry at a symbolic index (`x_i` under `\sum_{i=1}^{m}`)
 * is a general term, judged as before.
 */
function readsEntryOfVector(n: Node, f: FormulaInfo): boolean {
  // none of the bases it writes with a subscript has a vector or matrix value here: no entry of one is read
  if (!factsOfTree(n).subscripted.some((base) => hasArrayValue(f, base))) return false;
  let found = false;
  const numeric = new Set<string>();
  const walk = (x: Node) => {
    if (found) return;
    if (x.t === 'sym' && x.sub) {
      const sub = x.sub;
      const at = sub.t === 'num' || (sub.t === 'sym' && !sub.sub && numeric.has(sub.name));
      const v = at ? f.scope.get(x.base)?.value : undefined;
      if (v !== undefined && typeof v !== 'number') found = true;
    }
    if (x.t === 'series' && x.from.t === 'num' && x.to.t === 'num' && !numeric.has(x.v)) {
      numeric.add(x.v);
      forChildren(x, walk);
      numeric.delete(x.v);
      return;
    }
    forChildren(x, walk);
  };
  walk(n);
  return found;
}

function hasArrayValue(f: FormulaInfo, base: string): boolean {
  const v = f.scope.get(base)?.value;
  return v !== undefined && typeof v !== 'number';
}

/** Does the expression read the name (`i` in `2i + 1`)? */
function readsName(n: Node, name: string): boolean {
  let found = false;
  const walk = (x: Node) => {
    if (found) return;
    if (x.t === 'sym') found = x.name === name;
    else forChildren(x, walk);
  };
  walk(n);
  return found;
}

function asSym(n: Node | undefined): Sym | undefined {
  while (n && n.t === 'group') n = n.a;
  return n?.t === 'sym' ? n : undefined;
}

/** `h_t` → t with offset 0, `h_{t+1}` → t with offset 1: the pattern of a family definition. */
function familyParam(s: Sym): { v: string; offset: number } | undefined {
  const sub = s.sub;
  if (!sub) return undefined;
  if (sub.t === 'sym' && !sub.sub && /^[a-zA-Z]$/.test(sub.name)) return { v: sub.name, offset: 0 };
  if (sub.t === 'bin' && (sub.op === '+' || sub.op === '-') && sub.a.t === 'sym' && !sub.a.sub && /^[a-zA-Z]$/.test(sub.a.name) && sub.b.t === 'num' && Number.isInteger(sub.b.v)) {
    return { v: sub.a.name, offset: sub.op === '+' ? sub.b.v : -sub.b.v };
  }
  return undefined;
}

/**
 * A family over one letter (`q_y = …`) contradicted by a statement over another letter (`q_k = …`):
 * two particular members, each named by its letter (a class label and the other classes, `y_c` and
 * `y_k` of a one-hot vector), rather than the family redefined. Offsets (`h_{t+1}`) are a recurrence's.
 */
function twoLetterMembers(fam: Definition, param: { v: string; offset: number }): boolean {
  return !!fam.param && fam.param.offset === 0 && param.offset === 0 && fam.param.v !== param.v;
}

function isConstant(n: Node): boolean {
  return !factsOfTree(n).free;
}

/** Pieces read again with derivatives, once per piece. */
const reread = new WeakMap<PieceInfo, PieceInfo>();
/**
 * The trees of those readings by the piece's text (null: not readable with derivatives either), so
 * that a text written in several places is read once and its places share one tree, as the formula
 * cache's trees are shared (the facts kept with a tree are then found again). Bounded.
 */
const rereadTrees = new Map<string, Node | null>();
const REREAD_TREES = 5_000;

/**
 * A piece the front end did not read because it holds a derivative or a letter applied (`f'(x)`),
 * read again for this judge only (`ParseLimits.derivatives`); any other piece as it is.
 */
function withDerivatives(p: PieceInfo): PieceInfo {
  if (p.node || !REREAD_MARK.test(p.source)) return p;
  let out = reread.get(p);
  if (out) return out;
  let node = rereadTrees.get(p.source);
  if (node === undefined) {
    node = null;
    try {
      const read = readPiece(tokenize(normalizeDigits(p.source)), { maxMatrixElements: 1000, maxDepth: 200, derivatives: true });
      if (!read.refusal) node = read.node;
    } catch {
      // not readable with derivatives either: the piece stays without a tree
    }
    if (rereadTrees.size >= REREAD_TREES) rereadTrees.clear();
    rereadTrees.set(p.source, node);
  }
  out = node ? { ...p, node } : p;
  reread.set(p, out);
  return out;
}

function rereadChain(pieces: PieceInfo[]): PieceInfo[] {
  let out: PieceInfo[] | undefined;
  pieces.forEach((p, j) => {
    const q = withDerivatives(p);
    if (q !== p) (out ??= pieces.slice())[j] = q;
  });
  return out ?? pieces;
}

/** `\frac{d}{dz}\sigma(z)`, `\frac{\partial \hat y}{\partial o}`, `f'(x)`, `\sigma'(z)`: a side that is a derivative. */
function isDerivative(n: Node | undefined): boolean {
  while (n && (n.t === 'group' || n.t === 'neg')) n = n.a;
  return !!n && (n.t === 'deriv' || ((n.t === 'apply' || n.t === 'call') && n.prime > 0));
}

function formulaSteps(f: FormulaInfo, text: string, st: DocState, lang: Lang): Finding[] {
  const out: Finding[] = [];
  // this formula's share of the document's work: one slice of a re-check stays short
  const work = { left: Math.min(FORMULA_WORK, st.work.left) };
  const start = work.left;
  try {
    formulaChains(f, text, st, lang, out, work);
  } finally {
    st.work.left -= start - Math.max(0, work.left);
  }
  return out;
}

/** What a formula's steps are judged with: the document's state where the formula is. */
class FormulaKnowledge implements Knowledge {
  readonly functions: Knowledge['functions'];
  readonly defs: Knowledge['defs'];
  readonly families: Knowledge['families'];
  readonly integers: Knowledge['integers'];
  readonly unknown: Knowledge['unknown'];
  readonly superscripts: Knowledge['superscripts'];
  readonly binary: Knowledge['binary'];
  readonly labelled: Knowledge['labelled'];
  readonly shapes: Knowledge['shapes'];
  readonly written: Knowledge['written'];
  private known?: Map<string, number>;
  constructor(
    private readonly st: DocState,
    private readonly f: FormulaInfo,
  ) {
    this.functions = st.functions;
    this.defs = st.defs;
    this.families = st.families;
    this.integers = st.integers;
    this.unknown = st.unknown;
    this.superscripts = st.superscripts;
    this.binary = st.binary;
    this.labelled = st.labelled;
    this.shapes = st.shapes;
    this.written = st.written;
  }
  /** The equations stated so far, this formula's own included (`… = p_1 + p_2 + p_3 = 1`), read when a step fails. */
  get constraints(): Knowledge['constraints'] {
    return this.st.constraints.size ? [...this.st.constraints.values()] : undefined;
  }
  /**
   * The document's numbers known here, read from the scope only once a step is judged (most formulas
   * of a numeric answer have none, and the scope holds every variable of the document).
   */
  get numbers(): Map<string, number> {
    if (!this.known) {
      this.known = new Map();
      for (const [name, v] of this.f.scope) if (typeof v.value === 'number') this.known.set(name, v.value);
    }
    return this.known;
  }
}

function formulaChains(f: FormulaInfo, text: string, st: DocState, lang: Lang, out: Finding[], work: { left: number }): void {
  const { content, contentStart } = f.span;
  // a formula that starts with `=` right below the previous one (nothing but space between) continues it;
  // after words (`differentiating:`) the `=` may continue something else
  const continues = /^\s*&?\s*=/.test(content) && st.lastEnd !== undefined && /^[\s$]*$/.test(text.slice(st.lastEnd, f.span.start));
  st.lastEnd = f.span.end;
  const solvingBefore = st.solvingBefore === true;
  st.solvingBefore = false;
  // numbers only (a numeric claim, an equation of constants): no step, no definition; it is only the
  // expression a next line starting with `=` continues
  if (!(continues && st.lastPiece) && st.numeric.has(f)) {
    const lastChain = f.chains.length ? f.chains[f.chains.length - 1] : undefined;
    st.lastPiece = lastChain?.pieces.length ? lastChain.pieces[lastChain.pieces.length - 1] : undefined;
    st.lastWrong = false;
    return;
  }
  const know = new FormulaKnowledge(st, f);
  // after an equation (`\sigma(z) = \frac12`), what follows a `\Rightarrow` is solving it, not a derivation,
  // also in the next formula when it starts with the `\Rightarrow`
  let solving = false;
  /** Where the right side of the latest failing step ends. */
  let wrongEnd: number | undefined;
  let previousDefinition: string | undefined;
  let prevEnd = contentStart;
  /** `v_2 \leftarrow`: the name the next chain is assigned to. */
  let assignTo: PieceInfo | undefined;
  for (let c = 0; c < f.chains.length; c++) {
    const chain = f.chains[c];
    const before = content.slice(prevEnd - contentStart, chain.range.start - contentStart);
    const afterEnd = (f.chains[c + 1]?.range.start ?? f.span.contentEnd) - contentStart;
    const after = content.slice(chain.range.end - contentStart, afterEnd);
    prevEnd = chain.range.end;
    const written = rereadChain(chain.pieces);
    let pieces = written;
    // `$$= …$$` on its own line: the `=` the parser dropped joins it to the previous formula's last expression,
    // unless that expression was just found wrong (the next line follows from the right one, and the slip
    // is already shown where it is)
    if (c === 0 && continues && st.lastPiece && !st.lastWrong && pieces[0] && !/\S/.test(before.replace(/[&=]/g, ''))) pieces = [st.lastPiece, { ...pieces[0], rel: pieces[0].rel ?? '=' }, ...pieces.slice(1)];
    const assigned = assignTo;
    assignTo = undefined;
    if (assigned && pieces[0]) pieces = [assigned, { ...pieces[0], rel: ':=' }, ...pieces.slice(1)];
    else if (pieces.length === 1 && asSym(pieces[0].node) && ASSIGN_AFTER.test(after)) {
      assignTo = pieces[0];
      continue;
    }
    // `\sum_{i=1}^N \alpha_i = 1`, also assumed ("where …"): a fact the steps may use
    noteConstraints(st, pieces);
    // a statement introduced as a hypothesis ("where $W^\top = W^{-1}$") is assumed, not claimed
    if (chain.kind === 'condition') continue;
    const consequence = CONSEQUENCE.test(before) || pieces !== written;
    if (c === 0 && solvingBefore && CONSEQUENCE.test(before)) solving = true;
    // a word label before the chain names it (`\text{total} = …`); other words there are a remark it holds under
    const labelled = LABEL_BEFORE.test(before);
    const readable = !JOINED.test(before) && !JOINED.test(after) && (labelled || !REMARK.test(before)) && !pieces.some((p) => VECTOR_CONSTANT.test(p.source));
    // `x_1 = x_2 = \cdots = x_n = \frac{1}{n}`, `w_1 = w_2 = w_{tied}`: bare names (and elisions) at the start of a
    // chain are all named by what follows them, so a name of that run with no definition is given that value
    // there, not claimed about (one that has a definition, or a value that reads a name of the run, still is)
    let run = 0;
    while (run < pieces.length && (asSym(pieces[run].node) || (!pieces[run].node && pieces[run].tree?.t === 'dots')) && (run === 0 || pieces[run].rel === '=')) run++;
    const runNames = pieces.slice(0, run).flatMap((p) => asSym(p.node)?.name ?? []);
    const namedInRun = (j: number, R: Node): boolean => {
      const name = j >= 1 && j < run && run >= 2 ? asSym(pieces[j].node) : undefined;
      return !!name && !st.defs.has(name.name) && !st.families.has(name.base) && !runNames.some((n) => readsName(R, n));
    };
    /** The formula's text after piece j, up to the next piece or the next statement. */
    const noteAfter = (j: number) => {
      const from = pieces[j].range.end - contentStart;
      const to = j + 1 < pieces.length ? pieces[j + 1].range.start - contentStart : afterEnd;
      return from >= 0 && to >= from ? content.slice(from, to) : '';
    };
    /**
     * Judges the chain's steps from piece `from` on. `probe`: the first step decides whether the chain
     * restates a known name or defines it again; when it fails, what the chain's steps would say is
     * dropped, so neither its verdict's fix nor the later steps are worked out (the steps' other effect,
     * an equation met, still is). Returns whether the first step judged failed.
     */
    const judgeFrom = (from: number, probe = false): boolean => {
      let firstFailed = false;
      if (!readable || (consequence && solving)) return firstFailed;
      /** The left side of the step just found wrong: the last expression the chain had right. */
      let beforeSlip: PieceInfo | undefined;
      for (let j = from; j + 1 < pieces.length; j++) {
        const L = pieces[j];
        const R = pieces[j + 1];
        const slipBefore = beforeSlip;
        beforeSlip = undefined;
        if (R.rel !== '=' || !L.node || !R.node) continue;
        if (namedInRun(j, R.node)) continue;
        // after `\approx` the chain is an approximation: its later `=` are as loose
        if (pieces.slice(1, j + 1).some((p) => LOOSE.test((p.rel ?? '').trim()))) continue;
        // a remark on the line of the step (`&= … \quad \text{dropping the constant}`): it holds under the words
        if (REMARK.test(noteAfter(j + 1))) continue;
        // entries of a vector the document writes out (`y = [0, 1, 0]`, then `-\sum_i y_i \log \hat y_i = -\log \hat y_2`):
        // whether y_1 is its first entry or its second is the writer's convention, not the engine's to guess
        if (readsEntryOfVector(L.node, f) || readsEntryOfVector(R.node, f)) continue;
        // a name the next sentence defines in words ("where $\bar x_0$ is the minimizer"), read by one side only
        const namedAfter = st.namedAfter?.();
        if (namedAfter && [...namedAfter].some((name) => readsName(L.node!, name) !== readsName(R.node!, name))) continue;
        // a constant side: an equation to solve (`x^2 - 3x + 2 = 0`), or a numeric claim judged elsewhere
        if (isConstant(L.node) || isConstant(R.node)) {
          solving = true;
          continue;
        }
        if (firstFailed) continue;
        const seed = hashText(L.source + '=' + R.source);
        if (probe && j === 0) {
          firstFailed = stepFails(L.node, R.node, know, seed, work);
          continue;
        }
        const v = judgeStep(L.node, R.node, know, seed, work);
        if (v) {
          // the step after a wrong one that comes back to what the chain had before the slip (`A = B = C`
          // with B mistyped and C = A): the slip is B's, shown once
          if (slipBefore?.node && !stepFails(slipBefore.node, R.node, know, hashText(slipBefore.source + '=' + R.source), work)) continue;
          beforeSlip = L;
          // a step from the previous formula's last expression (`$$= …$$` on its own line), or a row of an
          // aligned derivation (`\\ &= …`), is shown on its own line: the row written wrong, not the one before
          const ownLine = L.range.start < contentStart || content.slice(L.range.end - contentStart, R.range.start - contentStart).includes('\n');
          out.push(finding(L, R, v, lang, closedFormFix(L, R, v, know, st.recurrences, lang) ?? primeFix(L, R, know, f.span, lang), ownLine ? R.range.start : undefined));
          wrongEnd = R.range.end;
        }
      }
      return firstFailed;
    };

    const lhs = asSym(pieces[0]?.node);
    const first = pieces[1];
    if (pieces.length >= 2 && lhs && first && ASSIGN_REL.test(first.rel ?? '')) {
      // an assignment defines its name again, whatever it was
      define(st, lhs, pieces, first, familyParam(lhs));
      judgeFrom(1);
      continue;
    }
    const solved = f.chains[c - 1];
    if (pieces.length >= 2 && lhs && first?.rel === '=' && consequence && pieces === written && !st.families.has(lhs.base) && solved?.kind === 'equation' && solved.pieces.some((p) => !!p.node && readsName(p.node, lhs.name))) {
      // `2i + 1 = n - 1 \Rightarrow i = (n - 2)/2`: solving the equation before for a name, which may have
      // had another value in another case; what follows is judged with the solution
      define(st, lhs, pieces, first, familyParam(lhs));
      judgeFrom(1);
      continue;
    }
    // `x_k = 1, \; x_1 = \cdots = x_{k-1} = x_{k+1} = \cdots = x_n = 0`: members of a base named together with a
    // value, beside a constant `x_k = 1` read as a family: that was one member (some k), not every member
    if (run >= 2 && lhs?.sub && pieces.slice(0, run).every((p) => !p.node || asSym(p.node)?.base === lhs.base)) {
      const fam = st.families.get(lhs.base);
      if (fam && isConstant(fam.body)) st.families.delete(lhs.base);
    }
    if (pieces.length >= 2 && lhs && first?.rel === '=') {
      const fam = st.families.get(lhs.base);
      const memberIndex = !!fam && isIndexExpr(lhs.sub);
      const param = familyParam(lhs);
      const known = st.defs.get(lhs.name);
      if (known || memberIndex) {
        // the same definition written again (a section restating `h_t = \tanh(z_t)`): it holds as written
        const again = known ?? (fam!.name === lhs.name ? fam : undefined);
        if (again?.text !== undefined && again.text === writtenText(first)) {
          judgeFrom(1);
          continue;
        }
        // a known name or a member of a recurrence: a claim about it when it follows from what came
        // before (`\Rightarrow`, or right after its definition); otherwise it holds, or it is a new definition
        // prose that says a member of a recurrence follows ("therefore", «بنابراین») restates it as a ⇒ does
        // (a closed form); for other names words may carry what the step rests on (`x_{ij} = x_{ji}` by symmetry)
        const restated = consequence || (c === 0 && memberIndex && followsFromProse(text, f.span.start)) || (!!known && adjacent(text, known.range.end, chain.range.start));
        if (restated) {
          judgeFrom(0);
          continue;
        }
        if (judgeFrom(0, true)) {
          if (!known && fam && param && twoLetterMembers(fam, param)) {
            // `q_y = 1 - \varepsilon + \frac{\varepsilon}{K}`, then `q_k = \frac{\varepsilon}{K}` (for k ≠ y): the
            // true class and the others, two members named by their letters, not one family written twice
            st.families.delete(lhs.base);
            st.defs.set(fam.name, { name: fam.name, base: fam.base, body: fam.body, range: fam.range, text: fam.text });
            st.unknown.delete(fam.name);
            define(st, lhs, pieces, first, undefined);
            judgeFrom(1);
          } else if (!memberIndex || param) {
            define(st, lhs, pieces, first, param);
            judgeFrom(1);
          }
        }
        continue;
      }
      if (consequence && previousDefinition && lhs.sub && lhs.base === previousDefinition && !st.defs.has(lhs.name)) {
        // `y = \sigma(10 h_T) \Rightarrow y_T = …`: the same y, now with its time written
        const alias: Shown = { ...pieces[0], node: { t: 'sym', name: lhs.base, base: lhs.base, s: lhs.s, e: lhs.e }, shown: lhs };
        pieces = [alias, ...pieces.slice(1)];
        judgeFrom(0);
        continue;
      }
      // `y_i = m x_i + c + \epsilon_i`: a model of observed data with its noise, not a definition of y: the data
      // does not move with the parameters a derivative is taken by, and \hat y is the model without the noise
      if (first.node && noiseTerm(first.node, st, f)) continue;
      // a first statement: a definition; the rest of the chain is judged with it
      define(st, lhs, pieces, first, param);
      previousDefinition = lhs.sub ? undefined : lhs.name;
      judgeFrom(1);
      continue;
    }
    // `\Delta X_t = X_t - X_{t-1} = Z_t`: Δ written before a name is that name's increment (the difference
    // operator), one quantity the chain's first statement defines, not a product with a letter Δ; the rest is judged
    if (pieces.length >= 3 && first?.rel === '=' && !consequence && INCREMENT_HEAD.test(pieces[0]?.source ?? '') && !st.defs.has('Δ')) {
      judgeFrom(1);
      continue;
    }
    // `f(z) = \tanh(z) = …`: the function's body (again) after its head; the rest is judged
    const head = functionHead(pieces[0]?.source ?? '');
    if (head && first?.rel === '=' && !consequence && !hasRole(head[1].replace(/^\\/, ''), 'function')) {
      defineFunction(st, head[1], pieces);
      judgeFrom(1);
      continue;
    }
    // `\frac{d}{dz}\sigma(z) = \sigma(z)(1 - \sigma(z))`, `f'(x) = 2x + 3`: a derivative worked out is a claim
    if (pieces.length === 2 && first?.rel === '=' && isDerivative(pieces[0].node)) {
      judgeFrom(0);
      continue;
    }
    // `\frac{1}{n}\sum_i x_i = \bar x`: a definition written the other way round
    const last = asSym(pieces[pieces.length - 1]?.node);
    if (pieces.length === 2 && last && !st.defs.has(last.name) && !st.families.has(last.base)) continue;
    if (pieces.length >= 3 || consequence || (pieces.length === 2 && labelled)) judgeFrom(0);
    if (pieces.length === 1 && pieces[0].node) st.lastPiece = pieces[0];
  }
  const lastChain = f.chains.length ? f.chains[f.chains.length - 1] : undefined;
  const lastPiece = lastChain?.pieces.length ? lastChain.pieces[lastChain.pieces.length - 1] : undefined;
  st.lastPiece = lastPiece && withDerivatives(lastPiece);
  st.lastWrong = lastPiece !== undefined && wrongEnd === lastPiece.range.end;
  st.solvingBefore = solving;
}

/**
 * Letters the document defines as functions more than once: `f(z) = \frac{1}{1+e^{-z}}`, then
 * `f(z) = \tanh(z)`, then `f'(z) = 1 - f(z)^2` under the tanh bullet; which one a later `f'` means
 * is in the prose, so none is used.
 */
function redefinedFunctions(analysis: DocumentAnalysis): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const f of analysis.formulas) {
    for (const c of f.chains) {
      if (c.pieces[1]?.rel !== '=') continue;
      const head = functionHead(c.pieces[0]?.source ?? '');
      if (!head) continue;
      if (seen.has(head[1])) twice.add(head[1]);
      seen.add(head[1]);
    }
  }
  return twice;
}

/** `f(x) = x^2 + 3x`: the function f with its parameters and body; one the engine cannot read is unknown. */
function defineFunction(st: DocState, name: string, pieces: PieceInfo[]): void {
  const params = HEAD_PARAMS.exec(pieces[0].source)?.[1].split(',').map((x) => x.trim());
  const body = pieces[1].node;
  // parameters are letters, Latin or Greek (`J(w)`, `\ell(\theta)`)
  if (!params || !body || params.some((x) => !/^[A-Za-z]$/.test(x) && !(/^\\[A-Za-z]+$/.test(x) && hasRole(x.slice(1), 'greek'))) || st.redefined.has(name)) {
    st.functions.delete(name);
    st.unknown.set(name, true);
    return;
  }
  st.functions.set(name, { name, params, body, range: { start: pieces[0].range.start, end: pieces[1].range.end } });
  st.unknown.delete(name);
}

/**
 * Words that end the prose right before a formula and say it follows from what came before, as a
 * `\Rightarrow` does inside one ("therefore", "so we get", «بنابراین», «پس», «در نتیجه»). Words that
 * also introduce a definition ("we have", «داریم», "let") are not among them.
 */
const CONSEQUENCE_PROSE = /(?<!\p{L})(?:therefore|thus|hence|consequently|it follows that|we (?:get|obtain|find)|which gives|this gives|بنابراین|در نتیجه|نتیجه می[\u200c ]?(?:شود|گیریم)|می[\u200c ]?رسیم به|پس)[\s,:،.]*$/iu;
/** A consequence word anywhere in a clause that ends with a colon ("we therefore get:", «پس با جایگذاری داریم:»). */
const CONSEQUENCE_WORD = /(?<!\p{L})(?:therefore|thus|hence|consequently|بنابراین|در نتیجه|پس)(?!\p{L})/iu;

/** Does the prose right before the formula at `start` (in its paragraph, after any earlier formula) say it follows? */
function followsFromProse(text: string, start: number): boolean {
  // the paragraph's last words: after the blank line or the formula before them, up to this formula
  const window = text.slice(Math.max(0, start - 120), start).trimEnd();
  const cut = Math.max(window.lastIndexOf('$'), window.search(/\n\s*\n(?![\s\S]*\n\s*\n)/));
  const words = cut >= 0 ? window.slice(cut + 1) : window;
  if (CONSEQUENCE_PROSE.test(words)) return true;
  // the last clause, when it introduces the formula with a colon
  const clause = words.slice(Math.max(words.lastIndexOf('.'), words.lastIndexOf(';'), words.lastIndexOf('؛')) + 1);
  return /[:：]\s*$/.test(clause) && CONSEQUENCE_WORD.test(clause);
}

/** Only spacing and math delimiters between two offsets: one statement right after the other. */
function adjacent(text: string, a: number, b: number): boolean {
  if (b < a || b - a > 400) return false;
  return text.slice(a, b).replace(/\\(?:quad|qquad|\\|\[|\]|\(|\))|\$|&|[\s,.]/g, '') === '';
}

/** A piece's text with its spacing collapsed (a definition written again is recognised by it). */
function writtenText(p: PieceInfo): string {
  // most are written so already: single spaces between words, none at the ends
  return NOT_COLLAPSED.test(p.source) ? p.source.trim().replace(/\s+/g, ' ') : p.source;
}
/** Spacing that `writtenText` changes: two in a row, any but a plain space, or any at an end. */
const NOT_COLLAPSED = /\s\s|[^\S ]|^\s|\s$/;

/** {@link FUNCTION_HEAD} of a piece's text (only a text with a `(` can be one). */
function functionHead(source: string): RegExpExecArray | null {
  return source.includes('(') ? FUNCTION_HEAD.exec(source) : null;
}

/**
 * `\sum_{i=1}^N \alpha_i = 1`, `\|w\| = 1`, the end `… = p_1 + p_2 + p_3 = 1` of a chain: an expression (not a bare
 * name: that is a definition) set equal to a constant. Only of names the document's definitions leave free (weights,
 * probabilities; p_k = x_k only renames them): of a name defined by an expression (μ = \frac{1}{d}\sum_i x_i) it is a
 * claim the definitions decide (`\mu - 2\mu = 0` is wrong), not a fact to add.
 */
function noteConstraints(st: DocState, pieces: PieceInfo[]): void {
  for (let j = 0; j + 1 < pieces.length; j++) {
    if (pieces[j + 1].rel !== '=') continue;
    const eq = equationWithConstant(pieces[j].node, pieces[j + 1].node);
    if (!eq || readsDefined(eq.expr, st)) continue;
    const key = printedKey(eq.expr);
    st.constraints.set(key, { ...eq, key });
  }
}

/** `a = b` with one side a constant and the other an expression, not a bare name: the expression and the constant. */
function equationWithConstant(a: Node | undefined, b: Node | undefined): { expr: Node; value: Node } | undefined {
  if (!a || !b || isConstant(a) === isConstant(b)) return undefined;
  const [expr, value] = isConstant(a) ? [b, a] : [a, b];
  return asSym(expr) ? undefined : { expr, value };
}

/** `\text{subject to}`, `\text{s.t.}`, `s.t.` before a condition of an optimisation problem. */
const SUBJECT_TO = /\\(?:text|mathrm|textrm|operatorname)\s*\{\s*(?:subject\s+to|s\.\s*t\.)\s*\}|(?<![A-Za-z])s\.t\./g;

/**
 * The constraints of the optimisation problems each section poses (`\min_u … \text{subject to}\ u^T u = 1`):
 * an expression set equal to a constant after "subject to". They are part of the problem, so they hold in
 * the whole section, also for the steps written before the problem is restated in full (`\frac{u^T x}{u^T u}
 * = u^T x` for the unit u of a PCA). Only constraints of names the section's definitions leave free count
 * (as `noteConstraints`): a failing step is judged again on them, never a right one made wrong.
 */
function posedConstraints(analysis: DocumentAnalysis): Map<number, Constraint[]> {
  const out = new Map<number, Constraint[]>();
  for (const f of analysis.formulas) {
    const content = f.span.content;
    if (!/subject|s\.\s*t\./.test(content)) continue;
    for (const m of content.matchAll(SUBJECT_TO)) {
      // the condition: from the phrase to the end of its line of an aligned block
      const rest = content.slice(m.index! + m[0].length).split(/\\\\|\\end\b|\\quad|\\qquad|,|;/)[0].replace(/^[\s&~]*(?:\\[ ,;:!]\s*)*/, '');
      for (const chain of readFormula(rest).chains) {
        if (chain.pieces.length !== 2 || chain.pieces[1].piece.rel !== '=') continue;
        const eq = equationWithConstant(chain.pieces[0].node, chain.pieces[1].node);
        if (!eq) continue;
        const list = out.get(f.section) ?? [];
        list.push({ ...eq, key: printedKey(eq.expr) });
        out.set(f.section, list);
      }
    }
  }
  return out;
}

/** An expression as printed, kept with its tree (the key of an equation stated). */
const printedKeys = new WeakMap<Node, string>();
function printedKey(n: Node): string {
  let key = printedKeys.get(n);
  if (key === undefined) printedKeys.set(n, (key = printNode(n, Infinity)));
  return key;
}

/** Whether `n` reads a name the document defines by an expression (not by another bare name). */
function readsDefined(n: Node, st: DocState): boolean {
  const byExpression = (d: Definition | undefined) => !!d && !asSym(d.body);
  let found = false;
  const walk = (x: Node) => {
    if (found) return;
    if (x.t === 'sym' && (byExpression(st.defs.get(x.name)) || (x.sub && byExpression(st.families.get(x.base))))) found = true;
    forChildren(x, walk);
  };
  walk(n);
  return found;
}

/** Letters that name a model's noise or error term (`y = Xw + \varepsilon`). */
const NOISE = new Set(['\\epsilon', '\\varepsilon']);

/**
 * Whether `n` adds a noise term the document gives no value or definition (`m x_i + c + \epsilon_i`,
 * `Xw + \varepsilon`): an ε added to (or taken from) the model, as a term of its own.
 */
function noiseTerm(n: Node, st: DocState, f: FormulaInfo): boolean {
  // the terms added (a term taken away, `1 - \varepsilon`, is a share, as in label smoothing)
  const added: Node[] = [];
  let count = 0;
  const split = (x: Node, plus: boolean): void => {
    x = ungroup(x);
    if (x.t === 'bin' && (x.op === '+' || x.op === '-')) {
      split(x.a, plus);
      split(x.b, x.op === '+' ? plus : !plus);
    } else if (x.t === 'neg') split(x.a, !plus);
    else {
      count++;
      if (plus) added.push(x);
    }
  };
  split(n, true);
  if (count < 2) return false;
  // the noise is a term of its own, read nowhere else in the model (`\frac{\varepsilon}{K}` beside it is a parameter's)
  return added.some((x) => x.t === 'sym' && NOISE.has(x.base) && !readsBase(n, x.base, x) && !st.defs.has(x.name) && !st.families.has(x.base) && f.scope.get(x.name) === undefined && f.scope.get(x.base) === undefined);
}

/** Whether `n` reads a name with base `base` anywhere but at `except`. */
function readsBase(n: Node, base: string, except: Node): boolean {
  let found = false;
  const walk = (x: Node): void => {
    if (found || x === except) return;
    if (x.t === 'sym' && x.base === base) found = true;
    else forChildren(x, walk);
  };
  walk(n);
  return found;
}

/** Records `lhs := first` (a family when its index is a pattern such as t or t+1). */
function define(st: DocState, lhs: Sym, pieces: PieceInfo[], first: PieceInfo, param: { v: string; offset: number } | undefined): void {
  const range = { start: pieces[0].range.start, end: first.range.end };
  if (!first.node) {
    st.unknown.set(param ? lhs.base : lhs.name, true);
    return;
  }
  const text = writtenText(first);
  if (param) {
    st.families.set(lhs.base, { name: lhs.name, base: lhs.base, body: first.node, param, range, text });
    st.unknown.delete(lhs.base);
  } else {
    st.defs.set(lhs.name, { name: lhs.name, base: lhs.base, body: first.node, range, text });
    st.unknown.delete(lhs.name);
  }
}

/** A sum index for a closed form: a letter the recurrence does not use and that is not the bound. */
function freeIndex(source: string, bound: string): string | undefined {
  return ['i', 'k', 'j', 's'].find((c) => c !== bound && !new RegExp(`(?<![A-Za-z\\\\])${c}(?![A-Za-z])`).test(source));
}

/**
 * The fix of a wrong closed form of a linear recurrence (`h_T = \sum_{i=1}^T (-1)^i n_i + h_0` after
 * `h_t = n_t - h_{t-1}`): the closed form the BPTT unroller derives, offered only when the left side
 * is exactly the sequence at a bound letter (`h_T`), the right side does not go on through the
 * sequence (only its start h_0), and the derived form passes the same random-point check the step
 * failed.
 */
function closedFormFix(L: Shown, R: PieceInfo, v: StepVerdict, know: Knowledge, recurrences: readonly FoundRecurrence[], lang: Lang): (TextEdit & { title: string }) | undefined {
  if (L.shown || !L.node || !R.node) return undefined;
  const lhs = asSym(L.node);
  const bound = asSym(lhs?.sub);
  if (!lhs || !bound || bound.sub || !/^[A-Za-z]$/.test(bound.name)) return undefined;
  const fam = know.families.get(lhs.base);
  if (!fam?.param || !v.used.some((d) => d === fam)) return undefined;
  if (readsMember(R.node, lhs.base, know)) return undefined;
  // the unroller keeps the state's style (`\mathbf{h}`), the parser's name drops it: compared as read
  const found = recurrences.find((r) => r.range.start <= fam.range.start && fam.range.end <= r.range.end && displayName(r.recurrence.state) === displayName(lhs.base));
  if (!found) return undefined;
  const index = freeIndex(found.latex, bound.name);
  const derived = index && closedFormLatex(found.recurrence, bound.name, index);
  if (!derived) return undefined;
  // thin spaces are the unroller's typesetting; the student's line reads better without them
  const newText = derived.replace(/\\,/g, ' ');
  const node = closedFormTree(newText);
  if (!node || !stepHolds(L.node, node, know, hashText(L.source + '=' + newText))) return undefined;
  return { range: { ...R.range }, newText, title: msg(lang, 'fix.step-closed-form', { actual: newText }) };
}

/** Closed forms read, by their text (null: not one expression), shared as `rereadTrees` are. Bounded. */
const closedForms = new Map<string, Node | null>();

/** The tree of a derived closed form (`h_T = …`'s right side), or undefined when it is not one expression. */
function closedFormTree(text: string): Node | undefined {
  let node = closedForms.get(text);
  if (node === undefined) {
    const read = readFormula(text).chains;
    node = (read.length === 1 && read[0].pieces.length === 1 ? read[0].pieces[0].node : undefined) ?? null;
    if (closedForms.size >= REREAD_TREES) closedForms.clear();
    closedForms.set(text, node);
  }
  return node ?? undefined;
}

type Call = Extract<Node, { t: 'call' }>;
/** Activations whose derivative is written with a prime: σ′ written where σ is meant is a known slip. */
const PRIMED = new Set(['sigma', 'tanh']);

/**
 * The fix of a σ′ (or tanh′) written where σ is meant (`\hat y(1 - \hat y) = \sigma'(o)(1 - \sigma(o))`):
 * offered only when the right side has exactly one such prime whose removal makes the step pass the
 * same random-point check it failed; the edit deletes the prime as written (`'`, `^{\prime}`).
 */
function primeFix(L: Shown, R: PieceInfo, know: Knowledge, span: { content: string; contentStart: number }, lang: Lang): (TextEdit & { title: string }) | undefined {
  if (!L.node || !R.node) return undefined;
  const primed: Call[] = [];
  const walk = (x: Node) => {
    if (x.t === 'call' && PRIMED.has(x.fn) && x.prime > 0 && x.primeS !== undefined && x.primeE !== undefined) primed.push(x);
    forChildren(x, walk);
  };
  walk(R.node);
  if (primed.length === 0 || primed.length > 4) return undefined;
  const fixes: (TextEdit & { title: string })[] = [];
  for (const c of primed) {
    const range = { start: span.contentStart + c.primeS!, end: span.contentStart + c.primeE! };
    if (range.start < R.range.start || range.end > R.range.end) continue;
    const unprimed = replaced(R.node, c, { ...c, prime: 0, primeS: undefined, primeE: undefined });
    if (!stepHolds(L.node, unprimed, know, hashText(L.source + '=' + R.source + '|' + c.primeS))) continue;
    const written = span.content.slice(c.s, c.e);
    const fixed = span.content.slice(c.s, c.primeS) + span.content.slice(c.primeE, c.e);
    fixes.push({ range, newText: '', title: msg(lang, 'fix.replace', { claimed: written, actual: fixed }) });
  }
  // two primes that each could be the slip: which one the writer meant is not certain
  return fixes.length === 1 ? fixes[0] : undefined;
}

/** A copy of the tree `n` with the node `from` replaced by `to` (the rest shared). */
function replaced(n: Node, from: Node, to: Node): Node {
  if (n === from) return to;
  const copy = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(copy);
    if (v && typeof v === 'object' && 't' in v) return replaced(v as Node, from, to);
    return v;
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n)) out[k] = copy(v);
  return out as Node;
}

/** Does the expression read a member of the sequence `base` other than its start (`h_{T-1}`, not `h_0`; also in `Wh_{T-1}`)? */
function readsMember(n: Node, base: string, know: Knowledge): boolean {
  let found = false;
  const walk = (x: Node) => {
    if (found) return;
    const run = x.t === 'sym' && x.base !== base ? runTogetherLetters(x, know) : undefined;
    if (run) run.forEach(walk);
    else if (x.t === 'sym' && x.base === base) found = !(x.sub && x.sub.t === 'num' && x.sub.v === 0);
    else forChildren(x, walk);
  };
  walk(n);
  return found;
}

function finding(L: PieceInfo, R: PieceInfo, v: StepVerdict, lang: Lang, fix?: TextEdit & { title: string }, start = L.range.start): Finding {
  const ce = v.counterexample;
  const shown = Object.entries(ce.values).slice(0, 6).map(([k, x]) => `${displayName(k)} = ${fmt(x)}`).join(', ');
  const more = Object.keys(ce.values).length > 6 ? ', …' : '';
  const left = printNode((L as Shown).shown ?? L.node!, 40);
  const right = printNode(R.node!, 40);
  const text = v.entry
    ? msg(lang, 'step.wrong-matrix', { left, right, sizes: shown ? message('step.matrix-values', { values: shown + more }) : '', row: v.entry[0], col: v.entry[1], leftValue: fmt(ce.left), rightValue: fmt(ce.right) })
    : msg(lang, 'step.wrong', { left, right, values: shown + more, leftValue: fmt(ce.left), rightValue: fmt(ce.right) });
  return {
    range: { start, end: R.range.end },
    severity: 'warning',
    code: 'wrong-step',
    message: text,
    claimed: R.source,
    counterexample: ce,
    related: v.used.map((d) => ({ range: d.range, message: msg(lang, d.param ? 'related.step-recurrence' : 'related.step-definition', { name: displayName(d.name) }) })),
    ...(fix ? { fix, fixes: [fix] } : {}),
  };
}

