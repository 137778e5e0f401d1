// "Check Answers in Workspace" honours dlmath.check.maxFileSizeKB as the editor does: the files above it
// are counted as skipped, the others checked (sizes read from the fixture workspace itself).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getExtension, test } from './harness';

test('workspace check: files above dlmath.check.maxFileSizeKB are skipped and counted, the others checked', async () => {
  await getExtension().activate();
  const md = await vscode.workspace.findFiles('**/*.{md,markdown}');
  const sizes = await Promise.all(md.map(async (u) => (await vscode.workspace.fs.stat(u)).size));
  const large = sizes.filter((s) => s > 1024).length;
  assert.ok(large >= 1 && large < md.length, `fixture sizes ${JSON.stringify(sizes)} do not straddle 1 KB`);
  const config = vscode.workspace.getConfiguration('dlmath');
  await config.update('check.maxFileSizeKB', 1, vscode.ConfigurationTarget.Global);
  try {
    const r = await vscode.commands.executeCommand<{ files: number; of: number; tooLarge: number; cancelled: boolean }>('dlmath.checkWorkspace');
    assert.equal(r.cancelled, false);
    assert.equal(r.of, md.length);
    assert.equal(r.tooLarge, large);
    assert.equal(r.files, md.length - large);
  } finally {
    await config.update('check.maxFileSizeKB', undefined, vscode.ConfigurationTarget.Global);
  }
  // the twin: with the default limit every file is checked again
  const all = await vscode.commands.executeCommand<{ files: number; tooLarge: number }>('dlmath.checkWorkspace');
  assert.deepEqual([all.files, all.tooLarge], [md.length, 0]);
});
