// Shapes and counts in a real extension host: hovers through vscode.executeHoverProvider on the
// fixture shapes-answer.md, and the Transformer Calculator's inserted table (one undoable edit).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test, getExtension, openFixture } from './harness';
import { closeActive, positionOf, scratch } from './editorUtil';

const FIXTURE = 'shapes-answer.md';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

async function hoverAt(doc: vscode.TextDocument, pos: vscode.Position): Promise<{ text: string; range?: vscode.Range }> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos)) ?? [];
  return { text: hoverText(hovers), range: hovers.find((h) => h.range)?.range };
}

interface Case {
  name: string;
  /** Cursor: the text and an offset into it. */
  at: [string, number];
  says: RegExp[];
  /** The text the hover's range covers, when it matters. */
  covers?: string;
}

const CASES: Case[] = [
  { name: 'a tensor shape shows its element count and memory', at: ['(32, 2048, 768)', 2], says: [/50,331,648 values = 192 MiB in fp32/, /B = 32, n = 2048, d_model = 768/], covers: '(32, 2048, 768)' },
  { name: 'a declaration shows the concrete shape and parameter count', at: ['W_K, W_V \\in', 1], says: [/ℝ\^\(768×64\)/, /49,152 parameters/, /147,456 parameters for all 3/] },
  { name: 'd_head = d_model / h shows its value', at: ['d_{model} / h$$', 3], says: [/`64`/, /d_head = d_model\/h = 768\/12 = 64/] },
  {
    name: 'the attention formula shows the shape flow with numbers',
    at: ['\\mathrm{softmax}\\left(\\frac{QK^T', 3],
    says: [/1\. QKᵀ: \(n×d_head\)·\(d_head×n\) → n×n = \(2048×64\)·\(64×2048\) → 2048×2048/, /√d_head = 8/, /softmax over each row/, /→ n×d_head = \(2048×2048\)·\(2048×64\) → 2048×64/],
  },
  { name: 'QK without the transpose says which factor to transpose', at: ['\\frac{QK}', 7], says: [/inner sizes d_head = 64 and n = 2048 differ; did you mean Kᵀ\?/], covers: 'QK' },
  { name: 'a product of sizes says what it counts', at: ['4 \\times 768', 1], says: [/2359296/, /Q, K, V and output projection weights/, /2,359,296 weights, 2,362,368 with biases/] },
  { name: 'a skip-gram pair count is explained from n, c', at: ['= 4000', 3], says: [/n = 1,000 words/, /c = 2 on each side/, /4,000 \(center, context\) pairs/] },
];

for (const c of CASES) {
  test(`shapes: hover — ${c.name}`, async () => {
    await getExtension().activate();
    const doc = (await openFixture(FIXTURE)).document;
    const h = await hoverAt(doc, positionOf(doc, c.at[0], c.at[1]));
    for (const re of c.says) assert.match(h.text, re, `hover text: ${JSON.stringify(h.text)}`);
    if (c.covers) {
      assert.ok(h.range, 'the hover has no range');
      assert.equal(doc.getText(h.range), c.covers);
    }
  });
}

test('shapes: Transformer Calculator inserts the GPT-2 small table at the cursor as one undoable edit', async () => {
  const before = '# Answer\n\nParameters of GPT-2 small:\n\nThe end.\n';
  const editor = await scratch(before);
  try {
    const at = editor.document.positionAt(before.indexOf('The end.'));
    editor.selection = new vscode.Selection(at, at);
    const r = await vscode.commands.executeCommand<{ ok: boolean; text: string; total: number; range: vscode.Range }>('dlmath.transformerCalculator', { preset: 'gpt2-small', lang: 'en' });
    assert.ok(r?.ok, JSON.stringify(r));
    assert.equal(r.total, 124_439_808);
    const text = editor.document.getText();
    assert.ok(text.startsWith('# Answer\n\nParameters of GPT-2 small:\n\n**Parameters** — decoder-only (12 layers)'), text.slice(0, 200));
    assert.match(text, /\| \*\*Total\*\* \|\s+\|\s+\| \*\*124,439,808\*\* \|/);
    assert.match(text, /\| token embedding \|\s+\| 50257 × 768 \| 38,597,376 \|/);
    assert.match(text, /\n\nThe end\.\n$/, 'the text after the cursor stays, after a blank line');
    assert.equal(editor.document.getText(r.range), r.text, 'the returned range is the inserted table');
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before, 'one undo removes the whole table');
  } finally {
    await closeActive();
  }
});

test('shapes: Transformer Calculator reads the sizes declared around the cursor', async () => {
  const doc = (await openFixture(FIXTURE)).document;
  const content = doc.getText();
  const editor = await scratch(content);
  try {
    const end = editor.document.positionAt(content.length);
    editor.selection = new vscode.Selection(end, end);
    const r = await vscode.commands.executeCommand<{ ok: boolean; text: string; total: number }>('dlmath.transformerCalculator', { fromDocument: true, lang: 'en' });
    assert.ok(r?.ok, JSON.stringify(r));
    // V = 50257, d_model = 768, h = 12, L = 12 decoder layers, 1024 learned positions, post-LN without a final LayerNorm
    const d = 768;
    assert.equal(r.total, 50257 * d + 1024 * d + 12 * (12 * d * d + 13 * d));
    assert.match(r.text, /decoder-only \(12 layers\), d_model = 768, 12 heads/);
    assert.ok(editor.document.getText().endsWith(r.text), 'inserted at the end, where the cursor was');
  } finally {
    await closeActive();
  }
});

test('shapes: Transformer Calculator writes Persian headers for a Persian table, and follows the display language by default', async () => {
  const editor = await scratch('جدول:\n\n');
  try {
    const end = editor.document.positionAt(editor.document.getText().length);
    editor.selection = new vscode.Selection(end, end);
    const fa = await vscode.commands.executeCommand<{ ok: boolean; text: string }>('dlmath.transformerCalculator', { preset: 'bert-base', lang: 'fa' });
    assert.ok(fa?.ok);
    assert.match(fa.text, /\| مؤلفه \| لایه‌ها \|/);
    assert.match(fa.text, /\*\*109,482,240\*\*/);
    const byDefault = await vscode.commands.executeCommand<{ ok: boolean; text: string }>('dlmath.transformerCalculator', { preset: 'bert-base' });
    assert.ok(byDefault?.ok);
    const persianUi = vscode.env.language.toLowerCase().startsWith('fa');
    assert.equal(/مؤلفه/.test(byDefault.text), persianUi, `display language ${vscode.env.language}`);
  } finally {
    await closeActive();
  }
});

test('shapes: Transformer Calculator refuses an unknown preset without editing', async () => {
  const editor = await scratch('x\n');
  try {
    const r = await vscode.commands.executeCommand<{ ok: boolean; message: string }>('dlmath.transformerCalculator', { preset: 'gpt-5' });
    assert.equal(r?.ok, false);
    assert.match(r.message, /gpt2-small, bert-base, transformer-base/);
    assert.equal(editor.document.getText(), 'x\n');
  } finally {
    await closeActive();
  }
});
