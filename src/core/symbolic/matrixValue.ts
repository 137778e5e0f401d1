/**
 * Small dense matrices for the symbolic judge (`matrixInstance.ts`): a declared matrix or vector is
 * drawn as a random matrix of a few rows and columns, and a step's sides are computed with these. A
 * vector is a column (n×1). Every operation returns undefined where its shapes do not fit, so the
 * caller decides what a mismatch means (the judge: silence).
 */

/** A matrix, row-major. */
export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly d: Float64Array;
}

/** A value of a step's side: a number, or a matrix of at least two entries (a 1×1 result is its number). */
export type Value = number | Mat;

export const isMat = (v: Value): v is Mat => typeof v !== 'number';

export function matrix(rows: number, cols: number, entry: (i: number, j: number) => number): Mat {
  const d = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) d[i * cols + j] = entry(i, j);
  return { rows, cols, d };
}

export const at = (a: Mat, i: number, j: number): number => a.d[i * a.cols + j];

/** A 1×1 matrix as its number: `x^\top y` is a scalar. */
export function collapse(a: Mat): Value {
  return a.rows === 1 && a.cols === 1 ? a.d[0] : a;
}

export function sameShape(a: Mat, b: Mat): boolean {
  return a.rows === b.rows && a.cols === b.cols;
}

/** a + sign·b, or undefined when the shapes differ. */
export function add(a: Mat, b: Mat, sign: 1 | -1 = 1): Mat | undefined {
  if (!sameShape(a, b)) return undefined;
  return { rows: a.rows, cols: a.cols, d: a.d.map((x, k) => x + sign * b.d[k]) };
}

/** Entry by entry (`\odot`), or undefined when the shapes differ. */
export function hadamard(a: Mat, b: Mat): Mat | undefined {
  if (!sameShape(a, b)) return undefined;
  return { rows: a.rows, cols: a.cols, d: a.d.map((x, k) => x * b.d[k]) };
}

export function scale(a: Mat, k: number): Mat {
  return { rows: a.rows, cols: a.cols, d: a.d.map((x) => x * k) };
}

export function map(a: Mat, f: (x: number) => number): Mat {
  return { rows: a.rows, cols: a.cols, d: a.d.map(f) };
}

/** The matrix product, or undefined when the inner sizes differ. */
export function multiply(a: Mat, b: Mat): Mat | undefined {
  if (a.cols !== b.rows) return undefined;
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const x = a.d[i * a.cols + k];
      for (let j = 0; j < b.cols; j++) out[i * b.cols + j] += x * b.d[k * b.cols + j];
    }
  }
  return { rows: a.rows, cols: b.cols, d: out };
}

export function transpose(a: Mat): Mat {
  return matrix(a.cols, a.rows, (i, j) => at(a, j, i));
}

export function identity(n: number): Mat {
  return matrix(n, n, (i, j) => (i === j ? 1 : 0));
}

export function trace(a: Mat): number | undefined {
  if (a.rows !== a.cols) return undefined;
  let s = 0;
  for (let i = 0; i < a.rows; i++) s += at(a, i, i);
  return s;
}

/** Largest absolute entry: the scale a difference between two matrices is measured against. */
export function maxAbs(a: Mat): number {
  let m = 0;
  for (const x of a.d) m = Math.max(m, Math.abs(x));
  return m;
}

/**
 * Gauss–Jordan elimination with partial pivoting: the inverse and the determinant of a square matrix,
 * or `singular` when a pivot is tiny against the matrix's scale (an inverse there would be rounding
 * noise, and a step judged with it could fail by rounding alone).
 */
function eliminate(a: Mat): { inverse: Mat; det: number } | 'singular' | undefined {
  const n = a.rows;
  if (n !== a.cols) return undefined;
  const m = Array.from({ length: n }, (_, i) => Array.from(a.d.subarray(i * n, i * n + n)));
  const inv = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const size = maxAbs(a);
  let det = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    if (Math.abs(m[p][c]) < 1e-3 * size) return 'singular';
    if (p !== c) {
      [m[p], m[c]] = [m[c], m[p]];
      [inv[p], inv[c]] = [inv[c], inv[p]];
      det = -det;
    }
    const pivot = m[c][c];
    det *= pivot;
    for (let j = 0; j < n; j++) {
      m[c][j] /= pivot;
      inv[c][j] /= pivot;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c];
      if (f === 0) continue;
      for (let j = 0; j < n; j++) {
        m[r][j] -= f * m[c][j];
        inv[r][j] -= f * inv[c][j];
      }
    }
  }
  return { inverse: matrix(n, n, (i, j) => inv[i][j]), det };
}

/** The inverse of a square matrix; `singular` when it is (nearly) singular; undefined when not square. */
export function inverse(a: Mat): Mat | 'singular' | undefined {
  const e = eliminate(a);
  return e === undefined || e === 'singular' ? e : e.inverse;
}

/** The determinant of a square matrix (0 for a nearly singular one is not needed: `singular`). */
export function determinant(a: Mat): number | 'singular' | undefined {
  const e = eliminate(a);
  return e === undefined || e === 'singular' ? e : e.det;
}
