// Hovers through vscode.executeHoverProvider, the way the editor asks for them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test, getExtension, openFixture } from './harness';
import { FIXTURE, hoverText, positionOf, withSetting } from './editorUtil';

async function hoverAt(doc: vscode.TextDocument, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  return hoverText(hovers ?? []);
}

interface Case {
  name: string;
  /** Cursor: the text, its occurrence and an offset into it. */
  at: [string, number, number];
  /** What the hover must say (right values worked by hand). */
  says: RegExp[];
}

const CASES: Case[] = [
  // beside its diagnostic (which the editor shows in the same hover, with the right value) the hover
  // adds what the product counts and does not say the message again
  { name: 'a wrong product: what it counts, not the message again', at: ['2357296', 0, 3], says: [/DL Math: wrong result/, /What it counts/, /^(?![\s\S]*not 2357296)/] },
  { name: 'the left side of the wrong product shows its value too', at: ['4 \\times 768', 0, 1], says: [/2359296/] },
  { name: 'a wrong dot product shows −1 and its steps', at: ['\\end{bmatrix} = 3', 0, 16], says: [/[−-]1/, /0·3 \+ 2·\(−1\) \+ \(−1\)·\(−1\)/] },
  // the diagnostic beside it says "column"; the hover shows the right value as a column block
  { name: 'an orientation warning shows the right value as a column', at: ['-2 & 3', 0, 1], says: [/DL Math: orientation/, /Right value:\n\n```text\n⎡ -2 ⎤\n⎣  3 ⎦\n```/] },
  { name: 'a correct matrix product shows its value and shape', at: ['scores = K q', 0, 10], says: [/[−-]2/, /\b3\b/, /column vector \(2×1\)/] },
  { name: 'a document variable shows its definition and value', at: ['$q$', 0, 1], says: [/\bq\b/, /\b3\b/, /[−-]1/, /column vector \(3×1\)/, /defined by `q = /] },
  { name: 'a correct fraction-free claim shows the value', at: ['2 \\times 768 \\times 12', 0, 2], says: [/18432/] },
];

for (const c of CASES) {
  test(`editor: hover — ${c.name}`, async () => {
    await getExtension().activate();
    const doc = (await openFixture(FIXTURE)).document;
    const text = await hoverAt(doc, positionOf(doc, c.at[0], c.at[2], c.at[1]));
    for (const re of c.says) assert.match(text, re, `hover text: ${JSON.stringify(text)}`);
  });
}

test('editor: no DL Math hover on prose or on symbolic math', async () => {
  await getExtension().activate();
  const doc = (await openFixture(FIXTURE)).document;
  for (const [needle, delta] of [['بردار پرس‌وجو', 2], ['h_t = \\tanh', 8], ['\\partial L}{\\partial W}', 3]] as const) {
    const text = await hoverAt(doc, positionOf(doc, needle, delta));
    assert.doesNotMatch(text, /DL Math/, `unexpected hover at "${needle}": ${text}`);
  }
});

test('editor: dlmath.hover.enabled = false turns the hover off', async () => {
  await getExtension().activate();
  const doc = (await openFixture(FIXTURE)).document;
  const pos = positionOf(doc, '4 \\times 768', 1);
  await withSetting('hover.enabled', false, async () => {
    assert.doesNotMatch(await hoverAt(doc, pos), /2359296/);
  });
  assert.match(await hoverAt(doc, pos), /2359296/);
});
