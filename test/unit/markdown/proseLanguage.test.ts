// Which language an answer's prose is in (src/core/proseLanguage.ts): `auto` messages follow it.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { proseLanguage, MIN_PROSE_LETTERS } from '../../../src/core/markdown/proseLanguage';
import { readFixture } from '../engineHelpers';

describe('proseLanguage', () => {
  test('the repository\'s Persian answers are Persian', () => {
    for (const name of ['attention-fa.md', 'bptt-fa.md', 'params-fa.md']) assert.equal(proseLanguage(readFixture(name)).lang, 'fa', name);
  });

  test('Persian prose full of Latin terms and formulas is still Persian', () => {
    const doc = 'برای softmax و argmax در attention داریم $$\\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V$$ و RNN با BPTT آموزش می‌بیند.';
    const r = proseLanguage(doc);
    assert.equal(r.lang, 'fa');
    assert.ok(r.arabic < r.letters, 'the Latin terms are counted too');
  });

  test('the math is not prose: a Persian sentence with long formulas is Persian, an English one English', () => {
    const math = '$$\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix} \\cdot \\mathrm{softmax}(x_{input}^{T}) = \\text{result}$$';
    assert.equal(proseLanguage(`پاسخ پرسش سوم با ضرب ماتریس‌ها این است: ${Array(5).fill(math).join(' و ')}`).lang, 'fa');
    assert.equal(proseLanguage(`The answer to the third question: ${Array(5).fill(math).join(' and ')}`).lang, 'en');
  });

  test('English prose quoting a Persian word is English', () => {
    assert.equal(proseLanguage('The attention weights (وزن‌ها) sum to one over the keys, so the output is a convex combination of the values.').lang, 'en');
  });

  test('code, comments and link targets are not prose', () => {
    const code = '```python\nfor step in range(10): print(step, "loss", loss_value_for_this_step)\n```\n';
    assert.equal(proseLanguage(`${code.repeat(4)}پاسخ: ضرب داخلی کلید و پرس‌وجو را حساب می‌کنیم.\n<!-- grader notes: check the sign of the third entry -->\n[پیوند](https://example.com/some/very/long/english/path)`).lang, 'fa');
  });

  test('too little prose decides nothing', () => {
    assert.equal(proseLanguage('$$4 \\times 768 \\times 768 = 2359296$$').lang, undefined);
    assert.equal(proseLanguage('# Q1\n\n$x = 1$').lang, undefined);
    assert.equal(proseLanguage('ب'.repeat(MIN_PROSE_LETTERS)).lang, 'fa');
  });
});
