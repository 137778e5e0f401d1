/**
 * One random instantiation of a step that reads declared matrices (`A, B \in \mathbb{R}^{n \times n}`,
 * `x \in \mathbb{R}^d`): every declared name is a random matrix of its shape (a vector a column),
 * its sizes small distinct integers drawn for the instance, so random matrices do not commute and a
 * dropped transpose or a swapped product changes the value. Products, transposes, sums, scalar
 * multiples, `\odot`, inverses of square matrices, `\mathrm{tr}`, `\det`, norms, element-wise
 * activations and a side that is a derivative (a gradient or a Jacobian, by central differences) are computed; a part that reads no declared shape is a number, evaluated by the scalar
 * instance (`instance.ts`) exactly as in a step without matrices. A name declared at a step
 * (`x_t \in \mathbb{R}^m`) is an independent random vector per step, a recurrence over matrices
 * (`h_t = W h_{t-1} + U x_t`) is run from a random start, and `\sum_{k=1}^t W^{t-k} U x_k` is summed.
 *
 * Anything else throws `Abstain` (the step is not judged): shapes that do not fit (the shape pass
 * reports those, the judge never does), an entry of a declared name (`x_i` beside x), a product over
 * matrices, a function whose reading on a matrix is not one convention, a matrix the prose gives a
 * property (symmetric, orthogonal…).
 */
import { forEachChild, type Node, type NodeOf } from '../syntax/ast';
import { Abstain, DERIVATIVE_STEP, DISTRIBUTION, Domain, Instance, PROBABILITY, hasTopLevelSum, indexLetters, isIndexExpr, rightmostSym, runTogetherLetters, superscriptLabel, type Definition, type DrawRule, type Knowledge } from './instance';
import { superscriptName, type DeclaredShape, type DeclaredShapes, type SizeKey } from './declaredShapes';
import * as M from './matrixValue';
import type { Mat, Value } from './matrixValue';

type Sym = NodeOf<'sym'>;

const abstain = (why: string): never => {
  throw new Abstain(why);
};
// one instance thrown every time, as the scalar instance does (a stack trace costs more than the evaluation)
const DOMAIN = new Domain('domain');
const domain = (): never => {
  throw DOMAIN;
};

/** Sizes a symbolic size may take: small, so a product costs little, and more than 1, so a vector is not a number. */
const SMALLEST = 2;
const CHOICES = 3;
/** A size the document gives as a number up to this is kept (a 1×n row stays a row); larger ones are made small. */
const KEEP = 6;
/** Work per instance (nodes visited), as the scalar instance's. */
const WORK = 60_000;
/** Matrix powers computed by repeated products. */
const MAX_POWER = 12;
/** Largest step a recurrence over matrices is run to, and the most terms of a sum of matrices (as the scalar instance's). */
const MAX_INDEX = 40;
const MAX_TERMS = 60;

/** Operators of a product of matrices. */
const PRODUCT = new Set(['implicit', 'cdot', 'times', '*']);
/** Functions read entry by entry on any matrix (activations). */
const ELEMENTWISE = new Set(['sigma', 'tanh', 'relu', 'softplus']);
/** Functions read entry by entry on a vector only: on a square matrix `\exp` may be the matrix exponential. */
const ELEMENTWISE_VECTOR = new Set(['exp', 'log', 'ln']);

/**
 * What a step reads, worked out once per step: which of its parts read a declared shape (directly,
 * through a definition, a recurrence, a run-together name `QK` or a named superscript `W^Q`).
 */
export class MatrixReading {
  private readonly cache = new Map<Node, boolean>();
  private readonly bodies = new Map<Definition, boolean>();
  private readonly recurrent = new Map<Node, boolean>();
  /** The sizes of the declared names the step reads, in the order met. */
  readonly sizes: SizeKey[] = [];
  private readonly seenSizes = new Set<string>();
  /** A side of the step is a derivative (`\frac{\partial L}{\partial W}`): labels are drawn as distributions. */
  derivatives = false;
  /** The matrices of quadratic forms the step reads (A of `x^\top A x`, `V^\top A V`): drawn symmetric when the rule asks. */
  readonly quadratic = new Set<string>();

  constructor(
    readonly know: Knowledge,
    readonly shapes: DeclaredShapes,
  ) {}

  /** Does the expression read a declared matrix or vector? */
  reads(n: Node | undefined): boolean {
    if (!n) return false;
    let r = this.cache.get(n);
    if (r === undefined) {
      this.cache.set(n, false); // a definition that reads itself: not through itself
      r = this.compute(n);
      this.cache.set(n, r);
    }
    return r;
  }

  private compute(n: Node): boolean {
    if (n.t === 'sym') return this.symReads(n);
    let found = false;
    if (n.t === 'pow') {
      const named = superscriptName(n);
      if (named && this.declared(named)) return true;
    }
    forEachChild(n, (c) => {
      if (this.reads(c)) found = true;
    });
    return found;
  }

  private symReads(n: Sym): boolean {
    // every way the name reads a shape is followed, so that every size is noted before an instance draws it
    // (`H` declared and defined as `\sigma(XW + b)` reads X's sizes too)
    const { know } = this;
    let found = !!this.declared(n.name);
    // `x_i` of a declared x: an entry (the judge does not read entries of a drawn matrix)
    if (n.sub && this.shapes.get(n.base)) found = true;
    // `x_k` of a declared `x_t`: the vector at step k
    if (n.sub && isIndexExpr(n.sub) && this.atStep(n.base)) found = true;
    for (const l of this.letters(n) ?? []) if (this.declared(l.name)) found = true;
    const def = know.defs.get(n.name);
    if (def && this.body(def)) found = true;
    const fam = n.sub ? know.families.get(n.base) : undefined;
    if (fam && this.body(fam)) found = true;
    return found;
  }

  private body(def: Definition): boolean {
    let r = this.bodies.get(def);
    if (r === undefined) {
      this.bodies.set(def, false);
      r = this.reads(def.body);
      this.bodies.set(def, r);
    }
    return r;
  }

  /**
   * The shape declared for a name at a step (`x_t \in \mathbb{R}^m`, any index letter of the document),
   * noting its sizes: every `x_k` has it.
   */
  atStep(base: string): DeclaredShape | undefined {
    for (const l of this.know.integers) {
      if (!/^[A-Za-z]$/.test(l)) continue;
      const d = this.declared(`${base}_${l}`);
      if (d) return d;
    }
    return undefined;
  }

  /** The declared shape of a name here, noting its sizes. */
  declared(name: string): DeclaredShape | undefined {
    const d = this.shapes.get(name);
    if (d) {
      for (const s of d.dims) {
        if (this.seenSizes.has(s.key)) continue;
        this.seenSizes.add(s.key);
        this.sizes.push(s);
      }
    }
    return d;
  }

  /** `QK`, `XW_Q`, `Wh_t`: letters run together read as their product, as the scalar instance reads them (`runTogetherLetters`). */
  letters(n: Sym): Sym[] | undefined {
    return runTogetherLetters(n, this.know);
  }

  /**
   * Does `operand` read `name` through a recurrence whose every step reads it (`h_t` of
   * `h_t = \tanh(W h_{t-1} + b)`, by b)? Its derivative by that name is then the immediate one (h_{t-1}
   * held, as BPTT writes `\frac{\partial h_t}{\partial b}` before summing over steps) or the total one.
   */
  throughRecurrence(operand: Node, name: string): boolean {
    // the operand of one derivative: always by the same name
    let r = this.recurrent.get(operand);
    if (r === undefined) {
      r = this.reaches(operand, (s) => {
        const fam = s.sub ? this.know.families.get(s.base) : undefined;
        return !!fam && this.reaches(fam.body, (x) => x.base === fam.base) && this.reaches(fam.body, (x) => x.name === name);
      });
      this.recurrent.set(operand, r);
    }
    return r;
  }

  /** Notes the matrices of the quadratic forms `n` reads (`x^\top A x`), also through definitions and recurrences. */
  quadraticForms(n: Node, seen = new Set<Definition>()): void {
    if (n.t === 'sym') {
      for (const def of this.unseenDefinitions(n, seen)) this.quadraticForms(def.body, seen);
      return;
    }
    if (n.t === 'bin' && PRODUCT.has(n.op)) {
      const fs = this.factors(n);
      for (let i = 1; i + 1 < fs.length; i++) {
        const [before, a, after] = [fs[i - 1], fs[i], fs[i + 1]];
        if (before.t === 'transpose' && before.a.t === 'sym' && a.t === 'sym' && after.t === 'sym' && before.a.name === after.name) this.quadratic.add(a.name);
      }
    }
    forEachChild(n, (c) => this.quadraticForms(c, seen));
  }

  /** The factors of a product as written (`x^\top A x`, letters run together read apart). */
  private factors(n: Node): Node[] {
    if (n.t === 'bin' && PRODUCT.has(n.op)) return [...this.factors(n.a), ...this.factors(n.b)];
    return n.t === 'sym' ? (this.letters(n) ?? [n]) : [n];
  }

  /** The definitions and recurrences a name (or its letters run together) reads that `seen` lacks, added to it. */
  private unseenDefinitions(n: Sym, seen: Set<Definition>): Definition[] {
    const out: Definition[] = [];
    for (const s of [n, ...(this.letters(n) ?? [])]) {
      const def = this.know.defs.get(s.name) ?? (s.sub ? this.know.families.get(s.base) : undefined);
      if (def && !seen.has(def)) {
        seen.add(def);
        out.push(def);
      }
    }
    return out;
  }

  /** Does `n` read a name `hit` accepts, directly, in letters run together, or through definitions and recurrences? */
  private reaches(n: Node, hit: (s: Sym) => boolean, seen = new Set<Definition>()): boolean {
    if (n.t === 'sym') {
      if (hit(n) || this.letters(n)?.some(hit)) return true;
      for (const def of this.unseenDefinitions(n, seen)) if (this.reaches(def.body, hit, seen)) return true;
      return false;
    }
    let found = false;
    forEachChild(n, (c) => {
      if (!found && this.reaches(c, hit, seen)) found = true;
    });
    return found;
  }
}

/**
 * The reading of a step with matrices, or undefined when neither side reads a declared shape (the
 * scalar instance judges it, as it always did).
 */
export function matrixReading(left: Node, right: Node, know: Knowledge): MatrixReading | undefined {
  if (!know.shapes) return undefined;
  const reading = new MatrixReading(know, know.shapes);
  const l = reading.reads(left);
  const r = reading.reads(right);
  if (!l && !r) return undefined;
  reading.derivatives = isDerivative(left) || isDerivative(right);
  if (reading.derivatives) for (const side of [left, right]) reading.quadraticForms(side);
  return reading;
}

function isDerivative(n: Node): boolean {
  while (n.t === 'group') n = n.a;
  return n.t === 'deriv';
}

export class MatrixInstance {
  private readonly scalar: Instance;
  /** Size key → the size drawn for this instance. */
  private readonly size = new Map<string, number>();
  /** Sizes with a name that the step's matrices used (shown in a counterexample). */
  private readonly namedSizes = new Map<string, number>();
  private readonly drawn = new Map<string, Mat>();
  private readonly values = new Map<string, Value>();
  private readonly active = new Set<string>();
  private readonly defs = new Set<Definition>();
  /** Indices of the sums and the recurrence step being evaluated (`k` of `\sum_k`, t of `h_t = …`). */
  private readonly bound = new Map<string, number>();
  /** Steps of recurrences over matrices already run (`h_3`). */
  private readonly members = new Map<string, Value>();
  private work = WORK;
  /** Free values read by the last `value` call (drawn or already drawn). */
  reads = new Set<string>();

  constructor(
    private readonly reading: MatrixReading,
    private readonly random: () => number,
    private readonly rule: DrawRule = {},
  ) {
    this.drawSizes();
    // a size read as a number in the step (`\frac{1}{n}`) is the size its matrices have
    const numbers = new Map(reading.know.numbers);
    for (const s of reading.sizes) if (s.name && s.value === undefined && !numbers.has(s.name)) numbers.set(s.name, this.size.get(s.key)!);
    this.scalar = new Instance({ ...reading.know, numbers }, random, rule);
  }

  /** Symbolic sizes are distinct small integers in a random order; sizes given as small numbers are kept. */
  private drawSizes(): void {
    const kept = new Set<number>();
    const free: SizeKey[] = [];
    for (const s of this.reading.sizes) {
      if (s.value !== undefined && Number.isInteger(s.value) && s.value >= 1 && s.value <= KEEP) {
        this.size.set(s.key, s.value);
        kept.add(s.value);
      } else free.push(s);
    }
    const pool: number[] = [];
    for (let v = SMALLEST; pool.length < Math.max(CHOICES, free.length); v++) if (!kept.has(v)) pool.push(v);
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    free.forEach((s, i) => this.size.set(s.key, pool[i]));
  }

  /** Every free value drawn: the named sizes of the step's matrices and the numbers drawn. */
  get leaves(): Map<string, number> {
    return new Map([...this.namedSizes, ...this.scalar.leaves]);
  }

  get usedDefs(): Set<Definition> {
    return new Set([...this.defs, ...this.scalar.usedDefs]);
  }

  get approximate(): boolean {
    return this.derived || this.scalar.approximate;
  }

  /** A derivative was taken numerically (judged with a numeric derivative's tolerance). */
  private derived = false;
  /** The defined name a derivative is taken by, at its moved value, and how often it was read. */
  private held: { name: string; value: Mat; reads: number } | undefined;
  private deriving = false;
  /** The side being read: a derivative over matrices is read only as a whole side. */
  private side: Node | undefined;
  /**
   * The last side read is a derivative over matrices, worked out with ∂L/∂W of W's shape and a Jacobian
   * ∂f/∂x with a row per entry of f: its transpose is the same derivative in the other layout, which
   * writers use as well.
   */
  layoutFree = false;
  /** A derivative of a number by a declared matrix or vector was taken (a gradient, not a Jacobian). */
  gradient = false;

  /** The value of an expression at this instance: a number, or a matrix of at least two entries. */
  value(n: Node): Value {
    this.reads = new Set();
    let side = n;
    while (side.t === 'group') side = side.a;
    this.side = side;
    this.layoutFree = false;
    return this.ev(n);
  }

  private ev(n: Node): Value {
    if (!this.reading.reads(n)) return this.number(n);
    if (--this.work < 0) abstain('too much work');
    const v = this.node(n);
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) domain();
      return v;
    }
    for (const x of v.d) if (!Number.isFinite(x)) domain();
    return M.collapse(v);
  }

  /** A part without matrices: the scalar instance's value (with the indices bound here written in as numbers). */
  private number(n: Node): number {
    const v = this.scalar.value(this.bound.size ? this.substitute(n) : n);
    for (const r of this.scalar.readNames) this.reads.add(r);
    return v;
  }

  /**
   * `n` with the indices bound here as numbers (`W^{t-k}` inside `\sum_k` at k = 2 → `W^{t-2}`): the
   * scalar instance evaluates it without knowing the sum. A label over an index (`\alpha_{t,k}`) would
   * be one number for every k: not judged.
   */
  private substitute(n: Node): Node {
    const sub = (x: Node) => this.substitute(x);
    switch (n.t) {
      case 'sym': {
        const b = n.sub ? undefined : this.bound.get(n.name);
        if (b !== undefined) return numberNode(b, n);
        if (n.sub && isIndexExpr(n.sub)) return { ...n, sub: sub(n.sub) };
        if (n.subText !== undefined) for (const v of this.bound.keys()) if (/^[A-Za-z]$/.test(v) && n.subText.includes(v)) abstain(`${n.name} under Σ over ${v}`);
        return n;
      }
      case 'num':
      case 'dots':
      case 'unread':
        return n;
      case 'bin':
      case 'frac':
      case 'pow':
      case 'binom':
        return { ...n, a: sub(n.a), b: sub(n.b) };
      case 'sqrt':
        return { ...n, a: sub(n.a), n: n.n && sub(n.n) };
      case 'call':
        return { ...n, args: n.args.map(sub), power: n.power && sub(n.power), base: n.base && sub(n.base) };
      case 'series':
        if (this.bound.has(n.v)) return abstain(`a sum over ${n.v} inside a sum over ${n.v}`);
        return { ...n, from: sub(n.from), to: sub(n.to), body: sub(n.body) };
      case 'mat':
        return { ...n, rows: n.rows.map((r) => r.map(sub)) };
      case 'tuple':
        return { ...n, items: n.items.map(sub) };
      case 'space':
        return { ...n, dims: n.dims.map(sub) };
      case 'deriv':
      case 'apply':
        // derivatives and letters applied are read for scalar steps only
        return abstain(`${n.t} over matrices`);
      default:
        return { ...n, a: sub(n.a) };
    }
  }

  private node(n: Node): Value {
    switch (n.t) {
      case 'sym':
        return this.sym(n);
      case 'group':
        return this.ev(n.a);
      case 'neg': {
        const a = this.ev(n.a);
        return typeof a === 'number' ? -a : M.scale(a, -1);
      }
      case 'transpose':
        return this.transpose(n);
      case 'bin':
        return this.bin(n);
      case 'frac':
        return this.divide(this.ev(n.a), this.ev(n.b));
      case 'pow':
        return this.pow(n);
      case 'sqrt': {
        if (n.n) return abstain('root');
        const a = this.scalarOf(this.ev(n.a), '√ of a matrix');
        return a < 0 ? domain() : Math.sqrt(a);
      }
      case 'abs':
        return Math.abs(this.scalarOf(this.ev(n.a), '|·| of a matrix'));
      case 'norm':
        return this.norm(n);
      case 'call':
        return this.call(n);
      case 'mat':
        return this.literal(n);
      case 'series':
        return this.series(n);
      case 'deriv':
        return this.derivative(n);
      default:
        // limits, anything else: not judged
        return abstain(n.t);
    }
  }

  private scalarOf(v: Value, why: string): number {
    return typeof v === 'number' ? v : abstain(why);
  }

  private sym(n: Sym): Value {
    const { know } = this.reading;
    const b = n.sub ? undefined : this.bound.get(n.name);
    if (b !== undefined) return b;
    if (know.unknown.has(n.name) || know.unknown.has(n.base)) return abstain(`${n.name} has a definition the engine cannot read`);
    if (know.numbers.has(n.name)) return abstain(`${n.name} is a number and a shape`);
    const def = know.defs.get(n.name);
    if (def) return this.definition(def);
    if (n.sub && isIndexExpr(n.sub)) {
      // `h_{t-1}` of a recurrence (also when `h_t` is declared: its shape is the start's), `x_k` of a declared `x_t`
      const fam = know.families.get(n.base);
      if (fam) return this.member(fam, this.index(n.sub));
      const at = this.reading.atStep(n.base);
      if (at) {
        const key = `${n.base}_${this.index(n.sub)}`;
        return this.draw(key, this.reading.declared(key) ?? at);
      }
    }
    const shape = this.reading.declared(n.name);
    if (shape) return this.draw(n.name, shape);
    const letters = this.reading.letters(n);
    if (letters) return letters.map((l) => this.ev(l)).reduce((a, b) => this.product(a, b));
    // `x_i` of a declared x, or a recurrence whose steps are matrices
    return abstain(`${n.name}: an entry of a declared matrix, or a recurrence over matrices`);
  }

  private definition(def: Definition): Value {
    // a definition may read a sum's index, as in the scalar instance: its value is kept outside sums only
    const known = this.bound.size ? undefined : this.values.get(def.name);
    if (known !== undefined) return known;
    // the variable of a derivative being taken (`\frac{\partial s}{\partial z}` with `z = Wh + x`): its value as moved
    if (this.held?.name === def.name) {
      this.held.reads++;
      return this.held.value;
    }
    if (this.active.has(def.name)) return abstain('circular definition');
    this.defs.add(def);
    this.active.add(def.name);
    try {
      const v = this.ev(def.body);
      if (!this.bound.size) this.values.set(def.name, v);
      return v;
    } finally {
      this.active.delete(def.name);
    }
  }

  private index(sub: Node): number {
    const k = this.scalarOf(this.ev(sub), 'an index that is a matrix');
    return Number.isInteger(k) ? k : abstain('non-integer index');
  }

  /**
   * Step k of a recurrence `h_{t+c} = …` over matrices: its body with t = k − c; a recurrence starts
   * from a random value of the shape declared for it (`h_t` or `h_0`), before which there is nothing.
   */
  private member(fam: Definition, k: number): Value {
    const key = `${fam.base}_${k}`;
    // the step a derivative is taken by (`\frac{\partial h_t}{\partial h_{t-1}}`): its value as moved
    if (this.held?.name === key) {
      this.held.reads++;
      return this.held.value;
    }
    const m = this.members.get(key);
    if (m !== undefined) return m;
    if (k > MAX_INDEX) return abstain('index too large');
    if (k <= 0 && this.recursive(fam)) {
      if (k < 0) return domain();
      const start = this.reading.declared(key) ?? this.reading.declared(fam.name) ?? this.reading.atStep(fam.base);
      return start ? this.draw(key, start) : abstain(`no shape declared for ${key}`);
    }
    if (this.active.has(key)) return abstain('circular recurrence');
    const { v, offset } = fam.param!;
    const saved = new Map(this.bound);
    // a definition sees its own index only, not a sum's index of the step that uses it
    this.bound.clear();
    this.bound.set(v, k - offset);
    this.active.add(key);
    this.defs.add(fam);
    try {
      const val = this.ev(fam.body);
      this.members.set(key, val);
      return val;
    } finally {
      this.active.delete(key);
      this.bound.clear();
      for (const [a, b] of saved) this.bound.set(a, b);
    }
  }

  /** Does a recurrence's body read its own sequence (directly or through definitions)? */
  private recursive(fam: Definition): boolean {
    const seen = new Set<string>();
    let found = false;
    const walk = (x: Node) => {
      if (found) return;
      if (x.t === 'sym') {
        if (x.base === fam.base) found = true;
        const d = this.reading.know.defs.get(x.name);
        if (d && !seen.has(d.name)) {
          seen.add(d.name);
          walk(d.body);
        }
        return;
      }
      forEachChild(x, walk);
    };
    walk(fam.body);
    return found;
  }

  /** `\sum_{k=1}^t W^{t-k} U x_k`: a sum of matrices over a range of integers (a product over them is not judged). */
  private series(n: NodeOf<'series'>): Value {
    if (n.op !== 'sum') return abstain('a product of matrices over an index');
    if (this.bound.has(n.v)) return abstain(`a sum over ${n.v} inside a sum over ${n.v}`);
    const from = this.index(n.from);
    const to = this.index(n.to);
    // an empty sum of matrices is a zero of a shape nobody wrote
    if (to < from) return abstain('an empty sum of matrices');
    if (to - from + 1 > MAX_TERMS) return abstain('too many terms');
    let acc: Value | undefined;
    try {
      for (let i = from; i <= to; i++) {
        this.bound.set(n.v, i);
        const t = this.ev(n.body);
        if (acc === undefined) acc = t;
        else if (typeof acc === 'number' && typeof t === 'number') acc += t;
        else if (typeof acc !== 'number' && typeof t !== 'number') acc = M.add(acc, t) ?? abstain('sizes of a sum');
        else return abstain('a sum of numbers and matrices');
      }
    } finally {
      this.bound.delete(n.v);
    }
    return acc!;
  }

  /**
   * `\frac{\partial L}{\partial W}`, `\frac{\partial}{\partial x}(x^\top A x)`, `\frac{\partial \hat y}{\partial o}`:
   * the derivative of a number by a declared matrix or vector (a matrix of W's shape), or of a vector by
   * a declared vector (the Jacobian, a row per entry of the vector), by central differences entry by
   * entry. Only as a whole side (whose layout is then free, `layoutFree`); a derivative of a matrix, of
   * anything by a name not declared, of a recurrence by a name each of its steps reads (immediate or
   * total), inside a sum or inside another derivative is not judged.
   */
  private derivative(n: NodeOf<'deriv'>): Value {
    if (this.deriving) return abstain('a derivative inside a derivative');
    if (n !== this.side) return abstain('a derivative over matrices inside an expression (its layout)');
    const wrt = n.wrt;
    const { know } = this.reading;
    if (this.bound.size || (wrt.sub && !isIndexExpr(wrt.sub))) return abstain(`∂/∂${wrt.name} in a step with matrices`);
    // the variable: a name the step defines (`z = Wh + x`) or a step of a recurrence over vectors (`h_{t-1}`)
    // at its value here, or a declared name's random matrix (`W`, the input at a step `x_t`)
    const def = know.defs.get(wrt.name);
    const fam = !def && wrt.sub ? know.families.get(wrt.base) : undefined;
    const atStep = !def && !fam && wrt.sub ? this.reading.atStep(wrt.base) : undefined;
    // a step of a recurrence (`h_{t-1}`) or an input declared at a step (`x_t`) is read by one step; any
    // other name may be read by every step of a recurrence the operand reads
    if (!fam && !atStep && this.reading.throughRecurrence(n.a, wrt.name)) return abstain(`∂/∂${wrt.name} of a recurrence that reads it at every step: immediate or total`);
    let x: Mat;
    /** The name whose reading shows that the derivative's operand depends on the variable. */
    let drawn: string | undefined;
    // the step a step of a recurrence or an input declared at a step is taken at (`h_{t-1}` at t = 3: 2)
    const k = fam || atStep ? this.index(wrt.sub!) : undefined;
    if (def || fam) {
      const v = def ? this.ev(wrt) : this.member(fam!, k!);
      if (typeof v === 'number') return abstain(`∂/∂${wrt.name} of a number in a step with matrices`);
      x = { rows: v.rows, cols: v.cols, d: Float64Array.from(v.d) };
      this.held = { name: def ? wrt.name : `${wrt.base}_${k}`, value: x, reads: 0 };
    } else {
      drawn = atStep ? `${wrt.base}_${k}` : wrt.name;
      const shape = atStep ? (this.reading.declared(drawn) ?? atStep) : wrt.sub ? undefined : this.reading.declared(wrt.name);
      if (!shape) return abstain(`∂/∂${wrt.name} in a step with matrices`);
      x = this.draw(drawn, shape);
    }
    const values = new Map(this.values);
    const members = new Map(this.members);
    const at = (): Value => {
      this.values.clear();
      this.members.clear();
      return this.ev(n.a);
    };
    this.deriving = true;
    const reads = this.reads;
    this.reads = new Set();
    const columns: Value[] = [];
    try {
      for (let e = 0; e < x.d.length; e++) {
        const x0 = x.d[e];
        const h = DERIVATIVE_STEP * Math.max(1, Math.abs(x0));
        x.d[e] = x0 + h;
        const up = at();
        x.d[e] = x0 - h;
        const down = at();
        x.d[e] = x0;
        if (typeof up === 'number' && typeof down === 'number') columns.push((up - down) / (2 * h));
        else if (typeof up !== 'number' && typeof down !== 'number' && M.sameShape(up, down) && (up.rows === 1 || up.cols === 1) && (x.rows === 1 || x.cols === 1)) {
          columns.push(M.scale(M.add(up, down, -1)!, 1 / (2 * h)));
        } else return abstain('a derivative of a matrix, or of a vector by a matrix');
      }
      // `\frac{\partial L}{\partial W}` of an L that does not read W: a dependence the document leaves unwritten
      if (drawn === undefined ? !this.held!.reads : !this.reads.has(drawn)) return abstain(`${n.a.t === 'sym' ? n.a.name : 'the expression'} does not read ${wrt.name}`);
    } finally {
      for (const r of this.reads) reads.add(r);
      this.reads = reads;
      this.deriving = false;
      this.held = undefined;
      this.values.clear();
      this.members.clear();
      for (const [k, v] of values) this.values.set(k, v);
      for (const [k, v] of members) this.members.set(k, v);
    }
    this.derived = true;
    this.layoutFree = true;
    const first = columns[0];
    if (typeof first === 'number') {
      this.gradient = true;
      return M.collapse(M.matrix(x.rows, x.cols, (i, j) => columns[i * x.cols + j] as number));
    }
    // the Jacobian: entry (i, e) is ∂f_i/∂x_e
    return M.collapse(M.matrix(first.d.length, columns.length, (i, e) => (columns[e] as Mat).d[i]));
  }

  /** A declared name's random matrix (the same everywhere in the instance). */
  private draw(name: string, shape: DeclaredShape): Mat {
    if (shape.special) return abstain(`${name} has a property random matrices lack`);
    if (shape.dims.length < 1 || shape.dims.length > 2) return abstain(`${name} is neither a vector nor a matrix`);
    this.reads.add(name);
    const known = this.drawn.get(name);
    if (known) return known;
    const [rows, cols] = shape.dims.map((s) => {
      const v = this.size.get(s.key) ?? abstain(`a size of ${name} not drawn`);
      if (s.name && s.value === undefined) this.namedSizes.set(s.name, v);
      return v;
    });
    const base = name.replace(/_.*$/, '');
    const entry = (): number => {
      const r = this.random();
      if (this.rule.fixed?.bases.has(base)) return this.rule.fixed.value;
      if (PROBABILITY.test(base)) return 0.05 + 0.9 * r;
      const sign = this.random() < 0.5 ? -1 : 1;
      return (this.rule.positive ? 1 : sign) * (0.5 + 1.5 * r);
    };
    const m = M.matrix(rows, cols ?? 1, entry);
    if (this.rule.symmetric && m.rows === m.cols && this.reading.quadratic.has(name)) for (let i = 0; i < m.rows; i++) for (let j = 0; j < i; j++) m.d[i * m.cols + j] = m.d[j * m.cols + i];
    // in a derivative, labels and predicted probabilities summed over are a distribution, as derivations
    // use it (∂/∂o of −yᵀ log softmax(o) is softmax(o) − y when the entries of y add up to 1)
    if (this.reading.derivatives && (m.rows === 1 || m.cols === 1) && DISTRIBUTION.test(base) && !this.rule.fixed?.bases.has(base)) {
      for (let k = 0; k < m.d.length; k++) m.d[k] = 0.1 + Math.abs(m.d[k]);
      const total = m.d.reduce((a, b) => a + b, 0);
      for (let k = 0; k < m.d.length; k++) m.d[k] /= total;
    }
    this.drawn.set(name, m);
    return m;
  }

  /**
   * An operator written on letters run together (`QK^T`, `AB^{-1}`) applies to the last letter; the
   * letters before it multiply the result. Undefined when the operand is no such run.
   */
  private onLastLetter<N extends NodeOf<'transpose'> | NodeOf<'pow'>>(n: N, apply: (on: N) => Value): Value | undefined {
    const letters = n.a.t === 'sym' ? this.reading.letters(n.a) : undefined;
    if (!letters) return undefined;
    const last = letters.pop()!;
    const value = apply({ ...n, a: last });
    return [...letters.map((l) => this.ev(l)), value].reduce((a, b) => this.product(a, b));
  }

  private transpose(n: NodeOf<'transpose'>): Value {
    // `QK^T`: the transpose of the last letter of a run-together name
    const ofLast = this.onLastLetter(n, (m) => this.transpose(m));
    if (ofLast !== undefined) return ofLast;
    const a = this.ev(n.a);
    // `W^T` where T is a length here: a transpose or a power, unless W cannot be raised to a power
    const power = n.viaT && this.reading.know.integers.has('T');
    if (typeof a === 'number') return power ? abstain('transpose or power T') : a;
    if (power && a.rows === a.cols) return abstain('transpose or power T');
    return M.transpose(a);
  }

  private bin(n: NodeOf<'bin'>): Value {
    switch (n.op) {
      case '+':
      case '-': {
        const a = this.ev(n.a);
        const b = this.ev(n.b);
        const sign = n.op === '+' ? 1 : -1;
        if (typeof a === 'number' && typeof b === 'number') return a + sign * b;
        if (typeof a === 'number' || typeof b === 'number') {
          // `1 - z` of a gate vector is entry by entry; any other number beside a matrix (a bias
          // broadcast, `A + 1` for A + I) is a convention, not one value
          const [k, kNode, m] = typeof a === 'number' ? [a, n.a, b as Mat] : [b as number, n.b, a];
          if (!isNumeral(kNode) || (m.rows !== 1 && m.cols !== 1)) return abstain('a number plus a matrix');
          return M.map(m, (v) => (typeof a === 'number' ? k + sign * v : v + sign * k));
        }
        return M.add(a, b, sign) ?? abstain('sizes of a sum');
      }
      case 'implicit': {
        if (n.b.t === 'tuple') return abstain('tuple');
        // `W(h + x)` is a product; `f(Wx)` may be a function applied: only a declared matrix before `(` multiplies
        if (n.b.t === 'group' && !hasTopLevelSum(n.b.a)) {
          const before = rightmostSym(n.a);
          if (before?.e === n.b.s && !this.reading.declared(before.name)) return abstain('function or product');
        }
        return this.product(this.ev(n.a), this.ev(n.b));
      }
      case 'cdot':
      case 'times':
      case '*':
        return this.product(this.ev(n.a), this.ev(n.b));
      case 'odot': {
        const a = this.ev(n.a);
        const b = this.ev(n.b);
        if (typeof a === 'number' && typeof b === 'number') return a * b;
        if (typeof a === 'number' || typeof b === 'number') return abstain('⊙ of a number and a matrix');
        return M.hadamard(a, b) ?? abstain('sizes of ⊙');
      }
      case '/':
      case 'div':
        return this.divide(this.ev(n.a), this.ev(n.b));
      default:
        return abstain(n.op);
    }
  }

  private product(a: Value, b: Value): Value {
    if (typeof a === 'number') return typeof b === 'number' ? a * b : M.scale(b, a);
    if (typeof b === 'number') return M.scale(a, b);
    const m = M.multiply(a, b);
    return m ? M.collapse(m) : abstain('inner sizes of a product');
  }

  private divide(a: Value, b: Value): Value {
    if (typeof b !== 'number') return abstain('division by a matrix');
    const size = typeof a === 'number' ? Math.abs(a) : M.maxAbs(a);
    if (Math.abs(b) < 1e-9 * Math.max(1, size)) domain();
    return typeof a === 'number' ? a / b : M.scale(a, 1 / b);
  }

  private pow(n: NodeOf<'pow'>): Value {
    const named = superscriptName(n);
    const shape = named ? this.reading.declared(named) : undefined;
    if (named && shape) return this.draw(named, shape);
    let base = n.a;
    while (base.t === 'group') base = base.a;
    if (base.t === 'sym' && isIndexExpr(n.b)) {
      for (const l of indexLetters(n.b, new Set())) if (this.reading.know.superscripts.has(l)) return abstain('a superscript index or a power');
    }
    if (superscriptLabel(n, this.reading.know)) return abstain('a superscript label or a power');
    if (n.a.t === 'sym' && n.a.name === 'e' && !this.reading.know.defs.has('e')) return abstain('e to a matrix');
    // `AB^{-1}`: the power of the last letter of a run-together name
    const ofLast = this.onLastLetter(n, (m) => this.pow(m));
    if (ofLast !== undefined) return ofLast;
    const a = this.ev(n.a);
    if (typeof a === 'number') {
      const b = this.scalarOf(this.ev(n.b), 'a power that is a matrix');
      if (a < 0 && !Number.isInteger(b)) domain();
      if (a === 0 && b < 0) domain();
      return Math.pow(a, b);
    }
    // `W^2`, `W^{-1}`, and `W^{t-k}` with integer indices
    const k = integerConstant(n.b) ?? this.scalarOf(this.ev(n.b), 'a power that is a matrix');
    if (!Number.isInteger(k) || Math.abs(k) > MAX_POWER) return abstain('a matrix power that is not a small integer');
    // `1 - h_t^2` (tanh′ as BPTT writes it): a vector squared as written is squared entry by entry; its
    // other reading, hᵀh, is a number, and a side that reads it so does not have the shape of one read entry by entry
    if ((a.rows === 1 || a.cols === 1) && integerConstant(n.b) === 2) return M.map(a, (x) => x * x);
    if (a.rows !== a.cols) return abstain('a power of a matrix that is not square');
    if (k === 0) return M.identity(a.rows);
    let m = a;
    if (k < 0) {
      const inv = M.inverse(a);
      if (inv === 'singular') return domain();
      m = inv ?? abstain('inverse');
    }
    let out = m;
    for (let i = 1; i < Math.abs(k); i++) out = M.multiply(out, m)!;
    return out;
  }

  /** `\|x\|` and `\|x\|_2` of a vector, `\|A\|_F`; other norms of matrices are not one convention. */
  private norm(n: NodeOf<'norm'>): number {
    const a = this.ev(n.a);
    if (typeof a === 'number') return n.kind === undefined || n.kind === '2' || n.kind === 'F' ? Math.abs(a) : abstain('norm');
    const vector = a.rows === 1 || a.cols === 1;
    if ((vector && (n.kind === undefined || n.kind === '2')) || n.kind === 'F') return Math.sqrt(a.d.reduce((s, x) => s + x * x, 0));
    return abstain('a matrix norm');
  }

  private call(n: NodeOf<'call'>): Value {
    if (n.base || n.args.length !== 1) return abstain(`${n.fn} with a base or several arguments`);
    const x = this.ev(n.args[0]);
    if (typeof x === 'number') {
      // σ(xᵀw): a function of a number, read as the scalar instance reads it
      if (n.power && this.reading.reads(n.power)) return abstain('a power that reads a matrix');
      return this.number({ ...n, args: [numberNode(x, n.args[0])] });
    }
    if (n.power) return abstain(`${n.fn} to a power of a matrix`);
    switch (n.fn) {
      case 'tr':
      case 'trace':
        if (n.prime) return abstain('tr′');
        return M.trace(x) ?? abstain('trace of a matrix that is not square');
      case 'det': {
        if (n.prime) return abstain('det′');
        const d = M.determinant(x);
        return d === 'singular' ? domain() : (d ?? abstain('determinant of a matrix that is not square'));
      }
      case 'diag':
        // a vector's diagonal matrix; `\mathrm{diag}(A)` of a matrix is its diagonal in some texts, a block matrix in others
        if (n.prime || x.cols !== 1) return abstain('diag of a matrix');
        return M.matrix(x.rows, x.rows, (i, j) => (i === j ? x.d[i] : 0));
      case 'softmax':
        if (n.prime || (x.rows !== 1 && x.cols !== 1)) return abstain('softmax of a matrix (by rows or by columns)');
        return softmax(x);
    }
    const vector = x.rows === 1 || x.cols === 1;
    if (ELEMENTWISE.has(n.fn) || (ELEMENTWISE_VECTOR.has(n.fn) && vector)) {
      return M.map(x, (v) => this.number({ ...n, args: [numberNode(v, n.args[0])] }));
    }
    return abstain(`${n.fn} of a matrix`);
  }

  /** `\begin{bmatrix} a & b \\ c & d \end{bmatrix}` of numbers. */
  private literal(n: NodeOf<'mat'>): Value {
    if (n.blocks || !n.rows.length) return abstain('a matrix of blocks');
    const cols = n.rows[0].length;
    if (!cols || n.rows.some((r) => r.length !== cols)) return abstain('rows of different lengths');
    const cells = n.rows.map((r) => r.map((c) => this.scalarOf(this.ev(c), 'a matrix in a matrix')));
    return M.collapse(M.matrix(n.rows.length, cols, (i, j) => cells[i][j]));
  }
}

function numberNode(v: number, at: Node): Node {
  return { t: 'num', v, text: String(v), decimals: 0, s: at.s, e: at.e };
}

function softmax(x: Mat): Mat {
  const top = Math.max(...x.d);
  const e = M.map(x, (v) => Math.exp(v - top));
  return M.scale(e, 1 / e.d.reduce((a, b) => a + b, 0));
}

/** A number written as digits (`1`, `\frac{1}{2}`, `-2`): no name in it. */
function isNumeral(n: Node): boolean {
  switch (n.t) {
    case 'num':
      return true;
    case 'group':
    case 'neg':
      return isNumeral(n.a);
    case 'frac':
      return isNumeral(n.a) && isNumeral(n.b);
    default:
      return false;
  }
}

/** `2`, `-1`, `{-1}`: a power written as an integer. */
function integerConstant(n: Node): number | undefined {
  while (n.t === 'group') n = n.a;
  if (n.t === 'num') return Number.isInteger(n.v) ? n.v : undefined;
  if (n.t === 'neg') {
    const k = integerConstant(n.a);
    return k === undefined ? undefined : -k;
  }
  return undefined;
}

/**
 * {@link matrixDifference} of two sides either of which may be a derivative whose layout is free (its
 * transpose is the same derivative): the sides hold when they agree in some layout of the same shape;
 * otherwise the difference in the layout as worked out (or the only one whose shapes fit).
 */
export function layoutDifference(l: Value, r: Value, tol: number, floor: number, leftFree: boolean, rightFree: boolean): { left: number; right: number; entry: [number, number] } | undefined {
  const ls = leftFree && typeof l !== 'number' ? [l, M.transpose(l)] : [l];
  const rs = rightFree && typeof r !== 'number' ? [r, M.transpose(r)] : [r];
  let first: { left: number; right: number; entry: [number, number] } | undefined;
  let fits = false;
  for (const a of ls) {
    for (const b of rs) {
      if (typeof a === 'number' || typeof b === 'number' || !M.sameShape(a, b)) continue;
      fits = true;
      const d = matrixDifference(a, b, tol, floor);
      if (!d) return undefined;
      first ??= d;
    }
  }
  return fits ? first : abstain('sides of different shapes');
}

/**
 * Where two values of a step differ by a clear relative margin (matrices: the entry that differs most,
 * measured against the larger entries of both sides, beyond an absolute `floor`), or undefined where
 * they agree. Sides of different shapes are not judged (`Abstain`): the shape pass reports that.
 */
function matrixDifference(l: Value, r: Value, tol: number, floor: number): { left: number; right: number; entry: [number, number] } | undefined {
  if (typeof l === 'number' || typeof r === 'number' || !M.sameShape(l, r)) return abstain('sides of different shapes');
  let worst = -1;
  let gap = -1;
  for (let k = 0; k < l.d.length; k++) {
    const d = Math.abs(l.d[k] - r.d[k]);
    if (d > gap) {
      gap = d;
      worst = k;
    }
  }
  if (gap <= tol * (M.maxAbs(l) + M.maxAbs(r)) + floor) return undefined;
  return { left: l.d[worst], right: r.d[worst], entry: [Math.floor(worst / l.cols) + 1, (worst % l.cols) + 1] };
}
