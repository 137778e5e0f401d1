// The Markdown preview's stylesheet (markdown.previewStyles): every KaTeX formula is a left-to-right
// isolate, so a Persian paragraph (the preview's dir="auto") never mirrors "768 × 768 × 4 = 2357296".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../engineHelpers';
import { declarationsFor } from './css';

const root = REPO_ROOT;

test('package.json contributes the preview stylesheet and the markdown-it plugin', () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: Record<string, unknown> };
  assert.deepEqual(pkg.contributes['markdown.previewStyles'], ['./media/preview.css']);
  assert.equal(pkg.contributes['markdown.markdownItPlugins'], true);
});

test('inline and display formulas are left-to-right isolates', () => {
  const css = readFileSync(path.join(root, 'media/preview.css'), 'utf8');
  for (const selector of ['.katex', '.katex-display']) {
    const d = declarationsFor(css, selector);
    assert.equal(d.get('direction'), 'ltr', `${selector} direction`);
    assert.equal(d.get('unicode-bidi'), 'isolate', `${selector} unicode-bidi`);
  }
});
