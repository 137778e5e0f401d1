// The source tree's shape, checked: no import cycle anywhere in src/ (type-only imports included),
// the core never imports the editor, and the core's root holds only the shared base.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { REPO_ROOT } from './engineHelpers';

const SRC = path.join(REPO_ROOT, 'src');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Relative imports and re-exports of a file (`import`, `import type`, `export … from`, dynamic `import()`), resolved to files. */
export function importsOf(file: string, text: string): string[] {
  const specs = new Set<string>();
  const re = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(re)) {
    const spec = m[1] ?? m[2];
    if (spec?.startsWith('.')) specs.add(spec);
  }
  const out: string[] = [];
  for (const spec of specs) {
    const base = path.resolve(path.dirname(file), spec);
    const hit = [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((p) => existsSync(p));
    if (hit) out.push(hit);
  }
  return out;
}

/** Every cycle's files (strongly connected components with more than one file, or a file importing itself). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f, readFileSync(f, 'utf8'))]));
const rel = (f: string): string => path.relative(SRC, f).split(path.sep).join('/');

test('the cycle finder finds a cycle through a type-only import, and none in a chain', () => {
  const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
  assert.deepEqual(cycles(g), [['a', 'b', 'c']]);
  assert.deepEqual(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', []]])), []);
  assert.deepEqual(importsOf(path.join(SRC, 'core/x.ts'), "import type { T } from './types';\nexport { m } from './messages';"), [
    path.join(SRC, 'core/types.ts'),
    path.join(SRC, 'core/messages.ts'),
  ]);
});

test('no import cycle anywhere in src/ (type-only imports included)', () => {
  assert.ok(files.length > 50, 'the source files were found');
  const found = cycles(graph).map((c) => c.map(rel).join(' ↔ '));
  assert.deepEqual(found, []);
});

test('the core never imports the editor, the CLI or the webview', () => {
  for (const f of files.filter((f) => rel(f).startsWith('core/'))) {
    const text = readFileSync(f, 'utf8');
    assert.doesNotMatch(text, /from ['"]vscode['"]/, `${rel(f)} imports vscode`);
    for (const dep of graph.get(f)!) assert.ok(rel(dep).startsWith('core/'), `${rel(f)} imports ${rel(dep)}`);
  }
});

test("the core's root holds only the shared base; each feature has its folder", () => {
  const root = readdirSync(path.join(SRC, 'core')).filter((n) => n.endsWith('.ts')).sort();
  assert.deepEqual(root, ['messages.ts', 'steps.ts', 'types.ts']);
});

test('the LaTeX front end depends only on the text layer (markdown/) and the shared base', () => {
  for (const f of files.filter((f) => rel(f).startsWith('core/syntax/'))) {
    for (const dep of graph.get(f)!) {
      const r = rel(dep);
      assert.ok(r.startsWith('core/syntax/') || (r.startsWith('core/markdown/') && !/notebook|proseLanguage/.test(r)) || /^core\/(types|messages|steps)\.ts$/.test(r), `${rel(f)} imports ${r}`);
    }
  }
});

test('one seeded PRNG (core/symbolic/random.ts): the fuzz generators and the symbolic judge share it, nothing copies it', () => {
  // mulberry32's increment (written in two parts, so this file is not a copy): another copy of the generator would carry it
  const increment = new RegExp('0x6d2b' + '79f5', 'i');
  const copies = [...sourceFiles(SRC), ...sourceFiles(path.join(REPO_ROOT, 'test'))].filter((f) => increment.test(readFileSync(f, 'utf8')));
  assert.deepEqual(copies.map(rel), ['core/symbolic/random.ts']);
});
