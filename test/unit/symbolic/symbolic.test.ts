// Symbolic derivation steps (src/core/symbolic/): each right derivation stays silent and its one-slip
// twin is a `wrong-step` warning with a counterexample. Fixtures are written here; the shared hw5
// answers are read only when ../shared is present.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyze, readExample, SHARED_EXAMPLES, lineOf } from '../engineHelpers';
import { runCli } from '../../../src/cli/main';
import { stripIsolates } from '../../../src/core/messages';
import { twinTable } from './stepHelpers';

function steps(md: string, lang: 'en' | 'fa' = 'en') {
  return analyze(md, { language: lang }).findings.filter((f) => f.code === 'wrong-step');
}

/** Right derivations (silent) and the same with one slip (caught on the named line). */
const TABLE: Array<[name: string, right: string, wrong: string, wrongLine: string]> = [
  [
    'a linear recurrence and its closed form',
    '$$g_t = m_t - g_{t-1}$$\n\n$$\\Rightarrow g_T = \\sum_{i=1}^T (-1)^{T-i} m_i + (-1)^T g_0$$\n',
    '$$g_t = m_t - g_{t-1}$$\n\n$$\\Rightarrow g_T = \\sum_{i=1}^T (-1)^i m_i + g_0$$\n',
    'g_T =',
  ],
  [
    'members of the recurrence written out, then the closed form (the shape of hw5-b)',
    '$$s_t = a_t - s_{t-1}$$\n\n$$s_1 = a_1 - s_0 \\quad s_2 = a_2 - a_1 + s_0 \\quad \\Rightarrow s_T = \\sum_{k=1}^T (-1)^{T-k} a_k + (-1)^T s_0$$\n',
    '$$s_t = a_t - s_{t-1}$$\n\n$$s_1 = a_1 - s_0 \\quad s_2 = a_2 - a_1 + s_0 \\quad \\Rightarrow s_T = \\sum_{k=1}^T (-1)^k a_k + s_0$$\n',
    's_T =',
  ],
  [
    'an output of the recurrence: the term stays inside σ',
    '$$g_t = m_t - g_{t-1}$$\n\n$$u = \\sigma(5 g_T) \\Rightarrow u_T = \\sigma\\left(5 \\sum_{i=1}^T (-1)^{T-i} m_i + 5(-1)^T g_0\\right)$$\n',
    '$$g_t = m_t - g_{t-1}$$\n\n$$u = \\sigma(5 g_T) \\Rightarrow u_T = \\sigma\\left(5 \\sum_{i=1}^T (-1)^{T-i} m_i\\right) + 5(-1)^T g_0$$\n',
    'u_T =',
  ],
  [
    'unrolling a recurrence two steps',
    '$$h_t = n_t - h_{t-1}$$\n\n$$\\Rightarrow h_t = n_t - n_{t-1} + h_{t-2} = n_t - n_{t-1} + n_{t-2} - h_{t-3}$$\n',
    '$$h_t = n_t - h_{t-1}$$\n\n$$\\Rightarrow h_t = n_t - n_{t-1} + h_{t-2} = n_t - n_{t-1} + n_{t-2} + h_{t-3}$$\n',
    'h_t = n_t - n_{t-1} + h_{t-2}',
  ],
  [
    'an LSTM cell substituted into its output',
    '$$c_t = f_t c_{t-1} + i_t g_t \\quad h_t = o_t \\tanh(c_t)$$\n\n$$\\Rightarrow h_t = o_t \\tanh(f_t c_{t-1} + i_t g_t)$$\n',
    '$$c_t = f_t c_{t-1} + i_t g_t \\quad h_t = o_t \\tanh(c_t)$$\n\n$$\\Rightarrow h_t = o_t \\tanh(f_t c_{t-1}) + i_t g_t$$\n',
    'h_t = o_t \\tanh(f_t c_{t-1})',
  ],
  [
    'layer-norm algebra: the variance as a difference of means',
    '$$\\mu = \\frac{1}{n} \\sum_{i=1}^n x_i$$\n\n$$v = \\frac{1}{n} \\sum_{i=1}^n (x_i - \\mu)^2 = \\frac{1}{n} \\sum_{i=1}^n x_i^2 - 2\\mu \\frac{1}{n}\\sum_{i=1}^n x_i + \\mu^2 = \\frac{1}{n} \\sum_{i=1}^n x_i^2 - \\mu^2$$\n',
    '$$\\mu = \\frac{1}{n} \\sum_{i=1}^n x_i$$\n\n$$v = \\frac{1}{n} \\sum_{i=1}^n (x_i - \\mu)^2 = \\frac{1}{n} \\sum_{i=1}^n x_i^2 - 2\\mu \\frac{1}{n}\\sum_{i=1}^n x_i + \\mu^2 = \\frac{1}{n} \\sum_{i=1}^n x_i^2 + \\mu^2$$\n',
    'v = ',
  ],
  [
    'the log-likelihood of a product',
    '$$\\ell = \\log \\prod_{i=1}^n p_i = \\sum_{i=1}^n \\log p_i$$\n',
    '$$\\ell = \\log \\prod_{i=1}^n p_i = \\prod_{i=1}^n \\log p_i$$\n',
    '\\ell =',
  ],
  [
    'the sigmoid and its derivative as products',
    '$$\\hat y = \\sigma(o)$$\n\n$$\\Rightarrow \\hat y (1 - \\hat y) = \\sigma(o) - \\sigma(o)^2 = \\sigma\'(o)$$\n',
    '$$\\hat y = \\sigma(o)$$\n\n$$\\Rightarrow \\hat y (1 - \\hat y) = \\sigma(o) - \\sigma(o)^2 = \\sigma\'(o)(1 - \\sigma(o))$$\n',
    '\\hat y (1 - \\hat y)',
  ],
  [
    'the tanh derivative',
    '$$a = \\tanh(z)$$\n\n$$\\Rightarrow \\tanh\'(z) = 1 - a^2 = (1 - a)(1 + a)$$\n',
    '$$a = \\tanh(z)$$\n\n$$\\Rightarrow \\tanh\'(z) = 1 - a^2 = (1 - a)^2$$\n',
    "\\tanh'(z)",
  ],
  [
    // w_h, u_z: h and z name recurrences of the document, so their letters under w and u are labels, not
    // step numbers (before, h read as an index beside h_{t-1} left every step of a GRU unjudged)
    'a scalar GRU: gate weights labelled by the sequences they feed',
    '$$z_t = \\sigma(w_z x_t + u_z h_{t-1})$$\n\n$$\\tilde h_t = \\tanh(w_h x_t + u_h h_{t-1})$$\n\n$$h_t = (1 - z_t) h_{t-1} + z_t \\tilde h_t$$\n\n$$\\frac{\\partial h_t}{\\partial z_t} = -h_{t-1} + \\tilde h_t = \\tilde h_t - h_{t-1}$$\n',
    '$$z_t = \\sigma(w_z x_t + u_z h_{t-1})$$\n\n$$\\tilde h_t = \\tanh(w_h x_t + u_h h_{t-1})$$\n\n$$h_t = (1 - z_t) h_{t-1} + z_t \\tilde h_t$$\n\n$$\\frac{\\partial h_t}{\\partial z_t} = -h_{t-1} + \\tilde h_t = h_{t-1} - \\tilde h_t$$\n',
    '= h_{t-1} - \\tilde h_t',
  ],
  [
    'an LSTM cell: W_f, U_f labelled by the forget gate',
    '$$i_t = \\sigma(W_i x_t + U_i h_{t-1})$$\n\n$$f_t = \\sigma(W_f x_t + U_f h_{t-1})$$\n\n$$c_t = f_t c_{t-1} + i_t g_t$$\n\n$$h_t = o_t \\tanh(c_t)$$\n\n$$\\frac{\\partial c_t}{\\partial f_t} = c_{t-1}$$\n',
    '$$i_t = \\sigma(W_i x_t + U_i h_{t-1})$$\n\n$$f_t = \\sigma(W_f x_t + U_f h_{t-1})$$\n\n$$c_t = f_t c_{t-1} + i_t g_t$$\n\n$$h_t = o_t \\tanh(c_t)$$\n\n$$\\frac{\\partial c_t}{\\partial f_t} = c_t$$\n',
    '\\frac{\\partial c_t}{\\partial f_t} = c_t$$',
  ],
  [
    // i is the input gate and a Σ index in the same answer: under the Σ (and everywhere) it stays an index
    'an LSTM answer that also sums over i: x_i is an entry, not a label',
    '$$i_t = \\sigma(W_i x_t + U_i h_{t-1})$$\n\n$$f_t = \\sigma(W_f x_t + U_f h_{t-1})$$\n\n$$c_t = f_t c_{t-1} + i_t g_t$$\n\n$$h_t = o_t \\tanh(c_t)$$\n\n$$s = \\sum_{i=1}^{3} W_i x_i \\Rightarrow s = W_1 x_1 + W_2 x_2 + W_3 x_3$$\n',
    '$$i_t = \\sigma(W_i x_t + U_i h_{t-1})$$\n\n$$f_t = \\sigma(W_f x_t + U_f h_{t-1})$$\n\n$$c_t = f_t c_{t-1} + i_t g_t$$\n\n$$h_t = o_t \\tanh(c_t)$$\n\n$$s = \\sum_{i=1}^{3} W_i x_i \\Rightarrow s = W_1 x_1 + W_2 x_2$$\n',
    's = W_1 x_1 + W_2 x_2$$',
  ],
  [
    // the parser drops the leading =; it joins the line to the previous formula's last expression again
    // (before, no `$$= …$$` line was ever judged)
    'a step on its own line, starting with =',
    '$$L = x^2 y$$\n\n$$\\frac{\\partial L}{\\partial x} = 2 x y$$\n\n$$= x y + x y$$\n',
    '$$L = x^2 y$$\n\n$$\\frac{\\partial L}{\\partial x} = 2 x y$$\n\n$$= 3 x y$$\n',
    '= 3 x y',
  ],
];

describe('symbolic steps: right derivations are silent, one slip is caught', () => {
  for (const [name, right, wrong, wrongLine] of TABLE) {
    test(name, () => {
      assert.deepEqual(steps(right).map((f) => f.message), [], 'the right derivation is silent');
      const found = steps(wrong);
      assert.equal(found.length, 1, `one wrong step in ${JSON.stringify(wrong)}: ${found.map((f) => f.message).join(' | ')}`);
      assert.equal(found[0].line, lineOf(wrong, wrongLine));
      assert.equal(found[0].severity, 'warning');
      const ce = found[0].counterexample!;
      assert.ok(Math.abs(ce.left - ce.right) > 1e-6, 'the counterexample really differs');
      assert.ok(Object.keys(ce.values).length > 0);
    });
  }
});

// A closed form with (-1)^k for (-1)^{T-k} agrees with the recurrence at every even T and differs at
// every odd one: a step is let go as holding only once each integer it drew was odd and even, so the
// slip is caught whatever the letters (each text draws other points), and the right form stays silent.
describe('symbolic steps: a closed form wrong only at odd T', () => {
  const letters = [['s', 'a'], ['g', 'm'], ['u', 'v'], ['p', 'q'], ['c', 'd'], ['r', 'b'], ['e', 'f'], ['w', 'z'], ['y', 'n'], ['l', 'k']];
  for (const [h, x] of letters) {
    const rec = `$$${h}_t = ${x}_t - ${h}_{t-1}$$\n\n`;
    test(`${h}_t = ${x}_t - ${h}_{t-1}`, () => {
      const right = steps(`${rec}$$\\Rightarrow ${h}_T = \\sum_{i=1}^T (-1)^{T-i} ${x}_i + (-1)^T ${h}_0$$\n`);
      assert.deepEqual(right.map((f) => f.message), []);
      const wrong = steps(`${rec}$$\\Rightarrow ${h}_T = \\sum_{i=1}^T (-1)^i ${x}_i + ${h}_0$$\n`);
      assert.equal(wrong.length, 1, `the slip with ${h} and ${x} is caught`);
      // the counterexample is at an odd T
      assert.equal(wrong[0].counterexample!.values.T % 2, 1);
    });
  }
});

// A recurrence whose start the document never writes starts at 0 (optimizer states, hidden states):
// its closed form without the start holds; a wrong closed form is still caught, and once the document
// writes the start (h_0 anywhere) leaving it out is a slip.
twinTable('symbolic steps: the start of a recurrence', [
  [
    'a momentum sum with v_0 never written',
    '$$v_t = \\mu v_{t-1} + g_t \\Rightarrow v_t = \\sum_{k=1}^{t} \\mu^{t-k} g_k$$\n',
    '$$v_t = \\mu v_{t-1} + g_t \\Rightarrow v_t = \\sum_{k=1}^{t} \\mu^{k} g_k$$\n',
    'v_t = \\sum',
  ],
  [
    'the start written: leaving it out is a slip',
    'Start from $v_0$.\n\n$$v_t = \\mu v_{t-1} + g_t \\Rightarrow v_t = \\sum_{k=1}^{t} \\mu^{t-k} g_k + \\mu^t v_0$$\n',
    'Start from $v_0$.\n\n$$v_t = \\mu v_{t-1} + g_t \\Rightarrow v_t = \\sum_{k=1}^{t} \\mu^{t-k} g_k$$\n',
    'v_t = \\sum',
  ],
]);

// An aligned derivation: a wrong row is shown on its own line (not on the row before it, which is right),
// and the row after it is not reported again when it comes back to what the chain had before the slip.
describe('symbolic steps: rows of an aligned derivation', () => {
  const rows = (r2: string, r3: string) => `$$\\begin{aligned}\nq &= (a + b)^2 \\\\\n&= ${r2} \\\\\n&= ${r3}\n\\end{aligned}$$\n`;
  const lineOfFinding = (md: string, f: { range: { start: number } }) => md.slice(0, f.range.start).split('\n').length;
  test('a slip on the second row, the third row right again: one finding, on the second row', () => {
    const md = rows('a^2 + a \\cdot b + b^2', 'a^2 + 2 a \\cdot b + b^2');
    const fs = steps(md);
    assert.equal(fs.length, 1, fs.map((f) => f.message).join('\n'));
    assert.equal(lineOfFinding(md, fs[0]), 3);
  });
  test('the slip carried into the third row: one finding, on the second row', () => {
    const md = rows('a^2 + a \\cdot b + b^2', 'b^2 + a \\cdot b + a^2');
    const fs = steps(md);
    assert.equal(fs.length, 1, fs.map((f) => f.message).join('\n'));
    assert.equal(lineOfFinding(md, fs[0]), 3);
  });
  test('two slips of their own: two findings, each on its row', () => {
    const md = rows('a^2 + a \\cdot b + b^2', 'a^2 + 3 a \\cdot b + b^2');
    const fs = steps(md);
    assert.deepEqual(fs.map((f) => lineOfFinding(md, f)), [3, 4]);
  });
  test('all rows right: silent', () => assert.deepEqual(steps(rows('a^2 + 2 a \\cdot b + b^2', 'b^2 + 2 a \\cdot b + a^2')), []));
});

describe('symbolic steps: never judged', () => {
  test('a line starting with = below a line found wrong: it follows from the right expression, the slip is shown once', () => {
    const found = steps('$$L = x^2 y$$\n\n$$\\frac{\\partial L}{\\partial x} = 2 x y$$\n\n$$= 3 x y$$\n\n$$= x y + x y$$\n');
    assert.deepEqual(found.map((f) => f.line), [5]);
  });
  test('a line starting with = after words between it and the formula above: what it continues is not guessed', () => {
    assert.deepEqual(steps('$$a = 2x + 2x$$\n\nDifferentiating:\n\n$$= 5x$$\n'), []);
  });
  const silent: Array<[string, string]> = [
    ['a definition', '$$z_t = W h_{t-1} + U x_t$$'],
    ['an equation to solve (a constant side)', '$$\\sigma(z) = \\frac{1}{2}$$\n\n$$x^2 - 3x + 2 = 0$$'],
    ['solving after ⇒', '$$\\sigma\'(z) - 2\\sigma\'(z)\\sigma(z) = 0 \\Rightarrow 1 - 2\\sigma(z) = 0 \\Rightarrow \\sigma(z) = \\frac{1}{2}$$'],
    ['approximately', '$$a = b + c \\Rightarrow a \\approx b$$'],
    ['an inequality', '$$a = b + c \\Rightarrow a \\leq b + 2c$$'],
    ['a line with dots', '$$h_t = n_t - h_{t-1}$$\n\n$$\\Rightarrow h_t = n_t - n_{t-1} + \\dots - n_1 + h_0$$'],
    ['a restated name without ⇒ is a new definition', '$$h_t = \\tanh(W h_{t-1})$$\n\nLater, another model:\n\n$$h_t = \\sigma(U h_{t-1} + x_t)$$'],
    ['a function or a product: p(x)', '$$q = a + b \\Rightarrow p(x) q = p(x) a$$'],
    ['letters run together', '$$2ax = (a + a)x = 3ax$$'],
    ['sides related by something unwritten', '$$q = \\mu \\Rightarrow \\frac{\\mu^2}{2 s^2} + \\log s = \\frac{\\eta_1^2}{4\\eta_2} - \\frac{1}{2}\\log(2\\eta_2)$$'],
    ['a vector of ones', '$$\\mathbf{1}^\\top \\mathbf{1} = n = n + 0$$'],
    ['a vector and its entries', '$$\\mathbf{x}^\\top \\mathbf{y} = \\sum_{i=1}^d x_i y_i = \\sum_{i=1}^d y_i x_i$$'],
    ['labels summed are a distribution (Σ y = 1)', '$$J = \\sum_{j=1}^q y_j \\log\\left(\\sum_{k=1}^q \\exp(o_k)\\right) - \\sum_{j=1}^q y_j o_j = \\log \\sum_{k=1}^q \\exp(o_k) - \\sum_{j=1}^q y_j o_j$$'],
  ];
  for (const [name, md] of silent) {
    test(name, () => assert.deepEqual(steps(md).map((f) => f.message), []));
  }
});

// A known name written again without ⇒: its first step decides whether it restates the name (the rest of
// the chain judged with the old meaning) or defines it anew (judged with the new one).
twinTable('symbolic steps: a name written again', [
  [
    'a new definition: the rest of its chain is judged with it',
    '$$h_t = \\tanh(W h_{t-1})$$\n\nLater, another model:\n\n$$h_t = \\sigma(U h_{t-1} + x_t) = \\sigma(x_t + U h_{t-1})$$\n',
    '$$h_t = \\tanh(W h_{t-1})$$\n\nLater, another model:\n\n$$h_t = \\sigma(U h_{t-1} + x_t) = \\sigma(x_t - U h_{t-1})$$\n',
    '\\sigma(x_t - U h_{t-1})',
  ],
  [
    'a restatement that holds: the rest of its chain is judged with the old meaning',
    '$$z = a b + c$$\n\nAs before:\n\n$$z = c + a b = c + b a$$\n',
    '$$z = a b + c$$\n\nAs before:\n\n$$z = c + a b = c - b a$$\n',
    'c - b a',
  ],
]);

// `i` alone may be the imaginary unit, so it is never guessed; in a subscript it is the index letter
twinTable('symbolic steps: i in a subscript is an index', [
  [
    'inverted dropout: the expectation of one unit',
    '$$\\mathbb{E}[\\tilde h_i] = \\frac{p \\cdot h_i + (1 - p) \\cdot 0}{p} = h_i$$\n',
    '$$\\mathbb{E}[\\tilde h_i] = \\frac{p \\cdot h_i + (1 - p) \\cdot 0}{p} = p h_i$$\n',
    'p h_i',
  ],
  [
    'a variance with an indexed name',
    '$$V = \\frac{h_i^2 p(1 - p)}{p^2} = h_i^2 \\frac{1 - p}{p}$$\n',
    '$$V = \\frac{h_i^2 p(1 - p)}{p^2} = h_i^2 \\frac{1 - p}{p^2}$$\n',
    'V = ',
  ],
]);

twinTable('symbolic steps: SiLU (Swish) is x σ(x), as the evaluator reads it', [
  [
    'its derivative written back with silu',
    '$$\\frac{d}{dx}\\operatorname{silu}(x) = \\sigma(x) + x\\sigma(x)(1 - \\sigma(x)) = \\sigma(x) + \\operatorname{silu}(x)(1 - \\sigma(x))$$\n',
    '$$\\frac{d}{dx}\\operatorname{silu}(x) = \\sigma(x) + x\\sigma(x)(1 - \\sigma(x)) = \\sigma(x) + \\operatorname{silu}(x)\\sigma(x)$$\n',
    '\\frac{d}{dx}',
  ],
  [
    'the derivative itself',
    '$$y = \\frac{d}{dx}\\mathrm{swish}(x) = \\sigma(x)\\left(1 + x(1 - \\sigma(x))\\right)$$\n',
    '$$y = \\frac{d}{dx}\\mathrm{swish}(x) = \\sigma(x)\\left(1 - x(1 - \\sigma(x))\\right)$$\n',
    '\\frac{d}{dx}',
  ],
]);

describe('symbolic steps: i outside a subscript is not guessed', () => {
  test("Euler's formula is left alone", () => assert.deepEqual(steps('$$z = e^{i t} = \\cos t + i \\sin t = \\cos t - i \\sin t$$\n').map((f) => f.message), []));
});

describe('symbolic steps: the finding', () => {
  const md = '$$g_t = m_t - g_{t-1}$$\n\n$$\\Rightarrow g_T = \\sum_{i=1}^T (-1)^i m_i + g_0$$\n';
  test('counterexample values, message with them, related information to the recurrence', () => {
    const [f] = steps(md);
    const ce = f.counterexample!;
    assert.ok('T' in ce.values && 'g_0' in ce.values, JSON.stringify(ce.values));
    assert.match(f.message, /^This step does not hold: g_T ≠ .* at .*T = \d/);
    assert.ok(f.message.includes('left ') && f.message.includes('right '));
    assert.equal(f.related?.length, 1);
    assert.equal(md.slice(f.related![0].range.start, f.related![0].range.end), 'g_t = m_t - g_{t-1}');
    assert.equal(md.slice(f.range.start, f.range.end), 'g_T = \\sum_{i=1}^T (-1)^i m_i + g_0');
  });
  test('deterministic: the same counterexample every time', () => {
    assert.deepEqual(steps(md)[0].counterexample, steps(md)[0].counterexample);
  });
  test('Persian message', () => {
    const [f] = steps(md, 'fa');
    assert.match(stripIsolates(f.message), /^این گام برقرار نیست/);
  });
  test('dlmath check --json carries the counterexample', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dlmath-sym-'));
    try {
      const file = path.join(dir, 'a.md');
      writeFileSync(file, md);
      let out = '';
      const code = await runCli(['check', file, '--json'], { stdout: (s) => (out += s), stderr: () => {} });
      assert.equal(code, 0, 'a warning does not fail the check');
      const json = JSON.parse(out);
      const f = json.files[0].findings.find((x: { code: string }) => x.code === 'wrong-step');
      assert.equal(f.severity, 'warning');
      assert.equal(f.line, 3);
      assert.equal(typeof f.counterexample.left, 'number');
      assert.equal(typeof f.counterexample.right, 'number');
      assert.equal(typeof f.counterexample.values.T, 'number');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('symbolic steps on the shared hw5 answers', () => {
  const present = existsSync(path.join(SHARED_EXAMPLES, 'answer-hw5-b.md'));
  test('hw5-b: the wrong closed form and the 10h_0 outside σ, nothing else', { skip: present ? false : `../shared is absent (${SHARED_EXAMPLES})` }, () => {
    const text = readExample('answer-hw5-b.md');
    const found = steps(text);
    assert.deepEqual(
      found.map((f) => f.line),
      [lineOf(text, '\\Rightarrow h_T = \\sum_{i=1}^T (-1)^i n_i + h_0'), lineOf(text, 'y_T = \\sigma\\left(10 \\sum')],
    );
    assert.deepEqual(steps(readExample('answer-hw5-a.md')), []);
  });
});
