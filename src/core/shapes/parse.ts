/**
 * A parser for matrix expressions as shapes see them. It differs from the evaluator's parser where
 * notation matters for shapes: `QK^T` is Q times Kᵀ (TeX puts the superscript on the last letter),
 * `XW_Q` is X times W_Q, `W^Q` and `W_i^Q` are names, `\mathrm{Concat}(\mathrm{head}_1, \dots,
 * \mathrm{head}_h)` is a call with an ellipsis, and `\mathbb{R}^{n \times d}` is a space of shapes.
 * Offsets in the tree are document offsets. Anything else throws `ShapeUnsupported` (silent).
 */
import { tokenize, Token, afterGroup } from '../syntax/tokens';
import type { Node, NodeOf } from '../syntax/ast';
import { normalizeDigits } from '../markdown/digits';
import { splitRunTogether } from '../syntax/runTogether';
import { namesWith } from '../syntax/vocabulary';

/** Shapes read a run as a product when every letter is known, or when it is a few capitals (QK, XW). */
const SHAPES_RUN_TOGETHER = { lastLetter: true, wholeName: true, capitals: true };

/** A shape reading is a tree of the front end's type; see `syntax/ast.ts`. */
export type SExpr = Node;
type Sym = NodeOf<'sym'>;

const numNode = (v: number, s: number, e: number, text = String(v)): Node => ({ t: 'num', v, text, decimals: 0, s, e });

/** Notation a shape cannot be read from. Silent; not an `Error`, so that failing is cheap. */
export class ShapeUnsupported {
  constructor(readonly reason: string) {}
}

const NO = (why: string): never => {
  throw new ShapeUnsupported(why);
};

/** Functions that keep the shape of their argument (element-wise or row-wise). */
export const SAME_SHAPE_FUNCTIONS = namesWith('same-shape');
const ATTENTION = new Set(['attention', 'attn', 'selfattention', 'scaleddotproductattention', 'crossattention']);
const MULTIHEAD = new Set(['multihead', 'multiheadattention', 'mha', 'multiheadattn']);
const CONCAT = new Set(['concat', 'cat', 'concatenate']);
const SPLIT = new Set(['split', 'splitheads', 'heads']);
const OTHER = new Set(['max', 'min', 'norm', 'reshape']);

/** Canonical function name of a word (letters only, lower case), or undefined. */
export function functionName(word: string): string | undefined {
  const w = word.replace(/[^A-Za-z]/g, '').toLowerCase();
  if (w === 'ln' && word === 'LN') return 'layernorm';
  if (SAME_SHAPE_FUNCTIONS.has(w) || OTHER.has(w)) return w === 'sigmoid' ? 'sigma' : w;
  if (ATTENTION.has(w)) return 'attention';
  if (MULTIHEAD.has(w)) return 'multihead';
  if (CONCAT.has(w)) return 'concat';
  if (SPLIT.has(w)) return 'split';
  return undefined;
}

// spacing as the vocabulary declares it, but `\label`, `\tag` and `\middle` end a shape reading
const SPACING = new Set([...namesWith('spacing')].filter((n) => n !== 'label' && n !== 'tag' && n !== 'middle'));
const SAME_NAME = namesWith('style');
const NAMED = namesWith('decoration');
const GREEK = namesWith('greek');
const DOTS = namesWith('dots');
/** Dots of any direction: in a matrix they make its size symbolic (`v_1 \\ \vdots \\ v_n`). */
const MATRIX_DOTS = namesWith('matrix-dots');
/** Entries written bold, as vectors, or transposed are blocks, not numbers (`\mathbf{a}^\top_1`). */
const BLOCK_ENTRY = new Set([...namesWith('style')].filter((n) => n !== 'mathit' && n !== 'bold').concat(['top', 'intercal']));
const MATRIX_ENVS = namesWith('matrix-env');
const STOP_CMDS = new Set(['cdot', 'times', 'div', 'odot', 'right', 'end', '\\', 'pm', 'mp', 'ast', 'circ', 'otimes', 'oplus', 'in', 'approx', 'neq', 'leq', 'geq', 'to', 'rightarrow', 'Rightarrow', 'quad', 'qquad']);

/** The text of a script group the way the evaluator's parser names symbols (`d_{model}` → `model`). */
function scriptText(toks: Token[]): string {
  return toks
    .map((x) => (x.type === 'cmd' ? '\\' + x.value + (x.value.length > 1 ? ' ' : '') : x.value))
    .join('')
    .trim()
    .replace(/\s+/g, ' ');
}

export interface ParseOptions {
  /** Whether a name has a declared shape or value; decides whether `QK` is Q times K or one name. */
  known?: (name: string) => boolean;
}

/**
 * Parses one piece of a formula (`src` starts at document offset `base`). Throws ShapeUnsupported for
 * anything a shape cannot be read from.
 */
export function parseShapeExpr(src: string, base: number, options: ParseOptions = {}): Node {
  let toks: Token[];
  try {
    toks = tokenize(normalizeDigits(src));
  } catch {
    return NO('syntax');
  }
  const p = new ShapeParser(toks, base, options.known ?? (() => false));
  const e = p.expr();
  if (!p.atEnd()) NO('trailing tokens');
  return e;
}

class ShapeParser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly toks: Token[],
    private readonly base: number,
    private readonly known: (name: string) => boolean,
  ) {}

  atEnd(): boolean {
    this.skip();
    return this.i >= this.toks.length;
  }
  private skip() {
    while (this.i < this.toks.length) {
      const t = this.toks[this.i];
      if ((t.type === 'cmd' && SPACING.has(t.value)) || (t.type === 'op' && t.value === '~') || (t.type === 'text' && t.value.trim() === '')) this.i++;
      else break;
    }
  }
  private peek(): Token | undefined {
    this.skip();
    return this.toks[this.i];
  }
  private next(): Token {
    this.skip();
    const t = this.toks[this.i++];
    if (!t) NO('unexpected end');
    return t;
  }
  private isOp(v: string, t = this.peek()): boolean {
    return !!t && t.type === 'op' && t.value === v;
  }
  private isCmd(v: string, t = this.peek()): boolean {
    return !!t && t.type === 'cmd' && t.value === v;
  }
  private expectOp(v: string): Token {
    const t = this.next();
    if (t.type !== 'op' || t.value !== v) NO(`expected ${v}`);
    return t;
  }
  private S(t: Token): number {
    return this.base + t.start;
  }
  private E(t: Token): number {
    return this.base + t.end;
  }
  private lastEnd(): number {
    const t = this.toks[this.i - 1];
    return t ? this.E(t) : this.base;
  }

  expr(): Node {
    if (++this.depth > 100) NO('too deep');
    let left = this.term();
    for (;;) {
      const t = this.peek();
      if (t && t.type === 'op' && (t.value === '+' || t.value === '-')) {
        this.i++;
        const right = this.term();
        left = { t: 'bin', op: t.value, a: left, b: right, s: left.s, e: right.e };
        continue;
      }
      break;
    }
    this.depth--;
    return left;
  }

  private startsFactor(t: Token | undefined): boolean {
    if (!t) return false;
    if (t.type === 'num' || t.type === 'ident' || t.type === 'text') return t.type !== 'text' || t.value.trim() !== '';
    if (t.type === 'op') return t.value === '(' || t.value === '{' || t.value === '[';
    if (t.type === 'cmd') return !STOP_CMDS.has(t.value) && !DOTS.has(t.value) || t.value === 'left';
    return false;
  }

  private term(): Node {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (t.type === 'cmd' && (t.value === 'cdot' || t.value === 'times' || t.value === 'ast')) {
        this.i++;
        const right = this.unary();
        left = { t: 'bin', op: t.value === 'ast' ? '*' : t.value, a: left, b: right, s: left.s, e: right.e };
        continue;
      }
      if (t.type === 'op' && t.value === '*') {
        this.i++;
        const right = this.unary();
        left = { t: 'bin', op: '*', a: left, b: right, s: left.s, e: right.e };
        continue;
      }
      if ((t.type === 'op' && t.value === '/') || (t.type === 'cmd' && t.value === 'div')) {
        this.i++;
        const right = this.unary();
        left = { t: 'bin', op: t.value === 'div' ? 'div' : '/', a: left, b: right, s: left.s, e: right.e };
        continue;
      }
      if (t.type === 'cmd' && t.value === 'odot') {
        this.i++;
        const right = this.unary();
        left = { t: 'bin', op: 'odot', a: left, b: right, s: left.s, e: right.e };
        continue;
      }
      if (this.startsFactor(t)) {
        const right = this.postfix();
        left = { t: 'bin', op: 'implicit', a: left, b: right, s: left.s, e: right.e };
        continue;
      }
      break;
    }
    return left;
  }

  private unary(): Node {
    const t = this.peek();
    if (t && t.type === 'op' && (t.value === '-' || t.value === '+')) {
      this.i++;
      const a = this.unary();
      return t.value === '-' ? { t: 'neg', a, s: this.S(t), e: a.e } : a;
    }
    return this.postfix();
  }

  private postfix(): Node {
    let base = this.primary();
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (this.isOp('^', t)) {
        this.i++;
        base = this.superscript(base);
        continue;
      }
      if (this.isOp('_', t)) {
        if (base.t === 'sym' && base.subText === undefined) {
          this.i++;
          const sub = this.scriptArg();
          base = rename(base, { sub: sub.text }, sub.end);
          continue;
        }
        NO('subscript on an expression');
      }
      if (this.isOp("'", t) && base.t === 'sym') {
        this.i++;
        base = { ...base, name: base.name + "'", e: this.E(t) };
        continue;
      }
      break;
    }
    return base;
  }

  /** After `^`: a transpose, an inverse, a power, or (on a name) a decoration such as W^Q. */
  private superscript(base: Node): Node {
    const t = this.peek();
    if (!t) return NO('missing superscript');
    const arg = this.scriptArg();
    const txt = arg.text;
    if (txt === 'T' || txt === '\\top' || txt === '\\intercal' || txt === '\\mathsf T' || txt === '\\mathsf{T}') return { t: 'transpose', a: base, viaT: txt === 'T', s: base.s, e: arg.end };
    // the inverse is the power −1, as the evaluator's parser writes it
    if (txt === '-1') return { t: 'pow', a: base, b: { t: 'neg', a: numNode(1, arg.start, arg.end), s: arg.start, e: arg.end }, s: base.s, e: arg.end };
    if (/^-?\d+(\.\d+)?$/.test(txt)) return { t: 'pow', a: base, b: numNode(Number(txt), arg.start, arg.end, txt), s: base.s, e: arg.end };
    if (base.t === 'sym' && !base.sup) return rename(base, { sup: txt }, arg.end);
    if (arg.node) return { t: 'pow', a: base, b: arg.node, s: base.s, e: arg.end };
    return NO('superscript');
  }

  /** The argument of ^ or _: a braced group (text and, when it parses, a tree) or one token. */
  private scriptArg(): { text: string; node?: Node; start: number; end: number } {
    const t = this.peek();
    if (!t) return NO('missing script');
    if (this.isOp('{', t)) {
      const open = this.i;
      this.skipGroup();
      const inner = this.toks.slice(open + 1, this.i - 1);
      let node: Node | undefined;
      try {
        const sub = new ShapeParser(inner, this.base, this.known);
        node = sub.expr();
        if (!sub.atEnd()) node = undefined;
      } catch {
        node = undefined;
      }
      return { text: scriptText(inner), node, start: this.S(t), end: this.lastEnd() };
    }
    this.i++;
    if (t.type === 'num' || t.type === 'ident') {
      // x_12 is x_{1}2 in TeX: one character is the script, the rest follows
      const ch = t.value[0];
      if (t.value.length > 1) this.toks.splice(this.i, 0, { type: t.type, value: t.value.slice(1), start: t.start + 1, end: t.end });
      const s = this.S(t);
      const node: Node = t.type === 'num' ? numNode(Number(ch), s, s + 1) : { t: 'sym', name: ch, base: ch, s, e: s + 1 };
      return { text: ch, node, start: s, end: s + 1 };
    }
    if (t.type === 'op' && t.value === '-') {
      const r = this.scriptArg();
      return { text: '-' + r.text, start: this.S(t), end: r.end };
    }
    if (t.type === 'cmd') return { text: '\\' + t.value, node: GREEK.has(t.value) ? { t: 'sym', name: '\\' + t.value, base: '\\' + t.value, s: this.S(t), e: this.E(t) } : undefined, start: this.S(t), end: this.E(t) };
    if (t.type === 'text') return { text: t.value.trim(), start: this.S(t), end: this.E(t) };
    return NO('odd script');
  }

  private skipGroup() {
    const j = afterGroup(this.toks, this.i);
    if (j < 0) NO('unclosed group');
    this.i = j;
  }

  private primary(): Node {
    const t = this.next();
    const s = this.S(t);
    if (t.type === 'num') {
      const v = Number(t.value.replace(/,/g, ''));
      if (!Number.isFinite(v)) NO('number');
      return numNode(v, s, this.E(t), t.value);
    }
    if (t.type === 'ident') return this.word(t.value, s, this.E(t), true);
    if (t.type === 'text') {
      const w = t.value.trim();
      if (!/^[A-Za-z][A-Za-z0-9 _-]*$/.test(w)) NO('text');
      return this.word(w.replace(/\s+/g, ''), s, this.E(t), false);
    }
    if (t.type === 'op') {
      if (t.value === '(' || t.value === '[') return this.paren(s, t.value === '(' ? ')' : ']');
      if (t.value === '{') {
        const inner = this.expr();
        const close = this.expectOp('}');
        return { t: 'group', a: inner, delim: '{', s, e: this.E(close) };
      }
      return NO(`unexpected ${t.value}`);
    }
    if (t.type === 'cmd') return this.command(t);
    return NO('unknown token');
  }

  private paren(s: number, close: string): Node {
    const items: Node[] = [this.item()];
    while (this.isOp(',')) {
      this.i++;
      items.push(this.item());
    }
    const c = this.next();
    if (c.type !== 'op' || c.value !== close) NO(`expected ${close}`);
    const e = this.E(c);
    return items.length > 1 ? { t: 'tuple', items, s, e } : { t: 'group', a: items[0], delim: close === ')' ? '(' : '[', s, e };
  }

  /** A list item: an expression or an ellipsis. */
  private item(): Node {
    const t = this.peek();
    if (t && t.type === 'cmd' && DOTS.has(t.value)) {
      this.i++;
      return { t: 'dots', s: this.S(t), e: this.E(t) };
    }
    if (t && t.type === 'op' && t.value === '.' && this.isOp('.', this.toks[this.i + 1])) {
      let e = this.E(t);
      while (this.isOp('.')) e = this.E(this.next());
      return { t: 'dots', s: this.S(t), e };
    }
    return this.expr();
  }

  /** `\left( … \right)` and `\left[ … \right]`. */
  private leftRight(left: Token): Node {
    const d = this.next();
    const open = d.type === 'cmd' ? '\\' + d.value : d.value;
    if (open === '\\|' || open === '\\Vert' || open === '|') {
      const inner = this.expr();
      this.closeRight();
      return { t: 'call', fn: 'norm', written: open === '|' ? '|·|' : '‖·‖', args: [inner], prime: 0, s: this.S(left), e: this.lastEnd() };
    }
    if (!['(', '[', '\\{', '.'].includes(open)) NO('delimiter');
    const items: Node[] = [this.item()];
    while (this.isOp(',')) {
      this.i++;
      items.push(this.item());
    }
    const close = this.closeRight();
    if (open === '.' || close === '.' ? false : !((open === '(' && close === ')') || (open === '[' && close === ']') || (open === '\\{' && close === '\\}'))) NO('unmatched delimiters');
    const s = this.S(left);
    const e = this.lastEnd();
    // a bare `matrix` inside \left[ … \right] is a tensor (shapes read the group's delimiter)
    return items.length > 1 ? { t: 'tuple', items, s, e } : { t: 'group', a: items[0], delim: '\\left' + open, s, e };
  }

  private closeRight(): string {
    const r = this.next();
    if (r.type !== 'cmd' || r.value !== 'right') NO('expected \\right');
    const d = this.next();
    return d.type === 'cmd' ? '\\' + d.value : d.value;
  }

  /** A function call, one name, or a run of single-letter names written together (QK, XW). */
  private word(w: string, s: number, e: number, splittable: boolean): Node {
    const fn = functionName(w);
    const nx = this.peek();
    const opens = this.isOp('(', nx) || this.isCmd('left', nx) || this.isOp('[', nx);
    if (fn && (opens || (SAME_SHAPE_FUNCTIONS.has(fn) && this.startsFactor(nx)))) return this.call(fn, w, s);
    if (splittable) {
      const letters = splitRunTogether(w, this.known, SHAPES_RUN_TOGETHER);
      if (letters) {
        // TeX puts a following _ or ^ on the last letter: hand the other letters back as tokens
        const start = s - this.base;
        this.toks.splice(this.i, 0, ...letters.slice(1).map((c, k) => ({ type: 'ident' as const, value: c, start: start + k + 1, end: start + k + 2 })));
        return { t: 'sym', name: letters[0], base: letters[0], s, e: s + 1 };
      }
    }
    return { t: 'sym', name: w, base: w, s, e };
  }

  private call(fn: string, label: string, s: number): Node {
    const t = this.peek();
    let args: Node[];
    let e: number;
    if (this.isOp('(', t) || this.isOp('[', t)) {
      this.i++;
      const g = this.paren(this.S(t!), t!.value === '(' ? ')' : ']');
      args = g.t === 'tuple' ? g.items : [g.t === 'group' ? g.a : g];
      e = g.e;
    } else if (this.isCmd('left', t)) {
      this.i++;
      const g = this.leftRight(t!);
      args = g.t === 'tuple' ? g.items : [g.t === 'group' ? g.a : g];
      e = g.e;
    } else {
      if (!this.startsFactor(t)) NO('function without argument');
      const a = this.postfix();
      args = [a];
      e = a.e;
    }
    return { t: 'call', fn, written: label, args, prime: 0, s, e };
  }

  private command(t: Token): Node {
    const v = t.value;
    const s = this.S(t);
    switch (v) {
      case 'frac':
      case 'dfrac':
      case 'tfrac': {
        const a = this.arg();
        const b = this.arg();
        return { t: 'frac', a, b, s, e: b.e };
      }
      case 'sqrt': {
        if (this.isOp('[')) NO('n-th root');
        const a = this.arg();
        return { t: 'sqrt', a, s, e: a.e };
      }
      case 'left':
        return this.leftRight(t);
      case 'begin':
        return this.matrix(t);
      case '|':
      case 'Vert':
      case 'lVert': {
        const inner = this.expr();
        const c = this.next();
        if (!(c.type === 'cmd' && (c.value === '|' || c.value === 'Vert' || c.value === 'rVert'))) NO('unclosed norm');
        return { t: 'call', fn: 'norm', written: '‖·‖', args: [inner], prime: 0, s, e: this.E(c) };
      }
      case 'mathbb': {
        const inner = this.peek();
        let letter: string | undefined;
        if (this.isOp('{', inner)) {
          const open = this.i;
          this.skipGroup();
          letter = scriptText(this.toks.slice(open + 1, this.i - 1));
        } else letter = this.next().value;
        if (letter === 'R' && this.isOp('^')) {
          this.i++;
          return this.realSpace(s);
        }
        return { t: 'sym', name: `\\mathbb{${letter}}`, base: `\\mathbb{${letter}}`, s, e: this.lastEnd() };
      }
      case 'R':
      case 'Reals':
        if (this.isOp('^')) {
          this.i++;
          return this.realSpace(s);
        }
        return NO('\\R');
    }
    if (SAME_NAME.has(v)) {
      let inner = this.arg();
      if (inner.t === 'group') inner = inner.a;
      if (inner.t === 'sym') return { ...inner, s, e: inner.e };
      // `\mathbf{PQ}^\top`: TeX sets the script after the group's last letter, and it is read P Qᵀ
      if (inner.t === 'bin' && inner.op === 'implicit' && this.isOp('^')) {
        this.i++;
        const last = this.superscript(inner.b);
        return { ...inner, b: last, s, e: last.e };
      }
      return inner;
    }
    if (NAMED.has(v)) {
      const open = this.i;
      if (this.isOp('{')) this.skipGroup();
      else this.i++;
      const inner = this.toks.slice(open, this.i).map((x) => (x.type === 'cmd' ? '\\' + x.value : x.value)).join('');
      const name = `\\${v}${inner.startsWith('{') ? inner : '{' + inner + '}'}`;
      return { t: 'sym', name, base: name, s, e: this.lastEnd() };
    }
    if (v === 'sigma' || v === 'exp' || v === 'log' || v === 'tanh' || v === 'ln' || v === 'max' || v === 'min' || v === 'softmax') {
      const nx = this.peek();
      const opens = this.isOp('(', nx) || this.isCmd('left', nx);
      if (v !== 'sigma' || opens) return this.call(functionName(v) ?? v, '\\' + v, s);
    }
    if (GREEK.has(v)) return { t: 'sym', name: '\\' + v, base: '\\' + v, s, e: this.E(t) };
    if (DOTS.has(v)) return { t: 'dots', s, e: this.E(t) };
    return NO(`\\${v}`);
  }

  /** A command's argument: `{…}` or one token. */
  private arg(): Node {
    const t = this.peek();
    if (this.isOp('{', t)) {
      this.i++;
      const inner = this.expr();
      const c = this.expectOp('}');
      return { t: 'group', a: inner, delim: '{', s: this.S(t!), e: this.E(c) };
    }
    if (t && t.type === 'num' && t.value.length > 1) {
      // \frac12: one digit per argument
      this.toks[this.i] = { ...t, value: t.value.slice(1), start: t.start + 1 };
      return numNode(Number(t.value[0]), this.S(t), this.S(t) + 1);
    }
    return this.primary();
  }

  /** After `\mathbb{R}^`: the dimensions, split at top-level ×, · or commas. */
  private realSpace(s: number): Node {
    const t = this.peek();
    let inner: Token[];
    if (this.isOp('{', t)) {
      const open = this.i;
      this.skipGroup();
      inner = this.toks.slice(open + 1, this.i - 1);
    } else {
      this.i++;
      if (!t) return NO('empty space');
      inner = [t.type === 'ident' && t.value.length > 1 ? { ...t, value: t.value[0], end: t.start + 1 } : t];
      if (t.type === 'ident' && t.value.length > 1) this.toks.splice(this.i, 0, { ...t, value: t.value.slice(1), start: t.start + 1 });
    }
    const parts: Token[][] = [[]];
    let depth = 0;
    for (const x of inner) {
      if (x.type === 'op' && (x.value === '{' || x.value === '(')) depth++;
      if (x.type === 'op' && (x.value === '}' || x.value === ')')) depth--;
      if (depth === 0 && ((x.type === 'cmd' && (x.value === 'times' || x.value === 'cdot')) || (x.type === 'op' && (x.value === ',' || x.value === '*')))) {
        parts.push([]);
        continue;
      }
      parts[parts.length - 1].push(x);
    }
    const dims = parts.map((p) => {
      if (p.length === 0) return NO('empty dimension');
      const sub = new ShapeParser(p, this.base, () => true);
      const d = sub.expr();
      if (!sub.atEnd()) NO('dimension');
      return d;
    });
    return { t: 'space', dims, s, e: this.lastEnd() };
  }

  /** A matrix literal: only its size matters here. */
  private matrix(t: Token): Node {
    const open = this.peek();
    if (!this.isOp('{', open)) NO('environment');
    const start = this.i;
    this.skipGroup();
    const env = scriptText(this.toks.slice(start + 1, this.i - 1));
    if (!MATRIX_ENVS.has(env)) NO(`environment ${env}`);
    // `\begin{array}{cc}`: the column specification is not an entry
    if (env === 'array' && this.isOp('{', this.toks[this.i])) this.skipGroup();
    let rows = 0;
    let cols = -1;
    let cells = 0;
    let cellHasContent = false;
    let depth = 0;
    let rowCells = 0;
    const endRow = () => {
      if (rowCells === 0 && !cellHasContent) return;
      const n = rowCells + 1;
      if (cols >= 0 && n !== cols) NO('ragged matrix');
      cols = n;
      rows++;
      cells += n;
      rowCells = 0;
      cellHasContent = false;
    };
    for (;;) {
      const x = this.toks[this.i++];
      if (!x) return NO('unclosed matrix');
      // a matrix with an ellipsis has a symbolic size; one of blocks (matrices, vectors) is not
      // counted in elements: neither is a size to check
      if (x.type === 'cmd' && MATRIX_DOTS.has(x.value)) NO('matrix with an ellipsis');
      if (x.type === 'cmd' && (BLOCK_ENTRY.has(x.value) || x.value === 'begin')) NO('block matrix');
      if (x.type === 'op' && x.value === '^' && this.toks[this.i]?.type === 'ident' && this.toks[this.i].value === 'T') NO('block matrix');
      if (x.type === 'cmd' && x.value === 'begin') depth++;
      if (x.type === 'cmd' && x.value === 'end') {
        if (depth === 0) {
          if (this.isOp('{', this.toks[this.i])) this.skipGroup();
          break;
        }
        depth--;
      }
      if (depth === 0 && x.type === 'op' && x.value === '&') {
        rowCells++;
        continue;
      }
      if (depth === 0 && x.type === 'cmd' && x.value === '\\') {
        endRow();
        continue;
      }
      if (x.type === 'cmd' && (x.value === 'hline' || x.value === 'cline')) continue;
      if (!(x.type === 'text' && x.value.trim() === '')) cellHasContent = true;
    }
    endRow();
    if (rows === 0 || cells === 0) NO('empty matrix');
    // only the size matters here: each entry is a placeholder
    const s = this.S(t);
    const e = this.lastEnd();
    const grid = Array.from({ length: rows }, () => Array.from({ length: cols }, (): Node => ({ t: 'unread', s, e })));
    return { t: 'mat', rows: grid, env, s, e };
  }
}

function rename(n: Sym, part: { sub?: string; sup?: string }, e: number): Node {
  const sub = part.sub ?? n.subText;
  const sup = part.sup ?? n.sup;
  return { t: 'sym', name: symbolName(n.base, sub, sup), base: n.base, ...(sub !== undefined ? { subText: sub } : {}), ...(sup !== undefined ? { sup } : {}), s: n.s, e };
}

/** `W`, `W_Q`, `W^Q`, `W_i^Q`: the subscript first, as the evaluator names `d_{model}` → `d_model`. */
export function symbolName(base: string, sub?: string, sup?: string): string {
  return base + (sub !== undefined ? `_${sub}` : '') + (sup !== undefined ? `^${sup}` : '');
}
