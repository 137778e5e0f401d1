/**
 * The DL Math panel's webview: renders what the extension sends (`update`) with KaTeX, and sends back
 * what the student asks for (a fix, a derivation, a parameter count, an insertion). Every incoming
 * message is checked with `isToPanel`; the page is built with DOM calls (KaTeX output is the only
 * generated markup, with `trust` off). Form values survive hiding the view through `setState`.
 */
import katex from 'katex';
import type { PanelLastResult } from '../core/views/lastResult';
import type { PanelFinding, PanelModel, PanelValue } from '../core/views/panelModel';
import {
  BpttRequest,
  FromPanelMessage,
  PanelDocument,
  PanelStrings,
  StringKey,
  ToPanelMessage,
  TransformerInput,
  format,
  isToPanel,
} from '../shared/protocol';

interface VsCodeApi {
  postMessage(message: FromPanelMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What survives the view being hidden (the webview is rebuilt when shown again). */
interface PanelState {
  bptt: BpttForm;
  transformer: Record<string, string | boolean>;
  open: { bptt: boolean; transformer: boolean };
  /** The student edited the recurrence field, so the cursor's recurrence no longer replaces it. */
  recurrenceEdited: boolean;
}
interface BpttForm {
  recurrence: string;
  wrt: string;
  steps: string;
  loss: 'final' | 'sum';
  notation: 'auto' | 'scalar' | 'matrix';
}

const vscode = acquireVsCodeApi();

const TF_DEFAULTS: Record<string, string | boolean> = {
  vocabSize: '50257',
  dModel: '768',
  heads: '12',
  dFF: '',
  encoderLayers: '0',
  decoderLayers: '12',
  maxPositions: '1024',
  positional: 'learned',
  layerNorm: 'pre',
  tiedEmbeddings: true,
  finalLayerNorm: true,
  bias: true,
  batch: '1',
  seqLen: '1024',
  tokenTypes: '0',
  embeddingLayerNorm: false,
  pooler: false,
  bytesPerValue: '4',
};

function initialState(): PanelState {
  const saved = vscode.getState() as Partial<PanelState> | undefined;
  const base: PanelState = {
    bptt: { recurrence: '', wrt: 'h_0', steps: '3', loss: 'final', notation: 'auto' },
    transformer: { ...TF_DEFAULTS },
    open: { bptt: false, transformer: false },
    recurrenceEdited: false,
  };
  if (!saved || typeof saved !== 'object') return base;
  // only known keys of the right types are taken back: the state is ours, but may be from an older version
  const pickStr = (x: unknown, d: string) => (typeof x === 'string' && x.length < 5_000 ? x : d);
  const b = (saved.bptt ?? {}) as Partial<BpttForm>;
  base.bptt = {
    recurrence: pickStr(b.recurrence, ''),
    wrt: pickStr(b.wrt, 'h_0'),
    steps: pickStr(b.steps, '3'),
    loss: b.loss === 'sum' ? 'sum' : 'final',
    notation: b.notation === 'scalar' || b.notation === 'matrix' ? b.notation : 'auto',
  };
  const t = (saved.transformer ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(TF_DEFAULTS)) {
    const v = t[k];
    if (typeof v === typeof TF_DEFAULTS[k]) base.transformer[k] = v as string | boolean;
  }
  base.open = { bptt: saved.open?.bptt === true, transformer: saved.open?.transformer === true };
  base.recurrenceEdited = saved.recurrenceEdited === true;
  return base;
}

const state = initialState();
const saveState = () => vscode.setState(state);

let strings: PanelStrings | undefined;
const s = (key: StringKey, ...args: (string | number)[]) => (strings ? format(strings[key], ...args) : key);

// ---- KaTeX ----------------------------------------------------------------------------------------

const KATEX_OPTIONS = {
  throwOnError: false,
  trust: false,
  strict: 'ignore' as const,
  maxSize: 20,
  maxExpand: 500,
  output: 'htmlAndMathml' as const,
  errorColor: 'var(--vscode-errorForeground)',
};

/** Rendered markup by (display, LaTeX): a cursor move re-renders mostly the same formulas. */
const katexCache = new Map<string, string>();
function katexHtml(latex: string, display: boolean): string {
  const key = (display ? 'D' : 'I') + latex;
  let html = katexCache.get(key);
  if (html === undefined) {
    try {
      html = katex.renderToString(latex, { ...KATEX_OPTIONS, displayMode: display });
    } catch {
      // throwOnError:false still throws on option errors; show the source rather than nothing
      html = '';
    }
    if (katexCache.size > 500) katexCache.clear();
    katexCache.set(key, html);
  }
  return html;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | undefined)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== undefined) e.append(c);
  return e;
}

/** Math as a left-to-right isolate, whatever the direction of the surrounding UI. */
function math(latex: string, display = false): HTMLElement {
  const box = el(display ? 'div' : 'span', { class: display ? 'math display' : 'math', dir: 'ltr' });
  const html = katexHtml(latex, display);
  if (html) box.innerHTML = html;
  else box.append(el('code', {}, latex));
  return box;
}

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
function scheduleFit(): void {
  if (fitPending) return;
  fitPending = true;
  requestAnimationFrame(() => {
    fitPending = false;
    fitMath(document);
  });
}
new ResizeObserver(() => scheduleFit()).observe(document.documentElement);

/** LaTeX that was cut to fit is shown as code: typesetting half a formula only shows an error. */
function texOrCode(latex: string, clipped?: boolean): HTMLElement {
  return clipped ? el('code', { dir: 'ltr', class: 'clipped' }, latex) : math(latex);
}

/** English text from the engine (messages, steps): its own direction, isolated. */
function prose(text: string, tag: 'span' | 'div' | 'li' | 'p' = 'span', cls = ''): HTMLElement {
  return el(tag, { dir: 'auto', class: cls ? `prose ${cls}` : 'prose' }, text);
}

function shapeText(v: PanelValue): string {
  const sh = v.shape;
  if (sh.length === 0) return s('shapeNumber');
  if (sh.length === 1) return s('shapeTuple', sh[0]);
  if (sh[0] === 1 && sh[1] !== 1) return s('shapeRow', sh[1]);
  if (sh[1] === 1 && sh[0] !== 1) return s('shapeColumn', sh[0]);
  return s('shapeMatrix', sh[0], sh[1]);
}

function valueBlock(v: PanelValue, display = true): HTMLElement {
  const box = el('div', { class: 'value' }, math(v.latex, display));
  const meta = el('div', { class: 'meta' }, el('span', { class: 'shape', dir: 'auto' }, shapeText(v)));
  if (v.elided) meta.append(' · ', el('span', { class: 'elided' }, s('elided')));
  box.append(meta);
  return box;
}

function button(label: string, onClick: () => void, cls = ''): HTMLButtonElement {
  const b = el('button', { type: 'button', class: cls }, label);
  b.addEventListener('click', onClick);
  return b;
}

// ---- the document part ----------------------------------------------------------------------------

const root = document.getElementById('root') as HTMLElement;
const live = document.getElementById('live') as HTMLElement;
const docPart = el('div', { id: 'document' });
let lastDocKey = '';
let currentModel: PanelModel | null = null;
/** The last Evaluate Selection: one node kept across updates, placed under the document header. */
const resultPart = el('div', { id: 'result-part' });
let lastResult: PanelLastResult | null = null;

function section(id: string, title: string, ...children: (Node | undefined)[]): HTMLElement {
  return el('section', { id, 'aria-labelledby': `${id}-h` }, el('h2', { id: `${id}-h` }, title), ...children);
}

function renderFinding(f: PanelFinding, version: number): HTMLElement {
  const sev = f.severity === 'error' ? 'severityError' : f.severity === 'warning' ? 'severityWarning' : 'severityInfo';
  const item = el('li', { class: `finding ${f.severity}${f.active ? ' active' : ''}`, 'data-id': f.id });
  // the head is a real button (Tab, Enter, Space); a click anywhere else on the finding does the same
  const head = el('button', { type: 'button', class: 'finding-head', title: s('showInAnswer') }, el('span', { class: 'badge' }, s(sev)), ' ', prose(f.message));
  item.append(head);
  item.addEventListener('click', (e) => {
    const target = e.target instanceof Element ? e.target : null;
    if (target?.closest('button.fix')) return;
    // selecting text of the finding (to copy the right value) is not a click on it
    if (!head.contains(target) && window.getSelection()?.isCollapsed === false) return;
    vscode.postMessage({ type: 'revealFinding', id: f.id, version });
  });
  if (f.actual !== undefined) {
    const row = el('div', { class: 'compare' });
    if (f.claimed !== undefined) row.append(el('span', { class: 'label' }, s('written')), math(f.claimed));
    row.append(el('span', { class: 'label' }, s('rightValue')), math(f.actual));
    item.append(row);
  }
  if (f.steps.length) item.append(stepsList(f.steps, f.moreSteps));
  if (f.fixTitle) {
    // a title that quotes LaTeX (a matrix) reads badly on a button: say what it does, keep the rest as a tooltip
    const label = f.fixTitle.includes('\\') && f.actual !== undefined ? s('applyFixValue') : `${s('applyFix')}: ${f.fixTitle}`;
    const b = button(label, () => {
      b.disabled = true;
      vscode.postMessage({ type: 'applyFix', id: f.id, version });
    }, 'fix');
    b.setAttribute('data-fix', f.id);
    b.title = f.fixTitle;
    item.append(b);
  }
  return item;
}

function stepsList(steps: string[], more: number): HTMLElement {
  // the working is arithmetic, read left to right even in a right-to-left UI
  const list = el('ol', { class: 'steps', dir: 'ltr' });
  for (const st of steps) list.append(prose(st, 'li'));
  if (more > 0) list.append(el('li', { class: 'more' }, s('moreSteps', more)));
  return list;
}

function renderDocument(doc: PanelDocument | null, model: PanelModel | null, reason?: string): void {
  // the same model twice (a cursor move inside one statement): nothing to redraw
  const key = JSON.stringify([doc, model && { ...model, cursor: 0 }, reason]);
  if (key === lastDocKey) return;
  lastDocKey = key;
  currentModel = model;
  docPart.replaceChildren();
  if (!doc || !model) {
    docPart.append(el('p', { class: 'empty' }, s(reason === 'notMarkdown' ? 'notMarkdown' : 'noEditor')), resultPart);
    return;
  }
  const c = model.counts;
  docPart.append(el('header', { class: 'doc' }, el('span', { class: 'name', dir: 'auto' }, doc.name), ' ', el('span', { class: 'summary' }, s('documentSummary', c.errors, c.warnings, model.formulas))));
  docPart.append(resultPart);
  if (model.ignoredFile) docPart.append(el('p', { class: 'note' }, s('ignoredFile')));

  const f = model.formula;
  if (!f) {
    docPart.append(section('formula', s('formula'), el('p', { class: 'empty' }, s('noFormula'))));
  } else {
    const body: (Node | undefined)[] = [];
    body.push(f.typeset !== undefined ? math(f.typeset, true) : el('div', { class: 'source' }, el('p', { class: 'note' }, s('tooLong')), el('code', { dir: 'ltr' }, f.source)));
    if (f.ignored) body.push(el('p', { class: 'note' }, s('ignoredFormula')));
    if (f.focus) {
      body.push(
        el('h3', {}, s('valueOf')),
        el('div', { class: 'focus' }, texOrCode(f.focus.source, f.focus.clipped), el('span', { class: 'eq', dir: 'ltr' }, ' = '), valueBlock(f.focus.value)),
      );
      if (f.focus.steps.length) body.push(el('h3', {}, s('steps')), stepsList(f.focus.steps, f.focus.moreSteps));
    } else if (f.symbolic) {
      // symbolic lines are meant so: said calmly, not as a problem
      body.push(el('p', { class: 'note symbolic' }, s('symbolic', f.symbolic.join(', '))));
    } else if (f.reason) {
      body.push(el('p', { class: 'reason' }, s('notComputable'), ' ', prose(f.reason)));
    }
    if (f.shapes) {
      const sh = f.shapes;
      body.push(el('h3', {}, s('shapes')));
      if (sh.label) body.push(el('p', { class: 'shape-label', dir: 'ltr' }, el('code', {}, sh.label)));
      body.push(stepsList(sh.steps, 0));
      if (sh.shape) body.push(el('p', { class: 'meta' }, s('resultShape', ''), el('span', { dir: 'ltr' }, sh.shape)));
    }
    if (f.counts) body.push(el('h3', {}, s(f.counts.kind === 'parameters' ? 'whatItCounts' : 'skipGramPairs')), prose(f.counts.text, 'p', 'counts'));
    if (f.statements.length > 1) {
      const list = el('ul', { class: 'statements' });
      for (const st of f.statements) {
        const li = el('li', { class: st.active ? 'active' : '' }, texOrCode(st.source, st.clipped));
        if (st.value && st.computed) li.append(el('span', { class: 'arrow', dir: 'ltr' }, ' → '), math(st.value.latex));
        if (st.value) li.append(el('span', { class: 'shape' }, ` (${shapeText(st.value)})`));
        else if (st.symbolic) li.append(' ', el('span', { class: 'note symbolic', title: st.symbolic.join(', ') }, `(${s('symbolicShort')})`));
        else if (st.reason) li.append(' ', prose(st.reason, 'span', 'reason'));
        list.append(li);
      }
      if (f.moreStatements > 0) list.append(el('li', { class: 'more' }, s('moreStatements', f.moreStatements)));
      body.push(el('h3', {}, s('statements')), list);
    }
    docPart.append(section('formula', s('formula'), ...body));
  }

  if (f) {
    const list = el('ul', { class: 'findings' });
    for (const x of model.findings) list.append(renderFinding(x, doc.version));
    docPart.append(section('findings', s('findings'), model.findings.length ? list : el('p', { class: 'empty' }, s('noFindings'))));
  }

  const vars = el('table', { class: 'variables' });
  for (const v of model.variables) {
    // the name is the link to its definition: compact in a narrow side bar, and a real button for the keyboard
    const go = el('button', { type: 'button', class: 'link name', title: s('goToDefinition'), 'aria-label': `${s('goToDefinition')}: ${v.name}` }, math(v.nameLatex));
    go.addEventListener('click', () => vscode.postMessage({ type: 'reveal', start: v.range.start, end: v.range.end, version: doc.version }));
    vars.append(el('tr', { class: v.definedHere ? 'here' : '' }, el('th', { scope: 'row' }, go), el('td', {}, valueBlock(v.value, false))));
  }
  const varBody: (Node | undefined)[] = [model.variables.length ? vars : el('p', { class: 'empty' }, s('noVariables'))];
  if (model.moreVariables > 0) varBody.push(el('p', { class: 'more' }, s('moreVariables', model.moreVariables)));
  docPart.append(section('variables', s('variables'), ...varBody));

  if (model.recurrence && !state.recurrenceEdited && bpttFields) {
    bpttFields.recurrence.value = model.recurrence.source;
    state.bptt.recurrence = model.recurrence.source;
    saveState();
  }
}

/** The "last result" section: the expression evaluated and its value, or why it has none. */
function renderLastResult(): void {
  const r = lastResult;
  if (!r) {
    resultPart.replaceChildren();
    return;
  }
  const expr = r.source ? texOrCode(r.source, r.clipped) : undefined;
  const body: (Node | undefined)[] = [];
  if (r.ok) {
    body.push(el('div', { class: 'focus' }, expr, el('span', { class: 'eq', dir: 'ltr' }, ' = '), valueBlock(r.value)));
    if (r.steps.length) body.push(el('h3', {}, s('steps')), stepsList(r.steps, r.moreSteps));
  } else {
    if (expr) body.push(el('div', { class: 'focus' }, expr));
    body.push(el('p', { class: 'reason error-text' }, s('resultFailed'), ' ', prose(r.message)));
  }
  if (r.document) body.push(el('p', { class: 'meta' }, el('span', { class: 'name', dir: 'auto' }, r.document)));
  resultPart.replaceChildren(section('last-result', s('lastResult'), ...body));
}

// ---- calculators ----------------------------------------------------------------------------------

let requestId = 0;
let pendingBptt = -1;
let pendingTf = -1;
let pendingTfConfig = -1;
let syncTf: (() => void) | undefined;
let bpttFields: { recurrence: HTMLTextAreaElement; wrt: HTMLInputElement; steps: HTMLInputElement; loss: HTMLSelectElement; notation: HTMLSelectElement } | undefined;
const bpttOut = el('div', { class: 'result', 'aria-live': 'polite' });
const tfOut = el('div', { class: 'result', 'aria-live': 'polite' });
const tfInputs = new Map<string, HTMLInputElement | HTMLSelectElement>();

function field(label: string, input: HTMLElement): HTMLElement {
  const id = `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  return el('div', { class: 'field' }, el('label', { for: id }, label), input);
}

function select(options: [string, string][], value: string): HTMLSelectElement {
  const sel = el('select');
  for (const [v, label] of options) sel.append(el('option', { value: v }, label));
  sel.value = value;
  return sel;
}

function bpttRequest(): BpttRequest {
  const f = state.bptt;
  const steps = Number(f.steps);
  return { recurrence: f.recurrence, wrt: f.wrt, steps: Number.isInteger(steps) && steps >= 1 && steps <= 1000 ? steps : 3, loss: f.loss, notation: f.notation };
}

function buildBptt(): HTMLElement {
  const f = state.bptt;
  const recurrence = el('textarea', { rows: '2', dir: 'ltr', spellcheck: 'false', class: 'code' });
  recurrence.value = f.recurrence;
  const wrt = el('input', { type: 'text', dir: 'ltr', spellcheck: 'false' });
  wrt.value = f.wrt;
  const steps = el('input', { type: 'number', min: '1', max: '1000', dir: 'ltr' });
  steps.value = f.steps;
  const loss = select([['final', s('bpttLossFinal')], ['sum', s('bpttLossSum')]], f.loss);
  const notation = select([['auto', s('bpttNotationAuto')], ['scalar', s('bpttNotationScalar')], ['matrix', s('bpttNotationMatrix')]], f.notation);
  bpttFields = { recurrence, wrt, steps, loss, notation };
  const sync = () => {
    state.bptt = { recurrence: recurrence.value, wrt: wrt.value, steps: steps.value, loss: loss.value === 'sum' ? 'sum' : 'final', notation: (['scalar', 'matrix'].includes(notation.value) ? notation.value : 'auto') as BpttForm['notation'] };
    saveState();
  };
  recurrence.addEventListener('input', () => {
    state.recurrenceEdited = true;
    sync();
  });
  for (const x of [wrt, steps, loss, notation]) {
    x.addEventListener('input', sync);
    x.addEventListener('change', sync);
  }
  const useCursor = button(s('bpttUseCursor'), () => {
    state.recurrenceEdited = false;
    if (currentModel?.recurrence) recurrence.value = currentModel.recurrence.source;
    sync();
  }, 'secondary');
  const derive = button(s('bpttDerive'), () => {
    sync();
    pendingBptt = ++requestId;
    bpttOut.replaceChildren(el('p', { class: 'note' }, s('working')));
    vscode.postMessage({ type: 'bptt', requestId: pendingBptt, request: bpttRequest() });
  });
  const insert = button(s('insert'), () => {
    sync();
    vscode.postMessage({ type: 'insert', source: { kind: 'bptt', request: bpttRequest() } });
  }, 'insert');
  insert.setAttribute('data-insert', 'bptt');
  const form = el(
    'div',
    { class: 'form' },
    field(s('bpttRecurrence'), recurrence),
    el('div', { class: 'row' }, field(s('bpttWrt'), wrt), field(s('bpttSteps'), steps)),
    el('div', { class: 'row' }, field(s('bpttLoss'), loss), field(s('bpttNotation'), notation)),
    el('div', { class: 'buttons' }, derive, insert, useCursor),
  );
  return details('bptt', s('bpttTitle'), form, bpttOut);
}

function tfConfig(): TransformerInput {
  const out: TransformerInput = {};
  for (const [k, d] of Object.entries(TF_DEFAULTS)) {
    const v = state.transformer[k];
    if (typeof d === 'boolean') out[k] = v === true;
    else if (k === 'positional' || k === 'layerNorm') out[k] = String(v);
    else if (k === 'tokenTypes' && v === '0') continue; // the default: keep the request as small as before
    else if (typeof v === 'string' && v.trim() !== '') out[k] = Number(v.trim());
  }
  return out;
}

function buildTransformer(): HTMLElement {
  const numbers: [string, StringKey][] = [
    ['vocabSize', 'tfVocabSize'],
    ['dModel', 'tfDModel'],
    ['heads', 'tfHeads'],
    ['dFF', 'tfDFF'],
    ['encoderLayers', 'tfEncoderLayers'],
    ['decoderLayers', 'tfDecoderLayers'],
    ['maxPositions', 'tfMaxPositions'],
    ['tokenTypes', 'tfTokenTypes'],
    ['batch', 'tfBatch'],
    ['seqLen', 'tfSeqLen'],
    ['bytesPerValue', 'tfBytesPerValue'],
  ];
  const grid = el('div', { class: 'grid' });
  const sync = () => {
    for (const [k, input] of tfInputs) state.transformer[k] = input instanceof HTMLInputElement && input.type === 'checkbox' ? input.checked : input.value;
    saveState();
  };
  for (const [k, label] of numbers) {
    const input = el('input', { type: 'number', min: '0', dir: 'ltr', inputmode: k === 'bytesPerValue' ? 'decimal' : 'numeric', ...(k === 'bytesPerValue' ? { step: 'any' } : {}) });
    input.value = String(state.transformer[k] ?? '');
    if (k === 'dFF') input.placeholder = '4·d_model';
    tfInputs.set(k, input);
    grid.append(field(s(label), input));
  }
  const positional = select([['learned', s('tfPositionalLearned')], ['sinusoidal', s('tfPositionalSinusoidal')], ['none', s('tfPositionalNone')]], String(state.transformer.positional));
  tfInputs.set('positional', positional);
  grid.append(field(s('tfPositional'), positional));
  const ln = select([['pre', 'pre-LN'], ['post', 'post-LN']], String(state.transformer.layerNorm));
  tfInputs.set('layerNorm', ln);
  grid.append(field(s('tfLayerNorm'), ln));
  const checks = el('div', { class: 'checks' });
  for (const [k, label] of [['tiedEmbeddings', 'tfTied'], ['finalLayerNorm', 'tfFinalLayerNorm'], ['embeddingLayerNorm', 'tfEmbeddingLayerNorm'], ['pooler', 'tfPooler'], ['bias', 'tfBias']] as [string, StringKey][]) {
    const box = el('input', { type: 'checkbox' });
    box.checked = state.transformer[k] === true;
    tfInputs.set(k, box);
    const id = `c-${k}`;
    box.id = id;
    checks.append(el('div', { class: 'check' }, box, el('label', { for: id }, s(label))));
  }
  for (const input of tfInputs.values()) {
    input.addEventListener('change', sync);
    input.addEventListener('input', sync);
  }
  const calc = button(s('tfCalculate'), () => {
    sync();
    pendingTf = ++requestId;
    tfOut.replaceChildren(el('p', { class: 'note' }, s('working')));
    vscode.postMessage({ type: 'transformer', requestId: pendingTf, config: tfConfig() });
  });
  const insert = button(s('insert'), () => {
    sync();
    vscode.postMessage({ type: 'insert', source: { kind: 'transformer', config: tfConfig() } });
  }, 'insert');
  insert.setAttribute('data-insert', 'transformer');
  // a configuration as a student has it: pasted JSON (a Hugging Face config.json as it is) or its file
  const paste = el('textarea', { rows: '4', dir: 'ltr', spellcheck: 'false', class: 'code', placeholder: '{ "n_embd": 768, "n_head": 12, … }' });
  const read = button(s('tfReadConfig'), () => {
    pendingTfConfig = ++requestId;
    vscode.postMessage({ type: 'transformerConfig', requestId: pendingTfConfig, text: paste.value.slice(0, 200_000) });
  }, 'secondary');
  read.setAttribute('data-read-config', '');
  const open = button(s('tfOpenConfig'), () => {
    pendingTfConfig = ++requestId;
    vscode.postMessage({ type: 'transformerConfigFile', requestId: pendingTfConfig });
  }, 'secondary');
  const fromJson = el('div', { class: 'paste' }, field(s('tfPasteConfig'), paste), el('div', { class: 'buttons' }, read, open));
  syncTf = sync;
  return details('transformer', s('transformerTitle'), el('div', { class: 'form' }, grid, checks, el('div', { class: 'buttons' }, calc, insert), fromJson), tfOut);
}

function details(id: 'bptt' | 'transformer', title: string, ...children: Node[]): HTMLElement {
  const d = el('details', { id, class: 'tool' }, el('summary', {}, el('h2', {}, title)), ...children);
  d.open = state.open[id];
  d.addEventListener('toggle', () => {
    state.open[id] = d.open;
    saveState();
  });
  return d;
}

function showBptt(msg: Extract<ToPanelMessage, { type: 'bpttResult' }>): void {
  if (msg.requestId !== pendingBptt) return;
  const r = msg.result;
  if (!r.ok) bpttOut.replaceChildren(el('p', { class: 'error-text', role: 'alert' }, prose(r.error)));
  else bpttOut.replaceChildren(math(r.latex, true));
  scheduleFit();
}

/** A configuration read by the extension fills the form (every field) and is counted at once. */
function fillTransformer(msg: Extract<ToPanelMessage, { type: 'transformerConfigResult' }>): void {
  if (msg.requestId !== pendingTfConfig) return;
  const r = msg.result;
  if (!r.ok) {
    tfOut.replaceChildren(el('p', { class: 'error-text', role: 'alert' }, prose(r.error)));
    return;
  }
  for (const [k, input] of tfInputs) {
    if (!Object.prototype.hasOwnProperty.call(r.config, k)) continue;
    const v = r.config[k];
    if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = v === true;
    else input.value = String(v);
  }
  syncTf?.();
  pendingTf = ++requestId;
  tfOut.replaceChildren(el('p', { class: 'note' }, s('working')));
  tfNotes = r.notes;
  vscode.postMessage({ type: 'transformer', requestId: pendingTf, config: tfConfig() });
}
let tfNotes: string[] = [];

function showTransformer(msg: Extract<ToPanelMessage, { type: 'transformerResult' }>): void {
  if (msg.requestId !== pendingTf) return;
  const r = msg.result;
  if (!r.ok) {
    tfOut.replaceChildren(el('p', { class: 'error-text', role: 'alert' }, prose(r.error)));
    return;
  }
  const table = el('table', { class: 'params', dir: 'ltr' }, el('tr', {}, el('th', {}, s('tfComponent')), el('th', {}, s('tfShape')), el('th', { class: 'num' }, s('tfParams'))));
  for (const row of r.rows) table.append(el('tr', {}, el('td', {}, row.name), el('td', {}, row.shape), el('td', { class: 'num' }, row.params.toLocaleString('en-US'))));
  tfOut.replaceChildren(
    el('p', { class: 'total' }, s('tfTotal'), ' ', el('strong', { dir: 'ltr', 'data-total': String(r.total) }, r.totalText)),
    prose(r.summary, 'div', 'summary'),
    ...tfNotes.splice(0).map((w) => prose(w, 'div', 'note')),
    ...r.warnings.map((w) => prose(w, 'div', 'warning-text')),
    table,
  );
}

// ---- messages -------------------------------------------------------------------------------------

let built = false;
let noticeTimer: ReturnType<typeof setTimeout> | undefined;
function build(): void {
  if (built) return;
  built = true;
  root.replaceChildren(docPart, buildBptt(), buildTransformer());
}

window.addEventListener('message', (event: MessageEvent) => {
  const msg: unknown = event.data;
  if (!isToPanel(msg)) return; // not ours, or malformed: dropped
  switch (msg.type) {
    case 'init':
      strings = msg.strings;
      document.documentElement.lang = msg.locale;
      document.documentElement.dir = msg.rtl ? 'rtl' : 'ltr';
      build();
      renderLastResult();
      break;
    case 'update': {
      if (!built) return;
      const t0 = performance.now();
      renderDocument(msg.document, msg.model, msg.reason);
      scheduleFit();
      // when the last update arrived and how long drawing it took (read by the end-to-end test)
      document.body.dataset.updateAt = String(Date.now());
      document.body.dataset.renderMs = (performance.now() - t0).toFixed(1);
      break;
    }
    case 'bpttResult':
      showBptt(msg);
      break;
    case 'transformerResult':
      showTransformer(msg);
      break;
    case 'transformerConfigResult':
      fillTransformer(msg);
      break;
    case 'lastResult':
      lastResult = msg.result;
      renderLastResult();
      scheduleFit();
      break;
    case 'notice':
      live.textContent = msg.text;
      live.className = msg.level;
      // the note is announced (aria-live) and then goes away, so it never hides the panel for long
      clearTimeout(noticeTimer);
      noticeTimer = setTimeout(() => {
        live.textContent = '';
        live.className = '';
      }, msg.level === 'error' ? 10_000 : 4_000);
      // a failed fix leaves its button usable again
      document.querySelectorAll<HTMLButtonElement>('button.fix').forEach((b) => (b.disabled = false));
      break;
  }
});

vscode.postMessage({ type: 'ready' });
