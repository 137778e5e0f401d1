// Issue 16: the σ′ slip scan and the shape pass respect the evaluator's formula-length limit, and the
// slip scan is linear in the formula's length. Asserted on the work done and the result, not on time.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { findSigmaPrimeSlips } from '../../src/core/bptt/slips';
import { analyzeDocument } from '../../src/core/document/analysis';
import { analyzeShapes } from '../../src/core/shapes/analyze';
import { defaultOptions } from '../../src/core/types';

const LIMIT = defaultOptions.maxFormulaLength;

describe('σ′ slip scan', () => {
  test('a slip is still found in a formula under the limit', () => {
    const latex = "\\frac{\\partial h}{\\partial z} = \\sigma'(z)(1-\\sigma'(z))";
    assert.equal(findSigmaPrimeSlips(latex).length, 1);
  });

  test('a formula over the limit is not scanned: no finding, no work', () => {
    const slip = "\\sigma'(z)(1-\\sigma'(z))";
    const latex = slip + ' '.repeat(LIMIT);
    const steps = { count: 0 };
    assert.deepEqual(findSigmaPrimeSlips(latex, 0, 'en', LIMIT, steps), []);
    assert.equal(steps.count, 0);
    // the same text under a larger limit is scanned and the slip found
    assert.equal(findSigmaPrimeSlips(latex, 0, 'en', latex.length).length, 1);
  });

  test('the check walks each node of the formula\'s trees once: N slips cost O(N) work, not O(N²)', () => {
    const visited = (n: number) => {
      const latex = "\\sigma'(z)(1-\\sigma'(z)) x + ".repeat(n) + 'y';
      const steps = { count: 0 };
      const found = findSigmaPrimeSlips(latex, 0, 'en', Number.POSITIVE_INFINITY, steps);
      return { steps: steps.count, found: found.length, length: latex.length };
    };
    const small = visited(25);
    const big = visited(100);
    assert.equal(small.found, 25);
    assert.equal(big.found, 100);
    assert.ok(big.steps <= big.length, `${big.steps} nodes for ${big.length} characters`);
    assert.ok(big.steps / small.steps < 4.5, `4× the slips cost ${big.steps / small.steps}× the steps`);
  });

  test("N nested \\sigma'( calls: deeper than the front end reads, so nothing is walked and nothing found", () => {
    const latex = "\\sigma'(".repeat(4_000) + 'z' + ')'.repeat(4_000);
    const steps = { count: 0 };
    assert.deepEqual(findSigmaPrimeSlips(latex, 0, 'en', Number.POSITIVE_INFINITY, steps), []);
    assert.equal(steps.count, 0);
  });

  test('a document of one 160 KB formula of repeated \\sigma\'( gets its limit finding and no slip', () => {
    const text = "$$\\sigma'(z)(1-\\sigma'(z)) " + "\\sigma'(".repeat(20_000) + '$$\n';
    const a = analyzeDocument(text);
    assert.deepEqual(a.findings.map((f) => f.code), ['limit']);
  });
});

describe('shape pass', () => {
  const declare = '$Q \\in \\mathbb{R}^{n \\times d}$, $K \\in \\mathbb{R}^{n \\times d}$\n\n';
  const product = '\\mathrm{softmax}(Q K) ';

  test('a shape mismatch in a formula under the limit is found', () => {
    const a = analyzeDocument(declare + '$$' + product + '$$\n');
    assert.ok(analyzeShapes(a).findings.some((f) => f.code === 'shape-mismatch'));
  });

  test('a formula over the limit is not read by the shape pass either', () => {
    const long = product + '\\, '.repeat(Math.ceil(LIMIT / 3));
    assert.ok(long.length > LIMIT);
    const a = analyzeDocument(declare + '$$' + long + '$$\n');
    const shapes = analyzeShapes(a);
    assert.deepEqual(shapes.findings.filter((f) => f.code === 'shape-mismatch'), []);
    assert.ok(a.findings.some((f) => f.code === 'limit'));
  });
});
