// Jupyter notebooks in a real VS Code: the Markdown cells of test/fixtures/workspace/notebook-answer.ipynb
// get DL Math's diagnostics, hovers and quick fixes as a Markdown file does. The cells are read together
// (q is defined in cell 0 and judged in cell 2); the code cell's "$2 + 2 = 5$" is not read. Right
// values worked by hand: qᵀq = 1·1 + 2·2 = 5, 4·768·768 = 2359296.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri, getExtension, test, waitFor } from './harness';

const DL = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'DL Math');

async function openNotebook(): Promise<vscode.NotebookDocument> {
  await getExtension().activate();
  const nb = await vscode.workspace.openNotebookDocument(fixtureUri('notebook-answer.ipynb'));
  await vscode.window.showNotebookDocument(nb);
  assert.equal(nb.notebookType, 'jupyter-notebook');
  return nb;
}

async function step<T>(what: string, fn: () => Thenable<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new Error(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function textAt(doc: vscode.TextDocument, r: vscode.Range): string {
  return doc.getText(r);
}

test('notebook: wrong claims in Markdown cells are diagnostics of their cell, values defined in earlier cells are known, code cells are not read', async () => {
  const nb = await openNotebook();
  const cells = nb.getCells();
  assert.deepEqual(cells.map((c) => c.kind), [vscode.NotebookCellKind.Markup, vscode.NotebookCellKind.Code, vscode.NotebookCellKind.Markup, vscode.NotebookCellKind.Markup]);
  const cell2 = cells[2].document;
  assert.equal(cell2.uri.scheme, 'vscode-notebook-cell');
  assert.equal(cell2.languageId, 'markdown');
  const diags = await waitFor('diagnostics in cell 2', () => {
    const d = DL(cell2.uri);
    return d.length >= 2 ? d : undefined;
  });
  const sorted = [...diags].sort((a, b) => a.range.start.compareTo(b.range.start));
  // exactly these two: the Markdown diagnostics feature does not check the cell on its own as well
  assert.deepEqual(sorted.map((d) => [textAt(cell2, d.range), d.code, d.severity]), [
    ['6', 'wrong-result', vscode.DiagnosticSeverity.Error],
    ['2357296', 'wrong-result', vscode.DiagnosticSeverity.Error],
  ]);
  assert.match(sorted[0].message, /^qᵀq = 5, not 6$/);
  assert.equal(sorted[0].range.start.line, 0);
  assert.equal(sorted[1].range.start.line, 2);
  for (const i of [0, 1, 3]) assert.deepEqual(DL(cells[i].document.uri), [], `cell ${i} has no findings`);
});

test('notebook: hover on a wrong claim in a cell shows the right value; on a value defined in an earlier cell, its value', async () => {
  const nb = await openNotebook();
  const cell2 = nb.cellAt(2).document;
  await waitFor('diagnostics in cell 2', () => DL(cell2.uri).length >= 2 || undefined);
  const at = cell2.positionAt(cell2.getText().indexOf('2357296') + 2);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', cell2.uri, at);
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/&nbsp;/g, ' ');
  assert.match(text, /2359296/, text);
  // q is defined in cell 0: hovering it in cell 2 knows its value
  const q = cell2.positionAt(cell2.getText().indexOf('q^T') );
  const qh = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', cell2.uri, q);
  const qt = qh.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/&nbsp;/g, ' ');
  assert.match(qt, /5/, qt);
});

test('notebook: the quick fix replaces the claim in its cell and the diagnostic goes away; the claim put back is flagged again', async () => {
  const nb = await openNotebook();
  const cell2 = nb.cellAt(2).document;
  await waitFor('diagnostics in cell 2', () => DL(cell2.uri).length >= 2 || undefined);
  const start = cell2.getText().indexOf('2357296');
  const range = new vscode.Range(cell2.positionAt(start), cell2.positionAt(start + 7));
  // the workbench has a text model for a Markdown cell only while the cell is being edited (a rendered
  // cell is a preview): put cell 2 in edit mode, as a person does to fix it, and wait for its model
  await vscode.window.showNotebookDocument(nb, { selections: [new vscode.NotebookRange(2, 3)] });
  await step('editing cell 2', () => vscode.commands.executeCommand('notebook.cell.edit', { ranges: [{ start: 2, end: 3 }], document: nb.uri }));
  const all = await waitFor('code actions from the edited cell', async () => {
    try {
      const r = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', cell2.uri, range, vscode.CodeActionKind.QuickFix.value);
      return r.some((a) => 'edit' in a && a.edit) ? r : undefined;
    } catch (e) {
      if (e instanceof Error && /Illegal argument/.test(e.message)) return undefined;
      throw e;
    }
  });
  const actions = all.filter((a): a is vscode.CodeAction => 'edit' in a && !!a.edit);
  const titles = actions.map((a) => a.title);
  assert.equal(titles[0], 'Replace 2357296 with 2359296', JSON.stringify(titles));
  assert.ok(titles.includes("Don't check this formula"), JSON.stringify(titles));
  assert.ok(await step('applying the fix', () => vscode.workspace.applyEdit(actions[0].edit!)));
  try {
    assert.ok(cell2.getText().includes('4 \\times 768 \\times 768 = 2359296'));
    await waitFor('the fixed claim to lose its diagnostic', () => (DL(cell2.uri).length === 1 ? true : undefined));
    assert.equal(textAt(cell2, DL(cell2.uri)[0].range), '6');
  } finally {
    const edit = new vscode.WorkspaceEdit();
    const s = cell2.getText().indexOf('2359296');
    edit.replace(cell2.uri, new vscode.Range(cell2.positionAt(s), cell2.positionAt(s + 7)), '2357296');
    await step('restoring the claim', () => vscode.workspace.applyEdit(edit));
  }
  await waitFor('the restored claim to be flagged again', () => (DL(cell2.uri).length === 2 ? true : undefined));
  await step('closing the notebook', () => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'));
}, { timeoutMs: 60_000 });
