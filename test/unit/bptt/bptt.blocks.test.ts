// The derivation's paragraphs and display blocks in one language (derivationBlocks): the one model the
// Markdown inserted into an answer and the panel's preview are both written from.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { derivationBlocks, derivationMarkdown, deriveBptt, parseRecurrence, type BpttTarget, type DerivationBlock } from '../../../src/core/bptt';
import { previewParser } from '../markdown/previewOracle';

function derive(src: string, target: BpttTarget, steps = 3) {
  const parsed = parseRecurrence(src);
  assert.ok(parsed.ok, src);
  return deriveBptt(parsed.recurrence, { target, loss: 'final', notation: 'matrix', steps });
}

const words = (blocks: DerivationBlock[]) => blocks.flatMap((b) => (b.kind === 'paragraph' ? b.pieces.flatMap((p) => ('text' in p ? [p.text] : [])) : []));

describe('derivationBlocks', () => {
  const cases: [string, BpttTarget][] = [
    ['h_t = \\tanh(W h_{t-1} + U x_t + b)', { kind: 'param', role: 'W' }],
    ['h_t = \\sigma(W h_{t-1} + U x_t + b)', { kind: 'state', k: 'k' }],
    ['h_t = x_t - h_{t-1}', { kind: 'state', k: 0 }],
    ['h_t = \\tanh(W_{hh} h_{t-1} + M h_{t-2} + W_{hx} x_t + b)', { kind: 'jacobian', t: 'T', k: 'k' }],
  ];
  for (const [src, target] of cases) {
    test(`${src} ${JSON.stringify(target)}: a paragraph per sentence, a display block per run of formulas, in order`, () => {
      const d = derive(src, target);
      for (const lang of ['en', 'fa'] as const) {
        const blocks = derivationBlocks(d, lang);
        assert.equal(blocks.filter((b) => b.kind === 'paragraph').length, d.rows.filter((r) => r.kind === 'prose').length);
        // the formula rows, in order, are the display blocks' rows
        const rows = blocks.flatMap((b) => (b.kind === 'display' ? (b.lines.length === 1 ? b.lines : b.lines.slice(1, -1).map((l) => l.replace(/^&(\\qquad )?/, '').replace(/ \\\\$/, ''))) : []));
        assert.deepEqual(rows, d.rows.flatMap((r) => (r.kind === 'math' ? [r.latex] : [])));
        for (let i = 1; i < blocks.length; i++) assert.ok(blocks[i].kind === 'paragraph' || blocks[i - 1].kind === 'paragraph', 'two display blocks in a row');
        for (const b of blocks) {
          if (b.kind !== 'paragraph') continue;
          assert.ok(b.pieces.every((p) => !('text' in p) || p.text !== ''), 'an empty text piece');
          const first = b.pieces[0];
          const last = b.pieces[b.pieces.length - 1];
          if ('text' in first) assert.equal(first.text, first.text.trimStart());
          if ('text' in last) assert.equal(last.text, last.text.trimEnd());
        }
        // the Markdown is these blocks, one blank line apart
        assert.equal(derivationMarkdown(d, lang).split('\n\n').length, blocks.length);
      }
    });
  }

  test('a Persian answer gets Persian sentences, an English one English: the formulas are the same', () => {
    const d = derive('h_t = \\tanh(W h_{t-1} + U x_t + b)', { kind: 'param', role: 'W' });
    const fa = derivationBlocks(d, 'fa');
    const en = derivationBlocks(d, 'en');
    assert.ok(words(fa).every((w) => /[\u0600-\u06ff]/.test(w) || !/[A-Za-z]/.test(w)), words(fa).join(' | '));
    assert.ok(words(en).every((w) => !/[\u0600-\u06ff]/.test(w)), words(en).join(' | '));
    assert.match(words(en).join(' '), /Unrolled for/);
    assert.match(words(fa).join(' '), /بازشده برای/);
    const formulas = (bs: DerivationBlock[]) => bs.flatMap((b) => (b.kind === 'display' ? b.lines : b.pieces.flatMap((p) => ('math' in p ? [p.math] : []))));
    assert.deepEqual(formulas(fa), formulas(en));
  });
});

describe('a hostile weight name', () => {
  // a student's (or a pasted) weight name with markup in \text{}: the recogniser keeps it in the formulas
  const HOSTILE = 'h_t = \\tanh(W_{\\text{<img src=x onerror=alert(1)>`}} h_{t-1} + U x_t)';

  test('stays inside the formulas: no sentence word carries it', () => {
    const d = derive(HOSTILE, { kind: 'param', role: 'W' });
    for (const lang of ['en', 'fa'] as const) {
      const blocks = derivationBlocks(d, lang);
      assert.ok(blocks.some((b) => b.kind === 'display' && b.lines.some((l) => l.includes('<img'))), 'the name is in the formulas');
      assert.ok(words(blocks).every((w) => !w.includes('<') && !w.includes('`')), words(blocks).join(' | '));
    }
  });

  test('the inserted Markdown is read by the preview as formulas only: no HTML, no code span', { skip: previewParser() ? false : 'markdown-it is not installed' }, () => {
    const d = derive(HOSTILE, { kind: 'param', role: 'W' });
    const md = previewParser()!;
    for (const lang of ['en', 'fa'] as const) {
      const types = new Set<string>();
      const visit = (ts: { type: string; children: unknown[] | null }[]) => {
        for (const t of ts) {
          types.add(t.type);
          if (t.children) visit(t.children as never);
        }
      };
      visit(md.parse(derivationMarkdown(d, lang), {}) as never);
      for (const bad of ['html_inline', 'html_block', 'code_inline', 'code_block', 'fence']) assert.ok(!types.has(bad), `${lang}: the preview reads ${bad}`);
    }
  });
});
