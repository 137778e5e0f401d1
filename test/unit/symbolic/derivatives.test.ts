// Derivatives in symbolic steps (issue 14, deliver 1): `\frac{d}{dz}(E)`, `\frac{\partial}{\partial z} E`,
// `\frac{d f}{d z}`, `\frac{\partial \hat y}{\partial o}` of names the document defines and `f'(z)` of
// functions it defines are computed by central differences of the instantiated expression. Each rule
// has a twin: the right line is silent, the same line with one slip is a `wrong-step`. A derivative
// of a name the document does not define is an atom equal only to itself. Fixtures are written here.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, lineOf } from '../engineHelpers';
import { caught, silent, twinTable, silentTable, type Twin } from './stepHelpers';
import { readPiece } from '../../../src/core/syntax/parser';
import { tokenize } from '../../../src/core/syntax/tokens';

/** Right derivation (silent) and the same with one slip (caught on the named line). */
const TABLE: Twin[] = [
  [
    'h_t(1 - h_t): a hidden state times a sum (σ′ written out), h being a function letter elsewhere',
    '$$h_t = \\sigma(w h_{t-1} + u x_t)$$\n\n$$\\frac{\\partial h_t}{\\partial h_{t-1}} = h_t(1 - h_t) w$$\n',
    '$$h_t = \\sigma(w h_{t-1} + u x_t)$$\n\n$$\\frac{\\partial h_t}{\\partial h_{t-1}} = h_t(1 + h_t) w$$\n',
    '\\frac{\\partial h_t}',
  ],
  [
    '∂J/∂w after J(w) = … (the function read by its name alone)',
    '$$J(w) = \\frac{1}{2}\\sum_{i=1}^n (w x_i - y_i)^2$$\n\n$$\\frac{\\partial J}{\\partial w} = \\sum_{i=1}^n (w x_i - y_i) x_i$$\n',
    '$$J(w) = \\frac{1}{2}\\sum_{i=1}^n (w x_i - y_i)^2$$\n\n$$\\frac{\\partial J}{\\partial w} = \\sum_{i=1}^n (w x_i - y_i) w$$\n',
    '\\frac{\\partial J}',
  ],
  [
    'the log-likelihood of a logistic model, ℓ(θ) with a Greek parameter',
    '$$\\ell(\\theta) = \\sum_{i=1}^n \\left[ y_i \\log \\sigma(\\theta x_i) + (1 - y_i)\\log(1 - \\sigma(\\theta x_i)) \\right]$$\n\n$$\\frac{\\partial \\ell}{\\partial \\theta} = \\sum_{i=1}^n (y_i - \\sigma(\\theta x_i)) x_i$$\n',
    '$$\\ell(\\theta) = \\sum_{i=1}^n \\left[ y_i \\log \\sigma(\\theta x_i) + (1 - y_i)\\log(1 - \\sigma(\\theta x_i)) \\right]$$\n\n$$\\frac{\\partial \\ell}{\\partial \\theta} = \\sum_{i=1}^n (\\sigma(\\theta x_i) - y_i) x_i$$\n',
    '\\frac{\\partial \\ell}',
  ],
  [
    'd/dz of σ written as an operator',
    '$$\\frac{d}{dz}\\sigma(z) = \\sigma(z)(1-\\sigma(z))$$\n',
    '$$\\frac{d}{dz}\\sigma(z) = \\sigma(z)(1+\\sigma(z))$$\n',
    '\\frac{d}{dz}',
  ],
  [
    'd/dz of tanh',
    '$$\\frac{d}{dz}\\tanh(z) = 1 - \\tanh^2(z)$$\n',
    '$$\\frac{d}{dz}\\tanh(z) = 1 + \\tanh^2(z)$$\n',
    '\\frac{d}{dz}',
  ],
  [
    '∂/∂w of a parenthesised expression',
    '$$\\frac{\\partial}{\\partial w} (y - w x)^2 = -2x(y - w x)$$\n',
    '$$\\frac{\\partial}{\\partial w} (y - w x)^2 = 2x(y - w x)$$\n',
    '\\frac{\\partial}{\\partial w}',
  ],
  [
    "f'(x) of a function the document defines",
    "$$f(x) = x^2 + 3x$$\n\n$$f'(x) = 2x + 3$$\n",
    "$$f(x) = x^2 + 3x$$\n\n$$f'(x) = 2x + 1$$\n",
    "f'(x)",
  ],
  [
    "f^{\\prime}(x): the prime written as a superscript",
    "$$f(x) = x^2 + 3x$$\n\n$$f^{\\prime}(x) = 2x + 3$$\n",
    "$$f(x) = x^2 + 3x$$\n\n$$f^{\\prime}(x) = 2x + 1$$\n",
    'f^{\\prime}(x) =',
  ],
  [
    "f^{'}(x) and f^\\prime(x), in a chain",
    "$$f(x) = x^3 - x$$\n\n$$f^{'}(x) = f^\\prime(x) = 3x^2 - 1$$\n",
    "$$f(x) = x^3 - x$$\n\n$$f^{'}(x) = f^\\prime(x) = 3x^2 + 1$$\n",
    "f^{'}(x)",
  ],
  [
    "g'(b) at another argument, beside the function's value",
    "$$g(u) = u^3 - u$$\n\n$$g'(b) + g(b) = 3b^2 - 1 + b^3 - b = b^3 + 3b^2 - b - 1$$\n",
    "$$g(u) = u^3 - u$$\n\n$$g'(b) + g(b) = 3b^2 + b^3 - b = b^3 + 3b^2 - b$$\n",
    "g'(b)",
  ],
  [
    'df/dz of a name the document defines',
    '$$f = z^3 - z$$\n\n$$\\frac{df}{dz} = 3z^2 - 1$$\n',
    '$$f = z^3 - z$$\n\n$$\\frac{df}{dz} = 3z^2$$\n',
    '\\frac{df}{dz}',
  ],
  [
    '∂ŷ/∂o with ŷ = σ(o)',
    '$$\\hat y = \\sigma(o)$$\n\n$$\\frac{\\partial \\hat y}{\\partial o} = \\hat y(1-\\hat y)$$\n',
    '$$\\hat y = \\sigma(o)$$\n\n$$\\frac{\\partial \\hat y}{\\partial o} = \\hat y(1-o)$$\n',
    '\\frac{\\partial \\hat y}{\\partial o}',
  ],
  [
    'the chain rule through a defined z',
    '$$z = w x + b \\quad \\hat y = \\sigma(z)$$\n\n$$\\frac{\\partial \\hat y}{\\partial w} = \\frac{\\partial \\hat y}{\\partial z}\\frac{\\partial z}{\\partial w} = \\hat y (1 - \\hat y) x$$\n',
    '$$z = w x + b \\quad \\hat y = \\sigma(z)$$\n\n$$\\frac{\\partial \\hat y}{\\partial w} = \\frac{\\partial \\hat y}{\\partial z}\\frac{\\partial z}{\\partial w} = \\hat y (1 - \\hat y)$$\n',
    '\\frac{\\partial \\hat y}{\\partial w}',
  ],
  [
    'the chain rule of two functions the document does not define (random smooth f and g)',
    "$$\\frac{d}{dx} f(g(x)) = f'(g(x)) g'(x)$$\n",
    "$$\\frac{d}{dx} f(g(x)) = f'(x) g'(x)$$\n",
    '\\frac{d}{dx}',
  ],
  [
    'softmax-cross-entropy gradient: ∂J/∂o_j = ŷ_j − y_j',
    '$$\\hat y_j = \\frac{\\exp(o_j)}{\\sum_{k=1}^q \\exp(o_k)}$$\n\n$$J = -\\sum_{k=1}^q y_k \\log \\hat y_k$$\n\n$$\\frac{\\partial J}{\\partial o_j} = \\hat y_j - y_j$$\n',
    '$$\\hat y_j = \\frac{\\exp(o_j)}{\\sum_{k=1}^q \\exp(o_k)}$$\n\n$$J = -\\sum_{k=1}^q y_k \\log \\hat y_k$$\n\n$$\\frac{\\partial J}{\\partial o_j} = y_j - \\hat y_j$$\n',
    '\\frac{\\partial J}{\\partial o_j}',
  ],
  [
    'softmax-cross-entropy for a sigmoid output, the step of the issue: Σ y/ŷ · ŷ(1 − ŷ)',
    '$$\\hat y_k = \\sigma(o_k)$$\n\n$$g = -\\sum_{k=1}^q \\frac{y_k}{\\hat y_k} \\cdot \\hat y_k (1 - \\hat y_k) = -\\sum_{k=1}^q y_k(1 - \\hat y_k)$$\n',
    '$$\\hat y_k = \\sigma(o_k)$$\n\n$$g = -\\sum_{k=1}^q \\frac{y_k}{\\hat y_k} \\cdot \\hat y_k (1 - \\hat y_k) = -\\sum_{k=1}^q (y_k - \\hat y_k)$$\n',
    'g = ',
  ],
  [
    'scalar BPTT, one step: ∂h_t/∂h_{t−1} = (1 − h_t²) w',
    '$$z_t = w h_{t-1} + u x_t \\quad h_t = \\tanh(z_t)$$\n\n$$\\frac{\\partial h_t}{\\partial h_{t-1}} = (1 - h_t^2) w$$\n',
    '$$z_t = w h_{t-1} + u x_t \\quad h_t = \\tanh(z_t)$$\n\n$$\\frac{\\partial h_t}{\\partial h_{t-1}} = (1 - h_t) w$$\n',
    '\\frac{\\partial h_t}{\\partial h_{t-1}}',
  ],
  [
    'scalar BPTT chain over two steps',
    '$$z_t = w h_{t-1} + u x_t \\quad h_t = \\tanh(z_t)$$\n\n$$\\frac{\\partial h_3}{\\partial h_1} = \\frac{\\partial h_3}{\\partial h_2}\\frac{\\partial h_2}{\\partial h_1} = (1 - h_3^2) w (1 - h_2^2) w$$\n',
    '$$z_t = w h_{t-1} + u x_t \\quad h_t = \\tanh(z_t)$$\n\n$$\\frac{\\partial h_3}{\\partial h_1} = \\frac{\\partial h_3}{\\partial h_2}\\frac{\\partial h_2}{\\partial h_1} = (1 - h_3^2) w (1 - h_1^2) w$$\n',
    '\\frac{\\partial h_3}{\\partial h_1}',
  ],
  [
    'scalar BPTT with a skip term: the +1 of the identity path',
    '$$z_t = w h_{t-1} + u x_t \\quad h_t = \\tanh(z_t) + h_{t-1}$$\n\n$$\\frac{\\partial h_t}{\\partial h_{t-1}} = (1 - \\tanh^2(z_t)) w + 1$$\n',
    '$$z_t = w h_{t-1} + u x_t \\quad h_t = \\tanh(z_t) + h_{t-1}$$\n\n$$\\frac{\\partial h_t}{\\partial h_{t-1}} = (1 - \\tanh^2(z_t)) w$$\n',
    '\\frac{\\partial h_t}{\\partial h_{t-1}}',
  ],
  [
    'scalar BPTT with a skip term over two steps',
    '$$h_t = \\tanh(w h_{t-1} + u x_t) + h_{t-1}$$\n\n$$\\frac{\\partial h_2}{\\partial h_0} = \\frac{\\partial h_2}{\\partial h_1}\\frac{\\partial h_1}{\\partial h_0} = \\left((1 - (h_2 - h_1)^2) w + 1\\right)\\left((1 - (h_1 - h_0)^2) w + 1\\right)$$\n',
    '$$h_t = \\tanh(w h_{t-1} + u x_t) + h_{t-1}$$\n\n$$\\frac{\\partial h_2}{\\partial h_0} = \\frac{\\partial h_2}{\\partial h_1}\\frac{\\partial h_1}{\\partial h_0} = \\left((1 - (h_2 - h_1)^2) w + 1\\right)\\left((1 - (h_1 - h_0)^2) w\\right)$$\n',
    '\\frac{\\partial h_2}{\\partial h_0}',
  ],
  [
    'an LSTM cell: ∂c_t/∂c_{t−1} and ∂h_t/∂c_{t−1}',
    '$$c_t = f_t c_{t-1} + i_t g_t \\quad h_t = o_t \\tanh(c_t)$$\n\n$$\\frac{\\partial h_t}{\\partial c_{t-1}} = \\frac{\\partial h_t}{\\partial c_t}\\frac{\\partial c_t}{\\partial c_{t-1}} = o_t (1 - \\tanh^2(c_t)) f_t$$\n',
    '$$c_t = f_t c_{t-1} + i_t g_t \\quad h_t = o_t \\tanh(c_t)$$\n\n$$\\frac{\\partial h_t}{\\partial c_{t-1}} = \\frac{\\partial h_t}{\\partial c_t}\\frac{\\partial c_t}{\\partial c_{t-1}} = o_t (1 - \\tanh^2(c_t))$$\n',
    '\\frac{\\partial h_t}{\\partial c_{t-1}}',
  ],
  [
    'layer-norm: the derivative of the mean in one input',
    '$$\\mu = \\frac{1}{n} \\sum_{k=1}^n x_k$$\n\n$$\\frac{\\partial}{\\partial x_j}(x_j - \\mu) = 1 - \\frac{1}{n}$$\n',
    '$$\\mu = \\frac{1}{n} \\sum_{k=1}^n x_k$$\n\n$$\\frac{\\partial}{\\partial x_j}(x_j - \\mu) = 1 + \\frac{1}{n}$$\n',
    '\\frac{\\partial}{\\partial x_j}',
  ],
  [
    'the log-likelihood of a product, differentiated',
    '$$\\ell = \\log \\prod_{k=1}^n p_k$$\n\n$$\\frac{\\partial \\ell}{\\partial p_j} = \\frac{1}{p_j}$$\n',
    '$$\\ell = \\log \\prod_{k=1}^n p_k$$\n\n$$\\frac{\\partial \\ell}{\\partial p_j} = \\frac{n}{p_j}$$\n',
    '\\frac{\\partial \\ell}{\\partial p_j}',
  ],
  [
    "σ'(z) worked out is a claim",
    "$$\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))$$\n",
    "$$\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))^2$$\n",
    "\\sigma'(z)",
  ],
  [
    'a derivative of an undefined name is an atom equal only to itself',
    '$$g = 2\\frac{\\partial L}{\\partial h} - \\frac{\\partial L}{\\partial h} = \\frac{\\partial L}{\\partial h}$$\n',
    '$$g = 2\\frac{\\partial L}{\\partial h} - \\frac{\\partial L}{\\partial h} = 2\\frac{\\partial L}{\\partial h}$$\n',
    'g = ',
  ],
  [
    'a BPTT chain with an undefined loss: the atoms carry through, the local derivative is computed',
    '$$h_t = w h_{t-1} + x_t$$\n\n$$\\frac{\\partial L}{\\partial h_t} = \\frac{\\partial L}{\\partial h_{t+1}} \\frac{\\partial h_{t+1}}{\\partial h_t} = \\frac{\\partial L}{\\partial h_{t+1}} w$$\n',
    '$$h_t = w h_{t-1} + x_t$$\n\n$$\\frac{\\partial L}{\\partial h_t} = \\frac{\\partial L}{\\partial h_{t+1}} \\frac{\\partial h_{t+1}}{\\partial h_t} = \\frac{\\partial L}{\\partial h_{t+1}} x_t$$\n',
    '\\frac{\\partial L}{\\partial h_t}',
  ],
];

twinTable('symbolic steps with derivatives: right derivations are silent, one slip is caught', TABLE);

silentTable('symbolic steps with derivatives: never judged', [
  ['an undefined ∂L/∂h stated equal to something', '$$\\frac{\\partial L}{\\partial h} = W x$$\n'],
  ['atoms on one side only', '$$\\frac{\\partial L}{\\partial h_t} = \\frac{\\partial L}{\\partial h_{t+1}} \\frac{\\partial h_{t+1}}{\\partial h_t} = \\frac{\\partial L}{\\partial h_{t+1}} w$$\n'],
  ["f'(x) of a function the document does not define", "$$f'(x) = 2x + 3$$\n"],
  ['a letter with an index applied to one argument stays a function: P_\\theta(x)', '$$P_\\theta(x) = \\sigma(\\theta x) \\Rightarrow P_\\theta(x)(1 - P_\\theta(x)) = 2\\sigma(\\theta x)$$\n'],
  ["f^{\\prime}(x) of a function the document does not define", "$$f^{\\prime}(x) = 2x + 3$$\n"],
  ['a prime written as a superscript on a name that is not applied', '$$y = x^2$$\n\n$$y^{\\prime} = 2x$$\n'],
  ['a second derivative written as superscript primes', "$$f(x) = x^3$$\n\n$$f^{\\prime\\prime}(x) = 6x$$\n"],
  ['a function the document defines in words the engine cannot read', "$$f(x) = \\text{the loss at } x$$\n\n$$f'(x) = 2x$$\n"],
  ['implicit differentiation: y moves with x', '$$\\frac{d}{dx}(y^2) = 2y \\frac{dy}{dx}$$\n'],
  ['a time derivative beside d/dt', '$$\\frac{d}{dt}(t x^2) = x^2 + 2 t x \\dot{x}$$\n'],
  ['how far an operator without parentheses reaches', '$$\\frac{d}{dz}\\sigma(z) (1-\\sigma(z)) = \\sigma(z)$$\n'],
  ['a function defined again for another case: which one f\' means is in the prose', "* sigmoid $f(z) = \\frac{1}{1 + e^{-z}}$\n* tanh $f(z) = \\tanh(z)$\n\nDerivatives:\n\n* sigmoid $f'(z) = f(z)(1 - f(z))$\n* tanh $f'(z) = 1 - f(z)^2$\n"],
  ['a second derivative', '$$f(x) = x^3$$\n\n$$f\'\'(x) = 6x$$\n'],
  ['a derivative inside a derivative', '$$\\frac{d}{dx}\\left(\\frac{d}{dx} x^3\\right) = 6x$$\n'],
  ['a derivative set to zero is an equation to solve', '$$J = (y - w x)^2$$\n\n$$\\frac{\\partial J}{\\partial w} = 0$$\n'],
  ['a name the expression does not depend on', '$$J = (y - \\hat y)^2$$\n\n$$\\frac{\\partial J}{\\partial w} = 2(\\hat y - y) x$$\n'],
]);

describe('rules the derivations written by the BPTT command asked for', () => {
  const aligned = (...lines: string[]) => `$$\n\\begin{aligned}\n${lines.join(' \\\\\n')}\n\\end{aligned}\n$$\n`;
  test('an aligned line indented before its + (&\\qquad + …) goes on the expression above', () => {
    const sum = (last: string) => aligned('&s = a_1 b_1 + a_2 b_2', '&\\qquad + a_3 b_3', `&\\qquad = ${last}`);
    silent(sum('\\sum_{i=1}^{3} a_i b_i'));
    caught(sum('\\sum_{i=1}^{2} a_i b_i'), '&\\qquad = \\sum_{i=1}^{2}');
  });
  test('a product over a range of negative length (k past t) is no point to judge at; from an empty range on it is', () => {
    silent('$$q = \\prod_{i=k+1}^{t} a = a^{t-k}$$\n');
    caught('$$q = \\prod_{i=k+1}^{t} a = a^{t-k+1}$$\n', '$$q = ');
  });
});

describe('a step past its work budget is not judged; the same step small is', () => {
  const nested = (hi: number) => `$$s = \\sum_{i=1}^{${hi}} \\sum_{j=1}^{${hi}} \\sum_{k=1}^{${hi}} a_i b_j c_k = 2\\left(\\sum_{i=1}^{${hi}} a_i\\right)\\left(\\sum_{j=1}^{${hi}} b_j\\right)\\left(\\sum_{k=1}^{${hi}} c_k\\right)$$\n`;
  test('Σ of 50 × 50 × 50 terms: silent', () => silent(nested(50)));
  test('Σ of 3 × 3 × 3 terms: the missing factor 2 is caught', () => {
    caught(nested(3), '$$s = ');
  });
});

describe('derivatives are read only when the symbolic judge asks', () => {
  const read = (src: string, derivatives: boolean) => readPiece(tokenize(src), { maxMatrixElements: 100, maxDepth: 50, derivatives }).node;
  test('\\frac{\\partial \\hat y}{\\partial o} is a derivative node for the judge, not computable for the evaluator', () => {
    const n = read('\\frac{\\partial \\hat y}{\\partial o}', true);
    assert.equal(n.t, 'deriv');
    // for the others, ∂ is notation read on for its place, with a refusal: never a value
    const plain = readPiece(tokenize('\\frac{\\partial \\hat y}{\\partial o}'), { maxMatrixElements: 100, maxDepth: 50 });
    assert.ok(plain.refusal);
    assert.notEqual(plain.node.t, 'deriv');
  });
  test("f'(x) is a letter applied for the judge only; a fraction of d's stays a fraction", () => {
    const n = read("f'(x)", true);
    assert.ok(n.t === 'apply' && n.prime === 1 && n.fn === 'f');
    assert.throws(() => read("f'(x)", false));
    assert.equal(read('\\frac{d_{model}}{d_k}', true).t, 'frac');
  });
  test("f^{\\prime}(x), f^{'}(x), f^\\prime(x) are f'(x) for the judge; for the others a prime as a superscript is not read", () => {
    for (const src of ["f^{\\prime}(x)", "f^{'}(x)", 'f^\\prime(x)']) {
      const n = read(src, true);
      assert.ok(n.t === 'apply' && n.prime === 1 && n.fn === 'f', src);
      assert.throws(() => read(src, false), src);
    }
  });
  test('the claims stay as they were: a derivative is no numeric claim', () => {
    const md = '$$f(x) = x^2$$\n\n$$\\frac{d}{dx} f(x) = 2x$$\n\n$$f(3) = 10$$\n';
    const results = analyze(md).findings.filter((f) => f.code === 'wrong-result');
    assert.equal(results.length, 1);
    assert.equal(results[0].line, lineOf(md, 'f(3) = 10'));
  });
});
