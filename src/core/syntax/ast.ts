/** Syntax tree of one computable-looking piece of a formula. Offsets relative to the formula. */

export type BinOp = '+' | '-' | 'pm' | 'cdot' | 'times' | 'implicit' | '*' | '/' | 'div' | 'odot';

export type Node =
  | { t: 'num'; v: number; text: string; decimals: number; s: number; e: number }
  /** `sup`: a superscript that is part of the name (`W^Q`, `W_i^Q`), where a reading takes it so. */
  | { t: 'sym'; name: string; base: string; sub?: Node; subText?: string; sup?: string; s: number; e: number }
  | { t: 'neg'; a: Node; s: number; e: number }
  | { t: 'bin'; op: BinOp; a: Node; b: Node; s: number; e: number }
  | { t: 'pow'; a: Node; b: Node; s: number; e: number }
  | { t: 'transpose'; a: Node; viaT: boolean; s: number; e: number }
  | { t: 'fact'; a: Node; s: number; e: number }
  | { t: 'pct'; a: Node; s: number; e: number }
  /** `written`: the function's name as written (`ReLU`, `Concat`), when a reader needs it beside `fn`. */
  /** `primeS`…`primeE`: where the primes are written (`'`, `^{\prime}`), when there are some. */
  | { t: 'call'; fn: string; args: Node[]; prime: number; primeS?: number; primeE?: number; base?: Node; power?: Node; written?: string; s: number; e: number }
  | { t: 'frac'; a: Node; b: Node; s: number; e: number }
  | { t: 'sqrt'; a: Node; n?: Node; s: number; e: number }
  /** `blocks`: an entry is written bold, as a vector or transposed (`\mathbf{a}_1`): a matrix of blocks, not of numbers. */
  | { t: 'mat'; rows: Node[][]; env: string; blocks?: boolean; s: number; e: number }
  | { t: 'abs'; a: Node; s: number; e: number }
  | { t: 'norm'; a: Node; kind?: string; s: number; e: number }
  | { t: 'series'; op: 'sum' | 'prod'; v: string; from: Node; to: Node; body: Node; s: number; e: number }
  | { t: 'tuple'; items: Node[]; s: number; e: number }
  /** `delim`: how the group was written (`(`, `[`, `{`, `\left(`, `\left[` …), where a reading needs it. */
  | { t: 'group'; a: Node; delim?: string; s: number; e: number }
  | { t: 'floor' | 'ceil'; a: Node; s: number; e: number }
  | { t: 'binom'; a: Node; b: Node; s: number; e: number }
  /** A number with a scale word after it: `23 \text{M}`, `1.2 \text{B}`, `۱۱۰ \text{میلیون}`. */
  | { t: 'scaled'; a: Node; factor: number; unit: string; s: number; e: number }
  // Notation with no value, read for its shape; the evaluator finds these not computable (silent).
  /** An elided item of a list (`\dots` in `\mathrm{Concat}(\mathrm{head}_1, \dots, \mathrm{head}_h)`). */
  | { t: 'dots'; s: number; e: number }
  /** A space of shapes: `\mathbb{R}^{n \times d}` has dims n and d. */
  | { t: 'space'; dims: Node[]; s: number; e: number }
  /** A part read only for where it is (a matrix entry whose notation has no value). */
  /** A matrix entry read only for where it is; `list` when it is a comma list (`M_0, M_1, M_2` in one cell). */
  | { t: 'unread'; s: number; e: number; list?: boolean }
  // Read only when a reader asks for derivatives (`ParseLimits.derivatives`, the symbolic-step judge):
  /**
   * A derivative: `\frac{d}{dz}(E)`, `\frac{\partial}{\partial z} E` (`a` the expression after the
   * operator; `bare` when it was written without parentheses), `\frac{d f}{d z}`, `\frac{\partial \hat y}{\partial o}`
   * (`a` the numerator's name or expression). `wrt` is the variable.
   */
  | { t: 'deriv'; a: Node; wrt: Extract<Node, { t: 'sym' }>; partial: boolean; bare?: boolean; s: number; e: number }
  /** A function written as a letter applied (`f(x)`, `\psi'(z)`): `fn` is the letter's name. */
  | { t: 'apply'; fn: string; prime: number; args: Node[]; s: number; e: number };

export type NodeOf<T extends Node['t']> = Extract<Node, { t: T }>;

/** The node inside any parentheses or braces written around it (`((x))` → `x`). */
export function ungroup(n: Node): Node {
  while (n.t === 'group') n = n.a;
  return n;
}

/** Calls `f` on each child of a node, in the order written. */
export function forEachChild(n: Node, f: (c: Node) => void): void {
  switch (n.t) {
    case 'num':
    case 'sym':
    case 'dots':
    case 'unread':
      return;
    case 'bin':
    case 'frac':
    case 'pow':
    case 'binom':
      f(n.a);
      f(n.b);
      return;
    case 'sqrt':
      if (n.n) f(n.n);
      f(n.a);
      return;
    case 'call':
      if (n.base) f(n.base);
      if (n.power) f(n.power);
      n.args.forEach(f);
      return;
    case 'mat':
      for (const r of n.rows) r.forEach(f);
      return;
    case 'series':
      f(n.from);
      f(n.to);
      f(n.body);
      return;
    case 'tuple':
      n.items.forEach(f);
      return;
    case 'space':
      n.dims.forEach(f);
      return;
    case 'neg':
    case 'transpose':
    case 'fact':
    case 'pct':
    case 'group':
    case 'abs':
    case 'norm':
    case 'floor':
    case 'ceil':
    case 'scaled':
      f(n.a);
      return;
    case 'apply':
      n.args.forEach(f);
      return;
    case 'deriv':
      f(n.a);
      f(n.wrt);
      return;
  }
}

/** Every node of a tree, parents first. */
export function walkTree(x: Node, f: (n: Node) => void): void {
  f(x);
  forEachChild(x, (c) => walkTree(c, f));
}

/**
 * Calls `f` on every node a field of `n` holds, in the order of its fields, arrays flattened one
 * level (a matrix's rows) — also nodes `forEachChild` leaves out, such as a symbol's subscript. Stops
 * at the first call that returns true, and returns whether one did. `arg` is handed to each call, so
 * that a recursive walk needs no closure per node. Allocates nothing: the walks over every written
 * number of a claim call it for each node.
 */
export function someField<A>(n: Node, f: (c: Node, arg: A) => boolean | void, arg?: A): boolean {
  const o = n as unknown as Record<string, unknown>;
  for (const k in o) {
    const v = o[k];
    if (!v || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) {
        if (Array.isArray(x)) {
          for (const y of x) if (y && typeof y === 'object' && 't' in y && f(y as Node, arg as A) === true) return true;
        } else if (x && typeof x === 'object' && 't' in x && f(x as Node, arg as A) === true) return true;
      }
    } else if ('t' in v && f(v as Node, arg as A) === true) return true;
  }
  return false;
}
