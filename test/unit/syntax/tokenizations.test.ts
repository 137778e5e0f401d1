// One reading per formula text: analysing a document tokenizes each distinct formula text once, and
// every pass (values, claims, shapes, recurrences) and the hovers read the trees that reading made.
// Counted by spying on the tokenizer through its module object, which every caller goes through.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import * as tokens from '../../../src/core/syntax/tokens';
import { analyzeDocument, FormulaCache } from '../../../src/core/document/analysis';
import { explainAt } from '../../../src/core/views/explain';
import { findMathSpans } from '../../../src/core/markdown/spans';

const mod = tokens as unknown as { tokenize: typeof tokens.tokenize };
const original = tokens.tokenize;
let seen: string[] = [];

beforeEach(() => {
  seen = [];
  mod.tokenize = (src, ...rest) => {
    seen.push(src);
    return original(src, ...rest);
  };
});
afterEach(() => {
  mod.tokenize = original;
});

/** An answer that exercises every pass: values and claims, shapes (run-together names, a space, a
 * function the engine does not compute, an ellipsis, a matrix), a recurrence; some texts twice. */
const DOC = [
  '# Attention',
  '',
  '$d_{model} = 512$, $h = 8$, $n = 10$, $d_k = d_{model}/h = 64$',
  '',
  '$X \\in \\mathbb{R}^{n \\times d_{model}}$, $W_Q, W_K \\in \\mathbb{R}^{d_{model} \\times d_k}$, $W_V \\in \\mathbb{R}^{d_{model} \\times d_k}$',
  '',
  '$$Q = XW_Q \\quad K = XW_K \\quad V = XW_V$$',
  '',
  '$$A = \\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V$$',
  '',
  '$\\mathrm{head}_i \\in \\mathbb{R}^{n \\times d_k}$ and $W^O \\in \\mathbb{R}^{h d_k \\times d_{model}}$: $\\mathrm{Concat}(\\mathrm{head}_1, \\dots, \\mathrm{head}_h)W^O$',
  '',
  '$$\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix} \\begin{bmatrix} 1 \\\\ 0 \\end{bmatrix} = \\begin{bmatrix} 1 \\\\ 3 \\end{bmatrix}$$',
  '',
  'Again: $h = 8$ and $n = 10$, and $4 \\times 512 \\times 512 = 1048576$.',
  '',
  '$$h_t = \\tanh(W h_{t-1} + U x_t)$$',
  '',
].join('\n');

function distinctFormulas(text: string): Set<string> {
  return new Set(findMathSpans(text).map((s) => s.content));
}

test('analysing a document tokenizes each distinct formula text once (shapes read the same trees)', () => {
  const a = analyzeDocument(DOC);
  const formulas = distinctFormulas(DOC);
  assert.ok(formulas.size < findMathSpans(DOC).length, 'the document writes some formula texts twice');
  // the passes ran on these trees: shapes found the attention flow, the head concatenation and the products
  const steps = a.shapes.formulas.flatMap((f) => f.pieces.flatMap((p) => p.steps)).join('\n');
  assert.match(steps, /QKᵀ: /);
  assert.match(steps, /heads of /);
  assert.match(steps, /XW_Q: /);
  assert.equal(seen.length, formulas.size, `tokenized ${seen.length} times for ${formulas.size} formula texts`);
  assert.deepEqual(new Set(seen).size, seen.length, 'no formula text tokenized twice');
  // and what was tokenized are the formulas (digits normalised), not pieces of them
  for (const s of seen) assert.ok(formulas.has(s), `not a formula of the document: ${s}`);
});

test('hovers on every formula read the analysis, no formula again', () => {
  const a = analyzeDocument(DOC);
  const before = seen.length;
  for (const f of a.formulas) {
    for (let o = f.span.start; o < f.span.end; o += 7) explainAt(a, o, DOC);
  }
  assert.equal(seen.length, before);
});

test('a new document version with a kept cache tokenizes only the formula that changed', () => {
  const cache = new FormulaCache();
  analyzeDocument(DOC, undefined, cache);
  const edited = DOC.replace('$n = 10$, $d_k', '$n = 12$, $d_k');
  assert.notEqual(edited, DOC);
  seen = [];
  const a = analyzeDocument(edited, undefined, cache);
  assert.deepEqual(seen, ['n = 12']);
  assert.ok(a.shapes.formulas.some((f) => f.pieces.some((p) => p.steps.some((s) => /QKᵀ: /.test(s)))));
});
