// The numeric check of a derivation is core code (bptt/verify.ts): the derived expansion evaluated on a
// random instance against finite differences of the forward recurrence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultNotation, deriveBptt, parseBpttTarget, parseRecurrence, verifyDerivation, type Recurrence } from '../../../src/core/bptt';
import { render } from '../../../src/core/messages';

function rec(latex: string): Recurrence {
  const r = parseRecurrence(latex);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.recurrence;
}

/** A seeded generator, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

for (const [latex, wrt] of [
  ['h_t = \\tanh(W h_{t-1} + U x_t + b)', 'W'],
  ['h_t = \\sigma(W h_{t-1} + M h_{t-2} + U x_t)', 'h_0'],
  ['h_t = ۰٫۵ h_{t-1} + x_t', 'h_0'],
] as const) {
  test(`a right derivation is verified: ${latex}, d/d${wrt}`, () => {
    const r = rec(latex);
    const target = parseBpttTarget(wrt, r, 3);
    const d = deriveBptt(r, { target, loss: 'sum', notation: defaultNotation(r), steps: 3 });
    const check = verifyDerivation(d, r, target, seeded(7));
    assert.ok(!('skipped' in check), 'checked');
    assert.equal(check.verified, true, JSON.stringify(check));
    assert.ok(check.maxRelError < 1e-6);
  });
}

test('twin: a wrong expansion is caught (the expansion of dL/dh_1 checked as dL/dh_0)', () => {
  const r = rec('h_t = \\tanh(W h_{t-1} + U x_t)');
  const wrong = deriveBptt(r, { target: parseBpttTarget('h_1', r, 3), loss: 'final', notation: 'matrix', steps: 3 });
  const check = verifyDerivation(wrong, r, parseBpttTarget('h_0', r, 3), seeded(11));
  assert.ok(!('skipped' in check));
  assert.equal(check.verified, false, JSON.stringify(check));
});

test('an unnamed activation ψ is not checked, and says why in either language', () => {
  const r = rec('z_t = W h_{t-1} + U x_t, \\quad h_t = \\psi(z_t)');
  const target = parseBpttTarget('h_0', r, 2);
  const check = verifyDerivation(deriveBptt(r, { target, loss: 'final', notation: 'matrix', steps: 2 }), r, target);
  assert.ok('skipped' in check);
  assert.match(render('en', check.skipped), /\\psi is not an activation DL Math can evaluate/);
  assert.match(render('fa', check.skipped), /تابع فعال‌سازی/);
});
