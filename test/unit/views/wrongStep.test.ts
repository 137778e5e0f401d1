// How a wrong symbolic step is shown (issue 14, deliver item 4): the counterexample as a table in the
// hover and the panel, in English and Persian, names readable and every fragment escaped; and the
// closed form of a linear recurrence offered as a fix only when the derived form passes the same check.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeDocument, type DocumentAnalysis } from '../../../src/core/document/analysis';
import { explainAt } from '../../../src/core/views/explain';
import { buildPanelModel, findingById } from '../../../src/core/views/panelModel';
import { isToPanel } from '../../../src/shared/protocol';
import { LRI, PDI, stripIsolates, type Lang } from '../../../src/core/messages';
import { fmtStepValue } from '../../../src/core/symbolic/counterexample';
import type { Finding } from '../../../src/core/types';
import { runCli } from '../../../src/cli/main';

/** The softmax-cross-entropy gradient step of the issue, with a slip: the step gives −Σ y_i(1 − ŷ_i). */
const CE_GRADIENT =
  'The gradient of the loss:\n\n' +
  '$$g = -\\sum_{i=1}^n \\frac{y_i}{\\hat y_i} \\cdot \\hat y_i (1 - \\hat y_i) \\Rightarrow g = -\\sum_{i=1}^n (y_i - \\hat y_i)$$\n';

/** hw5-b's recurrence and its wrong closed form. */
const WRONG_CLOSED = 'The recurrence:\n\n$$h_t = n_t - h_{t-1}$$\n\nso\n\n$$\\Rightarrow h_T = \\sum_{i=1}^T (-1)^i n_i + h_0$$\n';
const RIGHT_CLOSED = 'The recurrence:\n\n$$h_t = n_t - h_{t-1}$$\n\nso\n\n$$\\Rightarrow h_T = \\sum_{i=1}^T (-1)^{T-i} n_i + (-1)^T h_0$$\n';

function wrongSteps(text: string, lang: Lang = 'en'): { analysis: DocumentAnalysis; steps: Finding[] } {
  const analysis = analyzeDocument(text, { language: lang });
  return { analysis, steps: analysis.findings.filter((f) => f.code === 'wrong-step') };
}

function only(text: string, lang: Lang = 'en'): { analysis: DocumentAnalysis; step: Finding } {
  const { analysis, steps } = wrongSteps(text, lang);
  assert.equal(steps.length, 1, `one wrong step: ${steps.map((f) => f.message).join(' | ')}`);
  return { analysis, step: steps[0] };
}

/** The rows of the hover's Markdown table (cells trimmed), header and alignment row included. */
function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => l.startsWith('| '))
    .map((l) =>
      l
        .slice(2, -2)
        .split(/(?<!\\) \| /)
        .map((c) => c.trim()),
    );
}

/** A Markdown-escaped cell back to its text (the hover's renderer does the same). */
const unescape = (s: string) => stripIsolates(s).replace(/\\([\\`*_{}[\]()#+\-.!|<>&~$])/g, '$1');

describe('the counterexample table in the hover', () => {
  test('English: each drawn name readable with its value, then the left and right side values; beside the diagnostic only the table', () => {
    const { analysis, step } = only(CE_GRADIENT);
    const ce = step.counterexample!;
    const e = explainAt(analysis, step.range.start + 1, CE_GRADIENT, 'en');
    assert.equal(e.kind, 'problem');
    assert.ok(e.markdown.startsWith('**DL Math: wrong step**\n\n'), e.markdown);
    const rows = tableRows(e.markdown);
    assert.deepEqual(rows[0], ['name', 'value']);
    assert.deepEqual(rows[1], [':--', '--:']);
    const names = Object.keys(ce.values);
    assert.ok(names.includes('\\hat{y}_1'), `ŷ_1 was drawn: ${names.join(', ')}`);
    assert.deepEqual(
      rows.slice(2, 2 + names.length).map((r) => r.map(unescape)),
      names.map((n) => [n.replace('\\hat{y}', 'ŷ'), fmtStepValue(ce.values[n])]),
    );
    assert.deepEqual(rows.slice(2 + names.length).map((r) => r.map(unescape)), [
      ['**left side**', fmtStepValue(ce.left)],
      ['**right side**', fmtStepValue(ce.right)],
    ]);
    assert.ok(!/hat|\\hat/.test(e.markdown), 'no \\hat in the hover: names are written ŷ');
    assert.ok(e.markdown.includes(step.message.replace(/[{}]/g, (c) => '\\' + c).replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')), 'the message is said once, escaped');
    assert.ok(e.beside && e.beside.includes('| name | value |') && !e.beside.includes('does not hold'), 'beside the diagnostic: the table, not the message again');
    assert.deepEqual(e.counterexample?.rows.map((r) => r.name), names.map((n) => n.replace('\\hat{y}', 'ŷ')));
  });

  test('Persian: Persian headings, each name and value a left-to-right island', () => {
    const { analysis, step } = only(CE_GRADIENT, 'fa');
    const e = explainAt(analysis, step.range.start + 1, CE_GRADIENT, 'fa');
    const rows = tableRows(e.markdown);
    assert.deepEqual(rows[0].map(stripIsolates), ['نام', 'مقدار']);
    assert.ok(stripIsolates(e.markdown).startsWith('**DL Math: گام نادرست**'), e.markdown);
    const body = rows.slice(2);
    assert.ok(body.length >= 4);
    for (const r of body.slice(0, -2)) for (const c of r) assert.ok(c.startsWith(LRI) && c.endsWith(PDI), `isolated: ${JSON.stringify(c)}`);
    const sides = body.slice(-2);
    assert.deepEqual(sides.map((r) => stripIsolates(r[0])), ['**سمت چپ**', '**سمت راست**']);
    for (const r of sides) assert.ok(r[1].startsWith(LRI) && r[1].endsWith(PDI), `the value is isolated: ${JSON.stringify(r[1])}`);
    assert.equal(unescape(sides[0][1]), fmtStepValue(step.counterexample!.left));
  });

  test('a name with Markdown in it cannot split a cell, open a link or emphasis', () => {
    const { analysis, step } = only(CE_GRADIENT);
    // the drawn names come from the document: one carrying table and link syntax stays literal text
    step.counterexample = { values: { 'a|b](http://x.test)*<img src=y>': 0.5 }, left: 1, right: 2 };
    const e = explainAt(analysis, step.range.start + 1, CE_GRADIENT, 'en');
    const rows = tableRows(e.markdown);
    assert.equal(rows[2].length, 2, `two cells: ${JSON.stringify(rows[2])}`);
    assert.ok(rows[2][0].includes('a\\|b\\]') && rows[2][0].includes('\\*\\<img') && !rows[2][0].includes('://'), rows[2][0]);
  });

  test('names as a reader writes them in the message and the table: x̄_1 and h_T, not barx_1 or mathbfh_T', () => {
    const text = 'From $\\mathbf{h}_0$:\n\n$$\\mathbf{h}_t = \\mathbf{h}_{t-1} + \\bar{x}_t$$\n\n$$\\Rightarrow \\mathbf{h}_T = \\sum_{i=1}^T \\bar{x}_i$$\n';
    const { analysis, step } = only(text);
    assert.match(step.message, /^This step does not hold: h_T ≠ Σ_\{i=1\}\^\{T\} x̄_i at /);
    const e = explainAt(analysis, step.range.start + 1, text, 'en');
    const names = tableRows(e.markdown).slice(2, -2).map((r) => unescape(r[0]));
    assert.ok(names.includes('x̄_1') && names.includes('h_0'), names.join(', '));
    assert.ok(!/bar|mathbf/.test(e.markdown), e.markdown);
  });

  test('a right step has no table (twin)', () => {
    const right = CE_GRADIENT.replace('-\\sum_{i=1}^n (y_i - \\hat y_i)$$', '-\\sum_{i=1}^n y_i (1 - \\hat y_i)$$');
    const { analysis, steps } = wrongSteps(right);
    assert.deepEqual(steps, []);
    const at = right.indexOf('\\Rightarrow g');
    const e = explainAt(analysis, at + 14, right, 'en');
    assert.ok(!e.markdown.includes('| name | value |'), e.markdown);
  });
});

describe('the counterexample table in the panel', () => {
  for (const lang of ['en', 'fa'] as Lang[]) {
    test(`${lang}: the finding carries the table the webview draws (names readable, values rounded) and passes the protocol check`, () => {
      const { analysis, step } = only(CE_GRADIENT, lang);
      const model = buildPanelModel(analysis, step.range.start + 1, CE_GRADIENT, lang);
      assert.ok(isToPanel({ type: 'update', document: { name: 'answer.md', version: 1 }, model }), 'the model passes isToPanel');
      const f = model.findings.find((x) => x.code === 'wrong-step');
      assert.ok(f?.counterexample, 'the panel finding has a counterexample');
      const ce = step.counterexample!;
      assert.deepEqual(f.counterexample, {
        rows: Object.entries(ce.values).map(([n, v]) => ({ name: n.replace('\\hat{y}', 'ŷ'), value: fmtStepValue(v) })),
        more: 0,
        left: fmtStepValue(ce.left),
        right: fmtStepValue(ce.right),
      });
      // the sentence is in the answer's language; the table's texts are names and numbers only
      assert.equal(/[\u0600-\u06FF]/.test(f.message), lang === 'fa');
    });
  }

  test('a finding without a counterexample has no table (the wrong result of a product)', () => {
    const text = '$$2 \\times 3 = 7$$\n';
    const model = buildPanelModel(analyzeDocument(text), 3, text);
    assert.equal(model.findings.length, 1);
    assert.equal(model.findings[0].counterexample, undefined);
  });
});

describe('the closed form of a linear recurrence as a fix', () => {
  test('hw5-b: the derived closed form replaces the written right side; applied, the step is silent', () => {
    const { step } = only(WRONG_CLOSED);
    const fix = step.fix!;
    assert.ok(fix, 'a fix is offered');
    assert.equal(fix.newText, '\\sum_{i=1}^{T} (-1)^{T-i} n_{i} + (-1)^{T} h_{0}');
    assert.equal(WRONG_CLOSED.slice(fix.range.start, fix.range.end), '\\sum_{i=1}^T (-1)^i n_i + h_0');
    assert.equal(fix.title, 'Replace with the closed form \\sum_{i=1}^{T} (-1)^{T-i} n_{i} + (-1)^{T} h_{0}');
    assert.deepEqual(step.fixes, [fix]);
    const fixed = WRONG_CLOSED.slice(0, fix.range.start) + fix.newText + WRONG_CLOSED.slice(fix.range.end);
    assert.deepEqual(wrongSteps(fixed).steps, [], 'the fixed line is silent');
  });

  test('a right closed form: no finding, no fix (twin)', () => {
    assert.deepEqual(wrongSteps(RIGHT_CLOSED).steps, []);
    assert.deepEqual(analyzeDocument(RIGHT_CLOSED).findings.filter((f) => f.fix), []);
  });

  test('the bound and weights as written: g_N with a coefficient, s_T with 0.5; each fix applied is silent', () => {
    const cases: [string, string][] = [
      ['$$g_t = m_t - g_{t-1}$$\n\n$$\\Rightarrow g_N = \\sum_{k=1}^N (-1)^k m_k + g_0$$\n', '\\sum_{i=1}^{N} (-1)^{N-i} m_{i} + (-1)^{N} g_{0}'],
      ['$$s_t = 0.5 s_{t-1} + x_t$$\n\n$$\\Rightarrow s_T = \\sum_{i=1}^T 0.5^{i} x_i + 0.5^T s_0$$\n', '\\sum_{i=1}^{T} 0.5^{T-i} x_{i} + 0.5^{T} s_{0}'],
      ['From $\\mathbf{h}_0$:\n\n$$\\mathbf{h}_t = \\mathbf{h}_{t-1} + \\bar{x}_t$$\n\n$$\\Rightarrow \\mathbf{h}_T = \\sum_{i=1}^T \\bar{x}_i$$\n', '\\sum_{i=1}^{T} \\bar{x}_{i} + \\mathbf{h}_{0}'],
    ];
    for (const [text, want] of cases) {
      const { step } = only(text);
      assert.equal(step.fix?.newText, want, text);
      const fixed = text.slice(0, step.fix!.range.start) + step.fix!.newText + text.slice(step.fix!.range.end);
      assert.deepEqual(wrongSteps(fixed).steps, [], `applied, silent: ${fixed}`);
    }
  });

  test('no fix where the right form is not a closed form of the sequence: an output of it, an unrolling step, a member of the sequence', () => {
    const output = '$$g_t = m_t - g_{t-1}$$\n\n$$u = \\sigma(5 g_T) \\Rightarrow u_T = \\sigma\\left(5 \\sum_{i=1}^T (-1)^{T-i} m_i\\right) + 5(-1)^T g_0$$\n';
    const unrolling = '$$h_t = n_t - h_{t-1}$$\n\n$$\\Rightarrow h_t = n_t - n_{t-1} + h_{t-2} = n_t - n_{t-1} + n_{t-2} + h_{t-3}$$\n';
    const member = '$$h_t = n_t - h_{t-1}$$\n\n$$\\Rightarrow h_T = n_T + h_{T-1}$$\n';
    for (const text of [output, unrolling, member]) {
      const { step } = only(text);
      assert.equal(step.fix, undefined, `no fix: ${text}`);
    }
  });

  test('Persian: the fix title is Persian with the LaTeX as a left-to-right island', () => {
    const { step } = only(WRONG_CLOSED, 'fa');
    assert.ok(/[\u0600-\u06FF]/.test(step.fix!.title));
    assert.ok(step.fix!.title.includes(`${LRI}${step.fix!.newText}${PDI}`), step.fix!.title);
    assert.equal(step.fix!.newText, '\\sum_{i=1}^{T} (-1)^{T-i} n_{i} + (-1)^{T} h_{0}', 'the LaTeX itself is not translated');
  });

  test('the panel offers it: its title on the finding, and the id the webview sends back finds the same fix', () => {
    const { analysis, step } = only(WRONG_CLOSED);
    const model = buildPanelModel(analysis, step.range.start + 1, WRONG_CLOSED);
    const f = model.findings.find((x) => x.code === 'wrong-step')!;
    assert.equal(f.fixTitle, step.fix!.title);
    assert.ok(f.counterexample && f.counterexample.rows.some((r) => r.name === 'T'));
    assert.deepEqual(findingById(analysis, f.id)?.fix, step.fix);
  });

  test('dlmath check --json: fix and fixes with the range the fix replaces (contract shape, extended)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dlmath-wrongstep-'));
    try {
      const file = path.join(dir, 'a.md');
      writeFileSync(file, WRONG_CLOSED);
      let out = '';
      const code = await runCli(['check', file, '--json'], { stdout: (s) => (out += s), stderr: () => {} });
      assert.equal(code, 0, 'a warning is not an error');
      const f = JSON.parse(out).files[0].findings.find((x: { code: string }) => x.code === 'wrong-step');
      assert.deepEqual(f.fix, { title: 'Replace with the closed form \\sum_{i=1}^{T} (-1)^{T-i} n_{i} + (-1)^{T} h_{0}', newText: '\\sum_{i=1}^{T} (-1)^{T-i} n_{i} + (-1)^{T} h_{0}' });
      assert.deepEqual(f.fixes, [{ ...f.fix, line: 7, column: 21, endLine: 7, endColumn: 50 }]);
      assert.deepEqual(Object.keys(f.counterexample).sort(), ['left', 'right', 'values']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('σ′ written for σ as a fix', () => {
  const SIGMOID = '$$\\hat y = \\sigma(o)$$\n\n';
  /** The text with the fix of its one wrong step applied. */
  const applied = (text: string, step: Finding) => text.slice(0, step.fix!.range.start) + step.fix!.newText + text.slice(step.fix!.range.end);

  test("the one prime whose removal makes the step hold is deleted, as written (' or ^{\\prime}); applied, the step is silent", () => {
    const cases: [string, string, string][] = [
      [SIGMOID + "$$\\Rightarrow \\hat y (1 - \\hat y) = \\sigma'(o)(1 - \\sigma(o))$$\n", "'", "Replace \\sigma'(o) with \\sigma(o)"],
      [SIGMOID + '$$\\Rightarrow \\hat y (1 - \\hat y) = \\sigma^{\\prime}(o)(1 - \\sigma(o))$$\n', '^{\\prime}', 'Replace \\sigma^{\\prime}(o) with \\sigma(o)'],
      [SIGMOID + "$$\\Rightarrow \\hat y (1 - \\hat y) = \\sigma(o) - \\sigma(o)^2 = \\sigma'(o)(1 - \\sigma(o))$$\n", "'", "Replace \\sigma'(o) with \\sigma(o)"],
      ["$$a = \\tanh(z)$$\n\n$$\\Rightarrow 1 - a^2 = 1 - \\tanh'(z)^2$$\n", "'", "Replace \\tanh'(z) with \\tanh(z)"],
    ];
    for (const [text, prime, title] of cases) {
      const { step } = only(text);
      assert.ok(step.fix, `a fix for ${text}`);
      assert.equal(text.slice(step.fix.range.start, step.fix.range.end), prime);
      assert.equal(step.fix.newText, '');
      assert.equal(step.fix.title, title);
      assert.ok(step.fix.range.start >= step.range.start && step.fix.range.end <= step.range.end, 'the edit is inside the step');
      assert.deepEqual(wrongSteps(applied(text, step)).steps, [], `applied, silent: ${applied(text, step)}`);
    }
  });

  test('no fix when dropping one prime does not make the step hold, or when two primes would each have to go (twins)', () => {
    for (const line of ["\\hat y (1 - \\hat y) = \\sigma'(o)(1 + \\sigma(o))", "\\hat y^2 = \\sigma'(o) \\sigma'(o)"]) {
      const text = `${SIGMOID}$$\\Rightarrow ${line}$$\n`;
      const { step } = only(text);
      assert.equal(step.fix, undefined, `no fix: ${line}`);
    }
    // the right step: silent, nothing to fix
    assert.deepEqual(wrongSteps(`${SIGMOID}$$\\Rightarrow \\hat y (1 - \\hat y) = \\sigma'(o)$$\n`).steps, []);
  });

  test('Persian: the title is Persian with both forms as left-to-right islands', () => {
    const { step } = only(SIGMOID + "$$\\Rightarrow \\hat y (1 - \\hat y) = \\sigma'(o)(1 - \\sigma(o))$$\n", 'fa');
    assert.ok(/[\u0600-\u06FF]/.test(step.fix!.title));
    assert.ok(step.fix!.title.includes(`${LRI}\\sigma'(o)${PDI}`) && step.fix!.title.includes(`${LRI}\\sigma(o)${PDI}`), step.fix!.title);
  });
});
