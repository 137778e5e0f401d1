// The CLI rows of `npm run bench` (also `node scripts/bench-cli.mjs [--quick] [--seed N] [--runs N]` alone):
// how fast `dlmath check` grades, through the built CLI (dist/cli.js, built if missing) in a fresh
// process each time, as a grader runs it.
//
// 1. Generated submissions, each of the bundled sample's size (samples/answer-attention.md with its
//    numbers changed, seeded), a tenth of them notebooks (the same text in Markdown cells, with a code
//    cell): `check DIR --format json` over 500, 1,000 and 2,000 of them. Goal: 1,000 in under 3 s
//    (wall). Linear in the total size: the cost of each added MB (from 500 to 1,000 files, and from
//    1,000 to 2,000) is compared, so the fixed cost of starting a process does not count; goal: an
//    added MB at 1,000→2,000 costs at most 1.5× what it cost at 500→1,000 (less is fine).
// 2. One 5 MB answer (sample blocks repeated): wall time and the child's own peak memory (max RSS,
//    from process.resourceUsage() in that process) of `check FILE` (goals < 2 s, < 400 MB).
// Every row gives wall and CPU time (user + system of the child process: less disturbed than wall
// time when other processes share the machine) and the load average when it ran.
// Prints its rows and writes bench-results/bench-cli.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench-results');
const { values: args } = parseArgs({ strict: false, options: { quick: { type: 'boolean', default: false }, seed: { type: 'string', default: '8' }, runs: { type: 'string' } } });
const RUNS = Number(args.runs ?? (args.quick ? 2 : 3));
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const log = (s) => process.stdout.write(s + '\n');
const cli = join(root, 'dist/cli.js');
if (!existsSync(cli)) spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });

// seeded PRNG (mulberry32), so the submissions are the same on every run
let state = Number(args.seed) >>> 0;
const rnd = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const sample = readFileSync(join(root, 'samples/answer-attention.md'), 'utf8');
/** The sample with about a third of its written integers changed: some claims become wrong, some right ones stay. */
const submission = () => sample.replace(/(?<![\d.])(\d{1,7})(?![\d.])/g, (m) => (rnd() < 0.3 ? String(Number(m) + 1 + Math.floor(rnd() * 3)) : m));
const notebook = (md) => {
  const cells = md.split(/\n(?=## )/).map((source) => ({ cell_type: 'markdown', metadata: {}, source: source.split(/(?<=\n)/) }));
  cells.splice(1, 0, { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: ['import numpy as np\n', 'print(4 * 768 * 768)\n'] });
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }, null, 1);
};

const dirFor = (n) => join(out, `submissions-${n}`);
function makeSubmissions(n) {
  const dir = dirFor(n);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const md = submission();
    const [name, text] = i % 10 === 9 ? [`student-${String(i).padStart(4, '0')}.ipynb`, notebook(md)] : [`student-${String(i).padStart(4, '0')}.md`, md];
    writeFileSync(join(dir, name), text);
    bytes += Buffer.byteLength(text);
  }
  return { dir, bytes };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rssHook = join(root, '.cache/bench/maxrss.cjs');
mkdirSync(dirname(rssHook), { recursive: true });
// the child reports its own peak RSS and CPU time as it exits (resourceUsage: KB and µs)
writeFileSync(rssHook, "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('\\nDLMATH_USAGE ' + u.maxRSS + ' ' + (u.userCPUTime + u.systemCPUTime) + '\\n'); });\n");
/** One `dlmath check` process: wall ms, CPU ms, peak RSS in MB, and the JSON it printed. */
function runCheck(target) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['-r', rssHook, cli, 'check', target, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`dlmath check ${target} exited ${r.status}: ${r.stderr}`);
  const usage = /DLMATH_USAGE (\d+) (\d+)/.exec(r.stderr);
  return { ms, cpuMs: usage ? Number(usage[2]) / 1000 : NaN, rssMB: usage ? Number(usage[1]) / 1024 : NaN, json: JSON.parse(r.stdout) };
}
/** `runs` processes, interleaved with the other measures' runs by the caller; medians. */
const summary = (runs) => ({ ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)), rssMB: Math.max(...runs.map((r) => r.rssMB)), load: load() });

log(`dlmath check through the CLI (${RUNS} runs per measure, seed ${args.seed}, load average ${load()})`);
const sizes = [500, 1000, 2000];
const made = Object.fromEntries(sizes.map((n) => [n, makeSubmissions(n)]));
const runsBy = Object.fromEntries(sizes.map((n) => [n, []]));
// the sizes take turns (500, 1,000, 2,000, 500, …): a change of load falls on all of them alike
for (let i = 0; i < RUNS; i++) for (const n of sizes) runsBy[n].push(runCheck(made[n].dir));
const folders = {};
for (const n of sizes) {
  const json = runsBy[n][0].json;
  const { bytes } = made[n];
  const s = summary(runsBy[n]);
  folders[n] = { files: json.files.length, notebooks: json.files.filter((f) => f.file.endsWith('.ipynb')).length, bytes, claims: json.files.reduce((t, f) => t + f.claims, 0), findings: json.files.reduce((t, f) => t + f.findings.length, 0), ...s, msPerMB: s.ms / (bytes / 2 ** 20), cpuMsPerMB: s.cpuMs / (bytes / 2 ** 20) };
}
/** Cost of each added MB between two sizes (the process start and the first load cancel out). */
const marginal = (a, b, key) => (folders[b][key] - folders[a][key]) / ((folders[b].bytes - folders[a].bytes) / 2 ** 20);
const steps = [[500, 1000], [1000, 2000]].map(([a, b]) => ({ from: a, to: b, msPerMB: marginal(a, b, 'ms'), cpuMsPerMB: marginal(a, b, 'cpuMs') }));
// linear or better: an added MB costs no more at 1,000→2,000 files than at 500→1,000 (within 1.5×);
// it may cost less (the JIT is warm, and formulas several students wrote alike are parsed once)
const spread = (key) => (steps[0][key] > 0 ? steps[1][key] / steps[0][key] : Infinity);
const linearity = { wall: spread('msPerMB'), cpu: spread('cpuMsPerMB') };

const bigText = [];
let bigBytes = 0;
while (bigBytes < 5 * 2 ** 20) {
  const s = submission() + '\n';
  bigText.push(s);
  bigBytes += Buffer.byteLength(s);
}
const bigFile = join(out, 'answer-5mb.md');
writeFileSync(bigFile, bigText.join(''));
const bigRuns = Array.from({ length: RUNS }, () => runCheck(bigFile));
const big = { bytes: bigBytes, claims: bigRuns[0].json.files[0].claims, findings: bigRuns[0].json.files[0].findings.length, ...summary(bigRuns) };

const f1000 = folders[1000];
const ms = (x) => `${x.toFixed(0)} ms`;
const rows = [
  ...sizes.map((n) => {
    const f = folders[n];
    return [`CLI: check ${n.toLocaleString('en-US')} submissions (a tenth notebooks)`, ms(f.ms), `CPU ${ms(f.cpuMs)}; ${f.files} files (${f.notebooks} .ipynb), ${(f.bytes / 2 ** 20).toFixed(2)} MB, ${f.claims.toLocaleString('en-US')} claims, ${f.findings.toLocaleString('en-US')} findings; ${f.msPerMB.toFixed(0)} ms/MB (CPU ${f.cpuMsPerMB.toFixed(0)}); peak ${f.rssMB.toFixed(0)} MB; load ${f.load}${n === 1000 ? ' (goal < 3 s)' : ''}`];
  }),
  ['  linear in the total size', `${linearity.wall.toFixed(2)}×`, `cost per added MB: ${steps.map((s) => `${s.from}→${s.to} files ${s.msPerMB.toFixed(0)} ms/MB (CPU ${s.cpuMsPerMB.toFixed(0)})`).join(', ')}; second / first: wall ${linearity.wall.toFixed(2)}×, CPU ${linearity.cpu.toFixed(2)}× (goal ≤ 1.5×: no growth)`],
  ['CLI: check one 5 MB answer', ms(big.ms), `CPU ${ms(big.cpuMs)}; ${big.claims.toLocaleString('en-US')} claims, ${big.findings.toLocaleString('en-US')} findings; peak memory ${big.rssMB.toFixed(0)} MB (max RSS of the process); load ${big.load} (goals < 2 s, < 400 MB)`],
];
const goals = {
  'CLI: 1,000 submissions < 3 s': { value: f1000.ms, cpuValue: f1000.cpuMs, pass: f1000.ms < 3000 },
  'CLI: linear in size (an added MB costs ≤ 1.5× more at 2,000 files than at 1,000)': { value: linearity.wall, cpuValue: linearity.cpu, pass: linearity.wall <= 1.5 },
  'CLI: 5 MB answer < 2 s': { value: big.ms, cpuValue: big.cpuMs, pass: big.ms < 2000 },
  'CLI: 5 MB answer < 400 MB peak': { value: big.rssMB, pass: big.rssMB < 400 },
};
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
log(`| ${'measure'.padEnd(w0)} | ${'time'.padEnd(w1)} | notes |`);
log(`| ${'-'.repeat(w0)} | ${'-'.repeat(w1)} | ----- |`);
for (const r of rows) log(`| ${r[0].padEnd(w0)} | ${r[1].padEnd(w1)} | ${r[2]} |`);
log('');
for (const [goal, g] of Object.entries(goals)) log(`${g.pass ? 'PASS' : 'MISS'}  ${goal} (${g.value.toFixed(2)}${g.cpuValue !== undefined ? `; CPU ${g.cpuValue.toFixed(2)}` : ''})`);
writeFileSync(join(out, 'bench-cli.json'), JSON.stringify({ seed: Number(args.seed), runs: RUNS, loadAverageAtEnd: load(), folders, steps, linearity, big, goals }, null, 2) + '\n');
log('\nbench-results/bench-cli.json written');
