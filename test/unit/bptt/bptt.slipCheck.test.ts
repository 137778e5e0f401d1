// The σ'(z)(1−σ'(z)) slip as the document analysis reports it: an information finding on the formula and
// the document (so diagnostics, hover, panel and `dlmath check` all see it), never in an ignored
// formula, and `dlmath check` lists it as information without changing its exit status.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeDocument } from '../../../src/core/document/analysis';
import { runCli } from '../../../src/cli/main';
import { REPO_ROOT } from '../engineHelpers';

const root = REPO_ROOT;
const FIXTURE = 'test/fixtures/workspace/bptt-answer.md';
const fixture = readFileSync(path.join(root, FIXTURE), 'utf8');
const SLIP = "\\sigma'(z)(1 - \\sigma'(z))";

async function check(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['check', ...args], { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

describe('σ\' slip in analyzeDocument', () => {
  test('the fixture answer: one information finding on exactly the product, on its formula too', () => {
    const a = analyzeDocument(fixture);
    const slips = a.findings.filter((f) => f.code === 'sigma-prime-slip');
    assert.equal(slips.length, 1);
    assert.equal(slips[0].severity, 'information');
    assert.equal(fixture.slice(slips[0].range.start, slips[0].range.end), SLIP);
    const formula = a.formulas.find((f) => f.span.content.includes(SLIP));
    assert.ok(formula?.findings.some((f) => f.code === 'sigma-prime-slip'), 'the formula itself carries the finding (hover, panel)');
    assert.deepEqual(a.findings.filter((f) => f.code !== 'sigma-prime-slip').map((f) => f.message), []);
  });

  const cases: Array<[name: string, text: string, expected: string[]]> = [
    ['hw5-b: under \\underbrace, with the argument written out', "$$\\underbrace{\\sigma'(Ux_{t+1} + Wh_t)}_{z_{t+1}} \\underbrace{(1 - \\sigma'(Ux_{t+1} + Wh_t))}_{z_{t+1}} \\times W$$", ["\\sigma'(Ux_{t+1} + Wh_t)}_{z_{t+1}} \\underbrace{(1 - \\sigma'(Ux_{t+1} + Wh_t))"]],
    ['hw5-b: two products in one formula', "$$= \\frac{\\partial \\mathcal{L}}{\\partial h_2} \\times \\sigma'(z_2) (1 - \\sigma'(z_2)) \\sigma'(z_1) (1 - \\sigma'(z_1)) W^2$$", ["\\sigma'(z_2) (1 - \\sigma'(z_2))", "\\sigma'(z_1) (1 - \\sigma'(z_1))"]],
    ['right: σ(z)(1−σ(z))', '$$\\max \\sigma(z) (1 - \\sigma(z)) = \\frac{1}{4}$$', []],
    ["right: σ'(x) = σ(x)(1 − σ(x))", "$\\sigma'(x) = \\sigma(x)(1 - \\sigma(x))$", []],
    ['ambiguous: different arguments', "$$\\sigma'(z_1)(1 - \\sigma'(z_2))$$", []],
    ['ignored formula', "<!-- dlmath-ignore -->\n$$\\sigma'(z)(1-\\sigma'(z))$$", []],
    ['ignored file', "<!-- dlmath-ignore-file -->\n$$\\sigma'(z)(1-\\sigma'(z))$$", []],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => {
      const slips = analyzeDocument(text).findings.filter((f) => f.code === 'sigma-prime-slip');
      assert.deepEqual(slips.map((f) => text.slice(f.range.start, f.range.end)), expected);
      for (const f of slips) assert.equal(f.severity, 'information');
    });
  }
});

describe('dlmath check and the σ\' slip', () => {
  test('--json: listed with severity "information" and contract positions; exit 0 when nothing is wrong', async () => {
    const r = await check(['--json', path.join(root, FIXTURE)]);
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out) as { files: { file: string; claims: number; findings: Record<string, unknown>[] }[] };
    assert.equal(json.files.length, 1);
    const [f] = json.files[0].findings;
    assert.equal(json.files[0].findings.length, 1);
    const lines = fixture.split('\n');
    const line = lines.findIndex((l) => l.includes(SLIP));
    assert.deepEqual(
      { line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, severity: f.severity, code: f.code },
      { line: line + 1, column: lines[line].indexOf(SLIP) + 1, endLine: line + 1, endColumn: lines[line].indexOf(SLIP) + SLIP.length + 1, severity: 'information', code: 'sigma-prime-slip' },
    );
    assert.match(String(f.message), /σ\(z\)\(1−σ\(z\)\)/);
  });

  test('with a wrong claim beside it: exit 1 for the error, and the summary counts only the error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dlmath-slip-'));
    const file = path.join(dir, 'answer.md');
    writeFileSync(file, `${fixture}\n$$4 \\times 768 \\times 768 = 2357296$$\n`);
    let r;
    try {
      r = await check([file]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(r.code, 1);
    assert.match(r.out, /information \[sigma-prime-slip\]/);
    assert.match(r.out, /error \[wrong-result\]/);
    assert.match(r.out, /1 claim checked, 1 wrong, 0 warnings/);
  });
});
