// The DL Math commands run the way the palette and keybindings run them: on the active editor's
// selection or cursor. Each test checks the exact text written, or the message when nothing can be
// computed.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test, getExtension, openFixture, fixtureUri } from './harness';
import { FIXTURE, closeActive, dlDiagnostics, positionOf, rangeOf, namedScratch, select } from './editorUtil';

type EditResult = { ok: true; text: string; range: vscode.Range } | { ok: false; message: string };
type EvaluateResult = { ok: true; value: string; latex: string; range: vscode.Range; shownAt: vscode.Position } | { ok: false; message: string };

const DEFS = '$$q = \\begin{bmatrix} 3 \\\\ -1 \\\\ -1 \\end{bmatrix} \\quad K = \\begin{bmatrix} 1 & 2 & 3 \\\\ 2 & 2 & 1 \\end{bmatrix}$$\n\n';

interface EditCase {
  name: string;
  command: 'dlmath.insertResult' | 'dlmath.replaceWithResult';
  content: string;
  /** Where the cursor goes (the text, and an offset into it), or a text to select. */
  cursor?: [string, number];
  selection?: string;
  /** The command's argument (Insert Result: what to do with a result already written). */
  arg?: unknown;
  expected: string;
}

// Results worked by hand: 512/8 = 64; K q = [1·3 − 2 − 3; 2·3 − 2 − 1] = [−2; 3]; ۲×۴ = ۸;
// softmax is not needed: plain arithmetic and variables only.
const EDIT_CASES: EditCase[] = [
  { name: 'insert after a fraction (cursor)', command: 'dlmath.insertResult', content: 'مقدار $\\frac{512}{8}$ را حساب کن.\n', cursor: ['\\frac', 2], expected: 'مقدار $\\frac{512}{8} = 64$ را حساب کن.\n' },
  { name: 'insert a matrix product as a bmatrix, with variables in scope', command: 'dlmath.insertResult', content: `${DEFS}حاصل $K q$ است.\n`, cursor: ['K q$', 1], expected: `${DEFS}حاصل $K q = \\begin{bmatrix} -2 \\\\ 3 \\end{bmatrix}$ است.\n` },
  { name: 'insert keeps Persian digits', command: 'dlmath.insertResult', content: 'با ارقام فارسی: $۲ \\times ۴$\n', cursor: ['\\times', 1], expected: 'با ارقام فارسی: $۲ \\times ۴ = ۸$\n' },
  { name: 'insert after the selected expression only', command: 'dlmath.insertResult', content: '$$d_{head} = \\frac{768}{12}$$\n', selection: '\\frac{768}{12}', expected: '$$d_{head} = \\frac{768}{12} = 64$$\n' },
  { name: 'insert in a display formula after a definition', command: 'dlmath.insertResult', content: '$$d_{head} = \\frac{768}{12}$$\n', cursor: ['768', 0], expected: '$$d_{head} = \\frac{768}{12} = 64$$\n' },
  { name: 'replace the selection with its value', command: 'dlmath.replaceWithResult', content: '$d_k = \\frac{512}{8}$\n', selection: '\\frac{512}{8}', expected: '$d_k = 64$\n' },
  { name: 'replace the expression under the cursor', command: 'dlmath.replaceWithResult', content: '$$4 \\times 768 \\times 768$$\n', cursor: ['768', 1], expected: '$$2359296$$\n' },
  // a statement that already ends in a (wrong) result: replace that instead of appending a second one
  { name: 'insert where a result is already written replaces it', command: 'dlmath.insertResult', content: '$$4 \\times 768 \\times 768 = 2357296$$\n', cursor: ['768', 1], arg: { existing: 'replace' }, expected: '$$4 \\times 768 \\times 768 = 2359296$$\n' },
];

for (const c of EDIT_CASES) {
  test(`editor: ${c.command} — ${c.name}`, async () => {
    const editor = await namedScratch('commands', c.content);
    try {
      const doc = editor.document;
      if (c.selection) select(editor, rangeOf(doc, c.selection));
      else if (c.cursor) select(editor, positionOf(doc, c.cursor[0], c.cursor[1]));
      const r = await vscode.commands.executeCommand<EditResult>(c.command, c.arg);
      assert.ok(r.ok, `the command failed: ${!r.ok ? r.message : ''}`);
      assert.equal(doc.getText(), c.expected);
      assert.equal(doc.getText(r.range), r.text, 'the reported range is not the written text');
      // the value written is what is selected afterwards: all of it, nothing else
      assert.equal(doc.getText(editor.selection), r.text.replace(/^ = /, ''), 'the selection after the edit');
      await vscode.commands.executeCommand('undo');
      assert.equal(doc.getText(), c.content, 'one undo did not restore the text');
    } finally {
      await closeActive();
    }
  });
}

test('editor: Evaluate Selection gives the value of the formula under the cursor and shows it after the formula', async () => {
  const editor = await namedScratch('commands', `${DEFS}امتیازها: $K q$ و حاصل $4 \\times 768 \\times 768 = 2357296$.\n`);
  try {
    const doc = editor.document;
    select(editor, positionOf(doc, '768', 1));
    const r = await vscode.commands.executeCommand<EvaluateResult>('dlmath.evaluateSelection');
    assert.ok(r.ok, !r.ok ? r.message : '');
    assert.equal(r.value, '2359296');
    assert.equal(doc.getText(r.range), '4 \\times 768 \\times 768');
    assert.equal(doc.offsetAt(r.shownAt), doc.getText().indexOf('2357296$') + '2357296$'.length, 'not shown right after the formula');
    assert.equal(doc.getText(), `${DEFS}امتیازها: $K q$ و حاصل $4 \\times 768 \\times 768 = 2357296$.\n`, 'evaluating edited the text');

    select(editor, positionOf(doc, 'K q$', 0));
    const m = await vscode.commands.executeCommand<EvaluateResult>('dlmath.evaluateSelection');
    assert.ok(m.ok, !m.ok ? m.message : '');
    assert.equal(m.value, '[−2; 3]');
    assert.equal(m.latex, '\\begin{bmatrix} -2 \\\\ 3 \\end{bmatrix}');
  } finally {
    await closeActive();
  }
});

test('editor: Evaluate Selection on a selection outside math still evaluates it', async () => {
  const editor = await namedScratch('commands', 'Parameters: 3 \\times 4 + 2 here.\n');
  try {
    select(editor, rangeOf(editor.document, '3 \\times 4 + 2'));
    const r = await vscode.commands.executeCommand<EvaluateResult>('dlmath.evaluateSelection');
    assert.ok(r.ok, !r.ok ? r.message : '');
    assert.equal(r.value, '14');
  } finally {
    await closeActive();
  }
});

test('editor: the evaluate commands say why when nothing is computable, and change nothing', async () => {
  const content = 'متن بدون فرمول و $h_t = \\tanh(W h_{t-1} + U x_t)$ و $\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix} \\begin{bmatrix} 1 \\\\ 2 \\\\ 3 \\end{bmatrix}$\n';
  const editor = await namedScratch('commands', content);
  try {
    const doc = editor.document;
    select(editor, positionOf(doc, 'بدون', 1));
    const outside = await vscode.commands.executeCommand<EditResult>('dlmath.insertResult');
    assert.ok(!outside.ok);
    assert.match(outside.message, /cursor in a formula/);

    select(editor, positionOf(doc, 'tanh', 1));
    const symbolic = await vscode.commands.executeCommand<EvaluateResult>('dlmath.evaluateSelection');
    assert.ok(!symbolic.ok);
    assert.match(symbolic.message, /^Cannot evaluate: .+/);

    select(editor, positionOf(doc, '3 & 4', 1));
    const shapes = await vscode.commands.executeCommand<EditResult>('dlmath.replaceWithResult');
    assert.ok(!shapes.ok);
    assert.match(shapes.message, /2×2.*3×1/, `the shape problem is not explained: ${shapes.message}`);
    assert.equal(doc.getText(), content);
  } finally {
    await closeActive();
  }
});

test('editor: "Check Answers in This File" reports the claims and the wrong ones', async () => {
  await getExtension().activate();
  await openFixture(FIXTURE);
  const s = await vscode.commands.executeCommand<{ claims: number; wrong: number; warnings: number }>('dlmath.checkDocument');
  // 8 `=` claims in editor-answer.md; 4 wrong results and 1 orientation warning (worked by hand)
  assert.deepEqual({ claims: s.claims, wrong: s.wrong, warnings: s.warnings }, { claims: 8, wrong: 4, warnings: 1 });
});

test('editor: "Check Answers in Workspace" checks every Markdown file of the workspace', async () => {
  await getExtension().activate();
  const mdFiles = await vscode.workspace.findFiles('**/*.{md,markdown}');
  const r = await vscode.commands.executeCommand<{ files: number; of: number; wrong: number; cancelled: boolean }>('dlmath.checkWorkspace');
  assert.equal(r.cancelled, false);
  assert.equal(r.files, mdFiles.length);
  assert.ok(r.files >= 2, `only ${r.files} Markdown files found`);
  // both known answers now have diagnostics, whether or not they are open
  assert.equal(dlDiagnostics(fixtureUri(FIXTURE)).length, 5);
  assert.ok(dlDiagnostics(fixtureUri('answer.md')).some((d) => /\b39\b/.test(d.message)), 'answer.md: the wrong row 40 (right: 39) is not reported');
  assert.ok(r.wrong >= 5);
});
