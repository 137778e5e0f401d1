// `dlmath check DIR` with what is not a regular file below it (a FIFO named *.md would block a read
// forever; a symlink loop used to abort the whole run), and `dlmath eval` with an expression that
// starts with '-'. The FIFO tests make a real FIFO with mkfifo(1); they skip on Windows.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}
const fileNames = (stdout: string) => (JSON.parse(stdout) as { files: { file: string }[] }).files.map((f) => path.basename(f.file));

let dir = '';
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dlmath-hard-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('check DIR with things that are not regular files', () => {
  test('a FIFO named *.md is skipped and named on stderr; the other files are checked', { skip: process.platform === 'win32' ? 'no mkfifo on Windows' : false, timeout: 20_000 }, async () => {
    const sub = path.join(dir, 'fifo');
    mkdirSync(sub);
    const made = spawnSync('mkfifo', [path.join(sub, 'pipe.md')]);
    assert.equal(made.status, 0, `mkfifo failed: ${made.stderr}`);
    writeFileSync(path.join(sub, 'real.md'), '$2 \\times 3 = 7$\n');
    const r = await cli(['check', sub, '--json']);
    assert.equal(r.code, 1);
    assert.deepEqual(fileNames(r.stdout), ['real.md']);
    assert.match(r.stderr, /^dlmath check: skipped .*pipe\.md: a FIFO\n$/);
    // named on the command line, too: skipped, not read
    const direct = await cli(['check', path.join(sub, 'pipe.md'), path.join(sub, 'real.md'), '--format', 'csv']);
    assert.equal(direct.code, 1);
    assert.match(direct.stderr, /skipped .*pipe\.md: a FIFO/);
    assert.equal(direct.stdout.split('\r\n').length, 3);
  });

  test('a symlink loop (a folder linking to its parent, a link to itself) is followed once, reported, and the rest checked', { skip: process.platform === 'win32' ? 'symlinks need privileges on Windows' : false }, async () => {
    const sub = path.join(dir, 'loop');
    mkdirSync(path.join(sub, 'a'), { recursive: true });
    writeFileSync(path.join(sub, 'a', 'q1.md'), '$1 + 1 = 2$\n');
    writeFileSync(path.join(sub, 'q2.md'), '$2 + 2 = 5$\n');
    symlinkSync('..', path.join(sub, 'a', 'up'));
    symlinkSync('self.md', path.join(sub, 'self.md'));
    const r = await cli(['check', sub, '--json']);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(fileNames(r.stdout), ['q1.md', 'q2.md']);
    assert.match(r.stderr, /skipped .*[/\\]a[/\\]up: a symlink loop/);
    assert.match(r.stderr, /skipped .*self\.md: a symlink loop/);
  });

  test('the twin: a folder without such entries says nothing on stderr', async () => {
    const sub = path.join(dir, 'plain');
    mkdirSync(sub);
    writeFileSync(path.join(sub, 'q.md'), '$1 + 1 = 2$\n');
    const r = await cli(['check', sub]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
  });
});

describe('eval with an expression that starts with -', () => {
  test("'-\\log(0.25)' is an expression, not an unknown option", async () => {
    const r = await cli(['eval', '-\\log(0.25)', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Math.abs((JSON.parse(r.stdout) as { value: number }).value - Math.log(4)) < 1e-12);
  });

  test('options before or after it; -- ends the options; a mistyped --flag is still refused', async () => {
    assert.equal(JSON.parse((await cli(['eval', '--json', '-2 \\times 3'])).stdout).value, -6);
    assert.equal(JSON.parse((await cli(['eval', '--json', '--', '-1 - 1'])).stdout).value, -2);
    assert.equal(JSON.parse((await cli(['eval', '--lang', 'fa', '-3', '--json'])).stdout).value, -3);
    const bad = await cli(['eval', '--jsno', '1']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown option '--jsno'/);
  });
});
