// Quick fixes on DL Math diagnostics, through the real code-action machinery: the titles offered, the
// exact text each one writes, and that one undo restores the answer.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './harness';
import { closeActive, fixtureText, rangeOf, scratch, waitForDiagnostics } from './editorUtil';

async function actionsAt(doc: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const all = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, range, vscode.CodeActionKind.QuickFix.value);
  // (the converted actions do not carry their diagnostics back; DL Math's are the ones with edits here)
  return all.filter((a): a is vscode.CodeAction => 'edit' in a && !!a.edit);
}

interface Case {
  /** The underlined text and which occurrence of it. */
  claim: string;
  nth?: number;
  title: string;
  /** A stretch of text around the fix, before and after applying it. */
  before: string;
  after: string;
}

// Right values worked by hand (see editorDiagnostics.test.ts): −1, the column [−2; 3], 11, 2359296, ۶.
const CASES: Case[] = [
  { claim: '2357296', title: 'Replace 2357296 with 2359296', before: '$$4 \\times 768 \\times 768 = 2357296$$', after: '$$4 \\times 768 \\times 768 = 2359296$$' },
  { claim: '10', title: 'Replace 10 with 11', before: '$q^T q = 10$', after: '$q^T q = 11$' },
  { claim: '= 3$$', title: 'Replace 3 with -1', before: '\\end{bmatrix} = 3$$', after: '\\end{bmatrix} = -1$$' },
  {
    claim: '\\begin{bmatrix} -2 & 3 \\end{bmatrix}', title: 'Write the result as a column',
    before: '$$K q = \\begin{bmatrix} -2 & 3 \\end{bmatrix}$$', after: '$$K q = \\begin{bmatrix} -2 \\\\ 3 \\end{bmatrix}$$',
  },
  { claim: '۵$', title: 'Replace ۵ with ۶', before: '$۲ \\times ۳ = ۵$', after: '$۲ \\times ۳ = ۶$' },
  // the ignore marker: on its own line before a display formula that starts its line, inline otherwise
  { claim: '2357296', title: "Don't check this formula", before: '\n$$4 \\times 768', after: '\n<!-- dlmath-ignore -->\n$$4 \\times 768' },
  { claim: '10', title: "Don't check this formula", before: 'دو: $q^T q', after: 'دو: <!-- dlmath-ignore --> $q^T q' },
];

for (const c of CASES) {
  test(`editor: quick fix "${c.title}" on ${c.claim} writes the fix in one edit and one undo restores the answer`, async () => {
    const original = await fixtureText();
    const editor = await scratch(original);
    try {
      const doc = editor.document;
      await waitForDiagnostics(doc.uri, 'the fixture diagnostics', (d) => d.length >= 5);
      const claimRange = c.claim.startsWith('= ')
        ? (() => { const r = rangeOf(doc, c.claim, c.nth); const s = r.start.translate(0, 2); return new vscode.Range(s, s.translate(0, 1)); })()
        : rangeOf(doc, c.claim, c.nth);
      const actions = await actionsAt(doc, claimRange);
      const titles = actions.map((a) => a.title);
      const action = actions.find((a) => a.title === c.title);
      assert.ok(action?.edit, `no quick fix "${c.title}" at ${c.claim} (offered: ${JSON.stringify(titles)})`);
      assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
      // the fix and the ignore action are both offered on every finding, the fix first
      if (c.title !== "Don't check this formula") assert.equal(titles[0], c.title);
      assert.ok(titles.includes("Don't check this formula"), JSON.stringify(titles));
      assert.equal(action.edit.entries().length, 1, 'the fix edits one file');
      assert.equal(action.edit.entries()[0][1].length, 1, 'the fix is one text edit');

      assert.ok(doc.getText().includes(c.before), `fixture lacks "${c.before}"`);
      assert.ok(await vscode.workspace.applyEdit(action.edit), 'applyEdit failed');
      const fixed = doc.getText();
      assert.ok(fixed.includes(c.after), `after the fix the answer does not contain "${c.after}"`);
      assert.equal(fixed.length - original.length, c.after.length - c.before.length, 'the fix changed more than the claim');
      assert.equal(fixed.replace(c.after, () => c.before), original, 'the fix changed text elsewhere');

      // the fixed claim is no longer underlined (the ignore marker silences the whole formula)
      await waitForDiagnostics(doc.uri, `the finding on ${c.claim} to go after the fix`, (d) => d.length === 4);

      await vscode.commands.executeCommand('undo');
      assert.equal(doc.getText(), original, 'one undo did not restore the original answer');
    } finally {
      await closeActive();
    }
  });
}

test('editor: no quick fixes are offered where nothing is wrong', async () => {
  const editor = await scratch(await fixtureText());
  try {
    const doc = editor.document;
    await waitForDiagnostics(doc.uri, 'the fixture diagnostics', (d) => d.length >= 5);
    assert.deepEqual((await actionsAt(doc, rangeOf(doc, '18432'))).map((a) => a.title), []);
    assert.deepEqual((await actionsAt(doc, rangeOf(doc, 'h_t = '))).map((a) => a.title), []);
  } finally {
    await closeActive();
  }
});
