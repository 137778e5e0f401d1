// The notebook renderer (package.json notebookRenderer): VS Code's notebook Markdown cells do not read
// markdown.previewStyles, so a Persian cell mirrored its formulas. The renderer extends VS Code's
// Markdown cell renderer and puts the preview's stylesheet where that renderer copies styles from
// (a <template class="markdown-style"> in the page's head). Checked on the manifest and on the built
// bundle (`npm run build` runs before the unit tier), run against a minimal document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../engineHelpers';
import { declarationsFor } from './css';

interface Renderer {
  id: string;
  entrypoint: { extends?: string; path: string };
}

const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { notebookRenderer?: Renderer[] } };
const renderer = pkg.contributes.notebookRenderer?.find((r) => r.id.startsWith('dlmath.'));

test('package.json contributes a renderer that extends VS Code\'s Markdown cell renderer, and the build wrote it', () => {
  assert.ok(renderer, 'no dlmath notebookRenderer');
  assert.equal(renderer.entrypoint.extends, 'vscode.markdown-it-renderer');
  assert.equal(renderer.entrypoint.path, './dist/notebook/renderer.js');
  assert.ok(existsSync(path.join(REPO_ROOT, renderer.entrypoint.path)), `${renderer.entrypoint.path} is not built`);
});

/** A document with just what the renderer touches; returns the templates appended to the head. */
function fakeDocument() {
  const head: Array<{ classes: string[]; styles: string[] }> = [];
  const document = {
    head: { appendChild: (t: { classes: string[]; styles: string[] }) => head.push(t) },
    createElement(tag: string) {
      if (tag === 'style') return { textContent: '' };
      assert.equal(tag, 'template');
      const t = { classes: [] as string[], styles: [] as string[], dataset: {}, classList: { add: (c: string) => t.classes.push(c) }, content: { appendChild: (s: { textContent: string }) => t.styles.push(s.textContent) } };
      return t;
    },
  };
  return { document, head };
}

/** The built ES module's activate, evaluated with `document` (the unit tier runs in Node, not in a webview). */
function loadActivate(document: unknown): () => void {
  const code = readFileSync(path.join(REPO_ROOT, 'dist/notebook/renderer.js'), 'utf8');
  const exported = /export\s*\{\s*(?:(\w+)\s+as\s+)?activate\s*\};?/.exec(code);
  assert.ok(exported, 'the renderer exports activate');
  const body = code.replace(exported[0], `return ${exported[1] ?? 'activate'};`).replace(/^\/\/# sourceMappingURL=.*$/m, '');
  return new Function('document', body)(document) as () => void;
}

test('activate puts the preview\'s stylesheet into a markdown-style template: every formula a left-to-right isolate', () => {
  const { document, head } = fakeDocument();
  loadActivate(document)();
  assert.equal(head.length, 1);
  assert.deepEqual(head[0].classes, ['markdown-style'], 'VS Code\'s Markdown renderer copies templates of class markdown-style into each cell');
  const css = head[0].styles.join('\n');
  assert.equal(css, readFileSync(path.join(REPO_ROOT, 'media/preview.css'), 'utf8'), 'the same stylesheet as the Markdown preview');
  for (const selector of ['.katex', '.katex-display']) {
    const d = declarationsFor(css, selector);
    assert.equal(d.get('direction'), 'ltr', `${selector} direction`);
    assert.equal(d.get('unicode-bidi'), 'isolate', `${selector} unicode-bidi`);
  }
});

test('twin: a stylesheet without the rule is seen to lack it', () => {
  assert.equal(declarationsFor('.katex-error { color: red; }', '.katex').get('direction'), undefined);
  assert.equal(declarationsFor('.katex, .x { direction: rtl }', '.katex').get('direction'), 'rtl');
});
