/**
 * The transformer calculator: the configuration as form fields (or pasted JSON / a config file the
 * extension reads and fills in), and the parameter count with its table, notes and warnings.
 */
import type { StringKey, ToPanelMessage, TransformerInput } from '../../shared/protocol';
import { button, details, el, field, prose, select } from '../dom';
import { TF_DEFAULTS, nextRequestId, s, saveState, state, vscode } from '../state';

let pendingTf = -1;
let pendingTfConfig = -1;
let syncTf: (() => void) | undefined;
const tfOut = el('div', { class: 'result', 'aria-live': 'polite' });
const tfInputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
/** Notes on a configuration read from JSON, shown with the count it leads to. */
let tfNotes: string[] = [];

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

function requestCount(): void {
  pendingTf = nextRequestId();
  tfOut.replaceChildren(el('p', { class: 'note' }, s('working')));
  vscode.postMessage({ type: 'transformer', requestId: pendingTf, config: tfConfig() });
}

/** Counts again what the calculator shows (or is waiting for), so its words are in the panel's language now. */
export function refreshTransformer(): void {
  if (tfOut.hasChildNodes()) requestCount();
}

export function buildTransformer(): HTMLElement {
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
    requestCount();
  });
  const insert = button(s('insert'), () => {
    sync();
    vscode.postMessage({ type: 'insert', source: { kind: 'transformer', config: tfConfig() } });
  }, 'insert');
  insert.setAttribute('data-insert', 'transformer');
  // a configuration as a student has it: pasted JSON (a Hugging Face config.json as it is) or its file
  const paste = el('textarea', { rows: '4', dir: 'ltr', spellcheck: 'false', class: 'code', placeholder: '{ "n_embd": 768, "n_head": 12, … }' });
  const read = button(s('tfReadConfig'), () => {
    pendingTfConfig = nextRequestId();
    vscode.postMessage({ type: 'transformerConfig', requestId: pendingTfConfig, text: paste.value.slice(0, 200_000) });
  }, 'secondary');
  read.setAttribute('data-read-config', '');
  const open = button(s('tfOpenConfig'), () => {
    pendingTfConfig = nextRequestId();
    vscode.postMessage({ type: 'transformerConfigFile', requestId: pendingTfConfig });
  }, 'secondary');
  const fromJson = el('div', { class: 'paste' }, field(s('tfPasteConfig'), paste), el('div', { class: 'buttons' }, read, open));
  syncTf = sync;
  return details('transformer', s('transformerTitle'), el('div', { class: 'form' }, grid, checks, el('div', { class: 'buttons' }, calc, insert), fromJson), tfOut);
}

/** A configuration read by the extension fills the form (every field) and is counted at once. */
export function fillTransformer(msg: Extract<ToPanelMessage, { type: 'transformerConfigResult' }>): void {
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
  tfNotes = r.notes;
  requestCount();
}

export function showTransformer(msg: Extract<ToPanelMessage, { type: 'transformerResult' }>): void {
  if (msg.requestId !== pendingTf) return;
  const r = msg.result;
  if (!r.ok) {
    tfOut.replaceChildren(el('p', { class: 'error-text', role: 'alert' }, prose(r.error)));
    return;
  }
  const table = el('table', { class: 'params', dir: 'ltr' }, el('tr', {}, el('th', {}, s('tfComponent')), el('th', {}, s('tfShape')), el('th', { class: 'num' }, s('tfParams'))));
  // a Persian name reads right to left inside the left-to-right table
  for (const row of r.rows) table.append(el('tr', {}, el('td', { dir: 'auto' }, row.name), el('td', {}, row.shape), el('td', { class: 'num' }, row.params.toLocaleString('en-US'))));
  tfOut.replaceChildren(
    el('p', { class: 'total' }, s('tfTotal'), ' ', el('strong', { dir: 'ltr', 'data-total': String(r.total) }, r.totalText)),
    prose(r.summary, 'div', 'summary'),
    ...tfNotes.splice(0).map((w) => prose(w, 'div', 'note')),
    ...r.warnings.map((w) => prose(w, 'div', 'warning-text')),
    table,
  );
}
