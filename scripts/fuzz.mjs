// `npm run fuzz`: 100,000 generated and adversarial inputs through findMathSpans, analyzeDocument,
// explainAt and evaluateLatex (test/fuzz/generate.ts makes and checks them). Fails when an exception
// escapes the core, a result breaks a documented promise (ranges in bounds, messages present…), or a
// call takes longer than 100 ms. Prints the seed; every case is reproducible on its own.
//
// A call is over the limit when its wall time and the process's CPU time over it (GC threads
// included) both pass it, three times in a row: on a shared machine, wall time also counts the turns
// of other processes, and one garbage-collection pause is no hang. Both times are reported.
//
//   node scripts/fuzz.mjs [--seed N] [--cases N] [--case K] [--limit-ms 100] [--huge] [--no-big]
//
// --case K re-runs case K of the seed and prints its input; --huge adds a 10,000×10,000 matrix
// written out (a 200 MB formula); --no-big skips the one-off big inputs (5 MB file, 1,000,000-
// character lines), which are timed and reported separately from the 100 ms per-call budget.
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    cases: { type: 'string', default: '100000' },
    case: { type: 'string' },
    'limit-ms': { type: 'string', default: '100' },
    huge: { type: 'boolean', default: false },
    'no-big': { type: 'boolean', default: false },
  },
});
const seed = values.seed !== undefined ? Number(values.seed) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
const total = Number(values.cases);
const limitMs = Number(values['limit-ms']);

// The harness is TypeScript importing the core; bundle it once into .cache (same esbuild as the build).
const outfile = join(root, '.cache/fuzz/harness.cjs');
await esbuild.build({ entryPoints: [join(root, 'test/fuzz/generate.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', absWorkingDir: root });
const h = createRequire(import.meta.url)(outfile);

if (values.case !== undefined) {
  const c = h.generateCase(seed, Number(values.case));
  const r = h.runCase(c);
  process.stdout.write(`seed ${seed} case ${c.index} (${c.kind}${c.name ? `: ${c.name}` : ''}), ${c.text.length} characters\n`);
  process.stdout.write(`input: ${JSON.stringify(c.text.length > 4000 ? c.text.slice(0, 4000) + '…' : c.text)}\n`);
  for (const t of r.timings) process.stdout.write(`  ${t.fn.padEnd(16)} ${t.ms.toFixed(2)} ms (CPU ${t.cpuMs.toFixed(2)} ms)\n`);
  for (const p of r.problems) process.stdout.write(`  PROBLEM ${p}\n`);
  process.exit(r.problems.length ? 1 : 0);
}

process.stdout.write(`fuzz: seed ${seed}, ${total.toLocaleString('en-US')} cases, ${limitMs} ms per call (reproduce: npm run fuzz -- --seed ${seed})\n`);

// Warm up the JIT and the first-use costs (Intl number formatting) on another seed, so the 100 ms
// budget measures the engine, not V8's first compile.
for (let i = 0; i < 300; i++) h.runCase(h.generateCase(seed ^ 0x5eed, i));

const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
const fns = ['findMathSpans', 'analyzeDocument', 'explainAt', 'evaluateLatex'];
const slowest = Object.fromEntries(fns.map((f) => [f, { ms: 0, index: -1 }]));
const calls = Object.fromEntries(fns.map((f) => [f, 0]));
const byKind = {};
const failures = [];
const slow = [];
const t0 = performance.now();
for (let i = 0; i < total; i++) {
  const c = h.generateCase(seed, i);
  let r = h.runCase(c);
  byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
  const overLimit = (t) => t.ms > limitMs && t.cpuMs > limitMs;
  let over = r.timings.filter(overLimit);
  if (over.length && !r.problems.length) {
    // a garbage-collection pause is not a hang: a call is slow only if it is slow twice more
    for (let k = 0; k < 2 && over.length; k++) {
      const again = h.runCase(c);
      over = over.filter((t) => again.timings.some((u) => u.fn === t.fn && overLimit(u)));
      if (!over.length) r = again;
    }
  }
  for (const t of r.timings) {
    calls[t.fn]++;
    if (t.ms > slowest[t.fn].ms) slowest[t.fn] = { ms: t.ms, index: i, kind: c.name ?? c.kind };
  }
  if (over.length) slow.push({ index: i, kind: c.name ?? c.kind, calls: over.map((t) => `${t.fn} ${t.ms.toFixed(0)} ms (CPU ${t.cpuMs.toFixed(0)} ms)`) });
  if (r.problems.length) failures.push({ index: i, kind: c.name ?? c.kind, problems: r.problems.slice(0, 5), input: c.text.slice(0, 300) });
  if ((i + 1) % 10_000 === 0) process.stdout.write(`  ${(i + 1).toLocaleString('en-US')} cases, ${failures.length} failures, ${slow.length} over ${limitMs} ms, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
const elapsed = (performance.now() - t0) / 1000;
const protoAfter = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
if (protoAfter !== protoBefore) failures.push({ index: -1, kind: 'prototype', problems: [`Object.prototype changed: ${protoAfter}`] });

// one-off big inputs
const big = [];
if (!values['no-big']) {
  for (const b of h.bigInputs(seed, values.huge)) {
    const text = b.text();
    const c = { index: -1, kind: 'big', name: b.name, text, latex: text.length > 2_000_000 ? text.slice(0, 2_000_000) : text, offsets: [0, text.length >> 1, text.length] };
    const r = h.runCase(c);
    const per = {};
    for (const t of r.timings) per[t.fn] = Math.max(per[t.fn] ?? 0, t.ms);
    big.push({ name: b.name, chars: text.length, ms: per, problems: r.problems });
    if (r.problems.length) failures.push({ index: -1, kind: b.name, problems: r.problems.slice(0, 5) });
  }
}

process.stdout.write(`\n${total.toLocaleString('en-US')} cases in ${elapsed.toFixed(1)} s (${Object.entries(byKind).map(([k, n]) => `${k} ${n}`).join(', ')})\n`);
process.stdout.write(`\nslowest call per function (of ${Object.values(calls).reduce((a, b) => a + b, 0).toLocaleString('en-US')} calls):\n`);
for (const f of fns) process.stdout.write(`  ${f.padEnd(16)} ${slowest[f].ms.toFixed(2).padStart(8)} ms  (case ${slowest[f].index}, ${slowest[f].kind ?? '-'}; ${calls[f].toLocaleString('en-US')} calls)\n`);
if (big.length) {
  process.stdout.write('\nbig inputs (once each; not held to the per-call budget):\n');
  for (const b of big) process.stdout.write(`  ${b.name.padEnd(52)} ${Object.entries(b.ms).map(([f, ms]) => `${f} ${ms.toFixed(0)} ms`).join(', ')}${b.problems.length ? '  PROBLEMS' : ''}\n`);
}
for (const s of slow.slice(0, 20)) process.stdout.write(`SLOW case ${s.index} (${s.kind}): ${s.calls.join(', ')}\n`);
for (const f of failures.slice(0, 20)) process.stdout.write(`FAIL case ${f.index} (${f.kind}): ${f.problems.join(' | ')}\n`);

mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results/fuzz.json'), JSON.stringify({ seed, cases: total, limitMs, seconds: elapsed, byKind, slowest, calls, big, slow, failures, node: process.version }, null, 2) + '\n');
const ok = failures.length === 0 && slow.length === 0;
process.stdout.write(`\nfuzz: ${ok ? 'PASS' : 'FAIL'}: ${failures.length} failures, ${slow.length} cases over ${limitMs} ms (seed ${seed}; bench-results/fuzz.json)\n`);
process.exit(ok ? 0 : 1);
