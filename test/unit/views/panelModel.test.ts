// The panel model: what the DL Math side panel shows for a cursor position, built from the analysis
// of real answer snippets (the bundled sample, the shared hw5 answers) and from generated large inputs.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../../src/core/document/analysis';
import { buildPanelModel, findingById, panelValue, nameLatex, typesetSource, MAX_SHOWN_DIM, ELIDE_EDGE, MAX_SHOWN_DIM_VARIABLE, ELIDE_EDGE_VARIABLE, MAX_TYPESET_CHARS, PanelModel } from '../../../src/core/views/panelModel';
import { isToPanel } from '../../../src/shared/protocol';
import { readExample, readFixture, SHARED_SKIP, REPO_ROOT } from '../engineHelpers';

const SAMPLE = readFileSync(path.join(REPO_ROOT, 'samples/answer-attention.md'), 'utf8');

/** The model with the cursor `delta` characters after the start of `needle` (which must occur once). */
function modelAt(text: string, needle: string, delta = 0): PanelModel {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `snippet ${JSON.stringify(needle)} not in the text`);
  assert.equal(text.indexOf(needle, at + 1), -1, `snippet ${JSON.stringify(needle)} occurs twice`);
  const model = buildPanelModel(analyzeDocument(text), at + delta, text);
  // whatever the model holds, the webview accepts it: the update message passes the protocol check
  assert.ok(isToPanel({ type: 'update', document: { name: 'answer.md', version: 1 }, model }), 'the model passes isToPanel');
  return model;
}

/** The rows of a bmatrix as arrays of cell texts. */
function cells(latex: string): string[][] {
  const m = /^\\begin\{bmatrix\} (.*) \\end\{bmatrix\}$/.exec(latex);
  assert.ok(m, `not a bmatrix: ${latex}`);
  return m[1].split(' \\\\ ').map((r) => r.split(' & '));
}

describe('the formula under the cursor (samples/answer-attention.md)', () => {
  test('a product of document variables: value, shape and one step per row', () => {
    const m = modelAt(SAMPLE, 'scores = keys \\cdot q', 3);
    assert.ok(m.formula);
    assert.equal(m.formula.source, 'scores = keys \\cdot q = \\begin{bmatrix} -2 \\\\ 3 \\\\ 0 \\\\ 6 \\end{bmatrix}');
    assert.equal(m.formula.typeset, m.formula.source, 'a one-line formula is typeset as written');
    assert.equal(m.formula.display, true);
    assert.ok(m.formula.focus);
    assert.equal(m.formula.focus.source, 'keys \\cdot q');
    assert.deepEqual(cells(m.formula.focus.value.latex), [['-2'], ['3'], ['0'], ['6']]);
    assert.deepEqual(m.formula.focus.value.shape, [4, 1]);
    assert.equal(m.formula.focus.steps.length, 4);
    assert.match(m.formula.focus.steps[0], /^row 1: 1·3 \+ 2·\(−1\) \+ 3·\(−1\) = −2$/);
    assert.deepEqual(m.findings, [], 'the written scores are right');
  });

  test('the variables in scope: keys and q from the formula above, scores defined here', () => {
    const m = modelAt(SAMPLE, 'scores = keys \\cdot q', 3);
    assert.deepEqual(m.variables.map((v) => [v.name, v.definedHere]), [['keys', false], ['q', false], ['scores', true]]);
    const keys = m.variables[0];
    assert.deepEqual(keys.value.shape, [4, 3]);
    assert.deepEqual(cells(keys.value.latex), [['1', '2', '3'], ['2', '2', '1'], ['0', '1', '-1'], ['0', '-2', '-4']]);
    assert.equal(SAMPLE.slice(keys.range.start, keys.range.end).startsWith('keys = \\begin{bmatrix}'), true, 'the range points at the definition');
    assert.equal(m.variables[2].nameLatex, '\\mathit{scores}');
  });

  test('a wrong claim: the finding at the cursor with its right value, steps and fix', () => {
    const text = SAMPLE;
    const m = modelAt(text, '\\end{bmatrix} = 6$$', '\\end{bmatrix} = '.length);
    assert.equal(m.findings.length, 1);
    const f = m.findings[0];
    assert.equal(f.code, 'wrong-result');
    assert.equal(f.severity, 'error');
    assert.equal(f.active, true);
    assert.equal(f.claimed, '6');
    assert.equal(f.actual, '-1');
    assert.deepEqual(f.steps, ['0·3 + 2·(−1) + (−1)·(−1) = −1']);
    assert.equal(f.fixTitle, 'Replace 6 with -1');
    // on the written 6 the panel shows what the left side computes, not the 6
    assert.equal(m.formula?.focus?.value.latex, '-1');
    // the id leads back to the same finding and its edit
    const found = findingById(analyzeDocument(text), f.id);
    assert.ok(found?.fix);
    assert.equal(found.fix.newText, '-1');
    assert.equal(text.slice(found.fix.range.start, found.fix.range.end), '6');
  });

  test('a wrong parameter count: 4 × 768 × 768', () => {
    const m = modelAt(SAMPLE, '4 \\times 768 \\times 768', 1);
    assert.equal(m.formula?.focus?.value.latex, '2359296');
    assert.deepEqual(m.formula?.focus?.value.shape, []);
    assert.equal(m.findings[0]?.actual, '2359296');
    assert.equal(m.findings[0]?.active, false, 'the cursor is on the product, not on the written number');
  });

  test('a definition from inline variables: d_head = d_model / h = 64', () => {
    const m = modelAt(SAMPLE, 'd_{head} = \\frac', 12);
    assert.equal(m.formula?.focus?.value.latex, '64');
    assert.deepEqual(m.formula?.statements.map((s) => s.defines), [['d_head']]);
    const names = m.variables.map((v) => v.name);
    assert.ok(names.includes('d_model') && names.includes('d_head'), names.join(', '));
    assert.equal(m.variables.find((v) => v.name === 'd_model')?.nameLatex, 'd_{\\mathrm{model}}');
  });

  test('a symbolic formula has no value and says so calmly (its names, not a problem); the recurrence is offered to the BPTT deriver', () => {
    const m = modelAt(SAMPLE, 'h_t = \\tanh(W h_{t-1} + U x_t + b)', 2);
    assert.equal(m.formula?.focus, undefined);
    assert.equal(m.formula?.reason, undefined, 'no "No value: unknown symbol" line');
    assert.ok(m.formula?.symbolic?.includes('W'), JSON.stringify(m.formula?.symbolic));
    assert.equal(m.recurrence?.source, 'h_t = \\tanh(W h_{t-1} + U x_t + b)');
    assert.equal(m.recurrence?.canonical, 'h_{t} = \\tanh\\left(W h_{t-1} + U x_{t} + b\\right)');
  });

  test('counts of the whole document', () => {
    const m = modelAt(SAMPLE, 'scores = keys', 0);
    const a = analyzeDocument(SAMPLE);
    assert.equal(m.counts.errors, a.findings.filter((f) => f.severity === 'error').length);
    assert.ok(m.counts.errors >= 3);
    assert.equal(m.formulas, a.formulas.length);
  });
});

describe('the panel says what the hover says', () => {
  const ATTENTION = [
    '## Attention',
    '',
    'With $d_{model} = 768$, $h = 12$, $n = 2048$ and $d_k = d_{model} / h$:',
    '',
    '$$Q = X W_Q,\\quad K = X W_K,\\quad V = X W_V, \\qquad X \\in \\mathbb{R}^{n \\times d_{model}},\\; W_Q, W_K, W_V \\in \\mathbb{R}^{d_{model} \\times d_k}$$',
    '',
    '$$\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V$$',
    '',
  ].join('\n');

  test('an attention formula shows the shape flow, not "No value: unknown symbol QK"', () => {
    const m = modelAt(ATTENTION, '\\mathrm{softmax}', 3);
    assert.equal(m.formula?.reason, undefined);
    assert.ok(m.formula?.shapes, 'a shape flow');
    assert.equal(m.formula.shapes.kind, 'attention');
    assert.match(m.formula.shapes.steps.join('\n'), /QKᵀ/);
    assert.match(m.formula.shapes.steps.join('\n'), /2048×2048/);
  });

  test('a symbolic line lists the names without a value, in the statement list too', () => {
    const text = 'Update: $$h_t = n_t - h_{t-1} \\quad 2 + 2 = 4$$\n';
    const m = modelAt(text, 'n_t', 0);
    assert.ok(m.formula?.symbolic?.includes('n_t'), JSON.stringify(m.formula));
    assert.equal(m.formula?.reason, undefined);
    const st = m.formula?.statements[0];
    assert.ok(st?.symbolic && st.symbolic.length > 0 && st.reason === undefined, JSON.stringify(st));
    // the twin: a real problem is still a reason, not "symbolic"
    const bad = modelAt('$$\\begin{bmatrix} 1 & 2 \\end{bmatrix} \\begin{bmatrix} 1 & 2 \\end{bmatrix} = 5$$\n', '= 5', 0);
    assert.equal(bad.formula?.symbolic, undefined);
  });

  test('a parameter count says what it counts, as the hover does (also on its wrong claim)', () => {
    const m = modelAt(SAMPLE, '4 \\times 768 \\times 768', 1);
    assert.equal(m.formula?.counts?.kind, 'parameters');
    assert.match(m.formula?.counts?.text ?? '', /Q, K, V and output projection/);
    // and nothing is counted for a number that is no count
    const plain = modelAt('$$\\frac{2}{3} = 0.6667$$\n', '\\frac', 1);
    assert.equal(plain.formula?.counts, undefined);
  });

  test("what a count stands for is written in the language of the answer's findings", () => {
    const at = SAMPLE.indexOf('4 \\times 768 \\times 768') + 1;
    const analysis = analyzeDocument(SAMPLE, { language: 'fa' });
    const fa = buildPanelModel(analysis, at, SAMPLE, 'fa');
    assert.match(fa.formula?.counts?.text ?? '', /وزن‌های تصویر Q، K، V و خروجی یک بلوک توجه/);
    const en = buildPanelModel(analyzeDocument(SAMPLE), at, SAMPLE);
    assert.match(en.formula?.counts?.text ?? '', /Q, K, V and output projection/);
  });
});

describe('cursor outside formulas and several statements', () => {
  test('in prose: no formula, the variables defined above the cursor', () => {
    const before = modelAt(SAMPLE, 'ماتریس کلیدها', 0);
    assert.equal(before.formula, undefined);
    assert.deepEqual(before.variables, []);
    const after = modelAt(SAMPLE, 'امتیازها از ضرب داخلی', 0);
    assert.equal(after.formula, undefined);
    assert.deepEqual(after.variables.map((v) => v.name), ['keys', 'q']);
    assert.ok(after.variables.every((v) => !v.definedHere));
  });

  test('keys = … \\quad q = …: q is in scope only once its statement starts', () => {
    const onKeys = modelAt(SAMPLE, 'keys = \\begin{bmatrix} 1 & 2 & 3', 1);
    assert.deepEqual(onKeys.formula?.statements.map((s) => [s.defines, s.active]), [[['keys'], true], [['q'], false]]);
    assert.deepEqual(onKeys.variables.map((v) => v.name), ['keys']);
    const onQ = modelAt(SAMPLE, 'q = \\begin{bmatrix} 3', 1);
    assert.deepEqual(onQ.formula?.statements.map((s) => s.active), [false, true]);
    assert.deepEqual(onQ.variables.map((v) => [v.name, v.definedHere]), [['keys', true], ['q', true]]);
    assert.deepEqual(cells(onQ.formula?.focus?.value.latex ?? ''), [['3'], ['-1'], ['-1']]);
  });

  test('a definition by a written matrix is labelled with its name; the written value is not "computed"', () => {
    const m = modelAt(SAMPLE, 'q = \\begin{bmatrix} 3', 1);
    assert.equal(m.formula?.focus?.source, 'q');
    assert.deepEqual(m.formula?.statements.map((s) => s.computed), [false, false]);
    const scores = modelAt(SAMPLE, 'scores = keys \\cdot q', 1);
    assert.equal(scores.formula?.statements[0].computed, true, 'keys · q is computed');
    assert.equal(scores.formula?.focus?.source, 'keys \\cdot q');
  });

  test('attention-fa: a row vector written where the product is a column', () => {
    const text = readFixture('attention-fa.md');
    const m = modelAt(text, 's = \\begin{bmatrix} 2', 1);
    assert.ok(m.formula?.focus, 'the product has a value');
    assert.deepEqual(m.formula.focus.value.shape, [3, 1]);
    const orientation = m.findings.find((f) => f.code === 'orientation');
    assert.ok(orientation, `an orientation finding; got ${m.findings.map((f) => f.code).join(', ')}`);
    assert.equal(orientation.severity, 'warning');
    assert.ok(orientation.fixTitle);
    assert.deepEqual(cells(orientation.actual ?? ''), [['0'], ['5'], ['1']]);
  });

  test('bptt-fa: the recurrence h_t = x_t - h_{t-1} is found from the prose below it', () => {
    const text = readFixture('bptt-fa.md');
    const m = modelAt(text, 'h_t = x_t - x_{t-1} + h_{t-2}', 0);
    assert.ok(m.recurrence, 'a recurrence near the cursor');
    assert.equal(m.recurrence.canonical, 'h_{t} = x_{t} - h_{t-1}');
  });

  test('hw5-a: a row vector written where the product is a column', { skip: SHARED_SKIP }, () => {
    const text = readExample('answer-hw5-a.md');
    const m = modelAt(text, 'score_2 = ', 1);
    assert.ok(m.formula?.focus, 'the product has a value');
    assert.deepEqual(m.formula.focus.value.shape, [4, 1]);
    const orientation = m.findings.find((f) => f.code === 'orientation');
    assert.ok(orientation, `an orientation finding; got ${m.findings.map((f) => f.code).join(', ')}`);
    assert.equal(orientation.severity, 'warning');
    assert.ok(orientation.fixTitle);
    assert.deepEqual(cells(orientation.actual ?? ''), [['-2'], ['3'], ['0'], ['6']]);
  });

  test('hw5-b: the recurrence h_t = n_t - h_{t-1} is found from the prose below it', { skip: SHARED_SKIP }, () => {
    const text = readExample('answer-hw5-b.md');
    const m = modelAt(text, 'h_{t-1} = n_{t-1} - h_{t-2}', 0);
    assert.ok(m.recurrence, 'a recurrence near the cursor');
    assert.equal(m.recurrence.canonical, 'h_{t} = n_{t} - h_{t-1}');
  });

  test('Persian digits: the right value keeps the student\'s digits', () => {
    const text = 'حاصل‌ضرب $۲ \\times ۳ = ۷$ است';
    const m = modelAt(text, '۷', 0);
    assert.equal(m.findings[0]?.actual, '۶');
    assert.equal(m.findings[0]?.claimed, '۷');
    assert.equal(m.formula?.focus?.value.latex, '6', 'the value itself is typeset with Latin digits');
  });
});

describe('typesetting the source', () => {
  test('aligned rows are wrapped so KaTeX accepts & and \\\\', () => {
    assert.equal(typesetSource({ content: 'a &= 1 \\\\ b &= 2', delimiter: '$$' }), '\\begin{aligned}a &= 1 \\\\ b &= 2\\end{aligned}');
    assert.equal(typesetSource({ content: 'a = 1 \\\\ b = 2', delimiter: '$$' }), '\\begin{gathered}a = 1 \\\\ b = 2\\end{gathered}');
    assert.equal(typesetSource({ content: 'x = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}', delimiter: '$$' }), 'x = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}', 'a matrix alone is not rows');
  });

  test('an align environment in the document is typeset as aligned', () => {
    const text = 'The steps:\n\\begin{align} x &= 2 \\times 3 \\\\ y &= x + 1 \\end{align}\n';
    const m = modelAt(text, 'y &=', 1);
    assert.equal(m.formula?.typeset, '\\begin{aligned}x &= 2 \\times 3 \\\\ y &= x + 1\\end{aligned}');
    assert.equal(m.formula?.focus?.value.latex, '7');
    assert.deepEqual(m.variables.map((v) => [v.name, v.value.latex]), [['x', '6'], ['y', '7']]);
  });

  test('a formula too long to typeset is shown as text, clipped', () => {
    const long = Array.from({ length: 900 }, (_, i) => `${i}`).join(' + ');
    assert.ok(long.length > MAX_TYPESET_CHARS);
    const text = `Sum: $$s = ${long}$$\n`;
    const m = modelAt(text, 's = 0 + 1', 0);
    assert.equal(m.formula?.typeset, undefined);
    assert.ok((m.formula?.source.length ?? 0) <= 2_000);
    assert.equal(m.formula?.focus?.value.latex, String((899 * 900) / 2));
  });

  test('names as LaTeX', () => {
    assert.equal(nameLatex('q'), 'q');
    assert.equal(nameLatex('W_Q'), 'W_{Q}');
    assert.equal(nameLatex('d_k'), 'd_{k}');
    assert.equal(nameLatex('d_model'), 'd_{\\mathrm{model}}');
    assert.equal(nameLatex('\\alpha_1'), '\\alpha_{1}');
    assert.equal(nameLatex('keys'), '\\mathit{keys}');
  });
});

describe('large values are elided to their corners', () => {
  const bmatrix = (rows: number, cols: number, f: (i: number, j: number) => number) =>
    '\\begin{bmatrix} ' + Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => String(f(i, j))).join(' & ')).join(' \\\\ ') + ' \\end{bmatrix}';

  test(`a ${MAX_SHOWN_DIM}×${MAX_SHOWN_DIM} matrix is shown whole; in the narrow variables list, ${MAX_SHOWN_DIM_VARIABLE}×${MAX_SHOWN_DIM_VARIABLE}`, () => {
    const text = `$$A = ${bmatrix(12, 12, (i, j) => i * 12 + j)} \\quad B = ${bmatrix(8, 8, (i, j) => i + j)}$$\n`;
    const m = modelAt(text, 'A = ', 0);
    const v = m.formula?.focus?.value;
    assert.ok(v);
    assert.equal(v.elided, false);
    assert.equal(cells(v.latex).length, 12);
    assert.equal(cells(v.latex)[11][11], '143');
    const after = modelAt(text, 'B = ', 0);
    const [a, b] = after.variables;
    assert.equal(a.value.elided, true);
    assert.equal(cells(a.value.latex).length, 2 * ELIDE_EDGE_VARIABLE + 1);
    assert.equal(cells(a.value.latex)[2 * ELIDE_EDGE_VARIABLE][2 * ELIDE_EDGE_VARIABLE], '143');
    assert.equal(b.value.elided, false);
    assert.equal(cells(b.value.latex)[7][7], '14');
  });

  test('a 20×30 matrix shows its four corners with dots between', () => {
    const text = `$$A = ${bmatrix(20, 30, (i, j) => 100 * i + j)}$$\n`;
    const m = modelAt(text, 'A = ', 0);
    const v = m.formula?.focus?.value;
    assert.ok(v);
    assert.equal(v.elided, true);
    assert.deepEqual(v.shape, [20, 30]);
    const grid = cells(v.latex);
    assert.equal(grid.length, 2 * ELIDE_EDGE + 1);
    assert.ok(grid.every((r) => r.length === 2 * ELIDE_EDGE + 1));
    assert.equal(grid[0][0], '0');
    assert.equal(grid[0][2 * ELIDE_EDGE], '29', 'top-right corner');
    assert.equal(grid[2 * ELIDE_EDGE][0], '1900', 'bottom-left corner');
    assert.equal(grid[2 * ELIDE_EDGE][2 * ELIDE_EDGE], '1929', 'bottom-right corner');
    assert.equal(grid[ELIDE_EDGE][ELIDE_EDGE], '\\ddots');
    assert.equal(grid[ELIDE_EDGE][0], '\\vdots');
    assert.equal(grid[0][ELIDE_EDGE], '\\cdots');
  });

  test('a computed 100×100 product and its wrong claim stay small', () => {
    // A = ones(400×1), B = ones(1×400): AB is 100×100 of ones, claimed to be 1
    const col = bmatrix(100, 1, () => 1);
    const row = bmatrix(1, 100, () => 2);
    const text = `$$a = ${col}$$\n\n$$b = ${row}$$\n\n$$a b = 1$$\n`;
    const m = modelAt(text, 'a b = 1', 0);
    const focus = m.formula?.focus?.value;
    assert.ok(focus);
    assert.deepEqual(focus.shape, [100, 100]);
    assert.equal(focus.elided, true);
    assert.ok(focus.latex.length < 1_000, `${focus.latex.length} characters`);
    const f = m.findings[0];
    assert.ok(f, 'the claim is wrong');
    assert.ok((f.actual ?? '').length < 1_000, 'the right value is elided too');
    assert.match(f.actual ?? '', /\\ddots/);
    // the fix itself keeps the whole value: it is applied by the extension, not sent to the webview
    const found = findingById(analyzeDocument(text), f.id);
    assert.ok((found?.fix?.newText.length ?? 0) > 100 * 100);
    assert.ok(JSON.stringify(m).length < 20_000, `the whole model is ${JSON.stringify(m).length} characters`);
  });

  test('a written 40×40 matrix: its long source is never typeset cut, its value is elided', () => {
    const text = `$$E = ${bmatrix(40, 40, (i, j) => i + j)}$$\n`;
    const m = modelAt(text, 'E = ', 0);
    assert.equal(m.formula?.typeset !== undefined, text.length - 5 <= MAX_TYPESET_CHARS);
    const st = m.formula?.statements[0];
    assert.equal(st?.clipped, true);
    assert.ok(st.source.endsWith('…'));
    assert.equal(m.formula?.focus?.source, 'E', 'the value line names the variable');
    assert.equal(m.formula?.focus?.clipped, undefined);
    assert.equal(m.formula?.focus?.value.elided, true);
  });

  test('long column vectors and tuples', () => {
    const v = panelValue({ kind: 'mat', rows: 1000, cols: 1, data: Array.from({ length: 1000 }, (_, i) => [i]) });
    assert.deepEqual(cells(v.latex).map((r) => r[0]), ['0', '1', '2', '3', '4', '\\vdots', '995', '996', '997', '998', '999']);
    const t = panelValue({ kind: 'tuple', items: Array.from({ length: 20 }, (_, i) => i) });
    assert.equal(t.elided, true);
    assert.deepEqual(t.shape, [20]);
    assert.match(t.latex, /^\\left\(0,\\; 1,.*11,\\; \\ldots\\right\)$/);
    assert.equal(panelValue(NaN).latex, '\\text{NaN}');
    assert.equal(panelValue(Infinity).latex, '\\infty');
  });
});

describe('many formulas and variables', () => {
  // 3000 definitions x_i = i + 1 and products in Persian prose: the kind of file that must not freeze the panel
  const parts: string[] = [];
  for (let i = 0; i < 3000; i++) parts.push(`گام ${i}: $$x_{${i}} = ${i} + 1$$ و $x_{${i}} \\cdot 2 = ${2 * (i + 1)}$\n`);
  const text = parts.join('\n');
  const analysis = analyzeDocument(text);

  test('variables are capped with a count of the rest: the nearest ones above the cursor are shown', () => {
    const at = text.indexOf('گام 2500:');
    const m = buildPanelModel(analysis, at, text);
    assert.equal(m.variables.length, 100);
    assert.equal(m.moreVariables, 2500 - 100);
    assert.equal(m.variables[0].name, 'x_2400');
    assert.equal(m.variables[99].name, 'x_2499', 'the definition just above the cursor is shown');
    assert.equal(m.variables[99].value.latex, '2500');
    assert.equal(m.formula, undefined);
    assert.ok(isToPanel({ type: 'update', document: { name: 'big.md', version: 3 }, model: m }));
  });

  test('the formula at the cursor in a large file, and its timing (reported, not asserted)', (t) => {
    const at = text.indexOf('x_{2999} \\cdot 2');
    const t0 = performance.now();
    let m: PanelModel | undefined;
    for (let k = 0; k < 100; k++) m = buildPanelModel(analysis, at + (k % 5), text);
    const per = (performance.now() - t0) / 100;
    t.diagnostic(`buildPanelModel on ${analysis.formulas.length} formulas, ${text.length} characters: ${per.toFixed(3)} ms per cursor move`);
    assert.equal(m?.formula?.focus?.value.latex, '6000');
    assert.equal(m?.findings.length, 0);
  });
});

describe('findingById', () => {
  const analysis = analyzeDocument(SAMPLE);
  test('only well-formed ids of existing findings', () => {
    assert.equal(findingById(analysis, '3.0')?.code, 'wrong-result');
    for (const id of ['3', '3.', '.0', '3.0.1', '-1.0', '3.99', '9999.0', '3.0 ', 'constructor', '__proto__.0', '1e3.0']) {
      assert.equal(findingById(analysis, id), undefined, id);
    }
  });
});
