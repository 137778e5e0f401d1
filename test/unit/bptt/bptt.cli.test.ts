// `dlmath bptt` as the CLI contract specifies it: JSON fields, the gradient from --at, exit 2 with a
// one-line message for everything it cannot use.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/main';
import { finiteDifference, parseBpttTarget, parseRecurrence, readBpttValues, LossKind } from '../../../src/core/bptt';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(args: string[], files: Record<string, string> = {}): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runCli(['bptt', ...args], {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    // Given files are served from memory; otherwise the real file system answers (and misses).
    readFile: Object.keys(files).length ? (p) => files[p] ?? '' : undefined,
  });
  return { code, out, err };
}

/** Finite differences of the forward recurrence, computed independently of the CLI. */
function fd(recurrence: string, wrt: string, steps: number, loss: LossKind, values: unknown): number[] | number[][] {
  const r = parseRecurrence(recurrence);
  assert.ok(r.ok);
  const nums = readBpttValues(values, r.recurrence, loss, steps);
  return finiteDifference(r.recurrence, parseBpttTarget(wrt, r.recurrence, steps), nums, loss, steps);
}

function close(a: unknown, b: unknown, tol = 1e-6): void {
  const fa = ([a] as unknown[]).flat(3) as number[];
  const fb = ([b] as unknown[]).flat(3) as number[];
  assert.equal(fa.length, fb.length);
  fa.forEach((v, i) => assert.ok(Math.abs(v - fb[i]) <= tol * Math.max(1, Math.abs(fb[i])), `${v} vs ${fb[i]}`));
}

describe('dlmath bptt --json', () => {
  test('the contract fields', async () => {
    const r = await run(['--recurrence', 'h_t = \\tanh(W h_{t-1} + U x_t + b)', '--wrt', 'h_0', '--steps', '3', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    for (const k of ['latex', 'general', 'unrolled', 'bound']) assert.equal(typeof j[k], 'string', k);
    assert.ok(j.latex.includes(j.unrolled.replace(/^\\begin\{aligned\}\n|\n\\end\{aligned\}$/g, '')), 'latex holds the whole derivation');
    assert.ok(j.bound.includes('\\|W\\|') && /Vanishing when/.test(j.bound));
    assert.equal(j.gradient, undefined, 'no gradient without --at');
  });

  test('markdown: the derivation as the editor inserts it, its sentences in --lang; the other fields do not change with --lang', async () => {
    const args = ['--recurrence', 'h_t = \\sigma(W h_{t-1} + U x_t + b)', '--wrt', 'W', '--steps', '3', '--json'];
    const en = JSON.parse((await run(args)).out);
    const fa = JSON.parse((await run([...args, '--lang', 'fa'])).out);
    assert.match(en.markdown, /\n\nUnrolled for \$T = 3\$:\n\n/);
    assert.match(fa.markdown, /\n\nبازشده برای \$T = 3\$:\n\n/);
    assert.deepEqual({ ...fa, markdown: undefined }, { ...en, markdown: undefined });
    assert.ok(en.latex.includes('\\text{Unrolled for }T = 3'), 'latex stays English display math');
    const bad = await run([...args, '--lang', 'de']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--lang must be en or fa/);
  });

  const cases: Array<{ name: string; recurrence: string; wrt: string; steps: number; loss: LossKind; values: Record<string, unknown>; shape: 'vector' | 'matrix' }> = [
    {
      name: 'matrix W, summed loss',
      recurrence: 'h_t = \\tanh(W h_{t-1} + U x_t + b)',
      wrt: 'W',
      steps: 3,
      loss: 'sum',
      values: { W: [[0.5, -0.3], [0.2, 0.4]], U: [[1, 0], [0.5, -1]], b: [0.1, -0.2], x: [[1, 2], [0, -1], [0.5, 0.5]], h0: [0.3, -0.1], g: [[1, 0], [0, 1], [1, 1]] },
      shape: 'matrix',
    },
    {
      name: 'student names as keys, skip term',
      recurrence: 'h_t = \\sigma(W_{hh} h_{t-1} + M h_{t-2} + W_{hx} x_t + b_h)',
      wrt: 'M',
      steps: 4,
      loss: 'final',
      values: { W_hh: [[1.5, -1], [0.5, 2]], M: [[0.5, 0], [-1, 1]], 'W_{hx}': [[1], [-1]], b_h: [0.1, 0.2], x: [[1], [2], [-1], [0.5]], h0: [0.5, -0.5], g: [1, -2] },
      shape: 'matrix',
    },
    {
      name: 'student names, contract keys W, U, b',
      recurrence: 'h_t = \\tanh(W_{hh} h_{t-1} + W_{xh} x_t + b_h)',
      wrt: 'W_{xh}',
      steps: 3,
      loss: 'final',
      values: { W: [[0.5, -0.3], [0.2, 0.4]], U: [[1, 0, 2], [0.5, -1, 1]], b: [0.1, -0.2], x: [[1, 2, 0], [0, -1, 1], [0.5, 0.5, 0.5]], h0: [0.3, -0.1], g: [1, 2] },
      shape: 'matrix',
    },
    {
      name: 'scalars as plain numbers: h_0',
      recurrence: 'h_t = \\sigma(W h_{t-1} + U x_t + b)',
      wrt: 'h_0',
      steps: 3,
      loss: 'final',
      values: { W: 2, U: -1, b: 0.5, x: [1, 0, -1], h0: 0.2, g: 1 },
      shape: 'vector',
    },
    {
      name: 'scalars: W gives [[value]]',
      recurrence: 'h_t = \\sigma(W h_{t-1} + U x_t + b)',
      wrt: 'W',
      steps: 3,
      loss: 'sum',
      values: { W: 2, U: -1, b: 0.5, x: [1, 0, -1], h0: 0.2, g: [1, 2, 3] },
      shape: 'matrix',
    },
    {
      name: 'bias is a vector',
      recurrence: 'h_t = \\mathrm{ReLU}(W h_{t-1} + U x_t + b)',
      wrt: 'b',
      steps: 2,
      loss: 'final',
      values: { W: [[0.5, 0.2], [0.1, 0.9]], U: [[1], [2]], b: [0.3, 0.1], x: [[1], [2]], h0: [1, 1], g: [1, 1] },
      shape: 'vector',
    },
    {
      name: 'Jacobian h_T/h_0',
      recurrence: 'h_t = \\tanh(W h_{t-1} + U x_t)',
      wrt: 'h_T/h_0',
      steps: 3,
      loss: 'final',
      values: { W: [[0.5, -0.3], [0.2, 0.4]], U: [[1], [0.5]], x: [[1], [2], [3]], h0: [0.1, 0.2] },
      shape: 'matrix',
    },
    {
      name: 'linear, hw5-b',
      recurrence: 'h_t = n_t - h_{t-1}',
      wrt: 'h_0',
      steps: 5,
      loss: 'sum',
      values: { x: [1, 2, 3, 4, 5], h0: 1, g: [1, 1, 1, 1, 1] },
      shape: 'vector',
    },
  ];
  for (const c of cases) {
    test(`--at: ${c.name}`, async () => {
      const r = await run(['--recurrence', c.recurrence, '--wrt', c.wrt, '--steps', String(c.steps), '--loss', c.loss, '--json', '--at', 'v.json'], { 'v.json': JSON.stringify(c.values) });
      assert.equal(r.code, 0, r.err);
      const j = JSON.parse(r.out);
      assert.ok(Array.isArray(j.gradient));
      assert.equal(Array.isArray(j.gradient[0]), c.shape === 'matrix', 'number[] for vectors, number[][] for matrices');
      close(j.gradient, fd(c.recurrence, c.wrt, c.steps, c.loss, c.values));
    });
  }

  test('a bias given as one number is broadcast', async () => {
    const values = { W: [[0.5, 0.1], [0.2, 0.3]], U: [[1], [1]], b: 0.25, x: [[1], [2]], h0: [0, 1], g: [1, -1] };
    const r = await run(['--recurrence', 'h_t = \\tanh(W h_{t-1} + U x_t + b)', '--wrt', 'W', '--steps', '2', '--json', '--at', JSON.stringify(values)]);
    assert.equal(r.code, 0, r.err);
    close(JSON.parse(r.out).gradient, fd('h_t = \\tanh(W h_{t-1} + U x_t + b)', 'W', 2, 'final', { ...values, b: [0.25, 0.25] }));
  });

  test('--at also takes inline JSON', async () => {
    const r = await run(['--recurrence', 'h_t = x_t - h_{t-1}', '--wrt', 'h_0', '--steps', '3', '--json', '--at', '{"x": [1, 2, 3], "h0": 0, "g": 1}']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out).gradient, [-1]);
  });
});

describe('dlmath bptt: human output', () => {
  test('the derivation as a display block, then the gradient', async () => {
    const r = await run(['--recurrence', 'h_t = x_t - h_{t-1}', '--wrt', 'h_0', '--steps', '3', '--at', '{"x": [1, 2, 3], "h0": 0, "g": 2}']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^\$\$\n\\begin\{aligned\}/);
    // the closed form, its terms three to a row
    assert.ok(r.out.includes('h_{3} = x_{1} - x_{2} + x_{3} \\\\\n&\\qquad - h_{0}'), r.out);
    assert.match(r.out, /gradient: \[-2\]/);
  });
});

describe('dlmath bptt: exit 2 with one line', () => {
  const base = ['--recurrence', 'h_t = \\tanh(W h_{t-1} + U x_t)', '--steps', '2'];
  const cases: Array<[string, string[], Record<string, string>, RegExp]> = [
    ['unrecognised recurrence', ['--recurrence', 'y_t = W h_t', '--wrt', 'W', '--steps', '2'], {}, /--recurrence: not a recurrence I can read: y_\{t\} does not depend/],
    ['unknown target', [...base, '--wrt', 'Q'], {}, /unknown target Q/],
    ['target not in the recurrence', [...base, '--wrt', 'M'], {}, /no skip weight/],
    ['state beyond T', [...base, '--wrt', 'h_7'], {}, /outside the unrolled steps/],
    ['steps zero', ['--recurrence', 'h_t = \\tanh(W h_{t-1})', '--wrt', 'W', '--steps', '0'], {}, /--steps must be a whole number/],
    ['steps not a number', ['--recurrence', 'h_t = \\tanh(W h_{t-1})', '--wrt', 'W', '--steps', 'three'], {}, /--steps must be a whole number/],
    ['steps missing', ['--recurrence', 'h_t = \\tanh(W h_{t-1})', '--wrt', 'W'], {}, /missing --steps/],
    ['wrt missing', ['--recurrence', 'h_t = \\tanh(W h_{t-1})', '--steps', '2'], {}, /missing --wrt/],
    ['bad loss', [...base, '--wrt', 'W', '--loss', 'mean'], {}, /--loss must be final or sum/],
    ['--at file missing', [...base, '--wrt', 'W', '--at', '/nonexistent/v.json'], {}, /cannot read \/nonexistent\/v.json: no such file/],
    ['--at not JSON', [...base, '--wrt', 'W', '--at', 'v.json'], { 'v.json': '{W: 1' }, /v.json is not valid JSON/],
    ['--at wrong shape', [...base, '--wrt', 'W', '--at', 'v.json'], { 'v.json': '{"W": [[1, 2]], "U": 1, "x": [1, 2]}' }, /W is 1×2/],
    ['--at missing a weight', [...base, '--wrt', 'W', '--at', 'v.json'], { 'v.json': '{"W": 1, "x": [1, 2]}' }, /missing "U"/],
    ['--at with an unknown activation', ['--recurrence', 'h_t = \\psi(W h_{t-1})', '--wrt', 'W', '--steps', '2', '--at', '{"W": 1}'], {}, /not a known function/],
  ];
  for (const [name, args, files, re] of cases) {
    test(name, async () => {
      const r = await run(args, files);
      assert.equal(r.code, 2);
      assert.equal(r.out, '');
      assert.match(r.err, re);
      assert.equal(r.err.trim().split('\n').length, 1, 'one line');
    });
  }
});

describe('dlmath bptt reads what the evaluator reads', () => {
  test('Persian digits in --recurrence', async () => {
    const r = await run(['--recurrence', 'h_t = ۰٫۵ h_{t-1} + x_t', '--wrt', 'h_0', '--steps', '2', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { recurrence: { latex: string } };
    assert.equal(j.recurrence.latex, 'h_{t} = 0.5 h_{t-1} + x_{t}');
  });
});

describe('BPTT errors: the core says what is wrong, the CLI names its options', () => {
  test('an empty target: the core says "the target", the CLI "--wrt"', async () => {
    const r = parseRecurrence('h_t = \\tanh(W h_{t-1})');
    assert.ok(r.ok);
    assert.throws(() => parseBpttTarget('  ', r.recurrence, 2), (e: Error) => /^the target is empty/.test(e.message) && !e.message.includes('--'));
    const cli = await run(['--recurrence', 'h_t = \\tanh(W h_{t-1})', '--wrt', ' ', '--steps', '2']);
    assert.equal(cli.code, 2);
    assert.match(cli.err, /--wrt is empty/);
  });

  test('a value problem: the core names the value, the CLI adds --at', async () => {
    const r = parseRecurrence('h_t = \\tanh(W h_{t-1} + U x_t)');
    assert.ok(r.ok);
    assert.throws(() => readBpttValues({ W: 1, x: [1, 2] }, r.recurrence, 'final', 2), (e: Error) => /^missing "U"/.test(e.message));
    const cli = await run(['--recurrence', 'h_t = \\tanh(W h_{t-1} + U x_t)', '--wrt', 'W', '--steps', '2', '--at', '{"W": 1, "x": [1, 2]}']);
    assert.equal(cli.code, 2);
    assert.match(cli.err, /^dlmath bptt: --at: missing "U"|--at: missing "U"/);
  });

  test('no option names in the core\'s BPTT messages', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const path = await import('node:path');
    const { REPO_ROOT } = await import('../engineHelpers');
    const dir = path.join(REPO_ROOT, 'src/core/bptt');
    for (const f of readdirSync(dir)) assert.doesNotMatch(readFileSync(path.join(dir, f), 'utf8'), /['`"]--(wrt|at|loss|steps)\b/, f);
    const { MESSAGE_IDS, template } = await import('../../../src/core/messages');
    for (const id of MESSAGE_IDS) assert.doesNotMatch(template(id, 'en'), /--(wrt|at|loss|steps)\b/, id);
  });
});
