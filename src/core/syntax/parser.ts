/**
 * From tokens to statements (chains `a = b = c` separated by `\quad`, `,`, `\Rightarrow`, labels…)
 * and from each piece of a chain to a syntax tree. Anything the grammar does not model throws
 * `Unsupported`, never a crash.
 */
import { Token, tokenize, afterGroup } from './tokens';
import type { BinOp, Node } from './ast';
import { FormulaProblem, Unsupported } from './errors';
import { message } from '../messages';
import { hasBlankLine } from '../markdown/spans';
import { FUNCTION_LETTERS, namesWith, relationOf, type Relation } from './vocabulary';

export type { Relation } from './vocabulary';

export interface Piece {
  tokens: Token[];
  start: number;
  end: number;
  /** Relation written before this piece (undefined for the first piece of a chain). */
  rel?: Relation;
  relText?: string;
  /**
   * A unit written right after the piece (`\text{GB}`, `\text{ms}`, `\text{e-}`): the number is in
   * that unit, so it is not compared with a unit-less computation.
   */
  unit?: string;
}

export interface Chain {
  pieces: Piece[];
  start: number;
  end: number;
}

/** Functions known by name, written as `\name`, plain letters, `\text{}`, `\mathrm{}` or `\operatorname{}`. */
export const FUNCTIONS = namesWith('function');
/** Lower-cased plain-letter names that mean a function (students write `softmax`, `ReLU`, `argmax`). */
const PLAIN_FUNCTIONS = namesWith('plain-function');
const SEPARATOR_CMDS = namesWith('separator');
const FLATTEN_ENVS = namesWith('statements-env');
const SPACING_CMDS = namesWith('spacing');
const GREEK = namesWith('greek');
const SAME_NAME_DECORATIONS = namesWith('style');
const NAMED_DECORATIONS = namesWith('decoration');
export const MATRIX_ENVS = namesWith('matrix-env');
const MATRIX_DOTS = namesWith('matrix-dots');
/** `\mathbf{S F}`, `\alpha \mathbf{S F}`: a product in braces (not printed) as factors joined to those before it. */
function unbraceLast(n: Node): Node {
  const g = n.t === 'bin' && n.op === 'implicit' ? n.b : n;
  if (!(g.t === 'group' && g.delim === '{' && g.a.t === 'bin' && g.a.op === 'implicit')) return n;
  if (g === n) return { ...g.a, s: g.s, e: g.e };
  const front = (n as Extract<Node, { t: 'bin' }>).a;
  return { t: 'bin', op: 'implicit', a: { t: 'bin', op: 'implicit', a: front, b: g.a.a, s: n.s, e: g.a.a.e }, b: g.a.b, s: n.s, e: n.e };
}

/** `\mathrm{T}`, `\mathsf{T}`, `\text{T}`: a T in upright type, which as a superscript is the transpose sign. */
function isUprightT(t: Token): boolean {
  return t.type === 'text' && t.value.trim() === 'T' && (t.cmd === 'mathrm' || t.cmd === 'mathsf' || t.cmd === 'text' || t.cmd === 'textrm' || t.cmd === 'textsf');
}

/** Entries written bold, as vectors or transposed are blocks, not numbers (`\mathbf{a}^\top_1`). */
const BLOCK_ENTRY = new Set([...SAME_NAME_DECORATIONS].filter((n) => n !== 'mathit' && n !== 'bold').concat(['top', 'intercal']));

/** Scale words after a number: `23 \text{M}` is 23 million, `25 \text{درصد}` is 0.25. */
const SCALE_WORDS: Record<string, number> = Object.setPrototypeOf({
  K: 1e3, k: 1e3, thousand: 1e3, M: 1e6, million: 1e6, millions: 1e6, B: 1e9, billion: 1e9, billions: 1e9,
  percent: 0.01, 'هزار': 1e3, 'میلیون': 1e6, 'میلیارد': 1e9, 'درصد': 0.01,
}, null);
/** Words after a number that count things without changing its size (`= 1536 \text{ پارامتر}`). */
const COUNT_WORDS = new Set([
  'parameter', 'parameters', 'params', 'param', 'weight', 'weights', 'element', 'elements', 'entry', 'entries', 'token', 'tokens',
  'flop', 'flops', 'operation', 'operations', 'ops', 'multiplication', 'multiplications', 'mults', 'addition', 'additions', 'adds',
  'neuron', 'neurons', 'unit', 'units', 'value', 'values', 'number', 'numbers', 'step', 'steps', 'word', 'words', 'head', 'heads',
  'dim', 'dims', 'dimension', 'dimensions', 'feature', 'features', 'layer', 'layers', 'time', 'times', 'item', 'items', 'sample', 'samples',
  'bias', 'biases', 'connection', 'connections', 'vector', 'vectors', 'row', 'rows', 'column', 'columns', 'cell', 'cells', 'byte', 'bytes', 'bit', 'bits',
  'if', 'for', 'and', 'or', 'where', 'with', 'when', 'so', 'then', 'since', 'because', 'per', 'total', 'in', 'at', 'of', 'is', 'as', 'to',
]);
/** Units after a number that a unit-less computation cannot be compared with. */
const PERSIAN_UNITS = ['بایت', 'بیت', 'ثانیه', 'دقیقه', 'ساعت', 'روز', 'گیگ', 'مگ', 'کیلو', 'ترا'];

/**
 * What a `\text{…}` right after a number means: a scale (`M`), a unit (`GB`, `ms`) or prose/count
 * words that leave the number as written (`parameters`, `پارامتر`, `(ابعاد مدل)`).
 */
export function classifySuffix(text: string): { kind: 'scale'; factor: number } | { kind: 'unit' } | { kind: 'prose' } {
  const t = text.trim();
  const words = t.split(/\s+/);
  const factor = SCALE_WORDS[words[0]];
  if (factor !== undefined && words.slice(1).every((w) => COUNT_WORDS.has(w.toLowerCase().replace(/[^a-z]/g, '')) || /^[^A-Za-z]*$/.test(w))) return { kind: 'scale', factor };
  if (/^[A-Za-z]/.test(t)) {
    const first = words[0].toLowerCase().replace(/[^a-z]/g, '');
    return COUNT_WORDS.has(first) ? { kind: 'prose' } : { kind: 'unit' };
  }
  if (PERSIAN_UNITS.some((u) => t.startsWith(u) || t.startsWith('میلی' + u) || t.startsWith('میلی\u200c' + u))) return { kind: 'unit' };
  return { kind: 'prose' };
}


/**
 * `d`, `dy`, `d L`, `\mathrm{d}x`: the start of a differential. In a denominator, the `d` must be
 * followed by the variable (`dx`, `d x`) so `\frac{d_{model}}{d_k}` stays a fraction.
 */
function isDifferential(n: Node, below = false): boolean {
  let first: Node = n;
  while (first.t === 'group') first = first.a;
  let more = false;
  while (first.t === 'bin' && first.op === 'implicit') {
    first = first.a;
    more = true;
  }
  if (first.t !== 'sym' || first.sub) return false;
  if (first.name === 'd') return below ? more : true;
  return /^d[A-Za-z]$/.test(first.name); // dy, dL, dx, dw as one run of letters
}

/**
 * The tokens of `d z`, `dz`, `\partial \hat y` split into the differential and what follows it
 * (`rest` empty for `d` or `\partial` alone); undefined when they do not start with one.
 */
function differential(toks: Token[]): { partial: boolean; rest: Token[] } | undefined {
  const first = toks[0];
  if (!first) return undefined;
  if (first.type === 'cmd' && first.value === 'partial') return { partial: true, rest: toks.slice(1) };
  if (first.type !== 'ident' || first.value[0] !== 'd') return undefined;
  if (first.value === 'd') return { partial: false, rest: toks.slice(1) };
  // `dz`, `dL`: one run of letters, the d and one letter
  if (first.value.length !== 2) return undefined;
  return { partial: false, rest: [{ ...first, value: first.value.slice(1), start: first.start + 1 }, ...toks.slice(1)] };
}

const NOT_FACTOR_CMDS = namesWith('not-factor');

const NUMERIC_TEXT = /^\s*\d{1,3}(?:(?:,\d{3})+|\d*)(?:\.\d+)?\s*$/;

function isFunctionText(s: string): string | undefined {
  const t = s.trim();
  const lower = t.toLowerCase();
  if (PLAIN_FUNCTIONS.has(lower)) return lower === 'sigmoid' ? 'sigma' : lower;
  if (FUNCTIONS.has(t)) return t;
  return undefined;
}

/**
 * `\operatorname{erf}`, `\text{sinc}(0)`, `\mathrm{Swish}(x)`: a word written as an operator, or an
 * upright word right against its `(`, names a function. One the engine does not know makes its
 * expression not computable; it is never dropped, leaving its argument to be judged as the value.
 */
function isFunctionWord(t: Token, next: Token | undefined): boolean {
  if (t.type !== 'text' || !/^[A-Za-z]+$/.test(t.value)) return false;
  if (t.cmd === 'operatorname') return true;
  return !!next && next.start === t.end && ((next.type === 'op' && next.value === '(') || (next.type === 'cmd' && next.value === 'left'));
}

/**
 * `\mathrm{head}_i`, `\text{W}^{out}`: an upright word with a script right against it is a name, not a
 * prose label ending the statement.
 */
function isNameWord(t: Token, next: Token | undefined): boolean {
  return t.type === 'text' && /^[A-Za-z]+$/.test(t.value) && !!next && next.start === t.end && next.type === 'op' && (next.value === '_' || next.value === '^');
}

/**
 * Splits a formula into chains of pieces. Throws LatexSyntaxError for unbalanced braces. `original`
 * is the formula before its digits were normalised, when the caller has it (see `tokenize`).
 */
export function splitStatements(src: string, maxDepth = 200, original?: string): Chain[] {
  const tokens = tokenize(src, maxDepth, original);
  const chains: Chain[] = [];
  let pieces: Piece[] = [];
  let cur: Token[] = [];
  let rel: Relation | undefined;
  let relText: string | undefined;
  let depth = 0; // braces, parens, \left…\right, environments
  const envStack: string[] = [];

  let unit: string | undefined;
  const endPiece = () => {
    if (cur.length) pieces.push({ tokens: cur, start: cur[0].start, end: cur[cur.length - 1].end, rel, relText, ...(unit !== undefined ? { unit } : {}) });
    else if (rel !== undefined) pieces.push({ tokens: [], start: -1, end: -1, rel, relText });
    cur = [];
    unit = undefined;
  };
  const endChain = () => {
    endPiece();
    rel = undefined;
    relText = undefined;
    // drop empty pieces at the ends (a label or separator left them)
    while (pieces.length && pieces[0].tokens.length === 0) pieces.shift();
    if (pieces.length && pieces[0].rel !== undefined) pieces[0] = { ...pieces[0], rel: undefined, relText: undefined };
    while (pieces.length && pieces[pieces.length - 1].tokens.length === 0) pieces.pop();
    if (pieces.some((p) => p.tokens.length === 0)) {
      // an empty piece in the middle breaks the chain in two
      let part: Piece[] = [];
      for (const p of pieces) {
        if (p.tokens.length === 0) {
          if (part.length) chains.push(mkChain(part));
          part = [];
        } else part.push(part.length ? p : { ...p, rel: undefined, relText: undefined });
      }
      if (part.length) chains.push(mkChain(part));
    } else if (pieces.length) chains.push(mkChain(pieces));
    pieces = [];
  };
  const mkChain = (ps: Piece[]): Chain => ({ pieces: ps, start: ps[0].start, end: ps[ps.length - 1].end });

  for (let i = 0; i < tokens.length; i++) {
    const tk = tokens[i];
    const v = tk.value;
    if (tk.type === 'cmd' && (v === 'begin' || v === 'end')) {
      const name = readEnvName(tokens, i + 1);
      if (name && FLATTEN_ENVS.has(name.name)) {
        i = name.next - 1; // aligned environments are transparent: their lines are statements
        if (v === 'end') endChain();
        continue;
      }
      if (v === 'begin') {
        envStack.push(name?.name ?? '?');
        depth++;
      } else if (envStack.length) {
        envStack.pop();
        depth = Math.max(0, depth - 1);
      }
      cur.push(tk);
      continue;
    }
    if (tk.type === 'cmd' && (v === 'langle' || v === 'rangle')) {
      // ⟨a, b⟩ holds a comma that separates nothing
      depth = v === 'langle' ? depth + 1 : Math.max(0, depth - 1);
      cur.push(tk);
      continue;
    }
    if (tk.type === 'cmd' && (v === 'left' || v === 'right')) {
      // \left( and \right) open and close one group; their delimiter is not a group of its own
      depth = v === 'left' ? depth + 1 : Math.max(0, depth - 1);
      cur.push(tk);
      if (tokens[i + 1]) cur.push(tokens[++i]);
      continue;
    }
    if (depth === 0) {
      // a blank line between statements (a `$$` block written over several paragraphs) ends the
      // statement, unless the next line goes on with `=`
      if (i > 0 && cur.length && hasBlankLine(src.slice(tokens[i - 1].end, tk.start)) && !(tk.type === 'op' && v === '=')) endChain();
      if (tk.type === 'op' && (v === '(' || v === '[' || v === '{')) depth++;
      if (depth > 0) {
        cur.push(tk);
        continue;
      }
      if (tk.type === 'op' && v === '&') continue;
      if (tk.type === 'op' && (v === '~')) continue;
      if (tk.type === 'cmd' && v === '\\') {
        // a line break continues the chain when the next line starts with `=` (aligned style)
        const more = continuesOnNextLine(tokens, i) || (cur.length > 0 && continuesExpression(tokens, i));
        i = afterLineSpacing(tokens, i + 1) - 1; // `\\[4pt]`: the extra space is not math
        if (more) {
          // `&\qquad + …`: the indent of a continued line is no separator
          let j = i + 1;
          while (j < tokens.length && ((tokens[j].type === 'op' && tokens[j].value === '&') || isIndent(tokens[j]))) j++;
          i = j - 1;
          continue;
        }
        endChain();
        continue;
      }
      if (tk.type === 'op' && v === ':' && tokens[i + 1]?.type === 'op' && tokens[i + 1].value === '=' && tokens[i + 1].start === tk.end) {
        endPiece();
        rel = '=';
        relText = ':=';
        i++;
        continue;
      }
      if (tk.type === 'op' && v === ':' && cur.length && tokens[i - 1]?.type === 'num' && tokens[i + 1]?.type === 'num' && endsRatioTerm(tokens[i + 2])) {
        // `128:192:96:64 = 4:6:3:2`: a ratio, not a label; the piece is not computable (a ratio chain
        // is no claim about its last number)
        cur.push(tk);
        continue;
      }
      if (tk.type === 'op' && (v === ',' || v === ';' || v === ':')) {
        endChain();
        continue;
      }
      if (tk.type === 'text') {
        if (isFunctionText(v) || NUMERIC_TEXT.test(v) || isFunctionWord(tk, tokens[i + 1]) || isNameWord(tk, tokens[i + 1])) {
          cur.push(tk);
          continue;
        }
        if (v.trim() === '') continue;
        if (continuesOnNextLine(tokens, i + 1)) continue; // `&= 6 && \text{(why)} \\ &= …`: a note inside the chain
        if (cur.length) {
          // a word right after a value: a scale the parser reads (`23 \text{M}`), a unit, or prose
          const suffix = classifySuffix(v);
          if (suffix.kind === 'scale' && cur[cur.length - 1].type === 'num') {
            cur.push(tk);
            continue;
          }
          if (suffix.kind === 'unit') unit = v.trim();
        }
        endChain(); // prose labels end a statement
        continue;
      }
      if (tk.type === 'other') {
        endChain();
        continue;
      }
      if (tk.type === 'cmd' && SEPARATOR_CMDS.has(v)) {
        endChain();
        continue;
      }
      if (tk.type === 'op' && (v === '=' || v === '<' || v === '>')) {
        endPiece();
        rel = v === '=' ? '=' : 'other';
        relText = v;
        continue;
      }
      if (tk.type === 'cmd' && relationOf(v) !== undefined) {
        endPiece();
        rel = relationOf(v)!;
        relText = '\\' + v;
        continue;
      }
      cur.push(tk);
      continue;
    }
    // inside a group
    if (tk.type === 'op' && (v === '(' || v === '[' || v === '{')) depth++;
    else if (tk.type === 'op' && (v === ')' || v === ']' || v === '}')) depth = Math.max(0, depth - 1);
    cur.push(tk);
  }
  endChain();
  return chains;
}

/** After the number following a `:`: the ratio's term ends there (`4:6:3`, `4:6 =`), unlike `50 : 0.9^{T}`. */
function endsRatioTerm(t: Token | undefined): boolean {
  if (!t) return true;
  if (t.type === 'op') return ':=,.;<>'.includes(t.value);
  return t.type === 'cmd' && (relationOf(t.value) !== undefined || SEPARATOR_CMDS.has(t.value) || t.value === '\\');
}

/**
 * At a `\\` (after any `&`): does the next line start with `=`, continuing an aligned chain, or with
 * `&+` / `&-`, continuing the expression the line broke (`=&a_1b_1 + a_2b_2\\ &+a_3b_3`)?
 */
function continuesOnNextLine(tokens: Token[], i: number): boolean {
  let j = i;
  while (j < tokens.length && tokens[j].type === 'op' && tokens[j].value === '&') j++;
  if (!(tokens[j]?.type === 'cmd' && tokens[j].value === '\\')) return false;
  j = afterLineSpacing(tokens, j + 1);
  let aligned = false;
  // `&`, and an indent after it (`&\qquad + …`, as the BPTT derivation writes a long sum)
  for (; j < tokens.length && ((tokens[j].type === 'op' && tokens[j].value === '&') || (aligned && isIndent(tokens[j]))); j++) if (tokens[j].type === 'op') aligned = true;
  const t = tokens[j];
  if (!t || t.type !== 'op') return false;
  if (t.value === '=') return true;
  // `&-1.7 = -1 + …` is a new statement: a line that goes on an expression has no relation of its own
  if (!aligned || (t.value !== '+' && t.value !== '-') || !tokens[i - 1] || isRelationToken(tokens[i - 1])) return false;
  for (let k = j + 1; k < tokens.length && !(tokens[k].type === 'cmd' && (tokens[k].value === '\\' || tokens[k].value === 'end')); k++) {
    if (isRelationToken(tokens[k])) return false;
  }
  return true;
}

/** A token that ends a line with a relation still open (`a =\\`): what follows is its right side, not more of it. */
function isRelationToken(t: Token): boolean {
  return (t.type === 'op' && '=<>'.includes(t.value)) || (t.type === 'cmd' && relationOf(t.value) !== undefined);
}

/**
 * At a `\\`: does the next line go on with the expression (`&+4\times 25 + …`, a long sum broken
 * over lines)? A line starting with `+`, `\times` or `\cdot` does; one starting with `-` only when it
 * holds no relation of its own (`&-1.7 = …` is a statement of its own).
 */
function continuesExpression(tokens: Token[], i: number): boolean {
  let j = afterLineSpacing(tokens, i + 1);
  while (j < tokens.length && ((tokens[j].type === 'op' && tokens[j].value === '&') || isIndent(tokens[j]))) j++;
  const t = tokens[j];
  if (!t) return false;
  if ((t.type === 'op' && t.value === '+') || (t.type === 'cmd' && (t.value === 'times' || t.value === 'cdot'))) return true;
  if (!(t.type === 'op' && t.value === '-')) return false;
  let depth = 0;
  for (let k = j + 1; k < tokens.length; k++) {
    const x = tokens[k];
    if ((x.type === 'op' && (x.value === '{' || x.value === '(' || x.value === '[')) || (x.type === 'cmd' && x.value === 'begin')) depth++;
    else if ((x.type === 'op' && (x.value === '}' || x.value === ')' || x.value === ']')) || (x.type === 'cmd' && x.value === 'end')) depth--;
    if (depth < 0) return true; // the environment ends with the line
    if (depth > 0) continue;
    if (x.type === 'cmd' && x.value === '\\') return true;
    if ((x.type === 'op' && (x.value === '=' || x.value === '<' || x.value === '>')) || (x.type === 'cmd' && relationOf(x.value) !== undefined)) return false;
  }
  return true;
}

/** Spacing that indents a line (`\qquad`, `\,`): no relation and no separator at the start of a line. */
const INDENT_CMDS = new Set(['quad', 'qquad', ',', ';', ':', '!', ' ', '>', 'enspace', 'thinspace', 'medspace', 'thickspace']);
function isIndent(t: Token): boolean {
  return t.type === 'cmd' && INDENT_CMDS.has(t.value);
}

/** After a `\\` at index i - 1: skip a `[4pt]` right against it; returns the next index to read. */
function afterLineSpacing(tokens: Token[], i: number): number {
  const open = tokens[i];
  if (!(open?.type === 'op' && open.value === '[' && open.start === tokens[i - 1]?.end)) return i;
  for (let j = i + 1; j < tokens.length && j < i + 6; j++) if (tokens[j].type === 'op' && tokens[j].value === ']') return j + 1;
  return i;
}

function readEnvName(tokens: Token[], i: number): { name: string; next: number } | undefined {
  if (tokens[i]?.type !== 'op' || tokens[i].value !== '{') return undefined;
  let name = '';
  let j = i + 1;
  while (j < tokens.length && !(tokens[j].type === 'op' && tokens[j].value === '}')) {
    name += tokens[j].value;
    j++;
  }
  if (j >= tokens.length) return undefined;
  return { name, next: j + 1 };
}

// ---------------------------------------------------------------------------------------------
// Expression parser

const NC = (why: string): never => {
  throw new Unsupported(why);
};

export interface ParseLimits {
  maxMatrixElements: number;
  maxDepth: number;
  /** Nesting already used by the piece this one sits in (a matrix cell, a subscript). */
  startDepth?: number;
  /**
   * Read derivatives (`\frac{d}{dz}(E)`, `\frac{\partial \hat y}{\partial o}`) and letters applied
   * (`f(x)`, `f'(x)`) into `deriv` and `apply` nodes instead of refusing them: only the symbolic-step
   * judge asks for this; the evaluator and the other passes never see such nodes.
   */
  derivatives?: boolean;
}

/** Longest chain of terms and operators one piece may have (`1+1+…`, `2^2^…`, `3!!!…`). */
const MAX_OPERANDS = 1000;

/** Parses one piece (a token slice) into a tree. Throws Unsupported or FormulaProblem. */
export function parsePiece(tokens: Token[], limits: ParseLimits): Node {
  const r = readPiece(tokens, limits);
  if (r.refusal) throw r.refusal;
  return r.node;
}

/**
 * A piece's tree, also of notation with no value that later passes read for its shape (`\dots` in a
 * list, a function the engine does not know, `\R`, a matrix entry it cannot read): the tree comes with
 * `refusal`, the Unsupported that `parsePiece` throws for it, the first one met reading left to right.
 * Throws what `parsePiece` throws otherwise.
 */
export function readPiece(tokens: Token[], limits: ParseLimits): { node: Node; refusal?: Unsupported } {
  // a full stop closing the sentence (`$2 + 3 = 5.$`) is punctuation, not math
  let end = tokens.length;
  while (end > 0 && tokens[end - 1].type === 'op' && tokens[end - 1].value === '.') end--;
  const p = new Parser(styledOperatorsUnwrapped(end === tokens.length ? tokens : tokens.slice(0, end)), limits);
  try {
    const node = p.parseExpr();
    if (!p.atEnd()) NC(`unexpected '${p.peek()?.value}'`);
    // `\frac{d}{dz} \sigma(z) (1 - z)`: how far an operator without parentheses reaches is not guessed
    if (p.bareDerivativeEnd !== undefined && p.bareDerivativeEnd < node.e) NC('the operand of a derivative');
    return p.refusal ? { node, refusal: p.refusal } : { node };
  } catch (e) {
    // reading on after a refusal met more it cannot read: the refusal came first
    if (p.refusal) throw p.refusal;
    throw e;
  }
}

/**
 * `3 \times 5 \mathbf{\ + 1}`: bold type around an operator and what follows it only prints them bold;
 * the braces are not printed, so the sum goes on (3 × 5 + 1), it is not a product with a group (3 × 5 · 1).
 */
function styledOperatorsUnwrapped(toks: Token[]): Token[] {
  let out: Token[] | undefined;
  const drop = new Set<number>();
  for (let i = 0; i + 1 < toks.length; i++) {
    const t = toks[i];
    if (!(t.type === 'cmd' && SAME_NAME_DECORATIONS.has(t.value) && toks[i + 1].type === 'op' && toks[i + 1].value === '{')) continue;
    let j = i + 2;
    while (j < toks.length && ((toks[j].type === 'cmd' && SPACING_CMDS.has(toks[j].value)) || (toks[j].type === 'op' && toks[j].value === '~'))) j++;
    const op = toks[j];
    if (!op || op.type !== 'op' || (op.value !== '+' && op.value !== '-')) continue;
    const close = afterGroup(toks, i + 1);
    if (close < 0) continue;
    drop.add(i).add(i + 1).add(close - 1);
    out = toks;
  }
  return out ? out.filter((_, k) => !drop.has(k)) : toks;
}

class Parser {
  private i = 0;
  private depth = 0;
  private absDepth = 0;
  private normDepth = 0;
  /** Operands and postfix operators read so far: a flat chain deepens the tree as nesting does. */
  private operands = 0;
  /** The first notation read on without a value (see `readPiece`). */
  refusal?: Unsupported;
  /** Where the first derivative operator written without parentheses ends (`\frac{d}{dz} \sigma(z)`). */
  bareDerivativeEnd?: number;
  constructor(
    private readonly toks: Token[],
    private readonly limits: ParseLimits,
  ) {
    this.depth = limits.startDepth ?? 0;
  }

  atEnd(): boolean {
    this.skipSpacing();
    return this.i >= this.toks.length;
  }
  peek(): Token | undefined {
    this.skipSpacing();
    return this.toks[this.i];
  }
  private skipSpacing() {
    while (this.i < this.toks.length) {
      const t = this.toks[this.i];
      if (t.type === 'cmd' && SPACING_CMDS.has(t.value)) {
        if ((t.value === 'label' || t.value === 'tag') && this.toks[this.i + 1]?.value === '{') {
          this.i++;
          this.skipGroupRaw();
          continue;
        }
        this.i++;
      } else if (t.type === 'cmd' && t.value === 'color' && this.toks[this.i + 1]?.type === 'op' && this.toks[this.i + 1].value === '{') {
        // `{\color{red} 42}` colours what follows; the colour name is not math
        this.i++;
        this.skipGroupRaw();
      } else if (t.type === 'op' && t.value === '~') this.i++;
      else if (t.type === 'text' && t.value.trim() === '') this.i++;
      else break;
    }
  }
  private skipGroupRaw() {
    // at '{': skip to the matching '}' (an unclosed group runs to the end)
    const j = afterGroup(this.toks, this.i);
    this.i = j < 0 ? this.toks.length : j;
  }
  private isOp(v: string, t = this.peek()): boolean {
    return !!t && t.type === 'op' && t.value === v;
  }
  private isCmd(v: string, t = this.peek()): boolean {
    return !!t && t.type === 'cmd' && t.value === v;
  }
  private next(): Token {
    this.skipSpacing();
    const t = this.toks[this.i++];
    if (!t) NC('unexpected end');
    return t;
  }
  private expectOp(v: string): Token {
    const t = this.next();
    if (t.type !== 'op' || t.value !== v) NC(`expected '${v}'`);
    return t;
  }
  private enter() {
    if (++this.depth > this.limits.maxDepth) {
      const t = this.toks[Math.min(this.i, this.toks.length - 1)];
      throw new FormulaProblem('limit', message('limit.nesting', { max: this.limits.maxDepth }), t.start, t.end);
    }
  }
  private leave() {
    this.depth--;
  }
  /** Counts one operand or postfix operator; the tree's depth (and the evaluator's stack) stays bounded. */
  private count(t: Token | undefined) {
    if (++this.operands > MAX_OPERANDS && t) {
      throw new FormulaProblem('limit', message('limit.operands', { max: MAX_OPERANDS.toLocaleString('en-US') }), this.toks[0].start, t.end);
    }
  }
  /** Limits for a piece parsed inside this one (a matrix cell, a subscript): nesting adds up. */
  private nestedLimits(): ParseLimits {
    // a literal, not a spread: this runs once per matrix cell
    return { maxMatrixElements: this.limits.maxMatrixElements, maxDepth: this.limits.maxDepth, startDepth: this.depth };
  }
  private lastEnd(): number {
    return this.toks[this.i - 1]?.end ?? 0;
  }
  /** Notation with no value, read on for its shape: the piece stays not computable for this reason. */
  private refuse(why: string): void {
    this.refusal ??= new Unsupported(why);
  }

  parseExpr(): Node {
    this.enter();
    let left = this.parseTerm();
    for (;;) {
      const t = this.peek();
      if (!t) break;
      let op: BinOp | undefined;
      if (t.type === 'op' && (t.value === '+' || t.value === '-')) op = t.value;
      else if (t.type === 'cmd' && (t.value === 'pm' || t.value === 'mp')) op = 'pm';
      if (!op) break;
      this.i++;
      const right = this.parseTerm();
      left = { t: 'bin', op, a: left, b: right, s: left.s, e: right.e };
    }
    this.leave();
    return left;
  }

  private startsFactor(t: Token | undefined): boolean {
    if (!t) return false;
    if (t.type === 'num' || t.type === 'ident') return true;
    if (t.type === 'text') return !!isFunctionText(t.value);
    if (t.type === 'op') return t.value === '(' || t.value === '{' || (t.value === '|' && this.absDepth === 0) || t.value === '[';
    if (t.type === 'cmd') {
      const v = t.value;
      // `\|` and `\Vert` open a norm only when no norm is open: inside one they close it
      if (v === '|' || v === 'Vert') return this.normDepth === 0;
      return !NOT_FACTOR_CMDS.has(v) && !(relationOf(v) !== undefined) && !SEPARATOR_CMDS.has(v);
    }
    return false;
  }

  private parseTerm(): Node {
    let left = this.parseUnary();
    let sawDivision = false;
    for (;;) {
      const t = this.peek();
      if (!t) break;
      let op: BinOp | undefined;
      if (t.type === 'cmd' && (t.value === 'cdot' || t.value === 'times' || t.value === 'div' || t.value === 'odot' || t.value === 'ast')) op = t.value === 'ast' ? '*' : (t.value as BinOp);
      else if (t.type === 'op' && (t.value === '*' || t.value === '/')) op = t.value;
      if (op) {
        this.i++;
        if (op === '/' || op === 'div') sawDivision = true;
        const right = this.parseUnary();
        left = { t: 'bin', op, a: left, b: right, s: left.s, e: right.e };
        continue;
      }
      if (this.startsFactor(t)) {
        // `a/bc` is ambiguous between (a/b)c and a/(bc): refuse rather than guess
        if (sawDivision) NC('ambiguous division followed by implicit product');
        if (left.t === 'num' && t.type === 'num') NC('two numbers side by side');
        // `\alpha \mathbf{S F}(0)`: braces are not printed, so parentheses after them follow their last letter, F(0)
        if (this.isOp('(', t) || this.isCmd('left', t)) left = unbraceLast(left);
        // `f(2)`, `\phi(x)`, `L(\theta)`: a function applied, not a product, even when the letter has a value
        const last = left.t === 'bin' && left.op === 'implicit' ? left.b : left;
        // `S_{sorted}[2]`, `x[0]`: one whole number in brackets right against a name is an entry of a list by its
        // index (counted from 0 or from 1, the writer's convention), not the name times [2]
        if (last.t === 'sym' && this.isOp('[', t)) {
          const k = this.toks.indexOf(t);
          const index = this.toks[k + 1];
          const close = this.toks[k + 2];
          if (this.toks[k - 1]?.end === t.start && index?.type === 'num' && /^\d+$/.test(index.value.trim()) && close?.type === 'op' && close.value === ']') NC('an entry of a list by its index');
        }
        if (last.t === 'sym' && FUNCTION_LETTERS.has(last.base) && (this.isOp('(', t) || this.isCmd('left', t))) {
          if (this.limits.derivatives && last.sub) {
            // `h_t(1 - h_t)`: a letter with an index before a sum in parentheses is a state times that
            // sum (σ′ written out), for the judge; `P_\theta(x)`, `L_t(\theta)` stay functions (refused)
            const right = this.parseUnaryNoSign();
            if (!isParenthesizedSum(right)) NC(`${last.base}(…) is a function`);
            left = { t: 'bin', op: 'implicit', a: left, b: right, s: left.s, e: right.e };
            continue;
          }
          if (!this.limits.derivatives) NC(`${last.base}(…) is a function`);
          const applied = this.applyLetter(last, 0);
          left = left === last ? applied : { ...(left as Extract<Node, { t: 'bin' }>), b: applied, e: applied.e };
          continue;
        }
        const right = this.parseUnaryNoSign();
        left = { t: 'bin', op: 'implicit', a: left, b: right, s: left.s, e: right.e };
        continue;
      }
      break;
    }
    return left;
  }

  private parseUnary(): Node {
    const t = this.peek();
    this.count(t);
    if (t && t.type === 'op' && (t.value === '-' || t.value === '+')) {
      this.i++;
      const a = this.parseUnary();
      return t.value === '-' ? { t: 'neg', a, s: t.start, e: a.e } : a;
    }
    return this.parsePostfix();
  }
  private parseUnaryNoSign(): Node {
    this.count(this.peek());
    return this.parsePostfix();
  }

  private parsePostfix(): Node {
    let base = this.parsePrimary();
    // `{ f }(x)`, `{ f }^{ ' }(x)`, `{ e }^{ -x }`: braces around one letter are not printed; it is that letter
    if (base.t === 'group' && base.delim === '{' && base.a.t === 'sym') base = { ...base.a, s: base.s, e: base.e };
    // `\mathbf{X X}^{\top}`, `{AB}^T`: braces are not printed, so a superscript after them sits on the last
    // factor, as the reader sees it (X Xᵀ, not (XX)ᵀ); `before` holds the factors in front of it
    let before: Node | undefined;
    let from = base.s;
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (!before && this.isOp('^', t) && base.t === 'group' && base.delim === '{' && base.a.t === 'bin' && base.a.op === 'implicit') {
        from = base.s;
        before = base.a.a;
        base = base.a.b;
      }
      if (this.isOp('^', t) || this.isOp('!', t) || (t.type === 'cmd' && t.value === '%')) this.count(t);
      // `f'(x)`, `f^{\prime}(x)`, `\psi^\prime(z)`: a letter's derivative, read only for the symbolic judge
      // (a prime written as a superscript is one too, on a letter that is applied)
      if (this.isOp("'", t) || (this.isOp('^', t) && this.limits.derivatives && base.t === 'sym' && !base.sub && FUNCTION_LETTERS.has(base.base) && this.primeAhead() > 0)) {
        if (!this.limits.derivatives || base.t !== 'sym' || base.sub || !FUNCTION_LETTERS.has(base.base)) NC('prime on an expression');
        let prime = 0;
        for (let n = this.primeAhead(); n > 0; n = this.primeAhead()) {
          this.i += n;
          prime++;
        }
        if (!(this.isOp('(') || this.isCmd('left'))) NC('prime on an expression');
        base = this.applyLetter(base as Extract<Node, { t: 'sym' }>, prime);
        continue;
      }
      if (this.isOp('^', t)) {
        this.i++;
        const sup = this.peek();
        if (sup && ((sup.type === 'ident' && sup.value === 'T') || (sup.type === 'cmd' && (sup.value === 'top' || sup.value === 'intercal' || sup.value === 'mathsf')))) {
          this.i++;
          if (sup.type === 'cmd' && sup.value === 'mathsf') this.parseArgGroup();
          base = { t: 'transpose', a: base, viaT: sup.type === 'ident', s: base.s, e: this.lastEnd() };
          continue;
        }
        if (sup && isUprightT(sup)) {
          // ^\mathrm{T}, ^\text{T}: an upright T is the transpose sign (ISO 80000-2), never a variable T
          this.i++;
          base = { t: 'transpose', a: base, viaT: false, s: base.s, e: this.lastEnd() };
          continue;
        }
        if (sup && this.isOp('{', sup)) {
          // ^{T}, ^{\top}, ^{\intercal}, ^{\mathrm{T}}, ^{\rm T}
          const after = this.toks[this.i + 1];
          const rm = after?.type === 'cmd' && after.value === 'rm' ? 1 : 0;
          const mark = this.toks[this.i + 1 + rm];
          const close = this.toks[this.i + 2 + rm];
          if (mark && close && close.type === 'op' && close.value === '}' && ((mark.type === 'ident' && mark.value === 'T') || (rm === 0 && (isUprightT(mark) || (mark.type === 'cmd' && (mark.value === 'top' || mark.value === 'intercal')))))) {
            this.i += 3 + rm;
            base = { t: 'transpose', a: base, viaT: mark.type === 'ident' && rm === 0, s: base.s, e: this.lastEnd() };
            continue;
          }
        }
        if (base.t === 'num' && this.degreeSign()) {
          // 53.13^\circ, 45^{\circ}: degrees, a number in radians times π/180
          base = { t: 'scaled', a: base, factor: Math.PI / 180, unit: '°', s: base.s, e: this.lastEnd() };
          continue;
        }
        if (base.t === 'sym' && base.name !== 'e') {
          // h^{(t)}, W^{[1]}, x^{<t>}: a layer or time index written up, part of the name, not a power
          // (but e^{(2 - 3)} is the exponential)
          const index = this.superscriptIndex();
          if (index) {
            base = { ...base, name: `${base.name}^{${index.text}}`, e: index.end };
            continue;
          }
          // `x_k^1`, `W^{1}`: a superscript 1 on a letter is a label (a coordinate, a layer), part of the name;
          // as a power it would change nothing, so nobody needs to write it (`[x_k^1, x_k^2]` is a point)
          const one = this.toks[this.i];
          const braced = this.isOp('{', one);
          const digit = braced ? this.toks[this.i + 1] : one;
          if (digit?.type === 'num' && digit.value === '1' && (!braced || this.isOp('}', this.toks[this.i + 2]))) {
            this.i += braced ? 3 : 1;
            base = { ...base, name: `${base.name}^{1}`, e: this.lastEnd() };
            continue;
          }
        }
        const exp = this.parseScriptArg();
        base = { t: 'pow', a: base, b: exp, s: base.s, e: exp.e };
        continue;
      }
      if (this.isOp('!', t)) {
        this.i++;
        base = { t: 'fact', a: base, s: base.s, e: t.end };
        continue;
      }
      if (t.type === 'cmd' && t.value === '%') {
        this.i++;
        base = { t: 'pct', a: base, s: base.s, e: t.end };
        continue;
      }
      if (t.type === 'text' && base.t === 'num') {
        const suffix = classifySuffix(t.value);
        if (suffix.kind === 'scale') {
          this.i++;
          base = { t: 'scaled', a: base, factor: suffix.factor, unit: t.value.trim(), s: base.s, e: t.end };
          continue;
        }
      }
      if (this.isOp('_', t)) NC('subscript on an expression');
      break;
    }
    return before ? { t: 'bin', op: 'implicit', a: before, b: base, s: from, e: base.e } : base;
  }

  /** At the superscript after `^`: `\circ` or `{\circ}` (a degree sign), consumed if so. */
  private degreeSign(): boolean {
    const t = this.toks[this.i];
    if (t?.type === 'cmd' && t.value === 'circ') {
      this.i++;
      return true;
    }
    const inner = this.toks[this.i + 1];
    const close = this.toks[this.i + 2];
    if (t?.type === 'op' && t.value === '{' && inner?.type === 'cmd' && inner.value === 'circ' && close?.type === 'op' && close.value === '}') {
      this.i += 3;
      return true;
    }
    return false;
  }

  /** At `{` after `^`: a bracketed index `{(t)}`, `{[1]}`, `{<t>}`, `{\langle t \rangle}`; consumed if so. */
  private superscriptIndex(): { text: string; end: number } | undefined {
    const open = this.toks[this.i];
    const first = this.toks[this.i + 1];
    if (!(open?.type === 'op' && open.value === '{') || !first) return undefined;
    const closer = first.type === 'op' ? ({ '(': ')', '[': ']', '<': '>' } as Record<string, string>)[first.value] : first.type === 'cmd' && first.value === 'langle' ? 'rangle' : undefined;
    if (!closer) return undefined;
    let j = this.i + 2;
    let depth = 0;
    for (; j < this.toks.length; j++) {
      const tk = this.toks[j];
      if (tk.type === 'op' && tk.value === '{') depth++;
      else if (tk.type === 'op' && tk.value === '}') {
        if (depth === 0) return undefined;
        depth--;
      } else if (depth === 0 && tk.value === closer && tk.type === first.type) break;
    }
    const close = this.toks[j + 1];
    if (j >= this.toks.length || !(close?.type === 'op' && close.value === '}')) return undefined;
    const text = this.toks.slice(this.i + 1, j + 1).map((x) => (x.type === 'cmd' ? '\\' + x.value + ' ' : x.value)).join('').replace(/\s+$/, '');
    this.i = j + 2;
    return { text, end: close.end };
  }

  /** The argument of ^ or _: a braced group, or a single token (a digit, a letter, a command). */
  private parseScriptArg(): Node {
    const t = this.peek();
    if (!t) NC('missing script');
    if (this.isOp('{', t)) return this.parseBraced();
    this.i++;
    if (t!.type === 'num') {
      // ^23 means ^{2}3 in TeX: only the first digit is the script
      const ch = t!.value[0];
      if (t!.value.length > 1) NC('multi-digit script without braces');
      return { t: 'num', v: Number(ch), text: ch, decimals: 0, s: t!.start, e: t!.start + 1 };
    }
    if (t!.type === 'ident') {
      if (t!.value.length > 1) NC('multi-letter script without braces');
      return { t: 'sym', name: t!.value, base: t!.value, s: t!.start, e: t!.end };
    }
    if (t!.type === 'op' && t!.value === '-') {
      const r = this.parseScriptArg();
      return { t: 'neg', a: r, s: t!.start, e: r.e };
    }
    if (t!.type === 'cmd' && GREEK.has(t!.value)) return { t: 'sym', name: '\\' + t!.value, base: '\\' + t!.value, s: t!.start, e: t!.end };
    return NC('unsupported script');
  }

  private parseBraced(): Node {
    const open = this.expectOp('{');
    if (this.isOp('}')) NC('empty group');
    const inner = this.parseExpr();
    const close = this.expectOp('}');
    return { t: 'group', a: inner, delim: '{', s: open.start, e: close.end };
  }

  /** A command's argument: `{…}` or a single token. */
  private parseArgGroup(): Node {
    const t = this.peek();
    if (this.isOp('{', t)) return this.parseBraced();
    if (t && t.type === 'num' && t.value.length > 1 && /^\d+$/.test(t.value)) {
      // \frac12: one digit per argument
      this.toks[this.i] = { ...t, value: t.value.slice(1), start: t.start + 1 };
      return { t: 'num', v: Number(t.value[0]), text: t.value[0], decimals: 0, s: t.start, e: t.start + 1 };
    }
    return this.parsePrimary();
  }

  private parseSubscriptText(): { node?: Node; text: string; end: number } {
    // after '_': {…} or one token; the text (without spaces/braces) names the symbol
    const t = this.peek();
    if (!t) NC('missing subscript');
    if (this.isOp('{', t)) {
      const startIdx = this.i;
      this.skipGroupRaw();
      const inner = this.toks.slice(startIdx + 1, this.i - 1);
      const text = inner.map((x) => (x.type === 'cmd' ? '\\' + x.value + (x.value.length > 1 ? ' ' : '') : x.type === 'text' ? x.value : x.value)).join('').trim().replace(/\s+/g, ' ');
      let node: Node | undefined;
      try {
        node = parsePiece(inner, this.nestedLimits());
      } catch {
        node = undefined;
      }
      return { node, text, end: this.lastEnd() };
    }
    this.i++;
    if (t!.type === 'num') {
      if (t!.value.length > 1 && !/^\d+$/.test(t!.value)) NC('odd subscript');
      // x_12 is x_{1}2 in TeX; students mean x_{12} rarely, so follow TeX
      const ch = t!.value[0];
      if (t!.value.length > 1) this.toks.splice(this.i, 0, { type: 'num', value: t!.value.slice(1), start: t!.start + 1, end: t!.end });
      return { node: { t: 'num', v: Number(ch), text: ch, decimals: 0, s: t!.start, e: t!.start + 1 }, text: ch, end: t!.start + 1 };
    }
    if (t!.type === 'ident') {
      const ch = t!.value[0];
      if (t!.value.length > 1) this.toks.splice(this.i, 0, { type: 'ident', value: t!.value.slice(1), start: t!.start + 1, end: t!.end });
      return { node: { t: 'sym', name: ch, base: ch, s: t!.start, e: t!.start + 1 }, text: ch, end: t!.start + 1 };
    }
    if (t!.type === 'cmd') return { text: '\\' + t!.value, end: t!.end };
    if (t!.type === 'text') return { text: t!.value.trim(), end: t!.end };
    return NC('odd subscript');
  }

  private parsePrimary(): Node {
    this.enter();
    try {
      return this.parsePrimaryInner();
    } finally {
      this.leave();
    }
  }

  private parsePrimaryInner(): Node {
    const t = this.next();
    if (t.type === 'num' && t.reading) return this.twoReadings(t);
    if (t.type === 'num') {
      // most numbers are plain digits: skip the regular expressions for them (parsing is hot)
      const clean = /[,\\{]/.test(t.value) ? t.value.replace(/\{,\}|\\,|,/g, '') : t.value;
      const ei = clean.search(/[eE]/);
      const mant = ei < 0 ? clean : clean.slice(0, ei);
      const exp = ei < 0 ? undefined : clean.slice(ei + 1);
      const dot = mant.indexOf('.');
      // decimals is the place of the last written digit: 0.25 → 2, 1e-3 → 3, 5e3 → −3
      const decimals = (dot >= 0 ? mant.length - dot - 1 : 0) - (exp === undefined ? 0 : Number(exp));
      return { t: 'num', v: Number(clean), text: t.value, decimals, s: t.start, e: t.end };
    }
    if (t.type === 'ident') return this.identifier(t.value, t.start, t.end);
    if (t.type === 'text') {
      if (NUMERIC_TEXT.test(t.value)) {
        // `\mathrm{2359296}`: a number in upright type
        const clean = t.value.trim().replace(/,/g, '');
        const dot = clean.indexOf('.');
        return { t: 'num', v: Number(clean), text: t.value.trim(), decimals: dot >= 0 ? clean.length - dot - 1 : 0, s: t.start, e: t.end };
      }
      const fn = isFunctionText(t.value);
      if (fn) return this.functionCall(fn, t.start, t.value.trim());
      if (isFunctionWord(t, this.toks[this.i])) {
        // `\mathrm{Concat}(…)`: a function the engine does not compute, read for its arguments' shapes
        this.refuse(`unknown function ${t.value}`);
        return this.functionCall(t.value, t.start, t.value);
      }
      const word = t.value.trim();
      if (/^[A-Za-z]+$/.test(word)) return this.symbolWithSub(word, t.start, t.end);
      return NC('text');
    }
    if (t.type === 'op') {
      switch (t.value) {
        case '(':
        case '[':
          return this.parseParenGroup(t, t.value === '(' ? ')' : ']');
        case '{': {
          this.i--;
          return this.parseBraced();
        }
        case '|': {
          this.absDepth++;
          const inner = this.parseExpr();
          this.absDepth--;
          const close = this.next();
          if (close.type !== 'op' || close.value !== '|') NC('unclosed |');
          return this.maybeNormSub({ t: 'abs', a: inner, s: t.start, e: close.end });
        }
      }
      return NC(`unexpected '${t.value}'`);
    }
    if (t.type === 'cmd') return this.command(t);
    return NC('unknown symbol');
  }

  /**
   * `1,5` alone and Persian `۲/۵` have two readings. `۰/۲۵` can only be 0.25; a whole piece `۲/۵`
   * stays the fraction (the claim judge also tries the decimal); inside an expression, or a comma
   * that may separate two items, the piece is not computable.
   */
  private twoReadings(t: Token): Node {
    if (t.reading === 'persian-slash') {
      const slash = t.value.indexOf('/');
      const a = t.value.slice(0, slash);
      const b = t.value.slice(slash + 1);
      if (Number(a) === 0) {
        const text = `0.${b}`;
        return { t: 'num', v: Number(text), text, decimals: b.length, s: t.start, e: t.end };
      }
      if (this.toks.length === 1) {
        const num = (x: string, s: number): Node => ({ t: 'num', v: Number(x), text: x, decimals: 0, s, e: s + x.length });
        return { t: 'bin', op: '/', a: num(a, t.start), b: num(b, t.start + slash + 1), s: t.start, e: t.end };
      }
      return NC('a Persian a/b: a decimal or a fraction?');
    }
    return NC('a comma between digits: a decimal comma or two items?');
  }

  private parseParenGroup(open: Token, closeCh: string): Node {
    const items: Node[] = [this.parseExpr()];
    while (this.isOp(',')) {
      this.i++;
      items.push(this.parseExpr());
    }
    const close = this.next();
    if (close.type !== 'op' || close.value !== closeCh) NC(`expected '${closeCh}'`);
    if (items.length > 1) return { t: 'tuple', items, s: open.start, e: close.end };
    // the bracket as written: `[n/2]` is an integer part in some texts, and shapes read `(`/`[` groups
    return { t: 'group', a: items[0], delim: open.value, s: open.start, e: close.end };
  }

  private maybeNormSub(n: Node): Node {
    return n;
  }

  private identifier(word: string, s: number, e: number): Node {
    const lower = word.toLowerCase();
    if (PLAIN_FUNCTIONS.has(lower) && (word === lower || lower === 'relu' || lower === 'softmax' || lower === 'argmax' || lower === 'argmin')) {
      return this.functionCall(lower === 'sigmoid' ? 'sigma' : lower, s, word);
    }
    return this.symbolWithSub(word, s, e);
  }

  private symbolWithSub(base: string, s: number, e: number): Node {
    if (this.isOp('_')) {
      this.i++;
      const sub = this.parseSubscriptText();
      return { t: 'sym', name: `${base}_${sub.text}`, base, sub: sub.node, subText: sub.text, s, e: sub.end };
    }
    return { t: 'sym', name: base, base, s, e };
  }

  /** At `(` or `\left(` after a letter (`f(x)`, `\psi'(z)`): the letter applied to its arguments. */
  private applyLetter(f: Extract<Node, { t: 'sym' }>, prime: number): Node {
    const t = this.peek()!;
    const g = this.isCmd('left', t) ? this.parseLeftRight() : this.parseParenGroup(this.next(), ')');
    const args = g.t === 'tuple' ? g.items : [g.t === 'group' ? g.a : g];
    return { t: 'apply', fn: f.name, prime, args, s: f.s, e: g.e };
  }

  /**
   * `\frac{d}{dz}`, `\frac{\partial \hat y}{\partial o}`, `\frac{dL}{dw}` at the token after `\frac`, read
   * as a derivative; undefined (nothing consumed) when the fraction is not one this reads.
   */
  private derivativeFrac(t: Token): Node | undefined {
    const open1 = this.i;
    if (!this.isOp('{', this.toks[open1])) return undefined;
    const open2 = afterGroup(this.toks, open1);
    if (open2 < 0 || !this.isOp('{', this.toks[open2])) return undefined;
    const end = afterGroup(this.toks, open2);
    if (end < 0) return undefined;
    const top = differential(this.toks.slice(open1 + 1, open2 - 1));
    const below = differential(this.toks.slice(open2 + 1, end - 1));
    if (!top || !below || top.partial !== below.partial || !below.rest.length) return undefined;
    const sub = (toks: Token[]): Node | undefined => {
      try {
        return parsePiece(toks, { maxMatrixElements: this.limits.maxMatrixElements, maxDepth: this.limits.maxDepth, startDepth: this.depth });
      } catch (e) {
        if (e instanceof Unsupported || e instanceof FormulaProblem) return undefined;
        throw e;
      }
    };
    let wrt = sub(below.rest);
    while (wrt?.t === 'group') wrt = wrt.a;
    if (wrt?.t !== 'sym') return undefined;
    const e = this.toks[end - 1].end;
    if (top.rest.length) {
      const a = sub(top.rest);
      if (!a) return undefined;
      this.i = end;
      return { t: 'deriv', a, wrt, partial: top.partial, s: t.start, e };
    }
    // an operator: it applies to the factor after it, `(E)` or one factor written without parentheses
    this.i = end;
    const nx = this.peek();
    if (!nx || !this.startsFactor(nx)) NC('a derivative without an operand');
    const bare = !(this.isOp('(', nx) || this.isCmd('left', nx) || this.isOp('[', nx));
    let a = this.parsePostfix();
    // `\frac{d}{dx} f(g(x))`: the letter applied is the operand
    if (a.t === 'sym' && !a.sub && FUNCTION_LETTERS.has(a.base) && (this.isOp('(') || this.isCmd('left'))) a = this.applyLetter(a, 0);
    if (bare) this.bareDerivativeEnd ??= a.e;
    return { t: 'deriv', a, wrt, partial: top.partial, ...(bare ? { bare } : {}), s: t.start, e: a.e };
  }

  /** `\sigma(…)`, `\max(a, b)`, `\log_2 x`, `\sigma'(z)`, `\tanh x`. */
  private functionCall(fn: string, s: number, written?: string): Node {
    let prime = 0;
    let primeS: number | undefined;
    let primeE: number | undefined;
    let base: Node | undefined;
    let power: Node | undefined;
    for (;;) {
      // `'`, `^\prime`, `^{\prime}`, `^{'}`: one derivative each
      const n = this.primeAhead();
      if (n) {
        primeS ??= this.toks[this.i].start;
        primeE = this.toks[this.i + n - 1].end;
        this.i += n;
        prime++;
        continue;
      }
      if (this.isOp('_')) {
        this.i++;
        if (fn !== 'log') NC(`\\${fn} with a subscript`);
        base = this.parseScriptArg();
        continue;
      }
      if (this.isOp('^')) {
        this.i++;
        power = this.parseScriptArg();
        continue;
      }
      break;
    }
    const args: Node[] = [];
    const t = this.peek();
    let e: number;
    if (this.isOp('(', t) || this.isCmd('left', t) || this.isOp('[', t)) {
      const g = this.isCmd('left', t) ? this.parseLeftRight() : this.parseParenGroup(this.next(), t!.value === '(' ? ')' : ']');
      if (g.t === 'tuple') args.push(...g.items);
      else args.push(g.t === 'group' ? g.a : g);
      e = g.e;
    } else if (this.isOp('{', t)) {
      const g = this.parseBraced();
      args.push(g);
      e = g.e;
    } else {
      if (!t || !this.startsFactor(t)) NC(`\\${fn} without an argument`);
      // `\cos 2x` is cos(2x): an argument without parentheses runs over the factors written side by
      // side after it, up to an explicit operator, + or −, a relation or the next function (`\sin x \cos x`)
      let a = this.parsePostfix();
      // `\text{softmax}\begin{pmatrix}…\end{pmatrix} V`: the matrix's parentheses are the call's
      const parenthesized = a.t === 'mat' && a.env === 'pmatrix';
      for (let nx = this.peek(); !parenthesized && this.startsFactor(nx) && !this.startsFunction(nx!); nx = this.peek()) {
        if (a.t === 'num' && nx!.type === 'num') NC('two numbers side by side');
        const last = a.t === 'bin' && a.op === 'implicit' ? a.b : a;
        if (last.t === 'sym' && FUNCTION_LETTERS.has(last.base) && (this.isOp('(', nx) || this.isCmd('left', nx))) NC(`${last.base}(…) is a function`);
        const b = this.parseUnaryNoSign();
        a = { t: 'bin', op: 'implicit', a, b, s: a.s, e: b.e };
      }
      args.push(a);
      e = a.e;
    }
    const primes = primeS !== undefined && primeE !== undefined ? { primeS, primeE } : {};
    return { t: 'call', fn, args, prime, ...primes, base, power, ...(written !== undefined ? { written } : {}), s, e };
  }

  /** How many tokens a prime written at the cursor takes (`'` 1, `^\prime` 2, `^{\prime}` or `^{'}` 4), or 0. */
  private primeAhead(): number {
    if (this.isOp("'")) return 1;
    if (!this.isOp('^')) return 0;
    const a = this.toks[this.i + 1];
    if (a && a.type === 'cmd' && a.value === 'prime') return 2;
    const b = this.toks[this.i + 2];
    const c = this.toks[this.i + 3];
    if (a && this.isOp('{', a) && b && (this.isCmd('prime', b) || this.isOp("'", b)) && c && this.isOp('}', c)) return 4;
    return 0;
  }

  /** A token that starts a function application (`\sin`, `\text{softmax}`, `\sum`, `ReLU`): it ends an argument written without parentheses. */
  private startsFunction(t: Token): boolean {
    if (t.type === 'cmd') return FUNCTIONS.has(t.value) || t.value === 'arg' || t.value === 'sum' || t.value === 'prod' || t.value === 'operatorname';
    if (t.type === 'text') return !!isFunctionText(t.value) || isFunctionWord(t, this.toks[this.i + 1]);
    if (t.type === 'ident') return PLAIN_FUNCTIONS.has(t.value.toLowerCase());
    return false;
  }

  /** `\left( … \right)` and friends; also `\left| … \right|` and `\left\| … \right\|`. */
  private parseLeftRight(): Node {
    const left = this.next(); // \left
    const d = this.next();
    const open = d.type === 'cmd' ? '\\' + d.value : d.value;
    const items: Node[] = [this.parseExpr()];
    while (this.isOp(',')) {
      this.i++;
      items.push(this.parseExpr());
    }
    const r = this.next();
    if (r.type !== 'cmd' || r.value !== 'right') NC('expected \\right');
    const cd = this.next();
    const close = cd.type === 'cmd' ? '\\' + cd.value : cd.value;
    const e = cd.end;
    if (open === '|' && close === '|' && items.length === 1) return { t: 'abs', a: items[0], s: left.start, e };
    if ((open === '\\|' || open === '\\Vert') && items.length === 1) return this.normTail({ t: 'norm', a: items[0], s: left.start, e });
    if ((open === '\\lfloor' || open === '\\lceil') && items.length === 1) return { t: open === '\\lfloor' ? 'floor' : 'ceil', a: items[0], s: left.start, e };
    if (open === '\\langle' && items.length === 2) return { t: 'bin', op: 'cdot', a: items[0], b: items[1], s: left.start, e };
    if (!['(', '[', '\\{', '.'].includes(open)) NC('unusual delimiter');
    if (items.length > 1) return { t: 'tuple', items, s: left.start, e };
    return { t: 'group', a: items[0], delim: '\\left' + open, s: left.start, e };
  }

  private normTail(n: Node & { t: 'norm' }): Node {
    if (this.isOp('_')) {
      this.i++;
      const sub = this.parseSubscriptText();
      return { ...n, kind: sub.text, e: sub.end };
    }
    return n;
  }

  private command(t: Token): Node {
    const v = t.value;
    switch (v) {
      case 'frac':
      case 'dfrac':
      case 'tfrac':
      case 'cfrac': {
        if (this.limits.derivatives) {
          const d = this.derivativeFrac(t);
          if (d) return d;
        }
        const a = this.parseArgGroup();
        const b = this.parseArgGroup();
        // d/dx, dL/dw, \frac{d}{dt}: a derivative, even when the answer gave d a value (d = 512)
        if (isDifferential(a) && isDifferential(b, true)) NC('a derivative');
        return { t: 'frac', a, b, s: t.start, e: b.e };
      }
      case 'sqrt': {
        let n: Node | undefined;
        if (this.isOp('[')) {
          this.i++;
          n = this.parseExpr();
          this.expectOp(']');
        }
        const a = this.parseArgGroup();
        return { t: 'sqrt', a, n, s: t.start, e: a.e };
      }
      case 'binom':
      case 'dbinom':
      case 'tbinom': {
        const a = this.parseArgGroup();
        const b = this.parseArgGroup();
        return { t: 'binom', a, b, s: t.start, e: b.e };
      }
      case 'left':
        this.i--;
        return this.parseLeftRight();
      case '|':
      case 'Vert':
      case 'lVert': {
        this.normDepth++;
        let inner: Node;
        try {
          inner = this.parseExpr();
        } finally {
          this.normDepth--;
        }
        const c = this.next();
        if (!(c.type === 'cmd' && (c.value === '|' || c.value === 'Vert' || c.value === 'rVert'))) NC('unclosed norm');
        return this.normTail({ t: 'norm', a: inner, s: t.start, e: c.end });
      }
      case 'lvert': {
        const inner = this.parseExpr();
        const c = this.next();
        if (!(c.type === 'cmd' && c.value === 'rvert')) NC('unclosed |');
        return { t: 'abs', a: inner, s: t.start, e: c.end };
      }
      case 'lfloor':
      case 'lceil': {
        const inner = this.parseExpr();
        const c = this.next();
        if (!(c.type === 'cmd' && c.value === (v === 'lfloor' ? 'rfloor' : 'rceil'))) NC('unclosed floor/ceil');
        return { t: v === 'lfloor' ? 'floor' : 'ceil', a: inner, s: t.start, e: c.end };
      }
      case 'begin':
        return this.environment(t);
      case 'arg': {
        // \arg\max(…), \arg\min(…)
        const m = this.peek();
        if (m?.type === 'cmd' && (m.value === 'max' || m.value === 'min')) {
          this.i++;
          return this.functionCall(m.value === 'max' ? 'argmax' : 'argmin', t.start);
        }
        return NC('\\arg');
      }
      case 'boxed':
      case 'fbox':
        // `= \boxed{2359296}`: a frame around the answer
        return this.parseArgGroup();
      case 'textcolor': {
        if (this.isOp('{')) this.skipGroupRaw();
        return this.parseArgGroup();
      }
      case 'underbrace':
      case 'overbrace':
      case 'underset':
      case 'overset': {
        // `\underbrace{2 \times 3}_{\text{heads}}`: the note under the brace is not math
        if (v === 'underset' || v === 'overset') {
          if (this.isOp('{')) this.skipGroupRaw();
          else this.i++;
          return this.parseArgGroup();
        }
        const body = this.parseArgGroup();
        if (this.isOp(v === 'underbrace' ? '_' : '^')) {
          this.i++;
          if (this.isOp('{')) this.skipGroupRaw();
          else this.i++;
        }
        return body;
      }
      case 'langle': {
        // ⟨a, b⟩: the inner product
        const a = this.parseExpr();
        this.expectOp(',');
        const b = this.parseExpr();
        const c = this.next();
        if (!(c.type === 'cmd' && c.value === 'rangle')) NC('unclosed ⟨');
        return { t: 'bin', op: 'cdot', a, b, s: t.start, e: c.end };
      }
      case 'sum':
      case 'prod':
        return this.series(v, t);
      case 'partial':
        // `\frac{\partial L}{\partial h}`: a derivative has no value here, but the product it sits in is
        // read on for what later passes look at (the σ′ slip beside it)
        this.refuse('\\partial');
        return { t: 'unread', s: t.start, e: t.end };
      case 'infty':
      case 'nabla':
      case 'int':
      case 'lim':
    }
    if (MATRIX_DOTS.has(v)) {
      // `\mathrm{Concat}(\mathrm{head}_1, \dots, \mathrm{head}_h)`, `\vdots` in a matrix: elided, no value
      this.refuse(`\\${v}`);
      return { t: 'dots', s: t.start, e: t.end };
    }
    if (SAME_NAME_DECORATIONS.has(v)) {
      const inner = this.peek();
      if (this.isOp('{', inner)) {
        const start = this.i;
        this.skipGroupRaw();
        const toks = this.toks.slice(start + 1, this.i - 1);
        if (toks.length === 1 && (toks[0].type === 'ident' || (toks[0].type === 'cmd' && GREEK.has(toks[0].value)))) {
          const name = toks[0].type === 'cmd' ? '\\' + toks[0].value : toks[0].value;
          return this.symbolWithSub(name, t.start, this.lastEnd());
        }
        // `\mathbf{2359296}`, `\boldsymbol{h_t}`: bold type around a value or a subscripted name (a name alone
        // in it, `\boldsymbol{h_t}`, is that name, as braces around one letter are: see `parsePostfix`)
        this.i = start;
        return { ...this.parseBraced(), s: t.start };
      }
      const one = this.next();
      if (one.type === 'ident' && one.value.length === 1) return this.symbolWithSub(one.value, t.start, one.end);
      return NC('decoration');
    }
    if (NAMED_DECORATIONS.has(v)) {
      const start = this.i;
      if (this.isOp('{')) this.skipGroupRaw();
      else this.i++;
      // a command word keeps the space that ends it before letters (`\hat{\boldsymbol w}`, not `\boldsymbolw`)
      const inner = this.toks
        .slice(start, this.i)
        .map((x, k, all) => (x.type === 'cmd' ? '\\' + x.value + (all[k + 1]?.type === 'ident' ? ' ' : '') : x.value))
        .join('');
      return this.symbolWithSub(`\\${v}${inner.startsWith('{') ? inner : '{' + inner + '}'}`, t.start, this.lastEnd());
    }
    if (FUNCTIONS.has(v)) {
      // \sigma is a function only when an argument follows; otherwise a symbol (a standard deviation…)
      const nx = this.peek();
      if (v === 'sigma' && !(this.isOp('(', nx) || this.isCmd('left', nx) || this.primeAhead() > 0 || this.isOp('{', nx))) return this.symbolWithSub('\\sigma', t.start, t.end);
      return this.functionCall(v, t.start);
    }
    if (GREEK.has(v)) return this.symbolWithSub('\\' + v, t.start, t.end);
    if (v === 'operatorname' || v === 'mathrm') NC('empty operator');
    if (v === 'R' || v === 'Reals') {
      // `\R^{n \times d}`: the reals, as `\mathbb{R}` is written
      this.refuse(`\\${v}`);
      return { t: 'sym', name: '\\mathbb{R}', base: '\\mathbb{R}', s: t.start, e: t.end };
    }
    return NC(`\\${v}`);
  }

  private series(op: 'sum' | 'prod', t: Token): Node {
    let from: Node | undefined;
    let to: Node | undefined;
    let v: string | undefined;
    for (let k = 0; k < 2; k++) {
      if (this.isOp('_')) {
        this.i++;
        this.expectOp('{');
        const name = this.next();
        if (name.type !== 'ident' && !(name.type === 'cmd' && GREEK.has(name.value))) NC('series index');
        v = name.type === 'cmd' ? '\\' + name.value : name.value;
        if (v.length > 1 && name.type === 'ident') NC('series index');
        this.expectOp('=');
        from = this.parseExpr();
        this.expectOp('}');
      } else if (this.isOp('^')) {
        this.i++;
        to = this.parseScriptArg();
      }
    }
    if (!from || !to || !v) NC('series without numeric bounds');
    const body = this.parseTermForSeries();
    return { t: 'series', op, v: v!, from: from!, to: to!, body, s: t.start, e: body.e };
  }

  /** The body of Σ/Π: a product of factors, up to the next + or − at this level. */
  private parseTermForSeries(): Node {
    return this.parseTerm();
  }

  private environment(t: Token): Node {
    const nameInfo = readEnvName(this.toks, this.i);
    if (!nameInfo) NC('environment without a name');
    const env = nameInfo!.name;
    this.i = nameInfo!.next;
    if (!MATRIX_ENVS.has(env)) NC(`environment ${env}`);
    if (env === 'array' && this.isOp('{')) this.skipGroupRaw();
    // collect cells up to the matching \end
    const rows: Node[][] = [];
    let row: Node[] = [];
    let cell: Token[] = [];
    let depth = 0;
    let cells = 0;
    let blocks = false;
    const flushCell = (force: boolean) => {
      if (cell.length === 0 && !force) return;
      if (cell.length === 0) NC('empty matrix cell');
      const spaced = spacedNumbers(cell);
      if (spaced) {
        // `1 \quad 2 \quad 3` in one cell: a row of numbers set apart by spacing, not their product
        cell = [];
        for (const part of spaced) {
          cell = part;
          flushCell(true);
        }
        return;
      }
      let entry: Node;
      try {
        const r = readPiece(cell, this.nestedLimits());
        if (r.refusal) this.refuse(r.refusal.reason);
        entry = r.node;
      } catch (e) {
        if (!(e instanceof Unsupported)) throw e;
        // an entry read only for where it is: the matrix keeps its size
        this.refuse(e.reason);
        entry = { t: 'unread', s: cell[0].start, e: cell[cell.length - 1].end, ...(hasTopLevelComma(cell) ? { list: true } : {}) };
      }
      row.push(entry);
      cell = [];
      cells++;
      if (cells > this.limits.maxMatrixElements) {
        throw new FormulaProblem('limit', message('limit.matrix-entries', { max: this.limits.maxMatrixElements.toLocaleString('en-US') }), t.start, this.lastEnd());
      }
    };
    for (;;) {
      const tk = this.toks[this.i];
      if (!tk) throw new FormulaProblem('malformed-matrix', message('matrix.unclosed', { env }), t.start, this.lastEnd());
      this.i++;
      if (tk.type === 'cmd' && tk.value === 'begin') depth++;
      if (tk.type === 'cmd' && tk.value === 'end') {
        if (depth === 0) {
          const endName = readEnvName(this.toks, this.i);
          if (!endName || endName.name !== env) throw new FormulaProblem('malformed-matrix', message('matrix.wrong-end', { env, other: endName?.name ?? '?' }), t.start, tk.end);
          this.i = endName.next;
          break;
        }
        depth--;
      }
      if (depth === 0 && tk.type === 'op' && tk.value === '&') {
        flushCell(true);
        continue;
      }
      if (depth === 0 && tk.type === 'cmd' && tk.value === '\\') {
        if (cell.length || row.length) {
          flushCell(row.length > 0);
          rows.push(row);
        }
        row = [];
        this.i = afterLineSpacing(this.toks, this.i); // `\\[2pt]` between rows
        continue;
      }
      if (tk.type === 'cmd' && (tk.value === 'hline' || tk.value === 'cline')) continue;
      if (tk.type === 'cmd' && BLOCK_ENTRY.has(tk.value)) blocks = true;
      cell.push(tk);
    }
    if (cell.length || row.length) {
      flushCell(row.length > 0);
      rows.push(row);
    }
    const e = this.lastEnd();
    if (rows.length === 0) NC('empty matrix');
    const width = rows[0].length;
    for (let r = 1; r < rows.length; r++) {
      if (rows[r].length !== width) {
        throw new FormulaProblem('malformed-matrix', rows[r].length === 1 ? message('matrix.ragged-one', { row: r + 1, width }) : message('matrix.ragged', { row: r + 1, count: rows[r].length, width }), t.start, e);
      }
    }
    return { t: 'mat', rows, env, ...(blocks ? { blocks } : {}), s: t.start, e };
  }
}

/** Spaces as wide as a column gap; a thin one (`1\,000`) may group a number's digits. */
const WIDE_SPACES = new Set(['quad', 'qquad', 'enspace']);

/**
 * A matrix cell of two or more numbers (each maybe signed) set apart by wide spaces only
 * (`-1 \quad 0 \quad 1`): the entries of a row written without `&`, one token list each; else undefined.
 */
function spacedNumbers(cell: readonly Token[]): Token[][] | undefined {
  const parts: Token[][] = [];
  let i = 0;
  let gaps = 0;
  while (i < cell.length) {
    const t = cell[i];
    if (t.type === 'cmd' && WIDE_SPACES.has(t.value)) {
      if (parts.length) gaps++;
      i++;
      continue;
    }
    const signed = t.type === 'op' && (t.value === '-' || t.value === '+') ? 1 : 0;
    const num = cell[i + signed];
    if (!num || num.type !== 'num') return undefined;
    if (parts.length && gaps === 0) return undefined;
    parts.push(cell.slice(i, i + signed + 1));
    gaps = 0;
    i += signed + 1;
  }
  return parts.length >= 2 ? parts : undefined;
}

/** Whether a matrix cell's tokens hold a comma outside any group: a list written in one cell. */
function hasTopLevelComma(cell: readonly Token[]): boolean {
  let depth = 0;
  for (const t of cell) {
    if (t.type !== 'op') continue;
    if (t.value === '{' || t.value === '(' || t.value === '[') depth++;
    else if (t.value === '}' || t.value === ')' || t.value === ']') depth--;
    else if (depth === 0 && t.value === ',') return true;
  }
  return false;
}

/** `(1 - h_t)`: a parenthesized expression whose top is a sum or a difference. */
function isParenthesizedSum(n: Node): boolean {
  if (n.t !== 'group' || (n.delim !== '(' && n.delim !== '\\left(')) return false;
  const a = n.a;
  return a.t === 'bin' && (a.op === '+' || a.op === '-');
}
