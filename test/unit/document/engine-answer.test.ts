// A whole answer written the way students write (Persian prose, inline and display math, attention,
// transformer sizes, BPTT with numbers): every finding decided by hand, and nothing else flagged.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertClose, describeFindings, lineOf } from '../engineHelpers';
import { FormulaCache, analyzeDocument } from '../../../src/core/document/analysis';

const ANSWER = [
  "# پاسخ تمرین ۶",
  "",
  "## سوال ۱: توجه ضرب نقطه‌ای مقیاس‌شده",
  "",
  "فرض کنید $d_k = 4$ و بردار پرس‌وجو و کلیدها به صورت زیر باشند:",
  "",
  "$$q = \\begin{bmatrix} 1 \\\\ 0 \\\\ 1 \\\\ 0 \\end{bmatrix}, \\quad k_1 = \\begin{bmatrix} 1 \\\\ 1 \\\\ 0 \\\\ 0 \\end{bmatrix}, \\quad k_2 = \\begin{bmatrix} 0 \\\\ 1 \\\\ 1 \\\\ 1 \\end{bmatrix}, \\quad k_3 = \\begin{bmatrix} 1 \\\\ 0 \\\\ 1 \\\\ 1 \\end{bmatrix}$$",
  "",
  "امتیاز هر کلید برابر است با $s_i = \\frac{q \\cdot k_i}{\\sqrt{d_k}}$. پس:",
  "",
  "$$s_1 = \\frac{q \\cdot k_1}{\\sqrt{d_k}} = \\frac{1}{2} = 0.5$$",
  "",
  "$$s_2 = \\frac{q \\cdot k_2}{\\sqrt{4}} = \\frac{1}{2} = 0.5$$",
  "",
  "$$s_3 = \\frac{q \\cdot k_3}{\\sqrt{4}} = \\frac{3}{2} = 1.5$$",
  "",
  "وزن‌های توجه با softmax به دست می‌آیند:",
  "",
  "$$\\alpha = \\mathrm{softmax}([0.5, 0.5, 1.5]) = [0.21, 0.21, 0.58]$$",
  "",
  "$$\\alpha_3 = \\frac{e^{1.5}}{e^{0.5} + e^{0.5} + e^{1.5}} = \\frac{4.48}{1.65 + 1.65 + 4.48} = 0.58$$",
  "",
  "$$\\sum_{i=1}^{3} \\alpha_i = 0.21 + 0.21 + 0.58 = 1$$",
  "",
  "اگر به جای softmax از argmax استفاده کنیم، $\\text{argmax}(s_1, s_2, s_3) = 2$ (اندیس از صفر) و گرادیان نسبت به $s_1$ و $s_2$ صفر می‌شود.",
  "",
  "خروجی توجه با مقادیر $v_1 = 1$، $v_2 = 2$ و $v_3 = 4$:",
  "",
  "$$o = \\sum_{i=1}^{3} \\alpha_i v_i = 0.21 \\times 1 + 0.21 \\times 2 + 0.58 \\times 4 = 2.95$$",
  "",
  "## سوال ۲: تعداد پارامترهای ترنسفورمر",
  "",
  "برای BERT-base داریم $d_{model} = 768$، $h = 12$ و $d_{ff} = 3072$:",
  "",
  "$$d_k = \\frac{d_{model}}{h} = \\frac{768}{12} = 64$$",
  "",
  "$$\\text{Attention} = 4 \\times (768 \\times 768 + 768) = 2362368$$",
  "",
  "$$\\text{FFN} = 768 \\times 3072 + 3072 + 3072 \\times 768 + 768 = 4722432$$",
  "",
  "$$\\text{LayerNorm} = 2 \\times 2 \\times 768 = 3072$$",
  "",
  "$$\\text{Layer} = 2362368 + 4722432 + 3072 = 7087872$$",
  "",
  "$$12 \\times 7087872 = 85054464 \\approx 85 \\text{M}$$",
  "",
  "$$\\text{Embeddings} = (30522 + 512 + 2) \\times 768 + 2 \\times 768 = 23837184$$",
  "",
  "$$85054464 + 23837184 + 768 \\times 768 + 768 = 109482240$$",
  "",
  "پس مدل حدود $110 \\text{M}$ پارامتر دارد. حافظه برای ذخیره وزن‌ها با float32:",
  "",
  "$$109482240 \\times 4 = 437928960 \\text{ bytes} \\approx 438 \\text{ MB}$$",
  "",
  "پیچیدگی توجه برای دنباله‌ای به طول $n = 512$:",
  "",
  "$$n^2 \\cdot d_{model} = 512^2 \\times 768 = 201326592$$",
  "",
  "و شکل ماتریس امتیازها $(12, 512, 512)$ برای هر نمونه است. ضرب ماتریسی $(512 \\times 64)(64 \\times 512) = (512 \\times 512)$.",
  "",
  "## سوال ۳: BPTT و محوشدگی گرادیان",
  "",
  "$$h_t = \\tanh(W_{hh} h_{t-1} + W_{xh} x_t + b)$$",
  "",
  "$$\\frac{\\partial h_t}{\\partial h_{t-1}} = \\mathrm{diag}(1 - h_t^2) W_{hh}$$",
  "",
  "$$\\frac{\\partial L}{\\partial h_1} = \\frac{\\partial L}{\\partial h_T} \\prod_{t=2}^{T} \\frac{\\partial h_t}{\\partial h_{t-1}}$$",
  "",
  "چون $|\\tanh'(z)| \\leq 1$ و $\\sigma'(z) \\leq \\frac{1}{4}$:",
  "",
  "$$\\left\\| \\frac{\\partial h_T}{\\partial h_1} \\right\\| \\leq (\\gamma \\|W\\|)^{T-1}$$",
  "",
  "برای سیگموید با $\\|W\\| = 0.9$ و $T = 11$:",
  "",
  "$$(0.25 \\times 0.9)^{10} = 3.4 \\times 10^{-7}$$",
  "",
  "و برای $\\|W\\| = 4.5$:",
  "",
  "$$(0.25 \\times 4.5)^{10} = 1.125^{10} = 3.25$$",
  "",
  "$$\\sigma'(0) = \\sigma(0)(1 - \\sigma(0)) = 0.5 \\times 0.5 = 0.25$$",
  "",
  "$$\\tanh'(0.5) = 1 - \\tanh^2(0.5) = 1 - 0.4621^2 = 0.786$$",
  "",
  "مثال عددی با $W = 0.5$، $U = 1$، $h_0 = 0$ و $x_1 = 1$، $x_2 = 0.5$:",
  "",
  "$$h_1 = \\tanh(W h_0 + U x_1) = \\tanh(1) = 0.7616$$",
  "",
  "$$h_2 = \\tanh(W h_1 + U x_2) = \\tanh(0.5 \\times 0.7616 + 0.5) = \\tanh(0.8808) = 0.7064$$",
  "",
  "$$\\frac{\\partial h_2}{\\partial h_1} = W(1 - h_2^2) = 0.5 \\times (1 - 0.7064^2) = 0.2505$$",
  "",
  "$$\\frac{\\partial h_2}{\\partial h_1} = 0.5 \\times 0.5010 = 0.2505$$",
  "",
  "$$\\frac{\\partial h_2}{\\partial h_0} = 0.2505 \\times 0.5 \\times (1 - 0.7616^2) = 0.0526$$",
  "",
  "## سوال ۴: clipping",
  "",
  "اگر $\\|g\\| = 10$ و آستانه $5$ باشد:",
  "",
  "$$g' = \\frac{5}{\\|g\\|} g = 0.5 g$$",
  "",
  "$$\\left\\| \\begin{bmatrix} 6 \\\\ 8 \\end{bmatrix} \\right\\| = \\sqrt{36 + 64} = 10$$",
  "",
  "$$\\frac{5}{10}\\begin{bmatrix} 6 \\\\ 8 \\end{bmatrix} = \\begin{bmatrix} 3 \\\\ 4 \\end{bmatrix}$$",
  "",
  "هزینه‌ی آموزش $5 تا $10 دلار است.",
  ""
].join('\n');

/**
 * The mistakes in this answer, found by hand:
 * - q·k_3 is 1·1 + 0·0 + 1·1 + 0·1 = 2, so s_3 = 2/2 = 1, not 3/2;
 * - (0.25 × 0.9)^10 = 3.33 × 10^−7: 3.4 × 10^−7 is misrounded;
 * - tanh(0.8808) = 0.7068, not 0.7064;
 * - so W(1 − h_2²) with the true h_2 = 0.7068 is 0.2502, not 0.5 × (1 − 0.7064²) = 0.2505.
 * Everything else is right (rounded intermediate values judged at their precision), symbolic
 * (BPTT derivations, bounds), shape notation ((512 × 64)(64 × 512) = (512 × 512)) or prose ($5 تا $10).
 */
const EXPECTED: [line: string, message: string, actual: number][] = [
  ['s_3 = \\frac{q \\cdot k_3}', '(q·k_3)/√(4) = 1, not 3/2', 1],
  ['(0.25 \\times 0.9)^{10} = 3.4', '(0.25 × 0.9)^10 = 3.3 × 10^−7, not 3.4 × 10^−7', Math.pow(0.225, 10)],
  ['h_2 = \\tanh(W h_1 + U x_2)', 'tanh(0.8808) = 0.7068, not 0.7064', Math.tanh(0.8808)],
  ['= W(1 - h_2^2)', 'W(1 − h_2^2) = 0.2502039, not 0.5 × (1 − 0.7064^2)', 0.5 * (1 - Math.tanh(0.5 * Math.tanh(1) + 0.5) ** 2)],
];

describe('a realistic answer (attention, transformer counts, BPTT)', () => {
  const { analysis, findings } = analyze(ANSWER);
  test('exactly the four mistakes, in order, with their right values', () => {
    assert.equal(findings.length, EXPECTED.length, describeFindings(findings));
    EXPECTED.forEach(([needle, message, actual], i) => {
      const f = findings[i];
      assert.equal(f.line, lineOf(ANSWER, needle), `finding ${i + 1}: ${f.message}`);
      assert.equal(f.severity, 'error');
      assert.equal(f.code, 'wrong-result');
      assert.equal(f.message, message);
      assertClose(f.actualValue, actual, 1e-6, message);
    });
  });
  test('the claims counted: every computable = and ≈', () => {
    assert.equal(analysis.claims, 48);
  });
  test('the attention variables are known at the end', () => {
    assert.deepEqual(analysis.variables.get('s_3')?.value, 1);
    assert.equal(analysis.variables.get('h')?.value, 12);
    assertClose(analysis.variables.get('h_1')?.value, Math.tanh(1), 1e-12, 'h_1');
  });
  test('each distinct formula is parsed once; an edit re-parses only the formula it changed', () => {
    class CountingCache extends FormulaCache {
      parses = 0;
      override set(key: string, v: Parameters<FormulaCache['set']>[1]): void {
        this.parses++;
        super.set(key, v);
      }
    }
    const cache = new CountingCache();
    const first = analyzeDocument(ANSWER, undefined, cache);
    const distinct = new Set(first.formulas.map((f) => f.span.content)).size;
    assert.equal(cache.parses, distinct);
    analyzeDocument(ANSWER, undefined, cache);
    assert.equal(cache.parses, distinct, 'a second pass parses nothing');
    const edited = ANSWER.replace('(0.25 \\times 0.9)^{10} = 3.4', '(0.25 \\times 0.9)^{10} = 3.3');
    assert.notEqual(edited, ANSWER);
    const after = analyzeDocument(edited, undefined, cache);
    assert.equal(cache.parses, distinct + 1);
    assert.equal(after.findings.length, first.findings.length - 1);
  });
  test('a second analysis through a cache gives the same findings', () => {
    const cache = new FormulaCache();
    const a = JSON.stringify(analyzeDocument(ANSWER, undefined, cache).findings);
    const b = JSON.stringify(analyzeDocument(ANSWER, undefined, cache).findings);
    assert.equal(a, JSON.stringify(analysis.findings));
    assert.equal(b, a);
  });
});
