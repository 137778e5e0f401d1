// "Where the math is": DL Math must read math exactly where VS Code's Markdown preview renders it.
// The oracle is the preview's own parser (markdown-it + @vscode/markdown-it-katex, configured as
// VS Code's markdown-math extension does, see previewOracle.ts). The deliberate differences are
// listed in the README ("Where DL Math looks for math") and kept out of these documents.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { findMathSpans } from '../../../src/core/markdown/spans';
import { previewMath, previewParser } from './previewOracle';
import { mulberry32 } from '../../fuzz/generate';

const skip = previewParser() ? false : 'markdown-it / @vscode/markdown-it-katex not installed (devDependencies; run npm ci)';

/** Content with runs of whitespace collapsed: the preview strips a block's indentation and line ends. */
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

function dlmath(text: string): Array<[string, boolean]> {
  // A formula's text is a slice of the document, so inside a block quote its later lines keep their
  // `>` markers, which the preview's text has not (a difference of text, not of place).
  return findMathSpans(text)
    .map((s): [string, boolean] => [norm(s.content.replace(/(\r\n|\r|\n)[ \t]*(?:>[ \t]?)+/g, '$1')), s.display])
    .filter(([c]) => c !== '');
}
function preview(text: string): Array<[string, boolean]> {
  // An empty or blank formula (`$ $`, a ```math block with no lines) has nothing to read.
  return previewMath(text).filter((m) => norm(m.content) !== '').map((m) => [norm(m.content), m.display]);
}

function agree(text: string, what = ''): void {
  assert.deepEqual(dlmath(text), preview(text), `${what} ${JSON.stringify(text)}`);
}

// Each case is one delimiter situation; the expected answer is whatever the preview renders.
const cases: Array<[string, string]> = [
  ['spaces inside inline math', 'So $ 3 \\times 4 = 13 $ here.'],
  ['space after the opener only', 'a $ x$ b'],
  ['space before the closer only', 'a $x $ b'],
  ['prices', 'It costs $5 and $6 today.'],
  ['prices with a formula after', 'It costs $5 and $x = 2$ today.'],
  ['a price then a space-delimited pair', 'pay $5, then $ y $.'],
  ['digit before the opener', 'a 2$\\times$ speedup and 10$\\times$ more'],
  ['letter after the closer', 'the $n$th item and $x$-th one'],
  ['underscore around', 'a_$x$ and $y$_b'],
  ['Persian digit after the closer', 'مقدار $x$۵ و $y$'],
  ['Persian letters around', 'مقدار$x$و $y$ است'],
  ['escaped dollar', 'price \\$5 and \\$6, math $a$'],
  ['escaped dollar inside math', '$a \\$ b$ and $c$'],
  ['escaped backslash before a dollar', 'x \\\\$a$ y'],
  ['two escaped backslashes inside math', '$a \\\\$ b'],
  ['dollar then double dollar', '$a$$b$'],
  ['first closer fails', '$a$b$ c'],
  ['triple dollar', 'a $$$x$$$ b'],
  ['four dollars', 'empty $$$$ here'],
  ['empty inline', 'empty $$ and $ $'],
  ['inline code hides dollars', 'use `$x$` or ``a $b$ c`` but $y$'],
  ['dollar inside code opened inside math', '$a `b$ c`'],
  ['unclosed backticks', 'a ` b $x$ c'],
  ['inline $$ in a sentence', 'so $$x^2$$ is display'],
  ['two inline $$ on a line', 'see $$a$$ and $$b$$ here'],
  ['$$ with $ inside', 'see $$a $b$ c$$ here'],
  ['unclosed $$', 'see $$a and $b$'],
  ['$$ alone on lines', 'text\n\n$$\nx = 1\n$$\n\nmore'],
  ['$$ block interrupts a paragraph', 'text\n$$\nx = 1\n$$\nmore $y$'],
  ['$$ block with a blank line', '$$\na = 1\n\nb = 2\n$$'],
  ['$$ block with content on the first line', '$$ a = 1\n\nb = 2 $$'],
  ['$$ block with content on the last line', '$$\na = 1\nb = 2$$'],
  ['single-line $$ block', '$$x = y$$\n'],
  ['math fence', '```math\nx = 1 + 2\n```\n'],
  ['math fence upper case, spaces', '~~~ Math \na^2\n~~~\n'],
  ['empty math fence', '```math\n```\n'],
  ['other fence hides dollars', '```python\nprint("$x$")\n```\nthen $y$'],
  ['fence inside a list', '1. item\n   ```\n   $x$\n   ```\n2. $y$'],
  ['indented code', 'para\n\n    $x$ code\n\n$y$'],
  ['list items', '- $a$\n- $b = 2$\n  $c$\n1. $d$'],
  ['blockquote', '> quote $a$\n> and $b$'],
  ['blockquote with $$ block', '> $$\n> x = 1\n> $$\n\nafter $c$'],
  ['heading', '# Title $x$\n\ntext'],
  ['emphasis around math', '*see $a$* and **$b$**'],
  ['math inside emphasis markers', '$*a*$ and $_b_$'],
  ['link text', '[the $x$ link](http://example.com) $y$'],
  ['HTML comment', '<!-- $x$ --> $y$'],
  ['multi-line HTML comment', '<!--\n$x$\n-->\n\n$y$'],
  ['inline math across a line break', 'a $x +\ny$ b'],
  ['inline math does not cross a blank line', 'a $x\n\ny$ b'],
  ['$$ does not cross a blank line mid-paragraph', 'a $$x\n\ny$$ b'],
  ['CRLF', 'a $x$ b\r\n\r\n$$\r\ny\r\n$$\r\n'],
  ['hard break', 'a $x$  \n$y$'],
  ['table', '| a | b |\n|---|---|\n| $x$ | $y = 2$ |'],
  ['backslash commands', '$\\alpha + \\beta$ and $\\$$'],
  ['dollar at the end', 'cost is 5$'],
  ['dollar at the start', '$x$ starts'],
];

describe('findMathSpans agrees with VS Code\'s Markdown preview', { skip }, () => {
  for (const [name, text] of cases) test(name, () => agree(text));

  test('the cases this file names reach every kind of span', () => {
    const kinds = new Set(cases.flatMap(([, t]) => findMathSpans(t).map((s) => s.delimiter)));
    for (const k of ['$', '$$', 'fence'] as const) assert.ok(kinds.has(k), k);
  });

  test('random paragraphs of delimiters, code and prose', () => {
    // Pieces that the preview and DL Math both read; combined at random into one- to three-paragraph texts.
    const pieces = ['$', '$', '$', '$$', ' ', ' ', 'x', '1', '_', '.', ',', '-', '\\', '\\$', '`', '``', '{', '}', '\n', '\n\n', 'ب', '۵', '*', '<!--', '-->', '+'];
    let compared = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const next = mulberry32(seed);
      let text = '';
      const count = 2 + Math.floor(next() * 30);
      for (let k = 0; k < count; k++) text += pieces[Math.floor(next() * pieces.length)];
      // Not this test's business: block structure (indented code, lists, headings, quotes,
      // thematic breaks), `$$` starting a line (the display block rule has its own cases) and
      // HTML comments that open a block.
      text = text.replace(/(^|\n)[ \t]+/g, '$1').replace(/(^|\n)(?=[-+*_#>]|\d|\$\$|<!--)/g, '$1a ');
      agree(text, `seed ${seed}`);
      compared++;
    }
    assert.equal(compared, 3000);
  });

  test('documents written like answers', () => {
    const doc = [
      '# پاسخ سوال ۲',
      '',
      'ابعاد ماتریس $W$ برابر $d_{model} \\times d_{k}$ است و $ 768 / 12 = 64 $ .',
      'The cost was $5 and $10, so the total is $ 15 $ dollars.',
      '',
      '1. ضرب داخلی: $q \\cdot k = 3$',
      '2. Softmax:',
      '   $$',
      '   \\mathrm{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}',
      '   $$',
      '',
      '> Note: $\\sigma\'(z) = \\sigma(z)(1 - \\sigma(z))$',
      '',
      '```math',
      '4 \\times 768 \\times 768 = 2359296',
      '```',
      '',
      '```python',
      'cost = "$5"  # $x$ is not math here',
      '```',
      '',
      'Inline code `$x$` stays code, 2$\\times$ is a speedup, and \\$x\\$ is escaped.',
      '<!-- $1 + 1 = 3$ -->',
      '$$h_t = \\tanh(W h_{t-1} + U x_t)$$',
      '',
      '$$',
      'a = 1',
      '',
      'b = 2',
      '$$',
    ].join('\n');
    agree(doc);
    assert.ok(findMathSpans(doc).length >= 10);
  });
});
