// What the hover says (explainAt) and `dlmath explain` as the CLI contract specifies it.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../../src/core/document/analysis';
import { explainAt, type Explanation } from '../../../src/core/views/explain';
import { runCli } from '../../../src/cli/main';
import { REPO_ROOT } from '../engineHelpers';

/** Explains the `nth` occurrence of `needle`, `delta` characters into it. */
function explain(text: string, needle: string, delta = 1, nth = 0): Explanation {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" is not in the snippet`);
  }
  return explainAt(analyzeDocument(text), at + delta, text);
}

const SAMPLE = readFileSync(path.join(REPO_ROOT, 'samples/answer-attention.md'), 'utf8');

interface Case {
  name: string;
  doc: string;
  at: string;
  delta?: number;
  kind: Explanation['kind'];
  says: RegExp[];
}

const GPT2_SIZES = '$d_{model} = 768$ و $h = 12$ و $n = 2048$ و $B = 32$.\n\n';
const DECL = '$X \\in \\mathbb{R}^{n \\times d_{model}}$ و $W_Q, W_K, W_V \\in \\mathbb{R}^{d_{model} \\times d_k}$، $d_k = d_{model} / h$\n\n';

const CASES: Case[] = [
  {
    name: 'a tensor shape: element count and memory',
    doc: 'شکل خروجی $(32, 2048, 768)$ است.',
    at: '(32',
    kind: 'shape',
    says: [/50,331,648 values = 192 MiB in fp32/, /96 MiB in fp16/],
  },
  {
    name: 'a tensor shape names the document’s sizes',
    doc: GPT2_SIZES + 'خروجی: $(32, 2048, 768)$',
    at: '(32',
    kind: 'shape',
    says: [/50,331,648 values/, /B = 32, n = 2048, d_model = 768/],
  },
  {
    name: 'a symbolic tensor shape with the sizes declared',
    doc: GPT2_SIZES + 'خروجی: $(B, n, d_{model})$',
    at: '(B',
    kind: 'shape',
    says: [/50,331,648 values = 192 MiB/],
  },
  {
    name: 'a declaration: concrete shape and parameter count',
    doc: GPT2_SIZES + DECL,
    at: 'W_K',
    kind: 'shape',
    says: [/W_Q, W_K, W_V\*\* ∈ ℝ\^\(d_model×d_k\) = ℝ\^\(768×64\)/, /each 768 × 64 = 49,152 parameters \(49,216 with a bias of 64\)/, /147,456 parameters for all 3/],
  },
  {
    name: 'an activation declaration counts values, not parameters',
    doc: GPT2_SIZES + DECL,
    at: 'X \\in',
    delta: 0,
    kind: 'shape',
    says: [/ℝ\^\(2048×768\)/, /1,572,864 values = 6 MiB in fp32/],
  },
  {
    name: 'a declaration whose sizes are not given says which',
    doc: '$W \\in \\mathbb{R}^{d \\times m}$',
    at: 'W',
    delta: 0,
    kind: 'shape',
    says: [/d × m parameters; d, m have no value in this answer yet/],
  },
  {
    name: 'd_head = d_model / h: its value and working',
    doc: '$d_{model} = 768$ و $h = 12$ پس $d_{head} = d_{model} / h$',
    at: 'd_{head}',
    kind: 'value',
    says: [/`64`/, /d_head = d_model\/h = 768\/12 = 64/],
  },
  {
    name: 'the attention formula: shape flow with numbers',
    doc: GPT2_SIZES + DECL + '$$Q = XW_Q, \\quad K = XW_K, \\quad V = XW_V$$\n\n$$\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V$$',
    at: '\\mathrm{softmax}',
    kind: 'attention',
    says: [/1\. QKᵀ: \(n×d_k\)·\(d_k×n\) → n×n = \(2048×64\)·\(64×2048\) → 2048×2048/, /2\. QKᵀ\/√d_k: divided by √d_k = 8/, /3\. softmax.*keeps n×n \(2048×2048\)/, /4\. .*→ n×d_k = \(2048×2048\)·\(2048×64\) → 2048×64/, /→ n×d_k \(2048×64\)/],
  },
  {
    name: 'a projection: operand and result shapes',
    doc: GPT2_SIZES + DECL + '$$Q = XW_Q$$',
    at: 'XW_Q',
    kind: 'shape',
    says: [/\(n×d_model\)·\(d_model×d_k\) → n×d_k = \(2048×768\)·\(768×64\) → 2048×64/],
  },
  {
    name: 'QK without the transpose: the finding with its hint',
    doc: '$Q, K \\in \\mathbb{R}^{n \\times d_k}$\n\n$$\\mathrm{softmax}\\left(\\frac{QK}{\\sqrt{d_k}}\\right)V$$',
    at: 'QK}',
    kind: 'problem',
    says: [/shape-mismatch/, /inner sizes d_k and n differ; did you mean Kᵀ\?/],
  },
  {
    name: 'parameter arithmetic: what 4 × 768 × 768 counts',
    doc: 'پارامترهای $W_Q, W_K, W_V, W_O$: $4 \\times 768 \\times 768$',
    at: '4 \\times',
    kind: 'parameters',
    says: [/`2359296`/, /Q, K, V and output projection weights/, /2,359,296 weights, 2,362,368 with biases/],
  },
  {
    name: 'a wrong parameter count keeps the finding and adds what it counts',
    doc: '$$4 \\times 768 \\times 768 = 2357296$$',
    at: '2357296',
    kind: 'finding',
    says: [/wrong result/, /2359296, not 2357296/, /2,359,296 weights, 2,362,368 with biases/],
  },
  {
    name: 'a LayerNorm count with the document’s sizes',
    doc: '$d_{model} = 768$, $L = 12$: $2 \\times 2 \\times 768 \\times 12 = 36864$',
    at: '36864',
    kind: 'parameters',
    says: [/LayerNorm gains and biases of 12 layers \(two LayerNorms each\)/],
  },
  {
    name: 'skip-gram: a count of (center, context) pairs from n, c',
    doc: 'در skip-gram با پنجره‌ی $c = 2$ روی $n = 1000$ کلمه، تعداد جفت‌ها $2 \\times 2 \\times 1000 = 4000$ است.',
    at: '4000',
    kind: 'skip-gram',
    says: [/n = 1,000 words/, /c = 2 on each side/, /4,000 \(center, context\) pairs/],
  },
  {
    name: 'skip-gram with negative sampling: total training pairs',
    doc: 'word2vec: $n = 1000$, $c = 2$, $k = 5$ negative samples. Total: $4000 \\times 6 = 24000$',
    at: '4000 \\times',
    kind: 'skip-gram',
    says: [/k = 5 negative samples each/, /24,000 training pairs/],
  },
  // behaviours the first version had, kept
  {
    name: 'a matrix product keeps its value and steps, and adds the shapes',
    doc: SAMPLE,
    at: 'keys \\cdot q',
    kind: 'value',
    says: [/row 1: 1·3 \+ 2·\(−1\) \+ 3·\(−1\) = −2/, /column vector \(4×1\)/, /keys·q: \(4×3\)·\(3×1\) → 4×1/],
  },
  {
    name: 'a wrong dot product (the first version’s finding)',
    doc: SAMPLE,
    at: '\\end{bmatrix} = 6',
    delta: 16,
    kind: 'finding',
    // the message names the right value; a number is not said a second time
    says: [/wrong result/, /= −1, not 6/],
  },
  {
    name: 'a document variable',
    doc: '$$q = \\begin{bmatrix} 3 \\\\ -1 \\end{bmatrix}$$ then $q$',
    at: '$q$',
    delta: 1,
    kind: 'variable',
    says: [/\*\*q\*\*/, /column vector \(2×1\)/, /defined by `q = /],
  },
];

describe('explainAt: what the hover says', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const e = explain(c.doc, c.at, c.delta ?? 1);
      assert.equal(e.kind, c.kind, e.markdown);
      for (const re of c.says) assert.match(e.markdown, re);
    });
  }

  test('nothing under the cursor: prose, or symbols with nothing to say', () => {
    const doc = 'متن فارسی $h_t = \\tanh(W h_{t-1})$ و $\\frac{\\partial L}{\\partial W}$.';
    assert.equal(explain(doc, 'متن').kind, 'none');
    assert.equal(explain(doc, '\\tanh').kind, 'none');
    assert.equal(explain(doc, '\\partial').kind, 'none');
  });

  test('the tuple hover carries the numbers as data too', () => {
    const e = explain('$(32, 2048, 768)$', '(32');
    assert.deepEqual(e.shape, [32, 2048, 768]);
    assert.equal(e.elements, 50_331_648);
    assert.equal(e.bytes, 201_326_592);
  });

  test('an attention hover carries the steps and the concrete shape', () => {
    const doc = GPT2_SIZES + DECL + '$$Q = XW_Q \\quad K = XW_K \\quad V = XW_V$$ $$\\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V$$';
    const e = explain(doc, '\\mathrm{softmax}');
    assert.deepEqual(e.shape, [2048, 64]);
    assert.deepEqual(e.symbolicShape, ['n', 'd_k']);
    assert.equal(e.steps?.length, 4);
  });
});

interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs `dlmath explain`; `files` are served from memory, `null` reads the real file system. */
async function cli(args: string[], files: Record<string, string> | null): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runCli(['explain', ...args], {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    readFile: files ? (p) => files[p] : undefined,
  });
  return { code, out, err };
}

/** 1-based line and UTF-16 column of the `nth` occurrence of `needle` plus `delta`. */
function lineCol(text: string, needle: string, delta = 0): string {
  const at = text.indexOf(needle) + delta;
  assert.ok(at >= delta, `"${needle}" not found`);
  const before = text.slice(0, at).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

describe('dlmath explain (CLI contract)', () => {
  const files = { 'answer.md': SAMPLE };

  test('a tensor shape: the element count', async () => {
    const r = await cli(['answer.md', '--at', lineCol(SAMPLE, '(32, 2048', 1), '--json'], files);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.kind, 'shape');
    assert.match(j.markdown, /50,331,648/);
    assert.equal(j.line, 33);
  });

  test('a computable expression: its value', async () => {
    const r = await cli(['answer.md', '--at', lineCol(SAMPLE, '4 \\times 768', 2), '--json'], files);
    const j = JSON.parse(r.out);
    assert.match(j.markdown, /2359296/);
    assert.equal(j.value, 2359296);
  });

  test('a matrix product: operand and result shapes', async () => {
    const r = await cli(['answer.md', '--at', lineCol(SAMPLE, 'keys \\cdot q', 6), '--json'], files);
    const j = JSON.parse(r.out);
    assert.match(j.markdown, /\(4×3\)·\(3×1\) → 4×1/);
  });

  test('symbolic products too, without --json as plain Markdown', async () => {
    const doc = '$X \\in \\mathbb{R}^{n \\times d}$, $W \\in \\mathbb{R}^{d \\times k}$\n\n$$H = XW$$\n';
    const r = await cli(['a.md', '--at', lineCol(doc, 'XW', 1)], { 'a.md': doc });
    assert.equal(r.code, 0);
    assert.match(r.out, /\(n×d\)·\(d×k\) → n×k/);
  });

  test('nothing there: exactly {"kind":"none"}', async () => {
    const r = await cli(['answer.md', '--at', '1:3', '--json'], files);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.out), { kind: 'none' });
  });

  test('columns count UTF-16 code units (an emoji is two)', async () => {
    const doc = '😀 $(2, 3, 4)$\n';
    assert.equal(doc.indexOf('('), 4);
    const r = await cli(['e.md', '--at', '1:5', '--json'], { 'e.md': doc });
    assert.match(JSON.parse(r.out).markdown, /24 values/);
    const before = await cli(['e.md', '--at', '1:2', '--json'], { 'e.md': doc });
    assert.deepEqual(JSON.parse(before.out), { kind: 'none' });
  });

  const USAGE: [string, string[], RegExp][] = [
    ['no --at', ['answer.md'], /missing --at LINE:COL/],
    ['a malformed --at', ['answer.md', '--at', '12'], /--at must be LINE:COL/],
    ['line 0', ['answer.md', '--at', '0:1'], /start at 1/],
    ['past the last line', ['answer.md', '--at', '999:1'], /past the end/],
    ['past the end of the line', ['answer.md', '--at', '1:400'], /past its end/],
    ['a missing file', ['/nonexistent/nope.md', '--at', '1:1'], /cannot read \/nonexistent\/nope\.md: no such file/],
    ['two files', ['answer.md', 'answer.md', '--at', '1:1'], /expected one Markdown file/],
  ];
  for (const [name, args, message] of USAGE) {
    test(`exit 2 with one line for ${name}`, async () => {
      const r = await cli(args, args[0].startsWith('/') ? null : files);
      assert.equal(r.code, 2);
      assert.equal(r.out, '');
      assert.match(r.err, message);
      assert.equal(r.err.trim().split('\n').length, 1);
    });
  }
});

test('shape and declaration hovers are written in the hover language (Persian: no English sentence words)', () => {
  const text = '$d_{model} = 768$, $n = 2048$\n\n$X \\in \\mathbb{R}^{n \\times d_{model}}$\n\n$W_Q, W_K \\in \\mathbb{R}^{d_{model} \\times 64}$\n\n$(16, 128, 512)$\n';
  const analysis = analyzeDocument(text);
  const at = (needle: string) => text.indexOf(needle) + 1;
  for (const needle of ['X \\in', 'W_Q, W_K', '(16, 128']) {
    const en = explainAt(analysis, at(needle), text, 'en');
    const fa = explainAt(analysis, at(needle), text, 'fa');
    assert.equal(en.kind, 'shape', needle);
    assert.equal(fa.kind, 'shape', needle);
    assert.match(en.markdown, /values|parameters/, needle);
    assert.match(en.markdown, /in fp32/, needle);
    assert.doesNotMatch(fa.markdown, /\b(values|parameters|each|in fp32|tensor shape|In this answer)\b/, needle);
    assert.match(fa.markdown, /مقدار|پارامتر/, needle);
  }
});
