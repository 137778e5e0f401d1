/**
 * The BPTT preview's markup, without the DOM: the paragraphs and display blocks the extension sends
 * (core's derivationBlocks, the ones "Insert into answer" writes), in the answer's language. The
 * sentences run in that language's direction; every formula, inline or display, is a left-to-right
 * KaTeX isolate. The words come from the message catalog and the formulas from the student's
 * recurrence: words are escaped, formulas only reach the page through KaTeX (`trust` off) or as
 * escaped code.
 */
import type { BpttResult } from '../shared/protocol';
import { escapeHtml, mathHtml } from './typeset';

export function derivationHtml(r: Pick<Extract<BpttResult, { ok: true }>, 'lang' | 'rtl' | 'blocks'>): string {
  const body = r.blocks.map((b) =>
    b.kind === 'paragraph' ? `<p class="sentence">${b.pieces.map((p) => ('math' in p ? mathHtml(p.math) : escapeHtml(p.text))).join('')}</p>` : mathHtml(b.lines.join('\n'), true),
  );
  return `<div class="derivation" lang="${escapeHtml(r.lang)}" dir="${r.rtl ? 'rtl' : 'ltr'}">${body.join('')}</div>`;
}
