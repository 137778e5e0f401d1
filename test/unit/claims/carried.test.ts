// A carried error: a later line uses a number an earlier line claimed wrongly, and is right for the
// corrected number. The first fix offered corrects the carried number; the result's own fix comes second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../engineHelpers';
import { runCli } from '../../../src/cli/main';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SLIP = '$4 \\times 768 \\times 768 = 2357296$\n\n';

function edited(text: string, fix: { range: { start: number; end: number }; newText: string }): string {
  return text.slice(0, fix.range.start) + fix.newText + text.slice(fix.range.end);
}

test('a right result on a carried wrong number: the first fix corrects the carried number', () => {
  const text = `${SLIP}For 12 layers: $12 \\times 2357296 = 28311552$\n`;
  const { findings } = analyze(text);
  assert.equal(findings.length, 2);
  const [first, later] = findings;
  assert.equal(first.line, 1);
  assert.equal(later.line, 3);
  assert.equal(later.code, 'wrong-result');
  assert.match(later.message, /28311552 is right for 2359296, the corrected value of 2357296 from line 1/);
  assert.equal(later.fixes?.length, 2);
  assert.deepEqual(later.fix, later.fixes![0]);
  assert.equal(text.slice(later.fixes![0].range.start, later.fixes![0].range.end), '2357296');
  assert.equal(later.fixes![0].newText, '2359296');
  assert.match(later.fixes![0].title, /Replace 2357296 with 2359296 \(the corrected value from line 1\)/);
  assert.equal(later.fixes![1].newText, '28287552');
  assert.ok(later.related?.some((r) => r.range.start === first.range.start), 'points at the earlier claim');
  // applying both first fixes leaves a right answer
  const once = edited(text, later.fixes![0]);
  const twice = edited(once, analyze(once).findings[0].fix!);
  assert.deepEqual(analyze(twice).findings, []);
});

test('twin: a wrong result on the carried number is still an ordinary wrong result', () => {
  const { findings } = analyze(`${SLIP}$12 \\times 2357296 = 28000000$\n`);
  const later = findings.find((f) => f.line === 3)!;
  assert.equal(later.fixes?.length, 1);
  assert.equal(later.fix!.newText, '28287552');
  assert.doesNotMatch(later.message, /corrected value/);
});

test('twin: the same number after a right claim carries nothing', () => {
  const { findings } = analyze('$4 \\times 589324 = 2357296$\n\n$12 \\times 2357296 = 28311552$\n');
  assert.equal(findings.length, 1);
  assert.equal(findings[0].fix!.newText, '28287552');
  assert.equal(findings[0].fixes?.length, 1);
});

test('a Persian answer gets the carried fix in its own digits and language', () => {
  const text = '$۴ \\times ۷۶۸ \\times ۷۶۸ = ۲۳۵۷۲۹۶$\n\nبرای ۱۲ لایه: $۱۲ \\times ۲۳۵۷۲۹۶ = ۲۸۳۱۱۵۵۲$\n';
  const { findings } = analyze(text, { language: 'fa' });
  const later = findings.find((f) => f.line === 3)!;
  assert.equal(later.fixes?.length, 2);
  assert.equal(text.slice(later.fix!.range.start, later.fix!.range.end), '۲۳۵۷۲۹۶');
  assert.equal(later.fix!.newText, '۲۳۵۹۲۹۶');
  assert.match(later.fix!.title, /۲۳۵۷۲۹۶/);
  assert.match(later.fix!.title, /مقدار اصلاح/);
});

test('the CLI lists every fix with the range it replaces', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dlmath-carried-'));
  const file = path.join(dir, 'a.md');
  writeFileSync(file, `${SLIP}$12 \\times 2357296 = 28311552$\n`);
  let out = '';
  const code = await runCli(['check', file, '--json'], { stdout: (s: string) => (out += s), stderr: () => undefined });
  assert.equal(code, 1);
  const later = JSON.parse(out).files[0].findings[1];
  assert.deepEqual(later.fix, { newText: '2359296', title: later.fixes[0].title });
  assert.deepEqual(later.fixes.map((f: { line: number; column: number; endColumn: number; newText: string }) => [f.line, f.column, f.endColumn, f.newText]), [
    [3, 12, 19, '2359296'],
    [3, 22, 30, '28287552'],
  ]);
});
