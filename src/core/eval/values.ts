/** Runtime values of the evaluator and the shape-aware arithmetic students mean. */
import { EvalProblem } from './errors';
import type { Message } from '../messages';
import { fmtNum } from '../syntax/numberText';
export { fmtNum };

export interface Mat {
  kind: 'mat';
  rows: number;
  cols: number;
  data: number[][];
}
export interface Tuple {
  kind: 'tuple';
  items: Val[];
}
export type Val = number | Mat | Tuple;

export function isMat(v: Val): v is Mat {
  return typeof v === 'object' && v.kind === 'mat';
}
export function isVector(m: Mat): boolean {
  return m.rows === 1 || m.cols === 1;
}
export function vecLen(m: Mat): number {
  return m.rows === 1 ? m.cols : m.rows;
}
export function vecData(m: Mat): number[] {
  return m.rows === 1 ? m.data[0].slice() : m.data.map((r) => r[0]);
}
export function mat(data: number[][]): Mat {
  return { kind: 'mat', rows: data.length, cols: data[0]?.length ?? 0, data };
}
export function column(xs: number[]): Mat {
  return mat(xs.map((x) => [x]));
}
export function row(xs: number[]): Mat {
  return mat([xs]);
}
export function shapeText(m: Mat): string {
  return `${m.rows}×${m.cols}`;
}
/** A 1×1 matrix is its number. */
export function simplify(v: Val): Val {
  if (isMat(v) && v.rows === 1 && v.cols === 1) return v.data[0][0];
  return v;
}
export function map(m: Mat, f: (x: number) => number): Mat {
  return mat(m.data.map((r) => r.map(f)));
}
export function transpose(m: Mat): Mat {
  const out: number[][] = [];
  for (let j = 0; j < m.cols; j++) {
    const r: number[] = new Array(m.rows);
    for (let i = 0; i < m.rows; i++) r[i] = m.data[i][j];
    out.push(r);
  }
  return mat(out);
}
export function matmul(a: Mat, b: Mat): Mat {
  const out: number[][] = [];
  for (let i = 0; i < a.rows; i++) {
    const r: number[] = new Array(b.cols).fill(0);
    const ai = a.data[i];
    for (let k = 0; k < a.cols; k++) {
      const x = ai[k];
      const bk = b.data[k];
      for (let j = 0; j < b.cols; j++) r[j] += x * bk[j];
    }
    out.push(r);
  }
  return mat(out);
}
export function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
export function sameShape(a: Mat, b: Mat): boolean {
  return a.rows === b.rows && a.cols === b.cols;
}

// ---- number formatting --------------------------------------------------------------------------

/** A compact decimal for messages and inserted results: integers as they are, else 7 significant digits. */
/** Plain-text rendering (messages, CLI): −2, 1×3 matrices as [a, b, c] or [a; b] for columns. */
export function plain(v: Val, decimals?: number): string {
  if (typeof v === 'number') return fmtNum(v, decimals).replace(/^-/, '−').replace('\\infty', '∞');
  if (v.kind === 'tuple') return '(' + v.items.map((x) => plain(x, decimals)).join(', ') + ')';
  const cell = (x: number) => plain(x, decimals);
  if (v.rows === 1) return '[' + v.data[0].map(cell).join(', ') + ']';
  if (v.cols === 1) return '[' + v.data.map((r) => cell(r[0])).join('; ') + ']';
  return '[' + v.data.map((r) => r.map(cell).join(', ')).join('; ') + ']';
}

/** Matrices up to this many entries are written out whole in messages. */
export const BRIEF_ENTRIES = 36;

/**
 * `plain` for messages: a matrix above `BRIEF_ENTRIES` entries shows its first rows and columns and
 * its last column, with its size, so a wrong 100×100 product does not make a 40,000-character message.
 */
export function plainBrief(v: Val, decimals?: number): string {
  if (typeof v === 'number' || v.kind === 'tuple' || v.rows * v.cols <= BRIEF_ENTRIES) return plain(v, decimals);
  const cell = (x: number) => plain(x, decimals);
  const row = (r: number[]) => (r.length > 5 ? [...r.slice(0, 3).map(cell), '…', cell(r[r.length - 1])] : r.map(cell)).join(', ');
  const rows = v.rows > 4 ? [...v.data.slice(0, 2).map(row), '…', row(v.data[v.rows - 1])] : v.data.map(row);
  return `${v.rows}×${v.cols} [${rows.join('; ')}]`;
}

/** LaTeX rendering for inserted results: matrices as bmatrix. */
export function latex(v: Val, decimals?: number, digits?: (s: string) => string): string {
  const d = digits ?? ((s: string) => s);
  if (typeof v === 'number') return d(fmtNum(v, decimals));
  if (v.kind === 'tuple') return '(' + v.items.map((x) => latex(x, decimals, digits)).join(', ') + ')';
  return '\\begin{bmatrix} ' + v.data.map((r) => r.map((x) => d(fmtNum(x, decimals))).join(' & ')).join(' \\\\ ') + ' \\end{bmatrix}';
}

/** Plain JSON data: number, number[] for vectors, number[][] for other matrices. */
export function toJson(v: Val): number | number[] | number[][] | unknown[] {
  const z = (x: number) => (x === 0 ? 0 : x); // −0 (from 0 · −1) is 0 to a reader
  if (typeof v === 'number') return z(v);
  if (v.kind === 'tuple') return v.items.map(toJson);
  // a row is a plain array; columns and other matrices are row-major arrays of arrays
  if (v.rows === 1) return v.data[0].map(z);
  return v.data.map((r) => r.map(z));
}

export function shapeOf(v: Val): number[] {
  if (typeof v === 'number') return [];
  if (v.kind === 'tuple') return [v.items.length];
  return [v.rows, v.cols];
}

export function problem(code: 'shape-mismatch' | 'domain' | 'singular' | 'limit', msg: Message, s: number, e: number): EvalProblem {
  return new EvalProblem(code, msg, s, e);
}
