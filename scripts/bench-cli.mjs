// The CLI rows of `npm run bench` (also `node scripts/bench-cli.mjs [--quick] [--seed N]` alone): how fast
// `dlmath check` grades, through the built CLI (dist/cli.js, built if missing) in a fresh process each
// time, as a grader runs it.
//
// 1. 1,000 generated submissions, each of the bundled sample's size (samples/answer-attention.md with
//    its numbers changed, seeded), a tenth of them notebooks (the same text in Markdown cells, with a
//    code cell): `check DIR --format json`, median wall time (goal < 3 s), and the same over 250 and 500
//    of them: ms per MB at each size (linear: the largest per-MB time within 1.5× of the smallest).
// 2. One 5 MB answer (sample blocks repeated): wall time and peak memory (max RSS) of `check FILE`
//    (goals < 2 s, < 400 MB).
// Prints its rows and writes bench-results/bench-cli.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench-results');
const { values: args } = parseArgs({ strict: false, options: { quick: { type: 'boolean', default: false }, seed: { type: 'string', default: '8' } } });
const RUNS = args.quick ? 3 : 5;
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
writeFileSync(rssHook, "process.on('exit', () => process.stderr.write('\\nDLMATH_MAXRSS_KB ' + process.resourceUsage().maxRSS + '\\n'));\n");
/** One `dlmath check` process: wall ms, peak RSS in MB, exit status, and the JSON it printed. */
function runCheck(target) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['-r', rssHook, cli, 'check', target, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`dlmath check ${target} exited ${r.status}: ${r.stderr}`);
  const rss = Number(/DLMATH_MAXRSS_KB (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  return { ms, rssMB: rss, json: JSON.parse(r.stdout) };
}

log(`dlmath check through the CLI (${RUNS} runs per measure, seed ${args.seed})`);
const sizes = [250, 500, 1000];
const folders = {};
for (const n of sizes) {
  const { dir, bytes } = makeSubmissions(n);
  const runs = Array.from({ length: RUNS }, () => runCheck(dir));
  const json = runs[0].json;
  const claims = json.files.reduce((s, f) => s + f.claims, 0);
  const findings = json.files.reduce((s, f) => s + f.findings.length, 0);
  const ms = median(runs.map((r) => r.ms));
  folders[n] = { files: json.files.length, notebooks: json.files.filter((f) => f.file.endsWith('.ipynb')).length, bytes, claims, findings, ms, msPerMB: ms / (bytes / 2 ** 20), rssMB: median(runs.map((r) => r.rssMB)) };
}
const perMB = sizes.map((n) => folders[n].msPerMB);
const linearity = Math.max(...perMB) / Math.min(...perMB);

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
const big = { bytes: bigBytes, claims: bigRuns[0].json.files[0].claims, findings: bigRuns[0].json.files[0].findings.length, ms: median(bigRuns.map((r) => r.ms)), rssMB: Math.max(...bigRuns.map((r) => r.rssMB)) };

const f1000 = folders[1000];
const rows = [
  ['CLI: check 1,000 submissions (a tenth notebooks)', `${f1000.ms.toFixed(0)} ms`, `${f1000.files} files (${f1000.notebooks} .ipynb), ${(f1000.bytes / 2 ** 20).toFixed(2)} MB, ${f1000.claims.toLocaleString('en-US')} claims, ${f1000.findings.toLocaleString('en-US')} findings; peak ${f1000.rssMB.toFixed(0)} MB (goal < 3 s)`],
  ['  linear in the total size', `${linearity.toFixed(2)}×`, `ms per MB at ${sizes.map((n) => `${n} files: ${folders[n].msPerMB.toFixed(0)}`).join(', ')} (largest / smallest; process start included) (goal ≤ 1.5×)`],
  ['CLI: check one 5 MB answer', `${big.ms.toFixed(0)} ms`, `${big.claims.toLocaleString('en-US')} claims, ${big.findings.toLocaleString('en-US')} findings; peak memory ${big.rssMB.toFixed(0)} MB (goals < 2 s, < 400 MB)`],
];
const goals = {
  'CLI: 1,000 submissions < 3 s': { value: f1000.ms, pass: f1000.ms < 3000 },
  'CLI: linear in size (per-MB spread ≤ 1.5×)': { value: linearity, pass: linearity <= 1.5 },
  'CLI: 5 MB answer < 2 s': { value: big.ms, pass: big.ms < 2000 },
  'CLI: 5 MB answer < 400 MB peak': { value: big.rssMB, pass: big.rssMB < 400 },
};
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
log(`| ${'measure'.padEnd(w0)} | ${'time'.padEnd(w1)} | notes |`);
log(`| ${'-'.repeat(w0)} | ${'-'.repeat(w1)} | ----- |`);
for (const r of rows) log(`| ${r[0].padEnd(w0)} | ${r[1].padEnd(w1)} | ${r[2]} |`);
log('');
for (const [goal, g] of Object.entries(goals)) log(`${g.pass ? 'PASS' : 'MISS'}  ${goal} (${g.value.toFixed(2)})`);
writeFileSync(join(out, 'bench-cli.json'), JSON.stringify({ seed: Number(args.seed), runs: RUNS, folders, linearity, big, goals }, null, 2) + '\n');
log('\nbench-results/bench-cli.json written');
