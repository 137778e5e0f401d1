// `dlmath check` and `dlmath eval` through the CLI module, as cli-contract.md specifies them: one JSON
// document on stdout with --json, exit status 0/1/2, one-line errors on stderr, 1-based lines and
// 1-based UTF-16 columns.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { ANSWER_FIXTURES } from '../engineHelpers';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

interface JsonFinding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
  claimed?: string;
  actual?: string;
  actualValue?: unknown;
}
interface CheckJson {
  files: { file: string; claims: number; findings: JsonFinding[] }[];
}

let dir = '';
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text, 'utf8');
  return p;
};

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dlmath-cli-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('dlmath check --json', () => {
  test('the contract example: a wrong product, its position and fields; exit 1', async () => {
    const text = '# سوال ۳\n\nتعداد پارامترها:\n\n$$4 \\times 768 \\times 768 = 2357296$$\n';
    const file = write('q3.md', text);
    const { code, stdout, stderr } = await cli(['check', file, '--json']);
    assert.equal(code, 1);
    assert.equal(stderr, '');
    const json = JSON.parse(stdout) as CheckJson;
    assert.equal(json.files.length, 1);
    assert.equal(json.files[0].file, file);
    assert.equal(json.files[0].claims, 1);
    const [f] = json.files[0].findings;
    const lineText = text.split('\n')[4];
    assert.equal(f.line, 5);
    assert.equal(f.column, lineText.indexOf('2357296') + 1);
    assert.equal(f.endLine, 5);
    assert.equal(f.endColumn, lineText.indexOf('2357296') + 1 + '2357296'.length);
    assert.equal(f.severity, 'error');
    assert.equal(f.code, 'wrong-result');
    assert.equal(f.message, '4 × 768 × 768 = 2359296, not 2357296');
    assert.equal(f.claimed, '2357296');
    assert.equal(f.actual, '2359296');
    assert.equal(f.actualValue, 2359296);
  });

  test('columns count UTF-16 code units after Persian text and an emoji', async () => {
    const line = 'پاسخ 🙂 سوال: ضرب $2 \\times 3 = 7$ است';
    const file = write('persian.md', `مقدمه\n${line}\n`);
    const { code, stdout } = await cli(['check', file, '--json']);
    assert.equal(code, 1);
    const [f] = (JSON.parse(stdout) as CheckJson).files[0].findings;
    assert.equal(f.line, 2);
    // the emoji is two UTF-16 code units: indexOf counts them the same way
    assert.equal(f.column, line.indexOf('= 7') + 3);
    assert.equal(f.endColumn, f.column + 1);
    assert.equal(f.actualValue, 6);
  });

  test('Persian digits: the fix keeps Persian digits, the value is a number', async () => {
    const file = write('digits.md', '$$۱۰ \\div ۴ = ۲.۴$$\n');
    const { stdout } = await cli(['check', file, '--json']);
    const [f] = (JSON.parse(stdout) as CheckJson).files[0].findings;
    assert.equal(f.actual, '۲.۵');
    assert.equal(f.actualValue, 2.5);
    assert.equal(f.claimed, '۲.۴');
  });

  test('a right answer: no findings, exit 0, claims counted', async () => {
    const file = write('right.md', 'پاسخ: $3 \\times 1024 \\times 1024 = 3145728$ و $\\sigma(0.5) = 0.62$\n');
    const { code, stdout } = await cli(['check', file, '--json']);
    assert.equal(code, 0);
    const json = JSON.parse(stdout) as CheckJson;
    assert.deepEqual(json.files[0].findings, []);
    assert.equal(json.files[0].claims, 2);
  });

  test('warnings alone exit 0; matrices are arrays of rows in actualValue', async () => {
    const file = write('orient.md', '$$\\begin{bmatrix} 1 & 0 \\\\ 0 & 2 \\end{bmatrix} \\begin{bmatrix} 4 \\\\ 5 \\end{bmatrix} = \\begin{bmatrix} 4 & 10 \\end{bmatrix}$$\n');
    const { code, stdout } = await cli(['check', file, '--json']);
    assert.equal(code, 0);
    const [f] = (JSON.parse(stdout) as CheckJson).files[0].findings;
    assert.equal(f.severity, 'warning');
    assert.equal(f.code, 'orientation');
    assert.deepEqual(f.actualValue, [[4], [10]]);
  });

  test('a folder checks every .md below it, sorted; the fixture answers give their 1 error and 1 warning', async () => {
    mkdirSync(join(dir, 'answers', 'sub'), { recursive: true });
    write('answers/b.md', '$1 + 1 = 2$\n');
    write('answers/sub/a.md', '$1 + 1 = 3$\n');
    write('answers/notes.txt', '$1 + 1 = 3$\n');
    const { code, stdout } = await cli(['check', join(dir, 'answers'), ANSWER_FIXTURES, '--json']);
    assert.equal(code, 1);
    const json = JSON.parse(stdout) as CheckJson;
    assert.deepEqual(json.files.map((f) => f.file.replace(/\\/g, '/').split('/').slice(-2).join('/')), ['answers/b.md', 'sub/a.md', 'answers/attention-fa.md', 'answers/bptt-fa.md', 'answers/params-fa.md']);
    assert.equal(json.files[1].findings[0].actualValue, 2);
    const fixtures = json.files.slice(2).flatMap((f) => f.findings);
    assert.deepEqual(fixtures.map((f) => [f.severity, f.code, f.actualValue]), [['warning', 'orientation', [[0], [5], [1]]], ['error', 'wrong-result', 2097152]]);
  });

  test('--index-base 1 changes argmax', async () => {
    const file = write('argmax.md', '$$\\text{argmax}(0.1, 0.7, 0.2) = 2$$\n');
    assert.equal((await cli(['check', file])).code, 1);
    assert.equal((await cli(['check', file, '--index-base', '1'])).code, 0);
  });
});

describe('dlmath check: human output and errors', () => {
  test('file:line:column: severity [code] message, steps indented, a summary line', async () => {
    const file = write('human.md', 'x\n$$\\begin{bmatrix} 0 \\\\ 2 \\\\ -1 \\end{bmatrix} \\cdot \\begin{bmatrix} 3 \\\\ -1 \\\\ -1 \\end{bmatrix} = 6$$\n');
    const { code, stdout } = await cli(['check', file]);
    assert.equal(code, 1);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0], new RegExp(`^${file.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}:2:\\d+: error \\[wrong-result\\] \\[0; 2; −1\\]·\\[3; −1; −1\\] = −1, not 6$`));
    assert.equal(lines[1], '    0·3 + 2·(−1) + (−1)·(−1) = −1');
    assert.equal(lines[lines.length - 1], '1 file: 1 claim checked, 1 wrong, 0 warnings');
  });
  test('no file: usage error, exit 2, one line on stderr', async () => {
    const { code, stdout, stderr } = await cli(['check']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr.trimEnd().split('\n').length, 1);
    assert.match(stderr, /no file given/);
  });
  test('a missing file: exit 2, no stack trace', async () => {
    const { code, stderr } = await cli(['check', join(dir, 'nope.md')]);
    assert.equal(code, 2);
    assert.match(stderr, /^dlmath check: cannot read .*nope\.md/);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });
  test('a bad option value: exit 2', async () => {
    const file = write('ok.md', '$1+1=2$');
    assert.equal((await cli(['check', file, '--index-base', '7'])).code, 2);
    assert.equal((await cli(['check', file, '--bogus'])).code, 2);
  });
});

describe('dlmath eval', () => {
  test('--json: value, latex, shape for a number', async () => {
    const { code, stdout } = await cli(['eval', '4 \\times 768 \\times 768', '--json']);
    assert.equal(code, 0);
    const json = JSON.parse(stdout);
    assert.equal(json.value, 2359296);
    assert.equal(json.latex, '2359296');
    assert.deepEqual(json.shape, []);
  });
  test('--json: a column is an array of rows with shape [n, 1]', async () => {
    const { stdout } = await cli(['eval', '\\begin{bmatrix} 1 & 2 & 3 \\\\ 2 & 2 & 1 \\end{bmatrix} \\begin{bmatrix} 3 \\\\ -1 \\\\ -1 \\end{bmatrix}', '--json']);
    const json = JSON.parse(stdout);
    assert.deepEqual(json.value, [[-2], [3]]);
    assert.deepEqual(json.shape, [2, 1]);
    assert.equal(json.latex, '\\begin{bmatrix} -2 \\\\ 3 \\end{bmatrix}');
  });
  test('--json: a row is a flat array with shape [1, n]; softmax', async () => {
    const { stdout } = await cli(['eval', '\\mathrm{softmax}\\left(\\begin{bmatrix} 0 & 1 \\end{bmatrix}\\right)', '--json']);
    const json = JSON.parse(stdout);
    assert.deepEqual(json.shape, [1, 2]);
    assert.ok(Math.abs(json.value[0] - 0.2689414) < 1e-6 && Math.abs(json.value[1] - 0.7310586) < 1e-6);
  });
  test('plain output: the value, then the steps', async () => {
    const { code, stdout } = await cli(['eval', '\\begin{bmatrix} 1 & 2 \\end{bmatrix} \\begin{bmatrix} 3 \\\\ 4 \\end{bmatrix}']);
    assert.equal(code, 0);
    assert.equal(stdout, '11\n  1·3 + 2·4 = 11\n');
  });
  test('--index-base 1', async () => {
    const { stdout } = await cli(['eval', '\\text{argmax}(0.1, 0.7, 0.2)', '--json', '--index-base', '1']);
    assert.equal(JSON.parse(stdout).value, 2);
  });
  const failures: [string[], RegExp][] = [
    [['eval', 'x + 1'], /^dlmath eval: Cannot evaluate: x has no value/],
    [['eval', '\\frac{1}{0}', '--json'], /^dlmath eval: Division by zero/],
    [['eval', '{ 1 + 2'], /^dlmath eval: Unbalanced braces/],
    [['eval', '\\begin{bmatrix} 1 & 2 \\end{bmatrix} \\begin{bmatrix} 1 & 2 \\end{bmatrix}'], /^dlmath eval: Cannot evaluate: a 1×2 and a 1×2 vector side by side \(write \\cdot or a transpose ᵀ for their dot product\)\.\n/],
    [['eval', '\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix} \\begin{bmatrix} 1 & 2 & 3 \\end{bmatrix}'], /^dlmath eval: Cannot multiply 2×2 by 1×3: inner sizes 2 and 1 differ/],
    [['eval'], /expected one LaTeX expression, got 0/],
    [['eval', '1', '2'], /expected one LaTeX expression, got 2/],
    [['eval', ''], /Nothing to evaluate/],
  ];
  for (const [args, message] of failures) {
    test(`exit 2 with one line: ${args.join(' ')}`, async () => {
      const { code, stdout, stderr } = await cli(args);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.equal(stderr.trimEnd().split('\n').length, 1);
    });
  }
});
