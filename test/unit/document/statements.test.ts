// Kinds of statement (definition, claim, equation, identity, condition, estimate…) on the analysis,
// and the findings they decide: only claims are judged; a warning needs every name it read understood;
// written notation (`\frac{0}{0}`) is not a computation. Every silent row has a wrong twin still caught.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { alarms, analyze, describeFindings } from '../engineHelpers';
import { dividesByWrittenZero, introducedAsHypothesis, relationFamily } from '../../../src/core/document/statements';
import { parsePiece, splitStatements } from '../../../src/core/syntax/parser';

/** The kind of each chain of a document, in order. */
function kinds(doc: string): string[] {
  return analyze(doc).analysis.formulas.flatMap((f) => f.chains.map((c) => c.kind));
}

function alarmsOf(doc: string): string[] {
  return alarms(analyze(doc).findings).map((f) => `${f.line}: ${f.code}: ${f.message}`);
}

function table(title: string, rows: [doc: string[], expected: string[]][]): void {
  describe(title, () => {
    for (const [lines, expected] of rows) {
      const doc = lines.join('\n');
      test(lines.join(' ⏎ ').slice(0, 140), () => {
        assert.deepEqual(alarmsOf(doc), expected, describeFindings(analyze(doc).findings));
      });
    }
  });
}

describe('each chain says what kind of statement it makes', () => {
  const rows: [string, string][] = [
    ['$x = 3$', 'definition'],
    ['$$d_{head} = \\frac{512}{8} = 64$$', 'definition'],
    ['$$3 \\times 4 = 12$$', 'claim'],
    ['$$\\sqrt{2} \\approx 1.414$$', 'approximation'],
    ['$$y^5 - 3y + 1 = 0$$', 'equation'],
    ['$$\\mathbf{A}\\mathbf{x} = \\mathbf{b}$$', 'equation'],
    ['$$A = A^\\top$$', 'equation'],
    ['$$(a + 1)^2 = a^2 + 2 a + 1$$', 'identity'],
    ['$$\\|W\\| \\leq 4$$', 'estimate'],
    ['$X \\in \\mathbb{R}^{n \\times d}$', 'declaration'],
    ['$$f(x) = x^2 + 1$$', 'definition'],
    ['$$\\theta(0) = \\pi - 0.1$$', 'definition'],
    ['Suppose $u^2 + v^2 = 1$.', 'condition'],
    ['$$h_t = \\tanh(W h_{t-1} + U x_t)$$', 'definition'],
  ];
  for (const [doc, kind] of rows) test(`${doc} → ${kind}`, () => assert.deepEqual(kinds(doc), [kind]));
  test('each relation of a chain has its own kind', () => {
    const f = analyze('$$d_{head} = \\frac{512}{8} = 62$$').analysis.formulas[0];
    assert.deepEqual(
      f.chains[0].pieces.map((p) => p.kind ?? '-'),
      ['-', 'definition', 'claim'],
    );
  });
});

table('a hypothesis is assumed, not claimed', [
  [['$$W = \\begin{bmatrix} 1 & 1 \\\\ -1 & 2 \\end{bmatrix}$$', '', 'An orthogonal matrix, where', '$W^\\top = W^{-1}$, has real eigenvalues.'], []],
  [['$$W = \\begin{bmatrix} 1 & 1 \\\\ -1 & 2 \\end{bmatrix}$$', '', '$$W^\\top = W^{-1}$$'], ['3: wrong-result: Wᵀ = [1, −1; 1, 2], not W^−1']],
  [['$x = 2$', '', 'اگر $x^2 = 5$ باشد'], []],
  [['$x = 2$', '', 'پس $x^2 = 5$'], ['3: wrong-result: x^2 = 4, not 5']],
  // Persian «که در آن» (where), and "where" in d2l's translations (Korean, Vietnamese, Portuguese at the end of the line before)
  [['$$W = \\begin{bmatrix} 1 & 1 \\\\ -1 & 2 \\end{bmatrix}$$', '', 'یک ماتریس متعامد که در آن $W^\\top = W^{-1}$ است.'], []],
  [['$$W = \\begin{bmatrix} 1 & 1 \\\\ -1 & 2 \\end{bmatrix}$$', '', '직교 행렬, 여기서 $W^\\top = W^{-1}$이며'], []],
  [['$$W = \\begin{bmatrix} 1 & 1 \\\\ -1 & 2 \\end{bmatrix}$$', '', 'ma trận trực giao, trong đó $W^\\top = W^{-1}$'], []],
  [['$$W = \\begin{bmatrix} 1 & 1 \\\\ -1 & 2 \\end{bmatrix}$$', '', 'uma matriz ortogonal, onde', '$W^\\top = W^{-1}$ e todos'], []],
  [['$$W = \\begin{bmatrix} 1 & 1 \\\\ -1 & 2 \\end{bmatrix}$$', '', 'uma matriz ortogonal, portanto $W^\\top = W^{-1}$'], ['3: wrong-result: Wᵀ = [1, −1; 1, 2], not W^−1']],
  // a list of assumptions goes on over "and" (a new case: σ was 1 the line before)
  [['With $\\sigma = 1$: $\\sigma^2 = 1$.', '', 'With $\\mu = 0$ and $\\sigma^2 = 0.5$ the loss is smaller.'], []],
  [['با $\\sigma = 1$: $\\sigma^2 = 1$.', '', 'با $\\mu = 0$ و $\\sigma^2 = 0.5$ کمتر است.'], []],
  // «با» after a verb is "to" (equal to): what follows is claimed
  [['تعداد پارامترهای این لایه برابر است با $256 \\times 2 = 522$'], ['1: wrong-result: 256 × 2 = 512, not 522']],
  [['حاصل ضرب برابر می‌شود با $3 \\times 4 = 13$ و'], ['1: wrong-result: 3 × 4 = 12, not 13']],
  // a comma does not go on with it, nor does a value computed from names
  [['With $\\sigma = 1$: $\\sigma^2 = 1$.', '', 'With $\\mu = 0$, $\\sigma^2 = 0.5$ is wrong.'], ['3: wrong-result: σ^2 = 1.0, not 0.5']],
  [['With $d = 512$ and $h = 8$ and $d/h = 60$.'], ['1: wrong-result: d/h = 64, not 60']],
  // "for" and «برای» set a case, as "with" does (μ₁ − μ₂ was 1 in the part before); said as a result it is claimed
  [['$\\mu_1 = 1$, $\\mu_2 = 0$.', '', 'For equal variances, for $\\mu_1 - \\mu_2 = 3$ and $\\sigma = 1.5$ it is 2.'], []],
  [['$\\mu_1 = 1$, $\\mu_2 = 0$.', '', 'For equal variances, $\\mu_1 - \\mu_2 = 3$ and $\\sigma = 1.5$.'], ['3: wrong-result: μ_1 − μ_2 = 1, not 3']],
  [['$T = 10$، $k = 2$.', '', 'برای $T - k = 20$ کران برابر $0.5^{20}$ است.'], []],
  [['$T = 10$، $k = 2$.', '', 'پس $T - k = 20$ و کران برابر $0.5^{20}$ است.'], ['3: wrong-result: T − k = 8, not 20']],
  [['For 12 layers: $12 \\times 64 = 786$'], ['1: wrong-result: 12 × 64 = 768, not 786']],
]);

table('a division by zero needs a computed zero, and every name understood', [
  [['$$\\frac{0}{0}$$ is the indeterminate form.'], []],
  
  [['$s = 0$', '', '$$\\frac{50}{s(s+5)}$$'], ['3: domain: Division by zero']],
  [['$s = 0$', '', '$$\\frac{50}{s(s+5)} = G(s)$$'], []],
  [['$s = 0$', '', '$$\\frac{3 - 3}{s}$$'], ['3: domain: Division by zero']],
]);

table('shapes: ellipses, blocks, symbolic sizes and the script after a bold group', [
  [['$$\\begin{bmatrix} v_1 \\\\ v_2 \\\\ \\vdots \\\\ v_n \\end{bmatrix} \\in \\mathbb{R}^n$$'], []],
  [['$$\\begin{bmatrix} v_1 \\\\ v_2 \\\\ v_3 \\end{bmatrix} \\in \\mathbb{R}^2$$'], ['1: shape-mismatch: [3×1] is 3×1, but ℝ^{2} is written for it']],
  [['$\\mathbf{A} \\in \\mathbb{R}^{m \\times n}$, $\\mathbf{x} \\in \\mathbb{R}^n$', '', '$$\\mathbf{A}\\mathbf{x} = \\begin{bmatrix} \\mathbf{a}^\\top_{1} \\\\ \\vdots \\\\ \\mathbf{a}^\\top_m \\end{bmatrix}\\mathbf{x}$$'], []],
  [['$\\mathbf{x} \\in \\mathbb{R}^3$', '', '$$\\begin{bmatrix} \\mathbf{a}_1 & \\mathbf{a}_2 \\end{bmatrix}\\mathbf{x}$$'], []],
  [['$\\mathbf{x} \\in \\mathbb{R}^3$', '', '$$\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}\\mathbf{x}$$'], ['3: shape-mismatch: (2×2)·(3): inner sizes 2 and 3 differ']],
  // A = Aᵀ with symbolic sizes says A is square; with sizes known to differ it is wrong
  [['$\\mathbf{A} \\in \\mathbb{R}^{m \\times n}$', '', 'Symmetric matrices: $\\mathbf{A} = \\mathbf{A}^\\top$.'], []],
  [['$\\mathbf{A} \\in \\mathbb{R}^{2 \\times 3}$', '', '$$\\mathbf{A} = \\mathbf{A}^\\top$$'], ['3: shape-mismatch: A is declared 2×3, but Aᵀ is 3×2']],
  [['$\\mathbf{P} \\in \\mathbb{R}^{m \\times k}$, $\\mathbf{Q} \\in \\mathbb{R}^{n \\times k}$', '', '$$\\hat{\\mathbf{R}} = \\mathbf{PQ}^\\top$$'], []],
  [['$\\mathbf{P} \\in \\mathbb{R}^{m \\times k}$, $\\mathbf{Q} \\in \\mathbb{R}^{n \\times k}$', '', '$$\\hat{\\mathbf{R}} = \\mathbf{P}\\mathbf{Q}$$'], ['3: shape-mismatch: (m×k)·(n×k): inner sizes k and n differ; did you mean Qᵀ?']],
  // a name the statement reads without any shape or value: not understood, so silent
  [['$\\mathbf{A} \\in \\mathbb{R}^{2 \\times 2}$, $\\mathbf{x} \\in \\mathbb{R}^{4}$', '', '$$\\mathbf{A}\\mathbf{x} = \\mathbf{b}$$'], []],
  [['$\\mathbf{A} \\in \\mathbb{R}^{2 \\times 2}$, $\\mathbf{x} \\in \\mathbb{R}^{4}$', '', '$$\\mathbf{y} = \\mathbf{A}\\mathbf{x}$$'], ['3: shape-mismatch: (2×2)·(4): inner sizes 2 and 4 differ']],
]);

table('a letter with parentheses is a function where the document uses it so', [
  [['$\\theta = 2$', '', '$$\\theta(0) = \\pi - 0.1$$'], []],
  [['$$f(x) = x^2 + 1$$', '', '$$f(2) = 5$$', '', '$$f(1) + f(3) = 12$$'], []],
  [['$$f(x) = x^2 + 1$$', '', '$$f(2) = 6$$'], ['3: wrong-result: 2^2 + 1 = 5, not 6']],
  [['$$g(x, y) = x y + 1$$', '', '$$g(2, 3) = 8$$'], ['3: wrong-result: 2·3 + 1 = 7, not 8']],
  [['## Problem 1', '$$f(x) = x^2 + 1$$', '## Problem 2', '$$f(2) = 6$$'], []],
  // a head with letters for arguments redefines f, whatever x is here
  [['$x = 1$ and $$f(x) = (x - 1)^2$$', '', 'and $f(x) = \\exp(x)$, and then $$f(0) = 1$$'], []],
  [['$x = 1$ and $$f(x) = (x - 1)^2$$', '', 'and $f(x) = \\exp(x)$, and then $$f(0) = 2$$'], ['3: wrong-result: exp(0) = 1, not 2']],
  // a piecewise definition: neither case holds everywhere, so h(0) = 0 is not judged against either
  [['$h(x) = (x/c)^2$ if $x < c$; otherwise $h(x) = 1$. Because $h(0)=0$, the term drops.'], []],
  [['$h(x) = (x/c)^2$ if $x < c$; and $h(x) = 1$. Because $h(0)=0$, the term drops.'], ['1: wrong-result: 1 ≠ 0']],
  // the same in Korean and Portuguese (with a verb after the cue), and in English with one
  [['$x < c$이면 $h(x) = (x/c)^2$이고, 그렇지 않으면 $h(x) = 1$입니다. $h(0)=0$이므로'], []],
  [['quando $x<c$, faça $h(x) = (x/c)^2$, caso contrário, faça $h(x) = 1$. Como $h(0)=0$, o termo'], []],
  [['$h(x) = (x/c)^2$ if $x < c$; otherwise set $h(x) = 1$. Because $h(0)=0$, the term drops.'], []],
  [['$h(x) = (x/c)^2$ if $x < c$; we then set $h(x) = 1$. Because $h(0)=0$, the term drops.'], ['1: wrong-result: 1 ≠ 0']],
  // the same in Chinese (d2l-zh: «否则» is "otherwise")
  [['当$x < c$时，$h(x) = (x/c)^2$；否则$h(x) = 1$。由于$h(0)=0$，可以省略。'], []],
  [['当$x < c$时，$h(x) = (x/c)^2$；而$h(x) = 1$。由于$h(0)=0$，可以省略。'], ['1: wrong-result: 1 ≠ 0']],
]);

describe('a called function is related information', () => {
  test('the finding points to the definition of f', () => {
    const doc = ['$$f(x) = x^2 + 1$$', '', '$$f(2) = 6$$'].join('\n');
    const [f] = analyze(doc).findings;
    assert.deepEqual(f.related?.map((r) => [r.message, doc.slice(r.range.start, r.range.end)]), [['f is defined here: f(x) = x^2 + 1', 'f(x) = x^2 + 1']]);
  });
});

describe('shape findings point to the declarations they used', () => {
  test('related information on a product mismatch', () => {
    const doc = ['$\\mathbf{x} \\in \\mathbb{R}^3$', '', '$$\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}\\mathbf{x}$$'].join('\n');
    const [f] = analyze(doc).findings;
    assert.deepEqual(f.related?.map((r) => [r.message, doc.slice(r.range.start, r.range.end)]), [['x is declared here', '\\mathbf{x} \\in \\mathbb{R}^3']]);
  });
});

describe('helpers', () => {
  test('relation families', () => {
    assert.deepEqual(['=', '\\approx', '\\equiv', '\\leq', '<', '\\in', '\\neq'].map(relationFamily), ['equal', 'approx', 'identity', 'estimate', 'estimate', 'declaration', 'other']);
  });
  test('hypothesis words right before a formula, also at the end of the line before', () => {
    assert.ok(introducedAsHypothesis('Let '));
    assert.ok(introducedAsHypothesis('orthogonal, where\n'));
    assert.ok(introducedAsHypothesis('اگر '));
    assert.ok(introducedAsHypothesis('the bound for '));
    assert.ok(introducedAsHypothesis('برای '));
    assert.ok(!introducedAsHypothesis('therefore '));
    assert.ok(!introducedAsHypothesis('For 12 layers: '));
    assert.ok(!introducedAsHypothesis('Show that '));
    assert.ok(!introducedAsHypothesis('where\n\n'));
  });
  test('a written zero divisor', () => {
    const node = parsePiece(splitStatements('\\frac{0}{0}', 50)[0].pieces[0].tokens, { maxMatrixElements: 100, maxDepth: 50 });
    assert.ok(dividesByWrittenZero(node, node.s, node.e));
    const computed = parsePiece(splitStatements('\\frac{1}{3-3}', 50)[0].pieces[0].tokens, { maxMatrixElements: 100, maxDepth: 50 });
    assert.ok(!dividesByWrittenZero(computed, computed.s, computed.e));
  });
});

table('π given a vector is a name in that document, not 3.14159', [
  [['The start distribution is $$\\pi = (0.3, 0.7)^T$$', '', 'and $\\pi_1 + \\pi_2 = 1$.'], []],
  [['The start distribution is $$\\pi = (0.3, 0.7)^T$$', '', 'and $\\pi_1 + \\pi_2 = 1.2$.'], ['3: wrong-result: π_1 + π_2 = 1.0, not 1.2']],
  // elsewhere π is the constant
  [['$$2\\pi = 6.2832$$'], []],
  [['$$2\\pi = 6.1832$$'], ['1: wrong-result: 2π = 6.2832, not 6.1832']],
]);

table('a call whose argument the body drops needs that argument understood', [
  // V(s) = 10 at a state s: V(s') is another state's value, not 10 again
  [['Now $V(s) = 10$, after the move $V(s\') = 12$.'], []],
  [['$H(Y) = \\frac{1}{2} + \\frac{1}{2}$ and $H(Y|X=1) = 0.5$'], []],
  // at a written number it is the same constant function
  [['Now $V(s) = 10$, and $V(0) = 12$.'], ['1: wrong-result: 10 ≠ 12']],
]);
