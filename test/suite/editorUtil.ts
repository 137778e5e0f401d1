// Helpers shared by the editor*.test.ts integration tests (diagnostics, quick fixes, commands, hover).
import * as vscode from 'vscode';
import { getExtension, fixtureUri, waitFor } from './harness';

export const FIXTURE = 'editor-answer.md';

/** The fixture answer's text, read through the workspace file system (as the extension does). */
export async function fixtureText(name = FIXTURE): Promise<string> {
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(fixtureUri(name)));
}

/** An untitled Markdown editor with `content`, so tests may edit freely; close it with `closeActive`. */
export async function scratch(content: string): Promise<vscode.TextEditor> {
  await getExtension().activate();
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  return vscode.window.showTextDocument(doc, { preview: false });
}

let namedScratchCount = 0;

/**
 * An untitled Markdown editor with `content` under a name of its own (`prefix-…`):
 * `openTextDocument({ content })` may hand back a just-closed `Untitled-N` document the extension
 * host has not let go of yet. The content is one undoable insert.
 */
export async function namedScratch(prefix: string, content: string): Promise<vscode.TextEditor> {
  await getExtension().activate();
  const uri = vscode.Uri.parse(`untitled:${prefix}-${Date.now()}-${++namedScratchCount}.md`);
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  await editor.edit((b) => b.insert(new vscode.Position(0, 0), content), { undoStopBefore: false, undoStopAfter: true });
  if (doc.getText() !== content) throw new Error('the scratch document does not hold the content');
  if (doc.languageId !== 'markdown') throw new Error(`the scratch document is ${doc.languageId}, not markdown`);
  return editor;
}

/** Reverts and closes the active editor (untitled scratch documents leave nothing behind). */
export async function closeActive(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

export function dlDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'DL Math')
    .sort((a, b) => a.range.start.compareTo(b.range.start));
}

/** Waits until DL Math's diagnostics for `uri` satisfy `ok` and returns them. */
export async function waitForDiagnostics(uri: vscode.Uri, what: string, ok: (ds: vscode.Diagnostic[]) => boolean, timeoutMs = 8000): Promise<vscode.Diagnostic[]> {
  let last: vscode.Diagnostic[] = [];
  try {
    return await waitFor(what, () => {
      last = dlDiagnostics(uri);
      return ok(last) ? last : undefined;
    }, timeoutMs);
  } catch (e) {
    throw new Error(`${(e as Error).message}; diagnostics now: ${JSON.stringify(last.map((d) => d.message))}`);
  }
}

/** Position of the `nth` (0-based) occurrence of `needle` in the document, plus `delta` characters. */
export function positionOf(doc: vscode.TextDocument, needle: string, delta = 0, nth = 0): vscode.Position {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (occurrence ${nth}) is not in the document: ${JSON.stringify(text.slice(0, 300))}`);
  }
  return doc.positionAt(at + delta);
}

/** Range covering the `nth` occurrence of `needle`. */
export function rangeOf(doc: vscode.TextDocument, needle: string, nth = 0): vscode.Range {
  const start = positionOf(doc, needle, 0, nth);
  return new vscode.Range(start, doc.positionAt(doc.offsetAt(start) + needle.length));
}

/** Sets a DL Math setting in the user settings for the duration of `fn`. */
export async function withSetting<T>(key: string, value: unknown, fn: () => Promise<T>): Promise<T> {
  const c = vscode.workspace.getConfiguration('dlmath');
  const before = c.inspect(key)?.globalValue;
  await c.update(key, value, vscode.ConfigurationTarget.Global);
  try {
    return await fn();
  } finally {
    await vscode.workspace.getConfiguration('dlmath').update(key, before, vscode.ConfigurationTarget.Global);
  }
}

/** The plain text of hover contents (MarkdownString values; `&nbsp;` as spaces). */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n').replace(/&nbsp;/g, ' ').replace(/\u00a0/g, ' ');
}

/** Selects `range` (or places the cursor at a position) in the editor. */
export function select(editor: vscode.TextEditor, at: vscode.Range | vscode.Position): void {
  const r = at instanceof vscode.Range ? at : new vscode.Range(at, at);
  editor.selection = new vscode.Selection(r.start, r.end);
}
