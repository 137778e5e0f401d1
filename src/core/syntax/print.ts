/** Plain-text rendering of a syntax tree for messages: `4 × 768 × 768`, `σ(0.5)`, `[1, 0; 0, 2]·[4; 5]`. */
import type { Node } from './ast';
import { fmtNum } from './numberText';
import { greekGlyph, hasRole } from './vocabulary';

const FN_NAMES: Record<string, string> = { sigma: 'σ', relu: 'ReLU', gelu: 'GELU', silu: 'SiLU', swish: 'Swish', softmax: 'softmax', argmax: 'argmax', argmin: 'argmin' };

function minus(s: string): string {
  return s.replace(/^-/, '−');
}

/** The combining mark a decoration puts on its letter: `\hat{y}` → ŷ, `\bar{x}` → x̄. */
const MARKS: Readonly<Record<string, string>> = {
  hat: '\u0302',
  widehat: '\u0302',
  bar: '\u0304',
  overline: '\u0304',
  tilde: '\u0303',
  widetilde: '\u0303',
  dot: '\u0307',
  ddot: '\u0308',
  check: '\u030c',
  breve: '\u0306',
  vec: '\u20d7',
};

/** The argument of a command at `i`: a `{group}`, a command, or one character. */
function argumentAt(name: string, i: number): { text: string; end: number } {
  if (name[i] === '{') {
    let depth = 0;
    for (let j = i; j < name.length; j++) {
      if (name[j] === '{') depth++;
      else if (name[j] === '}' && --depth === 0) return { text: name.slice(i + 1, j), end: j + 1 };
    }
    return { text: name.slice(i + 1), end: name.length };
  }
  const cmd = /^\\[A-Za-z]+/.exec(name.slice(i));
  if (cmd) return { text: cmd[0], end: i + cmd[0].length };
  const c = String.fromCodePoint(name.codePointAt(i) ?? 0);
  return { text: i < name.length ? c : '', end: i + c.length };
}

/** `s` with `mark` on its first letter (after the marks it already carries). */
function withMark(s: string, mark: string): string {
  const m = /^(\P{M}\p{M}*)/u.exec(s);
  return m ? (m[1] + mark).normalize('NFC') + s.slice(m[1].length) : s;
}

/**
 * A name as a reader sees it: Greek letters as glyphs (`\sigma` → σ), decorations as marks on their
 * letter (`\hat{y}_1` → ŷ_1), styles and fonts dropped (`\mathbf{h}` → h), braces dropped.
 */
function sym(name: string): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    const cmd = /^\\([A-Za-z]+)\s*/.exec(name.slice(i));
    if (cmd) {
      i += cmd[0].length;
      const mark = Object.prototype.hasOwnProperty.call(MARKS, cmd[1]) ? MARKS[cmd[1]] : undefined;
      if (mark !== undefined || hasRole(cmd[1], 'style') || hasRole(cmd[1], 'decoration') || hasRole(cmd[1], 'text')) {
        const arg = argumentAt(name, i);
        i = arg.end;
        const inner = sym(arg.text);
        out += mark !== undefined ? withMark(inner, mark) : inner;
      } else out += greekGlyph(cmd[1]) ?? cmd[1];
      continue;
    }
    const c = name[i++];
    if (c !== '{' && c !== '}') out += c;
  }
  return out;
}

/** A name with an index written with an operator keeps it in braces: `h_{t−1}` (`h_t-1` reads as h_t minus 1). */
function symNode(n: Extract<Node, { t: 'sym' }>): string {
  const sub = n.sub;
  if (!sub || sub.t === 'sym' || sub.t === 'num' || n.name !== `${n.base}_${n.subText}`) return sym(n.name);
  return `${sym(n.base)}_{${printNode(sub).replace(/ /g, '')}}`;
}

export function printNode(n: Node, max = 80): string {
  const s = p(n, 0);
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

// precedence: 0 sum, 1 product, 2 unary, 3 power/postfix, 4 atom
function p(n: Node, ctx: number): string {
  const wrap = (s: string, prec: number) => (prec < ctx ? `(${s})` : s);
  switch (n.t) {
    case 'num':
      return minus(n.text.replace(/\{,\}|\\,|,/g, ''));
    case 'sym':
      return symNode(n);
    case 'group':
      // `(AB)^T`, `(QK^T)^T`, `(xy)^2`: letters run together are a product, so a power or a transpose keeps its parentheses
      if (ctx >= 3 && runTogether(n.a)) return `(${p(n.a, 0)})`;
      return p(n.a, ctx);
    case 'neg':
      return wrap('−' + p(n.a, 3), 2);
    case 'bin': {
      const op = { '+': ' + ', '-': ' − ', pm: ' ± ', cdot: '·', times: ' × ', implicit: '', '*': ' * ', '/': '/', div: ' ÷ ', odot: ' ⊙ ' }[n.op];
      const prec = n.op === '+' || n.op === '-' || n.op === 'pm' ? 0 : 1;
      const right = p(n.b, prec + (n.op === '-' || n.op === '/' || n.op === 'div' ? 1 : 0));
      let left = p(n.a, prec);
      if (n.op === 'implicit' && ((/^[\d.]/.test(right) && /[\d.]$/.test(left)) || n.a.t === 'frac' || endsInPower(n.a, left, right))) left += '·';
      return wrap(left + op + right, prec);
    }
    case 'frac':
      return wrap(`${p(n.a, 3)}/${p(n.b, 3)}`, 1);
    case 'pow': {
      // 10^−7 rather than 10^(−7): a negative number exponent reads fine without parentheses
      const b = n.b.t === 'group' ? n.b.a : n.b;
      const exp = b.t === 'neg' && b.a.t === 'num' ? '−' + p(b.a, 4) : p(n.b, 4);
      return wrap(`${p(n.a, 4)}^${exp}`, 3);
    }
    case 'transpose':
      return `${p(n.a, 4)}ᵀ`;
    case 'fact':
      return `${p(n.a, 4)}!`;
    case 'pct':
      return `${p(n.a, 4)}%`;
    case 'scaled':
      return n.unit === '°' ? `${p(n.a, 4)}°` : `${p(n.a, 4)} ${n.unit}`;
    case 'sqrt':
      return n.n ? `${p(n.n, 4)}√(${p(n.a, 0)})` : `√(${p(n.a, 0)})`;
    case 'call': {
      const name = (FN_NAMES[n.fn] ?? n.fn) + "'".repeat(n.prime) + (n.base ? `_${p(n.base, 4)}` : '');
      // f((1, 2, 3)) reads as f(1, 2, 3): one tuple argument gives its items
      const args = n.args.length === 1 && n.args[0].t === 'tuple' ? n.args[0].items : n.args;
      return `${name}(${args.map((a) => p(a, 0)).join(', ')})${n.power ? '^' + p(n.power, 4) : ''}`;
    }
    case 'mat': {
      const cells = n.rows.length * n.rows[0].length;
      if (cells > 9) return `[${n.rows.length}×${n.rows[0].length} matrix]`;
      if (n.rows[0].length === 1) return '[' + n.rows.map((r) => p(r[0], 0)).join('; ') + ']';
      return '[' + n.rows.map((r) => r.map((c) => p(c, 0)).join(', ')).join('; ') + ']';
    }
    case 'abs':
      return `|${p(n.a, 0)}|`;
    case 'norm':
      return `‖${p(n.a, 0)}‖${n.kind ? '_' + n.kind : ''}`;
    case 'series':
      return wrap(`${n.op === 'sum' ? 'Σ' : 'Π'}_{${sym(n.v)}=${p(n.from, 0)}}^{${p(n.to, 0)}} ${p(n.body, 1)}`, 1);
    case 'tuple':
      return '(' + n.items.map((x) => p(x, 0)).join(', ') + ')';
    case 'floor':
      return `⌊${p(n.a, 0)}⌋`;
    case 'ceil':
      return `⌈${p(n.a, 0)}⌉`;
    case 'binom':
      return `C(${p(n.a, 0)}, ${p(n.b, 0)})`;
    case 'dots':
    case 'unread':
      return '…';
    case 'deriv': {
      const d = n.partial ? '∂' : 'd';
      const a = n.a.t === 'sym' ? symNode(n.a) : undefined;
      return a !== undefined ? wrap(`${d}${a}/${d}${symNode(n.wrt)}`, 0) : wrap(`${d}/${d}${symNode(n.wrt)} ${p(n.a, 4)}`, 0);
    }
    case 'apply':
      return `${sym(n.fn)}${"'".repeat(n.prime)}(${n.args.map((x) => p(x, 0)).join(', ')})`;
    case 'space':
      return 'ℝ^' + n.dims.map((d) => p(d, 4)).join('×');
  }
}

/** A name of letters run together (`AB`, `QK` in `QK^T`): a product wherever it is written. */
function runTogether(n: Node): boolean {
  if (n.t === 'sym') return /^[A-Za-z]{2,}$/.test(n.base);
  return (n.t === 'transpose' || n.t === 'pow') && runTogether(n.a);
}

export { fmtNum };

/**
 * A product whose left factor ends in a power written without parentheses (`(−1)^i`, `W^2`) before a
 * name, a number or a group: side by side they would read as one exponent (`(−1)^in_i`, `W^2h`).
 */
function endsInPower(a: Node, left: string, right: string): boolean {
  let last = a;
  while (last.t === 'bin' && last.op === 'implicit') last = last.b;
  return last.t === 'pow' && /[\p{L}\d]$/u.test(left) && /^[\p{L}\d(]/u.test(right);
}
