// The derivation is read in the Markdown preview and the side panel: no row of prose may run far past
// the width of a preview (~100 characters of text). Rows are counted by the text a reader sees: the
// words in \text{…} plus a rough width for the math between them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveBptt, parseRecurrence, type BpttTarget, type LossKind, type Notation } from '../../../src/core/bptt';

/** Rough visible width of a row: \text{} words count as written, a command as one symbol, fractions as their wider part. */
function visibleWidth(row: string): number {
  let s = row.replace(/\\text\{([^{}]*)\}/g, (_m, t: string) => '§'.repeat(t.length));
  for (let i = 0; i < 4; i++) s = s.replace(/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, (_m, a: string, b: string) => (a.length >= b.length ? a : b));
  s = s.replace(/\\(?:left|right|big|Big|bigg|Bigg)(?=[^a-zA-Z])/g, '').replace(/\\[a-zA-Z]+/g, 'x').replace(/[{}&^_]/g, '').replace(/\\[,;:! ]/g, ' ');
  return s.length;
}

const CASES: [string, BpttTarget, LossKind, Notation][] = [
  ['z_t = W h_{t-1} + U x_t + b, h_t = \\sigma(z_t)', { kind: 'param', role: 'W' }, 'sum', 'matrix'],
  ['h_t = \\tanh(W h_{t-1} + U x_t + b)', { kind: 'state', k: 0 }, 'final', 'matrix'],
  ['h_t = \\tanh(W h_{t-1} + M h_{t-2} + U x_t)', { kind: 'param', role: 'W' }, 'final', 'matrix'],
  ['h_t = \\sigma(w h_{t-1} + u x_t)', { kind: 'param', role: 'W' }, 'final', 'scalar'],
  ['h_t = x_t - h_{t-1}', { kind: 'state', k: 0 }, 'final', 'scalar'],
];

test('every row of a derivation fits a preview (about 100 characters of visible text)', () => {
  for (const [src, target, loss, notation] of CASES) {
    const parsed = parseRecurrence(src);
    assert.ok(parsed.ok, src);
    const rec = parsed.recurrence;
    const d = deriveBptt(rec, { target, loss, notation, steps: 3 });
    const rows = d.latex.replace(/^\\begin\{aligned\}\n|\n\\end\{aligned\}$/g, '').split(' \\\\\n');
    assert.ok(rows.length > 5, src);
    for (const row of rows) {
      if (!row.includes('\\text{')) continue; // formulas alone are the math's own width
      assert.ok(visibleWidth(row) <= 110, `${src}: a ${visibleWidth(row)}-character row: ${row}`);
    }
  }
});
