import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  findMathSpans,
  lineStarts,
  offsetToPosition,
  positionToOffset,
  type MathSpan,
} from '../../../src/core/markdown/spans';
import { mulberry32 } from '../../fuzz/generate';

type Expected = [MathSpan['delimiter'], string];

const OPEN: Record<MathSpan['delimiter'], string> = { '$': '$', '$$': '$$', '\\(': '\\(', '\\[': '\\[', env: '\\begin{', fence: '' };

/** Checks the structural promises every span makes about the text it came from. */
function assertWellFormed(text: string, spans: MathSpan[]): void {
  let prevEnd = 0;
  for (const s of spans) {
    const where = `span ${JSON.stringify(s)} in ${JSON.stringify(text.length > 200 ? text.slice(0, 200) + '…' : text)}`;
    assert.ok(s.start >= prevEnd, `sorted, non-overlapping: ${where}`);
    assert.ok(s.start < s.contentStart && s.contentStart < s.contentEnd && s.contentEnd < s.end, `nested offsets, non-empty: ${where}`);
    assert.ok(s.end <= text.length, `in bounds: ${where}`);
    assert.equal(s.content, text.slice(s.contentStart, s.contentEnd), `content is the slice: ${where}`);
    const whole = text.slice(s.start, s.end);
    const open = text.slice(s.start, s.contentStart);
    const close = text.slice(s.contentEnd, s.end);
    assert.ok(whole.startsWith(OPEN[s.delimiter]), `starts with its delimiter: ${where}`);
    switch (s.delimiter) {
      case '$':
        assert.equal(open, '$');
        assert.equal(close, '$');
        assert.notEqual(text[s.start + 1], '$');
        assert.doesNotMatch(text.slice(Math.max(0, s.start - 1), s.start), /[\w$\\]/, `no letter, digit, _, $ or \\ before the opening $: ${where}`);
        assert.doesNotMatch(text.slice(s.end, s.end + 1), /[\w$]/, `no letter, digit, _ or $ after the closing $: ${where}`);
        assert.equal(s.display, false);
        break;
      case '$$':
        assert.equal(open, '$$');
        assert.equal(close, '$$');
        assert.equal(s.display, true);
        break;
      case '\\(':
        assert.equal(open, '\\(');
        assert.equal(close, '\\)');
        assert.equal(s.display, false);
        break;
      case '\\[':
        assert.equal(open, '\\[');
        assert.equal(close, '\\]');
        assert.equal(s.display, true);
        break;
      case 'fence':
        assert.match(open, /^(`{3,}|~{3,})[ \t]*math[ \t]*(\r\n|\r|\n)$/i, `math fence opener: ${where}`);
        assert.match(close, /^(\r\n|\r|\n)[ \t>]*(`{3,}|~{3,})$/, `fence closer: ${where}`);
        assert.equal(s.display, true);
        break;
      case 'env': {
        const name = /^\\begin\{([a-z]+\*?)\}$/.exec(open)?.[1];
        assert.ok(name, `env opener: ${where}`);
        assert.equal(close, `\\end{${name}}`);
        assert.equal(s.display, true);
        break;
      }
    }
    // No delimiter pair closes across a blank line, except a `$$` block that starts a line and whose
    // closing `$$` ends one (as VS Code's preview reads it), and a math fence.
    const startsLine = (at: number) => /(^|[\r\n])[ \t]{0,3}$/.test(text.slice(0, at));
    const endsLine = (at: number) => /^[ \t\u200b-\u200f\u202a-\u202e\u2066-\u2069\u00a0\ufeff]*([\r\n]|$)/.test(text.slice(at));
    const block = (s.delimiter === '$$' && startsLine(s.start) && endsLine(s.end)) || s.delimiter === 'fence';
    if (!block) assert.doesNotMatch(s.content, /(\r\n|\r(?!\n)|\n)[ \t\u200c-\u200f]*(\r\n|\r|\n)/, `no blank line inside: ${where}`);
    // The opening delimiter is not escaped.
    let backslashes = 0;
    for (let k = s.start - 1; k >= 0 && text[k] === '\\'; k--) backslashes++;
    assert.equal(backslashes % 2, 0, `opening delimiter is not escaped: ${where}`);
    prevEnd = s.end;
  }
}

function spansOf(text: string): Expected[] {
  const spans = findMathSpans(text);
  assertWellFormed(text, spans);
  return spans.map((s) => [s.delimiter, s.content]);
}

// Lines copied from the shared examples (answer-hw5-a.md, answer-hw5-b.md, claims-spec.md).
const realLines: Array<{ name: string; text: string; expected: Expected[] }> = [
  {
    name: 'hw5-a: display formula on its own line',
    text: String.raw`$$scores = keys^{-1} \cdot q$$`,
    expected: [['$$', String.raw`scores = keys^{-1} \cdot q`]],
  },
  {
    name: 'hw5-a: matrix-vector product with bmatrix rows',
    text: String.raw`$$score_2 = \begin{bmatrix} 1 & 2 & 3 \\ 2 & 2 & 1 \\ 0 & 1 & -1 \\ 0 & -2 & -4 \end{bmatrix} \cdot \begin{bmatrix} 3 \\ -1 \\ -1 \end{bmatrix} = \begin{bmatrix} -2 & 3 & 0 & 6 \end{bmatrix}$$`,
    expected: [['$$', String.raw`score_2 = \begin{bmatrix} 1 & 2 & 3 \\ 2 & 2 & 1 \\ 0 & 1 & -1 \\ 0 & -2 & -4 \end{bmatrix} \cdot \begin{bmatrix} 3 \\ -1 \\ -1 \end{bmatrix} = \begin{bmatrix} -2 & 3 & 0 & 6 \end{bmatrix}`]],
  },
  {
    name: 'hw5-a: Persian prose with Latin words and emphasis, no math',
    text: 'به عنوان مثال، از مکانیزمهایی مانند *soft attention* یا *learnable attention* استفاده کرد',
    expected: [],
  },
  {
    name: 'hw5-b: inline formula after Persian text and two spaces',
    text: String.raw`(آ) برای به دست آوردن حد بالا برای  $\frac{\partial \mathcal{L}}{\partial h_0}$`,
    expected: [['$', String.raw`\frac{\partial \mathcal{L}}{\partial h_0}`]],
  },
  {
    name: 'hw5-b: inline formula with |W| and < after English words',
    text: String.raw`gradient exploding  $\rightarrow \left| \frac{W}{4} \right| < 1 \Rightarrow |W| \leq 4$`,
    expected: [['$', String.raw`\rightarrow \left| \frac{W}{4} \right| < 1 \Rightarrow |W| \leq 4`]],
  },
  {
    name: 'hw5-b: two inline formulas and trailing spaces (hard line break)',
    text: 'gradient ممکن است رخ داده اما  $\\sigma(z_{t+1})(1 - \\sigma(z_{t+1}))W^2$   $\\downarrow$   \n vanishing  $\\downarrow$   \n به مسیر جابجایی وجود دارد.',
    expected: [['$', String.raw`\sigma(z_{t+1})(1 - \sigma(z_{t+1}))W^2`], ['$', String.raw`\downarrow`], ['$', String.raw`\downarrow`]],
  },
  {
    name: 'hw5-b: \\|g\\| norms inside inline math',
    text: String.raw`clipping by norm : if  $\|g\| > \text{threshold} \Rightarrow g = \frac{\text{threshold}}{\|g\|} g$`,
    expected: [['$', String.raw`\|g\| > \text{threshold} \Rightarrow g = \frac{\text{threshold}}{\|g\|} g`]],
  },
  {
    name: 'hw5-b: three inline symbols in one Persian sentence',
    text: 'در خلاصه  $h_1$  سه ورودی دارد که آنها عبارتند از  $m_1$  و  $m_2$  و شرطی که با این',
    expected: [['$', 'h_1'], ['$', 'm_1'], ['$', 'm_2']],
  },
  {
    name: 'hw5-b: Persian \\text inside display math',
    text: String.raw`$$h_t = n_t \wedge h_{t-1} \quad \text{با فرض } h_0 = 1$$`,
    expected: [['$$', String.raw`h_t = n_t \wedge h_{t-1} \quad \text{با فرض } h_0 = 1`]],
  },
  {
    name: 'hw5-b: inline math at the start of a line, Persian digit after',
    text: '$h_2$  هر ۲ تک بودن را تشخیص میدهد:',
    expected: [['$', 'h_2']],
  },
  {
    name: 'hw5-b: cases environment inside $$ is content',
    text: String.raw`$$f(n) = \begin{cases} 0 & n < 0 \\ 1 & n \geq 0 \end{cases} = \text{step}(n) \quad w_3 = 1 \quad b_3 = 0$$`,
    expected: [['$$', String.raw`f(n) = \begin{cases} 0 & n < 0 \\ 1 & n \geq 0 \end{cases} = \text{step}(n) \quad w_3 = 1 \quad b_3 = 0`]],
  },
  {
    name: 'hw5-b: last line of the file, no newline after it',
    text: String.raw`$$y' = \phi(v^T h' + c) \Rightarrow \left. \begin{matrix} v^T h' = 1 \Rightarrow y' = 1 \\ v^T h' = 0 \Rightarrow y' = 0 \end{matrix} \right\} \Rightarrow c = -\frac{1}{2}$$`,
    expected: [['$$', String.raw`y' = \phi(v^T h' + c) \Rightarrow \left. \begin{matrix} v^T h' = 1 \Rightarrow y' = 1 \\ v^T h' = 0 \Rightarrow y' = 0 \end{matrix} \right\} \Rightarrow c = -\frac{1}{2}`]],
  },
  {
    name: 'claims-spec: Persian digits in display math',
    text: '$$۱۰ \\div ۴ = ۲.۵$$',
    expected: [['$$', '۱۰ \\div ۴ = ۲.۵']],
  },
  {
    name: 'claims-spec: label and Persian \\text after the chain',
    text: String.raw`$$\text{Total} = 2 \times 3 + 4 \times 5 = 26 : \text{پارامتر}$$`,
    expected: [['$$', String.raw`\text{Total} = 2 \times 3 + 4 \times 5 = 26 : \text{پارامتر}`]],
  },
  {
    name: 'claims-spec: heading with ZWNJ and an em dash, no math',
    text: '# نمونه‌ها برای قواعد بررسی — examples of how written claims are judged',
    expected: [],
  },
  {
    name: 'claims-spec: two equations separated by \\qquad stay one span',
    text: String.raw`$$\sum_{i=1}^{3} i = 6 \qquad \prod_{i=1}^{3} i = 6$$`,
    expected: [['$$', String.raw`\sum_{i=1}^{3} i = 6 \qquad \prod_{i=1}^{3} i = 6`]],
  },
];

describe('findMathSpans on real answer lines', () => {
  for (const c of realLines) {
    test(c.name, () => assert.deepEqual(spansOf(c.text), c.expected));
  }

  test('a document of consecutive real lines keeps every formula separate', () => {
    const doc = [
      'سوال ۱:',
      '',
      '',
      '',
      '$$h_t = n_t - h_{t-1}$$',
      '',
      '$$h_{t-1} = n_{t-1} - h_{t-2}$$',
      '',
      '⋮',
      '',
      '$$h_1 = n_1 - h_0$$',
      '',
      'از نوع',
      '',
      '$$y = \\sigma(10h_T) \\Rightarrow y_T = \\sigma\\left(10 \\sum_{i=1}^T (-1)^i n_i\\right) + 10h_0$$',
      '',
      'سوال ۲: (۱) ابعاد بسیار بالا: هر کلمه باید بردار به طول هم حکایت حسیان داده شود پس حافظه زیار',
    ].join('\n');
    assert.deepEqual(spansOf(doc).map((s) => s[1]), [
      'h_t = n_t - h_{t-1}',
      'h_{t-1} = n_{t-1} - h_{t-2}',
      'h_1 = n_1 - h_0',
      'y = \\sigma(10h_T) \\Rightarrow y_T = \\sigma\\left(10 \\sum_{i=1}^T (-1)^i n_i\\right) + 10h_0',
    ]);
  });
});

const pitfalls: Array<{ name: string; text: string; expected: Expected[] }> = [
  // Prose dollars (Pandoc rule).
  { name: 'prices are not math', text: 'It costs $5 and $10 today.', expected: [] },
  { name: 'prices with a closing-looking dollar before a digit', text: 'from $5 to $10$20 off', expected: [] },
  // Persian digits are not ASCII word characters, so the preview renders these, and DL Math reads them.
  { name: 'Persian prices with Persian digits are math in the preview', text: 'قیمت $۵ و $۱۰ است', expected: [['$', '۵ و ']] },
  { name: 'dollar after a Persian number', text: 'هزینه ۵$ و ۱۰$ شد', expected: [['$', ' و ۱۰']] },
  { name: 'dollar after an ASCII number does not open', text: 'a 2$\\times$ speedup, 10$ and 20$', expected: [] },
  { name: 'math then a price', text: '$x$ costs $5', expected: [['$', 'x']] },
  { name: 'space after the opening $', text: '$ x$', expected: [['$', ' x']] },
  { name: 'space before the closing $', text: '$x $', expected: [['$', 'x ']] },
  { name: 'spaces inside, as the preview renders them', text: 'so $ 3 \\times 4 = 13 $ here', expected: [['$', ' 3 \\times 4 = 13 ']] },
  { name: 'the first $ closes or nothing does: a digit after it', text: '$a$1 b$', expected: [] },
  { name: 'closing $ followed by a Persian digit closes', text: '$a$۱', expected: [['$', 'a']] },
  { name: 'closing $ followed by punctuation closes, by a letter does not', text: '$a$b, $c$.', expected: [['$', 'c']] },
  { name: 'single $ alone', text: '$', expected: [] },
  // Escapes.
  { name: 'escaped dollars', text: 'costs \\$5 and \\$x\\$ here', expected: [] },
  { name: 'escaped opening dollar', text: '\\$x$ y', expected: [] },
  { name: 'a $ right after an escaped backslash does not open (as in the preview)', text: '\\\\$x$', expected: [] },
  { name: 'escaped dollar inside math is content', text: '$a \\$ b$', expected: [['$', 'a \\$ b']] },
  { name: 'a \\\\ row break before the closing $$ of a line', text: '$$a \\\\$$', expected: [['$$', 'a \\\\']] },
  { name: 'a \\\\ row break before a closing $$ inside a line does not close it', text: 'so $$a \\\\$$ b', expected: [] },
  // $$ and $.
  { name: '$$ never closes a single $', text: '$x $$y$$ z$', expected: [['$$', 'y']] },
  { name: 'two display formulas on one line', text: '$$a=1$$ و $$b=2$$', expected: [['$$', 'a=1'], ['$$', 'b=2']] },
  { name: 'adjacent display formulas: $$$$ neither closes nor opens', text: 'so $$a$$$$b$$', expected: [] },
  { name: 'empty display math is not a span', text: '$$$$ and $x$', expected: [['$', 'x']] },
  { name: 'a single $ inside display math is content', text: '$$a $ b$$', expected: [['$$', 'a $ b']] },
  { name: 'inline and display on one line', text: 'اگر $n=3$ باشد: $$n^2 = 9$$', expected: [['$', 'n=3'], ['$$', 'n^2 = 9']] },
  // Multi-line and blank lines.
  {
    name: 'display math over several lines with aligned',
    text: '$$\n\\begin{aligned}\na &= 1 \\\\\nb &= 2\n\\end{aligned}\n$$',
    expected: [['$$', '\n\\begin{aligned}\na &= 1 \\\\\nb &= 2\n\\end{aligned}\n']],
  },
  { name: 'inline math across a soft line break', text: 'if $a +\nb$ then', expected: [['$', 'a +\nb']] },
  { name: 'inline math does not cross a blank line', text: '$a\n\nb$', expected: [] },
  { name: 'a line of spaces and RLM marks is blank', text: '$a\n  \u200f \nb$', expected: [] },
  { name: 'unclosed $$ does not swallow the next paragraph', text: '$$a = 1\n\n$$b = 2$$\n\n$c$', expected: [['$$', 'b = 2'], ['$', 'c']] },
  { name: 'unclosed $$ on a line by itself', text: 'text\n$$\nx = 1\n\nmore $y$ text', expected: [['$', 'y']] },
  // A `$$` alone on its line: a display block across blank lines, as VS Code's preview reads it.
  { name: 'lone $$ lines around a block with a blank line', text: 'پاسخ:\n$$\na = 1\n\nb = 2\n$$\nو $c$', expected: [['$$', '\na = 1\n\nb = 2\n'], ['$', 'c']] },
  { name: 'lone $$ lines may be indented up to three spaces, CRLF too', text: '  $$ \r\nx = 1\r\n\r\ny = 2\r\n   $$\r\n', expected: [['$$', ' \r\nx = 1\r\n\r\ny = 2\r\n   ']] },
  { name: 'a lone $$ block does not close on a $$ that is not alone', text: '$$\na = 1\n\n$$b = 2$$\n', expected: [['$$', 'b = 2']] },
  { name: 'a lone $$ block does not cross a code fence', text: '$$\na = 1\n\n```\n$$\n```\n$x$', expected: [['$', 'x']] },
  { name: 'a quoted $$ is not a lone block', text: '> $$\n> a = 1\n\n$$\n', expected: [] },
  { name: 'unclosed $ does not swallow the rest', text: 'pay $5 now\n\n$x$ and $y$', expected: [['$', 'x'], ['$', 'y']] },
  { name: 'unclosed \\( and \\[', text: '\\(a\n\nb\\) \\[c\n\n\\[d\\]', expected: [['\\[', 'd']] },
  // Backslash delimiters and environments.
  { name: 'inline \\( \\)', text: 'مقدار \\(a + b\\) است', expected: [['\\(', 'a + b']] },
  { name: 'display \\[ \\] over lines', text: '\\[\n2 \\times 268 \\times 12 = 98432\n\\]', expected: [['\\[', '\n2 \\times 268 \\times 12 = 98432\n']] },
  { name: '\\\\[2pt] inside \\[ \\] is not a closer', text: '\\[a \\\\[2pt] b\\]', expected: [['\\[', 'a \\\\[2pt] b']] },
  { name: 'escaped backslash before ( is not an opener', text: '\\\\(a\\)', expected: [] },
  { name: 'empty \\(\\) is not a span', text: '\\(\\) $x$', expected: [['$', 'x']] },
  {
    name: 'bare align environment',
    text: 'حل:\n\\begin{align}\na &= 4 \\times 768 \\times 768 \\\\\n&= 2359296\n\\end{align}\nپایان',
    expected: [['env', '\na &= 4 \\times 768 \\times 768 \\\\\n&= 2359296\n']],
  },
  { name: 'starred environments', text: '\\begin{equation*}x=1\\end{equation*} \\begin{gather*}y\\end{gather*}', expected: [['env', 'x=1'], ['env', 'y']] },
  { name: 'multline environment', text: '\\begin{multline}a+b\\\\=c\\end{multline}', expected: [['env', 'a+b\\\\=c']] },
  { name: 'end of a different environment does not close', text: '\\begin{align}a\\end{equation}', expected: [] },
  { name: 'aligned and cases at top level are not math on their own', text: '\\begin{aligned}a\\end{aligned} \\begin{cases}b\\end{cases}', expected: [] },
  { name: 'align inside $$ is content of the $$ span', text: '$$\\begin{align}x\\end{align}$$', expected: [['$$', '\\begin{align}x\\end{align}']] },
  { name: 'unterminated \\begin{', text: '\\begin{align $x$', expected: [['$', 'x']] },
  // Code.
  { name: 'fenced code block', text: '```\n$x$\n```\n$y$', expected: [['$', 'y']] },
  { name: 'fenced code with an info string', text: '```python\nprice = "$5 $x$"\n```\n$$z$$', expected: [['$$', 'z']] },
  { name: 'tilde fence', text: '~~~\n$$a$$\n~~~\n$$b$$', expected: [['$$', 'b']] },
  { name: 'longer fence is not closed by a shorter one', text: '````\n```\n$x$\n```\n````\n$y$', expected: [['$', 'y']] },
  { name: 'a tilde fence is not closed by backticks', text: '~~~\n```\n$x$\n~~~\n$y$', expected: [['$', 'y']] },
  { name: 'fence indented by three spaces', text: '   ```\n$x$\n   ```\n$y$', expected: [['$', 'y']] },
  { name: 'closing fence with trailing spaces', text: '```\n$x$\n```   \n$y$', expected: [['$', 'y']] },
  { name: 'closing fence followed by text is not a closer', text: '```\n$x$\n``` no\n$y$', expected: [] },
  { name: 'unclosed fence runs to the end', text: 'before $a$\n```\n$x$\n\n$y$', expected: [['$', 'a']] },
  { name: 'fence in a list item, indented', text: '1. code:\n    ```\n    $x$\n    ```\n2. $y$', expected: [['$', 'y']] },
  { name: 'fence inside a block quote ends with the quote', text: '> ```\n> $x$\nafter $y$', expected: [['$', 'y']] },
  { name: '```x``` on one line is inline code, not a fence', text: '```x``` and $y$\n$z$', expected: [['$', 'y'], ['$', 'z']] },
  { name: 'inline math does not run into a fence', text: '$a\n```\nb$\n```\n$c$', expected: [['$', 'c']] },
  { name: 'indented code after a blank line', text: 'text\n\n    $x$\n    $$y$$\n\n$z$', expected: [['$', 'z']] },
  { name: 'indented code with a tab', text: 'text\n\n\t$x$\n\n$z$', expected: [['$', 'z']] },
  { name: 'indented code at the start of the file', text: '    $x$\n\n$z$', expected: [['$', 'z']] },
  { name: 'indented code after a heading', text: '# Title\n    $x$\n$z$', expected: [['$', 'z']] },
  { name: 'an indented line continuing a paragraph is not code', text: 'text\n    $x$', expected: [['$', 'x']] },
  { name: 'an indented line in a list item is not code', text: '1. step one\n\n    $$x = 1$$\n\n- item\n\n      $y$', expected: [['$$', 'x = 1'], ['$', 'y']] },
  { name: 'after a list ends, indented lines are code again', text: '- item\n\nparagraph\n\n    $x$', expected: [] },
  { name: 'indented code ends at a less indented line', text: '\n    code $a$\n\n$b$', expected: [['$', 'b']] },
  { name: 'inline code hides math', text: 'use `$x$` and $y$', expected: [['$', 'y']] },
  { name: 'double backtick code span with a single backtick inside', text: '``a ` $x$ `` $y$', expected: [['$', 'y']] },
  { name: 'unmatched backtick is literal', text: 'a ` $x$', expected: [['$', 'x']] },
  { name: 'backtick run of another length does not close', text: '`a ``b $x$', expected: [['$', 'x']] },
  { name: 'code span across a soft line break', text: '`a\n$x$` $y$', expected: [['$', 'y']] },
  { name: 'code span does not cross a blank line', text: '`a\n\n$x$` $y$', expected: [['$', 'x'], ['$', 'y']] },
  { name: 'escaped backtick does not open code', text: '\\`$x$`', expected: [['$', 'x']] },
  { name: 'a backtick inside math is content', text: '$a`b$ `c`', expected: [['$', 'a`b']] },
  { name: 'math opened first wins over code', text: '$a `b$ c`', expected: [['$', 'a `b']] },
  // HTML comments.
  { name: 'comment hides math', text: 'a <!-- $x$ --> $y$', expected: [['$', 'y']] },
  { name: 'a line starting with a comment is an HTML block', text: '<!-- $x$ --> $y$\n\n$z$', expected: [['$', 'z']] },
  { name: 'an HTML block tag hides math up to a blank line', text: '<div align="center">\n$x$\n</div>\n\n$y$', expected: [['$', 'y']] },
  { name: 'an inline tag does not start an HTML block', text: '<b>$x$</b>', expected: [['$', 'x']] },
  { name: 'an inline comment does not cross a blank line', text: 'a <!-- $x$\n\n$y$ -->', expected: [['$', 'x'], ['$', 'y']] },
  { name: 'comment over blank lines', text: '<!--\n$x$\n\n$$z$$\n-->\n$y$', expected: [['$', 'y']] },
  { name: 'unclosed comment is text', text: 'a <!-- $x$', expected: [['$', 'x']] },
  { name: 'a < that is not a comment', text: '$a<b$ and <b>$c$</b>', expected: [['$', 'a<b'], ['$', 'c']] },
];

describe('findMathSpans pitfalls', () => {
  for (const c of pitfalls) {
    test(c.name, () => assert.deepEqual(spansOf(c.text), c.expected));
  }
});

describe('offsets in right-to-left text', () => {
  test('bidi controls and ZWNJ around the math do not shift offsets', () => {
    const marks = '\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200c';
    const text = `${marks}مقدار${marks} $q \\cdot k_1 = 3$${marks} است و \u200f$$4 \\times 768 \\times 768 = 2357296$$\u200e.`;
    const spans = findMathSpans(text);
    assertWellFormed(text, spans);
    assert.equal(spans.length, 2);
    assert.equal(spans[0].start, text.indexOf('$q'));
    assert.equal(spans[0].contentStart, text.indexOf('q \\cdot'));
    assert.equal(text.slice(spans[0].start, spans[0].end), '$q \\cdot k_1 = 3$');
    assert.equal(spans[1].start, text.indexOf('$$4'));
    assert.equal(spans[1].end, text.indexOf('\u200e.'));
    assert.equal(spans[1].content, '4 \\times 768 \\times 768 = 2357296');
  });

  test('astral characters (surrogate pairs) before the math count as two code units', () => {
    const text = '😀𝑥 $a$';
    const [s] = findMathSpans(text);
    assert.equal(s.start, 5);
    assert.equal(text.slice(s.contentStart, s.contentEnd), 'a');
  });

  test('positions of a span on a Persian line', () => {
    const text = 'سوال ۳:\nمقادیر $x_1$ را';
    const [s] = findMathSpans(text);
    const ls = lineStarts(text);
    assert.deepEqual(offsetToPosition(ls, s.start), { line: 1, character: 7 });
    assert.equal(positionToOffset(ls, 1, 7), s.start);
  });
});

describe('CRLF and CR line endings', () => {
  test('CRLF document', () => {
    const text = 'سوال:\r\n\r\n$$a = 1$$\r\n\r\n$b$ و $c\r\nd$\r\n\r\n$e\r\n\r\nf$\r\n';
    assert.deepEqual(spansOf(text), [['$$', 'a = 1'], ['$', 'b'], ['$', 'c\r\nd']]);
  });

  test('CRLF fenced and indented code', () => {
    const text = '```\r\n$x$\r\n```\r\n\r\n    $y$\r\n\r\n$z$\r\n';
    assert.deepEqual(spansOf(text), [['$', 'z']]);
  });

  test('lone CR line endings', () => {
    const text = '$$a$$\r\r$b\r\rc$\r```\r$x$\r```\r$y$';
    assert.deepEqual(spansOf(text), [['$$', 'a'], ['$', 'y']]);
  });

  test('lineStarts treats \\n, \\r\\n and \\r as one break each', () => {
    assert.deepEqual(lineStarts(''), [0]);
    assert.deepEqual(lineStarts('a'), [0]);
    assert.deepEqual(lineStarts('a\nb\r\nc\rd\n'), [0, 2, 5, 7, 9]);
    assert.deepEqual(lineStarts('\r\n\r\n'), [0, 2, 4]);
    assert.deepEqual(lineStarts('\n\r'), [0, 1, 2]);
  });

  test('offsetToPosition and positionToOffset', () => {
    const text = 'ab\r\ncd\ne\rfgh';
    const ls = lineStarts(text);
    const expected: Array<[number, number, number]> = [
      [0, 0, 0], [1, 0, 1], [2, 0, 2], [4, 1, 0], [5, 1, 1], [7, 2, 0], [9, 3, 0], [11, 3, 2], [12, 3, 3],
    ];
    for (const [offset, line, character] of expected) {
      assert.deepEqual(offsetToPosition(ls, offset), { line, character }, `offset ${offset}`);
      assert.equal(positionToOffset(ls, line, character), offset, `position ${line}:${character}`);
    }
    assert.deepEqual(offsetToPosition(ls, -3), { line: 0, character: 0 });
    assert.equal(positionToOffset(ls, 99, 1), 10);
    assert.equal(positionToOffset(ls, -1, 0), 0);
    assert.equal(positionToOffset(ls, 0, 50), 3, 'never runs into the next line');
  });

  test('offsetToPosition round-trips every offset of a mixed document', () => {
    const text = 'سوال ۱:\r\n\r\n$$h_t$$\n$x$\rپایان\n';
    const ls = lineStarts(text);
    for (let o = 0; o <= text.length; o++) {
      const p = offsetToPosition(ls, o);
      assert.ok(p.line >= 0 && p.line < ls.length);
      assert.equal(positionToOffset(ls, p.line, p.character), o, `offset ${o}`);
    }
  });
});

const rng = mulberry32; // seeded, so a failing random case replays from its seed

const PIECES = [
  '$', '$', '$', '$$', '\\', '\\', '`', '``', '```', '~~~', '{', '}', '\n', '\n', '\n\n', '\r\n', '\r', ' ', '  ', '    ', '\t',
  'a', 'x', '1', '5', 'ب', 'مقدار', '۵', '\u200f', '\u200c', '(', ')', '[', ']', '\\(', '\\)', '\\[', '\\]',
  '\\begin{align}', '\\end{align}', '\\begin{equation*}', '\\end{equation*}', '<!--', '-->', '>', '- ', '1. ', '# ', '&', '\\\\',
];

function randomDoc(next: () => number, maxPieces: number): string {
  const count = Math.floor(next() * maxPieces);
  let s = '';
  for (let k = 0; k < count; k++) s += PIECES[Math.floor(next() * PIECES.length)];
  return s;
}

describe('property: random input', () => {
  test('never throws; spans are sorted, non-overlapping, in bounds, and start and end with their delimiters', () => {
    for (let seed = 1; seed <= 4000; seed++) {
      const text = randomDoc(rng(seed), 80);
      let spans: MathSpan[];
      try {
        spans = findMathSpans(text);
      } catch (e) {
        assert.fail(`seed ${seed} threw ${String(e)} on ${JSON.stringify(text)}`);
      }
      assertWellFormed(text, spans);
    }
  });

  test('agrees with a slow reference scanner on paragraphs without block structure', () => {
    // Same inline rules, written the obvious quadratic way (fresh search from every opener).
    const inlinePieces = ['$', '$', '$$', '\\', '`', '``', '{', '}', '\n', '\n\n', ' ', 'a', '1', '۵', 'ب', '\\(', '\\)', '\\[', '\\]', '\\begin{align}', '\\end{align}', '<!--', '-->', '\\\\'];
    for (let seed = 1; seed <= 4000; seed++) {
      const next = rng(seed * 7919);
      let text = '';
      const count = Math.floor(next() * 60);
      for (let k = 0; k < count; k++) text += inlinePieces[Math.floor(next() * inlinePieces.length)];
      text = text.replace(/^[ \t]+|\n[ \t]+/g, '\n'); // no indentation, so no indented code
      if (/(^|\n)```/.test(text)) continue; // nor fences
      if (/(^|\n)(\$\$|<!--)/.test(text)) continue; // nor display blocks or HTML blocks that start a line
      const got = findMathSpans(text).map((s) => [s.start, s.end, s.delimiter]);
      const want = referenceSpans(text);
      assert.deepEqual(got, want, `seed ${seed}: ${JSON.stringify(text)}`);
    }
  });
});

/** The quadratic reference for text with no fences, indentation or lists. */
function referenceSpans(text: string): Array<[number, number, string]> {
  const out: Array<[number, number, string]> = [];
  const isWord = (ch: string | undefined) => ch !== undefined && /\w/.test(ch);
  const blankAfter = (k: number) => {
    // k is at a line break; is the following line blank?
    let j = text[k] === '\r' && text[k + 1] === '\n' ? k + 2 : k + 1;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    return j >= text.length || text[j] === '\n' || text[j] === '\r';
  };
  const walk = (from: number, isClose: (k: number) => boolean | 'stop'): number => {
    for (let k = from; k < text.length; k++) {
      const r = isClose(k);
      if (r === 'stop') return -1;
      if (r) return k;
      if (text[k] === '\\' && text[k + 1] !== '\n' && text[k + 1] !== '\r') k++;
      else if ((text[k] === '\n' || text[k] === '\r') && blankAfter(k)) return -1;
    }
    return -1;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      const d = text[i + 1];
      if (d === '(' || d === '[') {
        const closer = d === '(' ? '\\)' : '\\]';
        const k = walk(i + 2, (k) => text.startsWith(closer, k));
        if (k < 0) { i += 2; continue; }
        if (k > i + 2) out.push([i, k + 2, '\\' + d]);
        i = k + 2;
        continue;
      }
      if (text.startsWith('\\begin{align}', i)) {
        const k = walk(i + 13, (k) => text.startsWith('\\end{align}', k));
        if (k < 0) { i += 13; continue; }
        if (k > i + 13) out.push([i, k + 11, 'env']);
        i = k + 11;
        continue;
      }
      i += d === '\n' || d === '\r' || d === undefined ? 1 : 2;
    } else if (c === '$' && text[i + 1] === '$') {
      if (text[i - 1] === '$' || text[i - 1] === '\\' || text[i + 2] === '$') { i += 2; continue; }
      // The first unescaped `$$` (an escaped `\$$` is stepped over whole) closes, or nothing does.
      let k = -1;
      for (let j = i + 2; j < text.length; j++) {
        if (text[j] === '\\' && text[j + 1] !== '\n' && text[j + 1] !== '\r') { j += text[j + 1] === '$' && text[j + 2] === '$' ? 2 : 1; continue; }
        if ((text[j] === '\n' || text[j] === '\r') && blankAfter(j)) break;
        if (text[j] === '$' && text[j + 1] === '$') {
          if (text[j - 1] !== '\\' && text[j - 1] !== '$' && text[j + 2] !== '$') k = j;
          break;
        }
      }
      if (k < 0) { i += 2; continue; }
      out.push([i, k + 2, '$$']);
      i = k + 2;
    } else if (c === '$') {
      if (text[i - 1] === '$' || text[i - 1] === '\\' || isWord(text[i - 1])) { i++; continue; }
      const k = walk(i + 1, (k) => {
        if (text[k] !== '$') return false;
        return text[k + 1] === '$' || isWord(text[k + 1]) ? 'stop' : true;
      });
      if (k < 0) { i++; continue; }
      out.push([i, k + 1, '$']);
      i = k + 1;
    } else if (c === '`') {
      let from = i;
      while (text[from] === '`') from++;
      const len = from - i;
      let k = from;
      let found = -1;
      while (k < text.length) {
        if (text[k] === '`') {
          const s = k;
          while (text[k] === '`') k++;
          if (k - s === len) { found = s; break; }
        } else if ((text[k] === '\n' || text[k] === '\r') && blankAfter(k)) {
          break;
        } else {
          k++;
        }
      }
      i = found < 0 ? from : found + len;
    } else if (text.startsWith('<!--', i)) {
      if (text[i + 4] === '>') { i += 5; continue; }
      if (text.startsWith('->', i + 4)) { i += 6; continue; }
      const k = text.indexOf('-->', i + 4);
      let blank = false;
      for (let j = i + 4; j < (k < 0 ? 0 : k); j++) if ((text[j] === '\n' || text[j] === '\r') && blankAfter(j)) blank = true;
      i = k < 0 || blank ? i + 4 : k + 3;
    } else {
      i++;
    }
  }
  return out;
}

// Large and pathological inputs. Speed targets live in `npm run bench`; here a generous per-test
// timeout only catches a scanner that went quadratic (minutes, not milliseconds).
const LARGE = { timeout: 30_000 };
describe('large inputs', () => {
  const time = (text: string) => {
    findMathSpans(text.slice(0, 1000)); // warm up
    const spans = findMathSpans(text);
    return { spans };
  };

  test('a 5 MB answer file', LARGE, () => {
    const block = [
      'سوال سوم: مقادیر scores را با استفاده از ضرب داخلی ماتریس q در keys بدست آورده و argmax روی آن اعمال میکنیم.',
      '',
      String.raw`$$score_2 = \begin{bmatrix} 1 & 2 & 3 \\ 2 & 2 & 1 \end{bmatrix} \cdot \begin{bmatrix} 3 \\ -1 \\ -1 \end{bmatrix} = \begin{bmatrix} -2 & 3 \end{bmatrix}$$`,
      '',
      'در خلاصه  $h_1$  سه ورودی دارد که آنها عبارتند از  $m_1$  و  $m_2$  و `code $x$` هم و قیمت $5 است.',
      '',
      '```python',
      'print("$5")',
      '```',
      '',
    ].join('\n');
    const doc = block.repeat(Math.ceil(5_000_000 / block.length));
    const { spans } = time(doc);
    assert.equal(spans.length, 4 * Math.ceil(5_000_000 / block.length));
  });

  const pathological: Array<[string, string]> = [
    ['unclosed $ openers on one line', '$a '],
    ['unclosed $ openers before $$', '$a $$b '],
    ['display pairs', '$$a $b '],
    ['unclosed $ openers on many lines', '$a\n'],
    ['backticks on many lines', '`a\n'],
    ['indented lines', 'x\n\n    a $b$\n'],
    ['list items', '- $a\n'],
    ['unclosed \\( openers', '\\(a '],
    ['unclosed \\[ openers', '\\[a '],
    ['unclosed environments', '\\begin{align} '],
    ['unclosed comments', '<!-- '],
    ['unterminated \\begin{', '\\begin{'],
    ['single backticks', '` a '],
    ['prices', 'costs $5 and $10 '],
  ];
  for (const [name, unit] of pathological) {
    test(`a 1,000,000-character line of ${name}`, LARGE, () => {
      const line = unit.repeat(Math.ceil(1_000_000 / unit.length));
      time(line);
    });
  }

  test('backtick runs of every length up to 1400 on one line', LARGE, () => {
    let line = '';
    for (let len = 1; len <= 1400; len++) line += '`'.repeat(len) + ' a ';
    time(line);
  });

  test('a 1,000,000-character line with one formula at each end', LARGE, () => {
    const line = '$a$' + 'ب'.repeat(1_000_000) + '$b$';
    const { spans } = time(line);
    assert.deepEqual(spans.map((s) => s.content), ['a', 'b']);
  });
});
