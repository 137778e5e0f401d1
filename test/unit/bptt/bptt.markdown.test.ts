// The BPTT derivation as the editor inserts it into an answer (derivationMarkdown): sentences in the
// answer's language as paragraphs, each formula in them its own $…$, formulas in narrow display
// blocks. Checked on the Markdown itself, read back the way VS Code's preview reads it (markdown-it
// with the KaTeX plugin), measured with KaTeX's metrics, and analysed again by the engine.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { derivationMarkdown, deriveBptt, parseRecurrence, type BpttDerivation, type BpttTarget, type LossKind, type Notation } from '../../../src/core/bptt';
import { messagePieces, message, type Lang } from '../../../src/core/messages';
import { proseLanguage } from '../../../src/core/markdown/proseLanguage';
import { analyzeDocument } from '../../../src/core/document/analysis';
import { previewMath, previewParser } from '../markdown/previewOracle';
import { katexAvailable, previewWidthPx } from './katexWidth';

/** VS Code's Markdown preview at 420 px: its body has 26 px of padding on each side. */
const PREVIEW_CONTENT_PX = 420 - 2 * 26;

const RECURRENCES = [
  'h_t = \\sigma(W h_{t-1} + U x_t + b)',
  'h_t = \\tanh(W_{hh} h_{t-1} + M h_{t-2} + W_{hx} x_t + b)',
  'h_t = \\mathrm{ReLU}(W h_{t-1} + U x_t)',
  'h_t = \\sigma(w h_{t-1} + u x_t)',
  'h_t = x_t - h_{t-1}',
  'h_t = W h_{t-1} + U x_t + b',
  'h_t = \\psi(z_t), z_t = W h_{t-1} + U x_t',
];

interface Case {
  name: string;
  d: BpttDerivation;
}

function cases(steps: number[]): Case[] {
  const out: Case[] = [];
  for (const src of RECURRENCES) {
    const parsed = parseRecurrence(src);
    assert.ok(parsed.ok, src);
    const rec = parsed.recurrence;
    const targets: BpttTarget[] = [{ kind: 'state', k: 'k' }, { kind: 'jacobian', t: 'T', k: 'k' }, ...rec.terms.filter((t) => t.weight).map((t) => ({ kind: 'param', role: t.role }) as BpttTarget)];
    for (const target of targets)
      for (const notation of ['scalar', 'matrix'] as Notation[])
        for (const loss of ['final', 'sum'] as LossKind[])
          for (const T of steps) {
            const d = deriveBptt(rec, { target, loss, notation, steps: T });
            out.push({ name: `${src} ${JSON.stringify(target)} ${notation} ${loss} T=${T}`, d });
          }
  }
  return out;
}

/** The Markdown's paragraphs (not display blocks). */
function paragraphs(md: string): string[] {
  return md.split(/\n\n/).filter((b) => !b.startsWith('$$'));
}

/** The display blocks' contents. */
function displays(md: string): string[] {
  return [...md.matchAll(/^\$\$\n([\s\S]*?)\n\$\$$/gm)].map((m) => m[1]);
}

/** The rows of every `aligned` block, without `&`, the continuation's `\qquad` and the row break. */
function alignedRows(md: string): string[] {
  const rows: string[] = [];
  for (const block of displays(md)) {
    const m = /^\\begin\{aligned\}\n([\s\S]*)\n\\end\{aligned\}$/.exec(block);
    if (!m) continue;
    for (const line of m[1].split('\n')) rows.push(line.replace(/^&(\\qquad )?/, '').replace(/ \\\\$/, ''));
  }
  return rows;
}

/**
 * The most terms of a sum in one formula of `row`: the row is cut at its top-level relations and
 * `,\quad` lists, and each piece's top-level binary + and − are counted.
 */
function mostTerms(row: string): number {
  let most = 0;
  let depth = 0;
  let terms = 1;
  let atStart = true;
  for (let i = 0; i < row.length; i++) {
    const c = row[i];
    const rest = row.slice(i);
    if ('{(['.includes(c)) depth++;
    else if ('})]'.includes(c)) depth--;
    else if (depth === 0 && (/^(=|<|>|\\le\b|:=|,\\quad)/.test(rest))) {
      most = Math.max(most, terms);
      terms = 1;
      atStart = true;
      continue;
    } else if (depth === 0 && (c === '+' || c === '-') && !atStart) terms++;
    if (c !== ' ') atStart = false;
  }
  return Math.max(most, terms);
}

describe('the inserted derivation: Markdown in the answer\'s language', () => {
  const all = cases([1, 3, 12]);

  test('English: English sentences; Persian: Persian sentences, and no prose inside the math', () => {
    for (const { name, d } of all) {
      const en = derivationMarkdown(d, 'en');
      const fa = derivationMarkdown(d, 'fa');
      assert.equal(proseLanguage(en).lang, 'en', `${name}: English Markdown reads as ${proseLanguage(en).lang}`);
      assert.equal(proseLanguage(fa).lang, 'fa', `${name}: Persian Markdown reads as ${proseLanguage(fa).lang}`);
      for (const md of [en, fa]) assert.doesNotMatch(md, /\\text\{/, `${name}: prose written as \\text{} inside math`);
      // every Persian paragraph opens with Persian words: the preview's dir="auto" takes a paragraph's
      // direction from its first letter, and a formula first would turn it left to right
      for (const p of paragraphs(fa)) assert.match(p, /^[\u0600-\u06ff]/, `${name}: a Persian paragraph starts with "${p.slice(0, 30)}"`);
      // the math is the same in both languages, only the sentences differ
      assert.deepEqual(displays(fa), displays(en), name);
    }
  });

  test('every row of an aligned block has at most three terms of a sum', () => {
    for (const { name, d } of all) {
      for (const row of alignedRows(derivationMarkdown(d, 'en'))) assert.ok(mostTerms(row) <= 3, `${name}: ${mostTerms(row)} terms in ${row}`);
    }
  });

  test('twin: the term counter sees four terms in an unbroken sum', () => {
    assert.equal(mostTerms('h_{3} = x_{1} - x_{2} + x_{3} - h_{0}'), 4);
    assert.equal(mostTerms('\\delta_t = g_{t} + W^{\\top} D_{t+1} \\delta_{t+1}'), 2);
    assert.equal(mostTerms('h_t = \\sigma(W h_{t-1} + U x_t + b + c),\\quad t = 1,\\dots,T'), 1);
  });

  test('the preview reads every $…$ of a sentence as math (Persian and English), and KaTeX typesets every formula', { skip: previewParser() ? false : 'markdown-it is not installed' }, () => {
    for (const { name, d } of cases([3])) {
      for (const lang of ['en', 'fa'] as Lang[]) {
        const md = derivationMarkdown(d, lang);
        const inline = paragraphs(md).reduce((n, p) => n + (p.match(/(?<!\\)\$/g)?.length ?? 0) / 2, 0);
        const math = previewMath(md);
        assert.equal(math.filter((m) => !m.display).length, inline, `${name} (${lang}): an inline formula is not read as math`);
        assert.equal(math.filter((m) => m.display).length, displays(md).length, `${name} (${lang})`);
      }
    }
  });

  test(`every display block fits a 420 px preview (${PREVIEW_CONTENT_PX} px inside its padding), measured with KaTeX`, { skip: katexAvailable() ? false : 'katex is not installed' }, () => {
    let widest = 0;
    for (const { name, d } of all) {
      for (const block of displays(derivationMarkdown(d, 'fa'))) {
        const px = previewWidthPx(block);
        widest = Math.max(widest, px);
        assert.ok(px <= PREVIEW_CONTENT_PX, `${name}: ${Math.round(px)} px:\n${block}`);
      }
    }
    assert.ok(widest > 200, `the widest block is only ${widest} px: is anything measured?`);
  });

  test('twin: the same derivation as one display block (the CLI\'s latex, English prose in \\text{}) is too wide for it', { skip: katexAvailable() ? false : 'katex is not installed' }, () => {
    const parsed = parseRecurrence(RECURRENCES[0]);
    assert.ok(parsed.ok);
    const d = deriveBptt(parsed.recurrence, { target: { kind: 'param', role: 'W' }, loss: 'sum', notation: 'matrix', steps: 3 });
    assert.ok(previewWidthPx(d.latex) > 420, `${previewWidthPx(d.latex)} px`);
  });

  test('an answer with the derivation inserted has no findings when analysed again (English and Persian)', () => {
    const answers: Record<Lang, string> = {
      en: '# Answer 5\n\nThe hidden state is updated at every step by\n\n$$REC$$\n\nwhere the weights are shared across time.\n\n',
      fa: '# پاسخ ۵\n\nحالت پنهان در هر گام این‌گونه به‌روز می‌شود:\n\n$$REC$$\n\nکه در آن وزن‌ها در همهٔ گام‌ها مشترک‌اند.\n\n',
    };
    for (const { name, d } of cases([1, 3])) {
      for (const lang of ['en', 'fa'] as Lang[]) {
        const src = name.slice(0, name.indexOf(' {'));
        const text = answers[lang].replace('REC', () => src) + derivationMarkdown(d, lang) + '\n';
        const a = analyzeDocument(text, { language: lang });
        assert.deepEqual(
          a.findings.map((f) => `${f.code}: ${f.message}`),
          [],
          `${name} (${lang})`,
        );
      }
    }
  });
});

describe('the derivation\'s sentences', () => {
  test('messagePieces cuts a sentence at its values and writes nested messages into the text', () => {
    const m = message('row.two-predecessors', { from: 'h_{k}', to: 'h_{t}', one: 'W', two: 'M' });
    const en = messagePieces('en', m);
    assert.deepEqual(en.filter((p) => 'value' in p), [{ value: 'h_{k}' }, { value: 'h_{t}' }, { value: 'W' }, { value: 'M' }]);
    assert.ok(en.every((p) => !('text' in p) || !/[\u2066-\u2069]/.test(p.text)), 'no directional marks in the pieces');
    const nested = messagePieces('fa', message('derive.no-term', { role: message('role.skip'), letter: 'M', terms: 'W, U' }));
    assert.ok(nested.some((p) => 'text' in p && p.text.includes('وزن پرش')), 'the nested role is Persian text');
    assert.deepEqual(nested.filter((p) => 'value' in p), [{ value: 'M' }, { value: 'W, U' }]);
  });

  test('the CLI block keeps its English sentences in \\text{} and the whole derivation (contract: latex is display math)', () => {
    const parsed = parseRecurrence(RECURRENCES[0]);
    assert.ok(parsed.ok);
    const d = deriveBptt(parsed.recurrence, { target: { kind: 'param', role: 'W' }, loss: 'sum', notation: 'matrix', steps: 3 });
    assert.match(d.latex, /^\\begin\{aligned\}\n[\s\S]*\n\\end\{aligned\}$/);
    assert.ok(d.latex.includes('\\text{Unrolled for }T = 3\\text{:}'), d.latex);
    assert.ok(d.latex.includes(d.unrolled.replace(/^\\begin\{aligned\}\n|\n\\end\{aligned\}$/g, '')));
  });

  test('a sentence\'s math is inline $…$ with Persian words around it; Markdown characters in a sentence are escaped', () => {
    const parsed = parseRecurrence(RECURRENCES[0]);
    assert.ok(parsed.ok);
    const d = deriveBptt(parsed.recurrence, { target: { kind: 'state', k: 'k' }, loss: 'final', notation: 'matrix', steps: 3 });
    const fa = derivationMarkdown(d, 'fa');
    assert.ok(fa.includes('\n\nبازشده برای $T = 3$، در $k = 0$:\n\n'), fa);
    assert.ok(fa.includes('این‌جا $\\|\\cdot\\|$ نُرم طیفی است'), fa);
    const en = derivationMarkdown(d, 'en');
    assert.ok(en.includes('\n\nUnrolled for $T = 3$, $k = 0$:\n\n'), en);
    assert.ok(en.startsWith('$$\n\\begin{aligned}\n&z_t = W h_{t-1} + U x_{t} + b, \\\\\n'), en);
    assert.ok(!en.endsWith('\n'), 'no blank line at the end');
    assert.doesNotMatch(derivationMarkdown({ ...d, rows: [{ kind: 'prose', text: message('row.unrolled', { steps: 'T = 3' }) }] }, 'en'), /\\\*/);
  });
});
