// The claim-judging policy (src/core/claims/judge.ts): each rule with its twin — the correct line is
// silent, a really wrong line of the same shape is still caught — and the property that applying any
// offered fix makes the claim silent.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, describeFindings } from '../engineHelpers';
import { analyzeDocument } from '../../../src/core/document/analysis';
import { mulberry32 } from '../../fuzz/generate';
import type { Finding } from '../../../src/core/types';
import { stripIsolates } from '../../../src/core/messages';

type Expect = { right: true; claims?: number } | { silent: true } | { code?: string; message?: string | RegExp; fix?: string; actual?: number };

const right = (claims?: number): Expect => ({ right: true, claims });
/** Not judged: no finding and no claim counted. */
const silent: Expect = { silent: true };
const wrong = (more: { message?: string | RegExp; fix?: string; actual?: number } = {}): Expect => ({ code: 'wrong-result', ...more });
const falseRelation = (message?: string | RegExp): Expect => ({ code: 'wrong-relation', message });

function check(md: string, e: Expect, lang: 'en' | 'fa' = 'en'): void {
  const { analysis, findings } = analyze(md, { language: lang });
  const shown = findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  const info = `${md}\n→ claims=${analysis.claims}\n${describeFindings(findings)}`;
  if ('silent' in e) {
    assert.deepEqual(shown, [], info);
    assert.equal(analysis.claims, 0, info);
    return;
  }
  if ('right' in e) {
    assert.deepEqual(shown, [], info);
    assert.ok(analysis.claims > 0, `expected the line to be judged: ${info}`);
    if (e.claims !== undefined) assert.equal(analysis.claims, e.claims, info);
    return;
  }
  assert.equal(shown.length, 1, info);
  const f = shown[0];
  assert.equal(f.severity, 'error', info);
  if (e.code) assert.equal(f.code, e.code, info);
  // the words and values; Persian's directional isolates are tested in messages.test.ts
  const text = stripIsolates(f.message);
  if (e.message !== undefined) assert.ok(typeof e.message === 'string' ? text === e.message : e.message.test(text), `message ${JSON.stringify(f.message)} ≠ ${e.message}`);
  if (e.fix !== undefined) assert.equal(f.fix?.newText, e.fix, info);
  if (e.actual !== undefined) assert.ok(typeof f.actualValue === 'number' && Math.abs(f.actualValue - e.actual) <= 1e-9 * Math.abs(e.actual), info);
}

function table(title: string, rows: [string, Expect][]): void {
  describe(title, () => {
    for (const [md, e] of rows) test(`${'right' in e ? 'right' : 'silent' in e ? 'silent' : e.code}: ${md}`, () => check(`$$${md}$$`, e));
  });
}

table('≈ accepts the value rounded (half a unit of the last written place), truncated, or within 1 %', [
  ['1 + 1 \\approx 3', wrong({ message: '1 + 1 ≈ 2, not 3' })],
  ['1 + 1 \\approx 2', right(1)],
  ['\\frac{1}{3} \\approx 0.4', wrong({ message: '1/3 ≈ 0.3, not 0.4' })],
  ['\\frac{1}{3} \\approx 0.3', right(1)],
  ['\\frac{2}{3} \\approx 0.6', right(1)], // truncated, as after =
  ['\\sqrt{2} \\approx 1.5', wrong({ message: '√(2) ≈ 1.4, not 1.5' })],
  ['\\sqrt{2} \\neq 1.5', right(1)],
  ['\\sqrt{2} \\approx 1.41', right(1)],
  ['\\sqrt{2} \\approx 1.4', right(1)],
  ['1.5^{10} \\approx 60', right(1)],
  ['1.5^{10} \\approx 70', wrong()],
  ['110 \\text{M} \\approx 109482240', right(1)], // 1 %
  ['120 \\text{M} \\approx 109482240', wrong()],
  ['e^{-0.5} \\approx 0.61', right(1)],
  ['e^{-0.5} \\approx 0.63', wrong()],
]);

table('inequalities and ≠ between two numbers', [
  ['1 + 1 \\neq 2', falseRelation('1 + 1 ≠ 2 is false: 1 + 1 = 2')],
  ['1 + 1 \\neq 3', right(1)],
  ['1 + 1 \\ne 2', falseRelation()],
  ['3 < 2', falseRelation('3 < 2 is false')],
  ['2 < 3', right(1)],
  ['2 < 2', falseRelation()],
  ['2 \\le 2', right(1)],
  ['2^{10} \\leq 1000', falseRelation('2^10 ≤ 1000 is false: 2^10 = 1024')],
  ['2^{10} \\leq 1024', right(1)],
  ['2^{10} > 1000', right(1)],
  ['2^{10} \\gt 1100', falseRelation()],
  ['e^{-10} \\geq 0.001', falseRelation()],
  ['e^{-10} \\geqslant 0.00001', right(1)],
  ['0.1 + 0.2 \\le 0.3', right(1)], // floating-point noise is equality
  ['\\sqrt{2} \\neq 1.414', silent], // 1.414 is √2 rounded: too close to say
  ['1.414^2 \\ge 2', silent], // a rounded input: too close to say
  ['1.414^2 \\ge 3', falseRelation()],
  ['\\sigma(x) \\le 1', silent], // not computable: not judged
  ['\\sigma(0) = 0.5 < 1', right(2)],
]);

describe('inequalities: the message in Persian', () => {
  test('fa', () => check('$$1 + 1 \\neq 2$$', falseRelation('1 + 1 ≠ 2 نادرست است: 1 + 1 = 2'), 'fa'));
});

table('a bare power of ten is an estimate with one significant figure; after ≈ an order of magnitude', [
  ['2 \\cdot 10^9 \\cdot 16 \\cdot 32 = 10^{12}', right(1)], // d2l minibatch-sgd: 1.024e12
  ['2 \\cdot 10^9 \\cdot 16 \\cdot 64 = 10^{12}', wrong({ message: '2·10^9·16·64 = 2 × 10^12, not 10^12', fix: '2 \\times 10^{12}' })],
  ['5 \\cdot 10^{12} = 10^{12}', wrong({ fix: '5 \\times 10^{12}' })],
  ['9.7 \\times 10^{12} = 10^{13}', right(1)],
  ['0.5^{10} = 10^{-3}', right(1)],
  ['0.5^{11} = 10^{-3}', wrong({ fix: '5 \\times 10^{-4}' })],
  ['10^{-3} = 0.001', right(1)],
  ['2^{20} \\approx 10^{6}', right(1)],
  ['3 \\times 10^{6} \\approx 10^{6}', right(1)], // order of magnitude
  ['4 \\times 10^{6} \\approx 10^{6}', wrong()],
]);

table('the right value is written with at least the significant digits of the claim', [
  ['10^{-3} = 0.01', wrong({ message: '10^−3 = 0.001, not 0.01', fix: '0.001' })],
  ['0.0000001^{2} = 0.0000000000001', wrong({ message: '0.0000001^2 = 0.00000000000001, not 0.0000000000001', fix: '0.00000000000001' })],
  ['0.0000001^{2} = 0.00000000000001', right(1)],
  ['0.81 \\approx 0.283^2', wrong({ message: '0.283^2 ≈ 0.080, not 0.81', fix: '0.080' })], // d2l gp-inference: variance 0.0801
  ['0.080 \\approx 0.283^2', right(1)],
  ['\\frac{1}{3} = 0.34', wrong({ fix: '0.33' })],
]);

/** The text with every fix of `findings` applied (ranges do not overlap: one per claim). */
function applyFixes(text: string, findings: Finding[]): string {
  const fixes = findings.filter((f) => f.fix).map((f) => f.fix!).sort((a, b) => b.range.start - a.range.start);
  let out = text;
  for (const fx of fixes) out = out.slice(0, fx.range.start) + fx.newText + out.slice(fx.range.end);
  return out;
}

describe('applying an offered fix makes the claim silent', () => {
  const SEED = Number(process.env.DLMATH_PROPERTY_SEED ?? 7321);
  test(`random wrong claims in many written styles (seed ${SEED})`, () => {
    const r = mulberry32(SEED);
    const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
    const exprs: (() => string)[] = [
      () => `${int(1, 999)} \\times ${int(1, 999)}`,
      () => `\\frac{${int(1, 50)}}{${int(1, 50)}}`,
      () => `${pick(['0.5', '0.9', '0.25', '1.1', '0.001', '2'])}^{${int(1, 30)}}`,
      () => `\\sqrt{${int(2, 99)}}`,
      () => `10^{-${int(1, 12)}}`,
      () => `e^{-${int(1, 20)}}`,
      () => `\\frac{${int(1, 9)}}{${int(100, 99999)}}`,
      () => `${int(1, 9)} \\cdot 10^{${int(3, 12)}} \\cdot ${int(2, 64)}`,
    ];
    const claims: (() => string)[] = [
      () => String(int(0, 99999)),
      () => (r() * 10).toFixed(int(1, 6)),
      () => '0.' + '0'.repeat(int(0, 12)) + String(int(1, 9)),
      () => `${(1 + r() * 8).toFixed(int(0, 3))} \\times 10^{${int(-15, 15)}}`,
      () => `10^{${int(-15, 15)}}`,
      () => `${int(1, 999)}e-${int(1, 9)}`,
    ];
    let fixed = 0;
    for (let i = 0; i < 400; i++) {
      const rel = r() < 0.25 ? '\\approx' : '=';
      const md = `$$${pick(exprs)()} ${rel} ${pick(claims)()}$$`;
      const before = analyzeDocument(md).findings.filter((f) => f.fix);
      if (!before.length) continue;
      const after = applyFixes(md, before);
      const left = analyzeDocument(after).findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.deepEqual(left.map((f) => f.message), [], `${md}\n→ fixed as ${after}`);
      fixed++;
    }
    assert.ok(fixed > 100, `only ${fixed} wrong claims were generated`);
  });
});

describe('judging a formula spends one bounded budget, not a fresh one per try', () => {
  // Every evaluation from outside the evaluator goes through the module's export: count the work
  // units each one spends (its context's budget before and after), over one whole analysis.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const evalModule = require('../../../src/core/eval/evaluate') as typeof import('../../../src/core/eval/evaluate');
  const cases = [
    // a wrong claim with rounded inputs: the rounding search moves each of them (16 tries here,
    // each as heavy as the first evaluation: 690,000 units before the budget was shared)
    '$$\\sum_{i=1}^{12}\\sum_{j=1}^{12}\\sum_{k=1}^{12} (0.123 i + 0.456 j + 0.789 k + 1.234 + 2.345 + 3.456 + 4.567 + 5.678) = 5$$',
    // `\log` without a base is tried in base 10 and 2 as well
    '$$\\sum_{i=1}^{20}\\sum_{j=1}^{20}\\sum_{k=1}^{20} \\log(1.234 i j k) = 5$$',
  ];
  for (const md of cases) {
    test(md.slice(0, 70), () => {
      const original = evalModule.evaluate;
      let units = 0;
      (evalModule as { evaluate: typeof original }).evaluate = (n, ctx) => {
        const before = ctx.work?.left ?? evalModule.MAX_WORK;
        try {
          return original(n, ctx);
        } finally {
          units += before - (ctx.work?.left ?? evalModule.MAX_WORK);
        }
      };
      let analysis;
      try {
        analysis = analyzeDocument(md);
      } finally {
        (evalModule as { evaluate: typeof original }).evaluate = original;
      }
      // the pieces' evaluation has one MAX_WORK, the judgement of all the formula's claims another
      // (a try that overruns it stops at once: a few units past the budget, not another budget)
      assert.ok(units <= 2 * evalModule.MAX_WORK + 1000, `${units} work units for one formula`);
      assert.ok(units > evalModule.MAX_WORK / 10, `the formula is heavy enough to test the budget (${units})`);
      // and the claim is still either judged wrong or left alone, never called right by a cut-short search
      const shown = analysis.findings.filter((f) => f.severity === 'error');
      assert.ok(shown.every((f) => f.code === 'wrong-result'), shown.map((f) => f.message).join('\n'));
    });
  }
});

table('whole numbers past 2⁵³ are compared exactly, or not judged', [
  ['123456789 \\times 987654321 = 121932631112635260', wrong({ message: '123456789 × 987654321 = 121932631112635269, not 121932631112635260', fix: '121932631112635269' })],
  ['123456789 \\times 987654321 = 121932631112635269', right(1)],
  ['2^{64} = 18446744073709551616', right(1)],
  ['2^{64} = 18446744073709551615', wrong({ fix: '18446744073709551616' })],
  ['2^{64} = 1.8 \\times 10^{19}', right(1)], // a rounded claim stays a floating-point comparison
  ['\\frac{2^{70}}{2} = 590295810358705651712', silent], // not whole-number arithmetic: not judged exactly, so not at all
]);

describe('a written 0 beside a vector is the zero vector', () => {
  const defs = 'Let $\\mathbf{u} = [3, -6]^\\top$ and $\\mathbf{v} = [-1, 2]^\\top$.\n\n';
  test('right: every entry is 0', () => check(`${defs}$$\\mathbf{u} + 3\\mathbf{v} = 0$$`, right()));
  test('wrong: an entry is not 0', () => check(`${defs}$$\\mathbf{u} + 2\\mathbf{v} = 0$$`, wrong({ message: 'u + 2v = [1; −2], not 0' })));
  test('wrong: another number beside a vector', () => check(`${defs}$$\\mathbf{u} + 3\\mathbf{v} = 1$$`, wrong()));
});

table('a % right against a number is a percent sign, not a LaTeX comment', [
  ['\\frac{7}{8} = 87.5%', right(1)],
  ['\\frac{7}{8} = 85.5%', wrong({ message: '7/8 = 87.5%, not 85.5%', fix: '87.5\\%' })],
  ['\\frac{7}{8} = 87.5\\%', right(1)],
]);

table('a decimal written with 8 or more significant digits is a printed float32 (about 5e-7 relative)', [
  ['\\frac{e^{0.5}}{e^{0.5} + e^{0}} = 0.62245935', right(1)], // 0.6224593312…, as single precision prints it
  ['\\frac{e^{0.5}}{e^{0.5} + e^{0}} = 0.62254933', wrong()], // a digit off in the fourth place
  ['\\frac{e^{0.5}}{e^{0.5} + e^{0}} = 0.6224594', wrong()], // seven digits are read as written
]);

describe('an input an earlier line wrote rounded carries its rounding', () => {
  const first = 'First $$r = \\frac{5}{13} = 0.3846$$\n\nthen ';
  test('right: within half a unit of 0.3846 carried through', () => check(`${first}$$\\frac{0.912}{0.3846} = 2.3716$$`, right(2)));
  test('wrong: the same input, a value the rounding cannot explain', () => check(`${first}$$\\frac{0.912}{0.3846} = 2.3800$$`, wrong()));
  test('wrong: the same claim with an input no line wrote rounded', () => check(`${first}$$\\frac{0.912}{0.3851} = 2.3716$$`, wrong()));
  // a short number an earlier line happened to write rounded is still an exact input here
  const short = 'First $$\\frac{3}{100} = 0.03$$\n\nthen ';
  test('wrong: e^{0.03} after a line that wrote 0.03 as its result', () => check(`${short}$$e^{0.03} = 1.0302$$`, wrong()));
  test('right: e^{0.03} written to its digits after the same line', () => check(`${short}$$e^{0.03} = 1.0305$$`, right(2)));
});

describe('a negative result an earlier line wrote rounded carries its rounding too', () => {
  // ln 0.5 = −0.693147, written −0.6931; ln 0.6 = −0.510826: the sum of the true values is −1.20397
  const first = 'Step one: $\\log 0.5 = -0.6931$.\n\nStep two: $\\log 0.6 = -0.5108$.\n\nso\n\n';
  test('right: −0.6931 − 0.5108 written as the rounded sum of the logs', () => check(`${first}$$-0.6931 - 0.5108 = -1.2040$$`, right(3)));
  test('wrong: the same sum, a value the rounding cannot explain', () => check(`${first}$$-0.6931 - 0.5108 = -1.2050$$`, wrong()));
  test('wrong: the same sum when no line wrote the inputs rounded', () => check('$$-0.6931 - 0.5108 = -1.2040$$', wrong()));
});

describe('a value given rounded in a hypothesis carries its rounding into a chain that names the exact expression', () => {
  // "with $\log 0.5 = -0.6931$" is not judged; −0.6931 + ln 0.6 = −1.203926, while ln 0.5 + ln 0.6 = −1.203973 (−1.2040)
  const given = 'Keep $A$ with $\\log 0.5 = -0.6931$.\n\n';
  test('right: the value of the logs, after the written digits', () => check(`${given}$$-0.6931 + \\log 0.6 = -0.6931 - 0.5108 = -1.2040$$`, right(2)));
  test('wrong: the same chain with a value the rounding cannot explain', () => check(`${given}$$-0.6931 + \\log 0.6 = -0.6931 - 0.5108 = -1.2050$$`, wrong()));
  test('wrong: the same chain when the hypothesis wrote another number', () => check('Keep $A$ with $\\log 0.5 = -0.7$.\n\n$$-0.6931 + \\log 0.6 = -0.6931 - 0.5108 = -1.2040$$', wrong()));
  test('wrong: the same chain with no hypothesis above', () => check('$$-0.6931 + \\log 0.6 = -0.6931 - 0.5108 = -1.2040$$', wrong()));
});

describe('a vector an earlier line wrote rounded carries its rounding into a vector computed with it', () => {
  // softmax(1, 0, 2) = (0.244728, 0.090031, 0.665241): with those weights the context is (1.575210, 0.579488);
  // with the written digits 0.2447, 0.0900, 0.6652 it is (1.5751, 0.5794)
  const weights = 'The weights: $$\\alpha = \\left(\\frac{e^1}{e^1 + e^0 + e^2}, \\frac{e^0}{e^1 + e^0 + e^2}, \\frac{e^2}{e^1 + e^0 + e^2}\\right) = (0.2447, 0.0900, 0.6652)$$\n\nso\n\n';
  test('right: the context of the exact weights, entry by entry', () => check(`${weights}$$0.2447 (1, 2) + 0.0900 (0, 1) + 0.6652 (2, 0) = (1.5752, 0.5795)$$`, right(2)));
  test('wrong: the same line with an entry the rounding cannot explain', () => check(`${weights}$$0.2447 (1, 2) + 0.0900 (0, 1) + 0.6652 (2, 0) = (1.5752, 0.5895)$$`, wrong()));
  test('wrong: the same line when no line wrote the weights rounded', () => check('$$0.2447 (1, 2) + 0.0900 (0, 1) + 0.6652 (2, 0) = (1.5752, 0.5795)$$', wrong()));
});

describe('a two-digit input carries the rounding of a line just above, not of one far away', () => {
  // \frac{2}{768} = 0.0026042…, written 0.0026, then used: √(3 × 0.0026) = 0.08832 against √(6/768) = 0.08839
  const first = 'Xavier: $$\\frac{2}{768} = 0.0026$$\n\nso\n\n';
  test('right: the copied 0.0026 against the exact expression', () => check(`${first}$$\\sqrt{3 \\times 0.0026} = \\sqrt{\\frac{6}{768}} = 0.0884$$`, right(3)));
  test('wrong: the same line with a value its rounding cannot explain', () => check(`${first}$$\\sqrt{3 \\times 0.0026} = \\sqrt{\\frac{6}{768}} = 0.0625$$`, wrong()));
  test('wrong: the same input when no line rounded it', () => check('$$\\sqrt{3 \\times 0.0026} = \\sqrt{\\frac{6}{768}}$$', wrong()));
  const far = first + 'A line.\n\n'.repeat(12);
  test('wrong: the same input when the line that rounded it is far above', () => check(`${far}$$\\sqrt{3 \\times 0.0026} = \\sqrt{\\frac{6}{768}}$$`, wrong()));
});

describe('a signed fraction of copied decimals is rounded like an unsigned one', () => {
  // −0.01/√0.4 × 2 = −0.0316228; −0.02/0.6325 = −0.0316206: 0.6325 is √0.4 to four digits
  test('right: −\\frac{0.02}{0.6325} for −0.01/√0.4 × 2', () => check('$$-\\frac{0.01}{\\sqrt{0.4}} \\times 2 = -\\frac{0.02}{0.6325} = -0.0316$$', right(2)));
  test('right: the same without signs', () => check('$$\\frac{0.01}{\\sqrt{0.4}} \\times 2 = \\frac{0.02}{0.6325} = 0.0316$$', right(2)));
  test('wrong: a signed fraction its rounding cannot explain', () => check('$$-\\frac{0.01}{\\sqrt{0.4}} \\times 2 = -\\frac{0.02}{0.6425}$$', wrong()));
});

table('a value written for an earlier expression of the chain, joined by right claims, is right', [
  // the last value is the exact expression's (0.09657), the middle one rounds ln 0.5 to 0.693 (0.0965)
  ['\\frac{1}{2}(0 + 0.5 - \\ln 0.5 - 1) = \\frac{1}{2}(0.5 + 0.693 - 1) = 0.0966', right(2)],
  ['\\frac{1}{2}(0 + 0.5 - \\ln 0.5 - 1) = \\frac{1}{2}(0.5 + 0.693 - 1) = 0.0965', right(2)],
  ['\\frac{1}{2}(0 + 0.5 - \\ln 0.5 - 1) = \\frac{1}{2}(0.5 + 0.693 - 1) = 0.0976', wrong()],
  // an expression written after the value is a new claim about it, not a value written for the ones before
  ['\\frac{1}{2}(0 + 0.5 - \\ln 0.5 - 1) = \\frac{1}{2}(0.5 + 0.693 - 1) = 0.0966 = \\frac{0.1932}{2}', right(3)],
  ['7087872 - 7077888 = 9984 = 13 \\times 768', right(2)],
  ['7087872 - 7077888 = 9984 = 12 \\times 768', wrong({ message: '12 × 768 = 9216, not 9984' })],
]);

test('an expression joined to the chain by a wrong claim is no source for the next value', () => {
  const { findings } = analyze('$$\\frac{1}{2}(0 + 0.5 - \\ln 0.5 - 1) = \\frac{1}{2}(0.5 + 0.793 - 1) = 0.0966$$');
  assert.deepEqual(
    findings.map((f) => stripIsolates(f.message)),
    ['1/2·(0 + 0.5 − ln(0.5) − 1) = 0.09657359, not 1/2·(0.5 + 0.793 − 1)', '1/2·(0.5 + 0.793 − 1) = 0.1465, not 0.0966'],
  );
});

table('a fraction of copied decimals is rounded like any claimed expression; of whole numbers it is exact', [
  ['\\frac{e^{2}}{e^{2} + e^{0}} = \\frac{7.389}{8.389}', right(1)],
  ['\\frac{e^{2}}{e^{2} + e^{0}} = \\frac{7.389}{9.389}', wrong()],
  ['\\frac{-1.714}{3^{0.7}} = \\frac{-1.714}{2.158}', right(1)],
  ['\\frac{-1.714}{3^{0.7}} = \\frac{-1.714}{2.518}', wrong()],
  ['\\frac{2}{3} \\cdot \\frac{3}{4} = \\frac{1}{3}', wrong()],
  ['\\frac{2}{3} \\cdot \\frac{3}{4} = \\frac{1}{2}', right(1)],
]);

describe('a stabilizer (ε = 10^{-8} beside a root) dropped once the numbers are in is no slip', () => {
  const adam = 'With $\\hat m = 0.1$, $\\hat v = 0.01$, $\\epsilon = 10^{-8}$:\n\n';
  test('right: ε written away by name', () => check(`${adam}$$\\frac{\\hat m}{\\sqrt{\\hat v} + \\epsilon} = \\frac{0.1}{0.1} = 1$$`, right(2)));
  test('wrong: the same line with a slip beside the dropped ε', () => check(`${adam}$$\\frac{\\hat m}{\\sqrt{\\hat v} + \\epsilon} = \\frac{0.1}{0.2}$$`, wrong()));
  test('right: a written 10^{-5} under a root (batch norm)', () => check('$$\\frac{3 - 2}{\\sqrt{1 + 10^{-5}}} = 1$$', right(1)));
  test('wrong: the same shape, off by a unit', () => check('$$\\frac{3 - 2}{\\sqrt{1 + 10^{-5}}} = 2$$', wrong()));
  // a whole number added is arithmetic, however small beside the rest
  test('wrong: a whole number is no stabilizer', () => check('$$1000000 + 1 = 1000000$$', wrong()));
  test('wrong: a term not small beside what it is added to', () => check('$$\\frac{1}{0.0001 + 0.00005} = 10000$$', wrong()));
});

describe('a name computes at the value its chain wrote last (a rounded result carried on)', () => {
  const forward = 'With $v = 2$, $d_2 = -1$: $$h_2 = \\tanh(0.5 \\cdot 0.7616 - 1) = \\tanh(-0.6192) = -0.5506$$\n\n$$y_2 = v h_2 = 2 \\times (-0.5506) = -1.1012$$\n\nthen ';
  test('right: the loss computed with the written -1.1012', () => check(`${forward}$$L = \\frac{1}{2}(y_2 - d_2)^2 = \\frac{1}{2}(-0.1012)^2 = 0.00512$$`, right()));
  test('right: the gradient with the written value', () => check(`${forward}$$(y_2 - d_2) v = -0.1012 \\times 2 = -0.2024$$`, right()));
  test('wrong: a value neither the written nor the computed y_2 gives', () => check(`${forward}$$(y_2 - d_2) v = -0.1021 \\times 2$$`, wrong()));
  // a chain whose own claim is wrong leaves no written value to compute with
  const slipped = 'With $v = 2$: $$y = v \\cdot 0.5 = 1.2$$\n\nthen ';
  test('wrong: a name whose chain wrote a wrong number computes at its value', () => {
    const { findings } = analyze(`${slipped}$$3 y = 3.6$$`);
    assert.equal(findings.filter((f) => f.code === 'wrong-result').length, 2, describeFindings(findings));
  });
});

describe('a claim too large for a double is judged by its logarithms, with no overflow warning', () => {
  const shown = (md: string) => analyzeDocument(md).findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  test('right: an order of magnitude after ≈', () => {
    assert.deepEqual(shown('$$128^{900} \\approx 10^{1896}$$').map((f) => f.message), []);
    assert.equal(analyzeDocument('$$128^{900} \\approx 10^{1896}$$').claims, 1);
  });
  test('wrong: another order of magnitude', () => {
    const f = shown('$$128^{900} \\approx 10^{1700}$$');
    assert.deepEqual(f.map((x) => [x.code, x.message, x.fix?.newText]), [['wrong-result', '128^900 ≈ 3 × 10^1896, not 10^1700', '3 \\times 10^{1896}']]);
  });
  test('a mantissa is judged at its written digits', () => {
    assert.deepEqual(shown('$$3^{1000} \\approx 1.3 \\times 10^{477}$$').map((f) => f.message), []);
    assert.deepEqual(shown('$$3^{1000} \\approx 2.3 \\times 10^{477}$$').map((f) => f.message), ['3^1000 ≈ 1.32 × 10^477, not 2.3 × 10^477']);
  });
  test('what logarithms cannot hold still overflows', () => {
    assert.deepEqual(shown('$$128^{900} + 1 \\approx 10^{1896}$$').map((f) => f.code), ['limit', 'limit']);
  });
});

table('a power of ten after ≈ that a double holds is still judged as before', [
  ['2^{1000} \\approx 10^{301}', right(1)],
  ['2^{1000} \\approx 10^{200}', wrong({ message: '2^1000 ≈ 10^301, not 10^200' })],
]);

table('a whole number of three digits or more written for a value no integer arithmetic gives is that value rounded to units', [
  ['e^{9} = 8103', right(1)], // 8103.08
  ['e^{9} = 8104', wrong({ message: 'e^9 = 8103.084, not 8104' })],
  ['1.5^{20} = 3325', right(1)], // 3325.26
  ['1.5^{20} = 2217', wrong()], // 1.5^19
  ['2\\pi \\times 10000 = 62832', right(1)], // 62831.85
  ['2\\pi \\times 10000 = 62830', wrong()],
  ['\\frac{1.8651}{0.001054} = 1770', right(1)], // 1769.545
  ['\\frac{1.8651}{0.001054} = 1760', wrong()],
  ['\\frac{1000}{3} = 333', wrong()], // integer arithmetic: its whole numbers are exact
  ['\\frac{301}{2} = 150', wrong()], // a half is no rounding either way
  ['e^{2} = 7', wrong()], // one digit is too coarse to be a rounding
  // a whole number inside a written fraction, copied rounded (4000^{1.5} = 252982.2)
  ['1000 \\times 4000^{-1.5} = \\frac{1000}{252982}', right(1)],
  ['1000 \\times 4000^{-1.5} = \\frac{1000}{262982}', wrong()],
  ['\\frac{1000}{3} = \\frac{2000}{6001}', wrong()], // integer arithmetic: exact
]);

describe('an order relation introduced as a hypothesis is assumed, not claimed (corpus12)', () => {
  test('"If $|β| > 1$" with β = 1 known is silent; the same relation stated is still false', () => {
    check('Let $\\beta = 1$.\n\n- **If $|\\beta| > 1$:** the terms grow.\n', silent);
    check('If $4 > 5$, nothing follows.\n', silent);
    check('Let $\\beta = 1$.\n\nSo $|\\beta| > 1$ and the terms grow.\n', falseRelation('|β| > 1 is false: |β| = 1'));
    check('Here $4 > 5$ holds.\n', falseRelation('4 > 5 is false'));
  });
});

describe('π given a value far from 3.14159 names a variable, set there (corpus12)', () => {
  test('"$\\pi = 1/2$" (a Bernoulli parameter) is silent; π written wrong near its value is caught; π stays the constant after', () => {
    check('For Bernoulli($\\pi$) the special case $\\pi=1/2$ gives $\\log 2$.\n', silent);
    check('$$\\pi = 0.3$$\n', silent);
    check('$$\\pi = 3.24$$\n', wrong({ message: 'π = 3.14, not 3.24' }));
    check('Take $\\pi = 1/2$.\n\n$$2\\pi = 6.29$$\n', wrong({ message: '2π = 6.28, not 6.29' }));
  });
});

describe('a function of a capital letter given a number is a value for that random variable, not a constant function (corpus12)', () => {
  test('after "$H(X) = 1$" the binary entropy H(0.25) worked out is judged by its own sides', () => {
    const doc = (v: string) => `Max $H(X) = 1$ bit.\n\n$H(0.25) = -0.25\\log_2 0.25 - 0.75\\log_2 0.75 = ${v}$.\n`;
    check(doc('0.8113'), right(1));
    check(doc('0.9113'), wrong({ message: '−0.25log_2(0.25) − 0.75log_2(0.75) = 0.8113, not 0.9113' }));
    // a small letter is a function's parameter: `h(x) = 1` is the constant function still
    check('Here $h(x) = 1$.\n\n$h(0.25) = -0.25\\log_2 0.25 - 0.75\\log_2 0.75 = 0.8113$.\n', wrong({ message: /not 1$/ }));
  });
});

describe('one whole number in brackets right against a name is an entry by its index (corpus12)', () => {
  test('"$S_{sorted}[2] = 20$" is not S times [2]; a bracket set apart from the name is still a product and judged', () => {
    const list = 'Sorted: $S_{sorted} = [12, 15, 20, 22, 24]$.\n\n';
    check(list + 'The second value, $S_{sorted}[2] = 20$.\n', silent);
    check('Let $x = [1, 2, 3]$.\n\n$$z = x [2] = [3]$$\n', wrong({ message: /not 3$/ }));
  });
});

describe('an order that ends a computation introduced with "with" is its conclusion, still judged (corpus12)', () => {
  test('"with $0.5 \\times 0.6 = 0.36 < 0.32$" is false; the same with > is right', () => {
    check('Greedy decoding picks A then B, with $0.5 \\times 0.6 = 0.36 < 0.32$.\n', falseRelation('0.36 < 0.32 is false'));
    check('Greedy decoding picks A then B, with $0.5 \\times 0.6 = 0.36 > 0.32$.\n', right());
  });
});

describe('a fraction times 100 written as a percentage: the × 100 made the number of percent (corpus12)', () => {
  test('"$\\frac{2}{10} \\times 100 = 20\\%$" is right; 25 % is still wrong, and so is a plain 0.3 = 20 %', () => {
    check('$\\frac{2}{10} \\times 100 = 20\\%$', right(1));
    check('$\\frac{2}{10} \\times 100 = 25\\%$', wrong());
    check('$0.3 = 20\\%$', wrong({ message: '0.3 = 30%, not 20%' }));
  });
});
