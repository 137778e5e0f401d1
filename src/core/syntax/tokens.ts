/**
 * LaTeX tokenizer for the math students write. Offsets are relative to the string given, which the
 * caller maps back to the document. Digits are expected to be normalised (1:1) before tokenizing.
 */
import { message } from '../messages';
import { namesWith } from './vocabulary';
import { LatexSyntaxError } from './errors';
export { LatexSyntaxError }; // the front end's errors live in errors.ts

export type TokenType =
  | 'num' // 12, 0.5, 2,359,296, 1e-3
  | 'ident' // a run of ASCII letters: x, W, softmax, keys
  | 'cmd' // \frac, \alpha, \, …  (value without the backslash)
  | 'text' // \text{…}, \mathrm{…}, \operatorname{…}: value is the inner text
  | 'op' // single characters: + - * / ^ _ ( ) [ ] { } | = , & ! ' . : ; < >
  | 'other'; // anything else (Persian letters, unknown symbols)

export interface Token {
  type: TokenType;
  value: string;
  start: number;
  end: number;
  /** For a 'text' token: the command that wrote it (`operatorname`, `mathrm`, `text`…). */
  cmd?: string;
  /**
   * For a 'num' token written in a way with two readings: `1,5` alone (a decimal comma or two list
   * items?) is 'ambiguous-comma'; Persian `۲/۵` (2.5 in handwriting, or two fifths?) is 'persian-slash'.
   */
  reading?: 'ambiguous-comma' | 'persian-slash';
}

const TEXT_COMMANDS = namesWith('text');
/** Unicode operators students paste in, mapped to their LaTeX command. */
const UNICODE_OPS: Record<string, [TokenType, string]> = {
  '×': ['cmd', 'times'],
  '·': ['cmd', 'cdot'],
  '⋅': ['cmd', 'cdot'],
  '÷': ['cmd', 'div'],
  '−': ['op', '-'],
  '–': ['op', '-'],
  '≈': ['cmd', 'approx'],
  '≠': ['cmd', 'neq'],
  '≤': ['cmd', 'leq'],
  '≥': ['cmd', 'geq'],
  '⇒': ['cmd', 'Rightarrow'],
  '→': ['cmd', 'rightarrow'],
  'σ': ['cmd', 'sigma'],
  'α': ['cmd', 'alpha'],
  'β': ['cmd', 'beta'],
  'π': ['cmd', 'pi'],
  '√': ['cmd', 'sqrt'],
  '∑': ['cmd', 'sum'],
  '∏': ['cmd', 'prod'],
  '⊤': ['cmd', 'top'],
  '⊙': ['cmd', 'odot'],
};

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const ARABIC_COMMA = 0x060c; // ، (Persian text writes it for the comma, and between thousands)

function isPersianDigit(c: number): boolean {
  return (c >= 0x06f0 && c <= 0x06f9) || (c >= 0x0660 && c <= 0x0669);
}

/** `\cdot`, `\times`, `+`, `×`… at `k` (after spaces): an arithmetic operator follows. */
function operatorAt(src: string, k: number): boolean {
  while (k < src.length && (src.charCodeAt(k) === 32 || src.charCodeAt(k) === 9)) k++;
  if ('+-*/×·÷−'.includes(src[k] ?? ' ')) return true;
  const m = /^\\(cdot|times|div)(?![A-Za-z])/.exec(src.slice(k, k + 7));
  return m !== null;
}

/** The token before a number is an arithmetic operator (`2 \times 0,5`). */
function operatorToken(t: Token | undefined): boolean {
  if (!t) return false;
  if (t.type === 'op') return '+-*/'.includes(t.value);
  return t.type === 'cmd' && (t.value === 'cdot' || t.value === 'times' || t.value === 'div');
}

/**
 * Splits LaTeX into tokens. Throws LatexSyntaxError on unbalanced `{}` (the only structure a
 * tokenizer can judge for sure); `\text{…}`-like groups become one token. `original` is the text
 * before its digits were normalised (same length), when the caller has it: Persian `۰/۲۵` is read
 * from it.
 */
export function tokenize(src: string, maxDepth = 200, original?: string): Token[] {
  const out: Token[] = [];
  const n = src.length;
  const braceStack: number[] = [];
  let parenDepth = 0;
  let i = 0;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0x200c || c === 0x200e || c === 0x200f || c === 0xa0 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff) {
      i++;
      continue;
    }
    if (c === 37 /* % */ && i > 0 && isDigit(src.charCodeAt(i - 1)) && !/^[ \t]*[A-Za-z]/.test(src.slice(i + 1, i + 40))) {
      // `= 83.3%`: Markdown math is not all LaTeX; a % right against a number (no words after it,
      // as a comment would have) is the percent sign `\%`
      out.push({ type: 'cmd', value: '%', start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === 37 /* % */) {
      // a LaTeX comment runs to the end of the line
      while (i < n && src.charCodeAt(i) !== 10) i++;
      continue;
    }
    if (isDigit(c) || (c === 46 && i + 1 < n && isDigit(src.charCodeAt(i + 1)))) {
      const start = i;
      while (i < n && isDigit(src.charCodeAt(i))) i++;
      const digitsEnd = i;
      // thousands separators: `,` only outside brackets so tuples like (5,120) keep their commas;
      // LaTeX's `{,}` and thin space `\,` anywhere (2{,}359{,}296, 2\,359\,296)
      // (a group never starts with 0: `0,125` is not 125)
      if (i - start <= 3 && src.charCodeAt(start) !== 48) {
        const sepLen = (j: number): number => {
          if (src.charCodeAt(j) === 44 || src.charCodeAt(j) === ARABIC_COMMA) return parenDepth === 0 ? 1 : 0;
          if (src.startsWith('{,}', j)) return 3;
          if (src.startsWith('\\,', j)) return 2;
          return 0;
        };
        let j = i;
        for (;;) {
          const len = sepLen(j);
          const k = j + len;
          if (len === 0 || !(k + 2 < n && isDigit(src.charCodeAt(k)) && isDigit(src.charCodeAt(k + 1)) && isDigit(src.charCodeAt(k + 2))) || (k + 3 < n && isDigit(src.charCodeAt(k + 3)))) break;
          j = k + 3;
        }
        if (j > i) i = j;
      }
      const intEnd = i;
      let reading: Token['reading'];
      let value: string | undefined;
      if (i === digitsEnd && src.charCodeAt(i) === 44 && isDigit(src.charCodeAt(i + 1)) && parenDepth === 0 && braceStack.length === 0) {
        // `0,5` with no space, not thousands: a decimal comma next to an operator (`0,5 \cdot 2`),
        // ambiguous alone (`x = 1,5`); part of a list (`1,2,3`) it stays a list
        let k = i + 1;
        while (k < n && isDigit(src.charCodeAt(k))) k++;
        const prev = out[out.length - 1];
        const list = (prev?.type === 'op' && prev.value === ',') || src.charCodeAt(k) === 44;
        if (!list) {
          const plain = !(src.charCodeAt(k) === 46 || isLetter(src.charCodeAt(k)) || src.charCodeAt(k) === 92 /* `0,5\pi` */);
          if (plain && (operatorToken(prev) || operatorAt(src, k))) value = src.slice(start, i) + '.' + src.slice(i + 1, k);
          else reading = 'ambiguous-comma';
          i = k;
        }
      } else if (original && i === digitsEnd && src.charCodeAt(i) === 47 && isDigit(src.charCodeAt(i + 1)) && isPersianDigit(original.charCodeAt(start)) && isPersianDigit(original.charCodeAt(i + 1))) {
        // Persian `۰/۲۵`: a slash between Persian digits, no spaces (not `a/b/c`)
        let k = i + 1;
        while (k < n && isDigit(src.charCodeAt(k))) k++;
        const prev = out[out.length - 1];
        if (src.charCodeAt(k) !== 47 && !(prev?.type === 'op' && prev.value === '/')) {
          reading = 'persian-slash';
          i = k;
        }
      }
      if (i === intEnd && i < n && src.charCodeAt(i) === 46 && i + 1 < n && isDigit(src.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(src.charCodeAt(i))) i++;
      }
      // scientific notation as typed in code and calculators: 1e-3, 2.5E4 (no spaces inside)
      if (!reading && value === undefined && i < n && (src.charCodeAt(i) === 101 || src.charCodeAt(i) === 69)) {
        let j = i + 1;
        if (j < n && (src.charCodeAt(j) === 45 || src.charCodeAt(j) === 43)) j++;
        if (j < n && isDigit(src.charCodeAt(j))) {
          while (j < n && isDigit(src.charCodeAt(j))) j++;
          if (!(j < n && (isLetter(src.charCodeAt(j)) || src.charCodeAt(j) === 46))) i = j;
        }
      }
      const written = value ?? src.slice(start, i);
      // `۱،۰۰۰`: the Arabic comma between thousands is a comma to the parser
      const tok: Token = { type: 'num', value: written.includes('،') ? written.replace(/،/g, ',') : written, start, end: i };
      if (reading) tok.reading = reading;
      out.push(tok);
      continue;
    }
    if (isLetter(c)) {
      const start = i;
      while (i < n && isLetter(src.charCodeAt(i))) i++;
      out.push({ type: 'ident', value: src.slice(start, i), start, end: i });
      continue;
    }
    if (c === 92 /* \ */) {
      const start = i;
      i++;
      if (i >= n) {
        out.push({ type: 'other', value: '\\', start, end: i });
        break;
      }
      if (isLetter(src.charCodeAt(i))) {
        while (i < n && isLetter(src.charCodeAt(i))) i++;
        const name = src.slice(start + 1, i);
        if (TEXT_COMMANDS.has(name)) {
          // read the braced argument as one token
          let j = i;
          if (name === 'operatorname' && src.charCodeAt(j) === 42) j++; // \operatorname*{argmax}
          while (j < n && (src.charCodeAt(j) === 32 || src.charCodeAt(j) === 9)) j++;
          if (j < n && src.charCodeAt(j) === 123) {
            let depth = 0;
            let k = j;
            for (; k < n; k++) {
              const ch = src.charCodeAt(k);
              if (ch === 92) {
                k++;
                continue;
              }
              if (ch === 123) depth++;
              else if (ch === 125) {
                depth--;
                if (depth === 0) break;
              }
            }
            if (k >= n) throw new LatexSyntaxError(message('syntax.unclosed-after', { command: `\\${name}` }), j, n);
            out.push({ type: 'text', value: src.slice(j + 1, k), start, end: k + 1, cmd: name });
            i = k + 1;
            continue;
          }
        }
        out.push({ type: 'cmd', value: name, start, end: i });
        continue;
      }
      // control symbol: \, \; \! \\ \{ \} \| \  \%
      i++;
      out.push({ type: 'cmd', value: src[i - 1], start, end: i });
      continue;
    }
    const ch = src[i];
    if (ch === '{') {
      braceStack.push(i);
      if (braceStack.length > maxDepth) throw new LatexSyntaxError(message('limit.nesting', { max: maxDepth }), i, i + 1);
    } else if (ch === '}') {
      if (braceStack.length === 0) throw new LatexSyntaxError(message('syntax.extra-close'), i, i + 1);
      braceStack.pop();
    } else if (ch === '(' || ch === '[') parenDepth++;
    else if (ch === ')' || ch === ']') parenDepth = Math.max(0, parenDepth - 1);
    if ('+-*/^_()[]{}|=,&!\'.:;<>~'.includes(ch)) {
      out.push({ type: 'op', value: ch, start: i, end: i + 1 });
      i++;
      continue;
    }
    const mapped = UNICODE_OPS[ch];
    if (mapped) {
      out.push({ type: mapped[0], value: mapped[1], start: i, end: i + 1 });
      i++;
      continue;
    }
    // other code points (Persian letters, emoji…): take a whole surrogate pair
    const cp = src.codePointAt(i) ?? c;
    const len = cp > 0xffff ? 2 : 1;
    out.push({ type: 'other', value: src.slice(i, i + len), start: i, end: i + len });
    i += len;
  }
  if (braceStack.length > 0) {
    const at = braceStack[braceStack.length - 1];
    throw new LatexSyntaxError(message('syntax.never-closed'), at, at + 1);
  }
  return out;
}

/**
 * Index just after the `}` that closes the `{` at `open` (braces nest), or -1 when it is never
 * closed. Both the evaluator's parser and the shape parser skip raw groups with it.
 */
export function afterGroup(toks: readonly Token[], open: number): number {
  let d = 0;
  for (let i = open; i < toks.length; i++) {
    const t = toks[i];
    if (t.type !== 'op') continue;
    if (t.value === '{') d++;
    else if (t.value === '}' && --d === 0) return i + 1;
  }
  return -1;
}
