/**
 * DOM helpers for the panel page: elements built with DOM calls, math typeset by KaTeX (typeset.ts:
 * cached, `trust` off, the only generated markup besides the text it escapes), math shrunk to fit a narrow side bar, engine prose, value blocks,
 * buttons and form fields.
 */
import type { PanelValue } from '../core/views/panelModel';
import { s, saveState, state } from './state';
import { mathHtml } from './typeset';

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | undefined)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== undefined) e.append(c);
  return e;
}

/** Markup made by typeset.ts or derivation.ts (KaTeX's, and text they escaped) as nodes. */
export function fromMarkup(html: string): HTMLElement {
  const t = document.createElement('template');
  t.innerHTML = html;
  return t.content.firstElementChild as HTMLElement;
}

/** Math as a left-to-right isolate, whatever the direction of the surrounding UI. */
export function math(latex: string, display = false): HTMLElement {
  return fromMarkup(mathHtml(latex, display));
}

// ---- fit to width ---------------------------------------------------------------------------------

/** The boxes a formula may overflow in a narrow side bar. */
const FIT_BOXES = '.value, .math.display, ul.statements li, table.variables td, .compare, .focus';
/** Smallest scale a formula is shrunk to before its box scrolls instead. */
const MIN_FIT = 0.6;

/**
 * Shrinks math that is wider than its box until it fits (down to {@link MIN_FIT}), so a value is
 * seen whole instead of half behind a scrollbar; only what is still too wide then scrolls.
 */
function fitMath(root: ParentNode): void {
  const boxes = Array.from(root.querySelectorAll<HTMLElement>(FIT_BOXES));
  for (const box of boxes) box.style.removeProperty('font-size');
  for (const box of boxes) {
    if (!box.querySelector('.katex') || box.clientWidth === 0) continue;
    const over = box.scrollWidth / box.clientWidth;
    if (over > 1.01) box.style.fontSize = `${Math.max(MIN_FIT, Math.floor((100 / over) * 0.98) / 100) * 100}%`;
  }
}
let fitPending = false;
/** Fits the page's math on the next frame (once, however many times it is asked for before then). */
export function scheduleFit(): void {
  if (fitPending) return;
  fitPending = true;
  requestAnimationFrame(() => {
    fitPending = false;
    fitMath(document);
  });
}

// ---- text and values ------------------------------------------------------------------------------

/** LaTeX that was cut to fit is shown as code: typesetting half a formula only shows an error. */
export function texOrCode(latex: string, clipped?: boolean): HTMLElement {
  return clipped ? el('code', { dir: 'ltr', class: 'clipped' }, latex) : math(latex);
}

/** English text from the engine (messages, steps): its own direction, isolated. */
export function prose(text: string, tag: 'span' | 'div' | 'li' | 'p' = 'span', cls = ''): HTMLElement {
  return el(tag, { dir: 'auto', class: cls ? `prose ${cls}` : 'prose' }, text);
}

export function shapeText(v: PanelValue): string {
  const sh = v.shape;
  if (sh.length === 0) return s('shapeNumber');
  if (sh.length === 1) return s('shapeTuple', sh[0]);
  if (sh[0] === 1 && sh[1] !== 1) return s('shapeRow', sh[1]);
  if (sh[1] === 1 && sh[0] !== 1) return s('shapeColumn', sh[0]);
  return s('shapeMatrix', sh[0], sh[1]);
}

export function valueBlock(v: PanelValue, display = true): HTMLElement {
  const box = el('div', { class: 'value' }, math(v.latex, display));
  const meta = el('div', { class: 'meta' }, el('span', { class: 'shape', dir: 'auto' }, shapeText(v)));
  if (v.elided) meta.append(' · ', el('span', { class: 'elided' }, s('elided')));
  box.append(meta);
  return box;
}

// ---- controls -------------------------------------------------------------------------------------

export function button(label: string, onClick: () => void, cls = ''): HTMLButtonElement {
  const b = el('button', { type: 'button', class: cls }, label);
  b.addEventListener('click', onClick);
  return b;
}

export function field(label: string, input: HTMLElement): HTMLElement {
  const id = `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  return el('div', { class: 'field' }, el('label', { for: id }, label), input);
}

export function select(options: [string, string][], value: string): HTMLSelectElement {
  const sel = el('select');
  for (const [v, label] of options) sel.append(el('option', { value: v }, label));
  sel.value = value;
  return sel;
}

/** A calculator's fold: open or closed as the student left it. */
export function details(id: 'bptt' | 'transformer', title: string, ...children: Node[]): HTMLElement {
  const d = el('details', { id, class: 'tool' }, el('summary', {}, el('h2', {}, title)), ...children);
  d.open = state.open[id];
  d.addEventListener('toggle', () => {
    state.open[id] = d.open;
    saveState();
  });
  return d;
}
