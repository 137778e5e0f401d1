// "DL Math: Derive BPTT Expansion…" inside the extension host: the exact block inserted for the
// recurrence at (or above) the cursor, where it goes, one undo, CRLF documents, the numeric check the
// command reports, the pickers, and what it says when there is nothing to derive. The expected text is
// always computed from the core (findRecurrence/deriveBptt/derivationMarkdown) on the text the test wrote,
// never copied from the output. The σ'(z)(1−σ'(z)) diagnostic is tested in bpttSlip.test.ts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test, getExtension, fixtureUri, openFixture } from './harness';
import { closeActive, positionOf, select, namedScratch } from './editorUtil';
import { defaultNotation, derivationMarkdown, deriveBptt, findRecurrence, parseBpttTarget, type BpttTarget, type LossKind, type Notation } from '../../src/core/bptt';
import { proseLanguage } from '../../src/core/markdown/proseLanguage';

const FIXTURE = 'bptt-answer.md';
const SCRATCH_PREFIX = 'bptt-scratch';
const RECURRENCE_LINE = '$$h_t = \\sigma(W h_{t-1} + U x_t + b)$$';
const SLIP = "\\sigma'(z)(1 - \\sigma'(z))";

type Check = { verified: boolean; maxError?: number; maxRelError?: number; n?: number; entries?: number; skipped?: string };
type Result = { ok: true; text: string; range: vscode.Range; check: Check; notation: Notation; loss: LossKind; steps: number } | { ok: false; message: string };

/**
 * The block the core derives for the recurrence found at `offset` of `text`, in the language of the
 * text's prose (messages.language is `auto`; VS Code here is English).
 */
function expectedBlock(text: string, offset: number, o: { target: string | BpttTarget; loss: LossKind; notation?: Notation; steps: number }, eol = '\n'): string {
  const found = findRecurrence(text, offset);
  assert.ok(found, 'the core finds no recurrence at the cursor');
  const rec = found.recurrence;
  const target = typeof o.target === 'string' ? parseBpttTarget(o.target, rec, o.steps) : o.target;
  const lang = proseLanguage(text).lang ?? 'en';
  return derivationMarkdown(deriveBptt(rec, { target, loss: o.loss, notation: o.notation ?? defaultNotation(rec), steps: o.steps }), lang, eol);
}

/**
 * The web workbench saves edits by itself (files.autoSave), so a test that edits the fixture puts its
 * text back on disk when it ends, whatever happened.
 */
async function keepingFixture(fn: (editor: vscode.TextEditor) => Promise<void>): Promise<void> {
  await getExtension().activate();
  const uri = fixtureUri(FIXTURE);
  const original = await vscode.workspace.fs.readFile(uri);
  try {
    await fn(await openFixture(FIXTURE));
  } finally {
    await closeActive();
    const now = await vscode.workspace.fs.readFile(uri);
    if (Buffer.compare(Buffer.from(now), Buffer.from(original)) !== 0) await vscode.workspace.fs.writeFile(uri, original);
  }
}

async function run(args?: unknown): Promise<Result> {
  return vscode.commands.executeCommand<Result>('dlmath.deriveBptt', args);
}

function assertVerified(r: Extract<Result, { ok: true }>): void {
  assert.ok(!r.check.skipped, `the derivation was not checked: ${r.check.skipped}`);
  assert.ok(r.check.verified, `the numeric check failed: ${JSON.stringify(r.check)}`);
  assert.ok((r.check.maxError ?? 1) < 1e-6, `max error ${r.check.maxError}`);
  assert.ok((r.check.entries ?? 0) >= 1);
}

const scratch = (content: string): Promise<vscode.TextEditor> => namedScratch(SCRATCH_PREFIX, content);

test('bptt: on the fixture\'s recurrence, ∂L/∂W (summed loss, matrix, T = 3) inserts exactly the core\'s block after the formula; one undo removes it', async () => {
  await keepingFixture(async (editor) => {
    const doc = editor.document;
    const original = doc.getText();
    const cursor = positionOf(doc, 'W h_{t-1}', 2);
    select(editor, cursor);
    const args = { target: 'W', loss: 'sum' as const, notation: 'matrix' as const, steps: 3 };
    const block = expectedBlock(original, doc.offsetAt(cursor), args);
    assert.match(block, /^\$\$\n\\begin\{aligned\}/);
    assert.match(block, /\n\nبازشده برای \$T = 3\$:\n\n/, 'the Persian answer gets Persian sentences between the formulas');
    assert.match(block, /\\sigma'\(z_t\)/, 'the block writes the activation\'s derivative');

    const r = await run(args);
    assert.ok(r.ok, !r.ok ? r.message : '');
    assert.equal(r.text, block);
    // A paragraph of its own right after the recurrence's formula, before the prose that follows it.
    assert.equal(doc.getText(), original.replace(`${RECURRENCE_LINE}\n`, () => `${RECURRENCE_LINE}\n\n${block}\n`));
    assert.equal(doc.getText(r.range), block, 'the reported range is not the inserted block');
    assertVerified(r);
    assert.equal(r.check.n, 2, 'matrix notation is checked on a 2-component state');

    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), original, 'one undo did not remove the block');
  });
});

test('bptt: with the cursor below the recurrence, the block goes after the cursor\'s paragraph, for ∂L/∂h_k with the loss at the last step', async () => {
  await keepingFixture(async (editor) => {
    const doc = editor.document;
    const original = doc.getText();
    const cursor = positionOf(doc, SLIP, 3);
    select(editor, cursor);
    const args = { target: 'h_k', loss: 'final' as const, steps: 4 };
    const block = expectedBlock(original, doc.offsetAt(cursor), args);
    const r = await run({ ...args, notation: 'auto' });
    assert.ok(r.ok, !r.ok ? r.message : '');
    assert.equal(r.notation, 'matrix', 'W, U are capitals: matrix notation by default');
    const slipLine = original.split('\n').find((l) => l.includes(SLIP));
    assert.ok(slipLine);
    assert.equal(doc.getText(), original.replace(`${slipLine}\n`, () => `${slipLine}\n\n${block}\n`));
    assertVerified(r);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), original);
  });
});

test('bptt: an inline recurrence in Persian prose — the block starts a new paragraph after it and keeps the prose that follows apart', async () => {
  const content = 'رابطهٔ بازگشتی ساده: $h_t = x_t - h_{t-1}$ که در آن $h_0$ داده شده است.\nادامهٔ همین بند.\n## بعدی\n';
  const editor = await scratch(content);
  try {
    const doc = editor.document;
    select(editor, positionOf(doc, 'x_t -', 1));
    const args = { target: { kind: 'jacobian', t: 'T', k: 0 } as BpttTarget, loss: 'final' as const, steps: 3 };
    const block = expectedBlock(content, doc.offsetAt(editor.selection.active), args);
    const r = await run(args);
    assert.ok(r.ok, !r.ok ? r.message : '');
    assert.equal(r.notation, 'scalar', 'lower-case weights: scalar notation by default');
    assert.match(block, /\(-1\)\^\{T-i\}/, 'the linear recurrence gets its closed form with alternating signs');
    // The paragraph runs on to the next line; a heading ends it and gets a blank line before it.
    assert.equal(doc.getText(), `رابطهٔ بازگشتی ساده: $h_t = x_t - h_{t-1}$ که در آن $h_0$ داده شده است.\nادامهٔ همین بند.\n\n${block}\n\n## بعدی\n`);
    assertVerified(r);
    assert.equal(r.check.n, 1, 'scalar notation is checked on a scalar state');
  } finally {
    await closeActive();
  }
});

test('bptt: a CRLF document gets a CRLF block', async () => {
  const editor = await scratch('Recurrence:\n\n$$s_t = \\tanh(W_{hh} s_{t-1} + W_{hx} x_t + M s_{t-2})$$\n\nEnd.\n');
  try {
    await editor.edit((b) => b.setEndOfLine(vscode.EndOfLine.CRLF));
    const doc = editor.document;
    const before = doc.getText();
    assert.ok(before.includes('\r\n'));
    select(editor, positionOf(doc, 'tanh', 1));
    const args = { target: 'W_{hx}', loss: 'sum' as const, notation: 'matrix' as const, steps: 2 };
    const block = expectedBlock(before, doc.offsetAt(editor.selection.active), args, '\r\n');
    const r = await run(args);
    assert.ok(r.ok, !r.ok ? r.message : '');
    assert.equal(r.text, block);
    assert.ok(!/[^\r]\n/.test(doc.getText()), 'a bare \\n was inserted into a CRLF document');
    const line = '$$s_t = \\tanh(W_{hh} s_{t-1} + W_{hx} x_t + M s_{t-2})$$';
    assert.equal(doc.getText(), before.replace(`${line}\r\n`, () => `${line}\r\n\r\n${block}\r\n`));
    assertVerified(r);
  } finally {
    await closeActive();
  }
});

test('bptt: an activation DL Math cannot evaluate is derived but reported as not checked numerically', async () => {
  const editor = await scratch('$$h_t = \\psi(W h_{t-1} + U x_t)$$\n');
  try {
    select(editor, new vscode.Position(0, 5));
    const r = await run({ target: 'U', loss: 'final', notation: 'matrix', steps: 2 });
    assert.ok(r.ok, !r.ok ? r.message : '');
    assert.equal(r.check.verified, false);
    assert.match(r.check.skipped ?? '', /\\psi.*not an activation/);
  } finally {
    await closeActive();
  }
});

test('bptt: an options object never asks — what it leaves out takes the defaults (∂L/∂h_k, loss at the last step, own notation, T = 3)', async () => {
  const content = '$$h_t = \\tanh(w\\,h_{t-1} + u\\,x_t)$$\n';
  const editor = await scratch(content);
  try {
    select(editor, new vscode.Position(0, 8));
    const r = await run({});
    assert.ok(r.ok, !r.ok ? r.message : '');
    assert.deepEqual({ loss: r.loss, notation: r.notation, steps: r.steps }, { loss: 'final', notation: 'scalar', steps: 3 });
    assert.equal(r.text, expectedBlock(content, 8, { target: { kind: 'state', k: 'k' }, loss: 'final', steps: 3 }));
    assertVerified(r);
  } finally {
    await closeActive();
  }
});

test('bptt: the panel\'s way — a document URI and an offset, while another editor is active', async () => {
  const content = 'Answer:\n\n$$h_t = \\tanh(W h_{t-1} + U x_t + b)$$\n\nMore prose.\n';
  const target = await scratch(content);
  const other = await scratch('# another file\n');
  try {
    assert.equal(vscode.window.activeTextEditor?.document, other.document);
    const offset = content.indexOf('W h_{t-1}');
    const args = { target: 'b', loss: 'sum' as const, notation: 'matrix' as const, steps: 2 };
    const r = await run({ ...args, uri: target.document.uri.toString(), offset });
    assert.ok(r.ok, !r.ok ? r.message : '');
    const line = '$$h_t = \\tanh(W h_{t-1} + U x_t + b)$$';
    assert.equal(target.document.getText(), content.replace(`${line}\n`, () => `${line}\n\n${expectedBlock(content, offset, args)}\n`));
    assert.equal(other.document.getText(), '# another file\n', 'the active editor was edited');
    assertVerified(r);
  } finally {
    await closeActive();
    await vscode.window.showTextDocument(target.document);
    await closeActive();
  }
});

test('bptt: nothing to derive — says what to write, and changes nothing', async () => {
  const content = 'متن بدون رابطهٔ بازگشتی: $y = W x + b$\n\n$$h_t = W h_{t-1} + U x_t$$\n';
  const editor = await scratch(content);
  try {
    const doc = editor.document;
    select(editor, positionOf(doc, 'W x', 1));
    const none = await run({ target: 'W', loss: 'sum', notation: 'matrix', steps: 3 });
    assert.ok(!none.ok);
    assert.match(none.message, /No recurrence on or above the cursor.*h_t = \\sigma\(W h_\{t-1\} \+ U x_t \+ b\)/);

    select(editor, positionOf(doc, 'U x_t', 0));
    const badSteps = await run({ target: 'W', loss: 'sum', notation: 'matrix', steps: 0 });
    assert.ok(!badSteps.ok);
    assert.match(badSteps.message, /T must be a whole number from 1 to 1000/);
    const badTarget = await run({ target: 'V', loss: 'sum', notation: 'matrix', steps: 3 });
    assert.ok(!badTarget.ok);
    assert.match(badTarget.message, /Cannot differentiate with respect to V/);
    const badLoss = await run({ target: 'W', loss: 'mean', steps: 3 });
    assert.ok(!badLoss.ok);
    assert.match(badLoss.message, /loss must be "final".*"sum"/);
    assert.equal(doc.getText(), content);
  } finally {
    await closeActive();
  }
});

test('bptt: without arguments the command asks — target, loss, notation, T — and Enter on each takes the first/default', async () => {
  const content = '$$h_t = \\mathrm{ReLU}(W h_{t-1} + U x_t + b)$$\n';
  const editor = await scratch(content);
  try {
    const doc = editor.document;
    select(editor, new vscode.Position(0, 10));
    const pending = run();
    // Four prompts: accept what each offers first (∂L/∂h_k, loss at the last step, matrix notation, T = 3).
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 400));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const r = await Promise.race([pending, new Promise<undefined>((res) => setTimeout(() => res(undefined), 8000))]);
    assert.ok(r, 'the command did not finish after four prompts were accepted');
    assert.ok(r.ok, !r.ok ? r.message : '');
    assert.deepEqual({ loss: r.loss, notation: r.notation, steps: r.steps }, { loss: 'final', notation: 'matrix', steps: 3 });
    assert.equal(r.text, expectedBlock(content, 10, { target: { kind: 'state', k: 'k' }, loss: 'final', notation: 'matrix', steps: 3 }));
    assert.equal(doc.getText(), `${content.trimEnd()}\n\n${r.text}\n`);
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await closeActive();
  }
});
