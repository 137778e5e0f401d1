// Limits: every input too big to check gets a clear `limit` message underlining what is too big,
// and never a freeze, a crash or a silent nothing. No wall-clock assertions here (they are flaky
// under load): `npm run fuzz` and `npm run bench` hold the timing budgets.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/document/analysis';
import { evaluateLatex } from '../../../src/core/eval/evaluateLatex';
import { MAX_WORK } from '../../../src/core/eval/evaluate';
import { defaultOptions, type EngineOptions, type Finding } from '../../../src/core/types';

const bm = (rows: number, cols: number, cell = '1') => `\\begin{bmatrix}${Array.from({ length: rows }, () => Array(cols).fill(cell).join('&')).join('\\\\')}\\end{bmatrix}`;
const n = (x: number) => x.toLocaleString('en-US');

interface LimitCase {
  name: string;
  /** The answer file. */
  doc: string;
  options?: Partial<EngineOptions>;
  /** The finding's message. */
  message: RegExp;
  /** The text the finding underlines starts with this (a prefix, for long constructs). */
  underlines: string;
  code?: string[];
}

const CASES: LimitCase[] = [
  // matrix dimensions
  { name: 'a written matrix with more entries than maxMatrixElements', doc: `پاسخ: $W = ${bm(11, 10)}$`, options: { maxMatrixElements: 100 }, message: /matrix has more than 100 entries \(the limit\)/i, underlines: '\\begin{bmatrix}' },
  { name: 'a computed matrix larger than 250,000 entries (diag of 600)', doc: `$D = \\mathrm{diag}(${bm(600, 1)})$`, message: /600×600 result is larger than the 250,000-entry limit/, underlines: '\\mathrm{diag}(' },
  { name: 'a 10,000×10,000 matrix written out (as a 1,000×1,000 sample: any such matrix is over the length limit)', doc: `ماتریس: $$${bm(1000, 1000)} = 1$$`, message: /Formula not checked: 2,\d{3},\d{3} characters is above the 20,000-character limit/, underlines: '$$\\begin{bmatrix}', code: ['limit'] },
  // Σ/Π term counts
  { name: 'Σ with 10^9 terms', doc: '$x = 1 + \\sum_{i=1}^{10^9} i$', message: /Σ has 1,000,000,000 terms, above the 100,000-term limit/, underlines: '\\sum_{i=1}^{10^9} i' },
  { name: 'Π with 200,000 terms', doc: '$\\prod_{k=1}^{200000} 1 = 1$', message: /Π has 200,000 terms, above the 100,000-term limit/, underlines: '\\prod_{k=1}^{200000} 1' },
  { name: 'nested Σ whose terms multiply past the work limit', doc: '$\\sum_{i=1}^{1000} \\sum_{j=1}^{1000} i j = 5$', message: new RegExp(`Σ over 1,000 terms needs more than ${n(MAX_WORK)} arithmetic steps`), underlines: '\\sum_{i=1}^{1000} \\sum' },
  { name: 'Π of matrices past the work limit', doc: `$\\prod_{i=1}^{100000} ${bm(20, 20)}$`, message: new RegExp(`Π over 100,000 terms needs more than ${n(MAX_WORK)} arithmetic steps`), underlines: '\\prod_{i=1}^{100000}' },
  // exponents
  { name: '2^{10^9}', doc: '$2^{10^9} = 3$', message: /2\^1000000000 is too large to represent \(overflow\)/, underlines: '2^{10^9}' },
  { name: 'a power tower', doc: '$2^{2^{2^{2^{2^{2}}}}}$', message: /2\^65536 is too large to represent/, underlines: '2^{2^{2^{2^{2}}}}}' }, // the power that overflows
  { name: 'a matrix to the power 10^9', doc: `$A = ${bm(2, 2)}^{10^9}$`, message: /Matrix power 1000000000 is above the limit of 1000/i, underlines: '\\begin{bmatrix}' },
  { name: 'a 60×60 matrix to the power 1000 (under 1000, over the work limit)', doc: `$${bm(60, 60, '0.5')}^{1000}$`, message: new RegExp(`60×60 matrix to the power 1000 needs more than ${n(MAX_WORK)} arithmetic steps`), underlines: '\\begin{bmatrix}' },
  { name: '171!', doc: '$171! = 1$', message: /171! is too large to represent/, underlines: '171!' },
  { name: 'a binomial with 10^9 choose 5×10^8', doc: '$\\binom{10^9}{5 \\times 10^8} = 1$', message: /needs more than [\d,]+ arithmetic steps/, underlines: '\\binom{10^9}' },
  // numbers
  { name: 'a 400-digit number', doc: `$${'9'.repeat(400)} + 1 = 5$`, message: /The number 99999999999999999999… is too large to compute with/, underlines: '9999' },
  // nesting depth
  { name: '250 nested braces', doc: `$${'{'.repeat(250)}1${'}'.repeat(250)}$`, message: /Nesting deeper than 200 levels/i, underlines: '{', code: ['limit', 'syntax'] },
  { name: '10,000 nested parentheses (over the length limit too)', doc: `$${'('.repeat(10_000)}1${')'.repeat(10_000)}$`, message: /Formula not checked: 20,001 characters/, underlines: '$(((', code: ['limit'] },
  { name: '300 nested parentheses', doc: `$${'('.repeat(300)}1${')'.repeat(300)}$`, message: /Nesting deeper than 200 levels/i, underlines: '(' },
  { name: '250 nested \\frac', doc: `$${'\\frac{1}{'.repeat(250)}2${'}'.repeat(250)}$`, message: /Nesting deeper than 200 levels/i, underlines: '{', code: ['limit', 'syntax'] },
  { name: '100 matrices nested in each other', doc: `$${'\\begin{bmatrix} 1 & '.repeat(100)}1${' \\end{bmatrix}'.repeat(100)}$`, message: /Nesting deeper than 200 levels|nested too deeply/i, underlines: '' },
  { name: '5,000 unary minus signs', doc: `$${'-'.repeat(5000)}1 = 1$`, message: /More than 1,000 terms and operators in one expression/, underlines: '-----' },
  { name: 'a chain of 1,500 additions', doc: `$${Array(1500).fill('1').join('+')} = 1500$`, message: /More than 1,000 terms and operators in one expression/, underlines: '1+1+1' },
  { name: 'a power tower of 3,000 carets', doc: `$${'2^'.repeat(3000)}1$`, message: /More than 1,000 terms and operators in one expression/, underlines: '2^2^' },
  { name: '3,000 factorial signs', doc: `$3${'!'.repeat(3000)} = 6$`, message: /More than 1,000 terms and operators|is too large to represent/, underlines: '3!!!' },
  { name: '2,000 symbols side by side', doc: `$${Array(2000).fill('x').join(' ')} = 1$`, message: /More than 1,000 terms and operators in one expression/, underlines: 'x x x' },
  // formula length
  { name: 'a formula of 20,001 characters', doc: `text $${'1+'.repeat(10_000)}1$ text`, message: /Formula not checked: 20,001 characters is above the 20,000-character limit/, underlines: '$1+1+', code: ['limit'] },
];

function limitFindings(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.code === 'limit' || f.code === 'syntax');
}

describe('limits give a positioned message, not a freeze', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const a = analyzeDocument(c.doc, c.options);
      const hits = limitFindings(a.findings).filter((f) => c.message.test(f.message));
      assert.equal(hits.length, 1, `one finding matching ${c.message}; got ${JSON.stringify(a.findings.map((f) => [f.code, f.message.slice(0, 120)]))}`);
      const f = hits[0];
      assert.ok((c.code ?? ['limit']).includes(f.code), `code ${f.code}`);
      assert.notEqual(f.severity, 'error', 'a limit is not a wrong answer');
      assert.ok(f.range.start >= 0 && f.range.start < f.range.end && f.range.end <= c.doc.length, `range ${JSON.stringify(f.range)} in the document`);
      assert.ok(c.doc.slice(f.range.start).startsWith(c.underlines), `underlines ${JSON.stringify(c.doc.slice(f.range.start, f.range.start + 30))}, expected it to start with ${JSON.stringify(c.underlines)}`);
      // nothing else in that formula is judged from a value that was never computed
      assert.deepEqual(a.findings.filter((x) => x.code === 'wrong-result'), []);
    });
  }
});

describe('limits in evaluateLatex (the Evaluate command and dlmath eval)', () => {
  const EVAL: [string, RegExp, [number, number]?][] = [
    ['2^{10^9}', /too large to represent/, [0, 8]],
    ['\\sum_{i=1}^{10^9} i', /1,000,000,000 terms, above the 100,000-term limit/, [0, 19]],
    ['\\sum_{i=1}^{100000} \\sum_{j=1}^{100000} 1', /Σ over 100,000 terms needs more than/, [0, 41]],
    [`${'-'.repeat(5000)}1`, /More than 1,000 terms and operators/],
    [`${'('.repeat(300)}1${')'.repeat(300)}`, /Nesting deeper than 200 levels/i],
    [`${'1+'.repeat(10_000)}1`, /20,001 characters long, above the 20,000-character limit/],
    [bm(400, 400), /characters long, above the 20,000-character limit/],
  ];
  for (const [src, message, range] of EVAL) {
    test(src.slice(0, 40), () => {
      const r = evaluateLatex(src);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.ok(r.code === 'limit' || r.code === 'syntax', r.code);
      assert.match(r.message, message);
      if (range) assert.deepEqual(r.range, { start: range[0], end: range[1] });
    });
  }

  test('just under each limit still computes', () => {
    const ok = (src: string, value: number) => {
      const r = evaluateLatex(src);
      assert.ok(r.ok, `${src.slice(0, 40)}: ${r.ok ? '' : r.message}`);
      if (r.ok) assert.equal(r.value, value);
    };
    ok('\\sum_{i=1}^{100000} i', 5_000_050_000);
    ok('\\sum_{i=1}^{100} \\sum_{j=1}^{100} 1', 10_000);
    ok('170! / 170!', 1);
    ok(Array(999).fill('1').join('+'), 999);
    ok(`${'('.repeat(90)}2${')'.repeat(90)}`, 2);
    ok('2^{-10^9}', 0);
    ok(`\\det ${bm(30, 30, '0')}`, 0);
  });
});

describe('results that are not numbers never reach a claim', () => {
  test('a determinant that overflows is a positioned limit, not "= NaN, not 969"', () => {
    const doc = '$$\\begin{vmatrix} 6e200 & 3 \\\\ 2 & 9e200 \\end{vmatrix} = 969$$';
    const a = analyzeDocument(doc);
    assert.deepEqual(a.findings.map((f) => f.code), ['limit']);
    assert.match(a.findings[0].message, /too large to represent \(overflow\)/);
    assert.ok(doc.slice(a.findings[0].range.start).startsWith('\\begin{vmatrix}'));
  });

  test('a lone number past a double but not past its logarithm is a number, not a limit; a claim about it is judged', () => {
    // d2l: "there are $256^{784}$ possible images" (nothing claimed)
    assert.deepEqual(analyzeDocument('If each pixel takes one of $256$ values, there are $256^{784}$ possible images.').findings, []);
    assert.deepEqual(analyzeDocument('$256^{784} \\approx 10^{1700}$').findings.map((f) => f.code), ['wrong-result']);
    // what its logarithm cannot hold still is one
    assert.deepEqual(analyzeDocument('$2^{2^{2^{2^{2^{2}}}}}$').findings.map((f) => f.code), ['limit']);
  });

  test('a product of overflowing entries is not judged', () => {
    const a = analyzeDocument('$q = \\begin{bmatrix} 1e300 \\\\ -1e300 \\end{bmatrix}$ $q \\cdot q = 5$');
    for (const f of a.findings) assert.doesNotMatch(f.message, /NaN|Infinity|∞/);
    assert.deepEqual(a.findings.map((f) => f.code), ['limit']);
  });

  test('a number with 150 decimals is formatted, not a crash', () => {
    const tiny = `0.${'0'.repeat(150)}1`;
    const a = analyzeDocument(`$${tiny} \\times 2 = 1$`);
    assert.deepEqual(a.findings.map((f) => f.code), ['wrong-result']);
    assert.ok(a.findings[0].actual && a.findings[0].actual.length <= 120, a.findings[0].actual);
  });
});

describe('a spent work budget stops the formula, not the document', () => {
  test('the formula after a too-costly one is still checked', () => {
    const doc = '$\\sum_{i=1}^{100000} \\sum_{j=1}^{100000} 1 = 1$\n\n$4 \\times 768 \\times 768 = 2357296$';
    const a = analyzeDocument(doc);
    assert.deepEqual(a.findings.map((f) => f.code), ['limit', 'wrong-result']);
    assert.equal(a.findings[1].actualValue, 2359296);
  });

  test('one limit finding per formula, not one per piece after the budget ran out', () => {
    const a = analyzeDocument('$\\sum_{i=1}^{100000} \\sum_{j=1}^{100000} 1 = \\sum_{i=1}^{100000} \\sum_{j=1}^{100000} 1 = 2 + 2$');
    assert.equal(a.findings.filter((f) => f.code === 'limit').length, 1);
  });
});

describe('huge input gets an answer, not a hang', () => {
  test('a 1,000,000-character line is read whole', () => {
    // prose with a claim every ~1,000 characters (the formula-dense line is in `npm run fuzz`)
    const parts: string[] = [];
    for (let i = 0, len = 0; len < 1_000_000; i++) {
      parts.push(`${'پاسخ درست است و '.repeat(60)} $${i} + 1 = ${i + (i % 100 === 0 ? 2 : 1)}$`);
      len += parts[i].length + 1;
    }
    const doc = parts.join(' ');
    assert.ok(doc.length >= 1_000_000 && !doc.includes('\n'));
    const a = analyzeDocument(doc);
    assert.equal(a.claims, parts.length);
    assert.equal(a.findings.length, Math.ceil(parts.length / 100));
    const last = Math.floor((parts.length - 1) / 100) * 100;
    const claim = `$${last} + 1 = ${last + 2}$`;
    assert.equal(a.findings.at(-1)?.range.start, doc.lastIndexOf(claim) + claim.indexOf('= ') + 2, 'the last wrong claim is underlined where it is');
  });

  test('a 5 MB answer file is analysed', () => {
    // mostly prose, as long answers are (the formula-dense 5 MB file is in `npm run fuzz`)
    const prose = 'استفاده از عمل argmax در مدلهایی که از مکانیزم توجه استفاده میکنند، میتواند بر توانایی آموزش این مدلها تأثیر بگذارد. '.repeat(12);
    const block = `${prose}\n\n$4 \\times 768 \\times 768 = 2357296$ و $q = \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}$ و $q \\cdot q = 5$\n\n`;
    const doc = block.repeat(Math.ceil((5 * 1024 * 1024) / Buffer.byteLength(block)));
    assert.ok(Buffer.byteLength(doc) >= 5 * 1024 * 1024);
    const a = analyzeDocument(doc);
    const blocks = doc.split(block).length - 1;
    assert.equal(a.claims, 2 * blocks);
    assert.equal(a.findings.length, blocks, 'one wrong line per block');
  });

  test('defaults are the documented limits', () => {
    assert.deepEqual(
      { maxMatrixElements: defaultOptions.maxMatrixElements, maxSeriesTerms: defaultOptions.maxSeriesTerms, maxFormulaLength: defaultOptions.maxFormulaLength, maxDepth: defaultOptions.maxDepth },
      { maxMatrixElements: 250_000, maxSeriesTerms: 100_000, maxFormulaLength: 20_000, maxDepth: 200 },
    );
  });
});

describe('big results in messages', () => {
  const bmatrix = (rows: number, cols: number, f: (i: number, j: number) => number) =>
    `\\begin{bmatrix} ${Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => f(i, j)).join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;

  test('a wrong claim about a 30×30 matrix is summarised in the message, and the fix writes it whole', () => {
    const A = bmatrix(30, 30, (i, j) => i + j);
    const text = `$$A = ${A}$$\n\n$$A + A = 3A$$\n`;
    const [f] = analyzeDocument(text).findings;
    assert.equal(f.code, 'wrong-result');
    assert.ok(f.message.length < 200, `a ${f.message.length}-character message`);
    // first rows and columns, the last ones, and the size: (i + j)·2
    assert.equal(f.message, 'A + A = 30×30 [0, 2, 4, …, 58; 2, 4, 6, …, 60; …; 58, 60, 62, …, 116], not 3A');
    assert.deepEqual((f.actualValue as number[][])[29], Array.from({ length: 30 }, (_, j) => 2 * (29 + j)));
    assert.equal((f.fix!.newText.match(/&/g) ?? []).length, 30 * 29);
    // the related place names A briefly too
    assert.ok(f.related!.every((r) => r.message.length < 200), JSON.stringify(f.related!.map((r) => r.message.length)));
  });

  test('a small matrix is still written out whole', () => {
    const [f] = analyzeDocument(`$$A = ${bmatrix(2, 3, (i, j) => i * 3 + j)}$$\n\n$$A + A = 3A$$\n`).findings;
    assert.equal(f.message, 'A + A = [0, 2, 4; 6, 8, 10], not 3A');
  });
});
