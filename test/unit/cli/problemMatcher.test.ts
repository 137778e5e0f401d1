// The `dlmath` problem matcher (package.json contributes.problemMatchers) against the real text output
// of `dlmath check` on the submissions fixture: every Markdown finding line is matched with its file,
// line, column, severity, code and message; notebook lines (a line of a cell is not a line of the
// .ipynb file), the working and the summary are not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { REPO_ROOT } from '../engineHelpers';

const ROOT = REPO_ROOT;

interface Matcher { name: string; owner: string; fileLocation: unknown; pattern: { regexp: string; file: number; line: number; column: number; severity: number; code: number; message: number }[] }

test('the dlmath problem matcher reads the CLI text output', async () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { problemMatchers: Matcher[] } };
  const matcher = pkg.contributes.problemMatchers.find((m) => m.name === 'dlmath');
  assert.ok(matcher, 'a problem matcher named dlmath');
  assert.equal(matcher.pattern.length, 1);
  const p = matcher.pattern[0];
  const re = new RegExp(p.regexp);

  const fixtures = path.join(ROOT, 'test/fixtures/submissions');
  let text = '';
  let json = '';
  assert.equal(await runCli(['check', fixtures], { stdout: (t) => (text += t), stderr: () => {} }), 1);
  await runCli(['check', fixtures, '--json'], { stdout: (t) => (json += t), stderr: () => {} });
  const files = (JSON.parse(json) as { files: { file: string; findings: { cell?: number; line: number; column: number; severity: string; code: string; message: string }[] }[] }).files;

  const matched = text.split('\n').map((l) => re.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  const expected = files.flatMap((f) => f.findings.filter((x) => x.cell === undefined).map((x) => ({ file: f.file, ...x })));
  assert.ok(expected.length >= 2);
  assert.equal(matched.length, expected.length, 'one match per Markdown finding, none for notebook cells, working or summary');
  matched.forEach((m, i) => {
    const x = expected[i];
    assert.equal(m[p.file], x.file);
    assert.equal(Number(m[p.line]), x.line);
    assert.equal(Number(m[p.column]), x.column);
    // VS Code reads error, warning, info and hint (not "information") as severities
    assert.equal(m[p.severity], x.severity === 'information' ? 'info' : x.severity);
    assert.equal(m[p.code], x.code);
    assert.equal(m[p.message], x.message);
  });
  assert.ok(text.includes(':cell 2:3:65: error [wrong-result]'), 'the notebook finding is in the output, unmatched');

  // a Windows-style absolute path and an information finding still match
  const w = re.exec('C:\\grading\\q1.md:12:4: information [sigma-prime-slip] σ\'(z) written for σ(z)');
  assert.ok(w);
  assert.deepEqual([w[p.file], w[p.line], w[p.column], w[p.severity], w[p.code]], ['C:\\grading\\q1.md', '12', '4', 'info', 'sigma-prime-slip']);
});
