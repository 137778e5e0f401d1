// Diagnostics on a real answer file, inside the extension host: which claims are underlined, with what
// message, severity and related places; checking as you type, on demand, and the settings that
// change when checks run.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test, getExtension, openFixture } from './harness';
import { FIXTURE, closeActive, dlDiagnostics, fixtureText, hoverText, scratch, waitForDiagnostics, withSetting } from './editorUtil';
import { stripIsolates } from '../../src/core/messages';

interface Expected {
  text: string;
  code: string;
  severity: vscode.DiagnosticSeverity;
  /** The message must name the right value. */
  mentions: RegExp;
}

// Worked by hand from editor-answer.md:
//   [0 2 −1]·[3 −1 −1] = 0 − 2 + 1 = −1;  K q = [−2; 3] is a column;  qᵀq = 9 + 1 + 1 = 11;
//   4·768·768 = 2 359 296;  ۲×۳ = 6.  The LayerNorm count 2·768·12 = 18432 and ۲×۴ = ۸ are right.
const EXPECTED: Expected[] = [
  { text: '3', code: 'wrong-result', severity: vscode.DiagnosticSeverity.Error, mentions: /[−-]1\b/ },
  { text: '\\begin{bmatrix} -2 & 3 \\end{bmatrix}', code: 'orientation', severity: vscode.DiagnosticSeverity.Warning, mentions: /column/ },
  { text: '10', code: 'wrong-result', severity: vscode.DiagnosticSeverity.Error, mentions: /\b11\b/ },
  { text: '2357296', code: 'wrong-result', severity: vscode.DiagnosticSeverity.Error, mentions: /\b2359296\b/ },
  { text: '۵', code: 'wrong-result', severity: vscode.DiagnosticSeverity.Error, mentions: /\b6\b|۶/ },
];

test('editor: the fixture answer gets exactly its five DL Math diagnostics, each naming the right value', async () => {
  await getExtension().activate();
  const editor = await openFixture(FIXTURE);
  const doc = editor.document;
  const ds = await waitForDiagnostics(doc.uri, `${EXPECTED.length} diagnostics on ${FIXTURE}`, (d) => d.length >= EXPECTED.length);
  assert.deepEqual(ds.map((d) => doc.getText(d.range)), EXPECTED.map((e) => e.text), 'underlined text');
  ds.forEach((d, i) => {
    const e = EXPECTED[i];
    assert.equal(d.code, e.code, `code of "${e.text}"`);
    assert.equal(d.severity, e.severity, `severity of "${e.text}"`);
    assert.equal(d.source, 'DL Math');
    assert.match(d.message, e.mentions, `message "${d.message}" does not name the right value`);
  });
  // symbolic lines (h_t = tanh(...), ∂L/∂W = Σ ...) and correct claims are not underlined
  const lines = new Set(ds.map((d) => d.range.start.line));
  for (const marker of ['h_t = \\tanh', '\\frac{\\partial L}', '2 \\times 768 \\times 12', 'scores = K q']) {
    const line = doc.positionAt(doc.getText().indexOf(marker)).line;
    assert.ok(!lines.has(line), `line ${line + 1} (${marker}) should have no diagnostic`);
  }
});

test('editor: diagnostics on claims that use document variables point to where the variables are defined', async () => {
  const editor = await openFixture(FIXTURE);
  const doc = editor.document;
  const ds = await waitForDiagnostics(doc.uri, 'diagnostics on the fixture', (d) => d.length >= EXPECTED.length);
  const orientation = ds.find((d) => d.code === 'orientation');
  assert.ok(orientation?.relatedInformation, 'the orientation warning has no related information');
  const related = orientation.relatedInformation.map((r) => ({ uri: r.location.uri.toString(), text: doc.getText(r.location.range), message: r.message }));
  for (const r of related) assert.equal(r.uri, doc.uri.toString());
  assert.deepEqual(related.map((r) => r.text.slice(0, 4)).sort(), ['K = ', 'q = '], JSON.stringify(related));
  assert.ok(related.some((r) => /^K\b/.test(r.message) && /1, 2, 3/.test(r.message)), JSON.stringify(related));
  const qtq = ds.find((d) => doc.getText(d.range) === '10');
  assert.deepEqual(qtq?.relatedInformation?.map((r) => doc.getText(r.location.range).slice(0, 4)), ['q = ']);
  // a claim without variables has none
  const product = ds.find((d) => doc.getText(d.range) === '2357296');
  assert.equal(product?.relatedInformation?.length ?? 0, 0);
});

test('editor: a wrong claim typed into an answer is underlined after the debounce and cleared when fixed', async () => {
  const editor = await scratch('# پاسخ\n\nضرب: $3 \\times 4 = 12$\n');
  try {
    const doc = editor.document;
    await waitForDiagnostics(doc.uri, 'the correct answer to be checked', () => true);
    assert.equal(dlDiagnostics(doc.uri).length, 0, 'a correct claim is underlined');
    const at = doc.getText().indexOf('12');
    await editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 2)), '13'));
    const ds = await waitForDiagnostics(doc.uri, 'the wrong claim 13 to be underlined', (d) => d.length === 1);
    assert.equal(doc.getText(ds[0].range), '13');
    assert.match(ds[0].message, /\b12\b/);
    await editor.edit((b) => b.replace(ds[0].range, '12'));
    await waitForDiagnostics(doc.uri, 'the diagnostic to go once fixed', (d) => d.length === 0);
  } finally {
    await closeActive();
  }
});

test('editor: check.mode off publishes nothing until "Check Answers in This File" is run', async () => {
  await withSetting('check.mode', 'off', async () => {
    const editor = await scratch('$4 \\times 768 \\times 768 = 2357296$ و $2 + 2 = 4$\n');
    try {
      const uri = editor.document.uri;
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(dlDiagnostics(uri).length, 0, 'diagnostics were published with check.mode off');
      const summary = await vscode.commands.executeCommand<{ claims: number; wrong: number; warnings: number }>('dlmath.checkDocument');
      assert.deepEqual({ claims: summary.claims, wrong: summary.wrong, warnings: summary.warnings }, { claims: 2, wrong: 1, warnings: 0 });
      const ds = dlDiagnostics(uri);
      assert.deepEqual(ds.map((d) => editor.document.getText(d.range)), ['2357296']);
    } finally {
      await closeActive();
    }
  });
});

test('editor: check.mode onSave does not check while typing', async () => {
  await withSetting('check.mode', 'onSave', async () => {
    const editor = await scratch('$2 + 2 = 4$\n');
    try {
      const doc = editor.document;
      await editor.edit((b) => b.insert(doc.positionAt(doc.getText().length), '$3 + 3 = 7$\n'));
      await new Promise((r) => setTimeout(r, 900));
      assert.equal(dlDiagnostics(doc.uri).length, 0, 'checked on type although check.mode is onSave');
    } finally {
      await closeActive();
    }
  });
});

test('editor: files above check.maxFileSizeKB are checked only on demand', async () => {
  const text = await fixtureText();
  await withSetting('check.maxFileSizeKB', 1, async () => {
    assert.ok(new TextEncoder().encode(text).length > 1024, 'the fixture is expected to be larger than 1 KB');
    const editor = await scratch(text);
    try {
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(dlDiagnostics(editor.document.uri).length, 0, 'a file above the limit was checked automatically');
      const summary = await vscode.commands.executeCommand<{ claims: number; wrong: number; warnings: number }>('dlmath.checkDocument');
      assert.equal(summary.wrong, 4);
      assert.equal(summary.warnings, 1);
      assert.equal(dlDiagnostics(editor.document.uri).length, 5);
    } finally {
      await closeActive();
    }
  });
});

test('editor: with dlmath.messages.language = fa a wrong claim is explained in Persian, and in English again when set to en', async () => {
  const editor = await scratch('# سوال ۳\n\nتعداد پارامترها: $$4 \\times 768 \\times 768 = 2357296$$\n');
  try {
    const doc = editor.document;
    await withSetting('messages.language', 'fa', async () => {
      const [d] = await waitForDiagnostics(doc.uri, 'a Persian diagnostic', (ds) => ds.length === 1 && /حاصل/.test(ds[0].message));
      assert.equal(stripIsolates(d.message), 'حاصل 4 × 768 × 768 برابر 2359296 است، نه 2357296');
      assert.ok(d.message.includes('\u20662359296\u2069'), 'the value is isolated left to right');
      assert.equal(doc.getText(d.range), '2357296');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
      const titles = actions.map((a) => stripIsolates(a.title));
      assert.ok(titles.includes('جایگزینی 2357296 با 2359296'), JSON.stringify(titles));
      assert.ok(titles.includes('این فرمول را بررسی نکن'), `"Don't check this formula" in Persian too: ${JSON.stringify(titles)}`);
    });
    await withSetting('messages.language', 'en', async () => {
      const [d] = await waitForDiagnostics(doc.uri, 'the English diagnostic again', (ds) => ds.length === 1 && !/حاصل/.test(ds[0].message));
      assert.equal(d.message, '4 × 768 × 768 = 2359296, not 2357296');
    });
  } finally {
    await closeActive();
  }
});

test('editor: with dlmath.messages.language = auto the findings follow the answer\'s prose (Persian prose: Persian; English prose: English)', async () => {
  const persian = await scratch('# پرسش ۵\n\nتعداد پارامترهای چهار ماتریس تصویر در یک لایهٔ توجه چنین است: $$4 \\times 768 \\times 768 = 2357296$$\n');
  try {
    await withSetting('messages.language', 'auto', async () => {
      const [d] = await waitForDiagnostics(persian.document.uri, 'a Persian diagnostic for Persian prose', (ds) => ds.length === 1 && /حاصل/.test(ds[0].message));
      assert.equal(stripIsolates(d.message), 'حاصل 4 × 768 × 768 برابر 2359296 است، نه 2357296');
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', persian.document.uri, d.range.start.translate(0, 2));
      const text = stripIsolates(hoverText(hovers ?? []));
      assert.match(text, /DL Math: نتیجهٔ نادرست/, text);
      // beside the diagnostic (which states the message) the hover does not say it again
      assert.doesNotMatch(text, /حاصل/, text);
    });
  } finally {
    await closeActive();
  }
  const english = await scratch('# Question 5\n\nThe four projection matrices of one attention layer have $$4 \\times 768 \\times 768 = 2357296$$ parameters.\n');
  try {
    await withSetting('messages.language', 'auto', async () => {
      const [d] = await waitForDiagnostics(english.document.uri, 'an English diagnostic for English prose', (ds) => ds.length === 1);
      assert.equal(d.message, '4 × 768 × 768 = 2359296, not 2357296');
    });
  } finally {
    await closeActive();
  }
});
