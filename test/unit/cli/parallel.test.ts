// `dlmath check` on a large folder shares the files among worker threads: the report must be the same,
// byte for byte and in the same order, whatever --jobs is. The folder is the test submissions
// (test/fixtures/submissions) copied under many names, as a class's hand-in folder looks.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { availableParallelism } from 'node:os';
import { defaultJobs, workerRuns, workersFor } from '../../../src/cli/checkCommand';
import { REPO_ROOT } from '../engineHelpers';

const SUBMISSIONS = path.join(REPO_ROOT, 'test/fixtures/submissions');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

let dir = '';
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dlmath-class-'));
  const names = readdirSync(SUBMISSIONS);
  for (let i = 0; i < 12; i++) for (const n of names) copyFileSync(path.join(SUBMISSIONS, n), path.join(dir, `s${String(i).padStart(2, '0')}-${n}`));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('check --jobs: a folder of 48 submissions on several threads', () => {
  test('the JSON report is identical with 1 and 3 jobs, and 3 workers ran', async () => {
    const one = await cli(['check', dir, '--json', '--jobs', '1']);
    const before = workerRuns.count;
    const three = await cli(['check', dir, '--json', '--jobs', '3']);
    assert.equal(workerRuns.count - before, 3);
    assert.equal(one.code, 1, one.stderr);
    assert.equal(three.code, one.code);
    assert.equal(three.stdout, one.stdout);
    const files = (JSON.parse(one.stdout) as { files: { file: string }[] }).files.map((f) => path.basename(f.file));
    assert.equal(files.length, 48);
    assert.deepEqual(files, [...files].sort());
    // and the text report, which a problem matcher reads line by line
    const text1 = await cli(['check', dir, '--jobs', '1']);
    const text3 = await cli(['check', dir, '--jobs', '3']);
    assert.equal(text3.stdout, text1.stdout);
  });

  test('by default a check leaves one core to the garbage collector: the cores but one, at least one', () => {
    assert.equal(defaultJobs(), Math.max(1, availableParallelism() - 1));
  });

  test('a few files stay on one thread; the number of workers follows the files and --jobs', () => {
    assert.equal(workersFor(4, 8), 1);
    assert.equal(workersFor(31, 8), 1);
    assert.equal(workersFor(48, 3), 3);
    assert.equal(workersFor(1000, 64), 8);
    assert.equal(workersFor(1000, 1), 1);
  });

  test('--jobs must be a whole number of at least 1', async () => {
    for (const bad of ['0', '-2', '1.5', 'many']) {
      const r = await cli(['check', dir, `--jobs=${bad}`]);
      assert.equal(r.code, 2, bad);
      assert.match(r.stderr, /--jobs must be a whole number/);
      assert.equal(r.stdout, '');
    }
  });
});
