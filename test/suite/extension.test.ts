// The extension package as VS Code sees it: present, activated by Markdown, declaring what the
// product promises, and contributing no command that is not registered.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test, getExtension, openFixture, waitFor } from './harness';

interface PackageJson {
  name: string;
  displayName: string;
  main: string;
  engines: { vscode: string };
  activationEvents?: string[];
  capabilities?: { untrustedWorkspaces?: { supported?: boolean | string }; virtualWorkspaces?: boolean | { supported?: boolean } };
  contributes?: { commands?: { command: string; title: string; category?: string }[] };
}

const pkg = (): PackageJson => getExtension().packageJSON as PackageJson;

function minorOf(version: string): [number, number] {
  const m = /(\d+)\.(\d+)/.exec(version);
  assert.ok(m, `no version number in "${version}"`);
  return [Number(m[1]), Number(m[2])];
}

test('runs in the VS Code version under test', () => {
  // The code-server runner pins 1.100 (code-server 4.100.3); test-electron may use any release.
  const expected = process.env.DLMATH_EXPECT_VSCODE;
  if (expected) assert.ok(vscode.version.startsWith(expected), `vscode.version is ${vscode.version}, expected ${expected}*`);
  const [major, minor] = minorOf(vscode.version);
  const [wantMajor, wantMinor] = minorOf(pkg().engines.vscode);
  assert.ok(major === wantMajor && minor >= wantMinor, `engines.vscode "${pkg().engines.vscode}" does not admit VS Code ${vscode.version}`);
});

test('extension dlmath-course.dlmath is installed with its bundled entry point', () => {
  const ext = getExtension();
  assert.equal(pkg().name, 'dlmath');
  assert.equal(pkg().displayName, 'DL Math');
  assert.equal(pkg().main, './dist/extension.js');
  assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace);
});

test('opening a Markdown answer activates the extension', async () => {
  assert.deepEqual(pkg().activationEvents, ['onLanguage:markdown', 'onNotebook:jupyter-notebook']);
  const editor = await openFixture('answer.md');
  assert.equal(editor.document.languageId, 'markdown');
  // Do not call activate(): the point is that opening Markdown is enough.
  await waitFor('DL Math to activate after opening answer.md', () => getExtension().isActive, 15_000);
});

test('the fixture answer reaches the extension host intact (Persian prose and LaTeX)', async () => {
  const editor = await openFixture('answer.md');
  const text = editor.document.getText();
  assert.match(text, /ضرب ماتریس/, 'Persian text was not decoded as UTF-8');
  assert.match(text, /\\begin\{bmatrix\}/);
});

test('capabilities: untrusted and virtual workspaces are supported', () => {
  const caps = pkg().capabilities;
  assert.ok(caps, 'package.json declares no capabilities');
  assert.equal(caps.untrustedWorkspaces?.supported, true);
  const virtual = caps.virtualWorkspaces;
  assert.ok(virtual === true || (typeof virtual === 'object' && virtual.supported === true), `virtualWorkspaces is ${JSON.stringify(virtual)}`);
});

test('every contributed command is registered after activation and is in the DL Math category', async () => {
  await getExtension().activate();
  const contributed = pkg().contributes?.commands ?? [];
  const registered = new Set(await vscode.commands.getCommands(true));
  const missing = contributed.filter((c) => !registered.has(c.command)).map((c) => c.command);
  assert.deepEqual(missing, [], `contributed in package.json but never registered: ${missing.join(', ')}`);
  const uncategorised = contributed.filter((c) => c.category !== 'DL Math').map((c) => c.command);
  assert.deepEqual(uncategorised, [], `commands without "category": "DL Math": ${uncategorised.join(', ')}`);
});
