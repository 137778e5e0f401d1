// Notebooks in the core (src/core/notebook.ts): reading nbformat 4, joining the Markdown cells so a
// value defined in one cell is known in later ones while nothing one cell opens can pair with what a
// later one closes, and mapping offsets back to cells. And `dlmath check` on notebooks.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeDocument } from '../../../src/core/document/analysis';
import { findMathSpans } from '../../../src/core/markdown/spans';
import { cellOffsetOf, joinedOffsetOf, joinMarkdownCells, notebookMarkdown, parseNotebook } from '../../../src/core/markdown/notebook';
import { runCli } from '../../../src/cli/main';

const nb = (cells: { cell_type: string; source: string | string[] }[]) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((c) => ({ metadata: {}, ...c })) });

describe('parseNotebook', () => {
  test('source as a string or a list of lines; code and raw cells kept with their kind', () => {
    const r = parseNotebook(nb([{ cell_type: 'markdown', source: ['a\n', 'b'] }, { cell_type: 'code', source: 'x = 1' }, { cell_type: 'raw', source: 'r' }, { cell_type: 'markdown', source: 'c' }]));
    assert.ok(r.ok);
    assert.deepEqual(r.cells, [{ kind: 'markdown', source: 'a\nb' }, { kind: 'code', source: 'x = 1' }, { kind: 'raw', source: 'r' }, { kind: 'markdown', source: 'c' }]);
  });

  test('not JSON, not a notebook, another nbformat: a message, never a throw', () => {
    assert.match((parseNotebook('{"cells": [') as { message: string }).message, /^not valid JSON/);
    assert.match((parseNotebook('{"a": 1}') as { message: string }).message, /no "cells" list/);
    assert.match((parseNotebook('{"nbformat": 3, "cells": []}') as { message: string }).message, /nbformat 3/);
  });
});

describe('joinMarkdownCells', () => {
  const cells = (...sources: string[]) => sources.map((source, i) => ({ cell: i * 2, source }));

  test('offsets map back to their cell and in-cell offset, and forth', () => {
    const j = joinMarkdownCells(cells('ab', 'cde\n', 'f'));
    for (const seg of j.segments) {
      for (let o = 0; o <= seg.length; o++) {
        assert.deepEqual(cellOffsetOf(j, seg.start + o), { cell: seg.cell, offset: o });
        assert.equal(joinedOffsetOf(j, seg.cell, o), seg.start + o);
      }
    }
    assert.equal(j.text.slice(j.segments[1].start, j.segments[1].start + 4), 'cde\n');
    assert.equal(cellOffsetOf(j, j.segments[0].start + 4), undefined, 'inside the separator');
    assert.equal(joinedOffsetOf(j, 1, 0), undefined, 'cell 1 is not a Markdown cell here');
  });

  // each case: what a cell leaves open, and a claim in the next cell that must still be found
  const openers: [string, string][] = [
    ['a $$ alone on its line', 'x\n\n$$\n'],
    ['an inline $', 'cost $3 + '],
    ['a code fence', 'text\n```python\nprint(1)\n'],
    ['a longer tilde fence', '~~~~\ncode\n'],
    ['an HTML comment', 'a <!-- note\n'],
    ['a \\begin{align}', '\\begin{align}\nx &= 1 \\\\\n'],
    ['an indented code block', '    code line\n'],
  ];
  for (const [what, first] of openers) {
    test(`${what} left open in one cell does not reach into the next`, () => {
      const j = joinMarkdownCells(cells(first, 'claim $2 + 3 = 6$\n\n$$\n'));
      const spans = findMathSpans(j.text);
      for (const s of spans) {
        const a = cellOffsetOf(j, s.start);
        const b = cellOffsetOf(j, s.end);
        assert.ok(a && b && a.cell === b.cell, `a formula crosses cells: ${JSON.stringify(s.content)}`);
      }
      const findings = analyzeDocument(j.text).findings;
      assert.deepEqual(findings.map((f) => [cellOffsetOf(j, f.range.start)?.cell, f.claimed]), [[2, '6']]);
    });
  }

  test('the twin: the same cells joined by a blank line only would pair across them', () => {
    const text = 'x\n\n$$\n' + '\n\n' + 'claim $2 + 3 = 6$\n\n$$\n';
    const spans = findMathSpans(text);
    assert.equal(spans.length, 1);
    assert.ok(spans[0].start < 'x\n\n$$\n'.length && spans[0].end > 'x\n\n$$\n\n\n'.length, 'one formula from the first cell into the second');
  });

  test('a value defined in an earlier Markdown cell is known in a later one; code cells are skipped', () => {
    const parsed = parseNotebook(nb([
      { cell_type: 'markdown', source: 'Let $n = 12$.' },
      { cell_type: 'code', source: '# $n = 5$ in a comment of code\nn = 5' },
      { cell_type: 'markdown', source: ['Then $2 n = 24$ and\n', '$n^2 = 140$.'] },
    ]));
    assert.ok(parsed.ok);
    const j = notebookMarkdown(parsed.cells);
    assert.deepEqual(j.segments.map((s) => s.cell), [0, 2]);
    const f = analyzeDocument(j.text).findings;
    assert.deepEqual(f.map((x) => [cellOffsetOf(j, x.range.start), x.claimed, x.actual]), [[{ cell: 2, offset: 'Then $2 n = 24$ and\n$n^2 = '.length }, '140', '144']]);
  });
});

describe('dlmath check on notebooks', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dlmath-nb-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
  }

  test('a folder: .md and .ipynb below it; cell, line and column inside the cell (UTF-16, Persian text)', async () => {
    const sub = mkdtempSync(path.join(dir, 'f-'));
    const line = 'پاسخ 🙂: $3 \\times 4 = 13$';
    writeFileSync(path.join(sub, 'a.ipynb'), nb([{ cell_type: 'code', source: '1' }, { cell_type: 'markdown', source: ['# عنوان\n', line] }]));
    writeFileSync(path.join(sub, 'b.md'), '$1 + 1 = 2$\n');
    writeFileSync(path.join(sub, 'c.txt'), '$1 + 1 = 3$\n');
    const r = await cli(['check', sub, '--json']);
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout) as { files: { file: string; findings: { cell: number; line: number; column: number; endColumn: number }[] }[] };
    assert.deepEqual(json.files.map((f) => path.basename(f.file)), ['a.ipynb', 'b.md']);
    const [f] = json.files[0].findings;
    assert.equal(f.cell, 1);
    assert.equal(f.line, 2);
    assert.equal(f.column, line.indexOf('13') + 1);
    assert.equal(f.endColumn, line.indexOf('13') + 3);
    assert.equal(json.files[1].findings.length, 0);
  });

  test('a broken notebook is named on stderr, the rest is still checked, and the exit status is 2', async () => {
    const sub = mkdtempSync(path.join(dir, 'g-'));
    writeFileSync(path.join(sub, 'bad.ipynb'), '{"cells": [');
    writeFileSync(path.join(sub, 'ok.md'), '$2 + 2 = 5$\n');
    const r = await cli(['check', sub, '--format', 'csv']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /could not check .*bad\.ipynb: not valid JSON/);
    assert.equal(r.stdout.split('\r\n')[1], `${path.join(sub, 'ok.md')},1,1,0,0`);
  });
});
