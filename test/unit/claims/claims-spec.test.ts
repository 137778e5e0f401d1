// Answers judged exactly: the shared examples (claims-spec.md against its expected.json, the two real
// answers hw5-a and hw5-b, only where ../shared/examples is beside the clone) and the repository's own
// answer fixtures (test/fixtures/answers, everywhere), formula by formula, with a decision written
// down for each.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, alarms, assertClose, describeFindings, lineOf, readExample, readFixture, SHARED_SKIP } from '../engineHelpers';

interface Expected {
  errors: { lineContains: string; actual: number | number[] | number[][] }[];
  warnings: { lineContains: string; code: string }[];
}

describe('claims-spec.md matches claims-spec.expected.json exactly', { skip: SHARED_SKIP }, () => {
  const text = readExample('claims-spec.md');
  const expected = JSON.parse(readExample('claims-spec.expected.json')) as Expected;
  const { findings, analysis } = analyze(text);
  const claimedLines = new Set<number>();

  for (const e of expected.errors) {
    test(`error on the line containing ${e.lineContains}`, () => {
      const line = lineOf(text, e.lineContains);
      const onLine = findings.filter((f) => f.line === line && f.severity === 'error');
      assert.equal(onLine.length, 1, `one error on line ${line}; got\n${describeFindings(findings.filter((f) => f.line === line))}`);
      assert.equal(onLine[0].code, 'wrong-result');
      assertClose(onLine[0].actualValue, e.actual, 1e-6, `actualValue on line ${line}`);
      claimedLines.add(line);
    });
  }
  for (const w of expected.warnings) {
    test(`warning ${w.code} on the line containing ${w.lineContains}`, () => {
      const line = lineOf(text, w.lineContains);
      const onLine = findings.filter((f) => f.line === line && f.severity === 'warning');
      assert.equal(onLine.length, 1, `one warning on line ${line}; got\n${describeFindings(findings.filter((f) => f.line === line))}`);
      assert.equal(onLine[0].code, w.code);
      claimedLines.add(line);
    });
  }
  test('no other error or warning anywhere', () => {
    const expectedLines = new Set([...expected.errors.map((e) => lineOf(text, e.lineContains)), ...expected.warnings.map((w) => lineOf(text, w.lineContains))]);
    const others = alarms(findings).filter((f) => !expectedLines.has(f.line));
    assert.deepEqual(others.map((f) => `${f.line}: ${f.message}`), []);
    assert.equal(alarms(findings).length, expected.errors.length + expected.warnings.length, describeFindings(alarms(findings)));
  });
  test('the right-so-silent section is judged (claims counted), not skipped', () => {
    // every formula under "Right, so silent" has at least one computable claim, except the two definitions
    const start = text.indexOf('## Right, so silent');
    const end = text.indexOf('## Not computable');
    const right = analysis.formulas.filter((f) => f.span.start > start && f.span.start < end);
    assert.equal(right.length, 15);
    const unjudged = right.filter((f) => f.claims === 0).map((f) => f.span.content);
    assert.deepEqual(unjudged, ['q = \\begin{bmatrix} 1 \\\\ -1 \\end{bmatrix}', 'k_1 = \\begin{bmatrix} 2 \\\\ 1 \\end{bmatrix}']);
  });
  test('the not-computable section makes no claim at all', () => {
    const start = text.indexOf('## Not computable');
    const end = text.indexOf('## Wrong');
    const nc = analysis.formulas.filter((f) => f.span.start > start && f.span.start < end);
    assert.equal(nc.length, 3);
    assert.deepEqual(nc.map((f) => f.claims), [0, 0, 0]);
  });
});

/**
 * What each formula of a real answer is, decided by reading it:
 * - `symbolic`: no computable claim (symbols without values, derivations), so no claim and no finding;
 * - `wrong-step`: no computable claim, but a symbolic step that fails at random values (src/core/symbolic/);
 * - `defines`: gives the listed names a value, claims nothing;
 * - `right` / `wrong` / `orientation`: a computable claim with that verdict.
 */
type Kind = 'symbolic' | 'wrong-step' | 'defines' | 'right' | 'wrong' | 'orientation';
type Row = [snippet: string, kind: Kind, extra?: string[] | number | number[] | number[][]];

/** Judges a shared example, or with `own` one of the repository's fixtures (test/fixtures/answers). */
function judgeFile(name: string, rows: Row[], own = false) {
  describe(`${name}: every formula judged as decided`, { skip: own ? false : SHARED_SKIP }, () => {
    const text = own ? readFixture(name) : readExample(name);
    const { analysis } = analyze(text);
    test('the table covers every formula, in order', () => {
      assert.equal(analysis.formulas.length, rows.length, analysis.formulas.map((f) => f.span.content.slice(0, 40)).join('\n'));
      rows.forEach(([snippet], i) => assert.ok(analysis.formulas[i].span.content.includes(snippet), `formula ${i + 1} is ${JSON.stringify(analysis.formulas[i].span.content)}, expected it to contain ${JSON.stringify(snippet)}`));
    });
    rows.forEach(([snippet, kind, extra], i) => {
      test(`${kind}: ${snippet.slice(0, 60)}`, () => {
        const f = analysis.formulas[i];
        assert.ok(f.span.content.includes(snippet));
        const codes = f.findings.filter((x) => x.severity === 'error' || x.severity === 'warning').map((x) => x.code);
        const defines = f.chains.flatMap((c) => c.defines);
        switch (kind) {
          case 'symbolic':
            assert.deepEqual(codes, []);
            assert.equal(f.claims, 0, 'no computable claim');
            assert.deepEqual(defines, []);
            break;
          case 'wrong-step':
            assert.deepEqual(codes, ['wrong-step']);
            assert.equal(f.claims, 0, 'no computable claim');
            break;
          case 'defines':
            assert.deepEqual(codes, []);
            assert.equal(f.claims, 0);
            assert.deepEqual(defines, extra);
            break;
          case 'right':
            assert.deepEqual(codes, []);
            assert.ok(f.claims > 0, 'judged');
            break;
          case 'wrong':
            assert.deepEqual(codes, ['wrong-result']);
            assertClose(f.findings[0].actualValue, extra, 1e-6, snippet);
            break;
          case 'orientation':
            assert.deepEqual(codes, ['orientation']);
            assertClose(f.findings[0].actualValue, extra, 1e-6, snippet);
            break;
        }
      });
    });
  });
}

judgeFile('answer-hw5-a.md', [
  ['scores = keys^{-1} \\cdot q', 'symbolic'], // keys and q have no values in this answer
  // the four dot products are right (−2, 3, 0, 6) but a 4×3 matrix times a column is a column
  ['score_2 = \\begin{bmatrix} 1 & 2 & 3', 'orientation', [[-2], [3], [0], [6]]],
  ['\\alpha(k, q) = \\begin{bmatrix} 0 & 0 & 0 & 1 \\end{bmatrix}', 'symbolic'], // right one-hot argmax, but α(k, q) is notation
  ['ff = \\alpha \\cdot values', 'symbolic'], // `values` is never given
]);

describe('answer-hw5-a.md: the one finding, positioned and explained', { skip: SHARED_SKIP }, () => {
  const text = readExample('answer-hw5-a.md');
  const { findings } = analyze(text);
  test('exactly one orientation warning, on the score_2 line, covering the written row', () => {
    assert.equal(findings.length, 1, describeFindings(findings));
    const f = findings[0];
    assert.equal(f.code, 'orientation');
    assert.equal(f.severity, 'warning');
    assert.equal(f.line, lineOf(text, 'score_2 ='));
    assert.equal(text.slice(f.range.start, f.range.end), '\\begin{bmatrix} -2 & 3 & 0 & 6 \\end{bmatrix}');
    assert.match(f.message, /column/);
    assert.deepEqual(f.steps, [
      'row 1: 1·3 + 2·(−1) + 3·(−1) = −2',
      'row 2: 2·3 + 2·(−1) + 1·(−1) = 3',
      'row 3: 0·3 + 1·(−1) + (−1)·(−1) = 0',
      'row 4: 0·3 + (−2)·(−1) + (−4)·(−1) = 6',
    ]);
    assert.equal(f.fix?.newText, '\\begin{bmatrix} -2 \\\\ 3 \\\\ 0 \\\\ 6 \\end{bmatrix}');
  });
});

judgeFile('answer-hw5-b.md', [
  ['h_t = n_t - h_{t-1}', 'symbolic'],
  ['h_{t-1} = n_{t-1} - h_{t-2}', 'symbolic'],
  ['h_1 = n_1 - h_0', 'symbolic'],
  ['\\Rightarrow h_t = n_t - n_{t-1} + h_{t-2}', 'symbolic'],
  ['- \\dots - n_1 + h_0', 'symbolic'],
  ['\\Rightarrow h_T = \\sum_{i=1}^T (-1)^i n_i + h_0', 'wrong-step'], // the closed form has (-1)^{T-i} and (-1)^T h_0
  ['y = \\sigma(10h_T)', 'wrong-step'], // 10h_0 belongs inside σ
  ['h_{t+1} = \\sigma(z) \\quad z = Ux_{t+1} + Wh_t', 'symbolic'],
  ['\\frac{\\partial \\mathcal{L}}{\\partial h_t} = \\frac{\\partial \\mathcal{L}}{\\partial h_{t+1}} \\times', 'symbolic'],
  ['\\Rightarrow \\frac{\\partial h_{t+1}}{\\partial h_t} = \\sigma\'', 'symbolic'],
  ['\\underbrace', 'symbolic'],
  ['\\frac{\\partial \\mathcal{L}}{\\partial h_0} = \\frac{\\partial \\mathcal{L}}{\\partial h_1}', 'symbolic'],
  ['W^2', 'symbolic'],
  ['\\prod_{i=1}^T \\sigma\'(z_i)', 'symbolic'],
  ['\\prod_{i=1}^T \\sigma\'(Ux_i', 'symbolic'],
  ['\\frac{\\partial \\mathcal{L}}{\\partial h_0}', 'symbolic'],
  ['\\max \\left|', 'symbolic'],
  ['\\max \\sigma(z) (1 - \\sigma(z))', 'symbolic'],
  ['0 \\leq \\sigma(z) \\leq 1', 'symbolic'],
  ['\\sigma(z) - \\sigma(z)\'', 'symbolic'],
  ['\\Rightarrow \\sigma(z) = \\frac{1}{2}', 'symbolic'],
  ['\\Rightarrow \\max \\sigma(z) (1 - \\sigma(z)) = \\frac{1}{4}', 'symbolic'], // true, but σ(z) has no value
  ['\\left( \\frac{|W|}{4} \\right)^T', 'symbolic'],
  ['\\left| \\frac{W}{4} \\right| < 1', 'symbolic'],
  ['z_{t+2} = Ux_{t+2} + Wh_{t+1} + Mh_t', 'symbolic'],
  ['z_{t+1} = Ux_{t+1} + Wh_t + Mh_{t-1}', 'symbolic'],
  ['\\frac{\\partial \\mathcal{L}}{\\partial z_{t+2}} \\times \\frac{\\partial h_{t+2}}{\\partial h_t} +', 'symbolic'],
  ['\\frac{\\partial h_{t+2}}{\\partial h_t} = \\sigma(z_{t+2})', 'symbolic'],
  ['\\times \\sigma(z_{t+2})(1 - \\sigma(z_{t+2}))M +', 'symbolic'],
  ['\\frac{\\partial \\mathcal{L}}{\\partial h_{t+1}} =', 'symbolic'],
  ['\\sigma(z_{t+2})(1 - \\sigma(z_{t+2}))W^2', 'symbolic'],
  ['\\sigma(z_{t+1})(1 - \\sigma(z_{t+1}))W^2', 'symbolic'],
  ['\\downarrow', 'symbolic'],
  ['\\downarrow', 'symbolic'],
  ['\\leftarrow', 'symbolic'],
  ['W^N', 'symbolic'],
  ['h_{t+2}', 'symbolic'],
  ['h_t', 'symbolic'],
  ['g = \\frac{os \\cdot os}{s \\cdot w}', 'symbolic'],
  ['g > \\text{threshold} \\Rightarrow g = \\text{threshold}', 'symbolic'],
  ['\\|g\\| > \\text{threshold}', 'symbolic'],
  ['t', 'symbolic'],
  ['\\hookrightarrow', 'symbolic'],
  ['t', 'symbolic'],
  ['n_t = g(w_1 n_t + w_2 h_{t-1} + b_2)', 'symbolic'],
  ['y = f(w_3 h_t + b_3)', 'symbolic'],
  ['h_t', 'symbolic'],
  ['n', 'symbolic'],
  ['n_t', 'symbolic'],
  ['h_t = n_t \\wedge h_{t-1} \\quad \\text{با فرض } h_0 = 1', 'defines', ['h_0']],
  ['w_1 = w_2 = 1 \\quad b_2 = -\\frac{3}{2}', 'defines', ['w_1', 'w_2', 'b_2']],
  ['\\begin{cases} 0 & n < 0', 'defines', ['w_3', 'b_3']],
  ['g(n) = n \\rightarrow', 'symbolic'],
  ['h_1', 'symbolic'],
  ['m_1', 'symbolic'],
  ['m_2', 'symbolic'],
  ['\\begin{matrix} m_1 & m_2 & h_1', 'symbolic'], // a truth table, not a matrix of numbers
  ['h(t) = \\begin{bmatrix} h_1(t)', 'symbolic'], // w_{11}… have no values yet
  ['w_{11} = 1 \\quad w_{12} = -1 \\quad b_1 = \\frac{3}{2}', 'defines', ['w_11', 'w_12', 'b_1']],
  ['\\begin{matrix} m_1 & m_2 & h_2', 'symbolic'],
  ['h_2', 'symbolic'],
  ['\\rightarrow \\text{and} \\rightarrow w_{21} = 1', 'symbolic'], // inside a brace-annotated matrix: a note, not a definition
  ['\\Rightarrow W = \\begin{bmatrix} -1 & -1 \\\\ 1 & 1 \\end{bmatrix}', 'defines', ['W', 'b']],
  ['g^{(t)} = \\phi(v^T h^{(t)}', 'symbolic'],
  ['\\begin{matrix} h_1^{(t)} & h_2^{(t)}', 'symbolic'],
  ['v_1 = 1 \\quad v_2 = 1 \\quad r = 1 \\quad c = -\\frac{3}{2}', 'defines', ['v_1', 'v_2', 'r', 'c']],
  ['\\Rightarrow y^{(t)} = \\phi\\left(', 'symbolic'], // φ is the student's step function, not defined numerically
  ['y\' = \\phi(v^T h\' + c)', 'defines', ['c']],
]);

// The repository's own answers (written for these tests, in the students' style): attention with a
// row written for a column, a BPTT derivation that is all symbols but two numeric checks, and
// transformer parameter counts with one wrong product.
judgeFile('attention-fa.md', [
  ['K', 'symbolic'], // named in the prose
  ['q', 'symbolic'],
  ['s = K q', 'symbolic'], // K and q have no values
  ['s = \\begin{bmatrix} 2 & 0 & 1', 'orientation', [[0], [5], [1]]],
  ['a(K, q) = \\begin{bmatrix} 0 & 1 & 0 \\end{bmatrix}', 'symbolic'], // notation for the weights, not a definition
  ['o = a \\cdot V', 'symbolic'],
], true);

judgeFile('bptt-fa.md', [
  ['h_t = x_t - h_{t-1}', 'symbolic'],
  ['\\Rightarrow h_t = x_t - x_{t-1} + h_{t-2}', 'symbolic'],
  ['\\Rightarrow h_T = \\sum_{i=1}^T', 'symbolic'], // Σ up to a symbolic T
  ['h_{t} = \\sigma(z_t) \\quad z_t = W h_{t-1}', 'symbolic'],
  ['\\frac{\\partial L}{\\partial h_{t-1}}', 'symbolic'],
  ['\\frac{\\partial h_t}{\\partial h_{t-1}} = \\sigma(z_t)', 'symbolic'],
  ['\\sigma(z)(1 - \\sigma(z))', 'symbolic'],
  ['z = 0', 'defines', ['z']],
  ['\\frac{1}{4}', 'symbolic'],
  ['\\left| \\frac{\\partial h_t}{\\partial h_k} \\right| \\leq', 'symbolic'],
  ['|W| < 4', 'symbolic'],
  ['w = 2', 'defines', ['w']],
  ['b_0 = \\frac{1}{2}', 'defines', ['b_0']],
  ['\\frac{w}{4} = 0.5', 'right'],
  ['0.5^{10} = 0.0009765625', 'right'],
], true);

judgeFile('params-fa.md', [
  ['d_{model} = 512', 'defines', ['d_model']],
  ['h = 8', 'defines', ['h']],
  ['d_k = \\frac{d_{model}}{h} = 64', 'right'],
  ['W_Q', 'symbolic'],
  ['W_K', 'symbolic'],
  ['W_V', 'symbolic'],
  ['W_O', 'symbolic'],
  ['512 \\times 512', 'symbolic'],
  ['4 \\times 512 \\times 512 = 1048576', 'right'],
  ['d_{ff} = 2048', 'defines', ['d_ff']],
  ['2 \\times 512 \\times 2048 = 2087152', 'wrong', 2097152],
  ['2 \\times 2 \\times 512 = 2048', 'right'],
  ['(16, 128, 512)', 'symbolic'],
], true);
