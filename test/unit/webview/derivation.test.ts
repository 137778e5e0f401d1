// The panel's BPTT preview as markup (webview/derivation.ts): the sentences the answer gets, in its
// language and direction, every formula a left-to-right KaTeX isolate, and nothing from the
// document reaching the page unescaped.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runBptt } from '../../../src/features/panel/calculators';
import { derivationHtml } from '../../../src/webview/derivation';
import { escapeHtml, mathHtml } from '../../../src/webview/typeset';
import type { BpttRequest } from '../../../src/shared/protocol';
import { REPO_ROOT } from '../engineHelpers';
import { declarationsFor } from '../extension/css';

const REQUEST: BpttRequest = { recurrence: 'h_t = \\tanh(W h_{t-1} + U x_t + b)', wrt: 'W', steps: 3, loss: 'final', notation: 'auto' };

function preview(request: BpttRequest, answerLang: 'en' | 'fa'): string {
  const r = runBptt(request, 'en', answerLang);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return derivationHtml(r);
}

/** Every start tag: its name and attribute text. */
const tags = (html: string) => [...html.matchAll(/<([A-Za-z][\w-]*)([^>]*)>/g)].map((m) => ({ name: m[1].toLowerCase(), attrs: m[2] }));
/** The text of each sentence paragraph, formulas left out. */
const sentences = (html: string) => [...html.matchAll(/<p class="sentence">([\s\S]*?)<\/p>/g)].map((m) => m[1].replace(/<span class="math"[\s\S]*?<\/annotation><\/semantics><\/math><\/span>[\s\S]*?<\/span><\/span>/g, '·'));

describe('the BPTT preview', () => {
  test('a Persian answer: right-to-left Persian sentences, each formula a left-to-right KaTeX isolate', () => {
    const html = preview(REQUEST, 'fa');
    assert.match(html, /^<div class="derivation" lang="fa" dir="rtl">/);
    const paras = sentences(html);
    assert.ok(paras.length >= 3, `${paras.length} sentences`);
    assert.ok(paras.every((p) => /[\u0600-\u06ff]/.test(p)), 'a sentence that is not Persian');
    assert.match(html, /بازشده برای <span class="math" dir="ltr"><span class="katex">/);
    // every formula, inline or display, is KaTeX's in a dir="ltr" box; none is an error
    const boxes = tags(html).filter((t) => /class="math( display)?"/.test(t.attrs));
    assert.ok(boxes.length > 10);
    assert.ok(boxes.every((t) => /dir="ltr"/.test(t.attrs)));
    assert.equal((html.match(/class="katex"/g) ?? []).length, boxes.length, 'each box holds one KaTeX formula');
    assert.doesNotMatch(html, /katex-error/);
    assert.match(html, /<div class="math display" dir="ltr"><span class="katex-display">/);
  });

  test('an English answer: English sentences, left to right', () => {
    const html = preview(REQUEST, 'en');
    assert.match(html, /^<div class="derivation" lang="en" dir="ltr">/);
    assert.match(html, /Unrolled for <span class="math" dir="ltr">/);
    assert.doesNotMatch(html, /[\u0600-\u06ff]/);
  });

  test('a hostile weight name (markup and a backtick in \\text{}) reaches the page only as KaTeX\'s escaped text', () => {
    const hostile: BpttRequest = { ...REQUEST, recurrence: 'h_t = \\tanh(W_{\\text{<img src=x onerror=alert(1)>`}} h_{t-1} + U x_t)' };
    for (const lang of ['en', 'fa'] as const) {
      const html = preview(hostile, lang);
      assert.doesNotMatch(html, /<img/i);
      assert.ok(tags(html).every((t) => !/\son\w+\s*=/i.test(t.attrs)), 'an event handler attribute');
      assert.ok(tags(html).every((t) => !['img', 'script', 'iframe', 'a', 'style'].includes(t.name)), 'a tag that is not KaTeX\'s or the preview\'s');
      // the name is there, as text (KaTeX's MathML annotation keeps the source, escaped)
      assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;`/);
    }
  });

  test('words and formulas of any origin are escaped; the source of a formula KaTeX cannot typeset is code', () => {
    const html = derivationHtml({
      lang: 'en',
      rtl: false,
      blocks: [
        { kind: 'paragraph', pieces: [{ text: 'a <img src=x onerror=alert(1)> & `b` "c"' }, { math: '\\text{</span><script>alert(1)</script>}' }] },
        { kind: 'display', lines: ['\\begin{aligned}', '&x = \\text{<b>`</b>}', '\\end{aligned}'] },
      ],
    });
    assert.doesNotMatch(html, /<img|<script|<b>/i);
    assert.match(html, /a &#60;img src=x onerror=alert\(1\)&#62; &#38; &#96;b&#96; &#34;c&#34;/);
    assert.equal(escapeHtml('<a href="x" onclick=\'y\'>&`'), '&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#96;');
    // KaTeX gives up only on what it cannot even read as options; the fallback is the source as escaped code
    assert.match(mathHtml('x^2'), /^<span class="math" dir="ltr"><span class="katex">/);
    assert.doesNotMatch(mathHtml('\\href{javascript:alert(1)}{x}'), /<a\b|javascript:alert\(1\)"/);
  });

  test('the panel keeps formulas left to right and centres the preview\'s display blocks', () => {
    const css = readFileSync(path.join(REPO_ROOT, 'media/panel.css'), 'utf8');
    assert.equal(declarationsFor(css, '.math').get('unicode-bidi'), 'isolate');
    assert.equal(declarationsFor(css, '[dir="ltr"]').get('unicode-bidi'), 'isolate');
    assert.equal(declarationsFor(css, '.derivation .math.display').get('text-align'), 'center');
  });
});
