// `npm test`: every tier in order — lint, build, unit (node --test), integration (a real extension
// host inside code-server), end-to-end (Chromium driving code-server). Each tier prints a line
// `RESULT <tier> passed=N failed=M`; this script adds them up and ends with the plain summary line.
// DLMATH_SKIP_VSCODE=1 skips the two code-server tiers (quick local runs only; CI never sets it).
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npmCmd = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let passed = 0;
let failed = 0;
const rows = [];

function run(label, cmd, args, env = {}) {
  const t0 = Date.now();
  process.stdout.write(`\n=== ${label} ===\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  process.stdout.write(r.stdout ?? '');
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  return { status: r.status ?? 1, stdout: r.stdout ?? '', secs };
}

function tally(tier, status, stdout, secs) {
  const m = [...stdout.matchAll(/^RESULT (\S+) passed=(\d+) failed=(\d+)/gm)].pop();
  let p = 0, f = 0;
  if (m) { p = Number(m[2]); f = Number(m[3]); }
  if (status !== 0 && f === 0) f = 1; // a tier that crashed counts as a failure
  passed += p; failed += f;
  rows.push({ tier, passed: p, failed: f, secs });
}

// 1. lint and build (each counts as one check)
for (const [tier, args] of [['lint', ['run', '-s', 'lint']], ['build', ['run', '-s', 'build']]]) {
  const r = run(tier, npmCmd, args);
  rows.push({ tier, passed: r.status === 0 ? 1 : 0, failed: r.status === 0 ? 0 : 1, secs: r.secs });
  if (r.status === 0) passed++; else failed++;
  if (tier === 'build' && r.status !== 0) finish();
}

// 2. unit
{
  const c = run('compile tests', npmCmd, ['run', '-s', 'compile-tests']);
  if (c.status !== 0) { rows.push({ tier: 'unit', passed: 0, failed: 1, secs: c.secs }); failed++; finish(); }
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const tap = join(root, 'test-results/unit.tap');
  const r = run('unit (node --test)', process.execPath, ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, 'out/test/unit/']);
  let p = 0, f = 0;
  if (existsSync(tap)) {
    const t = readFileSync(tap, 'utf8');
    p = Number(/^# pass (\d+)/m.exec(t)?.[1] ?? 0);
    f = Number(/^# fail (\d+)/m.exec(t)?.[1] ?? 0);
  }
  tally('unit', r.status, `RESULT unit passed=${p} failed=${f}\n`, r.secs);
}

// 3. integration and end-to-end in a real VS Code (code-server)
if (process.env.DLMATH_SKIP_VSCODE === '1') {
  process.stdout.write('\nDLMATH_SKIP_VSCODE=1: integration and end-to-end tiers skipped\n');
} else {
  for (const tier of ['integration', 'e2e']) {
    const r = run(`${tier} (code-server)`, process.execPath, ['scripts/run-code-server-tests.mjs', tier]);
    tally(tier, r.status, r.stdout, r.secs);
  }
}
finish();

function finish() {
  process.stdout.write('\n=== summary ===\n');
  for (const r of rows) process.stdout.write(`${r.tier.padEnd(12)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(4)} failed  ${r.secs}s\n`);
  process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
  process.exit(failed === 0 ? 0 : 1);
}
