// Incremental analysis: re-analysing through a FormulaCache reuses the evaluation of every formula
// whose text and inputs did not change, and must give exactly what a fresh analysis gives. The
// stepped form (analyzeDocumentSteps run by a SteppedJob in slices) must too, and can be dropped.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { analyzeDocument, analyzeDocumentSteps, FormulaCache, type DocumentAnalysis } from '../../../src/core/document/analysis';
import { runInSlices, SLICE_MS, SteppedJob } from '../../../src/core/steps';
import { mulberry32 } from '../../fuzz/generate';
import { readExample, readFixture, SHARED_SKIP, REPO_ROOT } from '../engineHelpers';

const ROOT = REPO_ROOT;
const ANSWERS: [string, string][] = [
  ...(SHARED_SKIP ? [] : ['answer-hw5-a.md', 'answer-hw5-b.md'].map((n): [string, string] => [n, readExample(n)])),
  ...['attention-fa.md', 'bptt-fa.md', 'params-fa.md'].map((n): [string, string] => [`fixtures/${n}`, readFixture(n)]),
  ['samples/answer-attention.md', readFileSync(path.join(ROOT, 'samples/answer-attention.md'), 'utf8')],
  ['fixtures/shapes-answer.md', readFileSync(path.join(ROOT, 'test/fixtures/workspace/shapes-answer.md'), 'utf8')],
  ['fixtures/bptt-answer.md', readFileSync(path.join(ROOT, 'test/fixtures/workspace/bptt-answer.md'), 'utf8')],
];

/** Everything a user can see of an analysis: findings, claims, per-formula values and variables. */
function visible(a: DocumentAnalysis): string {
  return JSON.stringify({
    findings: a.findings,
    claims: a.claims,
    formulas: a.formulas.map((f) => ({
      span: [f.span.start, f.span.end],
      claims: f.claims,
      pieces: f.chains.map((c) => c.pieces.map((p) => [p.range.start, p.range.end, p.status, p.value, p.reason, p.steps, p.uses])),
      scope: [...f.scope.keys()].sort(),
    })),
    variables: [...a.variables].map(([k, v]) => [k, v.value, v.range]),
  });
}

/** A random small edit inside a formula (digits mostly: definitions and claims change value) or in prose. */
function randomEdit(text: string, r: () => number): string {
  const digits: number[] = [];
  for (let i = 0; i < text.length; i++) if (/[0-9۰-۹]/.test(text[i])) digits.push(i);
  const k = r();
  if (k < 0.6 && digits.length) {
    const at = digits[Math.floor(r() * digits.length)];
    return text.slice(0, at) + String(Math.floor(r() * 10)) + text.slice(at + 1);
  }
  const at = Math.floor(r() * text.length);
  if (k < 0.8) return text.slice(0, at) + ['x', ' ', '\n', '$', '1', 'پاسخ '][Math.floor(r() * 6)] + text.slice(at);
  return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 3));
}

describe('incremental re-analysis', () => {
  const skipped = SHARED_SKIP;
  if (skipped) test('answer-hw5-a.md, answer-hw5-b.md: random edits give what fresh analyses give', (t) => t.skip(skipped));
  for (const [name, answer] of ANSWERS) {
    test(`${name}: 40 random edits through one cache give what fresh analyses give`, () => {
      const r = mulberry32(name.length * 7919);
      const cache = new FormulaCache();
      let text = answer;
      analyzeDocument(text, undefined, cache);
      for (let i = 0; i < 40; i++) {
        // an edit, sometimes undone (the typical back-and-forth of typing)
        const next = randomEdit(text, r);
        text = r() < 0.2 ? text : next;
        const fresh = visible(analyzeDocument(text));
        assert.equal(visible(analyzeDocument(text, undefined, cache)), fresh, `${name}, edit ${i}`);
      }
    });
  }

  test('changing a definition re-judges the claims that read it, and only those are re-evaluated', () => {
    const doc = (x: string) => `$x = ${x}$ و $y = 10$\n\n$$2x = 6$$\n\n$$3y = 30$$\n`;
    const cache = new FormulaCache();
    const before = analyzeDocument(doc('3'), undefined, cache);
    assert.deepEqual(before.findings, []);
    const after = analyzeDocument(doc('4'), undefined, cache);
    assert.equal(after.findings.length, 1);
    assert.match(after.findings[0].message, /= 8, not 6/);
    const piece = (a: DocumentAnalysis, f: number) => a.formulas[f].chains[0].pieces[0];
    // 3y read only y: its evaluation is the one kept from before (same steps array), 2x's is new
    assert.equal(piece(after, 3).steps, piece(before, 3).steps);
    assert.notEqual(piece(after, 2).steps, piece(before, 2).steps);
  });

  test('a cache that keeps parses only (the CLI over many files) reuses no evaluation and gives what fresh analyses give', () => {
    const doc = (x: string) => `$x = ${x}$ و $y = 10$\n\n$$2x = 6$$\n\n$$3y = 30$$\n`;
    const parses = new FormulaCache(20_000, { evaluations: false });
    assert.equal(parses.keepsEvaluations, false);
    const before = analyzeDocument(doc('3'), undefined, parses);
    const after = analyzeDocument(doc('4'), undefined, parses);
    assert.equal(visible(after), visible(analyzeDocument(doc('4'))));
    assert.match(after.findings[0].message, /= 8, not 6/);
    // the formulas are parsed once (the same tree), but 3y is evaluated again: its steps are a new array
    const piece = (a: DocumentAnalysis, f: number) => a.formulas[f].chains[0].pieces[0];
    assert.equal(piece(after, 3).node, piece(before, 3).node);
    assert.notEqual(piece(after, 3).steps, piece(before, 3).steps);
    for (const [name, answer] of ANSWERS) assert.equal(visible(analyzeDocument(answer, undefined, parses)), visible(analyzeDocument(answer)), name);
  });

  test('within one analysis, a formula written again with the same inputs is evaluated once; with other inputs, again', () => {
    const piece = (a: DocumentAnalysis, f: number) => a.formulas[f].chains[0].pieces[0];
    // nested Σ that spends the whole work budget, written twice: the second place reuses the first's evaluation
    const sum = '$$\\sum_{i=1}^{40} \\sum_{j=1}^{40} \\sum_{l=1}^{60} (i + j \\cdot l) = 5$$\n\n';
    const twice = analyzeDocument(sum + 'و\n\n' + sum);
    assert.equal(piece(twice, 1).steps, piece(twice, 0).steps);
    assert.deepEqual(twice.findings.map((f) => f.code), ['limit', 'limit']);
    // twin: the same text reading a value that changed in between is evaluated and judged again
    const changed = analyzeDocument('$x = 2$\n\n$$3x = 6$$\n\n$x = 3$\n\n$$3x = 6$$\n');
    assert.notEqual(piece(changed, 3).steps, piece(changed, 1).steps);
    assert.deepEqual(changed.findings.map((f) => [f.code, f.message.includes('9, not 6')]), [['wrong-result', true]]);
  });

  test('a long numeric answer keeps nothing per formula that cannot be reused (work counted: issue #16, the fuzz\'s "many formulas")', () => {
    // `$k \times 2 = 2k$` hundreds of times on one line, every seventh claim wrong: each text is written once
    const doc = (n: number) => Array.from({ length: n }, (_, i) => `$${i} \\times 2 = ${i * 2 + (i % 7 === 0 ? 1 : 0)}$`).join(' ');
    type Setter = { set: (this: object, key: unknown, value: unknown) => unknown };
    const counted = (text: string) => {
      const map = Map.prototype as unknown as Setter;
      const weak = WeakMap.prototype as unknown as Setter;
      const [mapSet, weakSet] = [map.set, weak.set];
      let maps = 0;
      let weaks = 0;
      map.set = function (key, value) {
        maps++;
        return mapSet.call(this, key, value);
      };
      weak.set = function (key, value) {
        weaks++;
        return weakSet.call(this, key, value);
      };
      try {
        return { analysis: analyzeDocument(text), maps, weaks };
      } finally {
        map.set = mapSet;
        weak.set = weakSet;
      }
    };
    const small = counted(doc(200));
    const large = counted(doc(400));
    assert.equal(small.analysis.findings.length, 29);
    assert.equal(large.analysis.findings.length, 58);
    // 200 formulas more: the parse cache's entry for each new text, no evaluation kept for reuse (nothing can
    // reuse it) and nothing kept with their small trees (walking one again costs less than keeping its answer)
    assert.ok(large.maps - small.maps <= 250, `${large.maps - small.maps} map entries for 200 formulas`);
    assert.ok(large.weaks - small.weaks <= 10, `${large.weaks - small.weaks} entries kept with trees for 200 formulas`);
  });

  test('the same formula text in two places keeps each place right', () => {
    const doc = (a: string) => `$q = ${a}$\n\n$$q \\cdot q = 4$$\n\n$q = 3$\n\n$$q \\cdot q = 9$$\n`;
    const cache = new FormulaCache();
    assert.deepEqual(analyzeDocument(doc('2'), undefined, cache).findings, []);
    const edited = analyzeDocument(doc('5'), undefined, cache);
    assert.equal(edited.findings.length, 1);
    assert.match(edited.findings[0].message, /25, not 4/);
    assert.deepEqual(analyzeDocument(doc('2'), undefined, cache).findings, []);
  });

  test('an edit above a formula moves its findings with it', () => {
    const cache = new FormulaCache();
    const text = 'پاسخ:\n\n$$2 \\times 3 = 7$$\n';
    const a = analyzeDocument(text, undefined, cache);
    const b = analyzeDocument('سوال ۱ — ' + text, undefined, cache);
    assert.equal(a.findings.length, 1);
    assert.equal(b.findings[0].range.start - a.findings[0].range.start, 'سوال ۱ — '.length);
    assert.equal(b.findings[0].fix!.range.start - a.findings[0].fix!.range.start, 'سوال ۱ — '.length);
  });
});

describe('stepped analysis', () => {
  test('run in slices of any size, it gives what analyzeDocument gives', () => {
    for (const [name, answer] of ANSWERS) {
      const expected = visible(analyzeDocument(answer));
      const job = new SteppedJob(analyzeDocumentSteps(answer));
      while (!job.runFor(0));
      assert.equal(visible(job.finish()), expected, name);
      // one step per slice: at least a slice per formula (evaluation, then shapes)
      assert.ok(job.slices >= analyzeDocument(answer).formulas.length, `${name}: ${job.slices} slices`);
    }
  });

  test('runInSlices pauses between slices and drops a job whose input changed', async () => {
    const [, answer] = ANSWERS[0];
    let pauses = 0;
    const done = await runInSlices(new SteppedJob(analyzeDocumentSteps(answer)), { sliceMs: 0, pause: async () => void pauses++, cancelled: () => false });
    const formulas = analyzeDocument(answer).formulas.length;
    assert.ok(done && pauses >= formulas, `${pauses} pauses for ${formulas} formulas`);
    assert.equal(visible(done!), visible(analyzeDocument(answer)));
    let version = 1;
    const dropped = await runInSlices(new SteppedJob(analyzeDocumentSteps(answer)), {
      sliceMs: 0,
      pause: async () => void (version = 2), // the text changed while the job waited
      cancelled: () => version !== 1,
    });
    assert.equal(dropped, undefined);
  });

  // The editor (features/analysisCache.ts) drops a background analysis when the document's version
  // changes: runInSlices asks before every slice. A change arrives on the event loop, so between
  // slices; what runs after it is at most the rest of the slice in progress (SLICE_MS, plus the one
  // step that ends it, which the work budget bounds). Counted here in steps and slices on a clock
  // that advances one unit per step, so the count does not depend on the machine's speed; the time
  // from a change to the stop is a bench row (`npm run bench`, goal 100 ms).
  describe('cancelled when the document changes', () => {
    const heavy = Array.from({ length: 6 }, (_, i) => `$$\\sum_{i=1}^{${30 + i}} \\sum_{j=1}^{40} \\sum_{l=1}^{50} (i + j \\cdot l) = ${1000 + i}$$\n\n`).join('') + ANSWERS[ANSWERS.length - 3][1];
    /** Runs the analysis in slices of SLICE_MS clock units; the document changes while step `changeAt` runs. */
    async function run(changeAt: number) {
      let clock = 0;
      let steps = 0;
      let version = 1;
      let stepsAtChange = -1;
      let slicesAtChange = -1;
      function* counted<T>(g: Generator<void, T, void>): Generator<void, T, void> {
        for (;;) {
          const r = g.next();
          clock++;
          if (r.done) return r.value;
          if (++steps === changeAt) {
            version = 2;
            stepsAtChange = steps;
            slicesAtChange = job.slices; // slices finished before the one in progress
          }
          yield;
        }
      }
      const job = new SteppedJob(counted(analyzeDocumentSteps(heavy)), () => clock);
      const result = await runInSlices(job, { sliceMs: SLICE_MS, pause: () => new Promise((res) => setImmediate(res)), cancelled: () => version !== 1 });
      return { result, steps, slices: job.slices, stepsAfter: stepsAtChange < 0 ? 0 : steps - stepsAtChange, slicesAfter: slicesAtChange < 0 ? 0 : job.slices - slicesAtChange - 1 };
    }

    test('unchanged, the job runs every step to its result (the count sees the whole analysis)', async () => {
      const whole = await run(-1);
      assert.ok(whole.result);
      assert.equal(visible(whole.result), visible(analyzeDocument(heavy)));
      assert.ok(whole.steps > 3 * SLICE_MS, `${whole.steps} steps`);
    });

    test('changed in the middle of a slice: that slice ends within its budget and no slice starts after it', async () => {
      const total = (await run(-1)).steps;
      for (const changeAt of [1, SLICE_MS - 1, SLICE_MS + 3, Math.floor(total / 2), total - 2 * SLICE_MS]) {
        const r = await run(changeAt);
        assert.equal(r.result, undefined, `change at step ${changeAt}: the job is dropped`);
        assert.equal(r.slicesAfter, 0, `change at step ${changeAt}: ${r.slicesAfter} slices ran after the slice in progress`);
        assert.ok(r.stepsAfter <= SLICE_MS, `change at step ${changeAt}: ${r.stepsAfter} steps ran after it (the slice's budget is ${SLICE_MS})`);
        assert.ok(r.steps < total, `change at step ${changeAt}: ${r.steps} of ${total} steps ran`);
      }
    });
  });

  test('a job finished at once (a hover needed it) is returned by the slicer too', async () => {
    const [, answer] = ANSWERS[1];
    const job = new SteppedJob(analyzeDocumentSteps(answer));
    const running = runInSlices(job, { sliceMs: 0, pause: () => new Promise((res) => setImmediate(res)), cancelled: () => false });
    const now = job.finish();
    assert.equal(await running, now);
  });
});
