// Recognising recurrences as students write them, finding the one a cursor refers to, reading
// targets, and spotting the σ'(z)(1−σ'(z)) slip — table-driven from real answers (hw5-b).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  BpttTarget,
  findAllRecurrences,
  findRecurrence,
  findSigmaPrimeSlips,
  findSigmaPrimeSlipsInDocument,
  parseBpttTarget,
  parseRecurrence,
  Recurrence,
  recurrenceLatex,
} from '../../../src/core/bptt';
import { analyzeDocument } from '../../../src/core/document/analysis';

/** An excerpt of a real answer (shared/examples/answer-hw5-b.md), verbatim: the BPTT questions. */
const HW5B = "$$h_t = n_t - h_{t-1}$$\n\n$$h_{t-1} = n_{t-1} - h_{t-2}$$\n\n⋮\n\n$$h_1 = n_1 - h_0$$\n\n$$\\Rightarrow h_t = n_t - n_{t-1} + h_{t-2} = n_t - n_{t-1} + n_{t-2} - h_{t-3}$$\n\n$$\\Rightarrow h_t = n_t - n_{t-1} + n_{t-2} - \\dots - n_1 + h_0$$\n\n$$h_1 = n_1 - h_0 \\quad h_2 = n_2 - n_1 + h_0 \\quad \\Rightarrow h_T = \\sum_{i=1}^T (-1)^i n_i + h_0$$\n\nاز نوع\n\n$$y = \\sigma(10h_T) \\Rightarrow y_T = \\sigma\\left(10 \\sum_{i=1}^T (-1)^i n_i\\right) + 10h_0$$\n\nسوال ۲: (۱) ابعاد بسیار بالا: هر کلمه باید بردار به طول هم حکایت حسیان داده شود پس حافظه زیار\n\nاستیج است و سرعت محاسبات پایین می آید.\n\n(۲) آنکه یک کلمه اضافه شود باید ابعاد تمام بردارها را تغییر داد.\n\n \n(۳) در one-hot ارتباط معنای کلمات در نظر گرفته می شود مثلا کلمه queen با king\n\nمعنای فاملا متفاوتی خواهند داشت. به عنوانی که شبیه مناسب است که کلمات در فضای نزدیک\n\nفاصله کمی داشته باشند اما در one-hot رعایت نمی شود\n\n(۴) sparse است و مار کردن با داده های sparse در شبیه سازی است.\n\nالف)\n\n\n\n$$h_{t+1} = \\sigma(z) \\quad z = Ux_{t+1} + Wh_t$$\n\n$$\\frac{\\partial \\mathcal{L}}{\\partial h_t} = \\frac{\\partial \\mathcal{L}}{\\partial h_{t+1}} \\times \\frac{\\partial h_{t+1}}{\\partial h_t} \\quad \\frac{\\partial h_{t+1}}{\\partial h_t} = \\frac{\\partial h_{t+1}}{\\partial z_{t+1}} \\times \\frac{\\partial z_{t+1}}{\\partial h_t}$$\n\n$$\\Rightarrow \\frac{\\partial h_{t+1}}{\\partial h_t} = \\sigma'(Ux_{t+1} + Wh_t) (1 - \\sigma'(Ux_{t+1} + Wh_t)) \\times W$$\n\n$$\\Rightarrow \\frac{\\partial \\mathcal{L}}{\\partial h_t} = \\frac{\\partial \\mathcal{L}}{\\partial h_{t+1}} \\times \\underbrace{\\sigma'(Ux_{t+1} + Wh_t)}_{z_{t+1}} \\underbrace{(1 - \\sigma'(Ux_{t+1} + Wh_t))}_{z_{t+1}} \\times W$$\n\nب.\n\n$$\\frac{\\partial \\mathcal{L}}{\\partial h_0} = \\frac{\\partial \\mathcal{L}}{\\partial h_1} \\times \\sigma'(z_1) (1 - \\sigma'(z_1)) \\times W$$\n\n$$= \\frac{\\partial \\mathcal{L}}{\\partial h_2} \\times \\sigma'(z_2) (1 - \\sigma'(z_2)) \\sigma'(z_1) (1 - \\sigma'(z_1)) W^2$$\n\n$$= \\frac{\\partial \\mathcal{L}}{\\partial h_T} \\times \\prod_{i=1}^T \\sigma'(z_i) (1 - \\sigma'(z_i)) W^T$$\n\n$$= \\frac{\\partial \\mathcal{L}}{\\partial h_T} \\times \\prod_{i=1}^T \\sigma'(Ux_i + Wh_{i-1}) (1 - \\sigma'(Ux_i + Wh_{i-1})) W^T$$\n\n(آ) برای به دست آوردن حد بالا برای  $\\frac{\\partial \\mathcal{L}}{\\partial h_0}$\n\n$$\\max \\left| \\frac{\\partial \\mathcal{L}}{\\partial h_0} \\right|$$\n\n$$\\max \\sigma(z) (1 - \\sigma(z))$$\n\n$$0 \\leq \\sigma(z) \\leq 1$$\n\n$$\\sigma'(z) (1 - \\sigma(z)) + \\sigma(z) - \\sigma(z)'$$\n\n$$\\sigma'(z) - 2\\sigma'(z)\\sigma(z) = 0 \\Rightarrow 1 - 2\\sigma(z) = 0 \\Rightarrow \\sigma(z) = \\frac{1}{2}$$\n\n$$\\Rightarrow \\max \\sigma(z) (1 - \\sigma(z)) = \\frac{1}{4}$$\n\n$$\\left| \\frac{\\partial \\mathcal{L}}{\\partial h_0} \\right| \\leq \\left| \\frac{\\partial \\mathcal{L}}{\\partial h_T} \\right| \\times \\frac{1}{4}^T |W|^T = \\frac{\\partial \\mathcal{L}}{\\partial h_T} \\left( \\frac{|W|}{4} \\right)^T$$\n\ngradient exploding  $\\rightarrow \\left| \\frac{W}{4} \\right| < 1 \\Rightarrow |W| \\leq 4$\n\n(ب)\n\n$$z_{t+2} = Ux_{t+2} + Wh_{t+1} + Mh_t \\quad h_{t+2} = \\sigma(z_{t+2})$$\n\n$$z_{t+1} = Ux_{t+1} + Wh_t + Mh_{t-1} \\quad h_{t+1} = \\sigma(z_{t+1})$$\n\n$$\\frac{\\partial \\mathcal{L}}{\\partial h_t} = \\frac{\\partial \\mathcal{L}}{\\partial z_{t+2}} \\times \\frac{\\partial h_{t+2}}{\\partial h_t} + \\frac{\\partial \\mathcal{L}}{\\partial z_{t+1}} \\times \\frac{\\partial h_{t+1}}{\\partial h_t}$$\n\n$$\\frac{\\partial h_{t+2}}{\\partial h_t} = \\sigma(z_{t+2})(1 - \\sigma(z_{t+2}))M \\quad \\frac{\\partial h_{t+1}}{\\partial h_t} = \\sigma(z_{t+1})(1 - \\sigma(z_{t+1}))W$$\n\n$$\\Rightarrow \\frac{\\partial \\mathcal{L}}{\\partial h_t} = \\frac{\\partial \\mathcal{L}}{\\partial z_{t+2}} \\times \\sigma(z_{t+2})(1 - \\sigma(z_{t+2}))M + \\frac{\\partial \\mathcal{L}}{\\partial z_{t+1}} \\times \\sigma(z_{t+1})(1 - \\sigma(z_{t+1}))W$$\n\n$$\\frac{\\partial \\mathcal{L}}{\\partial h_{t+1}} = \\frac{\\partial \\mathcal{L}}{\\partial z_{t+2}} \\times \\sigma(z_{t+2})(1 - \\sigma(z_{t+2})) \\times W$$\n\n$$\\Rightarrow \\frac{\\partial \\mathcal{L}}{\\partial h_t} = \\frac{\\partial \\mathcal{L}}{\\partial z_{t+2}} \\sigma(z_{t+2})(1 - \\sigma(z_{t+2}))M + \\frac{\\partial \\mathcal{L}}{\\partial z_{t+2}} \\sigma(z_{t+2})(1 - \\sigma(z_{t+2}))W^2$$\n\ngradient ممکن است رخ داده اما  $\\sigma(z_{t+1})(1 - \\sigma(z_{t+1}))W^2$   $\\downarrow$   \n vanishing  $\\downarrow$   \n به مسیر جابجایی وجود دارد.\n\n";

/** The recurrence in a compact form: activation, then `coef*weight*var` terms. */
function summary(r: Recurrence): string {
  const v = { W: `${r.state}[-1]`, M: `${r.state}[-2]`, U: r.input, b: '1' };
  const terms = r.terms.map((t) => `${t.coef}*${t.weight ?? '-'}*${v[t.role]}`).join(' + ');
  return `${r.activation.kind}: ${terms}`;
}

describe('parseRecurrence: what students write', () => {
  const cases: Array<[string, string]> = [
    ['h_t = \\sigma(W h_{t-1} + U x_t + b)', 'sigma: 1*W*h[-1] + 1*U*x + 1*b*1'],
    ['h_t = \\tanh(W_{hh} h_{t-1} + W_{hx} x_t)', 'tanh: 1*W_{hh}*h[-1] + 1*W_{hx}*x'],
    ['h_t = \\tanh(W_{hh} h_{t-1} + W_{xh} x_t + b_h)', 'tanh: 1*W_{hh}*h[-1] + 1*W_{xh}*x + 1*b_{h}*1'],
    ['h_t = \\tanh(W_h h_{t-1} + W_x x_t + b)', 'tanh: 1*W_{h}*h[-1] + 1*W_{x}*x + 1*b*1'],
    // hw5-b سوال ۱: linear, the input called n_t, coefficient −1.
    ['h_t = n_t - h_{t-1}', 'identity: 1*-*n + -1*-*h[-1]'],
    ['h_{t-1} = n_{t-1} - h_{t-2}', 'identity: 1*-*n + -1*-*h[-1]'],
    ['h_t = x_t - h_{t-1}', 'identity: 1*-*x + -1*-*h[-1]'],
    // hw5-b (الف): two-line form on one line, index shifted to t+1, z without index.
    ['h_{t+1} = \\sigma(z) \\quad z = Ux_{t+1} + Wh_t', 'sigma: 1*U*x + 1*W*h[-1]'],
    // hw5-b (ب): the skip term written as M h_t in z_{t+2}.
    ['z_{t+2} = Ux_{t+2} + Wh_{t+1} + Mh_t \\quad h_{t+2} = \\sigma(z_{t+2})', 'sigma: 1*U*x + 1*W*h[-1] + 1*M*h[-2]'],
    ['z_{t+1} = Ux_{t+1} + Wh_t + Mh_{t-1} \\quad h_{t+1} = \\sigma(z_{t+1})', 'sigma: 1*U*x + 1*W*h[-1] + 1*M*h[-2]'],
    ['h_t = \\sigma(W h_{t-1} + M h_{t-2} + U x_t + b)', 'sigma: 1*W*h[-1] + 1*M*h[-2] + 1*U*x + 1*b*1'],
    ['z_t = W h_{t-1} + U x_t + b, \\quad h_t = \\psi(z_t)', 'generic: 1*W*h[-1] + 1*U*x + 1*b*1'],
    ['h_t = \\psi(z_t) \\\\ z_t = W h_{t-1} + U x_t', 'generic: 1*W*h[-1] + 1*U*x'],
    ['h_t = \\mathrm{ReLU}\\left( W h_{t-1} + U x_t + b_h \\right)', 'relu: 1*W*h[-1] + 1*U*x + 1*b_{h}*1'],
    ['h_t = \\operatorname{ReLU}(Wh_{t-1} + Ux_t)', 'relu: 1*W*h[-1] + 1*U*x'],
    ['h_t = \\text{ReLU}(W h_{t-1} + U x_t)', 'relu: 1*W*h[-1] + 1*U*x'],
    ['h_t = \\max(0, W h_{t-1} + U x_t)', 'relu: 1*W*h[-1] + 1*U*x'],
    ['h_t = \\sigma\\left(W \\cdot h_{t-1} + U \\cdot x_{t}\\right)', 'sigma: 1*W*h[-1] + 1*U*x'],
    ['\\mathbf{h}_t = \\tanh(\\mathbf{W}\\mathbf{h}_{t-1} + \\mathbf{U}\\mathbf{x}_t + \\mathbf{b})', 'tanh: 1*\\mathbf{W}*\\mathbf{h}[-1] + 1*\\mathbf{U}*\\mathbf{x} + 1*\\mathbf{b}*1'],
    ['h^{(t)} = \\tanh(W h^{(t-1)} + U x^{(t)} + b)', 'tanh: 1*W*h[-1] + 1*U*x + 1*b*1'],
    ['s_t = \\tanh(W s_{t-1} - 0.5 U x_t + b)', 'tanh: 1*W*s[-1] + -0.5*U*x + 1*b*1'],
    ['h_t = \\tanh(W h_{t-1} + (U x_t + b))', 'tanh: 1*W*h[-1] + 1*U*x + 1*b*1'],
    ['h_t = \\sigma(-W h_{t-1} - \\frac{1}{2} x_t)', 'sigma: -1*W*h[-1] + -0.5*-*x'],
    ['h_t = 0.5 h_{t-1} + x_t', 'identity: 0.5*-*h[-1] + 1*-*x'],
    ['h_t = W h_{t-1} + U x_t + b', 'identity: 1*W*h[-1] + 1*U*x + 1*b*1'],
    ['h_k = \\tanh(W h_{k-1} + U x_k)', 'tanh: 1*W*h[-1] + 1*U*x'],
    ['h_t = \\tanh(W h_{t - 1} + U x_{t})', 'tanh: 1*W*h[-1] + 1*U*x'],
    ['h_t = \\sigma(w h_{t-1} + u x_t + 1)', 'sigma: 1*w*h[-1] + 1*u*x + 1*-*1'],
    ['h_t = σ(W h_{t−1} + U x_t)', 'sigma: 1*W*h[-1] + 1*U*x'],
  ];
  for (const [latex, expected] of cases) {
    test(latex, () => {
      const r = parseRecurrence(latex);
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.equal(summary(r.recurrence), expected);
    });
  }

  test('the two-line form finds z_t in a neighbouring formula', () => {
    const r = parseRecurrence('h_t = \\tanh(z_t)', ['z_t = W h_{t-1} + U x_t + b']);
    assert.ok(r.ok);
    assert.equal(recurrenceLatex(r.recurrence), 'h_{t} = \\tanh\\left(W h_{t-1} + U x_{t} + b\\right)');
  });
});

describe('parseRecurrence: what is not a recurrence says why', () => {
  const cases: Array<[string, RegExp]> = [
    ['h_1 = n_1 - h_0', /indexed state such as h_t/],
    ['y_t = W_{yh} h_t', /does not depend on y_\{t-1\}/],
    ['J_t = -\\sum_i y_{t,i} \\log \\hat{y}_{t,i}', /not a recurrence/],
    // hw5-b: h_t on both sides (a typo for h_{t-1}).
    ['n_t = g(w_1 n_t + w_2 h_{t-1} + b_2)', /appears on both sides/],
    ['\\Rightarrow h_t = n_t - n_{t-1} + h_{t-2} = n_t - n_{t-1} + n_{t-2} - h_{t-3}', /same step/],
    ['h_t = \\tanh(W [h_{t-1}, x_t] + b)', /concatenation/],
    ['h_t = \\tanh(W h_{t-1}) + b', /terms outside/],
    ['h_t = \\tanh(W h_{t-1} + V h_{t-1})', /two terms with h_\{t-1\}/],
    ['h_t = \\sigma(z_t)', /z_\{?t\}? is not defined/],
    ['h_t = \\tanh(A B h_{t-1})', /two weights/],
    ['', /no equation/],
  ];
  for (const [latex, re] of cases) {
    test(latex || '(empty)', () => {
      const r = parseRecurrence(latex);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error, re);
    });
  }
});

describe('findRecurrence: the nearest recurrence on or above the cursor', () => {
  const doc = [
    'Question 1',
    '',
    '$$h_t = \\tanh(W h_{t-1} + U x_t)$$',
    '',
    'The output is $y_t = V h_t$ and the loss $J_t = -\\sum_i y_{t,i} \\log \\hat{y}_{t,i}$.',
    '',
    'Question 2: with a skip connection',
    '',
    '$$z_t = W h_{t-1} + M h_{t-2} + U x_t$$',
    '',
    '$$h_t = \\sigma(z_t)$$',
    '',
    'Derive here.',
  ].join('\n');

  test('below the first recurrence, above the second', () => {
    const at = doc.indexOf('The output');
    const f = findRecurrence(doc, at);
    assert.ok(f);
    assert.equal(f.recurrence.activation.kind, 'tanh');
    assert.equal(doc.slice(f.range.start, f.range.end), '$$h_t = \\tanh(W h_{t-1} + U x_t)$$');
  });

  test('below the two-line form: z_t from the formula above', () => {
    const f = findRecurrence(doc, doc.indexOf('Derive here'));
    assert.ok(f);
    assert.equal(f.recurrence.activation.kind, 'sigma');
    assert.deepEqual(f.recurrence.terms.map((t) => t.role), ['W', 'M', 'U']);
    assert.equal(f.latex, 'h_t = \\sigma(z_t)');
  });

  test('the cursor inside a formula counts as on it', () => {
    const at = doc.indexOf('\\tanh') + 2;
    assert.equal(findRecurrence(doc, at)?.recurrence.activation.kind, 'tanh');
  });

  test('nothing above the cursor', () => {
    assert.equal(findRecurrence(doc, 3), undefined);
  });

  test('hw5-b: the recurrences in a real answer', () => {
    const text = HW5B;
    const all = findAllRecurrences(text);
    assert.deepEqual(
      all.map((f) => f.latex),
      [
        'h_t = n_t - h_{t-1}',
        'h_{t-1} = n_{t-1} - h_{t-2}',
        'h_{t+1} = \\sigma(z) \\quad z = Ux_{t+1} + Wh_t',
        'z_{t+2} = Ux_{t+2} + Wh_{t+1} + Mh_t \\quad h_{t+2} = \\sigma(z_{t+2})',
        'z_{t+1} = Ux_{t+1} + Wh_t + Mh_{t-1} \\quad h_{t+1} = \\sigma(z_{t+1})',
      ],
    );
    // Part ب (deriving ∂L/∂h_0) sits below part الف's recurrence.
    assert.equal(findRecurrence(text, text.indexOf('ب.'))?.latex, 'h_{t+1} = \\sigma(z) \\quad z = Ux_{t+1} + Wh_t');
  });
});

describe('parseBpttTarget', () => {
  const rec = (s: string) => {
    const r = parseRecurrence(s);
    assert.ok(r.ok);
    return r.recurrence;
  };
  const plain = rec('h_t = \\tanh(W h_{t-1} + M h_{t-2} + U x_t + b)');
  const student = rec('h_t = \\tanh(W_{hh} h_{t-1} + W_{hx} x_t + b_h)');
  const swapped = rec('h_t = \\tanh(U h_{t-1} + W x_t)');
  const cases: Array<[Recurrence, string, BpttTarget]> = [
    [plain, 'h_0', { kind: 'state', k: 0 }],
    [plain, 'h0', { kind: 'state', k: 0 }],
    [plain, 'h_{2}', { kind: 'state', k: 2 }],
    [plain, 'h_k', { kind: 'state', k: 'k' }],
    [plain, 'h_T', { kind: 'state', k: 5 }],
    [plain, 'dL/dh_0', { kind: 'state', k: 0 }],
    [plain, '\\frac{\\partial L}{\\partial h_1}', { kind: 'state', k: 1 }],
    [plain, 'W', { kind: 'param', role: 'W' }],
    [plain, 'M', { kind: 'param', role: 'M' }],
    [plain, 'dL/dU', { kind: 'param', role: 'U' }],
    [plain, 'b', { kind: 'param', role: 'b' }],
    [plain, 'h_T/h_0', { kind: 'jacobian', t: 'T', k: 0 }],
    [plain, 'dh_t/dh_k', { kind: 'jacobian', t: 't', k: 'k' }],
    [plain, '\\partial h_3/\\partial h_1', { kind: 'jacobian', t: 3, k: 1 }],
    [student, 'W_hh', { kind: 'param', role: 'W' }],
    [student, 'W_{hx}', { kind: 'param', role: 'U' }],
    [student, 'U', { kind: 'param', role: 'U' }],
    [student, 'b_h', { kind: 'param', role: 'b' }],
    // The student's own letters win over role letters.
    [swapped, 'U', { kind: 'param', role: 'W' }],
    [swapped, 'W', { kind: 'param', role: 'U' }],
  ];
  for (const [r, text, expected] of cases) test(`${text} in ${r.source}`, () => assert.deepEqual(parseBpttTarget(text, r, 5), expected));
  test('unknown targets list what exists', () => assert.throws(() => parseBpttTarget('Q', student, 5), /W_\{hh\}, W_\{hx\}, b_\{h\}/));
});

describe('σ\'(z)(1−σ\'(z)) slip', () => {
  const cases: Array<[string, string | null]> = [
    ["\\sigma'(z)(1-\\sigma'(z))", "\\sigma(z)(1-\\sigma(z))"],
    ["\\sigma'(z_1) (1 - \\sigma'(z_1))", "\\sigma(z_1) (1 - \\sigma(z_1))"],
    ["\\sigma'(Ux_{t+1} + Wh_t) (1 - \\sigma'(Ux_{t+1} + Wh_t)) \\times W", "\\sigma(Ux_{t+1} + Wh_t) (1 - \\sigma(Ux_{t+1} + Wh_t))"],
    ["\\sigma'\\left(z_t\\right)\\left(1-\\sigma'\\left( z_t \\right)\\right)", "\\sigma\\left(z_t\\right)\\left(1-\\sigma\\left( z_t \\right)\\right)"],
    ["\\sigma^{\\prime}(a)\\cdot(1-\\sigma^{\\prime}(a))", "\\sigma(a)\\cdot(1-\\sigma(a))"],
    ["\\sigma'(Ux+Wh)(1-\\sigma'(U x + W h))", "\\sigma(Ux+Wh)(1-\\sigma(U x + W h))"],
    // Not the slip: different arguments, only one prime, the product rule, a longer second factor.
    ["\\sigma'(z_1)(1-\\sigma'(z_2))", null],
    ["\\sigma'(z)(1-\\sigma(z))", null],
    ["\\sigma(z)(1-\\sigma(z))", null],
    ["\\sigma'(z) - 2\\sigma'(z)\\sigma(z) = 0", null],
    ["\\sigma'(z)(1-\\sigma'(z) + 1)", null],
    ["\\sigma'(z)(2-\\sigma'(z))", null],
  ];
  for (const [latex, fixed] of cases) {
    test(latex, () => {
      const found = findSigmaPrimeSlips(latex, 10);
      if (fixed === null) {
        assert.equal(found.length, 0);
        return;
      }
      assert.equal(found.length, 1);
      const f = found[0];
      assert.equal(f.code, 'sigma-prime-slip');
      assert.equal(f.severity, 'information');
      assert.match(f.message, /σ'\(z\) already means σ\(z\)\(1−σ\(z\)\)/);
      assert.equal(f.fix?.newText, fixed);
      assert.equal(f.range.start, 10 + latex.indexOf('\\sigma'));
    });
  }

  test('hw5-b: every instance in the real answer, none of the correct ones', () => {
    const text = HW5B;
    const found = findSigmaPrimeSlipsInDocument(text);
    assert.equal(found.length, 7);
    for (const f of found) {
      const written = text.slice(f.range.start, f.range.end);
      assert.equal(written, f.claimed);
      assert.match(written, /^\\sigma'\(/);
      assert.ok(!(f.fix?.newText ?? '').includes("\\sigma'"), 'the fix drops the primes');
    }
    // The underbraced form keeps its braces in the fix.
    assert.ok(found.some((f) => f.fix?.newText.includes('}_{z_{t+1}} \\underbrace{(1 - \\sigma(')));
    // The correct σ(z)(1−σ(z)) lines of part (ب) are not flagged.
    const partB = text.indexOf('\\sigma(z_{t+2})(1 - \\sigma(z_{t+2}))');
    assert.ok(partB > 0);
    assert.ok(found.every((f) => f.range.start < partB));
  });
});

describe('σ\' slip in the document analysis: a pattern over the trees the analysis keeps', () => {
  test('hw5-b: the analysis finds the same slips as the formula-by-formula reading, beside ∂ derivatives', () => {
    const own = findSigmaPrimeSlipsInDocument(HW5B).map((f) => [f.range.start, f.range.end, f.fix?.newText]);
    const analysis = analyzeDocument(HW5B);
    const inAnalysis = analysis.findings.filter((f) => f.code === 'sigma-prime-slip').map((f) => [f.range.start, f.range.end, f.fix?.newText]);
    assert.equal(inAnalysis.length, 7);
    assert.deepEqual(inAnalysis, own);
  });
  test('twin: the correct σ(z)(1−σ(z)) beside a ∂ derivative gives no slip', () => {
    const text = "$$\\frac{\\partial h}{\\partial z} = \\sigma(z)(1-\\sigma(z)) \\quad \\frac{\\partial h}{\\partial z} = \\sigma'(z)$$\n";
    assert.deepEqual(analyzeDocument(text).findings.filter((f) => f.code === 'sigma-prime-slip'), []);
    const wrong = "$$\\frac{\\partial h}{\\partial z} = \\sigma'(z)(1-\\sigma'(z))$$\n";
    assert.equal(analyzeDocument(wrong).findings.filter((f) => f.code === 'sigma-prime-slip').length, 1);
  });
});

describe('the recurrence reader reads the front end\'s tree (one reading with the evaluator)', () => {
  test('Persian digits: h_t = ۰٫۵ h_{t-1} + x_t is the recurrence h_t = 0.5 h_{t-1} + x_t', () => {
    const r = parseRecurrence('h_t = ۰٫۵ h_{t-1} + x_t');
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(summary(r.recurrence), 'identity: 0.5*-*h[-1] + 1*-*x');
    // twin: a Persian coefficient on the input keeps the state's dependence to judge (not a recurrence)
    const notRec = parseRecurrence('h_t = ۰٫۵ x_t');
    assert.equal(notRec.ok, false);
    if (!notRec.ok) assert.match(notRec.error, /does not depend on h_\{t-1\}/);
  });

  test('Persian digits in a document: the same recurrence is found', () => {
    const doc = 'پاسخ:\n\n$$h_t = ۰٫۵ h_{t-1} + x_t$$\n';
    const found = findAllRecurrences(doc);
    assert.equal(found.length, 1);
    assert.equal(recurrenceLatex(found[0].recurrence), 'h_{t} = 0.5 h_{t-1} + x_{t}');
  });

  test('\\ell is a name, as for the evaluator: \\ell_t = \\tanh(W \\ell_{t-1} + U x_t) is a recurrence of \\ell', () => {
    const r = parseRecurrence('\\ell_t = \\tanh(W \\ell_{t-1} + U x_t)');
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.recurrence.state, '\\ell');
    assert.equal(summary(r.recurrence), 'tanh: 1*W*\\ell[-1] + 1*U*x');
    assert.deepEqual(parseBpttTarget('\\ell_0', r.recurrence, 3), { kind: 'state', k: 0 });
    // twin: \ell on the right at the same step is still refused for the right reason
    const same = parseRecurrence('\\ell_t = \\tanh(W \\ell_t + U x_t)');
    assert.equal(same.ok, false);
    if (!same.ok) assert.match(same.error, /appears on both sides/);
  });
});
