// Finding messages in English and Persian (src/core/messages.ts): every catalog entry has both texts
// with the same placeholders; an answer analysed with language 'fa' gets Persian messages that still
// name the right value; 'en' (the default) is byte-for-byte what it was; `dlmath check/eval --lang`.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LRI, MESSAGE_IDS, LANGS, PDI, RLI, langOf, message, msg, placeholdersOf, render, stripIsolates, template, type Lang } from '../../src/core/messages';
import { analyzeDocument } from '../../src/core/document/analysis';
import { evaluateLatex } from '../../src/core/eval/evaluateLatex';
import { runCli } from '../../src/cli/main';
import type { EngineOptions, Finding } from '../../src/core/types';
import { readExample, readFixture, SHARED_SKIP } from './engineHelpers';

const PERSIAN_LETTER = /[\u0600-\u06ff]/;
/** Arabic yeh and kaf, which Persian text must not use (ی and ک instead). */
const ARABIC_FORMS = /[\u064a\u0643\u0649]/;

describe('the message catalog', () => {
  for (const id of MESSAGE_IDS) {
    test(`${id}: an English and a Persian text with the same placeholders`, () => {
      const en = template(id, 'en');
      const fa = template(id, 'fa');
      assert.ok(en.trim().length > 0 && fa.trim().length > 0);
      assert.deepEqual([...placeholdersOf(fa)].sort(), [...placeholdersOf(en)].sort(), `placeholders of ${id}`);
      // a text that is more than placeholders and punctuation is translated
      const words = en.replace(/\{[A-Za-z]\w*\}/g, '').replace(/[\s()]/g, '');
      if (words.length > 0) {
        assert.notEqual(fa, en, `${id} is not translated`);
        assert.match(fa, PERSIAN_LETTER, `${id}: no Persian in "${fa}"`);
      }
      assert.doesNotMatch(fa, ARABIC_FORMS, `${id}: Arabic ي/ك in "${fa}"`);
      // filling every placeholder leaves none behind, in both languages
      const params = Object.fromEntries(placeholdersOf(en).map((p) => [p, `<${p}>`]));
      for (const lang of LANGS) {
        const text = render(lang, { id, params } as Parameters<typeof render>[1]);
        assert.equal(placeholdersOf(text).length, 0, `${lang} ${id}: "${text}"`);
        for (const p of placeholdersOf(en)) assert.ok(text.includes(`<${p}>`), `${lang} ${id} drops {${p}}`);
      }
    });
  }

  test('nested messages are written in the same language; other braces are literal text', () => {
    const m = message('claim.orientation', { expr: 'Kq', actual: message('orientation.column'), claimed: message('orientation.row') });
    assert.equal(render('en', m), 'Kq is a column: the values are right but written as a row');
    assert.equal(stripIsolates(render('fa', m)), 'حاصل Kq یک بردار ستونی است: مقدارها درست‌اند ولی به‌صورت بردار سطری نوشته شده‌اند');
    assert.equal(msg('en', 'matrix.unclosed', { env: 'bmatrix' }), '\\begin{bmatrix} is never closed by \\end{bmatrix}');
    assert.equal(msg('en', 'shape.declared-space', { expr: 'QKᵀ', shape: 'n×n', declared: 'n×d' }), 'QKᵀ is n×n, but ℝ^{n×d} is written for it');
    assert.equal(stripIsolates(msg('fa', 'syntax.extra-close')), 'آکولادها نامتوازن‌اند: یک `}` چیزی را نمی‌بندد');
    // a parameter's own braces are not read as placeholders
    assert.equal(msg('en', 'claim.wrong', { expr: '{claimed}', actual: '1', claimed: '2' }), '{claimed} = 1, not 2');
    // a value is put in as written (no replacement patterns), a parameter not given stays a placeholder
    assert.equal(msg('en', 'claim.wrong', { expr: "$& $1 $' $$", actual: '1', claimed: '2' }), "$& $1 $' $$ = 1, not 2");
    assert.equal(render('en', { id: 'claim.wrong', params: { expr: 'x' } } as unknown as Parameters<typeof render>[1]), 'x = {actual}, not {claimed}');
  });

  test('Persian: every value and expression is a left-to-right island, the sentence a right-to-left one', () => {
    // without the isolates a right-to-left line shows [0; 2; −1] as [1− ;2 ;0]
    const expr = '[0; 2; −1]·[3; −1; −1]';
    assert.equal(msg('fa', 'claim.wrong', { expr, actual: '−1', claimed: '6' }), `${RLI}حاصل ${LRI}${expr}${PDI} برابر ${LRI}−1${PDI} است، نه ${LRI}6${PDI}${PDI}`);
    assert.equal(msg('fa', 'fix.replace', { claimed: 2357296, actual: 2359296 }), `${RLI}جایگزینی ${LRI}2357296${PDI} با ${LRI}2359296${PDI}${PDI}`);
    // a nested message is sentence text: its words are not isolated, its own values are
    const nested = render('fa', message('eval.not-computable', { why: message('eval.no-value', { name: 'd_model' }) }));
    assert.equal(nested, `${RLI}محاسبه ممکن نیست: ${LRI}d_model${PDI} مقداری ندارد (پیش‌تر در پاسخ به آن مقدار بدهید، مثلاً ${LRI}d_model${PDI} = 2).${PDI}`);
    // English has no directional marks at all
    assert.doesNotMatch(msg('en', 'claim.wrong', { expr, actual: '−1', claimed: '6' }), /[\u2066-\u2069]/);
  });

  test('Persian findings of a real answer: the marks pair up and enclose every value', () => {
    const doc = `${PROSE}\n\n$$\\begin{bmatrix} 0 \\\\ 2 \\\\ -1 \\end{bmatrix} \\cdot \\begin{bmatrix} 3 \\\\ -1 \\\\ -1 \\end{bmatrix} = 6$$\n`;
    const [f] = analyzeDocument(doc, { language: 'fa' }).findings;
    assert.equal(f.message, `${RLI}حاصل ${LRI}[0; 2; −1]·[3; −1; −1]${PDI} برابر ${LRI}−1${PDI} است، نه ${LRI}6${PDI}${PDI}`);
    assert.equal(f.fix?.title, `${RLI}جایگزینی ${LRI}6${PDI} با ${LRI}-1${PDI}${PDI}`);
    for (const text of [f.message, f.fix!.title]) {
      let depth = 0;
      for (const ch of text) {
        if (ch === LRI || ch === RLI) depth++;
        if (ch === PDI) assert.ok(--depth >= 0, 'a PDI without its isolate');
      }
      assert.equal(depth, 0, 'every isolate is closed');
    }
  });

  test('langOf: Persian display languages give fa, every other gives en', () => {
    for (const [locale, lang] of [['fa', 'fa'], ['fa-IR', 'fa'], ['FA', 'fa'], ['en', 'en'], ['en-US', 'en'], ['de', 'en'], ['ar', 'en'], [undefined, 'en']] as [string | undefined, Lang][]) {
      assert.equal(langOf(locale), lang, String(locale));
    }
  });
});

/** What a finding says, without the text (positions, values, fix edit). */
function facts(f: Finding) {
  return { range: f.range, severity: f.severity, code: f.code, claimed: f.claimed, actual: f.actual, actualValue: f.actualValue, steps: f.steps, fix: f.fix && { range: f.fix.range, newText: f.fix.newText }, related: f.related?.map((r) => r.range) };
}

interface PersianCase {
  name: string;
  /** A real answer snippet (some with one number changed to make the claim wrong). */
  doc: string;
  options?: Partial<EngineOptions>;
  code: string;
  /** The Persian message (exact) or a pattern it must match. */
  fa: string | RegExp;
  /** The English message, unchanged from before the catalog. */
  en: string | RegExp;
  faFix?: string;
  enFix?: string;
  faRelated?: string[];
}

// hw5-a question 3: keys · q written as a row (the example's own orientation slip), and the same
// product claimed as a column with its third entry wrong (0 + 1·(−1) + (−1)·(−1) = 0, not 1)
const KEYS_Q = '\\begin{bmatrix} 1 & 2 & 3 \\\\ 2 & 2 & 1 \\\\ 0 & 1 & -1 \\\\ 0 & -2 & -4 \\end{bmatrix} \\cdot \\begin{bmatrix} 3 \\\\ -1 \\\\ -1 \\end{bmatrix}';
const PROSE = 'مقادیر scores را با استفاده از ضرب داخلی ماتریس q در keys بدست آورده و\nargmax روی آن اعمال میکنیم.';

const PERSIAN_CASES: PersianCase[] = [
  {
    name: 'a wrong column (hw5-a, question 3, one entry changed)',
    doc: `${PROSE}\n\n$$score_2 = ${KEYS_Q} = \\begin{bmatrix} -2 \\\\ 3 \\\\ 1 \\\\ 6 \\end{bmatrix}$$\n`,
    code: 'wrong-result',
    fa: 'حاصل [4×3 matrix]·[3; −1; −1] برابر [−2; 3; 0; 6] است، نه [−2; 3; 1; 6]',
    en: '[4×3 matrix]·[3; −1; −1] = [−2; 3; 0; 6], not [−2; 3; 1; 6]',
    faFix: 'جایگزینی \\begin{bmatrix} -2 \\\\ 3 \\\\ 1 \\\\ 6 \\end{… با \\begin{bmatrix} -2 \\\\ 3 \\\\ 0 \\\\ 6 \\end{…',
    enFix: 'Replace \\begin{bmatrix} -2 \\\\ 3 \\\\ 1 \\\\ 6 \\end{… with \\begin{bmatrix} -2 \\\\ 3 \\\\ 0 \\\\ 6 \\end{…',
  },
  {
    name: 'the right values written as a row (hw5-a, question 3, as the student wrote it)',
    doc: `${PROSE}\n\n$$score_2 = ${KEYS_Q} = \\begin{bmatrix} -2 & 3 & 0 & 6 \\end{bmatrix}$$\n`,
    code: 'orientation',
    fa: 'حاصل [4×3 matrix]·[3; −1; −1] یک بردار ستونی است: مقدارها درست‌اند ولی به‌صورت بردار سطری نوشته شده‌اند',
    en: '[4×3 matrix]·[3; −1; −1] is a column: the values are right but written as a row',
    faFix: 'نتیجه را به‌صورت بردار ستونی بنویس',
    enFix: 'Write the result as a column',
  },
  {
    name: 'a document variable used in a wrong claim: related information',
    doc: `${PROSE}\n\n$$q = \\begin{bmatrix} 3 \\\\ -1 \\\\ -1 \\end{bmatrix}$$\n\n$$q^T q = 10$$\n`,
    code: 'wrong-result',
    fa: 'حاصل qᵀq برابر 11 است، نه 10',
    en: 'qᵀq = 11, not 10',
    faFix: 'جایگزینی 10 با 11',
    enFix: 'Replace 10 with 11',
    faRelated: ['q این‌جا برابر [3; −1; −1] تعریف شده است'],
  },
  {
    name: 'Persian digits keep their digits in the fix (سوال ۱ of hw5-b style)',
    doc: 'سوال ۱: تعداد حالت‌ها $$۲ \\times ۳ = ۵$$\n',
    code: 'wrong-result',
    fa: 'حاصل 2 × 3 برابر 6 است، نه 5',
    en: '2 × 3 = 6, not 5',
    faFix: 'جایگزینی ۵ با ۶',
    enFix: 'Replace ۵ with ۶',
  },
  {
    name: 'an approximate claim (≈)',
    doc: 'احتمال هر کلاس: $$\\frac{1}{3} \\approx 0.5$$\n',
    code: 'wrong-result',
    fa: 'حاصل 1/3 تقریباً 0.3 است، نه 0.5',
    en: '1/3 ≈ 0.3, not 0.5',
    faFix: 'جایگزینی 0.5 با 0.3',
  },
  {
    name: 'σ\'(z)(1−σ\'(z)) (hw5-b, part ب)',
    doc: '$$\\frac{\\partial \\mathcal{L}}{\\partial h_0} = \\frac{\\partial \\mathcal{L}}{\\partial h_1} \\times \\sigma\'(z_1) (1 - \\sigma\'(z_1)) \\times W$$\n',
    code: 'sigma-prime-slip',
    fa: "σ'(z) خودش یعنی σ(z)(1−σ(z))، پس σ'(z_1)(1−σ'(z_1)) مشتق سیگموید نیست؛ عاملِ موردنظر احتمالاً σ(z_1)(1−σ(z_1)) است که برابر σ'(z_1) است.",
    en: "σ'(z) already means σ(z)(1−σ(z)), so σ'(z_1)(1−σ'(z_1)) is not the sigmoid's derivative; the intended factor is likely σ(z_1)(1−σ(z_1)), which equals σ'(z_1).",
    faFix: 'σ(z)(1−σ(z)) بنویس (پریم‌ها را حذف کن)',
    enFix: 'Write σ(z)(1−σ(z)) (drop the primes)',
  },
  {
    name: 'a product whose inner sizes differ (evaluator)',
    doc: 'ضرب: $$\\begin{bmatrix} 1 & 2 & 3 \\\\ 4 & 5 & 6 \\\\ 7 & 8 & 9 \\\\ 1 & 1 & 1 \\end{bmatrix} \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix} = 5$$\n',
    code: 'shape-mismatch',
    fa: 'نمی‌توان 4×3 را در 2×1 ضرب کرد: اندازه‌های داخلی 3 و 2 متفاوت‌اند',
    en: 'Cannot multiply 4×3 by 2×1: inner sizes 3 and 2 differ',
  },
  {
    name: 'QK without the transpose (shape analysis, with its hint)',
    doc: '$Q, K \\in \\mathbb{R}^{n \\times d_k}$\n\n$$S = \\frac{QK}{\\sqrt{d_k}}$$\n',
    code: 'shape-mismatch',
    fa: '(n×d_k)·(n×d_k): اندازه‌های داخلی d_k و n متفاوت‌اند؛ آیا منظورتان Kᵀ بود؟',
    en: '(n×d_k)·(n×d_k): inner sizes d_k and n differ; did you mean Kᵀ?',
  },
  {
    name: 'an undeclared attention formula: the assumption is said in Persian too',
    doc: 'اشتباه رایج: $\\mathrm{softmax}\\left(\\frac{QK}{\\sqrt{d_k}}\\right)V$\n',
    code: 'shape-mismatch',
    fa: '(n×d_k)·(n×d_k): اندازه‌های داخلی d_k و n متفاوت‌اند؛ آیا منظورتان Kᵀ بود؟ (فرض شد Q ∈ ℝ^{n×d_k}, K ∈ ℝ^{n×d_k}, V ∈ ℝ^{n×d_k}؛ برای به‌کار بردن ابعاد خودتان، Q, K, V را با \\in \\mathbb{R}^{…} تعریف کنید)',
    en: '(n×d_k)·(n×d_k): inner sizes d_k and n differ; did you mean Kᵀ? (assumed Q ∈ ℝ^{n×d_k}, K ∈ ℝ^{n×d_k}, V ∈ ℝ^{n×d_k}; declare Q, K, V with \\in \\mathbb{R}^{…} to use your own shapes)',
  },
  {
    name: 'a definition that contradicts its declaration',
    doc: '$d_k = 64$, $d_v = 32$, $Q \\in \\mathbb{R}^{n \\times d_k}$, $X \\in \\mathbb{R}^{n \\times d}$, $W_V \\in \\mathbb{R}^{d \\times d_v}$\n\n$$Q = XW_V$$\n',
    code: 'shape-mismatch',
    fa: 'Q با ابعاد n×d_k (n×64) تعریف شده، ولی XW_V از ابعاد n×d_v (n×32) است',
    en: 'Q is declared n×d_k (n×64), but XW_V is n×d_v (n×32)',
    faRelated: ['Q این‌جا تعریف شده است'],
  },
  {
    name: 'Σ over too many terms (limit)',
    doc: 'جمع: $x = 1 + \\sum_{i=1}^{10^9} i$\n',
    code: 'limit',
    fa: 'Σ دارای 1,000,000,000 جمله است، بیش از حد 100,000 جمله',
    en: 'Σ has 1,000,000,000 terms, above the 100,000-term limit',
  },
  {
    name: 'nested Σ past the work limit (limit)',
    doc: '$\\sum_{i=1}^{1000} \\sum_{j=1}^{1000} i j = 5$\n',
    code: 'limit',
    fa: 'محاسبهٔ Σ روی 1,000 جمله به بیش از 250,000 گام حسابی (حد مجاز) نیاز دارد: محاسبه نشد',
    en: 'Σ over 1,000 terms needs more than 250,000 arithmetic steps to compute (the limit): not evaluated',
  },
  {
    name: 'a formula longer than the limit',
    doc: `متن $${'1+'.repeat(10_000)}1$ متن\n`,
    code: 'limit',
    fa: 'فرمول بررسی نشد: 20,001 نویسه از حد 20,000 نویسه بیشتر است',
    en: 'Formula not checked: 20,001 characters is above the 20,000-character limit',
  },
  {
    name: 'an unclosed brace (syntax)',
    doc: 'پاسخ: $$\\frac{1}{2 = 0.5$$\n',
    code: 'syntax',
    fa: 'آکولادها نامتوازن‌اند: یک `{` هیچ‌گاه بسته نمی‌شود',
    en: 'Unbalanced braces: a `{` is never closed',
  },
  {
    name: 'a ragged matrix',
    doc: '$$\\begin{bmatrix} 1 & 2 \\\\ 3 \\end{bmatrix} = 1$$\n',
    code: 'malformed-matrix',
    fa: 'ماتریس نادرست: سطر 2 یک درایه دارد ولی سطر 1، 2 درایه',
    en: 'Malformed matrix: row 2 has 1 entry but row 1 has 2',
  },
];

function only(doc: string, code: string, options: Partial<EngineOptions>): Finding {
  const found = analyzeDocument(doc, options).findings.filter((f) => f.code === code);
  assert.equal(found.length, 1, `one ${code} finding, got ${JSON.stringify(found.map((f) => f.message))}`);
  return found[0];
}

const check = (actual: string | undefined, expected: string | RegExp | undefined, what: string) => {
  if (expected === undefined) return;
  // the words and values; the directional marks are tested on their own above
  const text = actual === undefined ? undefined : stripIsolates(actual);
  if (typeof expected === 'string') assert.equal(text, expected, what);
  else assert.match(text ?? '', expected, what);
};

describe("findings in Persian with language 'fa', unchanged in English", () => {
  for (const c of PERSIAN_CASES) {
    test(c.name, () => {
      const fa = only(c.doc, c.code, { ...c.options, language: 'fa' });
      const en = only(c.doc, c.code, { ...c.options, language: 'en' });
      const byDefault = only(c.doc, c.code, c.options ?? {});
      check(fa.message, c.fa, 'Persian message');
      check(en.message, c.en, 'English message');
      check(fa.fix?.title, c.faFix, 'Persian fix title');
      check(en.fix?.title, c.enFix, 'English fix title');
      if (c.faRelated) assert.deepEqual(fa.related?.map((r) => stripIsolates(r.message)), c.faRelated);
      // English is the default, and only the words change with the language
      assert.deepEqual(byDefault, en);
      assert.deepEqual(facts(fa), facts(en));
    });
  }

  const sameFindingsBothLanguages = (name: string, text: string) => {
    const en = analyzeDocument(text, { language: 'en' }).findings;
    const fa = analyzeDocument(text, { language: 'fa' }).findings;
    assert.deepEqual(analyzeDocument(text).findings, en, `${name}: English is the default`);
    assert.ok(fa.length > 0, name);
    assert.deepEqual(fa.map(facts), en.map(facts), name);
    for (let i = 0; i < fa.length; i++) {
      assert.notEqual(fa[i].message, en[i].message, `${name}: ${fa[i].message}`);
      assert.match(fa[i].message, PERSIAN_LETTER);
      if (fa[i].fix) assert.match(fa[i].fix!.title, PERSIAN_LETTER);
    }
  };

  test('the repository\'s Persian answers: the same findings in both languages, Persian text for fa', () => {
    for (const name of ['attention-fa.md', 'params-fa.md']) sameFindingsBothLanguages(name, readFixture(name));
  });

  test('the shared answers hw5-a and hw5-b: the same findings in both languages, Persian text for fa', { skip: SHARED_SKIP }, () => {
    for (const name of ['answer-hw5-a.md', 'answer-hw5-b.md']) sameFindingsBothLanguages(name, readExample(name));
  });
});

describe('evaluating a selection in Persian', () => {
  const CASES: { src: string; en: string; fa: string }[] = [
    { src: '\\frac{1}{0}', en: 'Division by zero', fa: 'تقسیم بر صفر' },
    { src: 'd_{model} \\cdot 4', en: 'Cannot evaluate: d_model has no value (give it one earlier in the answer, e.g. d_model = 2).', fa: 'محاسبه ممکن نیست: d_model مقداری ندارد (پیش‌تر در پاسخ به آن مقدار بدهید، مثلاً d_model = 2).' },
    { src: '   ', en: 'Nothing to evaluate: the selection is empty.', fa: 'چیزی برای محاسبه نیست: انتخاب خالی است.' },
    { src: '\\begin{bmatrix} 1 & 2 \\end{bmatrix} + \\begin{bmatrix} 1 & 2 & 3 \\end{bmatrix}', en: 'Cannot add a 1×2 matrix and a 1×3 matrix: the shapes differ', fa: 'نمی‌توان یک ماتریس 1×2 و یک ماتریس 1×3 را جمع کرد: ابعادشان متفاوت است' },
  ];
  for (const c of CASES) {
    test(c.src.trim() || '(empty)', () => {
      const en = evaluateLatex(c.src);
      const fa = evaluateLatex(c.src, { language: 'fa' });
      assert.ok(!en.ok && !fa.ok);
      assert.equal(en.message, c.en);
      assert.equal(stripIsolates(fa.message), c.fa);
      assert.equal(fa.code, en.code);
    });
  }
});

describe('dlmath check/eval --lang', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dlmath-lang-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
  }

  test('check --lang fa --json: Persian messages and fix titles, every other field as with en', async () => {
    const file = join(dir, 'q3.md');
    writeFileSync(file, `# سوال ۳\n\n${PROSE}\n\n$$score_2 = ${KEYS_Q} = \\begin{bmatrix} -2 & 3 & 0 & 6 \\end{bmatrix}$$\n\nتعداد پارامترها: $$4 \\times 768 \\times 768 = 2357296$$\n`, 'utf8');
    const fa = await cli(['check', file, '--json', '--lang', 'fa']);
    const en = await cli(['check', file, '--json', '--lang', 'en']);
    const plain = await cli(['check', file, '--json']);
    assert.equal(fa.code, 1);
    assert.equal(en.code, 1);
    assert.equal(plain.stdout, en.stdout, 'English is the default');
    const faJson = JSON.parse(fa.stdout);
    const enJson = JSON.parse(en.stdout);
    const faFindings = faJson.files[0].findings;
    const enFindings = enJson.files[0].findings;
    assert.deepEqual(faFindings.map((f: { message: string }) => stripIsolates(f.message)), [
      'حاصل [4×3 matrix]·[3; −1; −1] یک بردار ستونی است: مقدارها درست‌اند ولی به‌صورت بردار سطری نوشته شده‌اند',
      'حاصل 4 × 768 × 768 برابر 2359296 است، نه 2357296',
    ]);
    assert.deepEqual(enFindings.map((f: { message: string }) => f.message), [
      '[4×3 matrix]·[3; −1; −1] is a column: the values are right but written as a row',
      '4 × 768 × 768 = 2359296, not 2357296',
    ]);
    assert.equal(stripIsolates(faFindings[1].fix.title), 'جایگزینی 2357296 با 2359296');
    const strip = (fs: { message: string; fix?: { title: string }; fixes?: { title: string }[] }[]) =>
      fs.map((f) => ({ ...f, message: '', fix: f.fix && { ...f.fix, title: '' }, fixes: f.fixes?.map((x) => ({ ...x, title: '' })) }));
    assert.deepEqual(strip(faFindings), strip(enFindings));
    assert.equal(faFindings[1].actualValue, 2359296);
    // the human-readable lines carry the Persian message too
    const text = await cli(['check', file, '--lang', 'fa']);
    assert.match(stripIsolates(text.stdout), /:8:46: error \[wrong-result\] حاصل 4 × 768 × 768 برابر 2359296 است، نه 2357296\n/);
  });

  test('eval --lang fa: a Persian error; a value is the same JSON in both languages', async () => {
    const bad = await cli(['eval', '\\frac{1}{0}', '--lang', 'fa']);
    assert.equal(bad.code, 2);
    assert.match(stripIsolates(bad.stderr), /^dlmath eval: تقسیم بر صفر/);
    const good = ['eval', '\\begin{bmatrix} 1 & 0 \\\\ 0 & 2 \\end{bmatrix}^{-1}', '--json'];
    assert.equal((await cli([...good, '--lang', 'fa'])).stdout, (await cli(good)).stdout);
  });

  test('--lang accepts only en and fa; the usage texts say so', async () => {
    for (const cmd of ['check', 'eval']) {
      const r = await cli([cmd, 'x', '--lang', 'de']);
      assert.equal(r.code, 2, cmd);
      assert.match(r.stderr, /--lang must be en or fa/);
      assert.match((await cli([cmd, '--help'])).stdout, /--lang en\|fa/);
    }
  });
});
