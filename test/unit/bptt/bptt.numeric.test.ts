// The derived BPTT expansion, evaluated at random small instances, must equal central finite
// differences of the forward recurrence — for every activation, with and without bias and skip
// term, final and summed loss, every target, scalar and vector states.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import katex from 'katex';
import {
  BpttError,
  BpttTarget,
  LossKind,
  Notation,
  Recurrence,
  deriveBptt,
  evaluateClosedForm,
  evaluateDerivation,
  finiteDifference,
  forwardPass,
  parseRecurrence,
  readBpttValues,
} from '../../../src/core/bptt';
import { mulberry32 } from '../../fuzz/generate';

const prng = mulberry32; // seeded, so a failing random case replays from its seed

type Act = 'sigma' | 'tanh' | 'relu' | 'identity';
const ACT_LATEX: Record<Act, string> = { sigma: '\\sigma', tanh: '\\tanh', relu: '\\mathrm{ReLU}', identity: '' };

function recurrenceText(act: Act, bias: boolean, skip: boolean, names: 'plain' | 'student'): string {
  const W = names === 'student' ? 'W_{hh}' : 'W';
  const U = names === 'student' ? 'W_{hx}' : 'U';
  const b = names === 'student' ? 'b_h' : 'b';
  const sum = `${W} h_{t-1}${skip ? ' + M h_{t-2}' : ''} + ${U} x_t${bias ? ` + ${b}` : ''}`;
  return act === 'identity' ? `h_t = ${sum}` : `h_t = ${ACT_LATEX[act]}\\left(${sum}\\right)`;
}

function parse(text: string): Recurrence {
  const r = parseRecurrence(text);
  if (!r.ok) throw new Error(`${text}: ${r.error}`);
  return r.recurrence;
}

/** Random values as a user would write them in --at JSON (plain numbers when the state is scalar). */
function randomValues(rnd: () => number, rec: Recurrence, n: number, d: number, T: number, loss: LossKind, names: 'plain' | 'student'): Record<string, unknown> {
  const u = (s = 1) => Math.round((rnd() * 2 - 1) * s * 1000) / 1000;
  const mat = (r: number, c: number, s: number) => (r === 1 && c === 1 ? u(s) : Array.from({ length: r }, () => Array.from({ length: c }, () => u(s))));
  const vec = (k: number, s: number) => (k === 1 ? u(s) : Array.from({ length: k }, () => u(s)));
  // Recurrent weights scaled so that neither activations saturate nor linear runs blow up.
  const scaleW = rec.activation.kind === 'sigma' ? 2 : 0.8 / Math.sqrt(n);
  const v: Record<string, unknown> = {};
  for (const t of rec.terms) {
    const key = names === 'student' ? (t.name as string) : t.role;
    if (t.role === 'W') v[key] = mat(n, n, scaleW);
    if (t.role === 'M') v[key] = mat(n, n, scaleW / 2);
    if (t.role === 'U') v[key] = d === 1 && n === 1 ? u(1) : Array.from({ length: n }, () => Array.from({ length: d }, () => u(1)));
    if (t.role === 'b') v[key] = vec(n, 0.5);
  }
  v.x = Array.from({ length: T }, () => vec(d, 1));
  v.h0 = vec(n, 1);
  v.g = loss === 'final' ? vec(n, 1) : Array.from({ length: T }, () => vec(n, 1));
  return v;
}

function flat(v: number[] | number[][]): number[] {
  return (v as (number | number[])[]).flat();
}

function assertClose(actual: number[] | number[][], expected: number[] | number[][], what: string): void {
  const a = flat(actual);
  const e = flat(expected);
  assert.equal(a.length, e.length, `${what}: shape`);
  assert.equal(Array.isArray(actual[0]), Array.isArray(expected[0]), `${what}: vector vs matrix`);
  for (let i = 0; i < a.length; i++) {
    const tol = 1e-6 * Math.max(1, Math.abs(e[i]));
    assert.ok(Math.abs(a[i] - e[i]) <= tol, `${what}: entry ${i}: derived ${a[i]} vs finite differences ${e[i]}`);
  }
}

function targetsFor(rec: Recurrence, T: number): BpttTarget[] {
  const out: BpttTarget[] = [{ kind: 'state', k: 0 }, { kind: 'state', k: 'k' }, { kind: 'state', k: Math.min(1, T) }, { kind: 'state', k: T }];
  if (T >= 3) out.push({ kind: 'state', k: T - 2 });
  for (const t of rec.terms) if (t.weight) out.push({ kind: 'param', role: t.role });
  out.push({ kind: 'jacobian', t: 'T', k: 0 }, { kind: 'jacobian', t: T, k: T }, { kind: 'jacobian', t: Math.max(1, T - 1), k: 'k' });
  if (T >= 3) out.push({ kind: 'jacobian', t: T, k: 1 });
  return out;
}

function describeTarget(t: BpttTarget): string {
  return t.kind === 'state' ? `dL/dh_${t.k}` : t.kind === 'param' ? `dL/d${t.role}` : `dh_${t.t}/dh_${t.k}`;
}

/** True when a ReLU pre-activation sits so close to its kink that finite differences would straddle it. */
function nearKink(rec: Recurrence, values: Record<string, unknown>, loss: LossKind, T: number): boolean {
  if (rec.activation.kind !== 'relu') return false;
  const nums = readBpttValues(values, rec, loss, T);
  return forwardPass(rec, nums, T).z.slice(1).some((z) => z.some((r) => Math.abs(r[0]) < 1e-3));
}


/** A derivation's block with each continued row (`\\ &\qquad …`) joined to the row it continues. */
function joined(block: string): string {
  return block.replace(/ \\\\\n&\\qquad /g, ' ');
}

describe('BPTT: derived expansion = finite differences of the forward recurrence', () => {
  const acts: Act[] = ['sigma', 'tanh', 'relu', 'identity'];
  let seed = 1;
  for (const act of acts)
    for (const bias of [false, true])
      for (const skip of [false, true])
        for (const loss of ['final', 'sum'] as LossKind[])
          for (const n of [1, 2, 3]) {
            const names = seed % 3 === 0 ? 'student' : 'plain';
            const text = recurrenceText(act, bias, skip, names);
            const caseSeed = seed++;
            test(`${act}${bias ? ' +bias' : ''}${skip ? ' +M h_{t-2}' : ''}, ${loss} loss, n=${n} (seed ${caseSeed})`, () => {
              const rnd = prng(caseSeed * 7919);
              const rec = parse(text);
              const T = 2 + Math.floor(rnd() * 3); // 2..4
              const d = n === 1 ? 1 : 1 + Math.floor(rnd() * 3);
              let values = randomValues(rnd, rec, n, d, T, loss, names);
              for (let tries = 0; nearKink(rec, values, loss, T) && tries < 20; tries++) values = randomValues(rnd, rec, n, d, T, loss, names);
              const nums = readBpttValues(values, rec, loss, T);
              const notation: Notation = n === 1 && caseSeed % 2 === 0 ? 'scalar' : 'matrix';
              let checked = 0;
              for (const target of targetsFor(rec, T)) {
                const deriv = deriveBptt(rec, { target, loss, notation, steps: T });
                const derived = evaluateDerivation(deriv, rec, nums);
                const fd = finiteDifference(rec, target, nums, loss, T);
                assertClose(derived, fd, `${text}, ${describeTarget(target)}, T=${T}`);
                checked++;
              }
              assert.ok(checked >= 8, 'every target was checked');
            });
          }
});

describe('BPTT: long unrollings switch to the step-by-step form and still agree', () => {
  const cases: Array<[string, LossKind, number]> = [
    ['h_t = \\tanh(W h_{t-1} + M h_{t-2} + U x_t + b)', 'sum', 9],
    ['h_t = \\sigma(W h_{t-1} + U x_t)', 'sum', 12],
    ['h_t = \\mathrm{ReLU}(W h_{t-1} + M h_{t-2} + U x_t + b)', 'final', 14],
    // Hundreds of steps: evaluated without deep recursion, long sums broken into rows.
    ['h_t = \\tanh(W h_{t-1} + M h_{t-2} + U x_t + b)', 'sum', 400],
  ];
  for (const [text, loss, T] of cases) {
    test(`${text}, ${loss}, T=${T}`, () => {
      const rec = parse(text);
      const rnd = prng(T * 31 + text.length);
      let values = randomValues(rnd, rec, 2, 2, T, loss, 'plain');
      for (let tries = 0; nearKink(rec, values, loss, T) && tries < 50; tries++) values = randomValues(rnd, rec, 2, 2, T, loss, 'plain');
      const nums = readBpttValues(values, rec, loss, T);
      let stepwise = 0;
      for (const target of targetsFor(rec, T)) {
        const deriv = deriveBptt(rec, { target, loss, notation: 'matrix', steps: T });
        if (deriv.unrolledStyle === 'stepwise') {
          stepwise++;
          assert.match(deriv.unrolled, /\\delta_\{\d+\} = |\\frac\{\\partial h_\{\d+\}\}\{\\partial h_\{\d+\}\} = /);
        }
        assertClose(evaluateDerivation(deriv, rec, nums), finiteDifference(rec, target, nums, loss, T), `${text}, ${describeTarget(target)}`);
      }
      assert.ok(stepwise > 0, 'at least one target was too long to expand');
      if (T >= 100) {
        const d = deriveBptt(rec, { target: { kind: 'param', role: 'W' }, loss, notation: 'matrix', steps: T });
        assert.ok(d.unrolled.split('\n').every((row) => row.length < 400), 'no row runs on for hundreds of terms');
      }
    });
  }
});

describe('BPTT: recurrences as students write them agree numerically', () => {
  const cases: Array<{ text: string; values: Record<string, unknown>; wrt: BpttTarget[] }> = [
    // hw5-b: the two-line form with a shifted index, scalar weights.
    { text: 'h_{t+1} = \\sigma(z) \\quad z = Ux_{t+1} + Wh_t', values: { W: 1.5, U: -0.7, x: [0.3, -1, 2], h0: 0.2, g: 1 }, wrt: [{ kind: 'state', k: 0 }, { kind: 'param', role: 'W' }, { kind: 'param', role: 'U' }] },
    // hw5-b (ب): the skip connection M h_t in z_{t+2}.
    { text: 'z_{t+2} = Ux_{t+2} + Wh_{t+1} + Mh_t \\quad h_{t+2} = \\sigma(z_{t+2})', values: { W: 1.2, M: -0.8, U: 0.5, x: [1, -1, 0.5, 2], h0: -0.4, g: 1 }, wrt: [{ kind: 'state', k: 0 }, { kind: 'param', role: 'M' }, { kind: 'jacobian', t: 'T', k: 0 }] },
    // hw5-b سوال ۱: a linear recurrence in n_t.
    { text: 'h_t = n_t - h_{t-1}', values: { x: [1, 2, 3, 4, 5], h0: 0.5, g: 2 }, wrt: [{ kind: 'state', k: 0 }, { kind: 'state', k: 2 }, { kind: 'jacobian', t: 'T', k: 1 }] },
    { text: 's_t = \\tanh(W s_{t-1} - 0.5 U x_t + b)', values: { W: [[0.3, -0.2], [0.1, 0.4]], U: [[1, 0], [0, 1]], b: [0.1, -0.2], x: [[1, 0], [0, 1], [1, 1]], h0: [0.5, -0.5], g: [1, -1] }, wrt: [{ kind: 'param', role: 'U' }, { kind: 'param', role: 'W' }, { kind: 'param', role: 'b' }] },
    { text: 'h_t = \\max(0, -W h_{t-1} + x_t + 1)', values: { W: [[0.3, -0.2], [0.1, 0.4]], x: [[1, 0.5], [0.2, 1], [1, -1]], h0: [0.5, -0.5], g: [1, 2] }, wrt: [{ kind: 'param', role: 'W' }, { kind: 'state', k: 0 }] },
    { text: 'h_t = 0.5 h_{t-1} - 2 h_{t-2} + x_t', values: { x: [1, -2, 3, 0.5], h0: 1, g: 1 }, wrt: [{ kind: 'state', k: 0 }, { kind: 'jacobian', t: 'T', k: 0 }] },
  ];
  for (const c of cases) {
    for (const loss of ['final', 'sum'] as LossKind[]) {
      test(`${c.text} (${loss})`, () => {
        const rec = parse(c.text);
        const T = (c.values.x as unknown[]).length;
        const values = { ...c.values };
        const n = Array.isArray(c.values.h0) ? (c.values.h0 as unknown[]).length : 1;
        if (loss === 'sum') values.g = Array.from({ length: T }, (_, i) => (n === 1 ? i + 1 : Array.from({ length: n }, (_, j) => i - j)));
        const nums = readBpttValues(values, rec, loss, T);
        for (const target of c.wrt) {
          const deriv = deriveBptt(rec, { target, loss, notation: 'scalar', steps: T });
          assertClose(evaluateDerivation(deriv, rec, nums), finiteDifference(rec, target, nums, loss, T), `${c.text}, ${describeTarget(target)}`);
        }
      });
    }
  }
});

describe('BPTT: closed form of linear recurrences', () => {
  const cases: Array<{ text: string; T: number; rows: string[] }> = [
    { text: 'h_t = x_t - h_{t-1}', T: 3, rows: ['h_{T} = \\sum_{i=1}^{T} (-1)^{T-i}\\,x_{i} + (-1)^{T}\\,h_{0}', 'h_{3} = x_{1} - x_{2} + x_{3} - h_{0}'] },
    { text: 'h_t = x_t - h_{t-1}', T: 4, rows: ['h_{4} = -x_{1} + x_{2} - x_{3} + x_{4} + h_{0}'] },
    { text: 'h_t = n_t - h_{t-1}', T: 2, rows: ['h_{2} = -n_{1} + n_{2} + h_{0}'] },
    { text: 'h_t = 0.5 h_{t-1} + x_t', T: 3, rows: ['h_{T} = \\sum_{i=1}^{T} 0.5^{T-i}\\,x_{i} + 0.5^{T}\\,h_{0}', 'h_{3} = 0.5^{2}\\,x_{1} + 0.5\\,x_{2} + x_{3} + 0.5^{3}\\,h_{0}'] },
    { text: 'h_t = W h_{t-1} + U x_t + b', T: 2, rows: ['h_{T} = \\sum_{i=1}^{T} W^{T-i}\\,\\big(U x_{i} + b\\big) + W^{T}\\,h_{0}', 'h_{2} = W U x_{1} + W b + U x_{2} + b + W^{2} h_{0}'] },
    { text: 'h_t = -2 h_{t-1} - x_t', T: 3, rows: ['h_{3} = -2^{2}\\,x_{1} + 2\\,x_{2} - x_{3} - 2^{3}\\,h_{0}'] },
  ];
  for (const c of cases) {
    test(`${c.text}, T=${c.T}`, () => {
      const rec = parse(c.text);
      const scalar = !/W/.test(c.text);
      const deriv = deriveBptt(rec, { target: { kind: 'state', k: 0 }, loss: 'final', notation: scalar ? 'scalar' : 'matrix', steps: c.T });
      assert.ok(deriv.closedForm, 'a closed form is given');
      for (const row of c.rows) assert.ok(joined(deriv.closedForm).includes(row), `expected ${row} in\n${deriv.closedForm}`);
      // The unrolled closed form, evaluated, is h_T of the forward recurrence.
      const rnd = prng(c.T * 101 + c.text.length);
      for (let rep = 0; rep < 5; rep++) {
        const n = scalar ? 1 : 2;
        const u = () => rnd() * 4 - 2;
        const values: Record<string, unknown> = { x: Array.from({ length: c.T }, () => (n === 1 ? u() : [u(), u()])), h0: n === 1 ? u() : [u(), u()] };
        if (!scalar) Object.assign(values, { W: [[u(), u()], [u(), u()]], U: [[u(), u()], [u(), u()]], b: [u(), u()] });
        const nums = readBpttValues(values, rec, 'final', c.T);
        const closed = evaluateClosedForm(deriv, rec, nums) as number[];
        const hT = forwardPass(rec, nums, c.T).h[c.T].map((r) => r[0]);
        assertClose(closed, hT, 'closed form vs forward pass');
      }
    });
  }

  test('the slip in hw5-b: (-1)^i is wrong for odd T, (-1)^{T-i} is right', () => {
    // Student: h_T = Σ (-1)^i n_i + h_0. For T = 3, n = (1, 2, 4), h_0 = 0 that gives -1 + 2 - 4 = -3;
    // the recurrence gives h_3 = 4 - 2 + 1 = 3.
    const rec = parse('h_t = n_t - h_{t-1}');
    const nums = readBpttValues({ n: [1, 2, 4], h0: 0 }, rec, 'final', 3);
    const deriv = deriveBptt(rec, { target: { kind: 'state', k: 0 }, loss: 'final', notation: 'scalar', steps: 3 });
    assert.deepEqual(evaluateClosedForm(deriv, rec, nums), [3]);
    assert.equal(forwardPass(rec, nums, 3).h[3][0][0], 3);
  });
});

describe('BPTT: every derivation renders with KaTeX', () => {
  const texts = [
    recurrenceText('sigma', true, true, 'student'),
    recurrenceText('tanh', false, false, 'plain'),
    recurrenceText('relu', true, false, 'plain'),
    recurrenceText('identity', true, true, 'plain'),
    'h_t = x_t - h_{t-1}',
    'h_t = \\psi(z_t), z_t = W h_{t-1} + U x_t',
  ];
  for (const text of texts)
    for (const notation of ['scalar', 'matrix'] as Notation[])
      test(`${text} (${notation})`, () => {
        const rec = parse(text);
        const targets: BpttTarget[] = [{ kind: 'state', k: 'k' }, { kind: 'jacobian', t: 'T', k: 'k' }, ...rec.terms.filter((t) => t.weight).map((t) => ({ kind: 'param', role: t.role }) as BpttTarget)];
        for (const target of targets)
          for (const loss of ['final', 'sum'] as LossKind[])
            for (const T of [1, 3, 10]) {
              const d = deriveBptt(rec, { target, loss, notation, steps: T });
              for (const part of [d.latex, d.general, d.unrolled, d.bound]) {
                assert.doesNotThrow(() => katex.renderToString(part, { displayMode: true, throwOnError: true, strict: 'ignore' }), `${describeTarget(target)} ${loss} T=${T}`);
              }
            }
      });
});

describe('BPTT: what the derivation says', () => {
  const derive = (text: string, target: BpttTarget, notation: Notation, steps = 3, loss: LossKind = 'final') => deriveBptt(parse(text), { target, loss, notation, steps });

  test('σ: the derivative is σ(z)(1−σ(z)) and γ = 1/4 with the threshold ‖W‖ < 4', () => {
    const d = derive('h_t = \\sigma(W h_{t-1} + U x_t + b)', { kind: 'state', k: 0 }, 'scalar');
    assert.ok(joined(d.latex).includes("\\sigma'(z_t) = \\sigma(z_t)\\,\\big(1-\\sigma(z_t)\\big)"));
    assert.ok(!/\\sigma'\(z_t\)\)?\s*\(1\s*-\s*\\sigma'/.test(d.latex), 'never the slip σ\'(z)(1−σ\'(z))');
    assert.ok(joined(d.bound).includes('\\tfrac{1}{4}'));
    assert.ok(joined(d.bound).includes('(|W| < 4)') && joined(d.bound).includes('(|W| > 4)'));
    assert.ok(joined(d.unrolled).includes("W^{3}\\,\\sigma'(z_{1})\\,\\sigma'(z_{2})\\,\\sigma'(z_{3})\\,g"));
  });

  test('matrix notation: diag and transposes in the stated layout', () => {
    const d = derive('h_t = \\tanh(W_{hh} h_{t-1} + W_{hx} x_t)', { kind: 'state', k: 0 }, 'matrix', 2);
    assert.ok(joined(d.latex).includes('numerator layout') && joined(d.latex).includes('denominator layout'));
    assert.ok(joined(d.latex).includes('\\operatorname{diag}\\big(\\mathbf{1}-\\tanh^2(z_t)\\big)'));
    assert.ok(joined(d.unrolled).includes('\\frac{\\partial L}{\\partial h_{0}} = W_{hh}^{\\top} D_{1} W_{hh}^{\\top} D_{2} g'), d.unrolled);
    const w = derive('h_t = \\tanh(W_{hh} h_{t-1} + W_{hx} x_t)', { kind: 'param', role: 'U' }, 'matrix', 2);
    assert.ok(joined(w.unrolled).includes('D_{1} W_{hh}^{\\top} D_{2} g x_{1}^{\\top} + D_{2} g x_{2}^{\\top}'), w.unrolled);
  });

  test('ReLU: the indicator, γ = 1', () => {
    const d = derive('h_t = \\operatorname{ReLU}(Wh_{t-1} + Ux_t)', { kind: 'param', role: 'W' }, 'scalar');
    assert.ok(joined(d.latex).includes("\\mathrm{ReLU}'(z_t) = \\mathbf{1}[z_t>0]"));
    assert.ok(joined(d.bound).includes('\\sup_z|\\mathrm{ReLU}\'(z)| = 1'));
  });

  test('skip term: two predecessors, the path recursion and what it means for gradient flow', () => {
    const d = derive('h_t = \\sigma(W h_{t-1} + M h_{t-2} + U x_t)', { kind: 'jacobian', t: 'T', k: 'k' }, 'matrix', 3);
    assert.ok(joined(d.oneStep).includes('\\frac{\\partial h_{t}}{\\partial h_{t-2}} = D_{t} M'));
    assert.ok(joined(d.general).includes('D_{t} \\left(W \\frac{\\partial h_{t-1}}{\\partial h_{k}} + M \\frac{\\partial h_{t-2}}{\\partial h_{k}}\\right)'), d.general);
    // h_3 from h_0: paths 1+1+1, 1+2, 2+1.
    assert.ok(joined(d.unrolled).includes('D_{3} W D_{2} W D_{1} W + D_{3} W D_{2} M + D_{3} M D_{1} W'), d.unrolled);
    assert.ok(joined(d.bound).includes('Fibonacci') && joined(d.bound).includes('\\alpha + \\mu < 1'));
  });

  test('a weight gets the sum over time', () => {
    const d = derive('h_t = \\tanh(W h_{t-1} + U x_t + b)', { kind: 'param', role: 'b' }, 'matrix', 2, 'sum');
    assert.ok(joined(d.general).includes('\\sum_{t=1}^{T}'));
    assert.equal(d.resultKind, 'vector');
    assert.ok(joined(d.unrolled).includes('D_{1} g_{1} + D_{1} W^{\\top} D_{2} g_{2} + D_{2} g_{2}'), d.unrolled);
  });

  test('an unknown activation ψ is derived but cannot be evaluated', () => {
    const rec = parse('h_t = \\psi(z_t), z_t = W h_{t-1} + U x_t');
    const d = deriveBptt(rec, { target: { kind: 'state', k: 0 }, loss: 'final', notation: 'scalar', steps: 2 });
    assert.ok(joined(d.latex).includes("\\psi'(z_{1})"));
    const nums = readBpttValues({ W: 1, U: 1, x: [1, 1], h0: 0 }, rec, 'final', 2);
    assert.throws(() => evaluateDerivation(d, rec, nums), BpttError);
  });

  test('targets the recurrence does not have are refused with a reason', () => {
    const rec = parse('h_t = x_t - h_{t-1}');
    assert.throws(() => deriveBptt(rec, { target: { kind: 'param', role: 'W' }, loss: 'final', notation: 'scalar', steps: 2 }), /fixed number -1/);
    assert.throws(() => deriveBptt(rec, { target: { kind: 'param', role: 'M' }, loss: 'final', notation: 'scalar', steps: 2 }), /no skip weight/);
    assert.throws(() => deriveBptt(rec, { target: { kind: 'state', k: 5 }, loss: 'final', notation: 'scalar', steps: 2 }), /outside/);
    assert.throws(() => deriveBptt(rec, { target: { kind: 'state', k: 0 }, loss: 'final', notation: 'scalar', steps: 0 }), /number of steps/);
  });
});

describe('BPTT values: shapes are checked with messages a student can act on', () => {
  const rec = parse('h_t = \\tanh(W h_{t-1} + U x_t + b)');
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['missing W', { U: [[1]], b: [0], x: [[1], [1]], h0: [0] }, /missing "W"/],
    ['W not square', { W: [[1, 2]], U: [[1]], b: [0], x: [[1], [1]], h0: [0] }, /W is 1×2/],
    ['too few inputs', { W: [[1]], U: [[1]], b: [0], x: [[1]], h0: [0] }, /x has 1 entry, but 2 steps need 2/],
    ['input size vs U', { W: [[1]], U: [[1, 2]], b: [0], x: [[1], [1]], h0: [0] }, /x\[1\] has 1 entry, but U has 2 columns/],
    ['bias size', { W: [[1, 0], [0, 1]], U: [[1], [1]], b: [0], x: [[1], [1]], h0: [0, 0] }, /b has 1 entries, but the state has 2/],
    ['not numbers', { W: 'big', U: [[1]], b: [0], x: [[1], [1]] }, /W must be a number/],
  ];
  for (const [name, values, re] of cases) test(name, () => assert.throws(() => readBpttValues(values, rec, 'final', 2), re));
});

describe('BPTT: random recurrences written in random styles', () => {
  // Random term order, signs, numeric factors, weight names, activation spellings, spacing and
  // implicit multiplication; each parsed, derived, evaluated and compared with finite differences.
  const acts = ['\\sigma', '\\tanh', '\\mathrm{ReLU}', '\\operatorname{ReLU}', '\\text{tanh}', ''];
  const names = [
    { W: 'W', U: 'U', b: 'b', M: 'M' },
    { W: 'W_{hh}', U: 'W_{xh}', b: 'b_h', M: 'W_{skip}' },
    { W: 'W_h', U: 'W_x', b: 'c', M: 'V' },
  ];
  for (let seed = 1; seed <= 40; seed++) {
    const rnd = prng(seed * 104729);
    const pick = <T,>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    const act = pick(acts);
    const nm = pick(names);
    const sp = () => pick(['', ' ', '  ']);
    const coef = () => pick(['', '', '', '-', '0.5', '-2', '\\frac{1}{2}']);
    const pieces: Array<[string, string]> = [[coef(), `${nm.W}${sp()}h_{t-1}`]];
    if (rnd() < 0.5) pieces.push([coef(), `${nm.M}${sp()}h_{t - 2}`]);
    if (rnd() < 0.8) pieces.push([coef(), `${nm.U}${sp()}x_{t}`]);
    if (rnd() < 0.6) pieces.push([pick(['', '-']), nm.b]);
    pieces.sort(() => rnd() - 0.5);
    const sum = pieces
      .map(([c, body], i) => {
        const neg = c.startsWith('-');
        const mag = neg ? c.slice(1) : c;
        const sign = i === 0 ? (neg ? '-' : '') : neg ? ` - ` : ' + ';
        return `${sign}${mag}${mag && !mag.startsWith('\\') ? ' ' : ''}${body}`;
      })
      .join(sp());
    const [open, close] = pick([['(', ')'], ['\\left(', '\\right)'], ['\\big(', '\\big)']]);
    const text = act ? `h_t = ${act}${open}${sum}${close}` : `h_t = ${sum}`;
    test(text, () => {
      const rec = parse(text);
      const loss: LossKind = rnd() < 0.5 ? 'final' : 'sum';
      const n = 1 + Math.floor(rnd() * 3);
      const T = 1 + Math.floor(rnd() * 4);
      let values = randomValues(rnd, rec, n, n, T, loss, 'student');
      for (let tries = 0; nearKink(rec, values, loss, T) && tries < 20; tries++) values = randomValues(rnd, rec, n, n, T, loss, 'student');
      const nums = readBpttValues(values, rec, loss, T);
      for (const target of targetsFor(rec, T)) {
        const deriv = deriveBptt(rec, { target, loss, notation: n === 1 ? 'scalar' : 'matrix', steps: T });
        assertClose(evaluateDerivation(deriv, rec, nums), finiteDifference(rec, target, nums, loss, T), `${text}, ${describeTarget(target)}, T=${T}`);
      }
    });
  }
});
