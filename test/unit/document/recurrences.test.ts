// The recurrences of a document are part of its analysis, read once per version from the same trees
// as values: the panel, the BPTT command and the CLI take them from there.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument, FormulaCache } from '../../../src/core/document/analysis';
import { findMathSpans } from '../../../src/core/markdown/spans';
import { readFormula } from '../../../src/core/syntax/formula';
import { mayBeRecurrence, recogniseRecurrence } from '../../../src/core/bptt/recurrence';
import { REPO_ROOT } from '../engineHelpers';
import { buildPanelModel } from '../../../src/core/views/panelModel';
import { recurrenceAt, recurrenceProblemAt } from '../../../src/core/bptt';
import { render } from '../../../src/core/messages';

const DOC = [
  'Question 1',
  '',
  '$$h_t = \\tanh(W h_{t-1} + U x_t)$$',
  '',
  'The output is $y_t = V h_t$ and $d = 3$.',
  '',
  '$$z_t = W h_{t-1} + M h_{t-2} + U x_t$$',
  '',
  '$$h_t = \\sigma(z_t)$$',
  '',
  'Derive here.',
].join('\n');

describe('DocumentAnalysis.recurrences', () => {
  const analysis = analyzeDocument(DOC);

  test('the recurrences, top to bottom, with their formula and range', () => {
    assert.deepEqual(
      analysis.recurrences.map((r) => [r.formula, r.latex, r.recurrence.activation.kind]),
      [
        [0, 'h_t = \\tanh(W h_{t-1} + U x_t)', 'tanh'],
        [4, 'h_t = \\sigma(z_t)', 'sigma'],
      ],
    );
    const [first] = analysis.recurrences;
    assert.equal(DOC.slice(first.range.start, first.range.end), '$$h_t = \\tanh(W h_{t-1} + U x_t)$$');
  });

  test('a formula defining an indexed state that is no recurrence carries its problem; other formulas none', () => {
    assert.deepEqual(
      analysis.recurrenceProblems.map((p) => p.latex),
      ['y_t = V h_t', 'z_t = W h_{t-1} + M h_{t-2} + U x_t'],
    );
    const y = recurrenceProblemAt(analysis.recurrenceProblems, DOC.indexOf('y_t'));
    assert.ok(y);
    assert.match(render('en', y.problem), /y_\{t\} does not depend on y_\{t-1\}/);
    // `d = 3` is not about a state: nothing to say
    assert.equal(recurrenceProblemAt(analysis.recurrenceProblems, DOC.indexOf('d = 3')), undefined);
  });

  test('the nearest recurrence on or above an offset', () => {
    assert.equal(recurrenceAt(analysis.recurrences, DOC.indexOf('The output'))?.formula, 0);
    assert.equal(recurrenceAt(analysis.recurrences, DOC.indexOf('Derive'))?.formula, 4);
    assert.equal(recurrenceAt(analysis.recurrences, 2), undefined);
  });

  test('the panel shows the analysis\'s recurrence and reads no text of its own', () => {
    const at = DOC.indexOf('Derive');
    assert.equal(buildPanelModel(analysis, at, DOC).recurrence?.source, 'h_t = \\sigma(z_t)');
    // twin: the same analysis without its recurrences shows none, though the text still has them
    const without = { ...analysis, recurrences: [] };
    assert.equal(buildPanelModel(without, at, DOC).recurrence, undefined);
  });
});

// A formula read without its context (`h_t = \tanh(…)`) is read once per text: the same recurrence written
// again (a long answer repeating blocks) takes the kept reading. It must say what reading every
// formula afresh with the formulas around it says, also where the same text needs its context
// (`h_t = \sigma(z_t)` with z_t defined nearby in one place and nowhere in another).
describe('the recurrence pass reads a formula text once when its context plays no part', () => {
  const BPTT = readFileSync(path.join(REPO_ROOT, 'test/fixtures/workspace/bptt-answer.md'), 'utf8');
  const SAMPLE = readFileSync(path.join(REPO_ROOT, 'samples/answer-attention.md'), 'utf8');
  const docs: [string, string][] = [
    ['DOC twice', DOC + '\n\n' + DOC],
    ['σ(z_t) with and without its z_t', '$$h_t = \\sigma(z_t)$$\n\nQuestion 2\n\n$$z_t = W h_{t-1} + U x_t$$\n\n$$h_t = \\sigma(z_t)$$\n\n$$a = 1$$\n\n$$b = 2$$\n\n$$c = 3$$\n\n$$h_t = \\sigma(z_t)$$'],
    ['bptt-answer three times', [BPTT, BPTT, BPTT].join('\n\n')],
    ['sample three times', [SAMPLE, SAMPLE, SAMPLE].join('\n\n')],
  ];
  /** The slow path: every candidate formula read afresh with the formulas around it. */
  const fresh = (text: string) => {
    const spans = findMathSpans(text);
    const sources = spans.map((s) => ({ source: s.content, read: readFormula(s.content) }));
    const found: [number, string][] = [];
    sources.forEach((s, i) => {
      if (!s.read.chains.some((c) => c.pieces.length > 1) || !mayBeRecurrence(s)) return;
      const r = recogniseRecurrence(s, sources.slice(Math.max(0, i - 2), i + 3).filter((o) => o !== s));
      if (r.ok) found.push([i, JSON.stringify(r.recurrence)]);
      else if (r.indexedState) found.push([i, JSON.stringify(r.problem)]);
    });
    return found;
  };
  for (const [name, text] of docs) {
    test(name, () => {
      const expected = fresh(text);
      assert.ok(expected.length > 0);
      // twice through one cache: the second analysis takes every kept reading
      const cache = new FormulaCache();
      for (let round = 0; round < 2; round++) {
        const a = analyzeDocument(text, undefined, cache);
        const got = [...a.recurrences.map((r): [number, string] => [r.formula, JSON.stringify(r.recurrence)]), ...a.recurrenceProblems.map((p): [number, string] => [p.formula, JSON.stringify(p.problem)])].sort((x, y) => x[0] - y[0]);
        assert.deepEqual(got, expected);
      }
    });
  }
});
