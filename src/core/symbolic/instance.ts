/**
 * One random instantiation of a document's symbols: every free name gets a number from a range that
 * fits its role, indexed names (`n_i`, `h_{t-1}`) one number per index, the document's definitions
 * are evaluated where their names appear and a recurrence (`h_t = n_t - h_{t-1}`) is run down to its
 * start. Evaluating both sides of a symbolic `=` on several independent instances judges the step.
 *
 * It walks the shared syntax tree (`latex/ast.ts`) with plain numbers only: nothing from the document
 * reaches mathjs or any other evaluator. Whatever it does not understand throws `Abstain` (the step is
 * not judged); a point outside a domain (log of a negative, h_{-1}) throws `Domain` (the point is
 * resampled, never a finding).
 */
import type { Node } from '../syntax/ast';
import { forEachChild, ungroup } from '../syntax/ast';
import { mulberry32 } from './random';
import type { DeclaredShapes } from './declaredShapes';
import { splitRunTogether } from '../syntax/runTogether';
import { rolesOf } from '../syntax/vocabulary';

/** The engine does not understand something in the step: it stays silent. */
export class Abstain extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}
/** This point is outside a domain: draw another one. */
export class Domain extends Error {}

const abstain = (why: string): never => {
  throw new Abstain(why);
};
// one instance, thrown every time: a point is redrawn often (up to 40 draws per step), and an
// error's stack trace, captured at construction, cost more than the evaluation it interrupts
const DOMAIN = new Domain('domain');
const domain = (): never => {
  throw DOMAIN;
};

/** A name the document defines: `z_t = W h_{t-1} + U x_t` (a family over t), `\hat y = \sigma(o)`. */
export interface Definition {
  /** Full name as the parser spells it (`\hat{y}`, `h_t`). */
  name: string;
  base: string;
  body: Node;
  /** For a family `h_{t+c} = …`: the index variable and its offset c. */
  param?: { v: string; offset: number };
  /** Where the definition is written (document offsets). */
  range: { start: number; end: number };
  /** The body as written, spacing collapsed: the same definition written again needs no judging. */
  text?: string;
}

/** A function the document defines by a letter (`f(x) = x^2 + 3x`): its parameters and body. */
export interface FunctionDefinition {
  name: string;
  params: string[];
  body: Node;
  range: { start: number; end: number };
}

/** Names looked up (a map, or the document's definitions that hold in the section being read). */
export interface Lookup<V> {
  get(name: string): V | undefined;
  has(name: string): boolean;
}

/** What one instance needs to know about the document at the step being judged. */
export interface Knowledge {
  /** Functions the document defines by a letter, by name (`f`, `\psi`); absent when none. */
  functions?: Lookup<FunctionDefinition>;
  /** Plain definitions by full name. */
  defs: Lookup<Definition>;
  /** Families by base name. */
  families: Lookup<Definition>;
  /** Names that index or bound something: small positive integers. */
  integers: ReadonlySet<string>;
  /** Document variables with a numeric value (`d = 512`). */
  numbers: ReadonlyMap<string, number>;
  /** Names whose definition the engine could not read: a step using them is not judged. */
  unknown: Lookup<unknown> & { readonly size: number };
  /**
   * Letters the document writes as superscript indices (`h^{t-1}`, `x^{(t)}`): a name raised to one of
   * them (`x^t`) is the name at that step, not a power.
   */
  superscripts: ReadonlySet<string>;
  /** Bases the prose declares one-hot, indicators or 0/1 labels (`y is a one-hot vector`). */
  binary: ReadonlySet<string>;
  /**
   * Names the document also writes with a superscript 1, a label (`z^{1}`, `x_k^1`): there `z^2` is the
   * second one as likely as a square, and a step reading it is not judged.
   */
  labelled?: ReadonlySet<string>;
  /** Shapes the document declares here (`A \in \mathbb{R}^{n \times n}`): a step reading one is judged with matrices (`matrixInstance.ts`). */
  shapes?: DeclaredShapes;
  /** What the whole document writes, for letters run together (`Wh_{t-1}`); absent, no run is read as a product. */
  written?: WrittenNames;
  /** Equations of an expression and a constant the document states here (`\sum_i \alpha_i = 1`); absent when none. */
  constraints?: readonly Constraint[];
}

/** `\sum_{i=1}^N \alpha_i = 1`: an expression the document says equals a constant. */
export interface Constraint {
  expr: Node;
  value: Node;
  /** The expression as printed: the same expression stated equal to a constant again replaces it. */
  key: string;
}

/** What the whole document writes about names (read once per document by the pass): the evidence for reading `Ux_t` as U·x_t. */
export interface WrittenNames {
  /** Letters written on their own, without a script, somewhere (`W` in `(1 - h_t^2) W`, "weights $W$ and $U$"): names of one letter. */
  letters: ReadonlySet<string>;
  /** Letters written on their own with an index somewhere (`x_t` in "the input $x_t$"): a sequence. */
  sequences: ReadonlySet<string>;
  /** Names a derivative is taken by somewhere (`x` of `\frac{\partial z}{\partial x}`). */
  variables: ReadonlySet<string>;
  /** Runs of letters the document defines or declares as one name anywhere (`Wh = …`): never a product. */
  words: ReadonlySet<string>;
  /**
   * Letters a Σ or Π of the document binds, or under the name a derivative is taken by (`i` of `\sum_i`,
   * of `\partial x_i`): indices somewhere, so never read as the label of a recurrence (`W_i` beside `i_t`).
   */
  bound?: ReadonlySet<string>;
  /**
   * Names the document writes at step 0 somewhere (`h_0`, `v_0`): a recurrence whose start it never
   * writes starts at 0 (`v_t = \mu v_{t-1} + g_t \Rightarrow v_t = \sum_{k=1}^t \mu^{t-k} g_k`, as
   * optimizer states and hidden states are commonly started); absent, every start is a free value.
   */
  starts?: ReadonlySet<string>;
}

/** How an instance draws its free values beyond the defaults. */
export interface DrawRule {
  /** Every drawn value positive (lengths, rates and variances as a writer assumes them). */
  positive?: boolean;
  /** The matrix of a quadratic form drawn symmetric, as a writer assumes it (∇ xᵀAx = 2Ax); no other matrix. */
  symmetric?: boolean;
  /** A fixed value for every drawn name of these bases (a one-hot label set to 0 or 1). */
  fixed?: { bases: ReadonlySet<string>; value: number };
  /** A name defined as another bare name (`w_1 = w_2`: weights tied) drawn on its own, as a partial derivative of the untied model holds it. */
  untied?: boolean;
  /** Blocks labelled the other way round (`W_{ul}`, `W_{lu}`) drawn as one value, as blocks of a symmetric matrix are (scalars). */
  mirrored?: boolean;
  /** An equation the document states (`\sum_i \alpha_i = 1`): every point drawn is moved onto it. */
  on?: Constraint;
  /** Index letters drawn past every range a sum or a size takes (`o` of `u_o` apart from the `u_k`, k = 1…K). */
  apart?: ReadonlySet<string>;
}

/** `W_{ul}` and `W_{lu}` → one key: a label of two different characters, in either order; undefined for another label. */
export function mirrorKey(base: string, label: string | undefined): string | undefined {
  const l = label?.replace(/\s+/g, '');
  if (!l || l.length !== 2 || l[0] === l[1] || !/^[A-Za-z0-9]{2}$/.test(l)) return undefined;
  return `${base}_{${[...l].sort().join('')}}`;
}

/**
 * `w_1 = w_2`, `w_1 = w_{tied}`: a definition that only identifies its name with another name that has no
 * definition of its own (two weights tied); `\hat y = z_2` with z_2 defined is a new name for z_2, not a tie.
 */
export function tiedTo(def: Definition, know: Knowledge): string | undefined {
  const n = ungroup(def.body);
  if (n.t !== 'sym' || def.param || know.defs.has(n.name) || know.families.has(n.base)) return undefined;
  return n.name;
}

/** Deterministic generator (the project's one seeded PRNG, `random.ts`). */
export const rng = mulberry32;

/** A string's hash, to seed a step's instances from its own text (independent of the rest of the file). */
export function hashText(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** Names that are probabilities: ŷ, p, q. */
export const PROBABILITY = /^(\\hat\{y\}|\\hat\{p\}|p|q|\\hat\{q\})$/;
/** Labels and probabilities that a sum over their index treats as a distribution. */
export const DISTRIBUTION = /^(y|\\hat\{y\}|p|q|\\hat\{p\})$/;
/** Names the engine will not guess a meaning for: identity, expectation, π (a constant or a policy), e alone. */
const AMBIGUOUS = new Set(['I', 'E', '\\mathbb{E}', '\\mathbb{I}', '\\mathbb{1}', '\\pi', 'e', 'i', '\\infty', '\\mathcal{N}']);
/** `\mathbb{E}_{z \sim q}`: an expectation under a subscript. */
const EXPECTATION = new Set(['E', '\\mathbb{E}', '\\mathbb{P}', '\\mathbb{V}']);
/** Letters that may index (`n_i`, `h_{t-1}`, `w_{jk}` is a label). */
const INDEX_LETTER = /^(?:[a-zA-Z]|\\(?:tau|ell))$/;

/** Is `n` an index expression (`t`, `t-1`, `2`, `T-i+1`) rather than a label (`hh`, `model`)? */
export function isIndexExpr(n: Node | undefined): boolean {
  if (!n) return false;
  switch (n.t) {
    case 'num':
      return Number.isInteger(n.v);
    case 'sym':
      return !n.sub && INDEX_LETTER.test(n.name);
    case 'group':
    case 'neg':
      return isIndexExpr(n.a);
    case 'bin':
      if (n.op === '+' || n.op === '-') return isIndexExpr(n.a) && isIndexExpr(n.b);
      // 2t
      if (n.op === 'implicit' || n.op === 'cdot') return n.a.t === 'num' && isIndexExpr(n.b);
      return false;
    default:
      return false;
  }
}

/** The letters of an index expression (`t-1` → t). */
export function indexLetters(n: Node, out: Set<string>): Set<string> {
  if (n.t === 'sym') out.add(n.name);
  else if (n.t === 'group' || n.t === 'neg') indexLetters(n.a, out);
  else if (n.t === 'bin') {
    indexLetters(n.a, out);
    indexLetters(n.b, out);
  }
  return out;
}

/** A random smooth function (ψ, f, g): a·tanh(b·x + c) + d·x, with its derivative. */
interface Smooth {
  a: number;
  b: number;
  c: number;
  d: number;
}

/** Largest index a recurrence is run to, and the most terms a Σ/Π may have, per instance. */
const MAX_INDEX = 40;
const MAX_TERMS = 60;
/** Work per instance (nodes visited): a step too big for it is not judged. */
const WORK = 60_000;
/** Relative step of a numeric (central) derivative. */
export const DERIVATIVE_STEP = 1e-4;
/** Decorations that say a name moves with a variable (`\dot x` beside `\frac{d}{dt}`). */
const TIME_DERIVATIVE = /^\\(?:dot|ddot)\{/;

/** What a name's reading needs that depends on the node alone, not on the instance (computed once per node). */
interface SymFacts {
  /** `\dot x`: a name that moves with a variable. */
  dotted: boolean;
  /** I, E, π, e alone, or an expectation under a subscript: never guessed. */
  ambiguous: boolean;
  /** `ax`, `dx`, `scores`: letters run together. */
  several: boolean;
  /** Letters run together written as plain letters, short enough to be a product (`Wh_{t-1}`, not `\mathrm{th}` or `scores`). */
  run: boolean;
  /** Its subscript is an index expression (`t-1`), not a label. */
  indexed: boolean;
  /** The name drawn as written draws as a probability (ŷ, p); its indexed members (`p_3`) do. */
  probability: boolean;
  probabilityMember: boolean;
  /** Its base draws as a distribution under a Σ over its index. */
  distribution: boolean;
}
const symFacts = new WeakMap<Node, SymFacts>();
/** A drawn name's base (`n_3` → n), for its range. */
const drawnBase = (name: string): string => {
  const u = name.indexOf('_');
  return u < 0 ? name : name.slice(0, u);
};
/**
 * A subscript read as an index: an `i` in it (`h_i`, `x_{i+1}`) is the index letter, never the
 * imaginary unit it may be elsewhere (`e^{i\\theta}`), so it is not left ambiguous there.
 */
function asIndex(sub: Node): Node {
  const mark = (x: Node): void => {
    if (x.t === 'sym') {
      if (x.name === 'i') {
        const f = factsOf(x);
        if (f.ambiguous) symFacts.set(x, { ...f, ambiguous: false });
      }
    } else if (x.t === 'group' || x.t === 'neg') mark(x.a);
    else if (x.t === 'bin') {
      mark(x.a);
      mark(x.b);
    }
  };
  mark(sub);
  return sub;
}

function factsOf(n: Extract<Node, { t: 'sym' }>): SymFacts {
  let f = symFacts.get(n);
  if (!f) {
    f = {
      dotted: n.name.charCodeAt(0) === 92 && TIME_DERIVATIVE.test(n.name),
      ambiguous: AMBIGUOUS.has(n.name) || (n.sub !== undefined && EXPECTATION.has(n.base)),
      several: /^[A-Za-z]{2,}$/.test(n.base),
      run: writtenAsLetters(n),
      indexed: isIndexExpr(n.sub),
      probability: PROBABILITY.test(drawnBase(n.name)),
      probabilityMember: PROBABILITY.test(drawnBase(n.base)),
      distribution: DISTRIBUTION.test(n.base),
    };
    symFacts.set(n, f);
  }
  return f;
}

/** Longest run of letters read as a product (`ABu_1`); a longer run is a word (`scores`). */
const RUN_LENGTH = 4;
/** Letters never read as a factor of a run: d of a differential (`dx`), e and i (constants, indices), I and E (identity, expectation). */
const NOT_A_FACTOR = /^[deiIE]$/;

/**
 * A run of plain letters with at most its name's subscript (`Wh_{t-1}`, `Ux_t`, `Wx`), as the student
 * typed it: not a word a command set upright (`\mathrm{th}`, `\text{in}`), whose offsets are longer.
 */
function writtenAsLetters(n: Extract<Node, { t: 'sym' }>): boolean {
  const len = n.base.length;
  if (len < 2 || len > RUN_LENGTH || !/^[A-Za-z]+$/.test(n.base) || n.sup !== undefined || !n.name.startsWith(n.base)) return false;
  if (n.sub) {
    // `Wh_t` or `Wh_{t-1}`: the subscript starts right after the letters
    const gap = n.sub.s - n.s - len;
    return gap === 1 || gap === 2;
  }
  return n.subText === undefined && n.e - n.s === len;
}

/**
 * The symbolic judge's one reading of letters run together: `Wh_{t-1}` is W·h_{t-1}, `Ux_t` is U·x_t,
 * `QK` is Q·K (the scripts belong to the last letter, as TeX sets them), split by the front end's one
 * splitter (`syntax/runTogether.ts`) against what the document knows. Only when that reading is not a
 * guess: the run is not a name the document defines or declares (here or anywhere) nor a word DL Math
 * knows; the last letter, with the scripts, is a name the document gives a meaning (a definition, a
 * member of a recurrence, a declared shape, a number, a variable it differentiates by, or a sequence it
 * writes on its own, `x_t`); and every other letter is a name of one letter the document writes on its
 * own (never the d of `dx`, e, i, I, E, an index of the document or a function it defines). Undefined
 * otherwise: the name stays one name of several letters, which the judge does not read (`2ax`, `loss`,
 * `scores`, `dx`).
 */
export function runTogetherLetters(n: Extract<Node, { t: 'sym' }>, know: Knowledge): Extract<Node, { t: 'sym' }>[] | undefined {
  const written = know.written;
  if (!written || !factsOf(n).run) return undefined;
  if (know.defs.has(n.name) || know.numbers.has(n.name) || know.unknown.has(n.name) || know.unknown.has(n.base) || know.shapes?.get(n.name) || (n.sub && know.families.has(n.base))) return undefined;
  const factor = (c: string) => !NOT_A_FACTOR.test(c) && !know.integers.has(c) && !know.functions?.has(c);
  const one = (word: string) => written.words.has(word) || know.families.has(word) || know.functions?.has(word) || rolesOf(word).size > 0;
  // the one splitter asks each letter but the last whether it is a name (one the document writes on its
  // own: `loss` with s defined stays a word), and the run whether it is one name
  const letters = splitRunTogether(n.base, (x) => (x.length === 1 ? written.letters.has(x) && factor(x) : !!one(x)), { maxLength: RUN_LENGTH, wholeName: true });
  if (!letters) return undefined;
  const c = letters[letters.length - 1];
  const name = c + n.name.slice(n.base.length);
  if (!factor(c)) return undefined;
  const member = isIndexExpr(n.sub) && (know.families.has(c) || written.sequences.has(c));
  if (!member && !know.defs.has(name) && !know.numbers.has(name) && !know.shapes?.get(name) && !written.variables.has(name)) return undefined;
  return letters.map((l, k): Extract<Node, { t: 'sym' }> => (k === letters.length - 1 ? { ...n, name, base: l, s: n.s + k } : { t: 'sym', name: l, base: l, s: n.s + k, e: n.s + k + 1 }));
}

/** Member names (`n_3`) by base, built once: the same string object each time, so maps find it without hashing it again. */
const memberNames = new Map<string, string[]>();
const MEMBER_LOW = -8;
/** `n` and 3 → `n_3`. */
export function memberName(base: string, k: number): string {
  return memberOf(membersOf(base), base, k);
}

/** The member names of one base, built as they are asked for (a compiled name holds its own). */
function membersOf(base: string): string[] {
  let names = memberNames.get(base);
  if (!names) {
    if (memberNames.size > 10_000) memberNames.clear();
    memberNames.set(base, (names = []));
  }
  return names;
}

/** `n` and 3 → `n_3`, from the base's own member names. */
function memberOf(names: string[], base: string, k: number): string {
  if (k < MEMBER_LOW || k > 64) return `${base}_${k}`;
  return (names[k - MEMBER_LOW] ??= `${base}_${k}`);
}

/** When a name was last read (a reading, `Instance.epoch`) and the time before, and the value drawn for it at a point. */
interface Stamp {
  at: number;
  before: number;
  v: number;
  /** The point (`Instance.point`) `v` was drawn at; -1 before any. */
  point: number;
}

/** Readings of a side so far, by every instance (each `value` call is one). */
let epochs = 0;

/** A node compiled for one step's knowledge: its value at an instance. */
type Compiled = (inst: Instance) => number;

/**
 * What every instance of one step can share: facts about the document's definitions that do not
 * depend on the values drawn (which names a body reads, whether a family is a recurrence).
 */
export class StepCache {
  /** Nodes compiled for the step's knowledge (`Instance.compile`). */
  readonly compiled = new Map<Node, Compiled>();
  readonly names = new Map<Node, Set<string>>();
  readonly recursive = new Map<Definition, boolean>();
}

export class Instance {
  /** Every free value drawn so far, by its display name (`n_3`, `h_0`, `T`). */
  leaves = new Map<string, number>();
  /** Whether a numeric derivative was used (judged with a wider tolerance). */
  approximate = false;
  /**
   * What the last `value` call read without a meaning of its own: derivatives of names the document
   * does not define (`∂L/∂h`, an atom equal only to itself) and functions it does not define (ψ, a
   * random smooth function). Two sides are compared only when they read the same such things.
   */
  opaque = new Set<string>();
  /** Variables of differentiation set while a derivative is taken, by drawn name (`o`, `h_2`). */
  private at = new Map<string, number>();
  /** How often a variable of differentiation was read (does the expression depend on it at all?). */
  private atReads = 0;
  private deriving = false;
  /** A name decorated as a time derivative (`\dot x`) was read, and a derivative was taken. */
  private dotted = false;
  private derived = false;
  /** Members of recurrences read at this reading of a side (`h_3`), and definitions read (`\mu`), by name. */
  private memo = new Map<string, number>();
  private defMemo = new Map<string, number>();
  /** Sums and products that read no bound name, by node: one value per reading (`\\sum_k \\exp(o_k)` in every ŷ_j). */
  private seriesMemo = new Map<Node, number>();
  /** The memos a derivative reads its points with, while the reading's own wait (made on the first derivative). */
  private derivativeMemos?: { memo: Map<string, number>; defMemo: Map<string, number>; seriesMemo: Map<Node, number> };
  private fns = new Map<string, Smooth>();
  private bound = new Map<string, number>();
  /** The names bound while a member of a recurrence is read, one map per depth (`member`). */
  private readonly memberBound: Map<string, number>[] = [];
  private memberDepth = 0;
  /** Definitions and functions being read, innermost last (a short stack: reading one again is circular). */
  private active: string[] = [];
  /** Bases read without an index and with one (`x` and `x_i`: a vector and its entries). */
  private plainBases = new Set<string>();
  private indexedBases = new Set<string>();
  private work = WORK;
  /** Visits left to the reading of a side in progress (`value`). */
  private visitsLeft = 0;
  /** Definitions used (for related information). */
  usedDefs = new Set<Definition>();
  /** The definition added to `usedDefs` last (a member read again and again adds its family once). */
  private usedLast?: Definition;
  /** The values drawn for the document's integers (`T`, `n`, an index), as name, value, name, value … */
  integers: (string | number)[] = [];

  constructor(
    private readonly know: Knowledge,
    private random: () => number,
    private readonly rule: DrawRule = {},
    /** Work shared by every instance of one step (nodes visited): a step that spends it is not judged. */
    private readonly shared: { left: number } = { left: Infinity },
    private readonly cache: StepCache = new StepCache(),
  ) {
    this.numbers = know.numbers;
  }
  /** The document's numbers known at the step (read once: `know.numbers` may be computed on demand). */
  private readonly numbers: ReadonlyMap<string, number>;

  private readonly opaqueSets = [new Set<string>(), new Set<string>()];
  /** This instance's latest reading of a side, among all instances' (`value`). */
  epoch = 0;
  /** Each name read so far: the readings that last read it, and its value when it was drawn. */
  private readonly stamps = new Map<string, Stamp>();
  /** The point this instance is drawn for (`reset` moves to the next). */
  private point = 0;
  /** The names the last `value` call read (drawn or already drawn), each once. */
  readNames: string[] = [];

  /** The names the last `value` call read, as a set. */
  get reads(): ReadonlySet<string> {
    return new Set(this.readNames);
  }

  /** Was each of `names` read at the reading `epoch` (one of this instance's last two)? */
  readAll(names: readonly string[], epoch: number): boolean {
    for (const x of names) {
      const s = this.stamps.get(x)!;
      if (s.at !== epoch && s.before !== epoch) return false;
    }
    return true;
  }

  /** The stamp of a name, made when it is first met. */
  private stampOf(name: string): Stamp {
    let s = this.stamps.get(name);
    if (!s) this.stamps.set(name, (s = { at: 0, before: 0, v: 0, point: -1 }));
    return s;
  }

  /** The name is read at this reading. */
  private read(name: string, s: Stamp): void {
    if (s.at === this.epoch) return;
    s.before = s.at;
    s.at = this.epoch;
    this.readNames.push(name);
  }

  /**
   * The instance made new for another point drawn with `random` (the same knowledge, rule, step
   * cache and shared work): the next point of a step reuses the maps of the last one.
   */
  reset(random: () => number): void {
    this.random = random;
    // (a map made new costs less than one emptied: clearing allocates a new table anyway)
    this.leaves = new Map();
    // the stamps stay (their readings and points are past ones)
    this.point++;
    this.approximate = false;
    if (this.at.size) this.at = new Map();
    this.atReads = 0;
    this.deriving = false;
    this.dotted = false;
    this.derived = false;
    if (this.memo.size) this.memo = new Map();
    if (this.defMemo.size) this.defMemo = new Map();
    if (this.seriesMemo.size) this.seriesMemo = new Map();
    if (this.fns.size) this.fns = new Map();
    if (this.bound.size) this.bound = new Map();
    this.memberDepth = 0;
    if (this.active.length) this.active = [];
    if (this.plainBases.size) this.plainBases = new Set();
    if (this.indexedBases.size) this.indexedBases = new Set();
    this.work = WORK;
    if (this.usedDefs.size) this.usedDefs = new Set();
    this.usedLast = undefined;
    if (this.integers.length) this.integers = [];
    if (this.ranges.length) this.ranges.length = 0;
    if (this.seriesVars.length) this.seriesVars.length = 0;
    if (this.summed.size) this.summed = new Map();
    if (this.free.size) this.free = new Map();
  }

  /**
   * Moves one value drawn for `expr` (not an integer) until `expr` equals `target` (secant steps): the point is
   * then on a stated equation (`\sum_i \alpha_i = 1`). False when no value read can get it there.
   */
  satisfy(expr: Node, target: number): boolean {
    const close = (f: number) => Math.abs(f) <= 1e-12 * Math.max(1, Math.abs(target));
    let f = this.value(expr) - target;
    if (close(f)) return true;
    for (const name of [...this.reads]) {
      const start = this.leaves.get(name);
      if (start === undefined || this.know.integers.has(name)) continue;
      let x0 = start;
      let f0 = f;
      let x1 = start + 0.5;
      try {
        for (let k = 0; k < 40 && Number.isFinite(x1); k++) {
          this.setLeaf(name, x1);
          const f1 = this.value(expr) - target;
          if (close(f1)) return true;
          if (f1 === f0) break;
          const x2 = x1 - (f1 * (x1 - x0)) / (f1 - f0);
          x0 = x1;
          f0 = f1;
          x1 = x2;
        }
      } catch (e) {
        if (!(e instanceof Domain)) throw e;
      }
      this.setLeaf(name, start);
      f = this.value(expr) - target;
    }
    return false;
  }

  /** A value drawn moved (`satisfy`): the next readings read it. */
  private setLeaf(name: string, v: number): void {
    this.leaves.set(name, v);
    const stamp = this.stampOf(name);
    stamp.v = v;
    stamp.point = this.point;
  }

  /** The value of an expression at this instance. */
  value(n: Node): number {
    this.epoch = ++epochs;
    // a list of its own for each reading (the caller holds the left side's while the right is read)
    this.readNames = [];
    this.opaque = this.opaque === this.opaqueSets[0] ? this.opaqueSets[1] : this.opaqueSets[0];
    if (this.opaque.size) this.opaque.clear();
    if (this.memo.size) this.memo = new Map();
    if (this.defMemo.size) this.defMemo = new Map();
    if (this.seriesMemo.size) this.seriesMemo = new Map();
    // one count of the nodes visited, settled into the instance's work and the step's when the reading
    // ends: each visit spends one of each, and the first that would take either below 0 abstains
    const work = this.work;
    const shared = this.shared.left;
    const allowed = Math.min(work, shared);
    this.visitsLeft = allowed;
    let v: number;
    try {
      v = this.ev(n);
    } finally {
      // visits made (the last one, when it failed, included); one that failed on the instance's work spent none of the step's
      const c = allowed - this.visitsLeft;
      this.work = work - c;
      this.shared.left = shared - (this.visitsLeft < 0 && work - c < 0 ? c - 1 : c);
    }
    if (this.plainBases.size && this.indexedBases.size) for (const b of this.plainBases) if (this.indexedBases.has(b)) abstain(`${b} is used with and without an index`);
    // `\frac{d}{dt}(x^2) = 2x\dot x`: x moves with t, which the engine does not know
    if (this.dotted && this.derived) abstain('a time derivative beside a derivative');
    return v;
  }

  /**
   * The value of a free name, drawn on its first reading; `probability` when its base is one (ŷ, p);
   * `notANumber` when the caller knows the document gives the name no number.
   */
  private draw(name: string, probability?: boolean, notANumber = false): number {
    if (!notANumber) {
      const fixed = this.numbers.get(name);
      if (fixed !== undefined) return fixed;
    }
    return this.drawStamped(name, this.stampOf(name), probability);
  }

  /** {@link draw} of a name the document gives no number, with its stamp (a compiled name keeps it per instance). */
  private drawStamped(name: string, stamp: Stamp, probability?: boolean): number {
    this.read(name, stamp);
    if (stamp.point === this.point) return stamp.v;
    const r = this.random();
    let v: number;
    if (this.know.integers.has(name)) {
      v = (this.rule.apart?.has(name) ? 7 : 1) + Math.floor(r * 6);
      this.integers.push(name, v);
    }
    else if (this.rule.fixed?.bases.has(drawnBase(name))) v = this.rule.fixed.value;
    else if (probability ?? PROBABILITY.test(drawnBase(name))) v = 0.05 + 0.9 * r;
    else {
      const sign = this.random() < 0.5 ? -1 : 1;
      v = (this.rule.positive ? 1 : sign) * (0.5 + 1.5 * r);
    }
    this.leaves.set(name, v);
    stamp.v = v;
    stamp.point = this.point;
    return v;
  }

  /** The value of a node at this instance: its compiled form (made once per step, shared by its instances). */
  private ev(n: Node): number {
    return this.compiled(n)(this);
  }

  /** A node's compiled form for this step. */
  private compiled(n: Node): Compiled {
    let f = this.cache.compiled.get(n);
    if (!f) this.cache.compiled.set(n, (f = this.compile(n)));
    return f;
  }

  /**
   * A node compiled into a function of an instance: what depends on the node and on the document's
   * knowledge at the step (a name's definition, whether it is a number of the document, the checks a
   * notation needs) is decided once; only the values drawn and the names bound are read at each point.
   * Each node visited counts one unit of work and must be finite, as it is read.
   */
  private compile(n: Node): Compiled {
    const f = this.compileNode(n);
    return (I) => {
      if (--I.visitsLeft < 0) abstain('too much work');
      const v = f(I);
      if (!Number.isFinite(v)) domain();
      return v;
    };
  }

  private compileNode(n: Node): Compiled {
    const C = (x: Node) => this.compile(x);
    switch (n.t) {
      case 'num': {
        const v = n.v;
        return () => v;
      }
      case 'sym':
        return this.compileSym(n);
      case 'group': {
        // `[n/2]`: the integer part in some texts, brackets in others
        if (n.delim === '[' && (n.a.t === 'frac' || (n.a.t === 'bin' && (n.a.op === '/' || n.a.op === 'div')))) return () => abstain('[a/b]');
        return C(n.a);
      }
      case 'neg': {
        const a = C(n.a);
        return (I) => -a(I);
      }
      case 'transpose': {
        // `(-1)^T`: a power; `W^T` with T a length in this document: a transpose or a power, not guessed
        if (n.viaT && isConstant(n.a)) return this.compileNode({ t: 'pow', a: n.a, b: { t: 'sym', name: 'T', base: 'T', s: n.e - 1, e: n.e }, s: n.s, e: n.e });
        if (n.viaT && this.know.integers.has('T')) return () => abstain('transpose or power T');
        // a number is its own transpose
        return C(n.a);
      }
      case 'bin':
        return this.compileBin(n);
      case 'frac': {
        const a = C(n.a);
        const b = C(n.b);
        return (I) => I.divide(a(I), b(I));
      }
      case 'pow': {
        if (n.a.t === 'sym' && n.a.name === 'e' && !this.know.defs.has('e')) {
          const b = C(n.b);
          return (I) => Math.exp(b(I));
        }
        if (this.superscriptIndex(n)) return () => abstain('a superscript index or a power');
        if (superscriptLabel(n, this.know)) return () => abstain('a superscript label or a power');
        // `Wh_{t-1}^2`, `wx^2`: on letters run together the power is the last letter's, as in print
        const run = n.a.t === 'sym' && factsOf(n.a).several ? runTogetherLetters(n.a, this.know) : undefined;
        if (run) {
          const last = run.pop()!;
          return this.productOf([...run, { ...n, a: last }]);
        }
        const a = C(n.a);
        const b = C(n.b);
        return (I) => {
          const x = a(I);
          const y = b(I);
          if (x < 0 && !Number.isInteger(y)) domain();
          if (x === 0 && y < 0) domain();
          return Math.pow(x, y);
        };
      }
      case 'sqrt': {
        const a = C(n.a);
        const k = n.n ? C(n.n) : undefined;
        return (I) => {
          const x = a(I);
          if (k && k(I) !== 2) return abstain('root');
          return x < 0 ? domain() : Math.sqrt(x);
        };
      }
      case 'abs': {
        const a = C(n.a);
        return (I) => Math.abs(a(I));
      }
      case 'series':
        return this.compileSeries(n);
      case 'call':
        return this.compileCall(n);
      case 'deriv':
        return (I) => I.derivative(n);
      case 'apply':
        return (I) => I.apply(n);
      default:
        return () => abstain(n.t);
    }
  }

  private compileBin(n: Extract<Node, { t: 'bin' }>): Compiled {
    const op = n.op;
    switch (op) {
      case 'implicit':
        // `p(x)`: a function applied or a product? Only a written-apart `W (h + x)` or a sum inside is a product
        if (n.b.t === 'group' && !hasTopLevelSum(n.b.a) && rightmostSym(n.a)?.e === n.b.s) return () => abstain('function or product');
        if (n.b.t === 'tuple') return () => abstain('tuple');
        return this.product(n);
      case 'cdot':
      case 'times':
      case '*':
      case 'odot':
        return this.product(n);
      case '+': {
        const a = this.compile(n.a);
        const b = this.compile(n.b);
        return (I) => a(I) + b(I);
      }
      case '-': {
        const a = this.compile(n.a);
        const b = this.compile(n.b);
        return (I) => a(I) - b(I);
      }
      case '/':
      case 'div': {
        const a = this.compile(n.a);
        const b = this.compile(n.b);
        return (I) => I.divide(a(I), b(I));
      }
      default:
        return () => abstain(op);
    }
  }

  private product(n: Extract<Node, { t: 'bin' }>): Compiled {
    const a = this.compile(n.a);
    const b = this.compile(n.b);
    return (I) => a(I) * b(I);
  }

  /** The product of factors read from one name (letters run together). */
  private productOf(factors: Node[]): Compiled {
    const fs = factors.map((x) => this.compile(x));
    return (I) => {
      let v = 1;
      for (const f of fs) v *= f(I);
      return v;
    };
  }

  private compileSym(n: Extract<Node, { t: 'sym' }>): Compiled {
    const { know } = this;
    const { name, base } = n;
    const facts = factsOf(n);
    // `Wh_{t-1}`, `Ux_t`: letters run together that read as a product here
    const run = facts.several ? runTogetherLetters(n, know) : undefined;
    if (run) return this.productOf(run);
    const unknown = know.unknown.has(name) || know.unknown.has(base);
    const num = this.numbers.get(name);
    const def = know.defs.get(name);
    const fn = def || n.sub ? undefined : know.functions?.get(name);
    // `w_h`, `u_z` beside `h_t = … h_{t-1} …`, `z_t = \sigma(… h_{t-1})`: a letter that names a recurrence of
    // the document (a sequence read through its own earlier members) is the label of a gate's weight, not
    // an index (h is never a step number where h_{t-1} is a state), unless the document also uses it as an
    // index (`\sum_i`, `\partial x_i` beside the input gate i_t)
    const subFamily = facts.indexed && n.sub!.t === 'sym' && !n.sub!.sub && know.written?.bound && !know.written.bound.has(n.sub!.name) ? know.families.get(n.sub!.name) : undefined;
    const label = subFamily && this.recursive(subFamily) ? subFamily.base : undefined;
    const sub = facts.indexed && label === undefined ? this.compile(asIndex(n.sub!)) : undefined;
    const fam = know.families.get(base);
    const subText = n.subText ?? label;
    const members = sub ? membersOf(base) : undefined;
    const mirror = mirrorKey(base, subText);
    // the compiled bodies of its definition or family, made on their first reading (a circular one is
    // found as it is read, not compiled without end)
    let body: Compiled | undefined;
    // only index letters and parameters are ever bound (`t`, `\\ell`): never a name with a subscript
    const bindable = name.indexOf('_') < 0;
    // the letter (or letters) of its index, for `noteIndex` (`x_i`, `h_{t-1}`: one letter)
    const sub0 = n.sub;
    const one = !sub0 ? undefined : sub0.t === 'sym' ? sub0.name : sub0.t === 'bin' && sub0.a.t === 'sym' && sub0.b.t === 'num' ? sub0.a.name : undefined;
    const letters = sub && one === undefined ? indexLetters(sub0!, new Set()) : undefined;
    // the value this node drew at the latest reading of a side (`Instance.epoch`), read again in it: what the
    // first read did (the value drawn, the name among the reads and the bases) holds for the rest of it
    let seenAt = 0;
    let seenK = 0;
    let seenValue = 0;
    let stampOf: Instance | undefined;
    let stamp: Stamp | undefined;
    return (I) => {
      if (bindable && I.bound.size) {
        const b = I.bound.get(name);
        if (b !== undefined) return b;
      }
      if (facts.dotted) I.dotted = true;
      if (I.at.size) {
        const x = I.at.get(name);
        if (x !== undefined) return I.atRead(name, x);
      }
      if (unknown) abstain(`${name} has a definition the engine cannot read`);
      if (num !== undefined) return num;
      if (def && !(I.rule.untied && tiedTo(def, know) !== undefined)) return I.definition(def, name, (body ??= I.compiled(def.body)));
      // `J` after `J(w) = …`: the function at its own parameters (`\frac{\partial J}{\partial w}`)
      if (fn) return I.atParameters(fn);
      if (facts.ambiguous) abstain(name);
      // `ax`, `dx`, `scores`: letters run together (a product, a differential, a word) are not one name to guess
      if (facts.several) abstain(`${base} is several letters`);
      if (sub) {
        const k = sub(I);
        if (!Number.isInteger(k)) return abstain('non-integer index');
        // (already among them when this node drew at this reading)
        if (seenAt !== I.epoch) I.indexedBases.add(base);
        I.noteIndex(base, one, letters, k);
        const key = memberOf(members!, base, k);
        if (I.at.size) {
          const x = I.at.get(key);
          if (x !== undefined) return I.atRead(key, x);
        }
        if (fam) return I.member(fam, k, key, (body ??= I.compiled(fam.body)));
        // (`ranges[-1]` would be a slow property lookup, not an element)
        const range = I.ranges.length ? I.ranges[I.ranges.length - 1] : undefined;
        if (range && facts.distribution && k >= range[0] && k <= range[1]) I.distribution(base, range[0], range[1]);
        if (seenAt === I.epoch && seenK === k) return seenValue;
        seenValue = I.draw(key, facts.probabilityMember);
        seenAt = I.epoch;
        seenK = k;
        return seenValue;
      }
      if (subText !== undefined) {
        // a label such as `W_{hh}`, but `v_{i,l}` or `w_{ij}` inside Σ_i would be one value for every i
        for (const v of I.bound.keys()) if (/^[A-Za-z]$/.test(v) && subText.includes(v)) abstain(`${name} under Σ over ${v}`);
        return I.draw(I.rule.mirrored && mirror !== undefined ? mirror : name, facts.probability, true);
      }
      if (seenAt === I.epoch) return seenValue;
      I.plainBases.add(base);
      // the name's stamp in this instance (a stamp stays as long as its instance)
      if (stampOf !== I) {
        stampOf = I;
        stamp = I.stampOf(name);
      }
      seenValue = I.drawStamped(name, stamp!, facts.probability);
      seenAt = I.epoch;
      return seenValue;
    };
  }

  private compileSeries(n: Extract<Node, { t: 'series' }>): Compiled {
    // `\prod_{t=3}^{4} (1 - h_t^2) W x_3`: whether W x_3 is inside the product (squared) or after it is
    // the writer's convention, not one reading (a sum is the same either way)
    if (n.op === 'prod' && mixedFactors(n.body, n.v)) return () => abstain('how far a product reaches');
    const fromC = this.compile(n.from);
    const toC = this.compile(n.to);
    const body = this.compile(n.body);
    const { v } = n;
    const sum = n.op === 'sum';
    // the names it reads, through the definitions it reads (a definition sees the names bound where it
    // is read); one that reads a function (its body sees them too) or a derivative is never kept
    const read = readsOf(n, this.know);
    const reads = read.calls ? undefined : read.names;
    const run = (I: Instance): number => {
      const from = fromC(I);
      const to = toC(I);
      if (!Number.isInteger(from) || !Number.isInteger(to)) return abstain('non-integer bounds');
      // `\prod_{i=k+1}^{t}` with k past t: a writer's identity holds from an empty range (k = t) on, not
      // for a range of negative length; such a point is drawn again
      if (to < from - 1) domain();
      if (to - from + 1 > MAX_TERMS) return abstain('too many terms');
      const outer = I.bound.get(v);
      let acc = sum ? 0 : 1;
      I.ranges.push([from, to]);
      I.seriesVars.push(v);
      try {
        for (let i = from; i <= to; i++) {
          I.bound.set(v, i);
          const x = body(I);
          acc = sum ? acc + x : acc * x;
        }
      } finally {
        I.ranges.pop();
        I.seriesVars.pop();
        if (outer === undefined) I.bound.delete(v);
        else I.bound.set(v, outer);
      }
      return acc;
    };
    if (!reads) return run;
    return (I) => {
      // no name it reads is bound here (a Σ index, a member's index): its value is the same wherever it is
      // read in this reading of a side, as long as the point and the variable of a derivative stay
      if (I.bound.size) for (const b of I.bound.keys()) if (reads.has(b)) return run(I);
      const known = I.seriesMemo.get(n);
      if (known !== undefined) return known;
      const value = run(I);
      I.seriesMemo.set(n, value);
      return value;
    };
  }

  private compileCall(n: Extract<Node, { t: 'call' }>): Compiled {
    if (n.base || n.args.length !== 1) return () => abstain(`${n.fn} with a base or several arguments`);
    const arg = this.compile(n.args[0]);
    const power = n.power ? this.compile(n.power) : undefined;
    const { fn, prime } = n;
    return (I) => {
      let v = I.callValue(fn, prime, arg(I));
      if (power) {
        const p = power(I);
        if (p === -1 || !Number.isInteger(p)) abstain('inverse function');
        v = Math.pow(v, p);
      }
      return v;
    };
  }

  /** `x^t` where the document writes steps as superscripts (`f^t = \sigma(W x^t + U h^{t-1})`): a name at a step, not a power to guess. */
  private superscriptIndex(n: Extract<Node, { t: 'pow' }>): boolean {
    let a = n.a;
    while (a.t === 'group') a = a.a;
    if (a.t !== 'sym' || !isIndexExpr(n.b)) return false;
    for (const l of indexLetters(n.b, new Set())) if (this.know.superscripts.has(l)) return true;
    return false;
  }

  private divide(a: number, b: number): number {
    if (Math.abs(b) < 1e-9 * Math.max(1, Math.abs(a))) domain();
    return a / b;
  }

  /** An index written under a name, as an integer, or undefined when it is a label. */
  private index(sub: Node | undefined): number | undefined {
    if (!isIndexExpr(sub)) return undefined;
    return this.indexValue(sub!);
  }

  /** The value of an index expression, an integer. */
  private indexValue(sub: Node): number {
    const k = this.ev(sub);
    if (!Number.isInteger(k)) return abstain('non-integer index');
    return k;
  }


  /** Names each definition's body reads, for this instance (the document's definitions change as it is read). */
  private namesRead(n: Node): Set<string> {
    let out = this.cache.names.get(n);
    if (!out) this.cache.names.set(n, (out = readsOf(n, this.know).names));
    return out;
  }

  private definition(def: Definition, key: string, body: Compiled): number {
    // `\mu` read n times inside `\sum_i (x_i - \mu)^2`: its value once per reading of a side, unless it
    // reads a name bound here (a Σ index, a function's parameter)
    const known = this.defMemo.get(key);
    if (known !== undefined) return known;
    if (this.active.includes(key)) abstain('circular definition');
    if (this.usedLast !== def) this.usedDefs.add((this.usedLast = def));
    this.active.push(key);
    try {
      const v = body(this);
      let closed = true;
      if (this.bound.size) for (const name of this.namesRead(def.body)) if (this.bound.has(name)) closed = false;
      if (closed) this.defMemo.set(key, v);
      return v;
    } finally {
      this.active.pop();
    }
  }

  /** h_k of a family `h_{t+c} = …`: its body with t = k − c; a recursive family starts from a drawn h_0. */
  private member(fam: Definition, k: number, key: string, body: Compiled): number {
    const m = this.memo.get(key);
    if (m !== undefined) {
      // NaN: the member is being read (a value is finite)
      if (m !== m) abstain('circular recurrence');
      return m;
    }
    if (k > MAX_INDEX) abstain('index too large');
    if (k <= 0 && this.recursive(fam)) {
      // the start of a recurrence is a free value (0 when the document never writes it); before it there is nothing
      if (k < 0) domain();
      const starts = this.know.written?.starts;
      if (starts && !starts.has(fam.base)) return 0;
      return this.draw(key);
    }
    const { v, offset } = fam.param!;
    const saved = this.bound;
    // a definition sees its own index only, not a Σ index of the step that uses it (one map per depth
    // of members being read, emptied for each: h_6 reads h_5, which reads h_4 …)
    let bound = (this.memberBound[this.memberDepth] ??= new Map());
    // the last member read at this depth left only its own index (made new only for another family's)
    if (bound.size !== 1 || !bound.has(v)) this.memberBound[this.memberDepth] = bound = new Map();
    bound.set(v, k - offset);
    this.bound = bound;
    this.memberDepth++;
    // marked as being read until its value is known (an exception ends the reading of the side)
    this.memo.set(key, NaN);
    if (this.usedLast !== fam) this.usedDefs.add((this.usedLast = fam));
    try {
      const val = body(this);
      this.memo.set(key, val);
      return val;
    } finally {
      this.memberDepth--;
      this.bound = saved;
    }
  }

  private recursive(fam: Definition): boolean {
    let r = this.cache.recursive.get(fam);
    if (r === undefined) {
      r = mentions(fam.body, fam.base, this.know);
      this.cache.recursive.set(fam, r);
    }
    return r;
  }

  /**
   * Labels and predicted probabilities summed over their index (`\sum_j y_j \log \hat y_j`) are
   * drawn as a distribution over the sum's range: derivations use Σ_j y_j = 1.
   */
  private distribution(base: string, from: number, to: number): void {
    if (this.leaves.has(memberName(base, from))) return;
    const w: number[] = [];
    for (let i = from; i <= to; i++) w.push(0.1 + this.random());
    const total = w.reduce((a, b) => a + b, 0);
    for (let i = from; i <= to; i++) {
      const name = memberName(base, i);
      if (this.leaves.has(name)) continue;
      this.leaves.set(name, w[i - from] / total);
      if (this.know.integers.has(name)) this.integers.push(name, w[i - from] / total);
      const stamp = this.stampOf(name);
      stamp.v = w[i - from] / total;
      stamp.point = this.point;
    }
  }

  private readonly ranges: [number, number][] = [];
  /** The index of each Σ/Π open, beside `ranges`. */
  private readonly seriesVars: string[] = [];
  /** Entries read under a Σ (`x_k`, k from 1 to n), by base: the range they were summed over. */
  private summed = new Map<string, [number, number]>();
  /** Entries read at an index no Σ binds (`x_j`), by base. */
  private free = new Map<string, number[]>();

  /** `one`: the index's letter (`x_i`, `h_{t-1}`), or else `letters`, its letters (read once per node). */
  private noteIndex(base: string, one: string | undefined, letters: ReadonlySet<string> | undefined, k: number): void {
    if (letters && !letters.size) return;
    for (let r = this.ranges.length - 1; r >= 0; r--) {
      const v = this.seriesVars[r];
      if (one !== undefined ? one !== v : !letters!.has(v)) continue;
      const [from, to] = this.ranges[r];
      const had = this.summed.get(base);
      if (!had) this.summed.set(base, [from, to]);
      else if (from < had[0] || to > had[1]) this.summed.set(base, [Math.min(had[0], from), Math.max(had[1], to)]);
      return;
    }
    // an index a definition binds (`h_{t-1}` read by the body of `h_t = …` at some step, a function's
    // parameter) is the definition's own, not an entry read at a free index
    if (one !== undefined ? this.bound.has(one) : [...letters!].every((l) => this.bound.has(l))) return;
    const ks = this.free.get(base);
    if (!ks) this.free.set(base, [k]);
    else if (!ks.includes(k)) ks.push(k);
  }

  /**
   * `\frac{\partial}{\partial x_j}(x_j - \mu)` with μ a mean of x_1 … x_n: an entry at a free index is one
   * of those summed, so a point that draws it outside their range is drawn again.
   */
  indexOutside(): boolean {
    for (const [base, ks] of this.free) {
      const r = this.summed.get(base);
      if (r && ks.some((k) => k < r[0] || k > r[1])) return true;
    }
    return false;
  }

  private callValue(fn: string, prime: number, x: number): number {
    if (prime > 1) return abstain('second derivative');
    switch (fn) {
      case 'sigma':
        return prime ? sigmoid(x) * (1 - sigmoid(x)) : sigmoid(x);
      case 'tanh':
        return prime ? 1 - Math.tanh(x) ** 2 : Math.tanh(x);
      case 'relu':
        // away from the kink only
        if (Math.abs(x) < 1e-6) domain();
        return prime ? (x > 0 ? 1 : 0) : Math.max(0, x);
      case 'exp':
        return prime ? Math.exp(x) : Math.exp(x);
      case 'log':
      case 'ln':
        if (x <= 0) domain();
        return prime ? 1 / x : Math.log(x);
      case 'softplus':
        return prime ? sigmoid(x) : Math.log1p(Math.exp(x));
      case 'silu':
      case 'swish':
        // x σ(x), as the evaluator reads them
        return prime ? sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x)) : x * sigmoid(x);
    }
    if (prime) return abstain(`${fn}′`);
    switch (fn) {
      case 'sin':
        return Math.sin(x);
      case 'cos':
        return Math.cos(x);
      case 'tan':
        return Math.tan(x);
      case 'sinh':
        return Math.sinh(x);
      case 'cosh':
        return Math.cosh(x);
      case 'sqrt':
        return x < 0 ? domain() : Math.sqrt(x);
      case 'abs':
        return Math.abs(x);
    }
    return abstain(fn);
  }

  private atRead(name: string, x: number): number {
    this.atReads++;
    this.read(name, this.stampOf(name));
    return x;
  }

  /**
   * The name a variable of differentiation is drawn as at this instance (`o`, `h_{t-1}` → `h_2`);
   * a Σ index or a number of the document is no variable.
   */
  private variable(v: Extract<Node, { t: 'sym' }>): string {
    if (this.bound.has(v.name) || this.know.numbers.has(v.name) || this.know.unknown.has(v.name) || this.know.unknown.has(v.base)) return abstain(`∂/∂${v.name}`);
    if (AMBIGUOUS.has(v.name) || /^[A-Za-z]{2,}$/.test(v.base)) return abstain(`∂/∂${v.name}`);
    const k = v.sub ? this.index(v.sub) : undefined;
    return k === undefined ? v.name : memberName(v.base, k);
  }

  /** Is the name a member of a recurrence (`h_s` with `h_t = \tanh(W h_{t-1} + U x_t)`)? */
  private recurrenceMember(n: Extract<Node, { t: 'sym' }>): boolean {
    const fam = this.know.families.get(n.base);
    return !!fam && !this.know.defs.has(n.name) && isIndexExpr(n.sub) && this.recursive(fam);
  }

  /** Does the document give the name a meaning (a definition, a member of a recurrence)? */
  private defined(n: Extract<Node, { t: 'sym' }>): boolean {
    if (this.know.defs.has(n.name) || (!n.sub && this.know.functions?.has(n.name))) return true;
    return this.know.families.has(n.base) && isIndexExpr(n.sub);
  }

  /**
   * `\frac{d}{dz}(E)`, `\frac{\partial \hat y}{\partial o}`: a central difference of the expression (or of
   * the name's definition) in the variable, every other value held. The derivative of a name the
   * document does not define is an atom equal only to itself; a point where the expression does not
   * depend on the variable is drawn again, so one that never does (a dependence the document leaves
   * unwritten, `\frac{d}{dx}(y^2)`) is not judged.
   */
  private derivative(n: Extract<Node, { t: 'deriv' }>): number {
    if (this.deriving) return abstain('a derivative inside a derivative');
    this.derived = true;
    const name = this.variable(n.wrt);
    let a = n.a;
    while (a.t === 'group') a = a.a;
    // `\frac{\partial h_s}{\partial U}` of a recurrence's member by a name every step reads: the total
    // derivative (through h_{s-1}) or the step's own part ((1 - h_s^2) x_s), as BPTT texts write both
    if (a.t === 'sym' && !isIndexExpr(n.wrt.sub) && this.recurrenceMember(a)) return abstain('total or immediate partial');
    if (a.t === 'sym' && !this.bound.has(a.name)) {
      const of = this.variable(a);
      if (of === name) return 1;
      if (!this.defined(a)) {
        // an atom: its value is drawn like a free name, keyed by what it differentiates
        const d = n.partial ? '∂' : 'd';
        const atom = `${d}${of}/${d}${name}`;
        this.opaque.add(atom);
        return this.draw(atom);
      }
    }
    const x0 = this.ev(n.wrt);
    const h = DERIVATIVE_STEP * Math.max(1, Math.abs(x0));
    // what was read before the derivative holds again after it: its memos are set aside, the points are
    // read with memos of their own (a derivative is never inside another)
    const memo = this.memo;
    const defMemo = this.defMemo;
    const seriesMemo = this.seriesMemo;
    const own = (this.derivativeMemos ??= { memo: new Map(), defMemo: new Map(), seriesMemo: new Map() });
    this.memo = own.memo;
    this.defMemo = own.defMemo;
    this.seriesMemo = own.seriesMemo;
    this.deriving = true;
    const reads = this.atReads;
    const at = (x: number) => {
      // (made new only when they hold something)
      if (this.memo.size) this.memo = new Map();
      if (this.defMemo.size) this.defMemo = new Map();
      if (this.seriesMemo.size) this.seriesMemo = new Map();
      this.at.set(name, x);
      try {
        return this.ev(a);
      } finally {
        this.at.delete(name);
      }
    };
    try {
      const up = at(x0 + h);
      // no dependence at this point (`∂J/∂o_i` with i past J's sum) is drawn again; at none, the step is
      // not judged (what does not read the variable at one value of it does not at another)
      if (this.atReads === reads) return domain();
      const down = at(x0 - h);
      this.approximate = true;
      return (up - down) / (2 * h);
    } finally {
      this.deriving = false;
      this.memo = memo;
      this.defMemo = defMemo;
      this.seriesMemo = seriesMemo;
    }
  }

  /**
   * `f(x)`, `f'(x)`: a function the document defines by a letter, its body at the arguments (its
   * derivative by a central difference); a letter it does not define is a random smooth function.
   */
  private apply(n: Extract<Node, { t: 'apply' }>): number {
    if (n.prime > 1) return abstain('higher derivative');
    const def = this.know.functions?.get(n.fn);
    if (!def) {
      if (this.know.unknown.has(n.fn) || n.args.length !== 1) return abstain(`${n.fn}(…)`);
      this.opaque.add(`${n.fn}()`);
      return this.smooth(n.fn, n.prime, this.ev(n.args[0]));
    }
    if (def.params.length !== n.args.length) return abstain(`${n.fn} with ${n.args.length} arguments`);
    const args = n.args.map((x) => this.ev(x));
    if (n.prime && args.length !== 1) return abstain('a derivative of a function of several arguments');
    const body = (xs: number[]) => {
      const saved = this.bound;
      this.bound = new Map(saved);
      def.params.forEach((p, i) => this.bound.set(p, xs[i]));
      const key = `${n.fn}()`;
      let reading = false;
      try {
        if (this.active.includes(key)) abstain('circular function');
        this.active.push(key);
        reading = true;
        return this.ev(def.body);
      } finally {
        if (reading) this.active.pop();
        this.bound = saved;
      }
    };
    if (!n.prime) return body(args);
    const h = DERIVATIVE_STEP * Math.max(1, Math.abs(args[0]));
    this.approximate = true;
    return (body([args[0] + h]) - body([args[0] - h])) / (2 * h);
  }

  /**
   * A function the document defines by a letter, read by its name alone (`J` after `J(w) = …`, as in
   * `\frac{\partial J}{\partial w}`): its body with the parameters read as the names they are.
   */
  private atParameters(fn: FunctionDefinition): number {
    const key = `${fn.name}()`;
    if (this.active.includes(key)) return abstain('circular function');
    this.active.push(key);
    try {
      return this.ev(fn.body);
    } finally {
      this.active.pop();
    }
  }

  /** ψ, f, g, φ: a random smooth function, the same wherever the instance meets the name. */
  smooth(name: string, prime: number, x: number): number {
    let f = this.fns.get(name);
    if (!f) {
      f = { a: 0.5 + this.random(), b: 0.5 + this.random(), c: this.random() - 0.5, d: this.random() - 0.5 };
      this.fns.set(name, f);
    }
    const u = f.b * x + f.c;
    if (prime === 0) return f.a * Math.tanh(u) + f.d * x;
    if (prime === 1) return f.a * f.b * (1 - Math.tanh(u) ** 2) + f.d;
    return abstain('higher derivative');
  }
}

/** The name a product ends with (`\log p_\theta` ends with p_θ): is a `(` right after it an argument list? */
export function rightmostSym(n: Node): Extract<Node, { t: 'sym' }> | undefined {
  for (;;) {
    if (n.t === 'sym') return n;
    if (n.t === 'bin' && (n.op === 'implicit' || n.op === 'cdot' || n.op === 'times')) n = n.b;
    else if (n.t === 'call' && n.args.length === 1 && n.e === n.args[0].e) n = n.args[0];
    else if (n.t === 'neg') n = n.a;
    else return undefined;
  }
}

function isConstant(n: Node): boolean {
  if (n.t === 'num') return true;
  if (n.t === 'group' || n.t === 'neg') return isConstant(n.a);
  return false;
}

export function hasTopLevelSum(n: Node): boolean {
  return n.t === 'bin' && (n.op === '+' || n.op === '-');
}

/** What an expression reads, through the definitions it reads (not through recurrences). */
interface Reads {
  names: Set<string>;
  /** It applies a function or takes a derivative (whose body or operand sees the names bound where it is read). */
  calls: boolean;
}

function readsOf(n: Node, know: Knowledge): Reads {
  const names = new Set<string>();
  let calls = false;
  const seen = new Set<Node>();
  const walk = (x: Node) => {
    if (x.t === 'apply' || x.t === 'deriv' || (x.t === 'sym' && !x.sub && know.functions?.has(x.name))) calls = true;
    if (x.t === 'sym') {
      const run = runTogetherLetters(x, know);
      if (run) return run.forEach(walk);
      names.add(x.name);
      if (x.sub) walk(x.sub);
      const d = know.defs.get(x.name);
      if (d && !seen.has(d.body)) {
        seen.add(d.body);
        walk(d.body);
      }
      return;
    }
    if (x.t === 'series') names.add(x.v);
    forChildren(x, walk);
  };
  walk(n);
  return { names, calls };
}

/**
 * Does the expression refer to `base` (directly, through definitions or through other recurrences:
 * `h_t = \tanh(z_t)` with `z_t = w h_{t-1} + u x_t` is a recurrence of h)?
 */
function mentions(n: Node, base: string, know: Knowledge, seen = new Set<string>()): boolean {
  let found = false;
  const walk = (x: Node) => {
    if (found) return;
    if (x.t === 'sym') {
      const run = x.base !== base ? runTogetherLetters(x, know) : undefined;
      if (run) run.forEach(walk);
      else if (x.base === base) found = true;
      else {
        const d = know.defs.get(x.name) ?? (x.sub ? know.families.get(x.base) : undefined);
        if (d && !seen.has(d.name)) {
          seen.add(d.name);
          walk(d.body);
        }
      }
      return;
    }
    forChildren(x, walk);
  };
  walk(n);
  return found;
}

/** The factors of a product written side by side (`a_t \cdot W x`), or the node alone. */
function factorsOf(n: Node, out: Node[] = []): Node[] {
  if (n.t === 'bin' && (n.op === 'implicit' || n.op === 'cdot' || n.op === 'times')) {
    factorsOf(n.a, out);
    factorsOf(n.b, out);
  } else out.push(n);
  return out;
}

/** Does the expression read the index `v` (as a name, or in a name's index: `h_t`, `x_{t-1}`)? */
function readsIndex(n: Node, v: string): boolean {
  let found = false;
  const walk = (x: Node) => {
    if (found) return;
    if (x.t === 'sym') {
      found = x.name === v || (!!x.sub && readsIndex(x.sub, v));
      return;
    }
    forChildren(x, walk);
  };
  walk(n);
  return found;
}

/** A product of factors some of which read the index `v` and some of which do not. */
function mixedFactors(body: Node, v: string): boolean {
  const factors = factorsOf(body);
  if (factors.length < 2) return false;
  const reading = factors.filter((f) => readsIndex(f, v)).length;
  return reading > 0 && reading < factors.length;
}

/** Calls `f` on each child of a node (the front end's walker). */
export const forChildren = forEachChild;

/** `z^2` where the document also writes `z^{1}` (a label): the second of them as likely as a square. */
export function superscriptLabel(n: Extract<Node, { t: 'pow' }>, know: Pick<Knowledge, 'labelled'>): boolean {
  if (!know.labelled?.size) return false;
  const a = ungroup(n.a);
  const b = ungroup(n.b);
  return a.t === 'sym' && b.t === 'num' && Number.isInteger(b.v) && b.v >= 2 && know.labelled.has(a.name);
}
