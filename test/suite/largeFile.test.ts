// A 10,000-line answer inside the extension host: checking it runs in the background in short slices
// (the host is free between them), a newer edit drops the run in progress, and the diagnostics that
// land are those of the text as it is now. Timings are the benchmark's business (`npm run bench`);
// here the behaviour: sliced, cancelled, right.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './harness';
import type { AnalysisStats } from '../../src/features/analysisCache';
import { closeActive, dlDiagnostics as dlOf, namedScratch, positionOf, waitForDiagnostics, withSetting } from './editorUtil';

const dl = (doc: vscode.TextDocument) => dlOf(doc.uri);

const stats = () => vscode.commands.executeCommand<AnalysisStats | undefined>('dlmath._analysisStats');

/** 2,500 blocks of four lines: a definition, a claim that reads it, Persian prose. */
function largeAnswer(): string {
  const lines: string[] = [];
  for (let i = 0; i < 2500; i++) {
    lines.push(`## بخش ${i}`, `$$x_{${i % 50}} = ${i % 7}$$`, `پس $3 x_{${i % 50}} + 1 = ${3 * (i % 7) + 1}$ و $2 \\times ${i % 9} = ${2 * (i % 9)}$`, '');
  }
  return lines.join('\n');
}

test('large file: a 10,000-line answer is checked in slices, and typing drops the stale run', async () => {
  await withSetting('check.debounceMs', 0, async () => {
    const editor = await namedScratch('large', largeAnswer());
    try {
      const doc = editor.document;
      assert.equal(doc.lineCount, 10_000);
      const first = await waitForStats(doc);
      assert.ok(first.slices > 1, `the whole file was analysed in one go (${JSON.stringify(first)})`);
      assert.equal(dl(doc).length, 0, 'a right answer is underlined');
      const droppedBefore = first.dropped;

      // three quick edits of one right claim (2 × 3 = 6), each starting a check at once (debounce 0):
      // the first two checks are overtaken by the next edit and dropped
      const target = positionOf(doc, '2 \\times 3 = 6$', '2 \\times 3 = '.length, 200);
      // (sent together, as fast typing does: each change arrives while the check before it still runs)
      const applied = await Promise.all(['5', '7', '8'].map((digit) => {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(doc.uri, new vscode.Range(target, target.translate(0, 1)), digit);
        return vscode.workspace.applyEdit(edit);
      }));
      assert.deepEqual(applied, [true, true, true]);
      assert.equal(doc.getText(new vscode.Range(target, target.translate(0, 1))), '8');
      const after = await waitForStats(doc);
      assert.ok(after.slices > 1, JSON.stringify(after));
      assert.ok(after.dropped > droppedBefore, `no run was dropped while typing: ${JSON.stringify(after)}`);
      const flagged = await waitForDiagnostics(doc.uri, 'the edited claim to be underlined', (d) => d.length > 0);
      assert.deepEqual(flagged.map((d) => [d.range.start.line, doc.getText(d.range)]), [[target.line, '8']]);
      assert.match(flagged[0].message, /= 6, not 8/);
    } finally {
      await closeActive();
    }
  });
}, { timeoutMs: 60_000 });

async function waitForStats(doc: vscode.TextDocument): Promise<AnalysisStats> {
  for (let i = 0; i < 100; i++) {
    const s = await stats();
    if (s && s.document === doc.uri.toString() && s.version === doc.version) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no finished background analysis of ${doc.uri.toString()} v${doc.version} (${doc.languageId}, ${doc.getText().length} characters, ${dl(doc).length} diagnostics): ${JSON.stringify(await stats())}`);
}
