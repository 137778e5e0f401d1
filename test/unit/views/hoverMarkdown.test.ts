// The hover's Markdown as a student sees it: rendered (markdown-it, CommonMark with HTML and
// autolinks on, so that anything live would show), each thing said once, document text never live,
// readable expressions instead of raw LaTeX, labels in the answer's language.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { analyzeDocument } from '../../../src/core/document/analysis';
import { explainAt, type Explanation } from '../../../src/core/views/explain';
import { mdCode, mdFence, mdText } from '../../../src/core/views/markdownText';
import { stripIsolates, type Lang } from '../../../src/core/messages';

const md = new MarkdownIt('commonmark', { html: true });
const gfm = new MarkdownIt('default', { html: true, linkify: true });

function explain(text: string, needle: string, delta = 1, lang: Lang = 'en'): Explanation {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `"${needle}" is not in the snippet`);
  return explainAt(analyzeDocument(text, { language: lang }), at + delta, text, lang);
}

/** The HTML elements a hover may contain; anything else (img, a, script, raw HTML) is live content. */
const ALLOWED = new Set(['p', 'strong', 'em', 'code', 'pre', 'ul', 'ol', 'li', 'br']);
function assertInert(markdown: string, what: string): void {
  for (const renderer of [md, gfm]) {
    const html = renderer.render(markdown);
    for (const m of html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)) assert.ok(ALLOWED.has(m[1].toLowerCase()), `${what}: <${m[1]}> in\n${html}\nfrom\n${markdown}`);
    assert.doesNotMatch(html, /<img|<a\s/i, what);
  }
}

const count = (hay: string, needle: string) => hay.split(needle).length - 1;

const MATRIX_WRONG = 'امتیازها:\n\n$$\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix} \\begin{bmatrix} 1 \\\\ -1 \\end{bmatrix} = \\begin{bmatrix} -1 \\\\ 2 \\end{bmatrix}$$\n';
const SOFTMAX_WRONG = '$$\\mathrm{softmax}\\left(\\begin{bmatrix} 0 \\\\ 1 \\end{bmatrix}\\right) = \\begin{bmatrix} 0.5 \\\\ 0.5 \\end{bmatrix}$$\n';
const SCALAR_WRONG = 'پارامترها: $$4 \\times 768 \\times 768 = 2357296$$\n';

describe('hover Markdown is well-formed and says each thing once', () => {
  for (const [name, doc, needle] of [['a wrong matrix product', MATRIX_WRONG, '-1 \\\\ 2'], ['a wrong softmax', SOFTMAX_WRONG, '0.5 \\\\']] as const) {
    test(`${name}: the right value is a block on lines of its own, then the steps as a list`, () => {
      const e = explain(doc, needle, 2);
      assert.equal(e.kind, 'finding');
      // the fence starts its own line after a blank one and is closed before the steps
      assert.match(e.markdown, /Right value:\n\n```text\n[⎡[][^\n]*\n(?:[^\n]*\n)*```(\n|$)/);
      const html = md.render(e.markdown);
      assert.match(html, /<p>Right value:<\/p>\n<pre><code class="language-text">⎡/);
      assert.doesNotMatch(html, /\*\*Steps\*\*|```/, 'no literal markup left over');
      assert.match(html, /<strong>Steps<\/strong>/);
      // the message once; beside the diagnostic (which states the message) not at all
      assert.equal(count(e.markdown, 'Right value'), 1);
      assert.equal(count(e.markdown, stripIsolates(e.finding!.message).replace(/[[\]]/g, (c) => '\\' + c)), 1, e.markdown);
      assert.ok(e.beside);
      assert.equal(count(e.beside!, e.finding!.message.slice(0, 12)), 0, e.beside);
      assert.match(md.render(e.beside!), /<pre><code class="language-text">⎡/);
    });
  }

  test('a wrong number: the message says the right value; the hover does not repeat it', () => {
    const e = explain(SCALAR_WRONG, '2357296');
    assert.equal(e.kind, 'finding');
    assert.equal(count(e.markdown, '2359296'), 1, e.markdown);
    assert.equal(count(e.beside!, '2359296'), 0, e.beside);
    assert.doesNotMatch(e.markdown, /Right value/);
    assert.match(e.beside!, /What it counts/);
  });

  test('a matrix value: the expression readable in the title, the block below it, the shape once', () => {
    const doc = '$$\\begin{bmatrix} 0 \\\\ 1 \\end{bmatrix} + \\begin{bmatrix} 2 \\\\ 3 \\end{bmatrix}$$';
    const e = explain(doc, '+', 0);
    assert.equal(e.kind, 'value');
    assert.doesNotMatch(e.markdown, /\\begin|bmat/, 'no raw LaTeX');
    assert.match(e.markdown, /^\*\*DL Math\*\* `\[0; 1\] \+ \[2; 3\]` =\n\n```text\n⎡ 2 ⎤\n⎣ 4 ⎦\n```\n\na column vector \(2×1\)/);
    assert.equal(count(e.markdown, 'column vector'), 1);
  });

  test('at the closing $$ the hover explains the statement the cursor is after, not the first', () => {
    const doc = '$$a = 2 + 3 \\quad b = 4 \\times 5$$\n';
    const atClose = explainAt(analyzeDocument(doc), doc.lastIndexOf('$$') + 1, doc);
    assert.match(atClose.markdown, /`4 × 5` = `20`/, atClose.markdown);
    const atOpen = explainAt(analyzeDocument(doc), 1, doc);
    assert.match(atOpen.markdown, /`2 \+ 3` = `5`/, atOpen.markdown);
  });
});

describe('document text never becomes live Markdown', () => {
  const ATTACKS = [
    '`![x](https://evil.example/p.png)`',
    '``![x](https://evil.example/p.png)',
    '`<img src=https://evil.example/p.png>`',
    '<script>alert(1)</script>',
    '[click](javascript:alert(1))',
    'https://evil.example/track',
    '`` ` `` **bold** _em_ # head',
  ];
  const FORMULAS = (a: string) => [
    `$$x = 1 + 2\\color{${a}}$$`,
    `$$\\label{${a}} y = 2 \\times 3$$`,
    `$$z = 4 \\times 5 \\tag{${a}}$$`,
    `$$\\text{${a}} = 6 \\times 7 = 41$$`,
    `$$q_{${a}} = \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}$$ $q_{${a}}$`,
    `$W_{${a}} \\in \\mathbb{R}^{3 \\times 4}$`,
    `$(${a}, 3)$`,
  ];
  for (const a of ATTACKS) {
    test(JSON.stringify(a), () => {
      for (const doc of FORMULAS(a)) {
        const a1 = analyzeDocument(doc);
        for (let off = 0; off <= doc.length; off++) {
          const e = explainAt(a1, off, doc);
          if (e.kind === 'none') continue;
          assertInert(e.markdown, `${doc} at ${off}`);
          if (e.beside) assertInert(e.beside, `${doc} at ${off} (beside)`);
        }
      }
    });
  }

  test('the helpers: code spans and fences outlast any backtick run, text is literal', () => {
    for (const s of ['a`b', '``x``', '`', ' ` ', 'plain']) {
      const html = md.render(mdCode(s));
      assert.equal(html, `<p><code>${s.replace(/</g, '&lt;')}</code></p>\n`, JSON.stringify(s));
    }
    assert.equal(md.render(mdFence('```\n![x](y)')), '<pre><code class="language-text">```\n![x](y)\n</code></pre>\n');
    for (const s of ['![x](https://e.example/a.png)', '<b>x</b> &amp; *y* _z_ `c`', '- item', '1. one', '# h', 'see www.e.example or https://e.example']) {
      const html = gfm.render(mdText(s));
      assert.doesNotMatch(html, /<(?!\/?p>)/, `${s} → ${html}`);
    }
  });
});

describe('hover labels in the answer\'s language', () => {
  test('Persian: the title, the right value and the steps are Persian; the values are isolated left to right', () => {
    const e = explain(MATRIX_WRONG, '-1 \\\\ 2', 2, 'fa');
    const text = stripIsolates(e.markdown);
    assert.match(text, /^\*\*DL Math: نتیجهٔ نادرست\*\*/);
    assert.match(text, /مقدار درست:\n\n```text\n/);
    assert.match(text, /\*\*گام‌ها\*\*/);
    assert.doesNotMatch(text, /wrong result|Right value|Steps/);
    // the expression is a left-to-right island (its brackets escaped as Markdown text)
    assert.match(e.markdown, /\u2066\\\[1, 2; 3, 4\\\]\\\[1; −1\\\]\u2069/);
  });

  test('English stays English', () => {
    const e = explain(MATRIX_WRONG, '-1 \\\\ 2', 2, 'en');
    assert.match(e.markdown, /^\*\*DL Math: wrong result\*\*/);
    assert.doesNotMatch(e.markdown, /[\u0600-\u06ff\u2066-\u2069]/);
  });
});
