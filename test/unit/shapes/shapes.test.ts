// Shape algebra: parsing matrix expressions as shapes see them, sizes declared in the answer, shape
// propagation through products, transposes, scaling, softmax, attention, head split and concat, and
// shape-mismatch findings with messages a student can act on. Table-driven from answer snippets.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/document/analysis';
import { analyzeShapes, shapeFindings, type PieceShape } from '../../../src/core/shapes/analyze';
import { readForShapes, shifted } from '../../../src/core/shapes/read';
import type { Node } from '../../../src/core/syntax/ast';
import { compareDims, div, formatDim, num, resolve, sym, valueOf, type DimEnv } from '../../../src/core/shapes/dim';
import { arithmeticContext, describeSkipGramCount, productFactors } from '../../../src/core/shapes/counting';
import { TRANSFORMER_PRESETS, presetById, transformerConfigAt } from '../../../src/core/shapes/documentConfig';
import { transformerFromObject } from '../../../src/core/transformer';
import { parsePiece, readPiece, splitStatements } from '../../../src/core/syntax/parser';
import { readExample, readFixture, SHARED_SKIP, REPO_ROOT } from '../engineHelpers';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The shape piece that covers the `nth` occurrence of `needle` (its innermost one). */
function pieceAt(text: string, needle: string, nth = 0): PieceShape | undefined {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" is not in the snippet`);
  }
  const shapes = analyzeShapes(analyzeDocument(text), text);
  let best: PieceShape | undefined;
  for (const f of shapes.formulas) {
    for (const p of f.pieces) {
      if (p.range.start <= at && at + needle.length <= p.range.end && (!best || p.range.end - p.range.start < best.range.end - best.range.start)) best = p;
    }
  }
  return best;
}

function findings(text: string) {
  return shapeFindings(analyzeDocument(text), text);
}

function names(x: Node): string {
  switch (x.t) {
    case 'sym':
      return x.name;
    case 'bin':
      if (x.op === '/' || x.op === 'div') return `${names(x.a)}/${names(x.b)}`;
      return `(${names(x.a)} ${names(x.b)})`;
    case 'transpose':
      return `${names(x.a)}ᵀ`;
    case 'call':
      return `${x.fn}[${x.args.map(names).join(', ')}]`;
    case 'frac':
      return `${names(x.a)}/${names(x.b)}`;
    case 'sqrt':
      return `√${names(x.a)}`;
    case 'group':
      return names(x.a);
    case 'dots':
      return '…';
    case 'space':
      return `R[${x.dims.map(names).join(' | ')}]`;
    case 'num':
      return String(x.v);
    case 'mat':
      return `mat${x.rows.length}x${x.rows[0].length}`;
    default:
      return x.t;
  }
}

/**
 * One piece as the shape pass reads it: the front end's tree (the one the document analysis keeps, also
 * of notation with no value), placed at document offset `base`, read with the names `known` there.
 */
function parseShapeExpr(src: string, base: number, options: { known?: (n: string) => boolean } = {}): Node {
  const chains = splitStatements(src);
  assert.equal(chains.length, 1, src);
  assert.equal(chains[0].pieces.length, 1, src);
  const tree = readPiece(chains[0].pieces[0].tokens, { maxMatrixElements: 1000, maxDepth: 50 }).node;
  return readForShapes(shifted(tree, base), { known: options.known ?? (() => false), source: (s, e) => src.slice(s - base, e - base) });
}

describe('shapes: reading matrix expressions', () => {
  const cases: [string, string][] = [
    ['QK^T', '(Q Kᵀ)'],
    ['QK^{\\top}', '(Q Kᵀ)'],
    ['XW_Q', '(X W_Q)'],
    ['X W^Q', '(X W^Q)'],
    ['QW_i^Q', '(Q W_i^Q)'],
    ['\\mathbf{W}_Q x', '(W_Q x)'],
    ['\\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V', '(softmax[(Q Kᵀ)/√d_k] V)'],
    ['\\operatorname{Concat}(\\mathrm{head}_1, \\dots, \\mathrm{head}_h)W^O', '(concat[head_1, …, head_h] W^O)'],
    ['\\text{Attention}(Q, K, V)', 'attention[Q, K, V]'],
    ['\\mathbb{R}^{n \\times d_{model}}', 'R[n | d_model]'],
    ['\\mathbb{R}^{B \\times n \\times d_{\\text{model}}}', 'R[B | n | d_model]'],
    ['\\begin{bmatrix} 1 & 2 & 3 \\\\ 4 & 5 & 6 \\end{bmatrix}^T', 'mat2x3ᵀ'],
  ];
  for (const [src, want] of cases) {
    test(`${src} → ${want}`, () => assert.equal(names(parseShapeExpr(src, 0)), want));
  }

  test('a word made of known single-letter names splits (QKV); an unknown word stays one name (scores)', () => {
    const known = (n: string) => ['Q', 'K', 'V'].includes(n);
    assert.equal(names(parseShapeExpr('QKV', 0, { known })), '((Q K) V)');
    assert.equal(names(parseShapeExpr('scores', 0, { known })), 'scores');
    assert.equal(names(parseShapeExpr('keys', 0, { known: (n) => n === 'keys' })), 'keys');
  });

  test('names match the evaluator’s (d_{model} → d_model), so document sizes apply', () => {
    for (const src of ['d_{model}', 'd_k', 'd_{k}', 'W_{Q}']) {
      const ours = parseShapeExpr(src, 0);
      const theirs = parsePiece(splitStatements(src)[0].pieces[0].tokens, { maxMatrixElements: 1000, maxDepth: 50 });
      assert.equal(ours.t, 'sym');
      assert.equal(theirs.t, 'sym');
      if (ours.t === 'sym' && theirs.t === 'sym') assert.equal(ours.name, theirs.name);
    }
  });

  test('offsets are document offsets', () => {
    const x = parseShapeExpr('XW_Q', 100);
    assert.equal(x.s, 100);
    assert.equal(x.e, 104);
  });
});

describe('shapes: sizes', () => {
  const env: DimEnv = { get: (n) => ({ d_model: 768, h: 12 } as Record<string, number>)[n] };
  test('d_model/h is 64 with the document’s values, d_model/h without', () => {
    const d = div(sym('d_model'), sym('h'));
    assert.equal(valueOf(d, env), 64);
    assert.equal(formatDim(d), 'd_model/h');
    assert.equal(valueOf(d, { get: () => undefined }), undefined);
  });
  test('h·(d_model/h) simplifies to d_model', () => {
    const d = resolve({ c: 1, v: { h: 1, d_model: 1 } }, { get: () => undefined });
    assert.equal(formatDim(div(d, sym('h'))), 'd_model');
  });
  test('comparisons: equal values, different numbers, unknown symbols', () => {
    assert.equal(compareDims(sym('d_model'), num(768), env), 'yes');
    assert.equal(compareDims(sym('h'), num(8), env), 'no');
    assert.equal(compareDims(sym('d_k'), sym('n'), env), 'unknown');
  });
});

interface Flow {
  name: string;
  doc: string;
  /** The piece to look at. */
  at: string;
  shape: string[];
  numeric?: number[];
  /** Steps that must appear, in order. */
  steps?: RegExp[];
}

const ATTN_DECL = '$X \\in \\mathbb{R}^{n \\times d_{model}}$, $W_Q, W_K \\in \\mathbb{R}^{d_{model} \\times d_k}$, $W_V \\in \\mathbb{R}^{d_{model} \\times d_v}$\n\n';

const FLOWS: Flow[] = [
  { name: 'XW_Q from declarations', doc: ATTN_DECL + '$$Q = XW_Q$$', at: 'XW_Q', shape: ['n', 'd_k'], steps: [/XW_Q: \(n×d_model\)·\(d_model×d_k\) → n×d_k/] },
  {
    name: 'QKᵀ after Q = XW_Q, K = XW_K (Persian prose, one formula with \\quad)',
    doc: 'فرض کنید ' + ATTN_DECL + '$$Q = XW_Q, \\quad K = XW_K$$\n\nامتیازها: $S = QK^T$',
    at: 'QK^T',
    shape: ['n', 'n'],
    steps: [/QKᵀ: \(n×d_k\)·\(d_k×n\) → n×n/],
  },
  {
    name: 'the attention formula, step by step, with numbers',
    doc: '$d_{model} = 512$, $h = 8$, $n = 10$, $d_k = d_v = d_{model}/h$\n\n' + ATTN_DECL + '$$Q = XW_Q \\quad K = XW_K \\quad V = XW_V$$\n\n$$A = \\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V$$',
    at: '\\mathrm{softmax}',
    shape: ['n', 'd_v'],
    numeric: [10, 64],
    steps: [/QKᵀ: .*→ n×n = \(10×64\)·\(64×10\) → 10×10/, /divided by √d_k = 8; scaling keeps n×n \(10×10\)/, /softmax over each row keeps n×n/, /\(n×n\)·\(n×d_v\) → n×d_v = \(10×10\)·\(10×64\) → 10×64/],
  },
  {
    name: 'attention with Q, K, V declared nowhere assumes the usual shapes and d_k = d_model/h',
    doc: '$d_{model} = 768$ و $h = 12$\n\n$$\\mathrm{Attention}(Q,K,V) = \\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V$$',
    at: '\\mathrm{softmax}',
    shape: ['n', 'd_k'],
    steps: [/QKᵀ: \(n×d_k\)·\(d_k×n\) → n×n = \(n×64\)·\(64×n\) → n×n/, /√d_k = 8/],
  },
  {
    name: 'batched projection keeps the batch axis',
    doc: '$X \\in \\mathbb{R}^{B \\times n \\times d}$, $W \\in \\mathbb{R}^{d \\times d_k}$: $XW$',
    at: 'XW',
    shape: ['B', 'n', 'd_k'],
  },
  {
    name: 'per-head scores QKᵀ transpose the last two axes',
    doc: '$Q, K \\in \\mathbb{R}^{B \\times h \\times n \\times d_k}$ so $QK^\\top$',
    at: 'QK^\\top',
    shape: ['B', 'h', 'n', 'n'],
  },
  {
    name: 'head split with h from the document',
    doc: '$d_{model} = 512$, $h = 8$, $n = 10$\n\n$Q \\in \\mathbb{R}^{n \\times d_{model}}$ → $\\mathrm{split}(Q)$',
    at: '\\mathrm{split}',
    shape: ['h', 'n', 'd_model/h'],
    numeric: [8, 10, 64],
  },
  {
    name: 'concatenating h heads',
    doc: '$\\mathrm{head}_i \\in \\mathbb{R}^{n \\times d_v}$ and $W^O \\in \\mathbb{R}^{h d_v \\times d_{model}}$\n\n$$\\mathrm{MultiHead}(Q, K, V) = \\mathrm{Concat}(\\mathrm{head}_1, \\dots, \\mathrm{head}_h)W^O$$',
    at: '\\mathrm{Concat}',
    shape: ['n', 'd_model'],
    steps: [/h heads of n×d_v side by side → n×h·d_v/, /\(n×h·d_v\)·\(h·d_v×d_model\) → n×d_model/],
  },
  {
    name: 'split then concat gives the width back',
    doc: '$h = 4$, $Q \\in \\mathbb{R}^{n \\times d_{model}}$: $\\mathrm{Concat}(\\mathrm{split}(Q))$',
    at: '\\mathrm{Concat}',
    shape: ['n', 'd_model'],
  },
  { name: 'a bias broadcasts over the rows', doc: '$X \\in \\mathbb{R}^{n \\times d}$, $W \\in \\mathbb{R}^{d \\times m}$, $b \\in \\mathbb{R}^{m}$: $XW + b$', at: 'XW + b', shape: ['n', 'm'] },
  { name: 'a matrix times a vector', doc: '$W \\in \\mathbb{R}^{m \\times d}$, $x \\in \\mathbb{R}^{d}$: $\\tanh(Wx)$', at: 'Wx', shape: ['m'] },
  { name: 'W^Q declared, W_Q used', doc: '$X \\in \\mathbb{R}^{n \\times d}$, $W^Q \\in \\mathbb{R}^{d \\times d_k}$: $XW_Q$', at: 'XW_Q', shape: ['n', 'd_k'] },
  { name: 'W_i^Q declared once, W_1^Q used', doc: '$X \\in \\mathbb{R}^{n \\times d}$, $W_i^Q \\in \\mathbb{R}^{d \\times d_k}$: $XW_1^Q$', at: 'XW_1^Q', shape: ['n', 'd_k'] },
  {
    name: 'a declaration after its use (“where W ∈ …”) still gives the shape',
    doc: '$$H = \\mathrm{ReLU}(XW)$$ where $X \\in \\mathbb{R}^{n \\times d}$ and $W \\in \\mathbb{R}^{d \\times d_{ff}}$',
    at: '\\mathrm{ReLU}',
    shape: ['n', 'd_ff'],
  },
  { name: 'written-out matrices: operand and result shapes', doc: '$$\\begin{bmatrix} 1 & 2 & 3 \\\\ 4 & 5 & 6 \\end{bmatrix} \\begin{bmatrix} 1 \\\\ 0 \\\\ 2 \\end{bmatrix} = \\begin{bmatrix} 7 \\\\ 16 \\end{bmatrix}$$', at: '\\begin{bmatrix} 1 & 2', shape: ['2', '1'], numeric: [2, 1], steps: [/\(2×3\)·\(3×1\) → 2×1/] },
  { name: 'a document matrix variable', doc: '$$keys = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\\\ 5 & 6 \\end{bmatrix}$$ and $keys^T keys$', at: 'keys^T keys', shape: ['2', '2'], numeric: [2, 2] },
  { name: 'a residual connection and LayerNorm', doc: '$X \\in \\mathbb{R}^{n \\times d}$, $W \\in \\mathbb{R}^{d \\times d}$: $\\mathrm{LayerNorm}(X + XW)$', at: '\\mathrm{LayerNorm}', shape: ['n', 'd'] },
];

describe('shapes: propagation', () => {
  for (const c of FLOWS) {
    test(c.name, () => {
      const p = pieceAt(c.doc, c.at);
      assert.ok(p, `no shape for ${c.at}`);
      assert.deepEqual(p.shape, c.shape, `steps: ${JSON.stringify(p.steps)}`);
      if (c.numeric) assert.deepEqual(p.numeric, c.numeric);
      let from = 0;
      for (const re of c.steps ?? []) {
        const i = p.steps.findIndex((s, k) => k >= from && re.test(s));
        assert.ok(i >= 0, `no step matching ${re} (in order) in ${JSON.stringify(p.steps)}`);
        from = i + 1;
      }
      assert.deepEqual(findings(c.doc), [], 'a consistent answer has no shape finding');
    });
  }

  test('the steps and the assumption of a shape inference are written in the analysis language (Persian hover, English hover)', () => {
    const attention = '$d_{model} = 512$, $h = 8$, $n = 10$, $d_k = d_v = d_{model}/h$\n\n' + ATTN_DECL + '$$Q = XW_Q \\quad K = XW_K \\quad V = XW_V$$\n\n$$A = \\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V$$';
    const assumedDoc = '$d_{model} = 768$ و $h = 12$\n\n$$\\mathrm{Attention}(Q,K,V) = \\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V$$';
    const outerDoc = '$x \\in \\mathbb{R}^{n}$, $y \\in \\mathbb{R}^{m}$\n\n$$G = x y^T$$';
    const piece = (doc: string, needle: string, language: 'en' | 'fa') => {
      const at = doc.indexOf(needle);
      const a = analyzeDocument(doc, { language });
      return a.shapes.formulas.flatMap((f) => f?.pieces ?? []).filter((p) => p.range.start <= at && at < p.range.end).sort((p, q) => p.range.end - p.range.start - (q.range.end - q.range.start))[0];
    };
    const english = /divided by|keeps|over each row|outer product|assumed|declare/;
    for (const [doc, needle] of [[attention, '\\mathrm{softmax}'], [assumedDoc, '\\mathrm{softmax}'], [outerDoc, 'x y^T']] as const) {
      const fa = piece(doc, needle, 'fa');
      const en = piece(doc, needle, 'en');
      assert.ok(fa && en && fa.steps.length > 0, `no shape steps for ${needle}`);
      // the same steps, in the same order, with the same shapes: only the words differ
      assert.equal(fa.steps.length, en.steps.length);
      for (const s of en.steps) assert.doesNotMatch(s, /[\u0600-\u06ff]/, `an English step with Persian words: ${s}`);
      assert.ok(en.steps.some((s) => english.test(s)), JSON.stringify(en.steps));
      for (const s of fa.steps) assert.doesNotMatch(s, english, `an English phrase in a Persian step: ${s}`);
      // (a product's step is shapes only, in either language)
      assert.ok(fa.steps.some((s) => /[\u0600-\u06ff]/.test(s)), `no Persian step: ${JSON.stringify(fa.steps)}`);
      if (en.assumed) {
        assert.match(en.assumed, /^assumed /);
        assert.match(fa.assumed ?? '', /فرض شد/);
      }
    }
    // the numbers and shapes are the same islands in both languages
    const fa = piece(attention, '\\mathrm{softmax}', 'fa')!;
    assert.ok(fa.steps.some((s) => s.includes('√d_k = 8') && s.includes('n×n (10×10)')), JSON.stringify(fa.steps));
  });

  test('a shape-mismatch finding has its message in the document language and its steps in one text for every language (the CLI JSON under --lang)', () => {
    const doc = '$d_k = 64$, $n = 10$, $Q, K \\in \\mathbb{R}^{n \\times d_k}$, $W \\in \\mathbb{R}^{d_k \\times d_k}$\n\n$$S = \\frac{QK^T}{\\sqrt{d_k}} W$$';
    const of = (language: 'en' | 'fa') => analyzeDocument(doc, { language }).findings.filter((f) => f.code === 'shape-mismatch');
    const [en, fa] = [of('en'), of('fa')];
    assert.equal(en.length, 1);
    assert.equal(fa.length, 1);
    assert.notEqual(fa[0].message, en[0].message);
    assert.match(fa[0].message, /[\u0600-\u06ff]/);
    assert.deepEqual(fa[0].steps, en[0].steps);
    assert.ok(en[0].steps?.some((s) => /divided by √d_k = 8; scaling keeps n×n/.test(s)), JSON.stringify(en[0].steps));
    // the hover of the same expression as a shape piece (no finding) is Persian
    const at = doc.indexOf('\\frac');
    const pieces = analyzeDocument(doc, { language: 'fa' }).shapes.formulas.flatMap((f) => f?.pieces ?? []).filter((p) => p.range.start <= at && at < p.range.end);
    assert.ok(pieces.some((p) => p.steps.some((s) => /تقسیم بر/.test(s))), JSON.stringify(pieces.map((p) => p.steps)));
  });

  test('sizes declared in the answer: d_head = d_model / h is 64', () => {
    const doc = '$d_{model} = 768$ and $h = 12$, so $d_{head} = d_{model} / h$';
    const p = pieceAt(doc, 'd_{model} / h');
    assert.equal(p?.kind, 'dimension');
    assert.equal(p?.value, 64);
    assert.equal(p?.working, '768/12');
    assert.deepEqual(p?.names, ['d_head']);
  });

  test('a symbolic size (d_k = d_model/h with no values) feeds later shapes, and numbers declared later do not leak backwards', () => {
    const doc = '$d_k = d_{model}/h$, $X \\in \\mathbb{R}^{n \\times d_{model}}$, $W \\in \\mathbb{R}^{d_{model} \\times d_k}$: $XW$\n\n$d_{model} = 512$, $h = 8$: $XW$';
    const first = pieceAt(doc, 'XW', 0);
    const second = pieceAt(doc, 'XW', 1);
    assert.deepEqual(first?.shape, ['n', 'd_k']);
    assert.equal(first?.numeric, undefined);
    assert.match(first!.steps[0], /→ n×d_k/);
    assert.match(second!.steps[0], /\(n×512\)·\(512×64\) → n×64/);
  });

  test('a tuple of sizes', () => {
    const doc = '$B = 32$, $n = 2048$, $d_{model} = 768$: $(B, n, d_{model})$ and $(B, T, d_{model})$';
    assert.deepEqual(pieceAt(doc, '(B, n')?.numeric, [32, 2048, 768]);
    const partial = pieceAt(doc, '(B, T');
    assert.deepEqual(partial?.shape, ['B', 'T', 'd_model']);
    assert.equal(partial?.numeric, undefined);
  });
});

interface Mismatch {
  name: string;
  doc: string;
  message: RegExp;
  /** Text the finding underlines. */
  under: string;
}

const MISMATCHES: Mismatch[] = [
  {
    name: 'QK without the transpose',
    doc: '$Q, K \\in \\mathbb{R}^{n \\times d_k}$\n\n$$S = \\frac{QK}{\\sqrt{d_k}}$$',
    message: /^\(n×d_k\)·\(n×d_k\): inner sizes d_k and n differ; did you mean Kᵀ\?$/,
    under: 'QK',
  },
  {
    name: 'QK in an undeclared attention formula (the usual shapes are assumed and said so)',
    doc: 'اشتباه رایج: $\\mathrm{softmax}\\left(\\frac{QK}{\\sqrt{d_k}}\\right)V$',
    message: /^\(n×d_k\)·\(n×d_k\): inner sizes d_k and n differ; did you mean Kᵀ\? \(assumed Q ∈ ℝ\^\{n×d_k\}, K ∈ ℝ\^\{n×d_k\}, V ∈ ℝ\^\{n×d_k\}/,
    under: 'QK',
  },
  {
    name: 'a transpose too many',
    doc: '$X \\in \\mathbb{R}^{n \\times d_{model}}$, $W_Q \\in \\mathbb{R}^{d_{model} \\times d_k}$, $d_{model} = 512$, $d_k = 64$: $Q = XW_Q^T$',
    message: /inner sizes d_model = 512 and d_k = 64 differ; did you mean W_Q without the transpose\?/,
    under: 'XW_Q^T',
  },
  {
    name: 'factors in the wrong order, with numbers',
    doc: '$n = 10$, $d_k = 64$, $d = 512$, $X \\in \\mathbb{R}^{n \\times d}$, $W \\in \\mathbb{R}^{d \\times d_k}$: $WX$',
    message: /^\(d×d_k\)·\(n×d\) = \(512×64\)·\(10×512\): inner sizes d_k = 64 and n = 10 differ$/,
    under: 'WX',
  },
  {
    name: 'a residual of the wrong width',
    doc: '$d = 512$, $d_k = 64$, $X \\in \\mathbb{R}^{n \\times d}$, $W \\in \\mathbb{R}^{d \\times d_k}$: $X + XW$',
    message: /^cannot add n×d and n×d_k \(n×512 and n×64\): sizes d = 512 and d_k = 64 differ$/,
    under: 'X + XW',
  },
  {
    name: 'a definition that contradicts the declaration',
    doc: '$d_k = 64$, $d_v = 32$, $Q \\in \\mathbb{R}^{n \\times d_k}$, $X \\in \\mathbb{R}^{n \\times d}$, $W_V \\in \\mathbb{R}^{d \\times d_v}$\n\n$$Q = XW_V$$',
    message: /^Q is declared n×d_k \(n×64\), but XW_V is n×d_v \(n×32\)$/,
    under: 'XW_V',
  },
  {
    name: 'a shape written for an expression',
    doc: '$Q, K \\in \\mathbb{R}^{n \\times d_k}$, so $QK^T \\in \\mathbb{R}^{n \\times d_k}$',
    message: /^QKᵀ is n×n, but ℝ\^\{n×d_k\} is written for it$/,
    under: 'QK^T',
  },
];

describe('shapes: mismatches are findings', () => {
  for (const c of MISMATCHES) {
    test(c.name, () => {
      const fs = findings(c.doc);
      assert.equal(fs.length, 1, JSON.stringify(fs.map((f) => f.message)));
      const f = fs[0];
      assert.equal(f.code, 'shape-mismatch');
      assert.equal(f.severity, 'warning');
      assert.match(f.message, c.message);
      assert.equal(c.doc.slice(f.range.start, f.range.end), c.under);
    });
  }

  test('Q, K, V projected by the document\'s own matrices are a layer\'s inputs: no attention shapes are assumed for them', () => {
    // Vaswani et al.'s head, copied as written (a public course's notes: a false shape-mismatch on QW_i^Q)
    const head = '$$\\text{head}_i = \\text{Attention}(QW_i^Q, KW_i^K, VW_i^V)$$\n\nwith $W_i^Q, W_i^K \\in \\mathbb{R}^{d_{model} \\times d_k}$, $W_i^V \\in \\mathbb{R}^{d_{model} \\times d_v}$.';
    assert.deepEqual(findings(head), []);
    // declared inputs of the wrong width are still a mismatch, and so is QK in the bare formula beside declared matrices
    assert.equal(findings(`$Q, K, V \\in \\mathbb{R}^{n \\times d_k}$\n\n${head}`).length, 1);
    assert.equal(findings('$W^O \\in \\mathbb{R}^{d \\times d}$\n\n$$\\mathrm{softmax}\\left(\\frac{QK}{\\sqrt{d_k}}\\right)V$$').length, 1);
  });

  test('a function head\'s parameters (MultiHead(Q, K, V) = …) are its own inputs: a shape computed for those names before is not theirs', () => {
    const single = '$X \\in \\mathbb{R}^{n \\times d_{model}}$\n\n$$Q = XW^Q, \\quad K = XW^K, \\quad V = XW^V$$\n\nwhere $W^Q, W^K, W^V \\in \\mathbb{R}^{d_{model} \\times d_k}$.\n\n';
    const multi = '$$\\text{MultiHead}(Q, K, V) = \\text{Concat}(\\text{head}_1, \\ldots, \\text{head}_h)W^O$$\n\n$$\\text{head}_i = \\text{Attention}(QW_i^Q, KW_i^K, VW_i^V)$$\n\nwhere $W_i^Q, W_i^K, W_i^V \\in \\mathbb{R}^{d_{model} \\times d_k}$.\n';
    assert.deepEqual(findings(single + multi), []);
    // the one head's Q without the function head between: the computed shape holds, and the product is wrong for it
    assert.equal(findings(single + '$$\\text{head}_i = \\text{Attention}(QW_i^Q, KW_i^K, VW_i^V)$$\n\nwhere $W_i^Q, W_i^K, W_i^V \\in \\mathbb{R}^{d_{model} \\times d_k}$.\n').length, 1);
    // a declared Q keeps its shape through the head
    assert.equal(findings('$Q, K, V \\in \\mathbb{R}^{n \\times d_k}$\n\n' + multi).length, 1);
  });

  test('a vector times a transposed vector is their outer product (x y^T of lengths n and m is n×m); twins', () => {
    const decl = 'Let $W \\in \\mathbb{R}^{m \\times n}$, $x \\in \\mathbb{R}^{n}$, $y \\in \\mathbb{R}^{m}$.\n\n';
    assert.deepEqual(findings(`${decl}$$G = (Wx - y)x^\\top$$\n\n$$H = x y^\\top$$\n\n$$\\frac{\\partial L}{\\partial W} = (W x - y) x^\\top$$\n`), []);
    // its shape is m×n: a name declared n×m is a mismatch, and so are the dot products of lengths n and m
    assert.match(findings(`${decl}$G \\in \\mathbb{R}^{n \\times m}$\n\n$$G = (Wx - y)x^\\top$$\n`)[0]?.message ?? '', /G is declared n×m, but \(Wx − y\)xᵀ is m×n/);
    assert.match(findings(`${decl}$$s = x^\\top y$$\n`)[0]?.message ?? '', /no dot product/);
    assert.match(findings(`${decl}$$t = x^\\top (Wx - y)$$\n`)[0]?.message ?? '', /no dot product/);
  });

  test('a gradient written as a derivative: its right side is read for shapes (a dropped transpose is a mismatch); twins', () => {
    const decl = 'Let $X \\in \\mathbb{R}^{n \\times d}$, $w \\in \\mathbb{R}^{d}$, $y \\in \\mathbb{R}^{n}$.\n\n$$L = \\frac{1}{2}\\|Xw - y\\|^2$$\n\n';
    for (const lhs of ['\\frac{\\partial L}{\\partial w}', '\\frac{\\partial L}{\\partial \\mathbf{w}}', '\\nabla_w L', '\\dfrac{dL}{dw}']) {
      const wrong = `${decl}$$${lhs} = X(Xw - y)$$\n`;
      const fs = findings(wrong);
      assert.equal(fs.length, 1, `${lhs}: ${JSON.stringify(fs.map((f) => f.message))}`);
      assert.match(fs[0].message, /inner sizes d and n differ/);
      assert.equal(wrong.slice(fs[0].range.start, fs[0].range.end), 'X(Xw - y)');
      assert.deepEqual(findings(`${decl}$$${lhs} = X^\\top(Xw - y)$$\n`), [], `${lhs} with the transpose`);
    }
    // a right side reading a name with no shape is still not read (silence over guessing)
    assert.deepEqual(findings(`${decl}$$\\frac{\\partial L}{\\partial w} = X(Xw - v)$$\n`), []);
  });

  test('every step of a sequence declared at a step (h_t ∈ ℝ^n) has its shape: h_{t-1}, h_0', () => {
    const rnn = 'Let $W \\in \\mathbb{R}^{n \\times n}$, $U \\in \\mathbb{R}^{n \\times m}$, $h_t \\in \\mathbb{R}^n$ and $x_t \\in \\mathbb{R}^m$.\n\n$$h_t = \\tanh(W h_{t-1} + U x_t)$$\n\n';
    assert.deepEqual(findings(`${rnn}$$z = W h_{t-1} + h_0 + U x_{t+1}$$\n`), []);
    const wrong = findings(`${rnn}$$z = U h_{t-1}$$\n`);
    assert.equal(wrong.length, 1, JSON.stringify(wrong.map((f) => f.message)));
    assert.match(wrong[0].message, /inner sizes m and n differ/);
    // a label is no step: W_{hh} is not W_t
    assert.deepEqual(findings('$W_t \\in \\mathbb{R}^{n \\times m}$\n\n$$z = W_{hh} W_{hh}$$\n'), []);
  });

  test('a formula\'s own declaration, written after the use, is the shape there (not an earlier formula\'s)', () => {
    // tensor-parallel notes: X is b×d in the row-parallel formula and b×h in the column-parallel one
    const row = '**Row parallel**:\n$$Y = XA, \\quad X \\in \\mathbb{R}^{b \\times d}, A \\in \\mathbb{R}^{d \\times h}$$\n\n';
    assert.deepEqual(findings(row + '**Column parallel**:\n$$Y = XB, \\quad X \\in \\mathbb{R}^{b \\times h}, B \\in \\mathbb{R}^{h \\times d}$$\n'), []);
    assert.equal(findings(row + '**Column parallel**:\n$$Y = BX, \\quad X \\in \\mathbb{R}^{b \\times h}, B \\in \\mathbb{R}^{h \\times d}$$\n').length, 1);
  });

  test('`Q = XW^Q \\in ℝ^{n×d_k}` is read: its expression is checked, and Q has the shape written for it', () => {
    const given = 'Input $X \\in \\mathbb{R}^{n \\times d_{model}}$ with $n = 10$, $d_{model} = 512$, $d_k = 64$; $W^Q, W^K \\in \\mathbb{R}^{d_{model} \\times d_k}$.\n\n';
    const right = '$$Q = XW^Q \\in \\mathbb{R}^{n \\times d_k}, \\quad K = XW^K \\in \\mathbb{R}^{n \\times d_k}$$\n\n';
    assert.deepEqual(findings(given + right + 'Scores: $QK^\\top \\in \\mathbb{R}^{n \\times n}$.\n'), []);
    // the factors swapped in the defining line, and the transpose dropped after it, are mismatches
    assert.equal(findings(given + '$$K = W^K X \\in \\mathbb{R}^{n \\times d_k}$$\n').length, 1);
    assert.equal(findings(given + right + 'Scores: $QK \\in \\mathbb{R}^{n \\times n}$.\n').length, 1);
  });

  test('sizes that are merely named differently (d_k and d_head) are not a mismatch', () => {
    assert.deepEqual(findings('$Q \\in \\mathbb{R}^{n \\times d_k}$, $W \\in \\mathbb{R}^{d_{head} \\times m}$: $QW$'), []);
  });

  test('written-out matrices that do not multiply are the evaluator’s finding, not reported twice', () => {
    const doc = '$$\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix} \\begin{bmatrix} 1 & 2 & 3 \\end{bmatrix}$$';
    const a = analyzeDocument(doc);
    assert.ok(a.findings.some((f) => f.code === 'shape-mismatch'), 'the evaluator reports it');
    assert.deepEqual(shapeFindings(a, doc), []);
  });

  test('two row vectors side by side are the evaluator’s ambiguity, not a shape finding', () => {
    assert.deepEqual(findings('$\\begin{bmatrix} 1 & 2 \\end{bmatrix} \\begin{bmatrix} 1 & 2 \\end{bmatrix}$'), []);
    // but a matrix times a vector of the wrong length is
    assert.equal(findings('$W \\in \\mathbb{R}^{3 \\times 2}$, $x \\in \\mathbb{R}^{3}$: $Wx$').length, 1);
  });

  test('a symbolic array has a shape exactly where the same bmatrix has one (one vocabulary of matrix environments)', () => {
    for (const [open, close] of [['\\begin{bmatrix}', '\\end{bmatrix}'], ['\\begin{array}{cc}', '\\end{array}']]) {
      const m = `${open} a & b \\\\ c & d ${close}`;
      const defined = `$$M = ${m}$$`;
      assert.deepEqual(pieceAt(defined, 'a & b')?.shape, ['2', '2'], open);
      // the twin: M times a vector of the right length is silent, of the wrong length caught
      assert.deepEqual(findings(`${defined}\n\n$v \\in \\mathbb{R}^{2}$: $Mv$`), [], open);
      const wrong = findings(`${defined}\n\n$v \\in \\mathbb{R}^{3}$: $Mv$`);
      assert.equal(wrong.length, 1, open);
      assert.equal(wrong[0].code, 'shape-mismatch');
    }
  });

  test('<!-- dlmath-ignore --> silences a formula', () => {
    assert.deepEqual(findings('$Q, K \\in \\mathbb{R}^{n \\times d_k}$\n\n<!-- dlmath-ignore -->\n$$QK$$'), []);
  });

  test('no false alarms on real answers (samples, fixtures)', () => {
    const root = REPO_ROOT;
    const files: [string, string][] = [
      ['samples/answer-attention.md', readFileSync(path.join(root, 'samples/answer-attention.md'), 'utf8')],
      ['test/fixtures/workspace/answer.md', readFileSync(path.join(root, 'test/fixtures/workspace/answer.md'), 'utf8')],
      ...['attention-fa.md', 'bptt-fa.md', 'params-fa.md'].map((n): [string, string] => [n, readFixture(n)]),
    ];
    for (const [name, text] of files) assert.deepEqual(findings(text).map((f) => f.message), [], name);
  });

  test('no false alarms on the shared examples', { skip: SHARED_SKIP }, () => {
    for (const name of ['answer-hw5-a.md', 'answer-hw5-b.md', 'claims-spec.md']) assert.deepEqual(findings(readExample(name)).map((f) => f.message), [], name);
  });

  test('the shape analysis is part of the document analysis (hover and diagnostics share it)', () => {
    const a = analyzeDocument('$Q, K \\in \\mathbb{R}^{n \\times d_k}$ $QK$');
    assert.equal(analyzeShapes(a), analyzeShapes(a));
    // the shapes are the analysis's own part, which the hover and the panel read
    assert.equal(a.shapes, analyzeShapes(a));
    assert.ok(a.shapes.findings.length > 0);
  });
});

describe('counting: what a number in an answer stands for', () => {
  const numbers = new Map([['d_model', 768], ['L', 12], ['h', 12]]);
  const factorsOf = (src: string) => productFactors(parsePiece(splitStatements(src)[0].pieces[0].tokens, { maxMatrixElements: 1000, maxDepth: 50 }), numbers);
  test('factors of written products', () => {
    assert.deepEqual(factorsOf('4 \\times 768 \\times 768'), [4, 768, 768]);
    assert.deepEqual(factorsOf('768^2'), [768, 768]);
    assert.deepEqual(factorsOf('2 d_{model} L'), [2, 768, 12]);
    assert.equal(factorsOf('768 + 768'), undefined);
    assert.equal(factorsOf('0.5 \\times 768'), undefined);
  });

  test('transformer sizes by the names students use', () => {
    assert.deepEqual(arithmeticContext(new Map([['d_model', 768], ['h', 12], ['N', 6], ['V', 37000], ['d_ff', 2048]])), { dModel: 768, heads: 12, layers: 6, vocabSize: 37000, dFF: 2048 });
    assert.deepEqual(arithmeticContext(new Map([['d', 512], ['d_k', 64]])), { dModel: 512, heads: 8 });
    // N = 50000 is a sequence or corpus length, not a layer count
    assert.equal(arithmeticContext(new Map([['N', 50000]])).layers, undefined);
  });

  // (value or factors, n, c, k) → which count, worked by hand
  const SKIP: [string, number, number[] | undefined, { n?: number; c?: number; k?: number }, string | null][] = [
    ['2cn pairs from the declared sizes', 4000, undefined, { n: 1000, c: 2 }, 'pairs'],
    ['exact pairs at the ends of the text', 3994, undefined, { n: 1000, c: 2 }, 'pairs-exact'],
    ['negatives 2cnk', 20000, undefined, { n: 1000, c: 2, k: 5 }, 'negatives'],
    ['positive + negative 2cn(k+1)', 24000, undefined, { n: 1000, c: 2, k: 5 }, 'total'],
    ['c as the whole window', 2000, undefined, { n: 1000, c: 2 }, 'pairs-window'],
    ['factors 2·c·n without declared sizes', 6000, [2, 3, 1000], {}, 'pairs'],
    ['factors 2·c·n·(k+1) with k declared', 24000, [2, 2, 1000, 6], { k: 5 }, 'total'],
    ['factors with an unexplained multiplier', 24000, [2, 2, 1000, 6], {}, 'total-or-negatives'],
    ['a count that fits nothing', 1234, undefined, { n: 1000, c: 2, k: 5 }, null],
  ];
  for (const [name, value, factors, ctx, id] of SKIP) {
    test(`skip-gram: ${name}`, () => {
      const e = describeSkipGramCount(value, factors, ctx);
      assert.equal(e?.id ?? null, id, e?.text);
      if (e) assert.equal(e.value, value);
    });
  }
  test('skip-gram text names n, c, k and the count with separators', () => {
    const e = describeSkipGramCount(24000, undefined, { n: 1000, c: 2, k: 5 });
    assert.match(e!.text, /n = 1,000 words/);
    assert.match(e!.text, /c = 2 on each side/);
    assert.match(e!.text, /k = 5 negative samples/);
    assert.match(e!.text, /24,000 training pairs/);
  });
});

describe('transformer configuration from an answer', () => {
  test('presets are exact: GPT-2 small 124,439,808, BERT-base 109,482,240', () => {
    const total = (id: string) => {
      const r = transformerFromObject(presetById(id)!.config);
      assert.ok(r.ok);
      return r.ok ? r.report.total : 0;
    };
    assert.equal(total('gpt2-small'), 124_439_808);
    assert.equal(total('bert-base'), 109_482_240);
    assert.equal(total('GPT-2 small'), 124_439_808);
    // Transformer base: shared 37000×512 embedding, 6 encoder and 6 decoder layers, sinusoidal
    const d = 512, f = 2048, V = 37000;
    const enc = 4 * d * d + 4 * d + 2 * d * f + f + d + 2 * 2 * d;
    const dec = 2 * (4 * d * d + 4 * d) + 2 * d * f + f + d + 3 * 2 * d;
    assert.equal(total('transformer-base'), V * d + 6 * enc + 6 * dec);
    assert.equal(TRANSFORMER_PRESETS.length, 3);
  });

  test('the sizes declared around the cursor make the configuration', () => {
    const doc = [
      '# سوال ۴: یک مدل decoder-only مانند GPT',
      '',
      'اندازه‌ها: $V = 50257$، $d_{model} = 768$، $h = 12$، $L = 12$ و $n_{ctx} = 1024$.',
      '',
      'جدول پارامترها:',
      '',
    ].join('\n');
    const a = analyzeDocument(doc);
    const c = transformerConfigAt(a, doc.length, doc);
    assert.deepEqual(c.missing, []);
    assert.deepEqual(c.config, { vocabSize: 50257, dModel: 768, heads: 12, maxPositions: 1024, decoderLayers: 12 });
    const r = transformerFromObject(c.config);
    assert.ok(r.ok);
    // by hand: embeddings V·d + P·d; per layer 4d²+4d (attention) + 8d²+5d (FFN, d_ff = 4d) + 4d (two LayerNorms)
    const d = 768;
    if (r.ok) assert.equal(r.report.total, 50257 * d + 1024 * d + 12 * (12 * d * d + 13 * d));
  });

  test('an encoder (BERT) answer fills encoderLayers; what is missing is named', () => {
    const doc = 'در BERT (encoder) داریم $d_{model} = 768$ و $h = 12$ و $L = 12$.';
    const c = transformerConfigAt(analyzeDocument(doc), doc.length, doc);
    assert.equal(c.config.encoderLayers, 12);
    assert.equal(c.config.decoderLayers, undefined);
    assert.deepEqual(c.missing, ['vocabSize']);
  });
});

describe('written matrices whose size is not their count of cells are not read (each with its twin)', () => {
  const shapeCodes = (doc: string) => findings(doc).map((f) => f.code);
  const all = (doc: string) => analyzeDocument(doc).findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.code);
  const w3 = '$w \\in \\mathbb{R}^{3}$\n\n';
  test('cells that are names with a shape: a block matrix', () => {
    assert.deepEqual(shapeCodes(`$r \\in \\mathbb{R}^{1 \\times 3}$, ${w3}$$X = \\begin{bmatrix} r \\\\ r \\end{bmatrix}$$\n\n$$Xw$$`), []);
    assert.deepEqual(shapeCodes(`$r \\in \\mathbb{R}^{1 \\times 3}$, ${w3}$$X = \\begin{bmatrix} a \\\\ b \\end{bmatrix}$$\n\n$$Xw$$`), ['shape-mismatch']);
  });
  test('two written matrices of different sizes set equal: notation (a padding shown by example)', () => {
    assert.deepEqual(shapeCodes('$$\\begin{bmatrix} p & q \\\\ r & s \\end{bmatrix} = \\begin{bmatrix} 0 & 0 & 0 \\\\ 0 & p & q \\\\ 0 & r & s \\end{bmatrix}$$'), []);
    assert.deepEqual(shapeCodes('$W \\in \\mathbb{R}^{2 \\times 2}$\n\n$$W^\\top = \\begin{bmatrix} 0 & 0 & 0 \\\\ 0 & p & q \\\\ 0 & r & s \\end{bmatrix}$$'), ['shape-mismatch']);
  });
  test('a comma list written in one matrix cell: a list, not a 1×1 matrix', () => {
    const m32 = '\\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\\\ 1 & 1 \\end{bmatrix}';
    assert.deepEqual(all(`$$\\begin{bmatrix} M_0, M_1, M_2 \\end{bmatrix} ${m32}$$`), []);
    // a comma inside a call's parentheses is not a list: the cells still count, and 1×2 · 3×2 is caught
    assert.deepEqual(all(`$$\\begin{bmatrix} f(a, b) & c \\end{bmatrix} ${m32}$$`), ['shape-mismatch']);
    assert.deepEqual(all(`$$\\begin{bmatrix} a & b \\end{bmatrix} ${m32}$$`), ['shape-mismatch']);
  });
  test('two rows of different lengths side by side: lists, not a product', () => {
    assert.deepEqual(all('$$\\begin{bmatrix} 1 & 2 & 3 \\end{bmatrix} \\begin{bmatrix} 4 & 5 \\end{bmatrix}$$'), []);
    assert.deepEqual(all('$$\\begin{bmatrix} a & b & c \\end{bmatrix} \\begin{bmatrix} d & e \\end{bmatrix}$$'), []);
    // with a product sign, or a row times a column, it is a product that does not multiply
    assert.deepEqual(all('$$\\begin{bmatrix} 1 & 2 & 3 \\end{bmatrix} \\cdot \\begin{bmatrix} 4 & 5 \\end{bmatrix}$$'), ['shape-mismatch']);
    assert.deepEqual(all('$$\\begin{bmatrix} 1 & 2 & 3 \\end{bmatrix} \\begin{bmatrix} 4 \\\\ 5 \\end{bmatrix}$$'), ['shape-mismatch']);
  });
});

describe('shape readings from text never read before (corpus10), each with its twin', () => {
  const codes = (doc: string) => findings(doc).map((f) => f.code);
  const X = 'Let $\\mathbf{X} \\in \\mathbb{R}^{d \\times m}$.\n\n';
  test('a superscript after a product in bold (\\mathbf{X X}^{\\top}) sits on its last factor, as printed: X Xᵀ', () => {
    assert.deepEqual(codes(X + '$\\mathbf{X X}^{\\top} \\in \\mathbb{R}^{d \\times d}$'), []);
    assert.deepEqual(codes(X + '$\\mathbf{C} = \\mathbf{X X}^{\\top}$'), []);
    assert.deepEqual(codes(X + '$\\mathbf{X X} \\in \\mathbb{R}^{d \\times d}$'), ['shape-mismatch']);
    assert.deepEqual(codes(X + '$\\mathbf{X X}^{\\top} \\in \\mathbb{R}^{m \\times m}$'), ['shape-mismatch']);
  });
  test('an upright T (\\mathrm{T}) is the transpose for shapes too', () => {
    assert.deepEqual(codes(X + '$\\mathbf{X}^{\\mathrm{T}}\\mathbf{X} \\in \\mathbb{R}^{m \\times m}$'), []);
    assert.deepEqual(codes(X + '$\\mathbf{X}^{\\mathrm{T}}\\mathbf{X} \\in \\mathbb{R}^{d \\times d}$'), ['shape-mismatch']);
  });
  test('a column of n entries is in ℝ^n; of another length, or a row declared, it is not', () => {
    assert.deepEqual(codes('$$x = \\begin{bmatrix} x_1 \\\\ x_2 \\end{bmatrix} \\in \\mathbb{R}^2$$'), []);
    assert.deepEqual(codes('$$z = \\begin{bmatrix} z_1 \\\\ z_2 \\end{bmatrix} \\in \\mathbb{R}^3$$'), ['shape-mismatch']);
    assert.deepEqual(codes('Let $x \\in \\mathbb{R}^2$.\n\n$$x = \\begin{bmatrix} a \\\\ b \\end{bmatrix}$$'), []);
    assert.deepEqual(codes('Let $y \\in \\mathbb{R}^{1 \\times 2}$.\n\n$$y = \\begin{bmatrix} a \\\\ b \\end{bmatrix}$$'), ['shape-mismatch']);
  });
  test('a number transposed (1^\\top J) is a vector of ones of a length not written: no shape', () => {
    const J = '$$J = \\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}$$\n\n';
    assert.deepEqual(codes(J + '$$1^\\top J = \\begin{bmatrix} 1 & 1 \\end{bmatrix} \\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}$$'), []);
    assert.deepEqual(codes(J + '$$\\mathbf{1}^\\top J = \\begin{bmatrix} 1 & 1 \\end{bmatrix} \\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}$$'), []);
    assert.deepEqual(codes(J + '$$\\begin{bmatrix} 1 & 1 \\end{bmatrix} \\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix} = \\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}$$'), ['shape-mismatch']);
  });
});

describe('shape readings from text never read before (corpus11), each with its twin', () => {
  const codes = (doc: string) => findings(doc).map((f) => f.code);
  test('a size not known may be 1: a vector of ℝ^s written as one entry is not a mismatch; a known size left over is', () => {
    assert.deepEqual(codes('Let $\\mu_2 \\in \\mathbb{R}^s$.\n\n$$\\mu_2 = \\begin{bmatrix} a + b \\end{bmatrix}$$'), []);
    assert.deepEqual(codes('Let $\\mu_2 \\in \\mathbb{R}^{s \\times 2}$.\n\n$$\\mu_2 = \\begin{bmatrix} a + b \\end{bmatrix}$$'), ['shape-mismatch']);
    assert.deepEqual(codes('Let $\\mu_2 \\in \\mathbb{R}^{2}$.\n\n$$\\mu_2 = \\begin{bmatrix} a + b \\end{bmatrix}$$'), ['shape-mismatch']);
  });
});
