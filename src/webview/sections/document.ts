/**
 * The document part of the panel: the answer's name and counts, the formula at the cursor (its value,
 * steps, shapes, statements), the findings, the variables, and the last Evaluate Selection.
 */
import type { PanelLastResult } from '../../core/views/lastResult';
import type { PanelFinding, PanelModel } from '../../core/views/panelModel';
import type { PanelDocument } from '../../shared/protocol';
import { button, el, math, prose, shapeText, texOrCode, valueBlock } from '../dom';
import { s, session, vscode } from '../state';
import { followCursorRecurrence } from './bptt';

export const docPart = el('div', { id: 'document' });
let lastDocKey = '';
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
  if (f.counterexample) item.append(counterexampleTable(f.counterexample));
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

/**
 * A wrong step's counterexample: each name and its value, then the value of each side. Names and values
 * are text nodes in left-to-right cells, whatever the direction of the page.
 */
function counterexampleTable(ce: NonNullable<PanelFinding['counterexample']>): HTMLElement {
  const head = el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, s('ceName')), el('th', { scope: 'col' }, s('ceValue'))));
  const body = el('tbody');
  for (const r of ce.rows) body.append(el('tr', {}, el('th', { scope: 'row', dir: 'ltr' }, r.name), el('td', { class: 'num', dir: 'ltr' }, r.value)));
  if (ce.more > 0) body.append(el('tr', { class: 'more' }, el('td', { colspan: '2' }, s('ceMore', ce.more))));
  body.append(
    el('tr', { class: 'side left' }, el('th', { scope: 'row' }, s('ceLeft')), el('td', { class: 'num', dir: 'ltr' }, ce.left)),
    el('tr', { class: 'side' }, el('th', { scope: 'row' }, s('ceRight')), el('td', { class: 'num', dir: 'ltr' }, ce.right)),
  );
  return el('table', { class: 'counterexample' }, el('caption', {}, s('counterexample')), head, body);
}

function stepsList(steps: string[], more: number): HTMLElement {
  // the working is arithmetic, read left to right even in a right-to-left UI
  const list = el('ol', { class: 'steps', dir: 'ltr' });
  for (const st of steps) list.append(prose(st, 'li'));
  if (more > 0) list.append(el('li', { class: 'more' }, s('moreSteps', more)));
  return list;
}

/** The next update is drawn even when its model is the same (the page's strings changed). */
export function forgetDocument(): void {
  lastDocKey = '';
}

export function renderDocument(doc: PanelDocument | null, model: PanelModel | null, reason?: string): void {
  // the same model twice (a cursor move inside one statement): nothing to redraw
  const key = JSON.stringify([doc, model && { ...model, cursor: 0 }, reason]);
  if (key === lastDocKey) return;
  lastDocKey = key;
  session.currentModel = model;
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

  if (model.recurrence) followCursorRecurrence(model.recurrence.source);
}

/** Keeps the last Evaluate Selection (null: none yet) and draws it. */
export function showLastResult(result: PanelLastResult | null): void {
  lastResult = result;
  renderLastResult();
}

/** The "last result" section: the expression evaluated and its value, or why it has none. */
export function renderLastResult(): void {
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
