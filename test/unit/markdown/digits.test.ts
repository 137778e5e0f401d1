import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { hasNonAsciiDigits, normalizeDigits, toPersianDigits } from '../../../src/core/markdown/digits';

describe('normalizeDigits', () => {
  const cases: Array<[string, string, string]> = [
    ['claims-spec: Persian division', '۱۰ \\div ۴ = ۲.۵', '10 \\div 4 = 2.5'],
    ['claims-spec: wrong Persian result', '۱۰ \\div ۴ = ۲.۴', '10 \\div 4 = 2.4'],
    ['hw5-b: Persian digit in prose', 'هر ۲ تک بودن', 'هر 2 تک بودن'],
    ['all Persian digits', '۰۱۲۳۴۵۶۷۸۹', '0123456789'],
    ['all Arabic-Indic digits', '٠١٢٣٤٥٦٧٨٩', '0123456789'],
    ['Arabic decimal separator', '٢٫٥', '2.5'],
    ['Arabic thousands separator kept as a comma, one for one', '٢٬٣٥٩٬٢٩٦', '2,359,296'],
    ['minus sign U+2212', '−۱ + ٣', '-1 + 3'],
    ['ASCII stays', '4 \\times 768 \\times 768 = 2357296', '4 \\times 768 \\times 768 = 2357296'],
    ['mixed scripts in one number', '۱2٣', '123'],
    ['Persian letters, ZWNJ and bidi marks are untouched', 'نمونه\u200cها \u200f۳\u200e', 'نمونه\u200cها \u200f3\u200e'],
    ['empty', '', ''],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => {
      const out = normalizeDigits(input);
      assert.equal(out, expected);
      assert.equal(out.length, input.length, 'length is kept so offsets stay valid');
    });
  }

  test('every offset maps to the same character position', () => {
    const input = 'مقدار $$۱۰ \\div ۴ = ۲٫۵$$ و ٣٬٠٠٠ است';
    const out = normalizeDigits(input);
    for (let k = 0; k < input.length; k++) {
      const a = input[k];
      const b = out[k];
      if (a !== b) assert.match(a, /[۰-۹٠-٩٫٬−]/u, `only digits and separators change (offset ${k})`);
    }
    assert.equal(out.indexOf('10'), input.indexOf('۱۰'));
  });

  test('returns the same string when there is nothing to map', () => {
    const s = 'h_t = n_t - h_{t-1}';
    assert.equal(normalizeDigits(s), s);
  });
});

describe('hasNonAsciiDigits', () => {
  const cases: Array<[string, boolean]> = [
    ['۱۰ \\div ۴', true],
    ['٣', true],
    ['10 \\div 4', false],
    ['سوال سوم', false],
    ['٫', false],
    ['', false],
  ];
  for (const [input, expected] of cases) {
    test(JSON.stringify(input), () => assert.equal(hasNonAsciiDigits(input), expected));
  }
});

describe('toPersianDigits', () => {
  const cases: Array<[string, string]> = [
    ['2359296', '۲۳۵۹۲۹۶'],
    ['4 × 768 × 768 = 2359296, not 2357296', '۴ × ۷۶۸ × ۷۶۸ = ۲۳۵۹۲۹۶, not ۲۳۵۷۲۹۶'],
    ['-0.25', '-۰.۲۵'],
    ['no digits', 'no digits'],
    ['', ''],
  ];
  for (const [input, expected] of cases) {
    test(JSON.stringify(input), () => {
      assert.equal(toPersianDigits(input), expected);
      assert.equal(normalizeDigits(toPersianDigits(input)), input, 'round-trips through normalizeDigits');
    });
  }
});
