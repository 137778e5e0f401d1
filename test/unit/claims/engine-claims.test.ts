// Claims judged in snippets written the way students write answers: Persian prose around, `$…$` and
// `$$…$$`, the arithmetic of attention, softmax, transformer sizes and BPTT. Each row says what the
// engine must conclude: right (judged, silent), symbolic/prose (not judged, silent), wrong (one error
// with the exact right value), orientation, or a problem with a message a student can act on.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertClose, describeFindings } from '../engineHelpers';
import type { EngineOptions } from '../../../src/core/types';

type Value = number | number[] | number[][];
type Expect =
  | { kind: 'right'; claims?: number }
  | { kind: 'silent' }
  | { kind: 'wrong'; actual: Value; message?: RegExp | string; fix?: string; claimed?: string }
  | { kind: 'orientation'; actual: Value }
  | { kind: 'problem'; code: string; message: RegExp | string };

const right = (claims?: number): Expect => ({ kind: 'right', claims });
const silent: Expect = { kind: 'silent' };
const wrong = (actual: Value, more: { message?: RegExp | string; fix?: string; claimed?: string } = {}): Expect => ({ kind: 'wrong', actual, ...more });
const orientation = (actual: Value): Expect => ({ kind: 'orientation', actual });
const problem = (code: string, message: RegExp | string): Expect => ({ kind: 'problem', code, message });

function matches(text: string, m: RegExp | string): boolean {
  return typeof m === 'string' ? text === m : m.test(text);
}

function judge(md: string, e: Expect, options?: Partial<EngineOptions>): void {
  const { analysis, findings } = analyze(md, options);
  const shown = findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  const info = `${md}\n→ claims=${analysis.claims}\n${describeFindings(findings)}`;
  switch (e.kind) {
    case 'right':
      assert.deepEqual(shown, [], info);
      assert.ok(analysis.claims > 0, `expected the line to be judged: ${info}`);
      if (e.claims !== undefined) assert.equal(analysis.claims, e.claims, info);
      break;
    case 'silent':
      assert.deepEqual(findings, [], info);
      assert.equal(analysis.claims, 0, `expected no computable claim: ${info}`);
      break;
    case 'wrong': {
      assert.equal(shown.length, 1, info);
      const f = shown[0];
      assert.equal(f.severity, 'error', info);
      assert.equal(f.code, 'wrong-result', info);
      assertClose(f.actualValue, e.actual, 1e-6, info);
      if (e.message) assert.ok(matches(f.message, e.message), `message ${JSON.stringify(f.message)} does not match ${e.message}`);
      if (e.fix) assert.equal(f.fix?.newText, e.fix, info);
      if (e.claimed) {
        assert.equal(f.claimed, e.claimed, info);
        assert.equal(md.slice(f.range.start, f.range.end), e.claimed, 'the range covers the written value');
      }
      break;
    }
    case 'orientation':
      assert.equal(shown.length, 1, info);
      assert.equal(shown[0].severity, 'warning', info);
      assert.equal(shown[0].code, 'orientation', info);
      assertClose(shown[0].actualValue, e.actual, 1e-6, info);
      break;
    case 'problem':
      assert.equal(shown.length, 1, info);
      assert.equal(shown[0].code, e.code, info);
      assert.ok(matches(shown[0].message, e.message), `message ${JSON.stringify(shown[0].message)} does not match ${e.message}`);
      break;
  }
}

function table(title: string, rows: [string, Expect][], options?: Partial<EngineOptions>): void {
  describe(title, () => {
    for (const [md, e] of rows) test(`${e.kind}: ${md.replace(/\s+/g, ' ').slice(0, 90)}`, () => judge(md, e, options));
  });
}

table('the real mistakes from the issue', [
  ['تعداد پارامترهای Q, K, V, O: $$4 \\times 768 \\times 768 = 2357296$$', wrong(2359296, { message: '4 × 768 × 768 = 2359296, not 2357296', fix: '2359296', claimed: '2357296' })],
  ['ضرب داخلی: $$\\begin{bmatrix} 0 \\\\ 2 \\\\ -1 \\end{bmatrix} \\cdot \\begin{bmatrix} 3 \\\\ -1 \\\\ -1 \\end{bmatrix} = 6$$', wrong(-1, { message: /= −1, not 6$/ })],
  ['$$2 \\times 268 \\times 12 = 98432$$', wrong(6432, { message: '2 × 268 × 12 = 6432, not 98432' })],
  ['$$4 \\times 768 \\times 768 = 2359296$$', right(1)],
  ['$$\\begin{bmatrix} 0 \\\\ 2 \\\\ -1 \\end{bmatrix} \\cdot \\begin{bmatrix} 3 \\\\ -1 \\\\ -1 \\end{bmatrix} = -1$$', right(1)],
  ['$$2 \\times 268 \\times 12 = 6432$$', right(1)],
]);

table('attention scores and softmax, as students write them', [
  ['امتیاز کلید اول: $q \\cdot k_1 = 1 \\times 2 + 0 \\times 1 + 2 \\times 0 = 2$', right(1)],
  ['$$\\text{score} = \\frac{q \\cdot k}{\\sqrt{d_k}} = \\frac{8}{\\sqrt{64}} = 1$$', right(1)],
  ['$$\\frac{8}{\\sqrt{64}} = 0.1$$', wrong(1)],
  ['$$\\frac{10}{\\sqrt{8}} = 3.54$$', right(1)],
  ['$$\\frac{10}{\\sqrt{8}} = 3.53$$', right(1)], // 3.5355… truncated, a common harmless habit
  ['$$\\frac{10}{\\sqrt{8}} = 3.45$$', wrong(3.5355339)],
  ['$$\\text{softmax}([1, 2, 3]) = [0.09, 0.24, 0.67]$$', right(1)],
  ['$$\\mathrm{softmax}\\left(\\begin{bmatrix} 1 \\\\ 2 \\\\ 3 \\end{bmatrix}\\right) = \\begin{bmatrix} 0.090 \\\\ 0.245 \\\\ 0.665 \\end{bmatrix}$$', right(1)],
  ['$$\\mathrm{softmax}\\left(\\begin{bmatrix} 1 \\\\ 2 \\\\ 3 \\end{bmatrix}\\right) = \\begin{bmatrix} 0.09 \\\\ 0.24 \\\\ 0.66 \\end{bmatrix}$$', right(1)], // 0.665… truncated
  // rounding 0.2447 twice (0.245, then 0.25) is off by more than half a unit: wrong, with the right values
  ['$$\\mathrm{softmax}\\left(\\begin{bmatrix} 1 \\\\ 2 \\\\ 3 \\end{bmatrix}\\right) = \\begin{bmatrix} 0.09 \\\\ 0.25 \\\\ 0.66 \\end{bmatrix}$$', wrong([[0.0900306], [0.2447285], [0.6652410]], { message: 'softmax([1; 2; 3]) = [0.09; 0.24; 0.67], not [0.09; 0.25; 0.66]' })],
  ['$$\\mathrm{softmax}\\left(\\begin{bmatrix} 1 \\\\ 2 \\\\ 3 \\end{bmatrix}\\right) = \\begin{bmatrix} 0.09 \\\\ 0.24 \\\\ 0.76 \\end{bmatrix}$$', wrong([[0.0900306], [0.2447285], [0.6652410]])],
  ['$$\\mathrm{softmax}\\left(\\begin{bmatrix} 1 \\\\ 2 \\\\ 3 \\end{bmatrix}\\right) = \\begin{bmatrix} 0.09 & 0.24 & 0.67 \\end{bmatrix}$$', orientation([[0.0900306], [0.2447285], [0.6652410]])],
  ['$$\\alpha_1 = \\frac{e^{1}}{e^{1} + e^{2}} = 0.269$$', right(1)],
  ['$$\\frac{e^2}{e^1+e^2} = 0.7311$$', right(1)],
  ['$$\\frac{\\exp(2)}{\\exp(2) + \\exp(1) + \\exp(0.1)} = 0.659$$', right(1)],
  ['$$\\frac{\\exp(2)}{\\exp(2) + \\exp(1) + \\exp(0.1)} = 0.695$$', wrong(0.6590011)],
  ['$$\\frac{e^{1}}{e^{1} + e^{2}} = \\frac{2.718}{2.718 + 7.389} = 0.269$$', right(2)], // rounded inputs judged at their precision
  ['$$\\text{argmax}\\left(\\begin{bmatrix} 0.1 & 0.7 & 0.2 \\end{bmatrix}\\right) = 1$$', right(1)],
  ['$$\\operatorname{argmax}(0.1, 0.7, 0.2) = 2$$', wrong(1, { message: 'argmax(0.1, 0.7, 0.2) = 1, not 2' })],
  ['$$\\max(1, 5, 3) = 5$$', right(1)],
  ['$$\\begin{bmatrix} 1 & 1 & 0 \\\\ 0 & 1 & 1 \\end{bmatrix} \\begin{bmatrix} 1 \\\\ 0 \\\\ 2 \\end{bmatrix} = \\begin{bmatrix} 1 \\\\ 3 \\end{bmatrix}$$', wrong([[1], [2]])],
  ['$$\\begin{bmatrix} 1 & 1 & 0 \\\\ 0 & 1 & 1 \\end{bmatrix} \\begin{bmatrix} 1 \\\\ 0 \\\\ 2 \\end{bmatrix} = \\begin{bmatrix} 1 & 2 \\end{bmatrix}$$', orientation([[1], [2]])],
  ['$$\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}^\\top \\begin{bmatrix} 3 \\\\ 4 \\end{bmatrix} = 11$$', right(1)],
  ['$$\\begin{bmatrix} 1 & 2 \\end{bmatrix} \\begin{bmatrix} 3 \\\\ 4 \\end{bmatrix} = 12$$', wrong(11)],
]);

table('argmax with indexBase 1', [
  ['$$\\text{argmax}\\left(\\begin{bmatrix} 0.1 & 0.7 & 0.2 \\end{bmatrix}\\right) = 2$$', right(1)],
  ['$$\\text{argmax}(0.1, 0.7, 0.2) = 1$$', wrong(2)],
], { indexBase: 1 });

table('transformer shapes and parameter counts', [
  ['$$\\text{Embedding} = 30522 \\times 768 = 23440896$$', right(1)],
  ['$$\\text{Embedding} = 30522 \\times 768 = 23,440,896$$', right(1)],
  ['$$\\text{Embedding} = 30522 \\times 768 = 23440986$$', wrong(23440896)],
  ['$$\\text{FFN} = 2 \\times 768 \\times 3072 + 768 + 3072 = 4722432$$', right(1)],
  ['$$\\text{FFN} = 2 \\times 768 \\times 3072 + 768 + 3072 = 4722423$$', wrong(4722432)],
  ['$$\\text{Attention} : 4 \\times (768 \\times 768 + 768) = 2362368$$', right(1)],
  ['$$\\text{LayerNorm} = 2 \\times 768 = 1536 \\quad \\text{پارامتر}$$', right(1)],
  ['$$\\text{Heads} : 12 \\times 64 = 768 \\quad d_{head} = \\frac{768}{12} = 64$$', right(2)],
  ['$$\\text{Heads} : 12 \\times 64 = 768 \\quad d_{head} = \\frac{768}{12} = 46$$', wrong(64)],
  ['$$d_{model} = 512, \\quad h = 8, \\quad d_k = \\frac{d_{model}}{h} = 64$$', right(1)],
  ['$$\\text{params} = 4 \\times d_{model}^2 = 4 \\times 512^2 = 1048576$$', right(1)],
  ['$$n^2 d = 512^2 \\times 64 = 16777216$$', right(1)],
  ['$$32 \\times 2048 \\times 768 = 50331648$$', right(1)],
  ['$$8 \\times 64 = 512 \\text{ (ابعاد مدل)}$$', right(1)],
  ['$$8 \\times 64 = 510 \\text{ (ابعاد مدل)}$$', wrong(512)],
  ['$$30522 \\times 768 = 23.4 \\text{M}$$', right(1)], // a scale word: 23.4 million, rounded
  ['$$30522 \\times 768 = 24.4 \\text{ M}$$', wrong(23440896, { message: '30522 × 768 = 23.4 M, not 24.4 M', fix: '23.4 \\text{M}' })],
  ['$$85 \\text{M} + 23 \\text{M} = 108 \\text{M}$$', right(1)],
  ['$$110 \\text{ میلیون} \\approx 109482240$$', right(1)],
  ['$$4 \\times 10^{9} \\times 4 = 16 \\text{GB}$$', silent], // bytes vs GB: a unit the engine does not convert
  ['$$W_Q \\in \\mathbb{R}^{512 \\times 64}$$', silent],
  ['$$Q = XW_Q \\in \\mathbb{R}^{n \\times d_k}$$', silent],
  ['$$O(n^2 d)$$', silent],
]);

table('BPTT and vanishing or exploding gradients', [
  ['$$(0.25 \\times 0.9)^{10} = 3.4 \\times 10^{-7}$$', wrong(3.3252567e-7, { message: '(0.25 × 0.9)^10 = 3.3 × 10^−7, not 3.4 × 10^−7', fix: '3.3 \\times 10^{-7}' })],
  ['$$(0.25 \\times 0.9)^{10} = 3.3 \\times 10^{-7}$$', right(1)],
  ['$$(0.25 \\times 0.9)^{10} \\approx 3.3 \\times 10^{-7}$$', right(1)],
  ['$$0.225^{10} = 3.33 \\times 10^{-7}$$', right(1)],
  ['$$0.25^{10} = 9.5 \\times 10^{-7}$$', right(1)],
  ['$$\\left(\\frac{1}{4}\\right)^{10} = 9.54 \\times 10^{-7}$$', right(1)],
  ['$$(0.25)^{20} \\approx 9.1 \\times 10^{-13}$$', right(1)],
  ['$$0.5^{10} = 9.77 \\cdot 10^{-4}$$', right(1)],
  ['$$0.5^{10} = 9.7 \\cdot 10^{-4}$$', right(1)], // truncated
  ['$$0.5^{10} = 8.77 \\cdot 10^{-4}$$', wrong(0.0009765625, { fix: '9.77 \\cdot 10^{-4}' })],
  ['$$0.5^{10} = 1e-3$$', right(1)],
  ['$$0.5^{10} = 2e-3$$', wrong(0.0009765625, { fix: '1e-3' })],
  ['$$0.5^{10} = 9.77\\text{e-}4$$', silent], // an odd way to write a power of ten: not judged rather than misread
  ['$$0.9^{50} = 0.00515$$', right(1)],
  ['$$0.9^{50} \\approx 0.005$$', right(1)],
  ['$$1.1^{50} = 117.39$$', right(1)],
  ['$$1.1^{50} \\approx 117$$', right(1)],
  ['$$1.1^{50} = 171.39$$', wrong(117.3908529)],
  ['$$2^{20} \\approx 10^{6}$$', right(1)],
  ['$$2^{10} = 1024$$', right(1)],
  ['$$T = 50 : 0.9^{T} = 0.005$$', right(1)],
  ['$$\\gamma = 4 \\Rightarrow 0.25 \\times 4 = 1$$', right(1)],
  ['$$\\sigma\'(z) \\leq \\frac{1}{4} = 0.25$$', right(1)],
  ['$$\\sigma\'(0) = 0.25$$', right(1)],
  ['$$\\sigma\'(0) = 0.5$$', wrong(0.25)],
  // the prime written as a superscript reads the same
  ['$$\\sigma^{\\prime}(0) = 0.25$$', right(1)],
  ['$$\\sigma^\\prime(0) = 0.5$$', wrong(0.25)],
  ['$$\\tanh\'(0) = 1$$', right(1)],
  ['$$1 - \\tanh^2(1) = 0.42$$', right(1)],
  ['$$1 - \\tanh^2(1) = 0.24$$', wrong(0.4199743)],
  ['$$h_1 = \\tanh(0.5 \\cdot 0 + 1 \\cdot 1) = 0.7616$$', right(1)],
  ['$$\\tanh(0.5 \\times 1 + 0.2) = \\tanh(0.7) = 0.604$$', right(2)],
  ['$$\\tanh(0.5 \\times 1 + 0.2) = \\tanh(0.7) = 0.64$$', wrong(0.6043678)],
  ['$$h_t = \\tanh(W_{hh} h_{t-1} + W_{xh} x_t + b)$$', silent],
  ['$$\\frac{\\partial h_t}{\\partial h_{t-1}} = W^T \\text{diag}(1 - h_t^2)$$', silent],
  ['$$\\left\\| \\frac{\\partial h_T}{\\partial h_1} \\right\\| \\leq \\prod_{t=2}^{T} \\|W\\| \\cdot \\|\\text{diag}(\\sigma\'(z_t))\\| \\leq (0.25 \\gamma)^{T-1}$$', silent],
  ['$$\\frac{\\partial L}{\\partial W} = \\sum_{t=1}^{T} \\frac{\\partial L_t}{\\partial W}$$', silent],
  ['$$\\max_z \\sigma\'(z) = \\frac{1}{4}$$', silent],
  ['$$\\sigma(z)(1-\\sigma(z)) \\le 0.25$$', silent],
]);

table('functions: σ, tanh, ReLU, exp, log, roots, factorials', [
  ['$$\\sigma(0.5) = 0.62$$', right(1)],
  ['$$\\sigma(0.5) = 0.6225$$', right(1)],
  ['$$\\sigma(0.5) = 0.60$$', wrong(0.6224593, { message: 'σ(0.5) = 0.62, not 0.60', fix: '0.62' })],
  ['$$\\sigma(2) = 0.88$$', right(1)],
  ['$$\\sigma(0) = 0.5$$', right(1)],
  ['$$\\tanh(0.5) = 0.46$$', right(1)],
  ['$$\\tanh(1) = 0.7616$$', right(1)],
  ['$$\\tanh(1) = 0.7626$$', wrong(0.7615942)],
  ['$$\\mathrm{ReLU}(-2) = 0$$', right(1)],
  ['$$\\text{ReLU}(3.5) = 3.5$$', right(1)],
  ['$$\\operatorname{ReLU}\\left(\\begin{bmatrix} -1 & 2 \\end{bmatrix}\\right) = \\begin{bmatrix} 0 & 2 \\end{bmatrix}$$', right(1)],
  ['$$\\text{ReLU}(-3) = -3$$', wrong(0)],
  ['$$\\exp(1) = 2.718$$', right(1)],
  ['$$e^{2} = 7.389$$', right(1)],
  ['$$e^{-1} = 0.368$$', right(1)],
  ['$$e^{0.5} = 1.6487$$', right(1)],
  ['$$e^{0.5} = 1.6847$$', wrong(1.6487213)],
  ['$$\\ln(e) = 1$$', right(1)],
  ['$$\\log_2 8 = 3$$', right(1)],
  ['$$\\log(100) = 2$$', right(1)], // base 10 accepted for a plain \\log
  ['$$-\\ln(0.25) = 1.386$$', right(1)],
  ['$$\\text{CE} = -\\ln(0.7) = 0.357$$', right(1)],
  ['$$\\text{CE} = -\\ln(0.7) = 0.537$$', wrong(0.3566749)],
  ['$$\\text{Loss} = -(1 \\cdot \\log 0.7 + 0 \\cdot \\log 0.3) = 0.36$$', right(1)],
  ['$$\\sqrt{64} = 8$$', right(1)],
  ['$$\\sqrt[3]{27} = 3$$', right(1)],
  ['$$\\sqrt[3]{27} = 9$$', wrong(3)],
  ['$$\\sqrt{2} = 1.414$$', right(1)],
  ['$$1.414 \\times 1.414 = 2$$', right(1)],
  ['$$\\frac{1}{\\sqrt{2}} = 0.7071$$', right(1)],
  ['$$5! = 120$$', right(1)],
  ['$$4! = 42$$', wrong(24)],
  ['$$\\dfrac{3}{4} = 0.75$$', right(1)],
  ['$$\\tfrac{3}{4} = 0.7$$', right(1)], // truncated
  ['$$\\frac12 = 0.5$$', right(1)],
  ['$$\\frac{1}{2} + \\frac{1}{3} = \\frac{5}{6}$$', right(1)],
  ['$$\\frac{1}{2} + \\frac{1}{3} = \\frac{5}{7}$$', wrong(5 / 6, { message: '1/2 + 1/3 = 0.8333333, not 5/7' })],
  ['$$\\exp\\left(\\frac{1}{2}\\right) = 1.65$$', right(1)],
]);

table('sums, products, absolute values, norms, determinants, inverses, transposes', [
  ['$$\\sum_{i=1}^{3} i = 6 \\qquad \\prod_{i=1}^{3} i = 6$$', right(2)],
  ['$$\\sum_{i=1}^{4} i^2 = 30$$', right(1)],
  ['$$\\sum_{i=1}^{4} i^2 = 31$$', wrong(30)],
  ['$$\\sum_{k=0}^{3} 2^k = 15$$', right(1)],
  ['$$\\prod_{j=1}^{5} j = 120$$', right(1)],
  ['$$|-3| = 3$$', right(1)],
  ['$$|2 - 5| = -3$$', wrong(3)],
  ['$$\\left| 2 - 5 \\right| = 3$$', right(1)],
  ['$$\\lvert -2 \\rvert = 2$$', right(1)],
  ['$$\\|\\begin{bmatrix} 3 \\\\ 4 \\end{bmatrix}\\| = 5$$', right(1)],
  ['$$\\left\\| \\begin{bmatrix} 3 & 4 \\end{bmatrix} \\right\\|_2 = 5$$', right(1)],
  ['$$\\| (3, 4) \\| = 7$$', wrong(5)],
  ['$$\\begin{vmatrix} 1 & 2 \\\\ 3 & 4 \\end{vmatrix} = -2$$', right(1)],
  ['$$\\begin{vmatrix} 1 & 2 \\\\ 3 & 4 \\end{vmatrix} = 2$$', wrong(-2)],
  ['$$\\det\\begin{bmatrix} 2 & 0 \\\\ 0 & 3 \\end{bmatrix} = 6$$', right(1)],
  ['$$\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}^{-1} = \\begin{bmatrix} -2 & 1 \\\\ 1.5 & -0.5 \\end{bmatrix}$$', right(1)],
  ['$$\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}^{-1} = \\begin{bmatrix} -2 & 1 \\\\ 1.5 & 0.5 \\end{bmatrix}$$', wrong([[-2, 1], [1.5, -0.5]])],
  ['$$\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}^T = \\begin{bmatrix} 1 & 3 \\\\ 2 & 4 \\end{bmatrix}$$', right(1)],
  ['$$\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}^\\top = \\begin{bmatrix} 1 & 3 \\\\ 2 & 4 \\end{bmatrix}$$', right(1)],
  ['$$\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}^{\\intercal} = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$$', wrong([[1, 3], [2, 4]])],
  ['$$\\begin{bmatrix} 1 & 2 \\end{bmatrix}^{T} = \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}$$', right(1)],
  ['$$\\begin{bmatrix} 1 & 2 \\\\ 2 & 4 \\end{bmatrix}^{-1}$$', problem('singular', 'This 2×2 matrix is singular (determinant 0): it has no inverse')],
  ['$$\\left( 2 + 3 \\right) \\times 4 = 20$$', right(1)],
  ['$$\\left[ 2 + 3 \\right] \\times 4 = 21$$', wrong(20)],
  ['$$50\\% \\times 200 = 100$$', right(1)],
  ['$$\\pi = 3.14$$', right(1)],
  ['$$2 \\pi = 6.28$$', right(1)],
]);

table('shape problems get messages a student can act on', [
  ['$$\\begin{bmatrix} 1 & 2 & 3 \\\\ 4 & 5 & 6 \\\\ 7 & 8 & 9 \\\\ 1 & 1 & 1 \\end{bmatrix} \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix} = 5$$', problem('shape-mismatch', 'Cannot multiply 4×3 by 2×1: inner sizes 3 and 2 differ')],
  ['$$\\begin{bmatrix} 1 & 2 \\end{bmatrix} + \\begin{bmatrix} 1 & 2 & 3 \\end{bmatrix}$$', problem('shape-mismatch', 'Cannot add a 1×2 matrix and a 1×3 matrix: the shapes differ')],
  ['$$\\begin{bmatrix} 1 & 2 \\\\ 3 \\end{bmatrix} = 1$$', problem('malformed-matrix', 'Malformed matrix: row 2 has 1 entry but row 1 has 2')],
  ['$$\\frac{1}{0} = 1$$', problem('domain', 'Division by zero')],
]);

table('prose and delimiter pitfalls are never math', [
  ['قیمت این کتاب $5 و آن یکی $10 است.', silent],
  ['It costs $5 and $10 = $15 in total.', silent],
  ['```python\nx = 2 * 3  # $2 \\times 3 = 7$\n```', silent],
  ['~~~\n$$1+1=3$$\n~~~', silent],
  ['    $$1 + 1 = 3$$', silent],
  ['کد `$1+1=3$` را ببینید.', silent],
  ['و \\$1 + 1 = 3\\$ هم نیست.', silent],
  ['پس $2 \\times 3 = 7$ غلط است.', wrong(6)],
  ['قیمت $5 است ولی $2 \\times 3 = 7$ غلط است.', wrong(6)],
  ['\\[ 2 + 2 = 5 \\]', wrong(4)],
  ['\\( 3 \\cdot 3 = 10 \\)', wrong(9)],
  ['$$\n\\begin{aligned}\ny &= 3 \\times 4 \\\\\n  &= 12 \\\\\n  &= 13\n\\end{aligned}\n$$', wrong(12, { message: '3 × 4 = 12, not 13' })],
  ['\\begin{align}\na &= 1 + 1 = 3\n\\end{align}', wrong(2)],
  ['گزینه ب و ج درست هستند. many-to-one محسوب میشه.', silent],
]);

table('Persian and Arabic-Indic digits', [
  ['$$۱۰ \\div ۴ = ۲.۵$$', right(1)],
  ['$$۱۰ \\div ۴ = ۲.۴$$', wrong(2.5, { fix: '۲.۵', message: '10 ÷ 4 = 2.5, not 2.4' })],
  ['$$۱۰ \\div ۴ = ۲٫۵$$', right(1)],
  ['پاسخ: $۲ × ۳ = ۷$ است.', wrong(6, { fix: '۶' })],
  ['$$٣ \\times ٤ = ١٢$$', right(1)],
  ['$$۴ \\times ۷۶۸ \\times ۷۶۸ = ۲۳۵۹۲۹۶$$', right(1)],
]);

table('separators and labels split statements', [
  ['$$1 + 1 = 2, \\quad 2 + 2 = 4$$', right(2)],
  ['$$1 + 1 = 2, 2 + 2 = 5$$', wrong(4)],
  ['$$3 + 4 = 7 \\Rightarrow 7 \\times 2 = 14$$', right(2)],
  ['$$3 + 4 = 7 \\Rightarrow 7 \\times 2 = 15$$', wrong(14)],
  ['$$3 + 4 = 7 \\implies 7 \\times 2 = 14 \\to 14 - 1 = 13$$', right(3)],
  ['$$2 + 2 = 4 \\qquad 3 + 3 = 6 \\quad 4 + 4 = 8$$', right(3)],
  ['$$2 + 2 = 4 \\; , \\; 3 + 3 = 7$$', wrong(6)],
  ['$$\\text{Total} = 2 \\times 3 + 4 \\times 5 = 26 : \\text{پارامتر}$$', right(1)],
  ['$$\\text{Total} = 2 \\times 3 + 4 \\times 5 = 62 : \\text{پارامتر}$$', wrong(26)],
  ['$$\\text{Heads} : 8 \\times 64 = 512$$', right(1)],
  ['$$\\text{تعداد} : 8 \\times 64 = 520$$', wrong(512)],
  ['$$\\text{score}_1 = 1 \\cdot 3 + 2 \\cdot (-1) + 3 \\cdot (-1) = -2$$', right(1)],
  ['$$q.key0 = 3 - 2 - 3 = -2$$', right(1)],
  ['$$q.key_0 = 3 - 2 - 3 = -1$$', wrong(-2)],
  ['$$\\begin{aligned} a &= 2 \\times 3 \\\\ &= 6 \\\\ b &= 6 + 1 = 7 \\end{aligned}$$', right(2)],
  ['$$\\begin{aligned} x &= 2 \\times 3 \\\\ &= 7 \\end{aligned}$$', wrong(6)],
  ['$$\\begin{aligned} x &= 2 \\times 3 && \\text{(ضرب)} \\\\ &= 6 \\end{aligned}$$', right(1)],
  ['$$f(1, 2) = 3$$', silent],
  ['$$12 = 13$$', wrong(12, { message: '12 ≠ 13' })],
]);

table('rounding, truncation and ≈', [
  ['$$\\frac{1}{3} = 0.333$$', right(1)],
  ['$$\\frac{2}{3} = 0.667$$', right(1)],
  ['$$\\frac{2}{3} = 0.666$$', right(1)], // truncated
  ['$$\\frac{2}{3} = 0.67$$', right(1)],
  ['$$\\frac{2}{3} = 0.68$$', wrong(2 / 3, { fix: '0.67' })],
  ['$$\\frac{2}{3} = 0.76$$', wrong(2 / 3)],
  ['$$\\frac{2}{3} \\approx 0.7$$', right(1)],
  ['$$\\frac{2}{3} \\approx 0.8$$', wrong(2 / 3)],
  ['$$\\frac{5}{6} = 0.83$$', right(1)],
  ['$$0.1 + 0.2 = 0.3$$', right(1)],
  ['$$3.14 \\times 2 = 6.28$$', right(1)],
  ['$$1.5^{10} = 57.67$$', right(1)],
  ['$$1.5^{10} \\approx 57.7$$', right(1)],
  ['$$1.5^{10} = 57$$', wrong(57.6650391)], // a written integer is exact
  ['$$1.5^{10} \\approx 58$$', right(1)],
  ['$$10^{-3} = 0.001$$', right(1)],
  ['$$1e-3 = 0.001$$', right(1)],
  ['$$2.5e3 = 2500$$', right(1)],
]);

table('how students frame and format answers', [
  ['$$4 \\times 768 \\times 768 = \\boxed{2359296}$$', right(1)],
  ['$$4 \\times 768 \\times 768 = \\boxed{2359295}$$', wrong(2359296)],
  ['$$4 \\times 768 \\times 768 = \\mathbf{2359296}$$', right(1)],
  ['$$4 \\times 768 \\times 768 = {\\color{red} 2359296}$$', right(1)],
  ['$$4 \\times 768 \\times 768 = \\textcolor{red}{2359269}$$', wrong(2359296)],
  ['$$4 \\times 768 \\times 768 = \\mathrm{2359296}$$', right(1)],
  ['$$2{,}359{,}296 = 4 \\times 768 \\times 768$$', right(1)],
  ['$$4 \\times 768 \\times 768 = 2\\,359\\,296$$', right(1)],
  ['$$4 \\times 768 \\times 768 = 2\\,359\\,269$$', wrong(2359296, { message: '4 × 768 × 768 = 2359296, not 2359269' })],
  ['$$\\underbrace{12 \\times 64}_{\\text{heads}} = 768$$', right(1)],
  ['$$\\langle (1, 2), (3, 4) \\rangle = 11$$', right(1)],
  ['$$\\left\\langle (1, 2), (3, 4) \\right\\rangle = 12$$', wrong(11)],
  ['پس $2 + 3 = 5.$ درست است.', right(1)],
  ['$$2 × 3 = 6$$', right(1)],
  ['$$(784 + 1) \\times 128 + (128 + 1) \\times 10 = 101770$$', right(1)],
  ['$$(3 \\times 3 \\times 3 + 1) \\times 64 = 1792$$', right(1)],
  ['$$2(3 + 4) = 14$$', right(1)],
  ['$$\\binom{5}{2} = 10$$', right(1)],
  ['$$\\lfloor \\frac{28 - 2}{2} \\rfloor + 1 = 14$$', right(1)],
  ['$$\\left\\lfloor \\frac{29 - 2}{2} \\right\\rfloor + 1 = 15$$', wrong(14)],
  ['$$\\text{Output} = \\frac{W - K + 2P}{S} + 1 = \\frac{32 - 5 + 0}{1} + 1 = 28$$', right(1)],
  ['$$\\text{Precision} = \\frac{TP}{TP + FP} = \\frac{40}{40 + 10} = 0.8$$', right(1)],
  ['$$F_1 = 2 \\cdot \\frac{0.8 \\cdot 0.5}{0.8 + 0.5} = 0.615$$', right(1)],
  ['$$\\text{Var} = \\frac{2}{n_{in} + n_{out}} = \\frac{2}{256 + 128} = 0.0052$$', right(1)],
  ['$$\\sqrt{\\frac{2}{512}} = 0.0625$$', right(1)],
  ['$$\\hat{m} = \\frac{m}{1 - \\beta_1^t} = \\frac{0.1}{1 - 0.9^1} = 1$$', right(1)],
  ['$$MSE = \\frac{(1-0.8)^2 + (0 - 0.3)^2}{2} = 0.065$$', right(1)],
  ['$$w_{new} = w - \\eta \\nabla = 0.5 - 0.1 \\times (-0.852) = 0.585$$', right(1)],
  ['$$\\frac{1}{4} = 25\\%$$', right(1)],
  ['$$0.25 = 25 \\text{ درصد}$$', right(1)],
  ['$$\\frac{e^{2/0.5}}{e^{2/0.5} + e^{1/0.5}} = 0.881$$', right(1)],
]);

table('shapes written as products are notation, not arithmetic', [
  ['$$(32 \\times 512)(512 \\times 64) = (32 \\times 64)$$', silent],
  ['$$[32 \\times 512] \\times [512 \\times 64] = [32 \\times 64]$$', silent],
  ['$$32 \\times 512 \\cdot 512 \\times 64 = 32 \\times 64$$', silent],
  ['$$(2 \\times 3) \\times 4 = 2 \\times 12$$', right(1)], // equal products are still judged
]);

table('Persian decimal slash', [
  ['$$۱۰ \\div ۴ = ۲/۵$$', right(1)], // ۲/۵ is how 2.5 is handwritten in Persian
  ['$$۱۰ \\div ۴ = ۲/۶$$', wrong(2.5)],
  ['$$1 \\div 5 = 1/5$$', right(1)],
]);

describe('document variables', () => {
  const doc = [
    'سوال ۱: $x = 2$ و $y = 3$.',
    '$$x + y = 5$$',
    '$$x^2 = 9 \\Rightarrow x = 3$$', // an equation solved for a new x: not a claim about x = 2
    '$$x + y = 6$$', // x is 3 from the line above on
    '$$W = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}, \\quad v = \\begin{bmatrix} 1 \\\\ 1 \\end{bmatrix}$$',
    '$$W v = \\begin{bmatrix} 3 \\\\ 7 \\end{bmatrix}$$',
    '$$W v = \\begin{bmatrix} 3 \\\\ 8 \\end{bmatrix}$$',
    '$$v_2 + 1 = 2$$', // the second entry of v
    '$$W = \\begin{bmatrix} 2 & 0 \\\\ 0 & 2 \\end{bmatrix}$$',
    '$$W v = \\begin{bmatrix} 2 \\\\ 2 \\end{bmatrix}$$', // the redefinition wins from its line on
    '$$W = W_{hh} h$$', // a symbolic redefinition forgets the value
    '$$W v = \\begin{bmatrix} 3 \\\\ 7 \\end{bmatrix}$$', // so this is not judged
    '$$n = 4, \\quad \\sum_{i=1}^{n} i = 10$$',
    '$$d_k = 64 \\Rightarrow \\sqrt{d_k} = 8$$',
    '$$e = 5 \\quad e^{2} = 7.389$$', // e^{…} is the exponential even when e names something else
    '$$\\pi = 3.14$$', // π is a number, not a name being defined
    '$$2\\pi = 6.28$$',
  ].join('\n\n');
  const { analysis, findings } = analyze(doc);
  test('only the one wrong product is flagged, with the definitions as related information', () => {
    assert.deepEqual(findings.map((f) => `${f.line}: ${f.message}`), ['13: Wv = [3; 7], not [3; 8]']);
    const related = findings[0].related ?? [];
    assert.deepEqual(related.map((r) => r.message), ['W is defined here as [1, 2; 3, 4]', 'v is defined here as [1; 1]']);
    assert.ok(doc.slice(related[0].range.start, related[0].range.end).startsWith('W = \\begin{bmatrix} 1'));
  });
  test('claims judged: every computable line but the equation and the forgotten W', () => {
    assert.equal(analysis.claims, 11);
  });
  test('variables known at the end', () => {
    assert.deepEqual([...analysis.variables.keys()].sort(), ['d_k', 'n', 'v', 'x', 'y', 'e'].sort());
    assert.equal(analysis.variables.get('x')?.value, 3);
  });
  test('scope at each formula is the variables defined before it', () => {
    const f = analysis.formulas.find((x) => x.span.content === 'x + y = 6');
    assert.equal(f?.scope.get('x')?.value, 3);
    const first = analysis.formulas.find((x) => x.span.content === 'x + y = 5');
    assert.equal(first?.scope.get('x')?.value, 2);
  });
});

table('rounded intermediate values are judged at their precision', [
  ['$$\\alpha_3 = \\frac{e^{1.5}}{e^{0.5} + e^{0.5} + e^{1.5}} = \\frac{4.48}{1.65 + 1.65 + 4.48} = 0.58$$', right(2)],
  ['$$\\tanh\'(0.5) = 1 - \\tanh^2(0.5) = 1 - 0.4621^2 = 0.786$$', right(3)],
  ['$$o = 0.21 \\times 1 + 0.21 \\times 2 + 0.58 \\times 4 = 2.95$$', right(1)],
  ['$$\\frac{e^{1}}{e^{1} + e^{2}} = \\frac{2.72}{2.72 + 7.39} = 0.27$$', right(2)],
  ['$$\\frac{e^{1}}{e^{1} + e^{2}} = \\frac{2.72}{2.72 + 7.93} = 0.26$$', wrong(0.2689414)], // 7.93 is no rounding of e² = 7.389
  ['$$\\sigma(0.5) = \\frac{1}{1 + 0.6065} = 0.6225$$', right(2)],
  ['$$\\sigma(0.5) = \\frac{1}{1 + 0.6605} = 0.6022$$', wrong(0.6224593)],
  ['$$\\sigma(0.5) = 0.61$$', wrong(0.6224593)], // the input 0.5 is exact: no slack for it
  ['$$1.414 \\times 1.414 = 2$$', right(1)],
  ['$$1.414 \\times 1.414 = 2.1$$', wrong(1.999396)],
  ['$$0.5 \\times (1 - 0.7068^2) = 0.2502$$', right(1)],
]);

table('letters that name functions are applied, not multiplied', [
  ['$$\\phi = 0.5$$\n\n$$\\phi(0) = 1$$', silent],
  ['$$f = 3 \\quad f(2) = 4$$', silent],
  ['$$h = 8 \\quad h(t) = 2$$', silent],
  ['$$\\eta = 0.1 \\quad \\eta(2 + 3) = 0.5$$', right(1)],
  ['$$a = 2 \\quad a(3 + 4) = 15$$', wrong(14)],
]);

table('lists written for vectors, line spacing, inverses of non-square matrices', [
  ['$$[1, 2, 3]^T = \\begin{bmatrix} 1 \\\\ 2 \\\\ 3 \\end{bmatrix}$$', right(1)],
  ['$$x = [1, 2] \\quad W = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix} \\quad W x = [5, 11]$$', right(1)],
  ['$$x = [1, 2] \\quad W = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix} \\quad W x = [5, 12]$$', wrong([[5], [11]], { message: 'Wx = (5, 11), not (5, 12)', fix: '[5, 11]' })],
  ['$$(1, 2) + (3, 4) = (4, 7)$$', wrong([4, 6], { fix: '(4, 6)' })],
  // a list over a number, two lists multiplied entry by entry (⊙): vectors, as in a sum
  ['$$\\frac{(2, 0, 1, 3)}{0.8} = (2.5, 0, 1.25, 3.75)$$', right(1)],
  ['$$\\frac{(2, 0, 1, 3)}{0.8} = (2.5, 0, 1.25, 3.5)$$', wrong([2.5, 0, 1.25, 3.75])],
  ['$$(2, 4, -2) \\odot (0, 1, 0) = (0, 4, 0)$$', right(1)],
  ['$$(2, 4, -2) \\odot (0, 1, 0) = (0, 4, -2)$$', wrong([0, 4, 0], { fix: '(0, 4, 0)' })],
  ['$$(1, 2) \\odot (3, 4, 5) = (3, 8)$$', silent],
  ['$$\\begin{bmatrix} 1 & 0 \\\\ 0 & 2 \\end{bmatrix} \\begin{bmatrix} 4 \\\\ 5 \\end{bmatrix} = (4, 10)$$', right(1)], // a list does not commit to an orientation
  ['$$\\mathrm{softmax}([1, 2, 3]) = (0.09, 0.24, 0.67)$$', right(1)],
  ['$$\\begin{aligned} y &= 3 \\times 4 \\\\[4pt] &= 12 \\\\[2mm] &= 13 \\end{aligned}$$', wrong(12, { message: '3 × 4 = 12, not 13' })],
  ['$$\\begin{bmatrix} 1 \\\\[2pt] 2 \\end{bmatrix} \\cdot \\begin{bmatrix} 3 \\\\[2pt] 4 \\end{bmatrix} = 11$$', right(1)],
  ['$$\\begin{bmatrix} 1 & 2 & 3 \\\\ 2 & 2 & 1 \\\\ 0 & 1 & -1 \\\\ 0 & -2 & -4 \\end{bmatrix}^{-1} \\begin{bmatrix} 3 \\\\ -1 \\\\ -1 \\end{bmatrix} = 1$$', problem('shape-mismatch', 'Only a square matrix has an inverse; this one is 4×3 (did you mean the transpose ^T?)')],
]);

table('two lists with a transpose between them: xᵀy is their inner product, x yᵀ is not guessed', [
  // a list has no written orientation; xᵀy is how every derivation writes an inner product (before, the
  // lists were read as rows and xᵀy = 11 was called wrong with an outer product for its value)
  ['$$x = (1, 2) \\quad y = (3, 4) \\quad x^T y = 11$$', right(1)],
  ['$$x = (1, 2) \\quad y = (3, 4) \\quad x^T y = 12$$', wrong(11, { message: 'xᵀy = 11, not 12' })],
  ['$$\\mathbf{w} = (1, -1) \\quad \\mathbf{x} = (2, 1) \\quad \\mathbf{w}^T \\mathbf{x} = 2 - 1 = 1$$', right(2)],
  ['$$\\mathbf{w} = (1, -1) \\quad \\mathbf{x} = (2, 1) \\quad \\mathbf{w}^T \\mathbf{x} = 2 + 1 = 3$$', wrong(1)],
  ['$$(1, 2)^T (3, 4) = 11$$', right(1)],
  // x yᵀ: an outer product of columns, an inner product of rows; neither claim is judged
  ['$$x = (1, 2) \\quad y = (3, 4) \\quad x y^T = \\begin{bmatrix} 3 & 4 \\\\ 6 & 8 \\end{bmatrix}$$', silent],
  ['$$x = (1, 2) \\quad y = (3, 4) \\quad x y^T = 11$$', silent],
]);

table('tiny and cancelling values', [
  ['$$0.26^{27} = 1.601 \\times 10^{-16}$$', right(1)],
  ['$$0.26^{27} = 1.603 \\times 10^{-16}$$', wrong(Math.pow(0.26, 27), { fix: '1.601 \\times 10^{-16}' })], // float noise is relative, not 1e-9 absolute
  ['$$0.1 + 0.2 - 0.3 = 0$$', right(1)],
  ['$$0.25^{30} = 8.7 \\times 10^{-19}$$', right(1)],
  ['$$0 \\times (-1) = 0$$', right(1)],
]);

table('≈ with round numbers', [
  ['$$1.5^{10} \\approx 60$$', right(1)],
  ['$$1.5^{10} \\approx 70$$', wrong(57.6650391, { message: '1.5^10 ≈ 60, not 70', fix: '60' })],
  ['$$4 \\times 768 \\times 768 \\approx 2360000$$', right(1)],
  ['$$1.1^{50} \\approx 100$$', right(1)],
  ['$$1.5^{10} = 60$$', wrong(57.6650391)], // after =, a whole number is exact
  ['$$\\frac{2}{3} \\approx 0.8$$', wrong(2 / 3, { message: '2/3 ≈ 0.7, not 0.8' })],
]);

table('argmax spelled \\arg\\max and \\operatorname*', [
  ['$$\\arg\\max(0.1, 0.7, 0.2) = 1$$', right(1)],
  ['$$\\operatorname*{argmax}(0.1, 0.7, 0.2) = 2$$', wrong(1)],
  ['$$\\arg\\min(3, 1, 2) = 1$$', right(1)],
  ['$$\\arg\\max_i \\alpha_i$$', silent],
]);

describe('superscripts in brackets are indices, not powers', () => {
  test('h^{(2)} is not 12² after h = 12 heads; W^{[1]} and x^{<t>} name values', () => {
    const doc = [
      '$$h = 12$$',
      '$$h^{(2)} = \\tanh(0.5) = 0.46$$',
      '$$h^{(2)} + 1 = 1.46$$',
      '$$W^{[1]} = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix} \\quad W^{[1]} \\begin{bmatrix} 1 \\\\ 1 \\end{bmatrix} = \\begin{bmatrix} 3 \\\\ 7 \\end{bmatrix}$$',
      '$$x^{<t>} = 2 \\quad a^{\\langle t \\rangle} = 3 \\quad x^{<t>} a^{\\langle t \\rangle} = 6$$',
      '$$2^{(3)} = 8 \\quad h^{2} = 144$$',
    ].join('\n\n');
    const { analysis, findings } = analyze(doc);
    assert.deepEqual(findings, [], describeFindings(findings));
    assert.equal(analysis.claims, 6);
    assert.deepEqual([...analysis.variables.keys()].sort(), ['W^{[1]}', 'a^{\\langle t\\rangle}', 'h', 'h^{(2)}', 'x^{<t>}']);
  });
});

table('derivative notation is never a fraction of values', [
  ['$$d = 512 \\quad x = 0 \\quad \\frac{d}{dx}\\sigma(x) = \\sigma(x)(1 - \\sigma(x))$$', silent],
  ['$$\\frac{dL}{dw} = 2$$', silent],
  ['$$d_{model} = 512 \\quad d_k = 64 \\quad \\frac{d_{model}}{d_k} = 8$$', right(1)],
  ['$$d = 512 \\quad h = 8 \\quad \\frac{d}{h} = 46$$', wrong(64)],
]);

table('large values read whole; a wrong heavy claim does not starve the rest of its formula', [
  ['$$\\sum_{i=1}^{60000} 0.123 i = 5 \\quad 2 + 2 = 4$$', wrong(221403690, { message: 'Σ_{i=1}^{60000} 0.123i = 221403690, not 5' })],
]);

table('inputs written as exact when the claim is more precise than them; integers exact at any size', [
  ['$$\\sigma(-1.71) = 0.1529$$', wrong(0.1531637, { message: 'σ(−1.71) = 0.1532, not 0.1529' })],
  ['$$\\sigma(-1.71) = 0.1532$$', right(1)],
  ['$$e^{1.02} = 2.7740$$', wrong(Math.exp(1.02))],
  ['$$0.5 \\times 1.414 \\times 1.414 = 1$$', right(1)], // the claim is coarser than 1.414: copied inputs
  ['$$4 \\times 3072 \\times 64 \\times 2048 = 1610612735$$', wrong(1610612736)],
  ['$$768 \\times 2048 \\times 2048 \\times 64 = 206158430308$$', wrong(206158430208)],
  ['$$\\sum_{i=1}^{100000} 0.1 = 10000$$', right(1)], // float noise of a long sum is not a wrong integer
]);

describe('ignore markers', () => {
  test('<!-- dlmath-ignore --> right before a formula skips it; the next is judged', () => {
    const { analysis, findings } = analyze('<!-- dlmath-ignore -->\n$$2 + 2 = 5$$\n\n$$3 + 3 = 7$$');
    assert.deepEqual(findings.map((f) => f.actualValue), [6]);
    assert.equal(analysis.claims, 1);
    assert.equal(analysis.formulas[0].ignored, true);
  });
  test('<!-- dlmath-ignore-file --> skips the file', () => {
    const { analysis, findings } = analyze('<!-- dlmath-ignore-file -->\n$$2 + 2 = 5$$');
    assert.deepEqual(findings, []);
    assert.equal(analysis.ignoredFile, true);
  });
});

table('e^{(…)} stays the exponential', [
  ['$$\\frac{e^{(2 - 3)}}{e^{(2-3)} + e^{(1 - 3)}} = 0.731$$', right(1)],
  ['$$\\frac{e^{(2 - 3)}}{e^{(2-3)} + e^{(1 - 3)}} = 0.73$$', right(1)],
  ['$$e^{(0)} = 2$$', wrong(1)],
]);

describe('letters written together', () => {
  test('Wx is W·x when both have values; Wh_t is W·h_t; scores stays a name', () => {
    const doc = [
      '$W = 0.5$، $x = 2$، $b = 0.1$ و $h_1 = 4$.',
      '$$\\hat{y} = \\sigma(Wx + b) = \\sigma(1.1) = 0.75$$',
      '$$Wh_1 = 2$$',
      '$$Wx + b = 1.2$$',
      '$$scores = 3 \\quad scores + 1 = 4$$',
    ].join('\n\n');
    const { analysis, findings } = analyze(doc);
    assert.deepEqual(findings.map((f) => `${f.line}: ${f.message}`), ['7: Wx + b = 1.1, not 1.2']);
    assert.equal(analysis.claims, 5);
    assertClose(analysis.variables.get('\\hat{y}')?.value, 1 / (1 + Math.exp(-1.1)), 1e-12, 'ŷ');
  });
  test('a letter without a value keeps the run a name', () => {
    judge('$$W = 0.5 \\quad Wz = 3$$', silent);
  });
});

describe('a $$ block written over several paragraphs', () => {
  // VS Code's preview reads a `$$` alone on its line up to the next one, blank lines included; each
  // paragraph inside is a statement of its own
  const block = (body: string) => `پاسخ:\n$$\n${body}\n$$\n`;

  test('a wrong claim in the second paragraph is underlined, the right one above is not', () => {
    const text = block('d_{head} = \\frac{512}{8} = 64\n\n4 \\times 768 \\times 768 = 2357296');
    const { analysis, findings } = analyze(text);
    assert.equal(analysis.formulas.length, 1);
    assert.deepEqual(findings.map((f) => text.slice(f.range.start, f.range.end)), ['2357296']);
    assert.match(findings[0].message, /2359296/);
  });

  test('a variable defined in one paragraph is not read as a product with the next one', () => {
    // `x = 2` then `x + 1 = 3` once read as x = 2x + 1 = 3 (a false alarm with an earlier x = 5)
    const text = `$x = 5$\n\n${block('x = 2\n\nx + 1 = 3')}`;
    const { analysis, findings } = analyze(text);
    assert.equal(findings.length, 0, describeFindings(findings));
    assert.equal(analysis.variables.get('x')?.value, 2);
    assert.equal(analysis.claims, 1);
  });

  test('a line of RLM marks and no-break spaces counts as blank, as it does for finding the block', () => {
    const text = block('x = 2\n\u200f\u00a0\nx + 1 = 4');
    const { findings } = analyze(text);
    assert.deepEqual(findings.map((f) => f.actualValue), [3]);
  });

  test('a line starting with = after a blank line goes on with the chain', () => {
    const { findings } = analyze(block('L = 4 \\times 768\n\n= 3071'));
    assert.deepEqual(findings.map((f) => f.actualValue), [3072]);
  });
});

describe('a superscript 1 on a letter is a label (corpus10)', () => {
  test('[x_k^1, x_k^2] is a point written by its coordinates, not x_k and its square; a power 2 alone still is one', () => {
    const text = '$x_k = 2$\n\n$\\boldsymbol{x}_k = \\left[x_k^1, x_k^2\\right]^{\\top} = [3, 4]^{\\top}$\n\n$x_k^2 + x_k = 6$ and $x_k^2 = 5$\n';
    const { findings } = analyze(text);
    assert.deepEqual(findings.map((f) => [f.code, f.actualValue]), [['wrong-result', 4]], describeFindings(findings));
  });
});

describe('bold type around an operator goes on with the sum (corpus11)', () => {
  test('3 × 5 \\mathbf{\\ + 1} is 3 × 5 + 1, not a product with (+1); bold around a factor is still that factor', () => {
    const text = '$$2 \\times 4 + 3 \\times 5 \\mathbf{\\ + 1} = 24$$\n\n$$2 \\times 4 + 3 \\times 5 \\mathbf{\\ + 1} = 23$$\n\n$$7 \\times 2 \\mathbf{- 1} = 13$$\n\n$$2 \\times \\mathbf{3} = 7$$\n';
    const { findings } = analyze(text);
    assert.deepEqual(findings.map((f) => [f.code, f.actualValue]), [['wrong-result', 24], ['wrong-result', 6]], describeFindings(findings));
  });
});

describe('a row written with wide spaces, and a column times a row (corpus11)', () => {
  test('[1 \\quad 2 \\quad 3] is a row of three numbers; a column × a row is their outer product', () => {
    const col = '\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}';
    const right = `$$\\begin{bmatrix} 3 & 6 \\\\ 6 & 12 \\end{bmatrix} = ${col} \\times \\begin{bmatrix} 3 \\quad 6 \\end{bmatrix}$$\n`;
    const wrong = `$$\\begin{bmatrix} 3 & 6 \\\\ 6 & 13 \\end{bmatrix} = ${col} \\times \\begin{bmatrix} 3 \\quad 6 \\end{bmatrix}$$\n`;
    const withAmp = `$$${col} \\times \\begin{bmatrix} 3 & 6 \\end{bmatrix} = \\begin{bmatrix} 3 & 6 \\\\ 6 & 12 \\end{bmatrix}$$\n`;
    // a row times a column is still one number, and two columns with × still their dot product
    const dots = `$$\\begin{bmatrix} -1 \\quad 0 \\quad 1 \\end{bmatrix} \\begin{bmatrix} 1 \\\\ 2 \\\\ 3 \\end{bmatrix} = 2$$\n\n$$${col} \\times ${col} = 6$$\n`;
    const { findings } = analyze(right + '\n' + wrong + '\n' + withAmp + '\n' + dots);
    assert.deepEqual(findings.map((f) => [f.code, f.actualValue]), [['wrong-result', [[3, 6], [6, 12]]], ['wrong-result', 5]], describeFindings(findings));
  });
});

describe('a count of positions or batches takes its quotient whole (corpus11)', () => {
  test('(100 + 2 − 3)/2 + 1 = 50 and 404/10 + 1 = 41 hold; 51, 40 and 7/2 + 2 = 5 are still wrong', () => {
    const text = '$$H_{out} = \\frac{100 + 2 - 3}{2} + 1 = 50$$\n\n$$\\frac{404}{10} + 1 = 41$$\n\n$$H_{out} = \\frac{100 + 2 - 3}{2} + 1 = 51$$\n\n$$\\frac{404}{10} + 1 = 40$$\n\n$$\\frac{7}{2} + 2 = 5$$\n';
    const { findings } = analyze(text);
    assert.deepEqual(findings.map((f) => [f.code, f.actualValue]), [['wrong-result', 50.5], ['wrong-result', 41.4], ['wrong-result', 5.5]], describeFindings(findings));
  });
});
