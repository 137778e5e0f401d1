// The JSON report written in pieces (`dlmath check --format json`) is, joined, exactly the one
// JSON.stringify document it replaced: no file, files without findings, findings of every field,
// and a report long enough to be cut into several pieces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonReportChunks } from '../../../src/cli/report/json';
import type { CheckedFile, JsonFinding } from '../../../src/cli/report/model';

const whole = (files: CheckedFile[]) => JSON.stringify({ files: files.map(({ file, claims, findings }) => ({ file, claims, findings })) }, null, 2) + '\n';
const joined = (files: CheckedFile[]) => [...jsonReportChunks({ files })].join('');
const checked = (file: string, claims: number, findings: JsonFinding[]): CheckedFile => ({ file, notebook: false, claims, findings, statements: findings.map(() => undefined) });

const full: JsonFinding = {
  cell: 2,
  line: 3,
  column: 5,
  endLine: 3,
  endColumn: 19,
  severity: 'error',
  code: 'wrong-result',
  message: '4 × 768 × 768 = 2359296, not 2357296 "quoted" \\ back\nslash — ℝ^{n×d}',
  claimed: '2357296',
  actual: '2359296',
  actualValue: 2359296,
  steps: ['4 × 768 = 3072', '3072 × 768 = 2359296'],
  fix: { newText: '2359296', title: 'Replace 2357296 with 2359296' },
  fixes: [{ line: 3, column: 12, endLine: 3, endColumn: 19, newText: '2359296', title: 'Replace 2357296 with 2359296' }],
};

test('JSON report in pieces: no file, a file without findings, findings with every field', () => {
  assert.equal(joined([]), whole([]));
  assert.equal(joined([checked('a.md', 0, [])]), whole([checked('a.md', 0, [])]));
  const files = [checked('a.md', 4, [full, { line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'warning', code: 'syntax', message: 'x' }]), checked('b.ipynb', 0, []), checked('پاسخ.md', 7, [full])];
  assert.equal(joined(files), whole(files));
});

test('JSON report in pieces: a long report is cut into several pieces that join to the document', () => {
  const files = [checked('long.md', 36520, Array.from({ length: 3000 }, (_, i) => ({ ...full, line: i + 1, endLine: i + 1 }))), checked('empty.md', 0, [])];
  const pieces = [...jsonReportChunks({ files })];
  assert.ok(pieces.length > 1, `${pieces.length} piece(s)`);
  assert.equal(pieces.join(''), whole(files));
});
