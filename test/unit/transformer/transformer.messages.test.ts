// The transformer calculator's configuration problems and notes go through the message catalog: the
// same problem reads in English and in Persian, with field names and values isolated left to right
// inside the Persian sentence, from the core, the CLI (--lang) and the panel's form.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatConfigProblems,
  formatConfigTextProblem,
  formatConfigWarnings,
  parseConfigText,
  parseTransformerConfig,
  transformerFromObject,
} from '../../../src/core/transformer';
import { LRI, PDI, stripIsolates } from '../../../src/core/messages';
import { runCliWith } from '../engineHelpers';
import { readTransformerConfig, runTransformer } from '../../../src/features/panel/calculators';

const PERSIAN = /[\u0600-\u06FF]/;

function problems(input: unknown) {
  const r = parseTransformerConfig(input);
  assert.equal(r.ok, false, 'expected the config to be rejected');
  return r.ok ? [] : r.errors;
}

describe('transformer configuration messages in English and Persian', () => {
  const cases: [string, unknown, RegExp, RegExp][] = [
    ['heads must divide dModel', { vocabSize: 10, dModel: 100, heads: 3, decoderLayers: 1 }, /^heads must divide dModel .* 100 \/ 3 = 33\.33 is not a whole number$/, /باید dModel را بشمارد/],
    ['a missing required field', { dModel: 64, heads: 8, decoderLayers: 1 }, /^vocabSize is required$/, /لازم است/],
    ['a negative count', { vocabSize: 10, dModel: 64, heads: 8, decoderLayers: -2 }, /^decoderLayers must not be negative, got -2$/, /نباید منفی باشد/],
    ['no layers at all', { vocabSize: 10, dModel: 64, heads: 8 }, /^encoderLayers and decoderLayers are both 0/, /هر دو صفرند/],
    ['a wrong enum value', { vocabSize: 10, dModel: 64, heads: 8, decoderLayers: 1, layerNorm: 'middle' }, /^layerNorm must be one of "pre", "post", got "middle"/, /باید یکی از/],
    ['a model family not counted', { model_type: 'llama', hidden_size: 64 }, /^config model_type "llama" is not one DL Math counts exactly/, /نوع مدل/],
  ];
  for (const [name, input, en, fa] of cases) {
    test(name, () => {
      const errors = problems(input);
      const english = formatConfigProblems(errors, 'en');
      assert.match(english, en);
      assert.ok(!PERSIAN.test(english), `English text has Persian in it: ${english}`);
      const persian = formatConfigProblems(errors, 'fa');
      assert.match(persian, fa);
      assert.ok(PERSIAN.test(persian));
      assert.ok(!/must|required|negative|both 0|one of/.test(stripIsolates(persian)), `English words left in the Persian text: ${persian}`);
    });
  }

  test('field names and values are isolated left to right inside the Persian sentence', () => {
    const persian = formatConfigProblems(problems({ vocabSize: 10, dModel: 100, heads: 3, decoderLayers: 1 }), 'fa');
    for (const part of ['heads', '100', '3', '33.33']) assert.ok(persian.includes(`${LRI}${part}${PDI}`), `${part} is not isolated in ${JSON.stringify(persian)}`);
  });

  test('warnings and the text problems read in both languages', () => {
    const r = parseTransformerConfig({ vocabSize: 100, dModel: 64, heads: 8, decoderLayers: 1, positional: 'none', n_layers: 3 });
    assert.ok(r.ok);
    assert.deepEqual(formatConfigWarnings(r.warnings, 'en'), ["ignoring unknown field 'n_layers' (did you mean encoderLayers or decoderLayers?)"]);
    const [fa] = formatConfigWarnings(r.warnings, 'fa');
    assert.match(fa, /نادیده گرفته شد/);
    assert.ok(fa.includes(`${LRI}n_layers${PDI}`));
    const empty = parseConfigText('   ');
    assert.ok(!empty.ok);
    assert.match(formatConfigTextProblem(empty.message, 'en'), /^the configuration is empty: give a JSON object such as \{"vocabSize": 50257/);
    assert.match(formatConfigTextProblem(empty.message, 'fa'), /خالی است/);
    const broken = parseConfigText('{ "vocabSize": 10, }');
    assert.ok(!broken.ok);
    assert.match(formatConfigTextProblem(broken.message, 'en'), /^the configuration is not valid JSON: /);
    assert.match(formatConfigTextProblem(broken.message, 'fa'), /JSON معتبری نیست/);
  });

  test('a Hugging Face file is read with a note in the language asked for', () => {
    const r = transformerFromObject({ model_type: 'gpt2', vocab_size: 50257, n_embd: 768, n_head: 12, n_layer: 12, n_positions: 1024 });
    assert.ok(r.ok);
    assert.deepEqual(formatConfigWarnings(r.report.warnings, 'en'), ['read as a Hugging Face GPT-2 configuration: pre-LN decoder with a final LayerNorm, output tied to the token embedding']);
    assert.match(formatConfigWarnings(r.report.warnings, 'fa')[0], /به‌عنوان پیکربندی GPT-2 از Hugging Face خوانده شد/);
  });

  const cli = runCliWith;

  test('the CLI writes its errors in the language of --lang', async () => {
    const bad = { 'c.json': '{"vocabSize": 10, "dModel": 100, "heads": 3, "decoderLayers": 1}' };
    const en = await cli(['transformer', '--config', 'c.json'], bad);
    assert.notEqual(en.code, 0);
    assert.match(en.stderr, /invalid config c\.json: heads must divide dModel/);
    const fa = await cli(['transformer', '--config', 'c.json', '--lang', 'fa'], bad);
    assert.notEqual(fa.code, 0);
    assert.match(fa.stderr, /پیکربندی نادرست در/);
    assert.match(fa.stderr, /باید dModel را بشمارد/);
    const empty = await cli(['transformer', '--config', 'e.json'], { 'e.json': '' });
    assert.match(empty.stderr, /e\.json is empty: give a JSON object/);
  });

  test("the panel's form answers in the answer's language", () => {
    const en = readTransformerConfig('{"vocabSize": 10, "dModel": 100, "heads": 3, "decoderLayers": 1}', 'en');
    const fa = readTransformerConfig('{"vocabSize": 10, "dModel": 100, "heads": 3, "decoderLayers": 1}', 'fa');
    assert.ok(!en.ok && /heads must divide dModel/.test(en.error));
    assert.ok(!fa.ok && /باید dModel را بشمارد/.test(fa.error));
    const ok = runTransformer({ vocabSize: 50257, dModel: 768, heads: 12, decoderLayers: 12 }, 'fa');
    assert.ok(ok.ok && stripIsolates(ok.summary).startsWith('رمزگشا ×12'), ok.ok ? ok.summary : ok.error);
    const okEn = runTransformer({ vocabSize: 50257, dModel: 768, heads: 12, decoderLayers: 12 }, 'en');
    assert.ok(okEn.ok && okEn.summary.startsWith('decoder ×12'), okEn.ok ? okEn.summary : okEn.error);
  });
});

describe('what a product of sizes counts, in English and Persian', () => {
  test('4 × 768 × 768: the same explanation in both languages, numbers and equations isolated in Persian', async () => {
    const { describeParameterArithmetic } = await import('../../../src/core/transformer');
    const en = describeParameterArithmetic([4, 768, 768]);
    const fa = describeParameterArithmetic([4, 768, 768], {}, 'fa');
    assert.ok(en && fa);
    assert.equal(en.text, '4·d² with d = 768: the Q, K, V and output projection weights of one attention block: 2,359,296 weights, 2,362,368 with biases');
    assert.equal(fa.value, en.value);
    assert.match(fa.text, /وزن‌های تصویر Q، K، V و خروجی یک بلوک توجه/);
    for (const part of ['4·d²', 'd = 768', '2,359,296', '2,362,368']) assert.ok(fa.text.includes(`${LRI}${part}${PDI}`), `${part} is not isolated in ${JSON.stringify(fa.text)}`);
    assert.ok(!/weights|with biases|attention block/.test(fa.text), fa.text);
  });

  test('a size that disagrees with the document is noted in the language asked for', async () => {
    const { describeParameterArithmetic } = await import('../../../src/core/transformer');
    const en = describeParameterArithmetic([4, 268, 268], { dModel: 768 });
    const fa = describeParameterArithmetic([4, 268, 268], { dModel: 768 }, 'fa');
    assert.ok(en && fa);
    assert.match(en.text, /\(the document has d_model = 768, but this uses 268; a typo\?\)$/);
    assert.match(fa.text, /اشتباه تایپی؟/);
    assert.ok(fa.text.includes(`${LRI}d_model = 768${PDI}`));
  });

  test('skip-gram pair counts: equations stay whole inside the Persian sentence', async () => {
    const { describeSkipGramCount } = await import('../../../src/core/shapes/counting');
    const en = describeSkipGramCount(4000, undefined, { n: 1000, c: 2 });
    const fa = describeSkipGramCount(4000, undefined, { n: 1000, c: 2 }, 'fa');
    assert.ok(en && fa);
    assert.equal(en.text, 'with n = 1,000 words and a window of c = 2 on each side, each word is a center with 2c = 4 context words: 2·c·n = 4,000 (center, context) pairs (ignoring the ends of the text)');
    for (const eq of ['n = 1,000', 'c = 2', '2·c·n = 4,000']) assert.ok(fa.text.includes(`${LRI}${eq}${PDI}`), `${eq} is not one isolate in ${JSON.stringify(fa.text)}`);
    assert.match(fa.text, /جفت \(مرکز، زمینه\)/);
  });
});
