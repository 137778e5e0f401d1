// The recurrences of a document are part of its analysis, read once per version from the same trees
// as values: the panel, the BPTT command and the CLI take them from there.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/document/analysis';
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
