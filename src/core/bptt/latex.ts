/**
 * Writes a recognised recurrence back as LaTeX, with the student's names: the pre-activation z_t,
 * one signed term, a number, the whole recurrence. The derivation (derive.ts, expr.ts) writes with these.
 */
import type { DerivationRow, Recurrence } from './types';
import { messagePieces } from '../messages';

/** The canonical LaTeX of z_t (with the student's names), e.g. `W_{hh} h_{t-1} + U x_{t} + b`. */
export function preactLatex(rec: Recurrence, t: string | number = 't'): string {
  return preactTerms(rec, t).join(' ');
}

/** The terms of z_t, each with its sign (`W h_{t-1}`, `+ U x_{t}`, `- b`), for writers that break long sums. */
export function preactTerms(rec: Recurrence, t: string | number = 't'): string[] {
  const parts: string[] = [];
  const idx = (off: number) => (typeof t === 'number' ? String(t + off) : off === 0 ? t : `${t}-${-off}`);
  for (const term of rec.terms) {
    const v =
      term.role === 'W' ? `${rec.state}_{${idx(-1)}}` : term.role === 'M' ? `${rec.state}_{${idx(-2)}}` : term.role === 'U' ? `${rec.input}_{${t}}` : '';
    parts.push(signedProduct(term.coef, term.weight, v, parts.length === 0));
  }
  return parts;
}

/** `-0.5 W h` / `+ h` / `- 1`: one term with its sign, for joining with spaces. */
export function signedProduct(coef: number, weight: string | undefined, variable: string, first: boolean): string {
  const mag = Math.abs(coef);
  const sign = coef < 0 ? '-' : first ? '' : '+';
  const factors = [mag === 1 && (weight || variable) ? '' : formatNumber(mag), weight ?? '', variable].filter((s) => s !== '');
  const body = factors.join(' ');
  return first ? `${sign}${body}` : `${sign} ${body}`;
}

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const s = Number(v.toPrecision(6)).toString();
  return s;
}

/** The recurrence written out the canonical way: `h_t = \sigma(W h_{t-1} + U x_t + b)`. */
export function recurrenceLatex(rec: Recurrence): string {
  const z = preactLatex(rec);
  if (rec.activation.kind === 'identity') return `${rec.state}_{t} = ${z}`;
  return `${rec.state}_{t} = ${rec.activation.latex}\\left(${z}\\right)`;
}

// ---------------------------------------------------------------------------------------------
// How wide a formula is typeset

/** Widths in em of KaTeX's symbols (Main and Math fonts), roughly; spacing around operators included. */
const COMMAND_EM: Record<string, number> = {
  top: 0.78, partial: 0.59, delta: 0.45, sigma: 0.58, gamma: 0.55, alpha: 0.64, mu: 0.61, rho: 0.52, psi: 0.66, phi: 0.62, cdot: 0.72,
  cdots: 1.5, dots: 1.4, ldots: 1.4, odot: 1.22, le: 1.33, leq: 1.33, ge: 1.33, geq: 1.33, approx: 1.33, to: 1.56, mid: 0.84,
  sum: 1.45, prod: 1.28, sup: 1.3, max: 1.75, tanh: 1.75, log: 1.3, exp: 1.4, infty: 1, prime: 0.3,
  ',': 0.17, ':': 0.22, ';': 0.28, '!': -0.17, ' ': 0.33, quad: 1, qquad: 2, '|': 0.5, '{': 0.5, '}': 0.5,
};
/** Italic capitals and small letters of KaTeX's math font, with their italic correction (em). */
const ITALIC_EM: Record<string, number> = {
  A: 0.75, B: 0.81, C: 0.78, D: 0.86, E: 0.8, F: 0.78, G: 0.79, H: 0.91, I: 0.51, J: 0.65, K: 0.92, L: 0.68, M: 1.08, N: 0.91,
  O: 0.79, P: 0.78, Q: 0.79, R: 0.76, S: 0.67, T: 0.72, U: 0.79, V: 0.8, W: 1.08, X: 0.9, Y: 0.8, Z: 0.75,
  a: 0.53, b: 0.43, c: 0.43, d: 0.52, e: 0.47, f: 0.6, g: 0.51, h: 0.58, i: 0.35, j: 0.47, k: 0.52, l: 0.32, m: 0.88, n: 0.6,
  o: 0.49, p: 0.5, q: 0.46, r: 0.48, s: 0.47, t: 0.36, u: 0.57, v: 0.52, w: 0.74, x: 0.57, y: 0.52, z: 0.51,
};
/** Commands that take their argument as text or a font and add nothing themselves. */
const TRANSPARENT = new Set(['mathbf', 'mathrm', 'boldsymbol', 'bm', 'mathit', 'text', 'textrm', 'mathsf', 'vec']);
const SIZING = new Set(['left', 'right', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr']);

/**
 * A rough width in em of `latex` typeset by KaTeX (a display row): letters, digits and symbols by
 * their usual advance, spacing around `+ - = \le`, sub- and superscripts at 0.7 with their script
 * space, a fraction as its wider part. It only decides where a long row is broken; the tests measure
 * the rows with KaTeX's own metrics.
 */
export function approxWidthEm(latex: string): number {
  let i = 0;
  const s = latex;
  const group = (): number => {
    // at '{': the group's width; else one token
    if (s[i] === '{') {
      i++;
      const w = seq('}');
      i++;
      return w;
    }
    return token();
  };
  const token = (): number => {
    const c = s[i];
    if (c === '\\') {
      const m = /^\\([A-Za-z]+|.)/.exec(s.slice(i));
      const name = m ? m[1] : '';
      i += 1 + name.length;
      if (SIZING.has(name)) return 0;
      if (name === 'frac' || name === 'tfrac' || name === 'dfrac') {
        const a = group();
        const b = group();
        return (name === 'tfrac' ? 0.7 : 1) * Math.max(a, b) + 0.36;
      }
      if (name === 'sqrt') return group() + 0.9;
      if (name === 'operatorname') return group() * 0.9 + 0.33;
      if (TRANSPARENT.has(name)) return group() * (name === 'mathrm' || name === 'text' ? 0.95 : 1);
      if (name === 'begin' || name === 'end') {
        group();
        return 0;
      }
      return COMMAND_EM[name] ?? 0.8;
    }
    i++;
    if (c === '^' || c === '_') return 0.7 * group() + 0.17;
    if (c === '&' || c === '{' || c === '}' || c === ' ' || c === '\n') return 0;
    if (c === '+' || c === '-' || c === '=' || c === '<' || c === '>') return c === '+' || c === '-' ? 1.22 : 1.33;
    if (c === '(' || c === ')' || c === '[' || c === ']') return 0.39;
    if (c === ',' || c === ';') return 0.45;
    if (c === '|') return 0.28;
    if (c === "'") return 0.3;
    if (/[0-9]/.test(c)) return 0.5;
    return ITALIC_EM[c] ?? 0.6;
  };
  const seq = (end?: string): number => {
    let w = 0;
    while (i < s.length && s[i] !== end) w += token();
    return w;
  };
  return seq();
}

// ---------------------------------------------------------------------------------------------
// The derivation as one display block (the CLI's `latex`, the panel's preview)

/** A prose row of the display block is broken before it runs past this many characters. */
const PROSE_ROW_CHARS = 90;

/** Text for `\text{…}`: the characters LaTeX would read as commands, escaped. */
function textLatex(s: string): string {
  return s.replace(/[\\{}$&#%_^~]/g, (c) => (c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\textasciicircum{}' : `\\${c}`));
}

/** A prose row as `\text{…}` pieces with its formulas between them, broken into rows of about {@link PROSE_ROW_CHARS} characters. */
function proseLatexRows(row: Extract<DerivationRow, { kind: 'prose' }>): string[] {
  const rows: string[] = [];
  let line = '';
  let chars = 0;
  let text = '';
  const flushText = () => {
    if (text) line += `\\text{${textLatex(text)}}`;
    text = '';
  };
  const breakRow = () => {
    flushText();
    if (line) rows.push(line);
    line = '';
    chars = 0;
  };
  for (const piece of messagePieces('en', row.text)) {
    if ('value' in piece) {
      const math = String(piece.value);
      const w = Math.ceil(approxWidthEm(math) * 2);
      if (chars + w > PROSE_ROW_CHARS && chars > 0) breakRow();
      flushText();
      line += math;
      chars += w;
      continue;
    }
    for (const word of piece.text.split(/(?<= )/)) {
      if (chars + word.trimEnd().length > PROSE_ROW_CHARS && chars > 0) breakRow();
      text += word;
      chars += word.length;
    }
  }
  breakRow();
  return rows;
}

/** The rows as one `aligned` block (no `$$`): formulas left-aligned, continuations indented, prose in English `\text{…}`. */
export function alignedLatex(rows: readonly DerivationRow[]): string {
  const out: string[] = [];
  for (const r of rows) {
    if (r.kind === 'prose') out.push(...proseLatexRows(r).map((l) => `&${l}`));
    else out.push(r.cont ? `&\\qquad ${r.latex}` : `&${r.latex}`);
  }
  return `\\begin{aligned}\n${out.join(' \\\\\n')}\n\\end{aligned}`;
}
