// The panel's "last result" section: what Evaluate Selection gave, built from the engine's real
// outcome on expressions students select, kept small (matrices elided, long sources as text), and
// always accepted by the webview's message check.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLatex } from '../../../src/core/eval/evaluateLatex';
import { buildLastResult, MAX_RESULT_SOURCE, PanelLastResult } from '../../../src/core/views/lastResult';
import { MAX_SHOWN_DIM, MAX_STEPS_SHOWN } from '../../../src/core/views/panelModel';
import { isToPanel } from '../../../src/shared/protocol';

/** The section for one selection, as the editor builds it; the message carrying it must pass isToPanel. */
function resultFor(source: string, document = 'answer.md'): PanelLastResult {
  const o = evaluateLatex(source);
  const r = buildLastResult({ document, source, outcome: o.ok ? { ok: true, value: o.value, steps: o.steps } : { ok: false, message: o.message } });
  assert.ok(isToPanel({ type: 'lastResult', result: r }), `the message for ${source.slice(0, 60)} passes isToPanel`);
  return r;
}

describe('values', () => {
  const cases: [string, string, number[]][] = [
    ['4 \\times 768 \\times 768', '2359296', []],
    ['\\frac{512}{8}', '64', []],
    ['\\begin{bmatrix} 1 & 2 & 3 \\\\ 2 & 2 & 1 \\end{bmatrix} \\begin{bmatrix} 3 \\\\ -1 \\\\ -1 \\end{bmatrix}', '\\begin{bmatrix} -2 \\\\ 3 \\end{bmatrix}', [2, 1]],
    ['\\begin{bmatrix} 1 & 0 \\\\ 0 & 2 \\end{bmatrix}^{-1}', '\\begin{bmatrix} 1 & 0 \\\\ 0 & 0.5 \\end{bmatrix}', [2, 2]],
  ];
  for (const [src, latex, shape] of cases) {
    test(`${src} = ${latex}`, () => {
      const r = resultFor(src);
      assert.equal(r.ok, true);
      assert.ok(r.ok);
      assert.equal(r.source, src);
      assert.equal(r.value.latex, latex);
      assert.deepEqual(r.value.shape, shape);
      assert.equal(r.document, 'answer.md');
    });
  }

  test('a product keeps its working (one dot product per row)', () => {
    const r = resultFor('\\begin{bmatrix} 1 & 2 & 3 \\\\ 2 & 2 & 1 \\end{bmatrix} \\begin{bmatrix} 3 \\\\ -1 \\\\ -1 \\end{bmatrix}');
    assert.ok(r.ok);
    assert.equal(r.steps.length, 2);
    assert.equal(r.moreSteps, 0);
  });

  test('a selection spread over lines is shown on one line', () => {
    const r = resultFor('4 \\times\n  768');
    assert.equal(r.source, '4 \\times 768');
  });
});

describe('failures say why', () => {
  test('an unknown symbol', () => {
    const r = resultFor('W x + b');
    assert.equal(r.ok, false);
    assert.ok(!r.ok);
    assert.match(r.message, /^Cannot evaluate: .* has no value/);
    assert.equal(r.source, 'W x + b');
  });
  test('sizes that do not fit', () => {
    const r = resultFor('\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix} \\begin{bmatrix} 1 & 2 & 3 \\end{bmatrix}');
    assert.ok(!r.ok);
    assert.match(r.message, /2×2/);
    assert.match(r.message, /1×3/);
  });
  test('nothing picked: no source, the reason only', () => {
    const r = buildLastResult({ document: '', source: '', outcome: { ok: false, message: 'Put the cursor in a formula, or select an expression, to evaluate it.' } });
    assert.deepEqual(r, { document: '', source: '', ok: false, message: 'Put the cursor in a formula, or select an expression, to evaluate it.' });
    assert.ok(isToPanel({ type: 'lastResult', result: r }));
  });
});

describe('large results stay small', () => {
  test('a 30×30 matrix is elided to its corners', () => {
    const rows = Array.from({ length: 30 }, (_, i) => Array.from({ length: 30 }, (_, j) => String(i * 30 + j)).join(' & '));
    const src = `\\begin{bmatrix} ${rows.join(' \\\\ ')} \\end{bmatrix}^T`;
    const r = resultFor(src);
    assert.ok(r.ok);
    assert.deepEqual(r.value.shape, [30, 30]);
    assert.equal(r.value.elided, true);
    assert.ok(r.value.latex.split(' \\\\ ').length <= MAX_SHOWN_DIM, 'rows are elided');
    assert.ok(r.source.length <= MAX_RESULT_SOURCE);
    assert.equal(r.clipped, true, 'a source that was cut is flagged so it is never typeset');
  });
  test('steps are capped with a count of the rest', () => {
    const n = MAX_STEPS_SHOWN + 10;
    const many = buildLastResult({ document: 'a.md', source: 'x', outcome: { ok: true, value: 1, steps: Array.from({ length: n }, (_, i) => `step ${i}`) } });
    assert.ok(many.ok);
    assert.equal(many.steps.length, MAX_STEPS_SHOWN);
    assert.equal(many.steps[0], 'step 0');
    assert.equal(many.moreSteps, 10);
    assert.ok(isToPanel({ type: 'lastResult', result: many }));
  });
});
