// The fast subset of `npm run fuzz`: a few thousand generated and adversarial inputs with a fixed
// seed through findMathSpans, analyzeDocument, explainAt and evaluateLatex. Same checks as the
// fuzz script (no exception escapes; ranges in bounds; messages present and free of JavaScript
// object renderings), no timing assertions: the 100 ms budget is checked by `npm run fuzz`.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ADVERSARIAL, Gen, generateCase, runCase, mulberry32, caseRng } from '../fuzz/generate';

const SEED = 20_240_601;
const CASES = 2000;

describe('fuzz (fast subset)', () => {
  test('the generator is deterministic: same seed and index, same input', () => {
    for (const i of [0, 1, 17, 999]) assert.equal(generateCase(SEED, i).text, generateCase(SEED, i).text);
    assert.notEqual(generateCase(SEED, 5).text + generateCase(SEED, 6).text, generateCase(SEED + 1, 5).text + generateCase(SEED + 1, 6).text);
    const r = mulberry32(1);
    const xs = Array.from({ length: 1000 }, r);
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    assert.ok(Math.abs(xs.reduce((a, b) => a + b, 0) / xs.length - 0.5) < 0.05, 'roughly uniform');
    assert.notEqual(caseRng(SEED, 1)(), caseRng(SEED, 2)());
  });

  test(`${CASES} generated cases (seed ${SEED}): nothing escapes the core, every promise holds`, () => {
    const failures: string[] = [];
    const kinds = new Map<string, number>();
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).join(',');
    for (let i = 0; i < CASES; i++) {
      const c = generateCase(SEED, i);
      kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
      const r = runCase(c);
      if (r.problems.length) failures.push(`case ${i} (${c.name ?? c.kind}; npm run fuzz -- --seed ${SEED} --case ${i}): ${r.problems.slice(0, 3).join(' | ')}`);
    }
    assert.deepEqual(failures.slice(0, 10), []);
    assert.equal(Object.getOwnPropertyNames(Object.prototype).join(','), protoBefore);
    // every kind of input was exercised
    for (const k of ['latex', 'mutated-latex', 'markdown', 'soup', 'code-units', 'adversarial']) assert.ok((kinds.get(k) ?? 0) > 0, `no ${k} cases`);
  });

  test('every adversarial template, three sizes each', () => {
    const failures: string[] = [];
    for (let t = 0; t < ADVERSARIAL.length; t++) {
      for (let k = 0; k < 3; k++) {
        const index = t + k * ADVERSARIAL.length;
        const latex = ADVERSARIAL[t].make(new Gen(caseRng(SEED, index)));
        for (const text of [latex, `$$${latex}$$`, `پاسخ: $${latex}$ است.`]) {
          const r = runCase({ index, kind: 'adversarial', name: ADVERSARIAL[t].name, text, latex, offsets: [0, text.length >> 1, text.length] });
          if (r.problems.length) failures.push(`${ADVERSARIAL[t].name} #${k}: ${r.problems.slice(0, 3).join(' | ')}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });
});
