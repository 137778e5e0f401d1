/**
 * The BPTT calculator: a recurrence (the cursor's, unless the student edited the field), the variable
 * to differentiate by, the number of steps, the loss and the notation; the derivation comes back as the
 * sentences and formula blocks "Insert into answer" writes, in the answer's language, typeset.
 */
import type { BpttRequest, ToPanelMessage } from '../../shared/protocol';
import { derivationHtml } from '../derivation';
import { button, details, el, field, fromMarkup, prose, scheduleFit, select } from '../dom';
import { type BpttForm, nextRequestId, s, saveState, session, state, vscode } from '../state';

let pendingBptt = -1;
let bpttFields: { recurrence: HTMLTextAreaElement; wrt: HTMLInputElement; steps: HTMLInputElement; loss: HTMLSelectElement; notation: HTMLSelectElement } | undefined;
const bpttOut = el('div', { class: 'result', 'aria-live': 'polite' });

function bpttRequest(): BpttRequest {
  const f = state.bptt;
  const steps = Number(f.steps);
  return { recurrence: f.recurrence, wrt: f.wrt, steps: Number.isInteger(steps) && steps >= 1 && steps <= 1000 ? steps : 3, loss: f.loss, notation: f.notation };
}

function requestBptt(): void {
  pendingBptt = nextRequestId();
  bpttOut.replaceChildren(el('p', { class: 'note' }, s('working')));
  vscode.postMessage({ type: 'bptt', requestId: pendingBptt, request: bpttRequest() });
}

/** Derives again what the preview shows (or is waiting for), so it is in the answer's language now. */
export function refreshBptt(): void {
  if (bpttOut.hasChildNodes()) requestBptt();
}

/** The recurrence at the cursor fills the form, unless the student has written their own. */
export function followCursorRecurrence(source: string): void {
  if (state.recurrenceEdited || !bpttFields) return;
  bpttFields.recurrence.value = source;
  state.bptt.recurrence = source;
  saveState();
}

export function buildBptt(): HTMLElement {
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
    if (session.currentModel?.recurrence) recurrence.value = session.currentModel.recurrence.source;
    sync();
  }, 'secondary');
  const derive = button(s('bpttDerive'), () => {
    sync();
    requestBptt();
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

export function showBptt(msg: Extract<ToPanelMessage, { type: 'bpttResult' }>): void {
  if (msg.requestId !== pendingBptt) return;
  const r = msg.result;
  if (!r.ok) bpttOut.replaceChildren(el('p', { class: 'error-text', role: 'alert' }, prose(r.error)));
  else bpttOut.replaceChildren(fromMarkup(derivationHtml(r)));
  scheduleFit();
}
