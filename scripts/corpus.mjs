// `npm run corpus -- DIR [DIR…] [--json] [--context]`: runs the built CLI (`dlmath check --json`) over
// every file it checks below each DIR (.md, and .ipynb when the CLI reads notebooks) and prints the
// number of files, claims, findings by code, then every finding as `path:line:col  severity  code  message`
// so that anyone can review them. `--context` adds the source line under each finding; `--json` prints
// one JSON document instead. The bundle is rebuilt first (esbuild only, no type check) when dist/cli.js
// is missing or older than anything it is built from.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/cli.js');

const args = process.argv.slice(2);
const json = args.includes('--json');
const context = args.includes('--context');
const dirs = args.filter((a) => !a.startsWith('--'));
const unknown = args.filter((a) => a.startsWith('--') && a !== '--json' && a !== '--context');
if (dirs.length === 0 || unknown.length > 0) {
  process.stderr.write(`usage: npm run corpus -- DIR [DIR…] [--json] [--context]${unknown.length ? ` (unknown option ${unknown.join(' ')})` : ''}\n`);
  process.exit(2);
}

/** The newest modification time of any file below `p` (0 when absent). */
function newest(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const name of readdirSync(p)) t = Math.max(t, newest(join(p, name)));
  return t;
}

const sources = ['src', 'package.json', 'package-lock.json', 'scripts/build.mjs', 'scripts/lazy-mathjs.mjs'];
const stale = !existsSync(cli) || sources.some((s) => newest(join(root, s)) > statSync(cli).mtimeMs);
if (stale) {
  process.stderr.write('corpus: dist/cli.js is missing or older than src/, building (node scripts/build.mjs)…\n');
  const b = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 2);
}

const started = performance.now();
const run = spawnSync(process.execPath, [cli, 'check', ...dirs, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
const seconds = (performance.now() - started) / 1000;
// 0: no wrong claim, 1: some; anything else is the CLI failing, not a finding.
if (run.status !== 0 && run.status !== 1) {
  process.stderr.write(run.stderr || `corpus: dlmath check exited with ${run.status ?? run.signal}\n`);
  process.exit(2);
}
const report = JSON.parse(run.stdout);

const findings = [];
let claims = 0;
for (const f of report.files) {
  claims += f.claims;
  for (const x of f.findings) {
    findings.push({ file: f.file, ...(x.cell !== undefined ? { cell: x.cell } : {}), line: x.line, column: x.column, endLine: x.endLine, endColumn: x.endColumn, severity: x.severity, code: x.code, message: x.message });
  }
}
const byCode = {};
for (const x of findings) byCode[x.code] = (byCode[x.code] ?? 0) + 1;
const bySeverity = {};
for (const x of findings) bySeverity[x.severity] = (bySeverity[x.severity] ?? 0) + 1;

if (json) {
  process.stdout.write(JSON.stringify({ files: report.files.length, claims, findings: findings.length, byCode, bySeverity, seconds: Number(seconds.toFixed(2)), list: findings }, null, 2) + '\n');
  process.exit(0);
}

const lines = new Map();
/** The finding's source line (inside its cell for a notebook), trimmed for reading. */
function sourceLine(x) {
  const key = x.cell === undefined ? x.file : `${x.file}#${x.cell}`;
  if (!lines.has(key)) {
    let text = readFileSync(x.file, 'utf8');
    if (x.cell !== undefined) {
      const src = JSON.parse(text).cells?.[x.cell]?.source ?? '';
      text = Array.isArray(src) ? src.join('') : String(src);
    }
    lines.set(key, text.split(/\r\n|\r|\n/));
  }
  const line = lines.get(key)[x.line - 1] ?? '';
  const from = Math.max(0, x.column - 60);
  return (from > 0 ? '…' : '') + line.slice(from, from + 200) + (line.length > from + 200 ? '…' : '');
}

const out = [];
out.push(`${report.files.length} files, ${claims} claims, ${findings.length} findings (${seconds.toFixed(1)} s)`);
for (const [code, n] of Object.entries(byCode).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) out.push(`  ${String(n).padStart(5)}  ${code}`);
if (findings.length) out.push('');
for (const x of findings) {
  const where = x.cell === undefined ? x.file : `${x.file}#cell${x.cell}`;
  out.push(`${where}:${x.line}:${x.column}  ${x.severity}  ${x.code}  ${x.message}`);
  if (context) out.push(`    | ${sourceLine(x)}`);
}
process.stdout.write(out.join('\n') + '\n');
