// The panel's calculators: what "Insert into answer" writes for the BPTT deriver and the transformer
// calculator, and how a block is placed at the cursor.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { answerLanguage, asBlock, bpttInsertText, runBptt, runTransformer, transformerInsertText } from '../../../src/features/panel/calculators';
import { findMathSpans } from '../../../src/core/markdown/spans';
import { derivationBlocks, derivationMarkdown, deriveBptt, parseRecurrence } from '../../../src/core/bptt';

describe('BPTT deriver', () => {
  test('the recurrence of the sample answer, ∂L/∂h_0 for 3 steps', () => {
    const r = runBptt({ recurrence: 'h_t = \\tanh(W h_{t-1} + U x_t + b)', wrt: 'h_0', steps: 3, loss: 'final', notation: 'auto' });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.notation, 'matrix', 'capital weights read as matrices');
    assert.equal(r.recurrence, 'h_{t} = \\tanh\\left(W h_{t-1} + U x_{t} + b\\right)');
    assert.equal(r.lang, 'en');
    assert.equal(r.rtl, false);
    assert.ok(r.blocks.some((b) => b.kind === 'display' && b.lines[0] === '\\begin{aligned}'));
    assert.ok(r.blocks.some((b) => b.kind === 'display' && b.lines.some((l) => /h_\{?0\}?/.test(l))));
  });

  test('the preview is what "Insert into answer" writes: the answer\'s language for the sentences, the panel\'s for errors', () => {
    const request = { recurrence: 'h_t = \\tanh(W h_{t-1} + U x_t + b)', wrt: 'W', steps: 3, loss: 'final', notation: 'auto' } as const;
    const parsed = parseRecurrence(request.recurrence);
    assert.ok(parsed.ok);
    const d = deriveBptt(parsed.recurrence, { target: { kind: 'param', role: 'W' }, loss: 'final', notation: 'matrix', steps: 3 });
    // a Persian answer in an English panel (dlmath.messages.language: en): the preview shows the Persian that is inserted
    const fa = runBptt(request, 'en', 'fa');
    assert.ok(fa.ok);
    assert.equal(fa.lang, 'fa');
    assert.equal(fa.rtl, true);
    assert.deepEqual(fa.blocks, derivationBlocks(d, 'fa'));
    const words = fa.blocks.flatMap((b) => (b.kind === 'paragraph' ? b.pieces.flatMap((p) => ('text' in p ? [p.text] : [])) : []));
    assert.ok(words.length > 3 && words.every((w) => !/[A-Za-z]{3}/.test(w)), `English words in the Persian preview: ${words.join(' | ')}`);
    assert.ok(words.some((w) => /بازشده برای/.test(w)));
    // an English answer: English sentences, left to right
    const en = runBptt(request, 'fa', 'en');
    assert.ok(en.ok);
    assert.equal(en.rtl, false);
    assert.deepEqual(en.blocks, derivationBlocks(d, 'en'));
    // the language defaults to the panel's
    const same = runBptt(request, 'fa');
    assert.ok(same.ok && same.lang === 'fa');
    // an error is the panel's message, whatever the answer's language
    const bad = runBptt({ ...request, wrt: 'Q' }, 'en', 'fa');
    assert.ok(!bad.ok);
    assert.doesNotMatch(bad.error, /[\u0600-\u06ff]/);
  });

  test('inserted text is the Derive BPTT command\'s Markdown in the answer\'s language; the span finder reads back every formula of it', () => {
    const request = { recurrence: 'h_t = x_t - h_{t-1}', wrt: 'h_0', steps: 4, loss: 'sum', notation: 'scalar' } as const;
    const parsed = parseRecurrence(request.recurrence);
    assert.ok(parsed.ok);
    const d = deriveBptt(parsed.recurrence, { target: { kind: 'state', k: 0 }, loss: 'sum', notation: 'scalar', steps: 4 });
    for (const lang of ['en', 'fa'] as const) {
      const text = bpttInsertText(request, lang);
      assert.equal(text, `${derivationMarkdown(d, lang)}\n`);
      const spans = findMathSpans(text);
      const blocks = text.match(/^\$\$$/gm)?.length ?? 0;
      assert.equal(spans.filter((s) => s.delimiter === '$$').length, blocks / 2, 'each display block is one formula');
      assert.equal(spans[0].start, 0);
      // every $…$ of a sentence is a formula too
      const inline = text.split('\n\n').filter((p) => !p.startsWith('$$')).join(' ').match(/\$/g)?.length ?? 0;
      assert.equal(spans.filter((s) => s.delimiter === '$').length, inline / 2);
    }
    assert.match(bpttInsertText(request, 'fa') ?? '', /بازشده برای \$T = 4\$:/);
  });

  test('errors name what to change', () => {
    const bad = runBptt({ recurrence: 'y = 3x', wrt: 'h_0', steps: 3, loss: 'final', notation: 'auto' });
    assert.equal(bad.ok, false);
    const noTarget = runBptt({ recurrence: 'h_t = \\sigma(W h_{t-1})', wrt: 'U', steps: 3, loss: 'final', notation: 'auto' });
    assert.ok(!noTarget.ok);
    assert.match(noTarget.error, /no input term|U/);
    const empty = runBptt({ recurrence: 'h_t = \\sigma(W h_{t-1})', wrt: '  ', steps: 3, loss: 'final', notation: 'auto' });
    assert.ok(!empty.ok);
    assert.match(empty.error, /^the target is empty/);
    assert.equal(bpttInsertText({ recurrence: 'y = 3x', wrt: 'h_0', steps: 3, loss: 'final', notation: 'auto' }), undefined);
  });
});

describe('transformer calculator', () => {
  const gpt2 = { vocabSize: 50257, dModel: 768, heads: 12, decoderLayers: 12, maxPositions: 1024, layerNorm: 'pre', finalLayerNorm: true, tiedEmbeddings: true, bias: true, positional: 'learned', encoderLayers: 0, batch: 1, seqLen: 1024 };
  test('GPT-2 small has 124,439,808 parameters', () => {
    const r = runTransformer(gpt2);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.total, 124_439_808);
    assert.equal(r.totalText, '124,439,808');
    assert.equal(r.rows.reduce((s, row) => s + row.params, 0), r.total, 'the rows add up to the total');
  });
  test('the panel\'s table names the components in the panel\'s language, as the inserted table does', () => {
    const en = runTransformer(gpt2, 'en');
    const fa = runTransformer(gpt2, 'fa');
    assert.ok(en.ok && fa.ok);
    assert.equal(en.rows[0].name, 'token embedding');
    assert.equal(fa.rows[0].name, 'تعبیه‌ی توکن');
    assert.ok(fa.rows.every((r) => /[\u0600-\u06ff]/.test(r.name)), fa.rows.map((r) => r.name).join(' | '));
    assert.ok(en.rows.every((r) => !/[\u0600-\u06ff]/.test(r.name)));
    assert.deepEqual(fa.rows.map((r) => r.params), en.rows.map((r) => r.params));
    const table = transformerInsertText(gpt2, 'fa') ?? '';
    for (const r of fa.rows) assert.ok(table.includes(`| ${r.name} |`), `the inserted table names "${r.name}" otherwise`);
  });
  test('the inserted table follows the answer\'s language', () => {
    const en = transformerInsertText(gpt2, 'en') ?? '';
    const fa = transformerInsertText(gpt2, 'fa') ?? '';
    assert.match(en, /\*\*Total\*\* \| +\| +\| \*\*124,439,808\*\*/);
    assert.match(fa, /مجموع/);
    assert.match(fa, /124,439,808/);
    assert.equal(answerLanguage('پاسخ سوال ۴: بعد مدل را از صورت سوال می‌خوانیم $d = 768$'), 'fa');
    assert.equal(answerLanguage('Answer 4: the model size is read from the question, $d = 768$'), 'en');
    // too little prose to tell (a title only): the fallback, as `auto` messages do
    assert.equal(answerLanguage('پاسخ سوال ۴: $d = 768$', 'en'), 'en');
    // the answer's prose decides, not a Persian word inside the math, and with no prose the fallback
    assert.equal(answerLanguage('The size is $d = 768 \\text{ بعد }$, as the question says.', 'fa'), 'en');
    assert.equal(answerLanguage('$$d = 768$$', 'fa'), 'fa');
    assert.equal(answerLanguage('$$d = 768$$'), 'en');
  });
  test('an invalid configuration names the field', () => {
    const r = runTransformer({ vocabSize: 100, dModel: 770, heads: 12 });
    assert.ok(!r.ok);
    assert.match(r.error, /heads|dModel/);
    assert.equal(transformerInsertText({ dModel: 768 }, 'en'), undefined);
  });
});

describe('a block at the cursor', () => {
  const cases: [string, [string, string, boolean], string][] = [
    ['an empty line after a blank one', ['', '', true], '$$x$$\n'],
    ['an empty line right after text', ['', '', false], '\n$$x$$\n'],
    ['the end of a line of prose', ['some text', '', false], '\n\n$$x$$\n'],
    ['the middle of a line', ['some ', 'text', false], '\n\n$$x$$\n\n'],
    ['the start of a line of text', ['', 'text', true], '$$x$$\n\n'],
  ];
  for (const [name, [before, after, prevBlank], expected] of cases) {
    test(name, () => assert.equal(asBlock('$$x$$\n', before, after, prevBlank), expected));
  }
});

test('the BPTT calculator writes its errors in the answer\'s language', () => {
  const fa = runBptt({ recurrence: 'y_t = W h_t', wrt: 'h_0', steps: 3, loss: 'final', notation: 'auto' }, 'fa');
  assert.ok(!fa.ok);
  assert.match(fa.error, /رابطهٔ بازگشتی/);
  const en = runBptt({ recurrence: 'y_t = W h_t', wrt: 'h_0', steps: 3, loss: 'final', notation: 'auto' });
  assert.ok(!en.ok);
  assert.match(en.error, /^not a recurrence I can read: y_\{t\} does not depend on y_\{t-1\}/);
  const target = runBptt({ recurrence: 'h_t = \\sigma(W h_{t-1})', wrt: 'Q', steps: 3, loss: 'final', notation: 'auto' }, 'fa');
  assert.ok(!target.ok);
  assert.match(target.error, /هدف ناشناخته/);
});
