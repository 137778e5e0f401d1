// The panel's message layer: both directions are checked at runtime; malformed, unknown or oversized
// messages are rejected, and every message the two sides really build is accepted.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../../src/core/document/analysis';
import { buildPanelModel } from '../../../src/core/views/panelModel';
import { FROM_PANEL_TYPES, STRING_KEYS, TO_PANEL_TYPES, format, isFromPanel, isToPanel, PanelStrings } from '../../../src/shared/protocol';
import { readTransformerConfig, runBptt, runTransformer } from '../../../src/features/panel/calculators';
import { buildLastResult } from '../../../src/core/views/lastResult';
import { evaluateLatex } from '../../../src/core/eval/evaluateLatex';
import { REPO_ROOT } from '../engineHelpers';

const SAMPLE = readFileSync(path.join(REPO_ROOT, 'samples/answer-attention.md'), 'utf8');
const strings = Object.fromEntries(STRING_KEYS.map((k) => [k, `text of ${k} {0}`])) as PanelStrings;
const bpttRequest = { recurrence: 'h_t = \\tanh(W h_{t-1} + U x_t + b)', wrt: 'h_0', steps: 3, loss: 'final', notation: 'auto' };
const gpt2 = { vocabSize: 50257, dModel: 768, heads: 12, decoderLayers: 12, maxPositions: 1024, layerNorm: 'pre', finalLayerNorm: true };

/** One good message of each type, as the code really builds them. */
const goodFromPanel = [
  { type: 'ready' },
  { type: 'applyFix', id: '3.0', version: 7 },
  { type: 'reveal', start: 10, end: 20, version: 3 },
  { type: 'revealFinding', id: '3.0', version: 7 },
  { type: 'bptt', requestId: 1, request: bpttRequest },
  { type: 'transformer', requestId: 2, config: gpt2 },
  { type: 'transformerConfig', requestId: 3, text: '{\n  "model_type": "gpt2",\n  "n_embd": 768\n}' },
  { type: 'transformerConfigFile', requestId: 4 },
  { type: 'insert', source: { kind: 'bptt', request: bpttRequest } },
  { type: 'insert', source: { kind: 'transformer', config: gpt2 } },
];

function goodToPanel(): unknown[] {
  const analysis = analyzeDocument(SAMPLE);
  const models = [0, SAMPLE.indexOf('scores = keys'), SAMPLE.indexOf('= 6$$') + 2, SAMPLE.indexOf('h_t = \\tanh'), SAMPLE.length].map((o) => buildPanelModel(analysis, o, SAMPLE));
  return [
    { type: 'init', locale: 'fa', rtl: true, strings },
    ...models.map((model) => ({ type: 'update', document: { name: 'answer-attention.md', version: 4 }, model })),
    { type: 'update', document: null, model: null, reason: 'noEditor' },
    { type: 'update', document: null, model: null, reason: 'notMarkdown' },
    { type: 'bpttResult', requestId: 1, result: runBptt(bpttRequest as never) },
    { type: 'bpttResult', requestId: 1, result: runBptt({ ...bpttRequest, wrt: 'Q' } as never) },
    { type: 'transformerResult', requestId: 2, result: runTransformer(gpt2) },
    { type: 'transformerResult', requestId: 2, result: runTransformer({ dModel: 768 }) },
    { type: 'transformerConfigResult', requestId: 3, result: readTransformerConfig('{"model_type": "gpt2", "n_embd": 768, "n_head": 12, "n_layer": 12, "n_positions": 1024, "vocab_size": 50257}') },
    { type: 'transformerConfigResult', requestId: 3, result: readTransformerConfig('{"constructor": 1}') },
    { type: 'notice', level: 'info', text: 'Inserted into answer.md.' },
    ...['4 \\times 768 \\times 768', '\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}^{-1}', 'W x + b'].map((src) => {
      const o = evaluateLatex(src);
      return { type: 'lastResult', result: buildLastResult({ document: 'answer.md', source: src, outcome: o.ok ? { ok: true, value: o.value, steps: o.steps } : { ok: false, message: o.message } }) };
    }),
    { type: 'lastResult', result: buildLastResult({ document: '', source: '', outcome: { ok: false, message: 'Put the cursor in a formula.' } }) },
    { type: 'lastResult', result: null },
  ];
}

/** A deep copy with one change at a path (a function receives the parent object). */
function mutate(x: unknown, change: (o: Record<string, unknown>) => void): unknown {
  const copy = JSON.parse(JSON.stringify(x)) as Record<string, unknown>;
  change(copy);
  return copy;
}

describe('messages the code builds are accepted', () => {
  test('extension → webview', () => {
    const msgs = goodToPanel();
    for (const m of msgs) assert.ok(isToPanel(m), JSON.stringify(m).slice(0, 300));
    assert.deepEqual([...new Set(msgs.map((m) => (m as { type: string }).type))].sort(), [...TO_PANEL_TYPES].sort(), 'every type is exercised');
  });
  test('webview → extension', () => {
    for (const m of goodFromPanel) assert.ok(isFromPanel(m), JSON.stringify(m));
    assert.deepEqual([...new Set(goodFromPanel.map((m) => m.type))].sort(), [...FROM_PANEL_TYPES].sort());
  });
  test('the calculators really produced both outcomes', () => {
    assert.equal(runBptt(bpttRequest as never).ok, true);
    assert.equal(runBptt({ ...bpttRequest, wrt: 'Q' } as never).ok, false);
    assert.equal(runTransformer(gpt2).ok, true);
    assert.equal(runTransformer({ dModel: 768 }).ok, false);
  });
  test('a message survives the JSON round trip of postMessage', () => {
    for (const m of goodToPanel()) assert.ok(isToPanel(JSON.parse(JSON.stringify(m))));
  });
});

describe('directions are not mixed up', () => {
  test('a webview message is not an extension message and back', () => {
    for (const m of goodFromPanel) assert.equal(isToPanel(m), false, m.type);
    for (const m of goodToPanel()) assert.equal(isFromPanel(m), false, (m as { type: string }).type);
  });
});

describe('malformed and unknown messages are rejected', () => {
  const notObjects: unknown[] = [undefined, null, 0, 'ready', true, [], [{ type: 'ready' }], () => 0, new Date(0), Object.create(null)];
  test('not an object, or an object without a known type', () => {
    for (const x of notObjects) {
      assert.equal(isFromPanel(x), false, typeof x);
      assert.equal(isToPanel(x), false, typeof x);
    }
    for (const type of ['', 'READY', 'applyfix', 'eval', 'constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      assert.equal(isFromPanel({ type }), false, type);
      assert.equal(isToPanel({ type }), false, type);
    }
    assert.equal(isFromPanel({ type: 'ready', extra: 1 }), false, 'unknown keys are rejected');
    assert.equal(isFromPanel({ kind: 'ready' }), false);
  });

  const badFromPanel: [string, unknown][] = [
    ['applyFix without a version', { type: 'applyFix', id: '3.0' }],
    ['applyFix with a numeric id', { type: 'applyFix', id: 3, version: 1 }],
    ['applyFix with a huge id', { type: 'applyFix', id: '1'.repeat(100), version: 1 }],
    ['applyFix with a fractional version', { type: 'applyFix', id: '3.0', version: 1.5 }],
    ['applyFix carrying its own edit', { type: 'applyFix', id: '3.0', version: 1, newText: 'rm -rf' }],
    ['reveal with a negative offset', { type: 'reveal', start: -1, end: 3, version: 1 }],
    ['reveal without the document version', { type: 'reveal', start: 1, end: 3 }],
    ['reveal with NaN', { type: 'reveal', start: NaN, end: 3, version: 1 }],
    ['reveal with a string offset', { type: 'reveal', start: '1', end: 3, version: 1 }],
    ['revealFinding without a version', { type: 'revealFinding', id: '3.0' }],
    ['revealFinding with a stale-looking string version', { type: 'revealFinding', id: '3.0', version: '7' }],
    ['revealFinding with a negative version', { type: 'revealFinding', id: '3.0', version: -1 }],
    ['revealFinding with an id that is not formula.finding', { type: 'revealFinding', id: '3', version: 1 }],
    ['revealFinding with a negative index', { type: 'revealFinding', id: '-1.0', version: 1 }],
    ['revealFinding with an id too large to be an index', { type: 'revealFinding', id: '12345678.0', version: 1 }],
    ['revealFinding carrying its own range', { type: 'revealFinding', id: '3.0', version: 1, start: 0, end: 5 }],
    ['bptt with 0 steps', { type: 'bptt', requestId: 1, request: { ...bpttRequest, steps: 0 } }],
    ['bptt with 10^6 steps', { type: 'bptt', requestId: 1, request: { ...bpttRequest, steps: 1e6 } }],
    ['bptt with an unknown loss', { type: 'bptt', requestId: 1, request: { ...bpttRequest, loss: 'mean' } }],
    ['bptt with a missing recurrence', { type: 'bptt', requestId: 1, request: { wrt: 'h_0', steps: 3, loss: 'final', notation: 'auto' } }],
    ['bptt with a megabyte recurrence', { type: 'bptt', requestId: 1, request: { ...bpttRequest, recurrence: 'h'.repeat(1e6) } }],
    ['bptt without a request id', { type: 'bptt', request: bpttRequest }],
    ['transformer with a nested object', { type: 'transformer', requestId: 2, config: { ...gpt2, extra: { a: 1 } } }],
    ['transformer with an array value', { type: 'transformer', requestId: 2, config: { dModel: [768] } }],
    ['transformer with Infinity', { type: 'transformer', requestId: 2, config: { dModel: Infinity } }],
    ['transformer with an odd key', { type: 'transformer', requestId: 2, config: { 'd model': 768 } }],
    ['transformer with 100 keys', { type: 'transformer', requestId: 2, config: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i])) }],
    ['insert with raw text', { type: 'insert', text: '$$x$$' }],
    ['insert of an unknown kind', { type: 'insert', source: { kind: 'text', text: '$$x$$' } }],
    ['insert of a bptt source with text', { type: 'insert', source: { kind: 'bptt', request: bpttRequest, text: 'x' } }],
  ];
  for (const [name, msg] of badFromPanel) {
    test(`webview → extension: ${name}`, () => assert.equal(isFromPanel(msg), false));
  }

  test('extension → webview: a broken update is rejected wherever it breaks', () => {
    const good = goodToPanel()[3]; // the update with the cursor on a wrong claim
    assert.ok(isToPanel(good));
    assert.equal((good as { model: { findings: unknown[] } }).model.findings.length, 1);
    const breaks: [string, (o: Record<string, unknown>) => void][] = [
      ['model missing', (o) => delete o.model],
      ['document as a string', (o) => (o.document = 'answer.md')],
      ['unknown reason', (o) => (o.reason = 'because')],
      ['cursor negative', (o) => ((o.model as Record<string, unknown>).cursor = -5)],
      ['finding severity unknown', (o) => (((o.model as { findings: Record<string, unknown>[] }).findings[0]).severity = 'fatal')],
      ['finding message as a number', (o) => (((o.model as { findings: Record<string, unknown>[] }).findings[0]).message = 42)],
      ['finding with a script key', (o) => (((o.model as { findings: Record<string, unknown>[] }).findings[0]).html = '<script>')],
      ['variable value without latex', (o) => delete ((o.model as { variables: { value: Record<string, unknown> }[] }).variables[0].value.latex)],
      ['variable shape of rank 3', (o) => ((o.model as { variables: { value: Record<string, unknown> }[] }).variables[0].value.shape = [1, 2, 3])],
      ['formula source huge', (o) => ((o.model as { formula: Record<string, unknown> }).formula.source = 'x'.repeat(30_000))],
      ['statements not an array', (o) => ((o.model as { formula: Record<string, unknown> }).formula.statements = {})],
      ['counts missing warnings', (o) => delete ((o.model as { counts: Record<string, unknown> }).counts.warnings)],
    ];
    for (const [name, change] of breaks) assert.equal(isToPanel(mutate(good, change)), false, name);
  });

  test('extension → webview: init needs every string', () => {
    const partial = { ...strings } as Record<string, string>;
    delete partial.insert;
    assert.equal(isToPanel({ type: 'init', locale: 'en', rtl: false, strings: partial }), false);
    assert.equal(isToPanel({ type: 'init', locale: 'en', rtl: false, strings: { ...strings, extra: 'x' } }), false);
    assert.equal(isToPanel({ type: 'init', locale: 'en', rtl: 'no', strings }), false);
  });

  test('extension → webview: results of the wrong shape', () => {
    assert.equal(isToPanel({ type: 'bpttResult', requestId: 1, result: { ok: true, error: 'x' } }), false);
    assert.equal(isToPanel({ type: 'bpttResult', requestId: 1, result: { ok: false } }), false);
    // the preview's blocks: a paragraph of words and formulas, or a display formula's lines; nothing else
    const derived = runBptt(bpttRequest as never, 'en', 'fa');
    assert.ok(derived.ok);
    assert.equal(isToPanel({ type: 'bpttResult', requestId: 1, result: derived }), true);
    const withBlocks = (blocks: unknown[]) => ({ type: 'bpttResult', requestId: 1, result: { ...derived, blocks } });
    assert.equal(isToPanel(withBlocks([{ kind: 'paragraph', pieces: [{ text: 'a' }, { math: 'x' }] }, { kind: 'display', lines: ['x'] }])), true);
    assert.equal(isToPanel(withBlocks([{ kind: 'paragraph', pieces: [{ text: 'a', math: 'x' }] }])), false, 'a piece that is words and a formula');
    assert.equal(isToPanel(withBlocks([{ kind: 'paragraph', pieces: [{ html: '<img>' }] }])), false, 'markup');
    assert.equal(isToPanel(withBlocks([{ kind: 'html', lines: ['<img>'] }])), false, 'an unknown block');
    assert.equal(isToPanel(withBlocks([{ kind: 'display', lines: 'x' }])), false, 'lines that are not a list');
    assert.equal(isToPanel({ type: 'bpttResult', requestId: 1, result: { ...derived, lang: 'de' } }), false, 'an unknown language');
    assert.equal(isToPanel({ type: 'bpttResult', requestId: 1, result: { ...derived, latex: 'x' } }), false, 'the old display block');
    assert.equal(isToPanel({ type: 'transformerResult', requestId: 1, result: { ok: true, total: -1, totalText: '', summary: '', rows: [], warnings: [] } }), false);
    assert.equal(isToPanel({ type: 'notice', level: 'fatal', text: 'x' }), false);
    const ok = { document: 'a.md', source: '1+1', ok: true, value: { latex: '2', shape: [], elided: false }, steps: [], moreSteps: 0 };
    assert.equal(isToPanel({ type: 'lastResult', result: ok }), true);
    assert.equal(isToPanel({ type: 'lastResult' }), false, 'no result (null is how to clear it)');
    assert.equal(isToPanel({ type: 'lastResult', result: { ...ok, ok: false } }), false, 'a failure needs its message');
    assert.equal(isToPanel({ type: 'lastResult', result: { ...ok, message: 'x' } }), false, 'a value and a message');
    assert.equal(isToPanel({ type: 'lastResult', result: { ...ok, html: '<img>' } }), false, 'an unknown key');
    assert.equal(isToPanel({ type: 'lastResult', result: { ...ok, value: { latex: 'x'.repeat(300_000), shape: [], elided: false } } }), false, 'a huge value');
  });
});

test('format fills {n} placeholders and leaves unknown ones', () => {
  assert.equal(format('{0} wrong, {1} warnings in {2} formulas', 2, 0, 18), '2 wrong, 0 warnings in 18 formulas');
  assert.equal(format('{0}×{1} matrix', 4, 3), '4×3 matrix');
  assert.equal(format('{1} then {0} and {2}', 'a', 'b'), 'b then a and {2}');
});
