// Properties over random input, from a fixed seed (printed on failure so a case can be replayed):
// 1. random LaTeX-ish strings and random Markdown with math never make analyzeDocument or
//    evaluateLatex throw, and every finding's range lies inside the document;
// 2. a FormulaCache never changes the analysis;
// 3. random arithmetic written with its exact value is never flagged, and with a wrong value is
//    flagged once with the right value (computed here independently of the engine).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument, FormulaCache } from '../../src/core/document/analysis';
import { evaluateLatex } from '../../src/core/eval/evaluateLatex';
import { mulberry32 } from '../fuzz/generate';

const rng = mulberry32; // seeded, so a failing random case replays from its seed

const SEED = Number(process.env.DLMATH_PROPERTY_SEED ?? 20240607);

const PIECES = [
  '1', '0', '2.5', '768', '۱۰', '٣', '۲٫۵', '-', '+', '=', '==', ' = ', '\\times', '\\cdot', '\\div', '*', '/', '^', '_', '^{', '_{', '{', '}', '(', ')', '[', ']',
  '|', '\\|', '\\left(', '\\right)', '\\left|', '\\right|', '\\left.', '\\right\\}', '\\frac', '\\frac{', '\\dfrac', '\\sqrt', '\\sqrt[3]', '\\sum_{i=1}^{', '\\prod_{j=0}^{3}',
  '\\begin{bmatrix}', '\\end{bmatrix}', '\\begin{vmatrix}', '\\end{vmatrix}', '\\begin{aligned}', '\\end{aligned}', '\\begin{cases}', '&', '\\\\', '\\quad', ',', ';', ':',
  '\\text{Total}', '\\text{پارامتر}', '\\text{M}', '\\text{GB}', '\\mathrm{softmax}', '\\operatorname{argmax}', '\\sigma', "\\sigma'", '\\tanh', '\\exp', 'e^{', '\\log_2',
  '\\ln', '\\max', '\\min', 'x', 'q', 'k_1', 'W_{hh}', 'h_{t-1}', 'd_{model}', 'T', '^T', '^\\top', '^{-1}', '^{\\intercal}', '!', "'", '\\approx', '\\leq', '\\Rightarrow',
  '\\boxed{', '\\color{red}', '\\langle', '\\rangle', '\\mathbf{', '\\underbrace{', '\\infty', '\\partial', '\\dots', '%', '\\%', '\\', '\\,', '{,}', '1e-3', '10^{-7}',
  'سلام', '🙂', '\u200c', '\u200f', '\t', '\n', ' ', '  ',
];

function randomLatex(r: () => number, maxLen: number): string {
  const n = 1 + Math.floor(r() * maxLen);
  let s = '';
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(r() * PIECES.length)];
  return s;
}

const PROSE = ['سوال ۱:', 'پاسخ', 'costs $5 and $10', '`code $x$`', '\\$', '```\n$$1=2$$\n```', '<!-- dlmath-ignore -->', '# عنوان', '- مورد', '> نقل', '    indented $$1=3$$', '**bold**'];

function randomMarkdown(r: () => number): string {
  const parts: string[] = [];
  const n = 1 + Math.floor(r() * 12);
  for (let i = 0; i < n; i++) {
    const k = r();
    if (k < 0.3) parts.push(PROSE[Math.floor(r() * PROSE.length)]);
    else if (k < 0.55) parts.push(`$${randomLatex(r, 12)}$`);
    else if (k < 0.8) parts.push(`$$${randomLatex(r, 20)}$$`);
    else if (k < 0.9) parts.push(`\\[${randomLatex(r, 10)}\\]`);
    else parts.push(randomLatex(r, 6));
    parts.push(r() < 0.5 ? ' ' : r() < 0.5 ? '\n' : '\n\n');
  }
  return parts.join('');
}

function assertRangesInside(text: string, a: ReturnType<typeof analyzeDocument>) {
  for (const f of a.findings) {
    assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length, `range ${JSON.stringify(f.range)} outside a ${text.length}-character document`);
    assert.ok(typeof f.message === 'string' && f.message.length > 0);
    if (f.fix) assert.ok(f.fix.range.start >= 0 && f.fix.range.end <= text.length);
  }
}

describe('random input never throws', () => {
  test('evaluateLatex on 3000 random LaTeX-ish strings', () => {
    const r = rng(SEED);
    for (let i = 0; i < 3000; i++) {
      const src = randomLatex(r, 25);
      let out;
      try {
        out = evaluateLatex(src);
      } catch (e) {
        assert.fail(`seed ${SEED}, case ${i}: evaluateLatex threw ${(e as Error).stack} on ${JSON.stringify(src)}`);
      }
      assert.equal(typeof out.ok, 'boolean');
      if (!out.ok) assert.ok(out.message.length > 0, `an empty message for ${JSON.stringify(src)}`);
    }
  });

  test('analyzeDocument on 1500 random Markdown answers, with ranges inside the text', () => {
    const r = rng(SEED + 1);
    for (let i = 0; i < 1500; i++) {
      const md = randomMarkdown(r);
      let a;
      try {
        a = analyzeDocument(md);
      } catch (e) {
        assert.fail(`seed ${SEED + 1}, case ${i}: analyzeDocument threw ${(e as Error).stack} on ${JSON.stringify(md)}`);
      }
      assertRangesInside(md, a);
    }
  });

  test('random characters, including lone surrogates and control characters', () => {
    const r = rng(SEED + 2);
    for (let i = 0; i < 500; i++) {
      let s = '';
      const n = Math.floor(r() * 80);
      for (let j = 0; j < n; j++) s += String.fromCharCode(r() < 0.7 ? 32 + Math.floor(r() * 95) : Math.floor(r() * 0xffff));
      const md = `$$${s}$$ and $${s.slice(0, 10)}$`;
      assert.doesNotThrow(() => evaluateLatex(s), `case ${i}: ${JSON.stringify(s)}`);
      assert.doesNotThrow(() => assertRangesInside(md, analyzeDocument(md)), `case ${i}: ${JSON.stringify(md)}`);
    }
  });

  test('deep nesting and huge inputs give a limit, not a stack overflow', () => {
    for (const src of ['{'.repeat(5000) + '1' + '}'.repeat(5000), '('.repeat(5000) + '1' + ')'.repeat(5000), '\\frac{'.repeat(3000) + '1' + '}{2}'.repeat(3000), '-'.repeat(20000) + '1', '2^'.repeat(5000) + '2']) {
      assert.doesNotThrow(() => evaluateLatex(src));
      assert.doesNotThrow(() => analyzeDocument(`$$${src} = 1$$`));
    }
  });
});

describe('the formula cache does not change results', () => {
  test('same findings with and without a cache, and on a second pass through it', () => {
    const r = rng(SEED + 3);
    const cache = new FormulaCache();
    for (let i = 0; i < 300; i++) {
      const md = randomMarkdown(r);
      const plain = JSON.stringify(analyzeDocument(md).findings);
      assert.equal(JSON.stringify(analyzeDocument(md, undefined, cache).findings), plain);
      assert.equal(JSON.stringify(analyzeDocument(md, undefined, cache).findings), plain);
    }
  });
});

// ---- random arithmetic with an independently computed value --------------------------------------

interface Expr {
  latex: string;
  value: number;
  /** precedence of the outermost operator: 0 sum, 1 product, 2 power/atom */
  prec: number;
}

function randomExpr(r: () => number, depth: number): Expr {
  if (depth <= 0 || r() < 0.25) {
    const v = Math.floor(r() * 20) + 1;
    return { latex: String(v), value: v, prec: 2 };
  }
  const wrap = (e: Expr, need: number): string => (e.prec < need ? (r() < 0.5 ? `(${e.latex})` : `\\left(${e.latex}\\right)`) : e.latex);
  const k = r();
  if (k < 0.3) {
    const a = randomExpr(r, depth - 1);
    const b = randomExpr(r, depth - 1);
    return r() < 0.5 ? { latex: `${a.latex} + ${wrap(b, 1)}`, value: a.value + b.value, prec: 0 } : { latex: `${a.latex} - ${wrap(b, 1)}`, value: a.value - b.value, prec: 0 };
  }
  if (k < 0.6) {
    const a = randomExpr(r, depth - 1);
    const b = randomExpr(r, depth - 1);
    const op = ['\\times', '\\cdot', '*'][Math.floor(r() * 3)];
    return { latex: `${wrap(a, 1)} ${op} ${wrap(b, 2)}`, value: a.value * b.value, prec: 1 };
  }
  if (k < 0.75) {
    const a = randomExpr(r, depth - 1);
    const b = randomExpr(r, depth - 1);
    if (b.value === 0) return a;
    return { latex: `\\frac{${a.latex}}{${b.latex}}`, value: a.value / b.value, prec: 2 };
  }
  if (k < 0.85) {
    const a = randomExpr(r, depth - 1);
    const p = Math.floor(r() * 3) + 1;
    return { latex: `${wrap(a, 3)}^{${p}}`, value: Math.pow(a.value, p), prec: 2 };
  }
  if (k < 0.92) {
    const a = randomExpr(r, depth - 1);
    return { latex: `\\sqrt{${a.latex}}`, value: Math.sqrt(a.value), prec: a.value >= 0 ? 2 : -1 };
  }
  const n = Math.floor(r() * 5) + 1;
  return { latex: `\\sum_{i=1}^{${n}} i`, value: (n * (n + 1)) / 2, prec: 1 };
}

function written(value: number, r: () => number): { text: string; decimals: number } {
  if (Number.isInteger(value)) return { text: String(value), decimals: 0 };
  const d = 2 + Math.floor(r() * 3);
  return { text: value.toFixed(d), decimals: d };
}

describe('random arithmetic is judged right, and wrong when it is wrong', () => {
  test('500 right claims, no finding', () => {
    const r = rng(SEED + 4);
    let checked = 0;
    for (let i = 0; i < 500; i++) {
      const e = randomExpr(r, 4);
      if (e.prec < 0 || !Number.isFinite(e.value) || Math.abs(e.value) > 1e12) continue;
      const w = written(e.value, r);
      const md = `پاسخ: $$${e.latex} = ${w.text}$$`;
      const a = analyzeDocument(md);
      assert.deepEqual(a.findings.map((f) => f.message), [], `seed ${SEED + 4}, case ${i}: ${md}`);
      assert.equal(a.claims, 1, `seed ${SEED + 4}, case ${i}: ${md} was not judged`);
      checked++;
    }
    assert.ok(checked > 400);
  });

  test('500 wrong claims, one error with the right value', () => {
    const r = rng(SEED + 5);
    let checked = 0;
    for (let i = 0; i < 500; i++) {
      const e = randomExpr(r, 4);
      if (e.prec < 0 || !Number.isFinite(e.value) || Math.abs(e.value) > 1e12) continue;
      const w = written(e.value, r);
      // off by 3 in the last written digit, or by more (and by more than float noise, 1e-9 relative)
      const unit = Math.pow(10, -w.decimals);
      const steps = Math.max(r() < 0.5 ? 3 : 7 + Math.floor(r() * 50), Math.ceil((1e-6 * Math.abs(e.value)) / unit));
      const delta = steps * unit * (r() < 0.5 ? 1 : -1);
      const bad = (Number(w.text) + delta).toFixed(w.decimals);
      const md = `$$${e.latex} = ${bad}$$`;
      const a = analyzeDocument(md);
      const errors = a.findings.filter((f) => f.severity === 'error');
      assert.equal(errors.length, 1, `seed ${SEED + 5}, case ${i}: ${md} → ${a.findings.map((f) => f.message).join('; ')}`);
      assert.equal(errors[0].code, 'wrong-result');
      const actual = errors[0].actualValue as number;
      assert.ok(Math.abs(actual - e.value) <= 1e-9 * Math.max(1, Math.abs(e.value)), `case ${i}: ${md}: actualValue ${actual}, expected ${e.value}`);
      assert.equal(md.slice(errors[0].range.start, errors[0].range.end), bad);
      checked++;
    }
    assert.ok(checked > 400);
  });
});

// ---- random matrices, softmax rows and scientific notation ------------------------------------------

const bmatrix = (rows: (number | string)[][]) => `\\begin{bmatrix} ${rows.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
const persian = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));

describe('random matrix arithmetic, softmax and scientific notation', () => {
  test('300 matrix–vector products: exact results silent, one wrong entry flagged with the whole right column', () => {
    const r = rng(SEED + 6);
    for (let i = 0; i < 300; i++) {
      const m = 1 + Math.floor(r() * 4);
      const n = 1 + Math.floor(r() * 4);
      const A = Array.from({ length: m }, () => Array.from({ length: n }, () => Math.floor(r() * 11) - 5));
      const x = Array.from({ length: n }, () => Math.floor(r() * 11) - 5);
      const y = A.map((row) => row.reduce((s, a, k) => s + a * x[k], 0));
      const op = r() < 0.5 ? ' ' : ' \\cdot ';
      const lhs = `${bmatrix(A)}${op}${bmatrix(x.map((v) => [v]))}`;
      const digits = r() < 0.3 ? persian : (s: string) => s;
      const good = digits(`$$${lhs} = ${m === 1 ? y[0] : bmatrix(y.map((v) => [v]))}$$`);
      const a = analyzeDocument(good);
      assert.deepEqual(a.findings.map((f) => f.message), [], `seed ${SEED + 6}, case ${i}: ${good}`);
      assert.equal(a.claims, 1, good);
      const k = Math.floor(r() * m);
      const bad = y.map((v, j) => (j === k ? v + 1 + Math.floor(r() * 3) : v));
      const wrongMd = digits(`$$${lhs} = ${m === 1 ? bad[0] : bmatrix(bad.map((v) => [v]))}$$`);
      const w = analyzeDocument(wrongMd).findings;
      assert.equal(w.length, 1, `case ${i}: ${wrongMd}`);
      assert.deepEqual(w[0].actualValue, m === 1 ? y[0] : y.map((v) => [v]));
      if (m > 1 && n > 1) assert.equal(w[0].steps?.length, m, 'one step per row');
    }
  });

  test('200 softmax rows written to 2–4 decimals (rounded or truncated) are silent', () => {
    const r = rng(SEED + 7);
    for (let i = 0; i < 200; i++) {
      const n = 2 + Math.floor(r() * 4);
      const z = Array.from({ length: n }, () => Math.round((r() * 6 - 3) * 10) / 10);
      const ex = z.map((v) => Math.exp(v));
      const sum = ex.reduce((p, q) => p + q, 0);
      const d = 2 + Math.floor(r() * 3);
      const trunc = r() < 0.3;
      const p = ex.map((v) => (trunc ? (Math.trunc((v / sum) * 10 ** d) / 10 ** d).toFixed(d) : (v / sum).toFixed(d)));
      const md = `$$\\mathrm{softmax}\\left(${bmatrix([z])}\\right) = ${bmatrix([p])}$$`;
      const a = analyzeDocument(md);
      assert.deepEqual(a.findings.map((f) => f.message), [], `seed ${SEED + 7}, case ${i}: ${md}`);
      assert.equal(a.claims, 1);
    }
  });

  test('200 small powers written in scientific notation, right and misrounded', () => {
    const r = rng(SEED + 8);
    for (let i = 0; i < 200; i++) {
      const base = (1 + Math.floor(r() * 95)) / 100;
      const p = 2 + Math.floor(r() * 30);
      const v = Math.pow(base, p);
      const exp = Math.floor(Math.log10(v));
      const mant = v / 10 ** exp;
      const d = 1 + Math.floor(r() * 3);
      const written = mant.toFixed(d);
      if (Number(written) >= 10) continue;
      const good = `$$${base}^{${p}} = ${written} \\times 10^{${exp}}$$`;
      assert.deepEqual(analyzeDocument(good).findings.map((f) => f.message), [], `seed ${SEED + 8}, case ${i}: ${good}`);
      const off = (Number(written) + (r() < 0.5 ? 2 : -2) * 10 ** -d).toFixed(d);
      if (Number(off) <= 0 || Number(off) >= 10) continue;
      const bad = `$$${base}^{${p}} = ${off} \\times 10^{${exp}}$$`;
      const f = analyzeDocument(bad).findings;
      assert.equal(f.length, 1, `case ${i}: ${bad}`);
      assert.equal(f[0].fix?.newText, `${written} \\times 10^{${exp}}`);
    }
  });
});
