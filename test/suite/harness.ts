/**
 * The integration suite's tiny test registry (no mocha: the suite must load the same way inside
 * code-server's remote extension host and inside VS Code desktop under @vscode/test-electron).
 * Test files call `test(name, fn)` at module top level; test/suite/index.ts loads every
 * `*.test.js` next to it and runs what they registered, in file order.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

export type TestFn = () => void | Promise<void>;

export interface RegisteredTest {
  name: string;
  file: string;
  fn: TestFn;
  timeoutMs: number;
}

export const registry: RegisteredTest[] = [];
let currentFile = '';

/** Set by the runner while it loads a test file, so each test knows where it came from. */
export function setCurrentFile(file: string): void {
  currentFile = file;
}

/** Registers an integration test. It fails if it throws, rejects, or runs longer than `timeoutMs`. */
export function test(name: string, fn: TestFn, options: { timeoutMs?: number } = {}): void {
  registry.push({ name, file: currentFile, fn, timeoutMs: options.timeoutMs ?? 20_000 });
}

export const EXTENSION_ID = 'dlmath-course.dlmath';

/** The extension under test; fails the test if VS Code does not know it. */
export function getExtension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) {
    const ids = vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id);
    throw new Error(`extension ${EXTENSION_ID} is not loaded (non-builtin extensions: ${ids.join(', ') || 'none'})`);
  }
  return ext;
}

/** The fixture workspace folder (test/fixtures/workspace), opened by both test hosts. */
export function fixtureUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri
    ?? vscode.Uri.file(path.resolve(__dirname, '../../../test/fixtures/workspace'));
  return vscode.Uri.joinPath(folder, ...segments);
}

/** Opens a fixture file in an editor and returns the editor. */
export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(name));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Polls `check` until it returns a truthy value, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
