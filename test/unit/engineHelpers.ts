// Shared helpers for the engine tests: analyse Markdown, read findings with their 1-based lines,
// compare numeric values with a tolerance. Not a test file itself (no `.test.` in its name).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { analyzeDocument, type DocumentAnalysis } from '../../src/core/document/analysis';
import { lineStarts, offsetToPosition } from '../../src/core/markdown/spans';
import type { EngineOptions, Finding } from '../../src/core/types';
import { runCli } from '../../src/cli/main';

/**
 * The shared examples live beside the clone (`../shared/examples` from the repository root) on the
 * course machines only. Tests that read them run when they are there and are skipped, saying so,
 * in any other clone; the repository's own fixtures (`test/fixtures/answers`) cover the same kinds of
 * answer everywhere.
 */
/** The repository's root (the folder with package.json), wherever a compiled test sits under out/test/unit. */
export const REPO_ROOT: string = (() => {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'src/core'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no repository root above ${__dirname}`);
    dir = up;
  }
  return dir;
})();

export const SHARED_EXAMPLES = path.join(REPO_ROOT, '../shared/examples');

/** `false` when ../shared/examples is present, else the reason to give `test`/`describe`'s `skip`. */
export const SHARED_SKIP: string | false = existsSync(path.join(SHARED_EXAMPLES, 'claims-spec.md'))
  ? false
  : `../shared/examples is not beside this clone (${SHARED_EXAMPLES}): the course's shared answers are not checked here`;

export function readExample(name: string): string {
  return readFileSync(path.join(SHARED_EXAMPLES, name), 'utf8');
}

/** The repository's own answer fixtures, written for the tests (Persian prose, attention, BPTT, parameter counts). */
export const ANSWER_FIXTURES = path.join(REPO_ROOT, 'test/fixtures/answers');

export function readFixture(name: string): string {
  return readFileSync(path.join(ANSWER_FIXTURES, name), 'utf8');
}

export interface LocatedFinding extends Finding {
  /** 1-based line of the finding's start. */
  line: number;
  /** The whole text of that line. */
  lineText: string;
}

export function analyze(text: string, options?: Partial<EngineOptions>): { analysis: DocumentAnalysis; findings: LocatedFinding[] } {
  const analysis = analyzeDocument(text, options);
  const starts = lineStarts(text);
  const lines = text.split('\n');
  const findings = analysis.findings.map((f) => {
    const line = offsetToPosition(starts, f.range.start).line + 1;
    return { ...f, line, lineText: lines[line - 1] ?? '' };
  });
  return { analysis, findings };
}

/** Errors and warnings only: the findings a student is told about. */
export function alarms(findings: LocatedFinding[]): LocatedFinding[] {
  return findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
}

/** The 1-based number of the one line containing `needle`; fails when none or several do. */
export function lineOf(text: string, needle: string): number {
  const lines = text.split('\n');
  const hits = lines.map((l, i) => (l.includes(needle) ? i + 1 : 0)).filter((x) => x > 0);
  assert.equal(hits.length, 1, `expected exactly one line containing ${JSON.stringify(needle)}, found ${hits.length}`);
  return hits[0];
}

type Num = number | number[] | number[][] | unknown;

/** Deep numeric equality within `tol` (absolute, or relative for large magnitudes). */
export function assertClose(actual: Num, expected: Num, tol = 1e-6, where = ''): void {
  const fail = () => assert.fail(`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') fail();
    const a = actual as number;
    if (!(Math.abs(a - expected) <= tol * Math.max(1, Math.abs(expected)))) fail();
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) fail();
    expected.forEach((e, i) => assertClose((actual as unknown[])[i], e, tol, where));
    return;
  }
  assert.deepEqual(actual, expected, where);
}

/** A one-line description of findings for assertion messages. */
export function describeFindings(fs: LocatedFinding[]): string {
  return fs.map((f) => `line ${f.line} ${f.severity}/${f.code}: ${f.message}`).join('\n') || '(none)';
}

/** Runs the CLI with `files` as the only readable files; what it wrote and its exit code. */
export async function runCliWith(args: string[], files: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (path) => {
      if (!(path in files)) throw new Error(`unexpected read of ${path}`);
      return files[path];
    },
  });
  return { code, stdout, stderr };
}
