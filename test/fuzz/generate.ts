/**
 * Fuzz cases for the math core, shared by `npm run fuzz` (scripts/fuzz.mjs, 100,000 cases) and the
 * fast subset in test/unit/fuzz.test.ts. Every case is a pure function of (seed, index), so a
 * failure is reproduced with `npm run fuzz -- --seed S --case N` without replaying earlier cases.
 *
 * Kinds of input: student-style LaTeX from a small grammar (then often mutated: cut, duplicated,
 * braces broken), Markdown answer files in Persian prose with every delimiter and code construct,
 * token soup including expression-injection names, random UTF-16 code units (NUL, bidi controls,
 * lone surrogates), and a rotating list of adversarial templates (deep nesting, huge numbers,
 * huge Σ/Π, huge matrices, lone dollars).
 */
import { analyzeDocument, type DocumentAnalysis } from '../../src/core/document/analysis';
import { evaluateLatex } from '../../src/core/eval/evaluateLatex';
import { explainAt } from '../../src/core/views/explain';
import { findMathSpans } from '../../src/core/markdown/spans';
// the core's seeded PRNG (the symbolic judge's): one generator, so a case replays from its seed
import { mulberry32 } from '../../src/core/symbolic/random';

export { analyzeDocument, evaluateLatex, explainAt, findMathSpans };

// ---- PRNG -----------------------------------------------------------------------------------------

/** The PRNG for case `index` of run `seed` (independent of every other case). */
export function caseRng(seed: number, index: number): () => number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return mulberry32(h);
}

export { mulberry32 };

export class Gen {
  constructor(readonly r: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)];
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
}

// ---- LaTeX grammar ----------------------------------------------------------------------------------

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const ARABIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';

/** Names that would mean something to a JavaScript or mathjs evaluator; to DL Math they are just names. */
export const INJECTION_NAMES = [
  'constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'import', 'createUnit',
  'evaluate', 'parse', 'compile', 'Function', 'eval', 'process', 'require', 'globalThis', 'this',
] as const;

const SYMBOLS = ['x', 'y', 'z', 'W', 'q', 'k', 'v', 'h', 'n', 'd', 'T', 'e', '\\alpha', '\\beta', '\\pi', '\\theta', '\\sigma', 'W_{hh}', 'h_{t-1}', 'd_{model}', 'd_k', 'x_i', 'W_{hx}', '\\mathbf{x}', '\\hat{y}', 'score_2'];
const FUNCS = ['\\exp', '\\log', '\\ln', '\\sin', '\\cos', '\\tanh', '\\sigma', '\\mathrm{ReLU}', 'softmax', '\\text{softmax}', '\\operatorname{argmax}', 'argmax', '\\max', '\\min', '\\det', '\\log_2', '\\sqrt', 'relu', '\\sigma\''];
const BINOPS = [' + ', ' - ', ' \\times ', ' \\cdot ', ' * ', ' / ', ' \\div ', ' ', '', ' \\odot ', ' \\pm '];
const RELATIONS = [' = ', ' = ', ' = ', ' \\approx ', ' \\neq ', ' < ', ' \\leq ', ' \\Rightarrow ', ' \\quad ', ', ', ' \\\\ ', ' & = ', ' \\to ', ' \\text{ یعنی } '];
const ENVS = ['bmatrix', 'bmatrix', 'pmatrix', 'vmatrix', 'matrix', 'Bmatrix', 'array', 'Vmatrix', 'smallmatrix', 'cases', 'aligned'];

function digitsIn(g: Gen, s: string): string {
  if (!g.chance(0.15)) return s;
  const set = g.chance(0.7) ? PERSIAN_DIGITS : ARABIC_DIGITS;
  return s.replace(/[0-9]/g, (d) => set[Number(d)]);
}

function number(g: Gen): string {
  switch (g.int(0, 11)) {
    case 0:
      return digitsIn(g, String(g.int(0, 9)));
    case 1:
    case 2:
      return digitsIn(g, String(g.int(0, 1000)));
    case 3:
      return digitsIn(g, `${g.int(0, 99)}.${g.int(0, 9999)}`);
    case 4:
      return digitsIn(g, String(g.int(1, 4096) * g.int(1, 4096)));
    case 5:
      return '2,359,296';
    case 6:
      return '9'.repeat(g.int(15, 400)); // beyond double precision, up to overflow
    case 7:
      return `0.${'0'.repeat(g.int(0, 30))}${g.int(1, 9)}`;
    case 8:
      return `-${g.int(1, 50)}`;
    case 9:
      return `${g.int(1, 9)}e${g.int(-5, 400)}`;
    case 10:
      return `${g.int(1, 999)}\\%`;
    default:
      return String(g.int(-3, 12));
  }
}

function matrix(g: Gen, depth: number): string {
  const rows = g.int(1, 4);
  const cols = g.int(1, 4);
  const ragged = g.chance(0.08);
  const env = g.pick(ENVS);
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const n = ragged && i === rows - 1 ? g.int(1, cols + 1) : cols;
    const cells: string[] = [];
    for (let j = 0; j < n; j++) cells.push(depth > 2 || g.chance(0.8) ? number(g) : expr(g, depth + 1));
    lines.push(cells.join(' & '));
  }
  const spec = env === 'array' ? `{${'c'.repeat(cols)}}` : '';
  return `\\begin{${env}}${spec} ${lines.join(' \\\\ ')} \\end{${g.chance(0.03) ? 'pmatrix' : env}}`;
}

/** A random expression of the kind students write; `depth` bounds the recursion. */
export function expr(g: Gen, depth = 0): string {
  const leaf = depth > 4 || g.chance(0.25 + depth * 0.12);
  if (leaf) {
    const k = g.int(0, 9);
    if (k < 5) return number(g);
    if (k < 8) return g.pick(SYMBOLS);
    if (k < 9) return matrix(g, depth);
    return g.chance(0.5) ? g.pick(INJECTION_NAMES) : `\\text{${g.pick(INJECTION_NAMES)}}`;
  }
  const a = () => expr(g, depth + 1);
  switch (g.int(0, 21)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return a() + g.pick(BINOPS) + a();
    case 4:
      return `\\frac{${a()}}{${a()}}`;
    case 5:
      return g.chance(0.5) ? `\\sqrt{${a()}}` : `\\sqrt[${g.int(2, 5)}]{${a()}}`;
    case 6:
      return `${a()}^{${a()}}`;
    case 7:
      return `${g.pick(['(' + a() + ')', matrix(g, depth), g.pick(SYMBOLS)])}^${g.pick(['T', '\\top', '{T}', '{-1}', '{\\intercal}', '2', '{10^9}'])}`;
    case 8:
      return `${g.pick(FUNCS)}${g.pick(['(' + a() + ')', '\\left(' + a() + '\\right)', '{' + a() + '}', ' ' + a()])}`;
    case 9:
      return `(${a()})`;
    case 10:
      return `\\left( ${a()} \\right)`;
    case 11:
      return `|${a()}|`;
    case 12:
      return `\\|${a()}\\|${g.chance(0.3) ? '_2' : ''}`;
    case 13:
      return matrix(g, depth);
    case 14: {
      const op = g.pick(['\\sum', '\\prod']);
      const hi = g.pick(['n', String(g.int(0, 20)), String(g.int(0, 2000)), '10^9', '{10^{5}}', '\\infty']);
      return `${op}_{i=${g.int(0, 3)}}^{${hi}} ${g.pick(['i', 'i^2', 'x_i', '\\frac{1}{i}', a()])}`;
    }
    case 15:
      return `${g.int(0, 30)}!`;
    case 16:
      return `\\binom{${g.int(0, 60)}}{${g.int(0, 60)}}`;
    case 17:
      return `${a()} ${a()}`;
    case 18:
      return `{${a()}}`;
    case 19:
      return `${g.pick(SYMBOLS)}_{${a()}}`;
    case 20:
      return `\\lfloor ${a()} \\rfloor`;
    default:
      return `${g.pick(['\\mathbf', '\\vec', '\\hat', '\\bar', '\\mathrm', '\\operatorname'])}{${a()}}`;
  }
}

/** One formula body: a chain `a = b ≈ c`, possibly labelled, sometimes several statements. */
export function statement(g: Gen): string {
  const parts: string[] = [];
  if (g.chance(0.15)) parts.push(g.pick(['\\text{Total} = ', '\\text{پاسخ}: ', 'q.key0 = ', 'score_2 = ', '\\text{params} : ']));
  const n = g.int(1, 4);
  for (let i = 0; i < n; i++) {
    if (i > 0) parts.push(g.pick(RELATIONS));
    parts.push(expr(g));
  }
  return parts.join('');
}

/** Small random edits that break structure the way typos do. */
export function mutate(g: Gen, s: string): string {
  let out = s;
  const edits = g.int(1, 4);
  for (let k = 0; k < edits; k++) {
    const at = g.int(0, out.length);
    switch (g.int(0, 7)) {
      case 0:
        out = out.slice(0, at) + out.slice(Math.min(out.length, at + g.int(1, 8)));
        break;
      case 1:
        out = out.slice(0, at) + g.pick(['{', '}', '$', '\\', '^', '_', '&', '\\\\', '\\left(', '\\right)', '\\begin{bmatrix}', '\\end{bmatrix}', '\u0000', '\u202e', '\u200c', '\ud800', '%']) + out.slice(at);
        break;
      case 2: {
        const len = g.int(1, 30);
        out = out.slice(0, at) + out.slice(at, at + len).repeat(g.int(2, 5)) + out.slice(at);
        break;
      }
      case 3:
        out = out.replace(g.pick([/\{/, /\}/, /\\right/, /\\end\{[a-z]+\}/]), '');
        break;
      case 4:
        out = out.slice(0, at) + g.pick(INJECTION_NAMES) + out.slice(at);
        break;
      case 5:
        out = out.slice(at) + out.slice(0, at);
        break;
      default:
        out = out.slice(0, at) + expr(g, 3) + out.slice(at);
    }
  }
  return out;
}

// ---- Markdown ---------------------------------------------------------------------------------------

const PROSE = [
  'مقادیر scores را با استفاده از ضرب داخلی ماتریس q در keys بدست آورده و',
  'خروجی ۱ به معنی اینست که values از آن است که score مشاهده آن بیشترین باشد.',
  'تعداد پارامترها برابر است با',
  'سوال سوم: لحاظ توجه softmax',
  'گزینه ب و ج درست هستند.',
  'The dot product is',
  'it costs $5 and $10 to run',
  'قیمت ۵$ است',
  'پاسخ: \u200fنتیجه\u200e برابر',
  'escaped \\$ dollar and a lone $ here',
  '**نکته:** `$x$` در کد است',
  'یعنی $ ',
  'ابعاد (32, 2048, 768) است',
];

function formula(g: Gen): string {
  const body = g.chance(0.3) ? mutate(g, statement(g)) : statement(g);
  switch (g.int(0, 9)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return `$${body}$`;
    case 4:
    case 5:
      return `$$${body}$$`;
    case 6:
      return `$$\n${body.replace(/ \\\\ /g, ' \\\\\n')}\n$$`;
    case 7:
      return `\\(${body}\\)`;
    case 8:
      return `\\[${body}\\]`;
    default:
      return `$$\\begin{aligned} ${body} \\\\ &= ${expr(g)} \\end{aligned}$$`;
  }
}

/** A Markdown answer file: Persian prose, formulas, definitions, code blocks, lists, markers. */
export function markdown(g: Gen): string {
  const blocks: string[] = [];
  const n = g.int(1, 12);
  for (let i = 0; i < n; i++) {
    switch (g.int(0, 13)) {
      case 0:
      case 1:
      case 2:
        blocks.push(`${g.pick(PROSE)} ${formula(g)} ${g.pick(PROSE)}`);
        break;
      case 3:
      case 4:
        blocks.push(formula(g));
        break;
      case 5:
        blocks.push(`$${g.pick(['q', 'k', 'W', 'x', 'constructor', '__proto__', 'toString'])} = ${matrix(g, 0)}$`);
        break;
      case 6:
        blocks.push('```\n$' + statement(g) + '$\n```');
        break;
      case 7:
        blocks.push(`- ${g.pick(PROSE)} ${formula(g)}\n- ${formula(g)}`);
        break;
      case 8:
        blocks.push(`> ${formula(g)}`);
        break;
      case 9:
        blocks.push(`<!-- dlmath-ignore -->\n${formula(g)}`);
        break;
      case 10:
        blocks.push(`    $${statement(g)}$`);
        break;
      case 11:
        blocks.push(g.pick(['$', '$$', '\\(', '\\[', '$$$', '$ $', '`$`', '\\$', '$1$2$3$', '$$\n\n$$']) + g.pick(PROSE));
        break;
      case 12:
        blocks.push(`${g.pick(['x', 'd_{model}', 'n'])} :\n$${g.pick(['x', 'd_{model}', 'n'])} = ${number(g)}$ و $${g.pick(['x', 'd_{model}', 'n'])} \\times 2 = ${number(g)}$`);
        break;
      default:
        blocks.push(g.pick(PROSE));
    }
  }
  const sep = g.chance(0.1) ? '\r\n\r\n' : g.chance(0.2) ? '\n' : '\n\n';
  let doc = blocks.join(sep);
  if (g.chance(0.2)) doc = mutate(g, doc);
  if (g.chance(0.03)) doc = '<!-- dlmath-ignore-file -->\n' + doc;
  return doc;
}

// ---- raw input ------------------------------------------------------------------------------------

const SOUP = ['{', '}', '$', '$$', '\\', '^', '_', '&', '\\\\', '=', '(', ')', '[', ']', '|', '\\left', '\\right', '\\frac', '\\sqrt', '\\begin{bmatrix}', '\\end{bmatrix}', '\\begin{', '\\end', '\\sum', '\\prod', '\\text{', '\\mathrm', '1', '0', '-', '2^', '9999999999', 'x', '\n', '\n\n', ' ', '\t', '`', '```', '%', '\u0000', '\u202e', '\u2066', '\u200f', '\ufeff', '\ud83d\ude00', '\udc00', '۳', '٣', 'ب', '\\quad', ',', '!', "'", '\\cdot', '\\times', ...INJECTION_NAMES];

function soup(g: Gen): string {
  const n = g.int(1, 120);
  let s = '';
  for (let i = 0; i < n; i++) s += g.pick(SOUP);
  return s;
}

function codeUnits(g: Gen): string {
  const n = g.int(0, 400);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = g.r();
    if (k < 0.35) out.push(g.pick([36, 92, 123, 125, 94, 95, 38, 10, 13, 0, 96, 40, 41, 91, 93, 32, 61]));
    else if (k < 0.6) out.push(g.int(0, 127));
    else if (k < 0.75) out.push(g.int(0x600, 0x6ff)); // Arabic script block
    else if (k < 0.82) out.push(g.pick([0x200c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff, 0xa0]));
    else if (k < 0.88) out.push(g.int(0xd800, 0xdfff)); // lone or paired surrogates
    else out.push(g.int(0, 0xffff));
  }
  return String.fromCharCode(...out);
}

// ---- adversarial templates ----------------------------------------------------------------------------

const bm = (rows: number, cols: number, cell = '1') => `\\begin{bmatrix}${Array.from({ length: rows }, () => Array(cols).fill(cell).join('&')).join('\\\\')}\\end{bmatrix}`;

/**
 * Hand-written worst cases, each small enough to run thousands of times. `(g)` varies their sizes
 * so nesting depth and lengths sweep across the limits rather than sitting on one value.
 */
export const ADVERSARIAL: readonly { name: string; make: (g: Gen) => string }[] = [
  { name: 'deep braces', make: (g) => { const d = g.int(150, 10_000); return '{'.repeat(d) + '1' + '}'.repeat(d); } },
  { name: 'deep parens', make: (g) => { const d = g.int(150, 10_000); return '('.repeat(d) + '1' + ')'.repeat(d); } },
  { name: 'deep brackets unclosed', make: (g) => '['.repeat(g.int(100, 10_000)) + '1' },
  { name: 'deep \\left(', make: (g) => { const d = g.int(100, 3000); return '\\left('.repeat(d) + 'x' + '\\right)'.repeat(d); } },
  { name: 'deep \\frac', make: (g) => { const d = g.int(100, 3000); return '\\frac{1}{'.repeat(d) + '2' + '}'.repeat(d); } },
  { name: 'deep \\sqrt', make: (g) => '\\sqrt{'.repeat(g.int(100, 3000)) + '2' + '}'.repeat(3000) },
  { name: 'deep minus', make: (g) => '-'.repeat(g.int(100, 15_000)) + '1' },
  { name: 'power tower', make: (g) => '2^'.repeat(g.int(10, 8000)) + '2' },
  { name: 'braced power tower', make: (g) => { const d = g.int(10, 190); return '2^{'.repeat(d) + '2' + '}'.repeat(d); } },
  { name: 'deep subscripts', make: (g) => { const d = g.int(10, 190); return 'x_{'.repeat(d) + '1' + '}'.repeat(d); } },
  { name: 'deep abs', make: (g) => '|'.repeat(g.int(10, 6000)) },
  { name: 'deep matrices', make: (g) => { const d = g.int(5, 600); return '\\begin{bmatrix}'.repeat(d) + '1' + '\\end{bmatrix}'.repeat(d); } },
  { name: 'deep functions', make: (g) => '\\exp('.repeat(g.int(10, 3000)) + '1' + ')'.repeat(3000) },
  { name: 'long flat sum', make: (g) => Array(g.int(1000, 9999)).fill('1').join('+') + ' = 5' },
  { name: 'long flat product', make: (g) => Array(g.int(1000, 6000)).fill('1.0001').join('\\times') },
  { name: 'unbalanced open', make: (g) => '\\frac{1}{2' + '{'.repeat(g.int(1, 50)) },
  { name: 'unbalanced close', make: (g) => '1}' + '}'.repeat(g.int(0, 50)) + ' = 2' },
  { name: 'huge exponent', make: (g) => g.pick(['2^{10^9}', '10^{10^{10}}', '2^{2^{2^{2^{2^{2}}}}}', 'e^{1000}', '(-1)^{10^{18}}', '0^{-1}', '\\begin{bmatrix}1&1\\\\1&0\\end{bmatrix}^{10^9}', '\\begin{bmatrix}1&1\\\\1&0\\end{bmatrix}^{1000}', '2^{-10^9}']) },
  { name: 'huge numbers', make: (g) => `${'9'.repeat(g.int(300, 5000))} + 1 = ${'1'.repeat(g.int(1, 400))}` },
  { name: 'huge factorial / binomial', make: (g) => g.pick([`${g.int(171, 1e9)}!`, `\\binom{${g.int(1e6, 1e12)}}{${g.int(1e5, 1e6)}}`, `\\binom{10^9}{5 \\times 10^8}`, '170! = 1', `${g.int(0, 200)}!!`]) },
  { name: 'huge Σ', make: (g) => `\\sum_{i=1}^{${g.pick(['10^9', '10^{18}', '100000', '100001', String(g.int(1, 1e7))])}} ${g.pick(['i', 'i^2', '\\frac{1}{i}', 'x_i'])}` },
  { name: 'nested Σ/Π', make: (g) => `\\sum_{i=1}^{${g.int(1, 100_000)}} \\sum_{j=1}^{${g.int(1, 100_000)}} \\prod_{k=1}^{${g.int(1, 1000)}} 1` },
  { name: 'Π of matrices', make: (g) => `\\prod_{i=1}^{${g.int(1, 100_000)}} ${bm(g.int(2, 30), g.int(2, 30))}` },
  { name: 'big matrix power', make: (g) => { const n = g.int(10, 60); return `${bm(n, n, '0.5')}^{${g.int(2, 100_000)}}`; } },
  { name: 'big matrix product', make: (g) => { const n = g.int(20, 70); return `${bm(n, n)} ${bm(n, n)} = 1`; } },
  { name: 'diag blow-up', make: (g) => `\\mathrm{diag}(${bm(g.int(100, 3000), 1)})` },
  { name: 'ragged matrix', make: (g) => `\\begin{bmatrix} 1 & 2 \\\\ ${'3 & '.repeat(g.int(0, 5))}4 \\end{bmatrix}` },
  { name: 'unclosed matrix', make: (g) => '\\begin{bmatrix} 1 & 2 \\\\ 3 & 4'.repeat(g.int(1, 100)) },
  { name: 'mismatched env', make: () => '\\begin{bmatrix} 1 \\end{pmatrix} = 1' },
  { name: 'lone dollars', make: (g) => '$'.repeat(g.int(1, 5000)) },
  { name: 'alternating dollars', make: (g) => '$x$ $'.repeat(g.int(1, 3000)) },
  { name: 'dollar prices', make: (g) => 'costs $5 and $10, '.repeat(g.int(1, 2000)) },
  { name: 'NUL and bidi', make: (g) => `$1\u0000 + \u202e2\u202c = \u200f3\u200e$ ${'\u0000\u2066\u2069'.repeat(g.int(1, 2000))}` },
  { name: 'backslash run', make: (g) => '\\'.repeat(g.int(1, 10_000)) },
  { name: 'comment eats brace', make: () => '$\\frac{1}{2 % }\n = 0.5$' },
  { name: 'many formulas', make: (g) => Array.from({ length: g.int(100, 2000) }, (_, i) => `$${i} \\times 2 = ${i * 2 + (i % 7 === 0 ? 1 : 0)}$`).join(' ') },
  { name: 'redefined names', make: (g) => Array.from({ length: g.int(10, 500) }, (_, i) => `$x = ${i}$ $x + 1 = ${i + 1}$`).join('\n') },
  { name: 'injection names', make: (g) => INJECTION_NAMES.map((n) => `$${n} = ${g.int(1, 9)}$ $${n} + 1 = 2$ $\\text{${n}}(1)$`).join('\n') },
  { name: 'surrogate soup', make: (g) => '$' + '\ud800\udc00\ud800'.repeat(g.int(1, 3000)) + '$' },
  { name: 'unterminated code fence', make: (g) => '```\n$1+1=3$\n'.repeat(g.int(1, 200)) },
  { name: 'code span soup', make: (g) => '`$x$'.repeat(g.int(1, 3000)) },
  // Issue 16: repeated prefixes that once made a pass quadratic or ignore the formula-length limit.
  { name: "repeated \\sigma'(", make: (g) => "\\sigma'(".repeat(g.int(100, 3000)) + g.pick(['', 'z', 'z)(1-\\sigma\'(z))']) },
  { name: 'repeated \\frac{', make: (g) => '\\frac{'.repeat(g.int(100, 4000)) + g.pick(['', '1', '1}{2}']) },
  { name: 'repeated ^{', make: (g) => '2^{'.repeat(g.int(100, 7000)) + g.pick(['', '2', '2}']) },
  {
    // nested Σ near the work budget, each claimed wrongly: a wrong claim must not make the engine redo the sum
    name: 'nested Σ with wrong claims',
    make: (g) => Array.from({ length: g.int(1, 6) }, () => {
      const [a, b, c] = [g.int(10, 60), g.int(10, 60), g.int(10, 80)];
      return `\\sum_{i=1}^{${a}} \\sum_{j=1}^{${b}} \\sum_{k=1}^{${c}} (i + j \\cdot k) = ${g.int(1, 99_999)}`;
    }).join(' \\quad '),
  },
  {
    // Markdown and HTML metacharacters inside text-like arguments: still one formula, nothing escapes
    name: 'Markdown inside \\text, \\color, \\label, \\tag',
    make: (g) => {
      const meta = () => g.pick(['`', '``x``', '![](x)', '![a](javascript:1)', '<img src=x onerror=1>', '*', '**b**', '[', '[a](b)', ']', '<!--', '-->', '$', '\\$', '|', '#', '<b>', '&amp;']);
      const arg = () => Array.from({ length: g.int(1, 4) }, meta).join(' ');
      const wrap = g.pick(['\\text', '\\textrm', '\\mathrm', '\\color', '\\label', '\\tag', '\\tag*']);
      const inner = wrap === '\\color' ? `{${g.pick(['red', arg()])}}{${arg()}}` : `{${arg()}}`;
      return `2 + 2 = ${g.int(3, 5)} \\quad ${wrap}${inner} \\quad 3 \\times 4 = ${g.int(11, 13)}`;
    },
  },
];

// ---- derivations (the symbolic-step judge) ----------------------------------------------------------

const SCALARS = ['x', 'y', 'z', 'w', 'a', 'b', 'o', 'u', 'v', 'q', '\\hat y', '\\hat{y}', '\\mu', '\\beta', '\\eta', 'p', 'n', 'T'];
const INDEXED = ['x_t', 'x_i', 'h_{t-1}', 'h_t', 'n_i', 'y_i', 'y_j', '\\hat y_i', '\\hat y_j', 'o_k', 'o_j', 'x_k', 'c_{t-1}', 'f_t', 'h_{t+1}', 'h_0', 'h_T', 'x_{i,j}', 'W_{hh}'];
const SMOOTH = ['\\sigma', '\\tanh', '\\exp', '\\log', "\\sigma'", "\\tanh'", '\\ln', '\\mathrm{ReLU}', 'softplus', '\\sqrt'];
const LETTER_FNS = ['f', 'g', 'h', '\\psi', '\\phi', 'L', 'J'];
const WRT = ['x', 'z', 'w', 'o', 'h_{t-1}', 'h_t', 'o_j', 'x_k', 'c_{t-1}', '\\hat y', 'W_{hh}', 'b'];

/** A scalar expression of the kind a derivation is written in (sums, σ, derivatives, letters applied). */
export function symExpr(g: Gen, depth = 0): string {
  if (depth > 3 || g.chance(0.3 + depth * 0.15)) {
    const k = g.int(0, 9);
    if (k < 4) return g.pick(SCALARS);
    if (k < 7) return g.pick(INDEXED);
    if (k < 9) return String(g.int(1, 4));
    return g.pick(['\\frac{1}{2}', '(-1)^{T-i}', '(-1)^i', 'e^{-z}', '0.5']);
  }
  const a = () => symExpr(g, depth + 1);
  switch (g.int(0, 17)) {
    case 0:
    case 1:
      return `${a()} ${g.pick(['+', '-', '+', '-', '\\cdot', '', '\\odot', '/'])} ${a()}`;
    case 2:
      return `\\frac{${a()}}{${a()}}`;
    case 3:
      return `(${a()})^{${g.pick(['2', '3', '-1', 'T', 'T-i', 'k', '\\frac12'])}}`;
    case 4:
      return `${g.pick(SMOOTH)}(${a()})`;
    case 5:
      return `${g.pick(SMOOTH)}\\left(${a()}\\right)`;
    case 6: {
      const v = g.pick(['i', 'j', 'k']);
      return `${g.pick(['\\sum', '\\sum', '\\prod'])}_{${v}=${g.int(0, 2)}}^{${g.pick(['T', 'n', 'q', 't', String(g.int(1, 80))])}} ${g.pick([`x_${v}`, `y_${v} \\log \\hat y_${v}`, `(-1)^{T-${v}} n_${v}`, `a^{${v}}`, a()])}`;
    }
    case 7: {
      // nested sums, up to four deep
      let out = g.pick(['a_i b_j', 'x_{i}', 'w_{ij}', '1', 'x_i y_j', a()]);
      for (let d = g.int(1, 4), v = 0; d > 0; d--, v++) out = `\\sum_{${'ijkl'[v]}=1}^{${g.pick(['n', 'm', 'T', String(g.int(2, 60))])}} ${out}`;
      return out;
    }
    case 8:
      return `\\frac{d}{d${g.pick(['z', 'x', 'w', 't'])}}\\left(${a()}\\right)`;
    case 9:
      return `\\frac{\\partial}{\\partial ${g.pick(WRT)}} ${g.pick(['(' + a() + ')', g.pick(SCALARS), g.pick(SMOOTH) + '(' + a() + ')'])}`;
    case 10:
      return `\\frac{\\partial ${g.pick([...SCALARS, ...INDEXED, 'L', 'J', '\\ell'])}}{\\partial ${g.pick(WRT)}}`;
    case 11:
      return `\\frac{d${g.pick(['f', 'L', 'y', 'z', 'h', ' \\hat y', 'J'])}}{d${g.pick(['z', 'x', 'w', 't', ' o'])}}`;
    case 12:
      return `${g.pick(LETTER_FNS)}${g.pick(["'", '', "''", "'"])}(${a()})`;
    case 13:
      return `${a()}(1 - ${a()})`;
    case 14:
      return `\\left(${a()}\\right)`;
    case 15:
      return `-${a()}`;
    case 16:
      return `${a()} \\, ${a()}`;
    default:
      return `\\dot{${g.pick(SCALARS)}}`;
  }
}

/** One slip of the kind students make: a sign, an exponent, a dropped factor, an index moved. */
function slip(g: Gen, s: string): string {
  switch (g.int(0, 5)) {
    case 0:
      return s.replace(/ - /, ' + ');
    case 1:
      return s.replace(/\^\{([^}]*)\}/, '^{$1+1}');
    case 2:
      return s.replace(/t-1/, 't');
    case 3:
      return s.replace(/1 - /, '1 + ');
    case 4:
      return `2${s}`;
    default:
      return s.replace(/\\sigma/, '\\tanh');
  }
}

const DEFINITIONS = [
  'z = w x + b',
  '\\hat y = \\sigma(z)',
  '\\hat y = \\sigma(o)',
  'z_t = W h_{t-1} + U x_t',
  'h_t = \\psi(z_t)',
  'h_t = \\tanh(z_t)',
  'h_t = \\tanh(w h_{t-1} + u x_t) + h_{t-1}',
  'c_t = f_t c_{t-1} + i_t g_t',
  'h_t = o_t \\tanh(c_t)',
  '\\hat y_j = \\frac{\\exp(o_j)}{\\sum_{k=1}^q \\exp(o_k)}',
  'J = -\\sum_{k=1}^q y_k \\log \\hat y_k',
  '\\mu = \\frac{1}{n} \\sum_{k=1}^n x_k',
  'L = \\frac{1}{2}(y - \\hat y)^2',
  'f(x) = x^2 + 3x',
  'g(u) = \\sigma(u) + u',
  'f(z) = \\tanh(z)',
  '\\ell = \\log \\prod_{k=1}^n p_k',
];

const RECURRENCES: Array<[string, string]> = [
  ['h_t = n_t - h_{t-1}', 'h_T = \\sum_{i=1}^T (-1)^{T-i} n_i + (-1)^T h_0'],
  ['h_t = a h_{t-1} + x_t', 'h_T = \\sum_{i=1}^T a^{T-i} x_i + a^T h_0'],
  ['s_t = s_{t-1} + x_t', 's_T = s_0 + \\sum_{i=1}^T x_i'],
  ['m_t = \\beta m_{t-1} + (1 - \\beta) g_t', 'm_T = (1 - \\beta) \\sum_{i=1}^T \\beta^{T-i} g_i + \\beta^T m_0'],
  ['h_t = \\tanh(w h_{t-1} + x_t)', 'h_T = \\tanh(w h_{T-1} + x_T)'],
  ['h_t = 2 h_{t-1}', 'h_T = 2^T h_0'],
];

/** Definitions over declared matrices and vectors (`derivation`, derivatives over matrices). */
const MATRIX_DEFINITIONS = [
  'L = \\frac{1}{2}\\|W x - y\\|^2',
  'z = W h + x',
  's = \\tanh(z)',
  's = \\sigma(A x + h)',
  'J = -y^\\top \\log \\mathrm{softmax}(W x)',
  'E = \\sum_{t=1}^{T} \\|W x - y\\|^2',
  'L = x^\\top A x + \\mathrm{tr}(A W)',
];
/** Right sides of derivatives over matrices, right for some definition above, wrong or misshapen for others. */
const MATRIX_RIGHTS = [
  '(W x - y) x^\\top',
  'x (W x - y)^\\top',
  'W^\\top (W x - y)',
  '\\mathrm{diag}(1 - s \\odot s) W',
  '\\mathrm{diag}(s \\odot (1 - s)) A',
  '(A + A^\\top) x',
  '2 A x',
  '\\mathrm{softmax}(W x) - y',
  'W^\\top \\frac{\\partial L}{\\partial z}',
  '\\sum_{t=1}^{T} 2 (W x - y) x^\\top',
  'A^{-1} x',
];

/** A derivation document: definitions, chains `A = B = C`, recurrences and closed forms, derivatives, nested sums. */
export function derivation(g: Gen): string {
  const blocks: string[] = [];
  const n = g.int(1, 7);
  const math = (body: string) => g.pick([`$$${body}$$`, `$${body}$`, `$$\n\\begin{aligned}\n${body.replace(/ = /g, ' &= ')}\n\\end{aligned}\n$$`]);
  for (let b = 0; b < n; b++) {
    switch (g.int(0, 7)) {
      case 7: {
        // declared matrices and a derivative over them: gradients, Jacobians, either layout, slips, shapes that do not fit
        const size = () => g.pick(['n', 'm', 'd', '1', '3', '6', '60']);
        blocks.push(`Let $W \\in \\mathbb{R}^{${size()} \\times ${size()}}$, $x, h \\in \\mathbb{R}^{${size()}}$, $y \\in \\mathbb{R}^{${size()}}$ and $A \\in \\mathbb{R}^{${size()} \\times ${size()}}$.`);
        for (let k = g.int(1, 2); k > 0; k--) blocks.push(math(g.pick(MATRIX_DEFINITIONS)));
        const of = g.pick(['L', 's', 'J', 'z', 'E', '(x^\\top A x)', '\\|W x\\|^2', '\\mathrm{softmax}(W x)']);
        const right = g.pick(MATRIX_RIGHTS);
        blocks.push(math(`\\frac{\\partial ${of}}{\\partial ${g.pick(['W', 'x', 'h', 'A', 'z', 'y', 'b', 'W_1'])}} = ${g.chance(0.5) ? right : slip(g, right)}`));
        break;
      }
      case 0: {
        // a chain, each later piece a copy of the first or a slip of it
        const first = symExpr(g);
        const pieces = [first];
        for (let k = g.int(1, 3); k > 0; k--) pieces.push(g.chance(0.5) ? first : g.chance(0.5) ? slip(g, first) : symExpr(g));
        blocks.push(math(pieces.join(g.pick([' = ', ' = ', ' = ', ' \\Rightarrow ']))));
        break;
      }
      case 1: {
        // definitions, then steps through them
        for (let k = g.int(1, 3); k > 0; k--) blocks.push(math(g.pick(DEFINITIONS)));
        const step = `\\frac{\\partial ${g.pick(['\\hat y', 'h_t', 'z_t', 'J', 'L', 'c_t', 'z', '\\mu', '\\ell'])}}{\\partial ${g.pick(WRT)}}`;
        const right = symExpr(g);
        blocks.push(math(`${step} = ${right}${g.chance(0.5) ? ' = ' + slip(g, right) : ''}`));
        break;
      }
      case 2: {
        // a recurrence, members written out, then its closed form (right or with a slip)
        const [rec, closed] = g.pick(RECURRENCES);
        blocks.push(math(rec));
        if (g.chance(0.3)) blocks.push(math(`${rec.replace(/_t\b/g, '_1').replace(/_\{t-1\}/g, '_0')} \\quad ${rec.replace(/_t\b/g, '_2').replace(/_\{t-1\}/g, '_1')}`));
        blocks.push(math(`\\Rightarrow ${g.chance(0.5) ? closed : slip(g, closed)}`));
        break;
      }
      case 3: {
        // a function and its derivative
        const body = symExpr(g);
        blocks.push(math(`f(x) = ${body}`));
        blocks.push(math(`f'(x) = ${g.chance(0.5) ? symExpr(g) : slip(g, body)}`));
        blocks.push(math(`\\frac{d}{dx} f(x) = f'(x) = ${symExpr(g)}`));
        break;
      }
      case 4: {
        // nested sums
        const inner = g.pick(['a_i b_j', 'x_i y_j', '1', 'a_i']);
        blocks.push(math(`\\sum_{i=1}^{${g.pick(['n', '60', 'T'])}} \\sum_{j=1}^{${g.pick(['m', '60', 'T'])}} ${inner} = \\left(\\sum_{i=1}^n a_i\\right)\\left(\\sum_{j=1}^m b_j\\right) = ${symExpr(g)}`));
        break;
      }
      case 5:
        blocks.push(g.pick(['Taking the derivative:', 'Hence', 'By the chain rule,', 'with $y$ a one-hot vector', 'داریم', 'Assume', 'where $W^\\top = W^{-1}$']));
        break;
      default:
        // a line continuing the previous formula
        blocks.push(math(`= ${symExpr(g)}`));
    }
  }
  return blocks.join('\n\n') + '\n';
}

// ---- cases ----------------------------------------------------------------------------------------

export type CaseKind = 'latex' | 'mutated-latex' | 'markdown' | 'derivation' | 'soup' | 'code-units' | 'adversarial';

export interface FuzzCase {
  index: number;
  kind: CaseKind;
  /** For adversarial cases, the template's name. */
  name?: string;
  /** The whole input: given to findMathSpans and analyzeDocument. */
  text: string;
  /** Given to evaluateLatex (the text itself, or a formula inside it). */
  latex: string;
  /** Offsets for explainAt. */
  offsets: number[];
}

/** Case `index` of run `seed`. */
export function generateCase(seed: number, index: number): FuzzCase {
  const g = new Gen(caseRng(seed, index));
  let kind: CaseKind;
  let name: string | undefined;
  let text: string;
  let latex: string;
  const k = g.r();
  if (k < 0.06) {
    kind = 'adversarial';
    const a = ADVERSARIAL[index % ADVERSARIAL.length];
    name = a.name;
    latex = a.make(g);
    text = g.chance(0.5) ? `$$${latex}$$` : latex.includes('$') ? latex : `پاسخ: $${latex}$ است.`;
  } else if (k < 0.3) {
    kind = 'latex';
    latex = statement(g);
    text = g.chance(0.5) ? `$${latex}$` : `$$\n${latex}\n$$`;
  } else if (k < 0.45) {
    kind = 'mutated-latex';
    latex = mutate(g, statement(g));
    text = `$$${latex}$$`;
  } else if (k < 0.68) {
    kind = 'markdown';
    text = markdown(g);
    latex = text;
  } else if (k < 0.8) {
    kind = 'derivation';
    text = derivation(g);
    latex = text;
  } else if (k < 0.9) {
    kind = 'soup';
    text = soup(g);
    latex = text;
  } else {
    kind = 'code-units';
    text = codeUnits(g);
    latex = text;
  }
  const offsets = [0, text.length, g.int(0, text.length), g.int(0, text.length), g.int(0, text.length)];
  return { index, kind, name, text, latex, offsets };
}

// ---- running a case --------------------------------------------------------------------------------

export interface CallTiming {
  fn: 'findMathSpans' | 'analyzeDocument' | 'explainAt' | 'evaluateLatex';
  /** Wall time. */
  ms: number;
  /** CPU time of the process over the call (user + system, its GC threads included). */
  cpuMs: number;
}

export interface CaseResult {
  /** Violations: an exception that escaped, or a result that breaks a documented promise. */
  problems: string[];
  timings: CallTiming[];
}

const EXPLAIN_KINDS = new Set(['none', 'finding', 'value', 'variable', 'problem', 'shape', 'attention', 'parameters', 'not-computable']);
const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : String(e).slice(0, 300);
}

function inBounds(r: { start: number; end: number } | undefined, len: number): boolean {
  return !!r && Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.start <= r.end && r.end <= len;
}

/** Checks the promises an analysis makes about the text it came from. */
function checkAnalysis(text: string, a: DocumentAnalysis, problems: string[]): void {
  let prev = -1;
  for (const f of a.formulas) {
    if (!inBounds(f.span, text.length) || f.span.start < prev) problems.push(`formula span out of order or out of bounds: ${JSON.stringify({ start: f.span.start, end: f.span.end })}`);
    prev = f.span.end;
  }
  if (!Number.isInteger(a.claims) || a.claims < 0) problems.push(`claims is ${a.claims}`);
  for (const f of a.findings) {
    if (!inBounds(f.range, text.length)) problems.push(`finding ${f.code} has range ${JSON.stringify(f.range)} outside the text (length ${text.length})`);
    if (!SEVERITIES.has(f.severity)) problems.push(`finding ${f.code} has severity ${f.severity}`);
    if (typeof f.message !== 'string' || f.message.trim() === '') problems.push(`finding ${f.code} has an empty message`);
    else if (/\bat (?:[\w.<>]+ )?\(?[\w/.-]+:\d+:\d+\)?/.test(f.message) || /\b(?:undefined|NaN|\[object Object\])\b/.test(f.message)) problems.push(`finding message looks broken: ${f.message.slice(0, 200)}`);
    if (f.fix && !inBounds(f.fix.range, text.length)) problems.push(`fix range ${JSON.stringify(f.fix.range)} outside the text`);
    if (f.code === 'wrong-step') {
      // the symbolic judge's counterexample: finite numbers that really differ
      const ce = f.counterexample;
      if (!ce || !Number.isFinite(ce.left) || !Number.isFinite(ce.right) || ce.left === ce.right || Object.values(ce.values).some((v) => !Number.isFinite(v))) problems.push(`wrong-step without a finite counterexample: ${JSON.stringify(ce)}`);
    }
  }
}

/**
 * Runs one input through every public entry point, timing each call. Never throws: escaped
 * exceptions and broken promises come back as `problems`.
 */
export function runCase(c: FuzzCase): CaseResult {
  const problems: string[] = [];
  const timings: CallTiming[] = [];
  const timed = <T>(fn: CallTiming['fn'], f: () => T): T | undefined => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    try {
      return f();
    } catch (e) {
      problems.push(`${fn} threw ${describe(e)}`);
      return undefined;
    } finally {
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      timings.push({ fn, ms, cpuMs: (c.user + c.system) / 1000 });
    }
  };
  const spans = timed('findMathSpans', () => findMathSpans(c.text));
  if (spans) {
    let prev = 0;
    for (const s of spans) {
      if (!(s.start >= prev && s.start < s.contentStart && s.contentStart <= s.contentEnd && s.contentEnd < s.end && s.end <= c.text.length)) problems.push(`bad span ${JSON.stringify({ ...s, content: undefined })}`);
      else if (s.content !== c.text.slice(s.contentStart, s.contentEnd)) problems.push('span content is not its slice of the text');
      prev = s.end;
    }
  }
  const analysis = timed('analyzeDocument', () => analyzeDocument(c.text));
  if (analysis) {
    checkAnalysis(c.text, analysis, problems);
    const offsets = [...c.offsets];
    // also hover inside a few formulas, where explainAt has something to say
    for (let i = 0; i < analysis.formulas.length && i < 3; i++) {
      const s = analysis.formulas[i].span;
      offsets.push(s.contentStart + ((s.contentEnd - s.contentStart) >> 1));
    }
    for (const off of offsets) {
      const ex = timed('explainAt', () => explainAt(analysis, off));
      if (ex) {
        if (!EXPLAIN_KINDS.has(ex.kind)) problems.push(`explainAt returned kind ${ex.kind}`);
        if (typeof ex.markdown !== 'string') problems.push('explainAt markdown is not a string');
        if (ex.range && !inBounds(ex.range, c.text.length)) problems.push(`explainAt range ${JSON.stringify(ex.range)} outside the text`);
      }
    }
  }
  const inputs = [c.latex];
  if (spans) for (let i = 0; i < spans.length && i < 2; i++) inputs.push(spans[i].content);
  for (const src of inputs) {
    const r = timed('evaluateLatex', () => evaluateLatex(src));
    if (r) {
      if (r.ok) {
        if (JSON.stringify(r.json) === undefined) problems.push('evaluateLatex json is not serialisable');
        if (r.range && !inBounds(r.range, src.length)) problems.push(`evaluateLatex range ${JSON.stringify(r.range)} outside the input`);
      } else {
        if (typeof r.message !== 'string' || r.message.trim() === '') problems.push(`evaluateLatex failed (${r.code}) without a message`);
        if (r.range && !inBounds(r.range, src.length)) problems.push(`evaluateLatex ${r.code} range ${JSON.stringify(r.range)} outside the input (length ${src.length})`);
      }
    }
  }
  return { problems, timings };
}

// ---- big inputs (run once per fuzz run; too large to repeat 100,000 times) ---------------------------

/** A long Persian answer file of `bytes` UTF-8 bytes or more, with claims, matrices and definitions. */
export function bigAnswer(seed: number, bytes: number): string {
  const g = new Gen(mulberry32(seed));
  const parts: string[] = [];
  let size = 0;
  let i = 0;
  while (size < bytes) {
    const b = i % 5 === 0 ? `$q = ${matrix(g, 3)}$ و $q \\cdot q = ${number(g)}$` : i % 3 === 0 ? `${g.pick(PROSE)}\n\n$$${statement(g)}$$` : `${g.pick(PROSE)} $${g.int(1, 999)} \\times ${g.int(1, 999)} = ${g.int(1, 999_999)}$`;
    parts.push(b);
    size += Buffer.byteLength(b) + 2;
    i++;
  }
  return parts.join('\n\n');
}

/** Inputs far beyond the per-keystroke sizes, for `npm run fuzz` (timed and reported separately). */
export function bigInputs(seed: number, huge: boolean): { name: string; text: () => string }[] {
  const out = [
    { name: '1,000,000-character line of formulas', text: () => Array.from({ length: 40_000 }, (_, i) => `$${i}+1=${i + 1}$`).join(' ').slice(0, 1_000_000) },
    { name: '1,000,000-character line of braces inside one formula', text: () => '$' + '{'.repeat(499_999) + '}'.repeat(499_999) + '$' },
    { name: '1,000,000 dollars', text: () => '$'.repeat(1_000_000) },
    { name: '1,000,000 random code units', text: () => { const g = new Gen(mulberry32(seed)); return Array.from({ length: 2500 }, () => codeUnits(g)).join('').slice(0, 1_000_000); } },
    { name: '5 MB Persian answer file', text: () => bigAnswer(seed, 5 * 1024 * 1024) },
    { name: '1000×1000 matrix written out (2 MB formula)', text: () => `$$${bm(1000, 1000)} = 1$$` },
  ];
  if (huge) out.push({ name: '10,000×10,000 matrix written out (200 MB formula)', text: () => `$$${bm(10_000, 10_000)}$$` });
  return out;
}
