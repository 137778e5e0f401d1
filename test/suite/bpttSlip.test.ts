// The σ'(z)(1−σ'(z)) slip (σ'(z) already is σ(z)(1−σ(z))) in a real answer file, inside the extension
// host: an Information diagnostic on exactly the product, with the quick fix that drops the primes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test, getExtension, openFixture } from './harness';
import { closeActive, waitForDiagnostics, namedScratch } from './editorUtil';

const FIXTURE = 'bptt-answer.md';
const SCRATCH_PREFIX = 'bptt-slip-scratch';
const SLIP = "\\sigma'(z)(1 - \\sigma'(z))";

const scratch = (content: string): Promise<vscode.TextEditor> => namedScratch(SCRATCH_PREFIX, content);

test('bptt: the σ\'(z)(1 − σ\'(z)) slip in the fixture is an Information diagnostic on exactly that product', async () => {
  await getExtension().activate();
  const editor = await openFixture(FIXTURE);
  const doc = editor.document;
  const ds = await waitForDiagnostics(doc.uri, 'the sigma-prime-slip diagnostic', (d) => d.some((x) => x.code === 'sigma-prime-slip'));
  const slip = ds.filter((d) => d.code === 'sigma-prime-slip');
  assert.equal(slip.length, 1, JSON.stringify(ds.map((d) => d.message)));
  assert.equal(slip[0].severity, vscode.DiagnosticSeverity.Information);
  assert.equal(doc.getText(slip[0].range), SLIP);
  const at = doc.getText().indexOf(SLIP);
  assert.deepEqual([doc.offsetAt(slip[0].range.start), doc.offsetAt(slip[0].range.end)], [at, at + SLIP.length]);
  assert.match(slip[0].message, /σ\(z\)\(1−σ\(z\)\)/);
  // nothing else on the fixture: the recurrence and the derivation are symbolic, not wrong claims
  assert.deepEqual(ds.filter((d) => d.code !== 'sigma-prime-slip').map((d) => d.message), []);
  await closeActive();
});

test('bptt: the slip\'s quick fix drops the primes (hw5-b style, under \\underbrace), and the diagnostic goes; σ(z)(1−σ(z)) is not flagged', async () => {
  const content = "$$\\frac{\\partial \\mathcal{L}}{\\partial h_t} = \\underbrace{\\sigma'(Ux_{t+1} + Wh_t)}_{z_{t+1}} \\underbrace{(1 - \\sigma'(Ux_{t+1} + Wh_t))}_{z_{t+1}} \\times W$$\n\n$$\\max \\sigma(z) (1 - \\sigma(z)) = \\frac{1}{4}$$\n";
  const editor = await scratch(content);
  try {
    const doc = editor.document;
    const ds = await waitForDiagnostics(doc.uri, 'the sigma-prime-slip diagnostic', (d) => d.some((x) => x.code === 'sigma-prime-slip'));
    const slip = ds.filter((d) => d.code === 'sigma-prime-slip');
    assert.equal(slip.length, 1, JSON.stringify(ds.map((d) => d.message)));
    assert.equal(slip[0].severity, vscode.DiagnosticSeverity.Information);
    assert.equal(slip[0].range.start.line, 0, 'the correct σ(z)(1−σ(z)) on line 3 is not flagged');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, slip[0].range);
    const fix = actions.find((a) => /drop the primes/.test(a.title));
    assert.ok(fix?.edit, `no "drop the primes" fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.getText(), content.replace("\\sigma'(Ux_{t+1} + Wh_t)}_{z_{t+1}} \\underbrace{(1 - \\sigma'(", () => "\\sigma(Ux_{t+1} + Wh_t)}_{z_{t+1}} \\underbrace{(1 - \\sigma("));
    await waitForDiagnostics(doc.uri, 'the slip diagnostic to go', (d) => !d.some((x) => x.code === 'sigma-prime-slip'));
  } finally {
    await closeActive();
  }
});
