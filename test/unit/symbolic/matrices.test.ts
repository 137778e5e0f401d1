// Symbolic steps with declared matrices (src/core/symbolic/matrixInstance.ts): names the document
// declares (`A, B \in \mathbb{R}^{n \times n}`, `x \in \mathbb{R}^n`) are random matrices of those
// shapes, so a dropped transpose or a swapped product is a `wrong-step`; each right line stays silent
// beside its one-slip twin. Shapes that do not fit are the shape pass's to report, never a wrong step;
// undeclared names stay numbers. Fixtures are written here.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../engineHelpers';
import { caught, silent, steps } from './stepHelpers';
import { stripIsolates } from '../../../src/core/messages';
import { mulberry32 } from '../../../src/core/symbolic/random';

const DECLARE = 'Let $A, B, C \\in \\mathbb{R}^{n \\times n}$, $x, z, h, g \\in \\mathbb{R}^n$, $W \\in \\mathbb{R}^{m \\times n}$ and $Q, K \\in \\mathbb{R}^{m \\times d_k}$.\n\n';

/**
 * One test per row: after `md` (declarations and definitions), the right step written in a display
 * formula (after `lead`, e.g. `\\Rightarrow `) is silent and its one-slip twin is caught on its line.
 */
function stepTwins(rows: ReadonlyArray<readonly [name: string, md: string, right: string, wrong: string]>, lead = ''): void {
  for (const [name, md, right, wrong] of rows) {
    test(name, () => {
      silent(`${md}$$${lead}${right}$$\n`);
      caught(`${md}$$${lead}${wrong}$$\n`, wrong);
    });
  }
}

/** Right steps (silent) and the same with one slip (caught), after the declarations above. */
const TABLE: Array<[name: string, right: string, wrong: string]> = [
  ['the transpose of a product reverses it', 'M = (AB)^\\top = B^\\top A^\\top', 'M = (AB)^\\top = A^\\top B^\\top'],
  ['a product of matrices does not commute; ⊙ does', 'M = A \\odot B = B \\odot A', 'M = AB = BA'],
  ['the inverse of a product reverses it', 'M = (AB)^{-1} = B^{-1} A^{-1}', 'M = (AB)^{-1} = A^{-1} B^{-1}'],
  ['the square of a sum of matrices', 'M = (A + B)^2 = A^2 + AB + BA + B^2', 'M = (A + B)^2 = A^2 + 2AB + B^2'],
  ['a quadratic form is a number: its transpose is itself', 's = x^T A x = x^T A^T x = \\mathrm{tr}(A x x^T)', 's = x^T A x = x^T A^T x = \\mathrm{tr}(A)\\, x^T x'],
  ['the trace is cyclic, not symmetric', 's = \\mathrm{tr}(ABC) = \\mathrm{tr}(CAB)', 's = \\mathrm{tr}(ABC) = \\mathrm{tr}(ACB)'],
  ['a squared norm', 's = \\|Ax\\|^2 = x^\\top A^\\top A x', 's = \\|Ax\\|^2 = x^\\top A A^\\top x'],
  ['attention scores transposed', 'S = (QK^\\top)^\\top = KQ^\\top', 'S = (QK^\\top)^\\top = QK^\\top'],
  ['scaled attention scores (d_k is the declared size)', 'S = \\frac{QK^\\top}{\\sqrt{d_k}} = \\frac{1}{\\sqrt{d_k}} Q K^\\top', 'S = \\frac{QK^\\top}{\\sqrt{d_k}} = \\frac{1}{d_k} Q K^\\top'],
  ['a GRU-style gate, entry by entry', 'u = (1 - z) \\odot h + z \\odot g = h + z \\odot (g - h)', 'u = (1 - z) \\odot h + z \\odot g = h + z \\odot (h - g)'],
  ['an activation is applied entry by entry', 'v = \\sigma(A x) \\odot z = z \\odot \\sigma(A x)', 'v = \\sigma(A x) = A \\sigma(x)'],
  ['a scale by a vector is a product with its diagonal matrix', 'v = z \\odot x = \\mathrm{diag}(z)\\, x', 'v = z \\odot x = \\mathrm{diag}(x)\\, x'],
  ['determinants multiply', 's = \\det(AB) = \\det(A)\\det(B)', 's = \\det(A + B) = \\det(A) + \\det(B)'],
  ['a product distributes over a sum from the left', 'v = W(h + x) = Wh + Wx', 'v = W(h - x) = Wh + Wx'],
];

describe('declared matrices: right steps are silent, one slip is caught', () => {
  stepTwins(TABLE.map(([name, right, wrong]) => [name, DECLARE, right, wrong] as const));
});

describe('declared matrices: shapes that do not fit are never a wrong step', () => {
  test('W(h + x) = hW + xW: the shape pass reports it, the judge stays silent', () => {
    const md = `${DECLARE}$$v = W(h + x) = hW + xW$$\n`;
    silent(md);
    const shapes = analyze(md).findings.filter((f) => f.code === 'shape-mismatch');
    assert.equal(shapes.length, 1, 'the shape pass reports the product');
  });
  test('sides of different shapes (a column and a row) are not judged', () => {
    silent(`${DECLARE}$$v = z \\odot x = x^\\top \\mathrm{diag}(z)$$\n`);
  });
  test('a number beside a matrix (a broadcast bias) is not guessed; beside a vector, a numeral is entry by entry', () => {
    silent(`${DECLARE}$$M = A + 1 = 1 + B$$\n`);
    silent(`${DECLARE}$$v = x + b = b + x + x$$\n`);
    caught(`${DECLARE}$$v = 1 - z = z - 1$$\n`, 'v = 1 - z');
  });
  test('an entry of a declared vector beside the vector is not read', () => {
    silent(`${DECLARE}$$s = x^\\top z = \\sum_{i=1}^n x_i z_i + 1$$\n`);
  });
});

describe('declared matrices: only declared names are matrices', () => {
  test('undeclared letters stay numbers: their products commute and transpose to themselves', () => {
    silent(`${DECLARE}$$M = (P R)^\\top = P^\\top R^\\top$$\n\n$$N = P R = R P$$\n`);
    // the same steps with P and R declared are caught
    const declared = 'Let $P, R \\in \\mathbb{R}^{n \\times n}$.\n\n';
    caught(`${declared}$$M = (P R)^\\top = P^\\top R^\\top$$\n`, 'M = (P R)');
  });
  test('a declaration holds in its problem only', () => {
    const second = '## Problem 2\n\n$$M = (AB)^\\top = A^\\top B^\\top$$\n';
    silent(`## Problem 1\n\n${DECLARE}$$M = (AB)^\\top = B^\\top A^\\top$$\n\n${second.replace('AB', 'A B')}`);
    caught(`## Problem 1\n\n${DECLARE}$$M = (AB)^\\top = A^\\top B^\\top$$\n\n${second.replace('AB', 'A B')}`, 'M = (AB)^\\top = A^\\top B^\\top');
  });
  test('a matrix the prose calls symmetric is not judged as a random one', () => {
    const step = '$$v = (Sx)^\\top = x^\\top S$$\n';
    silent(`Let $S \\in \\mathbb{R}^{n \\times n}$ be symmetric and $x \\in \\mathbb{R}^n$.\n\n${step}`);
    caught(`Let $S \\in \\mathbb{R}^{n \\times n}$ and $x \\in \\mathbb{R}^n$.\n\n${step}`, 'v = (Sx)');
  });
  test('a name declared and defined is its definition, whose matrices have sizes of their own', () => {
    const defined = 'Let $X \\in \\mathbb{R}^{n \\times d}$, $W \\in \\mathbb{R}^{d \\times n}$ and $H \\in \\mathbb{R}^{n \\times n}$.\n\n$$H = \\sigma(XW)$$\n\n';
    silent(`${defined}$$\\Rightarrow H^\\top = \\sigma(XW)^\\top = \\sigma(W^\\top X^\\top)$$\n`);
    caught(`${defined}$$\\Rightarrow H^\\top = \\sigma(X W)$$\n`, 'H^\\top');
  });
  test('an inverse beside a transpose (an orthogonal matrix) stays unjudged', () => {
    silent(`${DECLARE}$$M = (A^\\top)^{-1} = (A^{-1})^\\top = A$$\n`);
  });
});

describe('declared matrices: recurrences and sums over vectors', () => {
  const RNN = 'Let $W \\in \\mathbb{R}^{n \\times n}$, $U \\in \\mathbb{R}^{n \\times m}$, $h_t \\in \\mathbb{R}^n$ and $x_t \\in \\mathbb{R}^m$.\n\n';
  const linear = `${RNN}$$h_t = W h_{t-1} + U x_t$$\n\n`;
  const rnn = `${RNN}$$h_t = \\tanh(W h_{t-1} + U x_t)$$\n\n`;
  const twins: Array<[name: string, md: string, right: string, wrong: string]> = [
    ['a linear recurrence unrolled two steps (x_1, x_2 are vectors of their own)', linear, 'h_2 = W^2 h_0 + W U x_1 + U x_2', 'h_2 = W^2 h_0 + U x_1 + W U x_2'],
    ['its closed form: a sum of matrix powers', linear, 'h_t = W^t h_0 + \\sum_{k=1}^t W^{t-k} U x_k', 'h_t = W^t h_0 + \\sum_{k=1}^t W^{k-1} U x_k'],
    ['a tanh recurrence unrolled: the input stays inside its step', rnn, 'h_2 = \\tanh(W \\tanh(W h_0 + U x_1) + U x_2)', 'h_2 = \\tanh(W \\tanh(W h_0) + U x_1 + U x_2)'],
    ['a sum of squared norms is not the squared norm of the sum', rnn, 's = \\sum_{k=1}^t x_k^\\top x_k = \\sum_{k=1}^t \\|x_k\\|^2', 's = \\sum_{k=1}^t x_k^\\top x_k = \\|\\sum_{k=1}^t x_k\\|^2'],
  ];
  stepTwins(twins, '\\Rightarrow ');
  test('W^T where T is a length (a power or a transpose) is not guessed', () => {
    silent(`${linear}$$\\Rightarrow h_T = W^T h_0 + \\sum_{k=1}^T W^{k-1} U x_k$$\n`);
  });
});

describe('declared matrices: derivatives (gradients and Jacobians by central differences)', () => {
  const LSQ = 'Let $W \\in \\mathbb{R}^{m \\times n}$, $x \\in \\mathbb{R}^{n}$, $y \\in \\mathbb{R}^{m}$, $X \\in \\mathbb{R}^{N \\times d}$, $w, a \\in \\mathbb{R}^{d}$, $t \\in \\mathbb{R}^{N}$ and $A \\in \\mathbb{R}^{d \\times d}$.\n\n$$L = \\frac{1}{2}\\|W x - y\\|^2$$\n\n$$R = \\|X w - t\\|^2 + \\lambda \\|w\\|^2$$\n\n';
  const SQUARE = 'Let $W \\in \\mathbb{R}^{n \\times n}$ and $x, y \\in \\mathbb{R}^{n}$.\n\n$$L = \\frac{1}{2}\\|W x - y\\|^2$$\n\n';
  const SOFTMAX = 'Let $o, y \\in \\mathbb{R}^{q}$.\n\n$$\\hat y = \\mathrm{softmax}(o)$$\n\n$$J = -y^\\top \\log \\hat y$$\n\n';
  const TANH = 'Let $h, x \\in \\mathbb{R}^{n}$ and $W \\in \\mathbb{R}^{n \\times n}$.\n\n$$z = W h + x$$\n\n$$s = \\tanh(z)$$\n\n';
  const twins: Array<[name: string, md: string, right: string, wrong: string]> = [
    ['the gradient of a squared error by a matrix has its shape', LSQ, '\\frac{\\partial L}{\\partial W} = (W x - y) x^\\top', '\\frac{\\partial L}{\\partial W} = (y - W x) x^\\top'],
    ['… by a vector', LSQ, '\\frac{\\partial L}{\\partial x} = W^\\top (W x - y)', '\\frac{\\partial L}{\\partial x} = W^\\top (W x + y)'],
    ['ridge regression: the penalty contributes 2λw', LSQ, '\\frac{\\partial R}{\\partial w} = 2 X^\\top (X w - t) + 2 \\lambda w', '\\frac{\\partial R}{\\partial w} = 2 X^\\top (X w - t) + \\lambda w'],
    ['the gradient of a norm', LSQ, '\\frac{\\partial}{\\partial w} \\|w\\| = \\frac{w}{\\|w\\|}', '\\frac{\\partial}{\\partial w} \\|w\\| = \\frac{w}{\\|w\\|^2}'],
    ['a quadratic form: (A + Aᵀ)w, or 2Aw as for a symmetric A; Aw is wrong either way', LSQ, '\\frac{\\partial}{\\partial w}\\left(w^\\top A w\\right) = 2 A w', '\\frac{\\partial}{\\partial w}\\left(w^\\top A w\\right) = A w'],
    ['a matrix quadratic form: 2AV as for a symmetric A', LSQ + 'Let $V \\in \\mathbb{R}^{d \\times k}$.\n\n', '\\frac{\\partial}{\\partial V} \\mathrm{tr}(V^\\top A V) = 2 A V', '\\frac{\\partial}{\\partial V} \\mathrm{tr}(V^\\top A V) = A V'],
    // only a quadratic form's matrix may be symmetric: a square W is not, so its dropped transpose is caught
    ['a square matrix outside a quadratic form is not taken as symmetric', SQUARE, '\\frac{\\partial L}{\\partial x} = W^\\top (W x - y)', '\\frac{\\partial L}{\\partial x} = W (W x - y)'],
    ['softmax cross-entropy: labels summed over are a distribution', SOFTMAX, '\\frac{\\partial J}{\\partial o} = \\hat y - y', '\\frac{\\partial J}{\\partial o} = y - \\hat y'],
    ['the softmax Jacobian', SOFTMAX, '\\frac{\\partial \\hat y}{\\partial o} = \\mathrm{diag}(\\hat y) - \\hat y \\hat y^\\top', '\\frac{\\partial \\hat y}{\\partial o} = \\mathrm{diag}(\\hat y) + \\hat y \\hat y^\\top'],
    ['a Jacobian through a defined vector: the diagonal scales the rows', TANH, '\\frac{\\partial s}{\\partial h} = \\mathrm{diag}(1 - s \\odot s) W', '\\frac{\\partial s}{\\partial h} = W \\mathrm{diag}(1 - s \\odot s)'],
    ['a Jacobian by a defined vector', TANH, '\\frac{\\partial s}{\\partial z} = \\mathrm{diag}(1 - s \\odot s)', '\\frac{\\partial s}{\\partial z} = \\mathrm{diag}(1 + s \\odot s)'],
  ];
  stepTwins(twins);
  const RNN = 'Let $W \\in \\mathbb{R}^{n \\times n}$, $U \\in \\mathbb{R}^{n \\times m}$, $h_t \\in \\mathbb{R}^n$ and $x_t \\in \\mathbb{R}^m$.\n\n$$h_t = \\tanh(W h_{t-1} + U x_t)$$\n\n';
  const bptt: Array<[name: string, right: string, wrong: string]> = [
    ['BPTT: the Jacobian of a step by the step before it', '\\frac{\\partial h_t}{\\partial h_{t-1}} = \\mathrm{diag}(1 - h_t \\odot h_t) W', '\\frac{\\partial h_t}{\\partial h_{t-1}} = W \\mathrm{diag}(1 - h_t \\odot h_t)'],
    ['BPTT: the Jacobian of a step by its input', '\\frac{\\partial h_t}{\\partial x_t} = \\mathrm{diag}(1 - h_t \\odot h_t) U', '\\frac{\\partial h_t}{\\partial x_t} = \\mathrm{diag}(1 - h_{t-1} \\odot h_{t-1}) U'],
  ];
  stepTwins(bptt.map(([name, right, wrong]) => [name, RNN, right, wrong] as const));
  // `\frac{\partial h_t}{\partial b}` with b read at every step: BPTT writes it for the immediate derivative
  // (h_{t-1} held, as the sum over steps then adds the rest) as often as for the total one
  const SOFTPLUS = 'Let $W \\in \\mathbb{R}^{n \\times n}$, $U \\in \\mathbb{R}^{n \\times m}$, $b, h_t \\in \\mathbb{R}^n$ and $x_t \\in \\mathbb{R}^m$.\n\n$$h_t = \\mathrm{softplus}(W h_{t-1} + U x_t + b)$$\n\n';
  test('BPTT: a step by a name every step reads is the immediate or the total derivative (not judged); by its own input it is judged', () => {
    silent(`${SOFTPLUS}$$\\frac{\\partial h_t}{\\partial b} = \\mathrm{diag}(\\sigma(W h_{t-1} + U x_t + b))$$\n`);
    // … also by a name the document defines once and every step reads
    silent('Let $W \\in \\mathbb{R}^{n \\times n}$, $U \\in \\mathbb{R}^{n \\times m}$, $h_t \\in \\mathbb{R}^n$ and $x \\in \\mathbb{R}^m$.\n\n$$c = U x$$\n\n$$h_t = \\mathrm{softplus}(W h_{t-1} + c)$$\n\n$$\\frac{\\partial h_t}{\\partial c} = \\mathrm{diag}(\\sigma(W h_{t-1} + c))$$\n');
    silent(`${SOFTPLUS}$$\\frac{\\partial h_t}{\\partial x_t} = \\mathrm{diag}(\\sigma(W h_{t-1} + U x_t + b)) U$$\n`);
    caught(`${SOFTPLUS}$$\\frac{\\partial h_t}{\\partial x_t} = \\mathrm{diag}(h_t) U$$\n`, '\\mathrm{diag}(h_t) U');
  });
  test('BPTT: a vector squared as written is squared entry by entry (1 − h_t², tanh′)', () => {
    silent(`${RNN}$$\\frac{\\partial h_t}{\\partial h_{t-1}} = \\mathrm{diag}(1 - h_t^2) W$$\n`);
    caught(`${RNN}$$\\frac{\\partial h_t}{\\partial h_{t-1}} = W \\mathrm{diag}(1 - h_t^2)$$\n`, 'W \\mathrm{diag}');
    caught(`${RNN}$$\\frac{\\partial h_t}{\\partial h_{t-1}} = \\mathrm{diag}(1 - h_{t-1}^2) W$$\n`, 'h_{t-1}^2) W');
    // its other reading, hᵀh, is a number: where a side reads it so, the shapes of the entry-by-entry reading do not fit
    silent(`${RNN}$$q = x_t^2 + x_{t-1}^2 = (x_t + x_{t-1})^2 - 2 x_t^\\top x_{t-1}$$\n`);
  });
  test('BPTT: a product of Jacobians over steps (its order) and a vector by a matrix are not judged', () => {
    silent(`${RNN}$$\\frac{\\partial h_t}{\\partial h_k} = \\prod_{j=k+1}^{t} W \\mathrm{diag}(1 - h_j \\odot h_j)$$\n`);
    silent(`${RNN}$$\\frac{\\partial h_t}{\\partial W} = h_{t-1} + W$$\n`);
  });
  test('either layout: the gradient as a row (numerator layout) and a Jacobian transposed (denominator layout) are silent', () => {
    silent(`${LSQ}$$\\frac{\\partial L}{\\partial W} = x (W x - y)^\\top$$\n\n$$\\frac{\\partial L}{\\partial x} = (W x - y)^\\top W$$\n`);
    silent(`${TANH}$$\\frac{\\partial s}{\\partial h} = W^\\top \\mathrm{diag}(1 - s \\odot s)$$\n`);
  });
  test('not judged: a derivative inside an expression (its layout), of an undefined name, by an undeclared one, sides of different shapes', () => {
    silent(`${LSQ}$$\\frac{\\partial L}{\\partial x} = W^\\top \\frac{\\partial L}{\\partial W} x + 3$$\n`);
    silent(`${LSQ}$$\\frac{\\partial E}{\\partial W} = (W x + y) x^\\top$$\n`);
    silent(`${LSQ}$$\\frac{\\partial L}{\\partial b} = W x + y$$\n`);
    silent(`${LSQ}$$\\frac{\\partial L}{\\partial W} = W^\\top (W x - y)$$\n`);
  });
  test('the finding: a numeric derivative over random matrices, the entry that differs', () => {
    const f = caught(`${LSQ}$$\\frac{\\partial L}{\\partial W} = (y - W x) x^\\top$$\n`, '(y - W x)');
    assert.match(stripIsolates(f.message), /∂L\/∂W ≠ .*entry \(\d, \d\)/);
  });
});

describe('declared matrices: the finding', () => {
  const md = `${DECLARE}$$M = (AB)^\\top = A^\\top B^\\top$$\n`;
  test('the counterexample names the sizes drawn and the entry that differs', () => {
    const f = caught(md, 'M = (AB)');
    assert.match(f.message, /^This step does not hold: \(AB\)ᵀ ≠ AᵀBᵀ for random matrices of the declared shapes at n = [2-4]: entry \(\d, \d\) is .* on the left, .* on the right$/);
    assert.deepEqual(Object.keys(f.counterexample!.values), ['n']);
    assert.equal(md.slice(f.range.start, f.range.end), '(AB)^\\top = A^\\top B^\\top');
  });
  test('sizes given as numbers are kept, and the message says no size', () => {
    const f = caught('Let $A, B \\in \\mathbb{R}^{2 \\times 2}$.\n\n$$M = AB = BA$$\n', 'M = AB');
    assert.deepEqual(f.counterexample!.values, {});
    assert.match(f.message, /for random matrices of the declared shapes: entry/);
  });
  test('deterministic', () => {
    assert.deepEqual(steps(md)[0].counterexample, steps(md)[0].counterexample);
  });
  test('Persian message', () => {
    const [f] = steps(md, 'fa');
    assert.match(stripIsolates(f.message), /^این گام برقرار نیست: .* برای ماتریس‌های تصادفی با شکل‌های اعلام‌شده به ازای n = \d: درایهٔ/);
  });
});

// ---- random expressions: a transpose pushed inside is equal (silent), a product left in order is not ----

type Size = 'n' | 'm' | '1';
type Shape = [Size, Size];
type Expr =
  | { k: 'name'; tex: string; shape: Shape }
  | { k: 't'; a: Expr }
  | { k: 'mul'; a: Expr; b: Expr }
  | { k: 'add'; a: Expr; b: Expr }
  | { k: 'scale'; c: string; a: Expr }
  | { k: 'odot'; a: Expr; b: Expr }
  | { k: 'sig'; a: Expr };

const NAMES: Array<[string, Shape]> = [
  ['A', ['n', 'n']],
  ['B', ['n', 'n']],
  ['W', ['m', 'n']],
  ['V', ['n', 'm']],
  ['x', ['n', '1']],
  ['h', ['n', '1']],
  ['u', ['m', '1']],
];
const RANDOM_DECLARE = 'Let $A, B \\in \\mathbb{R}^{n \\times n}$, $W \\in \\mathbb{R}^{m \\times n}$, $V \\in \\mathbb{R}^{n \\times m}$, $x, h \\in \\mathbb{R}^n$ and $u \\in \\mathbb{R}^m$.\n\n';

/** The shape of an expression, or undefined where its sizes do not fit (a 1×1 part is a number: not generated). */
function shapeOf(e: Expr): Shape | undefined {
  switch (e.k) {
    case 'name':
      return e.shape;
    case 't': {
      const s = shapeOf(e.a);
      return s && [s[1], s[0]];
    }
    case 'mul': {
      const a = shapeOf(e.a);
      const b = shapeOf(e.b);
      return a && b && a[1] === b[0] && !(a[0] === '1' && b[1] === '1') ? [a[0], b[1]] : undefined;
    }
    case 'add':
    case 'odot': {
      const a = shapeOf(e.a);
      const b = shapeOf(e.b);
      return a && b && a[0] === b[0] && a[1] === b[1] ? a : undefined;
    }
    case 'scale':
    case 'sig':
      return shapeOf(e.a);
  }
}

function tex(e: Expr): string {
  const wrapped = (x: Expr) => (x.k === 'name' || x.k === 'sig' ? tex(x) : `(${tex(x)})`);
  switch (e.k) {
    case 'name':
      return e.tex;
    case 't':
      return `${wrapped(e.a)}^\\top`;
    case 'mul':
      return `${wrapped(e.a)} ${wrapped(e.b)}`;
    case 'add':
      return `${tex(e.a)} + ${tex(e.b)}`;
    case 'scale':
      return `${e.c} \\cdot ${wrapped(e.a)}`;
    case 'odot':
      return `${wrapped(e.a)} \\odot ${wrapped(e.b)}`;
    case 'sig':
      return `\\sigma(${tex(e.a)})`;
  }
}

/** `e^T` with the transpose pushed to the names: `(XY)^T = Y^T X^T` when `reverse`, else (wrongly) `X^T Y^T`. */
function pushT(e: Expr, reverse = true): Expr {
  switch (e.k) {
    case 'name':
      return { k: 't', a: e };
    case 't':
      return e.a;
    case 'mul':
      return reverse ? { k: 'mul', a: pushT(e.b), b: pushT(e.a) } : { k: 'mul', a: pushT(e.a, false), b: pushT(e.b, false) };
    case 'add':
    case 'odot':
      return { k: e.k, a: pushT(e.a, reverse), b: pushT(e.b, reverse) };
    case 'scale':
      return { k: 'scale', c: e.c, a: pushT(e.a, reverse) };
    case 'sig':
      return { k: 'sig', a: pushT(e.a, reverse) };
  }
}

function generate(shape: Shape, depth: number, r: () => number, inners: Size[] = ['n', 'm', '1']): Expr {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const names = NAMES.filter(([, s]) => s[0] === shape[0] && s[1] === shape[1]);
  const transposed = NAMES.filter(([, s]) => s[1] === shape[0] && s[0] === shape[1]);
  if (depth <= 0 || r() < 0.25) {
    if (names.length && (r() < 0.6 || !transposed.length)) {
      const [t, s] = pick(names);
      return { k: 'name', tex: t, shape: s };
    }
    if (transposed.length) {
      const [t, s] = pick(transposed);
      return { k: 't', a: { k: 'name', tex: t, shape: s } };
    }
  }
  const next = depth - 1;
  // no name of this shape (m×m): a product through n, whose factors all have names
  if (depth <= 0) return { k: 'mul', a: generate([shape[0], 'n'], 0, r), b: generate(['n', shape[1]], 0, r) };
  const kind = pick(['mul', 'mul', 'mul', 'add', 't', 'scale', 'odot', 'sig']);
  switch (kind) {
    case 'mul': {
      const inner = pick(inners);
      if ((shape[0] === '1' && inner === '1') || (inner === '1' && shape[1] === '1')) return generate(shape, next, r, inners);
      return { k: 'mul', a: generate([shape[0], inner], next, r, inners), b: generate([inner, shape[1]], next, r, inners) };
    }
    case 't':
      return { k: 't', a: generate([shape[1], shape[0]], next, r, inners) };
    case 'scale':
      return { k: 'scale', c: pick(['2', 'a']), a: generate(shape, next, r, inners) };
    case 'sig':
      return { k: 'sig', a: generate(shape, next, r, inners) };
    default:
      return { k: kind as 'add' | 'odot', a: generate(shape, next, r, inners), b: generate(shape, next, r, inners) };
  }
}

describe('declared matrices: random expressions', () => {
  test('(E)ᵀ with the transpose pushed to the names is silent, whatever the shapes', () => {
    const r = mulberry32(14);
    const shapes: Shape[] = [['n', 'n'], ['m', 'n'], ['n', 'm'], ['n', '1'], ['1', 'm']];
    for (let i = 0; i < 100; i++) {
      const e = generate(shapes[i % shapes.length], 3, r);
      const right = pushT(e);
      assert.ok(shapeOf(e) && shapeOf(right), tex(e));
      silent(`${RANDOM_DECLARE}$$M = (${tex(e)})^\\top = ${tex(right)}$$\n`);
      // the slip (factors kept in order) is never an exception, and a finding always really differs
      for (const f of steps(`${RANDOM_DECLARE}$$M = (${tex(e)})^\\top = ${tex(pushT(e, false))}$$\n`)) {
        assert.ok(Math.abs(f.counterexample!.left - f.counterexample!.right) > 1e-6);
      }
    }
  });
  test('square matrices: the transpose of a product left in order is caught (unless the product reads the same backwards)', () => {
    const r = mulberry32(1414);
    let slips = 0;
    let caughtSlips = 0;
    for (let i = 0; i < 100; i++) {
      const e = generate(['n', 'n'], 3, r, ['n']);
      const right = pushT(e);
      const wrong = pushT(e, false);
      silent(`${RANDOM_DECLARE}$$M = (${tex(e)})^\\top = ${tex(right)}$$\n`);
      if (tex(wrong) === tex(right)) continue;
      slips++;
      if (steps(`${RANDOM_DECLARE}$$M = (${tex(e)})^\\top = ${tex(wrong)}$$\n`).length) caughtSlips++;
    }
    // (ABA)ᵀ = AᵀBᵀAᵀ and (BB)ᵀ = BᵀBᵀ are right however written: most slips are not palindromes
    assert.ok(slips >= 30 && caughtSlips >= slips * 0.7, `caught ${caughtSlips} of ${slips}`);
  });
});
