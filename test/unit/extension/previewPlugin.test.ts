// The Markdown preview plugin with the real markdown-it and the KaTeX plugin VS Code's math extension
// uses (@vscode/markdown-it-katex): wrong claims are marked with the core's findings, a correct
// answer renders byte for byte as without the plugin, document text stays escaped.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { analyzeDocument } from '../../../src/core/document/analysis';
import { escapeAttribute, markWrongClaims, type MarkdownItLike } from '../../../src/preview/markWrongClaims';
import type { EngineOptions } from '../../../src/core/types';

interface MarkdownIt extends MarkdownItLike {
  render(src: string, env?: object): string;
  use(plugin: unknown, options?: object): MarkdownIt;
}
/** Both are devDependencies (test-only; VS Code passes its own instance at run time). */
function load(): { MarkdownItCtor: (options?: object) => MarkdownIt; katexPlugin: unknown } | undefined {
  try {
    const req = createRequire(__filename);
    return { MarkdownItCtor: req('markdown-it') as (options?: object) => MarkdownIt, katexPlugin: (req('@vscode/markdown-it-katex') as { default: unknown }).default };
  } catch {
    return undefined;
  }
}
const libs = load();
const skip = libs ? false : 'markdown-it / @vscode/markdown-it-katex not installed (devDependencies; run npm ci)';

/** As VS Code 1.100's preview sets it up: html allowed, markdown-math's KaTeX options, then (or before) ours. */
function preview(opts: { enabled?: boolean; engine?: Partial<EngineOptions>; oursFirst?: boolean; ours?: boolean } = {}): MarkdownIt {
  const md = libs!.MarkdownItCtor({ html: true, linkify: true });
  const ours = (m: MarkdownIt) => markWrongClaims(m, { enabled: () => opts.enabled ?? true, engine: () => opts.engine ?? {} });
  if (opts.ours !== false && opts.oursFirst) ours(md);
  md.use(libs!.katexPlugin, { throwOnError: false, enableFencedBlocks: true, globalGroup: true });
  if (opts.ours !== false && !opts.oursFirst) ours(md);
  return md;
}

/** The title attributes of marked formulas, unescaped. */
function titles(html: string): string[] {
  return [...html.matchAll(/class="dlmath-wrong[^"]*" title="([^"]*)"/g)].map((m) => m[1].replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))));
}

const WRONG_EN = `# Attention

The projections have $4 \\times 768 \\times 768 = 2357296$ weights.

$$\\text{Heads} : 8 \\times 64 = 512 \\quad d_{head} = \\frac{512}{8} = 62$$

and a right one: $3 \\times 1024 \\times 1024 = 3145728$.
`;

const RIGHT = `# Answer

$$3 \\times 1024 \\times 1024 = 3145728$$

$\\sigma(0.5) = 0.62$ and $h_t = \\tanh(W h_{t-1} + U x_t)$, $\\frac{2}{3} = 0.6667$.

$$\\begin{bmatrix} 1 & 0 \\\\ 0 & 2 \\end{bmatrix} \\begin{bmatrix} 4 \\\\ 5 \\end{bmatrix} = \\begin{bmatrix} 4 \\\\ 10 \\end{bmatrix}$$
`;

describe('preview: wrong claims marked', { skip }, () => {
  test('each wrong claim is underlined and its formula has a tooltip with the right value', () => {
    const html = preview().render(WRONG_EN);
    const t = titles(html);
    assert.deepEqual(t, ['4 × 768 × 768 = 2359296, not 2357296', '512/8 = 64, not 62']);
    // the claimed value, not the whole formula, is underlined: KaTeX's underline around 2357296 and 62
    assert.equal((html.match(/class="underline-line"/g) ?? []).length, 2);
    assert.match(html, /data-dlmath-actual="2359296"/);
    // the inline one is a span inside its paragraph, the display one a block
    assert.match(html, /<p>The projections have <span class="dlmath-wrong"/);
    assert.match(html, /<div class="dlmath-wrong" [^>]*><p class="katex-block">/);
  });

  test('the same findings as the diagnostics (the core analysis)', () => {
    const errors = analyzeDocument(WRONG_EN).findings.filter((f) => f.severity === 'error').map((f) => f.message);
    assert.deepEqual(titles(preview().render(WRONG_EN)), errors);
  });

  test('the right claim next to wrong ones is not marked', () => {
    const html = preview().render(WRONG_EN);
    const right = html.slice(html.indexOf('and a right one'));
    assert.doesNotMatch(right, /dlmath-wrong/);
  });

  test('a Persian answer: the wrong claim with Persian digits is marked, its message in Persian with fa', () => {
    const fa = `## پاسخ\n\nتقسیم: $۱۰ \\div ۴ = ۲.۴$ است.\n\nو درست: $۱۰ \\div ۴ = ۲.۵$\n`;
    const en = titles(preview().render(fa));
    assert.equal(en.length, 1);
    assert.match(en[0], /2\.5/);
    const persian = titles(preview({ engine: { language: 'fa' } }).render(fa));
    assert.equal(persian.length, 1);
    assert.match(persian[0], /[\u0600-\u06FF]/);
  });

  test('works whichever plugin is installed first', () => {
    assert.equal(preview({ oursFirst: true }).render(WRONG_EN), preview().render(WRONG_EN));
  });

  test('a formula the answer asks not to check is not marked; nor is a file that opts out', () => {
    const ignored = `<!-- dlmath-ignore -->\n$$4 \\times 768 \\times 768 = 2357296$$\n`;
    assert.deepEqual(titles(preview().render(ignored)), []);
    assert.deepEqual(titles(preview().render(`<!-- dlmath-ignore-file -->\n\n${WRONG_EN}`)), []);
  });
});

describe('preview: unchanged where nothing is wrong', { skip }, () => {
  test("a correct answer's preview is byte for byte the one without the plugin", () => {
    assert.equal(preview().render(RIGHT), preview({ ours: false }).render(RIGHT));
  });

  test('with dlmath.preview.markWrongClaims off, a wrong answer renders as without the plugin', () => {
    assert.equal(preview({ enabled: false }).render(WRONG_EN), preview({ ours: false }).render(WRONG_EN));
  });

  test('math in code is neither rendered nor marked', () => {
    const code = '```\n$4 \\times 768 \\times 768 = 2357296$\n```\n\n`$1 + 1 = 3$`\n';
    assert.equal(preview().render(code), preview({ ours: false }).render(code));
  });
});

describe('preview: document text stays text', { skip }, () => {
  test('attribute values are escaped', () => {
    assert.equal(escapeAttribute(`a"b'c<d>&e`), 'a&#34;b&#39;c&#60;d&#62;&#38;e');
  });

  test('HTML-like text in a wrong formula does not become markup in the tooltip', () => {
    const src = `$$\\text{<img src=x onerror=alert(1)>"} \\quad 2 + 2 = 5$$\n`;
    const html = preview().render(src);
    const t = titles(html);
    assert.equal(t.length, 1);
    // the only elements are KaTeX's and ours: no <img> from the document
    assert.doesNotMatch(html, /<img/i);
    const attrs = [...html.matchAll(/ title="([^"]*)"/g)].map((m) => m[1]);
    for (const a of attrs) assert.doesNotMatch(a, /[<>"]/);
  });
});
