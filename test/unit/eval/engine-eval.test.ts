// evaluateLatex: the value and shape of one selected expression (Evaluate command, `dlmath eval`).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLatex, stripDelimiters } from '../../../src/core/eval/evaluateLatex';
import { analyzeDocument } from '../../../src/core/document/analysis';
import { assertClose } from '../engineHelpers';

type Json = number | number[] | number[][];

/** [LaTeX, value as JSON (rows are arrays, columns and matrices arrays of rows), shape] */
const VALUES: [string, Json, number[]][] = [
  ['2 \\times 3', 6, []],
  ['4 \\times 768 \\times 768', 2359296, []],
  ['$$4 \\times 768 \\times 768$$', 2359296, []],
  ['$3 + 4$', 7, []],
  ['\\(3 + 4\\)', 7, []],
  ['\\[2^{10}\\]', 1024, []],
  ['۱۰ \\div ۴', 2.5, []],
  ['2 + 3 = 5', 5, []],
  ['\\text{Total} = 2 \\times 3', 6, []],
  ['d_{head} = \\frac{512}{8}', 64, []],
  ['\\dfrac{1}{4}', 0.25, []],
  ['\\tfrac{3}{4}', 0.75, []],
  ['\\frac12', 0.5, []],
  ['\\left( \\frac{1}{2} \\right)', 0.5, []],
  ['\\sqrt{64}', 8, []],
  ['\\sqrt[3]{8}', 2, []],
  ['\\sqrt[4]{16}', 2, []],
  ['10!', 3628800, []],
  ['\\exp(0)', 1, []],
  ['e^{1}', Math.E, []],
  ['e^{-2}', Math.exp(-2), []],
  ['\\sigma(0.5)', 0.6224593312, []],
  ['\\tanh(1)', Math.tanh(1), []],
  ['\\mathrm{ReLU}(-3)', 0, []],
  ['(0.25 \\times 0.9)^{10}', Math.pow(0.225, 10), []],
  ['\\sum_{i=1}^{10} i', 55, []],
  ['\\sum_{k=0}^{3} 2^k', 15, []],
  ['\\prod_{j=1}^{5} j', 120, []],
  ['\\max(2, 7)', 7, []],
  ['\\mathrm{argmax}(3, 9, 2)', 1, []],
  ['5 \\div 2', 2.5, []],
  ['7 / 2', 3.5, []],
  ['2^{2^{3}}', 256, []],
  ['1e-3', 0.001, []],
  ['|-3|', 3, []],
  ['\\|\\begin{bmatrix} 3 & 4 \\end{bmatrix}\\|', 5, []],
  ['\\det\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}', -2, []],
  ['\\begin{vmatrix} 2 & 0 & 0 \\\\ 0 & 3 & 0 \\\\ 0 & 0 & 4 \\end{vmatrix}', 24, []],
  ['\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}', [[1], [2]], [2, 1]],
  ['q = \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}', [[1], [2]], [2, 1]],
  ['\\begin{bmatrix} 1 & 2 \\end{bmatrix}', [1, 2], [1, 2]],
  ['\\begin{bmatrix} 1 & 2 \\end{bmatrix}^T', [[1], [2]], [2, 1]],
  ['\\begin{bmatrix} 1 & 2 \\end{bmatrix}^{\\top}', [[1], [2]], [2, 1]],
  ['\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}^\\top \\begin{bmatrix} 3 \\\\ 4 \\end{bmatrix}', 11, []],
  ['\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix} \\begin{bmatrix} 3 & 4 \\end{bmatrix}', [[3, 4], [6, 8]], [2, 2]],
  ['\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix} \\begin{pmatrix} 1 \\\\ 1 \\end{pmatrix}', [[3], [7]], [2, 1]],
  ['\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}^{-1}', [[-2, 1], [1.5, -0.5]], [2, 2]],
  ['\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}^{\\intercal}', [[1, 3], [2, 4]], [2, 2]],
  ['\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix} \\odot \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}', [[1, 4], [9, 16]], [2, 2]],
  ['\\begin{bmatrix} 0 \\\\ 2 \\\\ -1 \\end{bmatrix} \\cdot \\begin{bmatrix} 3 \\\\ -1 \\\\ -1 \\end{bmatrix}', -1, []],
  ['\\text{softmax}(1, 2, 3)', [0.0900306, 0.2447285, 0.665241], [1, 3]],
  ['\\mathrm{softmax}\\left(\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}\\right)', [[0.2689414], [0.7310586]], [2, 1]],
  ['\\sigma\\left(\\begin{bmatrix} 0 & 1 \\end{bmatrix}\\right)', [0.5, 0.7310586], [1, 2]],
  ['\\operatorname{ReLU}\\left(\\begin{bmatrix} -1 & 2 \\end{bmatrix}\\right)', [0, 2], [1, 2]],
  ['2 \\begin{bmatrix} 1 & 2 \\end{bmatrix}', [2, 4], [1, 2]],
];

describe('evaluateLatex: value and shape', () => {
  for (const [src, value, shape] of VALUES) {
    test(src, () => {
      const r = evaluateLatex(src);
      assert.ok(r.ok, r.ok ? '' : `${r.code}: ${r.message}`);
      if (!r.ok) return;
      assertClose(r.json, value, 1e-6, src);
      assert.deepEqual(r.shape, shape);
    });
  }
});

describe('evaluateLatex: argmax index base', () => {
  test('0-based by default, 1-based when asked', () => {
    const zero = evaluateLatex('\\text{argmax}(0.1, 0.7, 0.2)');
    const one = evaluateLatex('\\text{argmax}(0.1, 0.7, 0.2)', { indexBase: 1 });
    assert.ok(zero.ok && one.ok);
    assert.equal(zero.ok && zero.value, 1);
    assert.equal(one.ok && one.value, 2);
  });
});

describe('evaluateLatex: steps, text forms', () => {
  test('a matrix-vector product lists each row', () => {
    const r = evaluateLatex('\\begin{bmatrix} 1 & 2 & 3 \\\\ 2 & 2 & 1 \\end{bmatrix} \\begin{bmatrix} 3 \\\\ -1 \\\\ -1 \\end{bmatrix}');
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.deepEqual(r.steps, ['row 1: 1·3 + 2·(−1) + 3·(−1) = −2', 'row 2: 2·3 + 2·(−1) + 1·(−1) = 3']);
    assert.equal(r.plain, '[−2; 3]');
    assert.equal(r.latex, '\\begin{bmatrix} -2 \\\\ 3 \\end{bmatrix}');
  });
  test('the range points at the evaluated piece, after delimiters and a definition', () => {
    const src = '$$d = 2 \\times 3$$';
    const r = evaluateLatex(src);
    assert.ok(r.ok);
    if (r.ok) assert.equal(src.slice(r.range.start, r.range.end), '2 \\times 3');
  });
  test('a document scope gives names their values', () => {
    const a = analyzeDocument('$$q = \\begin{bmatrix} 1 \\\\ -1 \\end{bmatrix}$$ $$k = \\begin{bmatrix} 2 \\\\ 1 \\end{bmatrix}$$');
    const r = evaluateLatex('q \\cdot k', undefined, a.variables);
    assert.ok(r.ok && r.value === 1);
  });
});

/** [LaTeX, code, message] for what cannot be evaluated: never a throw, always a sentence. */
const FAILURES: [string, string, RegExp | string][] = [
  ['', 'empty', 'Nothing to evaluate: the selection is empty.'],
  ['$$  $$', 'empty', 'Nothing to evaluate: the selection is empty.'],
  ['x + 1', 'not-computable', 'Cannot evaluate: x has no value (give it one earlier in the answer, e.g. x = 2).'],
  ['\\frac{\\partial L}{\\partial W}', 'not-computable', /^Cannot evaluate: /],
  ['\\frac{1}{0}', 'domain', 'Division by zero'],
  ['\\begin{bmatrix} 1 & 2 \\\\ 3 \\end{bmatrix}', 'malformed-matrix', 'Malformed matrix: row 2 has 1 entry but row 1 has 2'],
  ['\\begin{bmatrix} 1 & 2 \\\\ 2 & 4 \\end{bmatrix}^{-1}', 'singular', 'This 2×2 matrix is singular (determinant 0): it has no inverse'],
  ['\\begin{bmatrix} 1 & 2 & 3 \\\\ 4 & 5 & 6 \\\\ 7 & 8 & 9 \\\\ 1 & 1 & 1 \\end{bmatrix} \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}', 'shape-mismatch', 'Cannot multiply 4×3 by 2×1: inner sizes 3 and 2 differ'],
  ['\\begin{bmatrix} 1 & 2 \\end{bmatrix} + \\begin{bmatrix} 1 & 2 & 3 \\end{bmatrix}', 'shape-mismatch', 'Cannot add a 1×2 matrix and a 1×3 matrix: the shapes differ'],
  ['\\begin{bmatrix} 1 & 2 & 3 \\end{bmatrix}^{2}', 'shape-mismatch', 'Only a square matrix has powers; this one is 1×3'],
  ['{ 1 + 2', 'syntax', 'Unbalanced braces: a `{` is never closed'],
  ['1 + 2 }', 'syntax', 'Unbalanced braces: a `}` closes nothing'],
  ['\\sum_{i=1}^{1000000} i', 'limit', 'Σ has 1,000,000 terms, above the 100,000-term limit'],
  ['200!', 'limit', '200! is too large to represent'],
  ['10^{400}', 'limit', /too large to represent/],
  ['\\begin{bmatrix} 1 & 2 \\end{bmatrix}', 'ok', ''],
];

describe('evaluateLatex: failures are codes and sentences', () => {
  for (const [src, code, message] of FAILURES) {
    test(`${code}: ${src || '(empty)'}`, () => {
      const r = evaluateLatex(src);
      if (code === 'ok') {
        assert.ok(r.ok);
        return;
      }
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.code, code);
      assert.ok(typeof message === 'string' ? r.message === message : message.test(r.message), r.message);
    });
  }
  test('a limit problem points at its expression', () => {
    const src = '1 + \\sum_{i=1}^{1000000} i';
    const r = evaluateLatex(src);
    assert.ok(!r.ok && r.range);
    if (!r.ok && r.range) assert.equal(src.slice(r.range.start, r.range.end), '\\sum_{i=1}^{1000000} i');
  });
  test('options shrink the limits', () => {
    const r = evaluateLatex('\\sum_{i=1}^{20} i', { maxSeriesTerms: 10 });
    assert.ok(!r.ok && r.code === 'limit');
    const m = evaluateLatex('\\begin{bmatrix} 1 & 2 & 3 \\end{bmatrix}', { maxMatrixElements: 2 });
    assert.ok(!m.ok && m.code === 'limit');
    const long = evaluateLatex('1 + '.repeat(100) + '1', { maxFormulaLength: 50 });
    assert.ok(!long.ok && long.code === 'limit');
  });
});

describe('stripDelimiters', () => {
  const cases: [string, string, number][] = [
    ['$$x$$', 'x', 2],
    ['  $x$ ', 'x', 3],
    ['\\(a\\)', 'a', 2],
    ['\\[b\\]', 'b', 2],
    ['plain', 'plain', 0],
  ];
  for (const [src, text, offset] of cases) test(JSON.stringify(src), () => assert.deepEqual(stripDelimiters(src), { text, offset }));
});
