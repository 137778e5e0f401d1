/**
 * Derives backpropagation through time for a recognised recurrence: the one-step Jacobian, the
 * general product/sum form, the expansion unrolled for T steps (as LaTeX and as an {@link Expr} that
 * numeric.ts evaluates), the norm bound with its vanishing/exploding conclusion, and for linear
 * recurrences the closed-form unrolling.
 *
 * Conventions (stated in the output): z_t = Σ terms, h_t = ψ(z_t) for t = 1..T, states before h_0 are
 * zero; Jacobians ∂h_t/∂h_{t-1} in numerator layout (row i is component i of h_t), gradients ∂L/∂(·)
 * in denominator layout (same shape as the variable), so backward steps carry transposes.
 */
import { E, Expr, expansionSize, expand, fromMonomials, Monomial, monomialTerms, RenderCtx, renderExpr, Signed, termsOf, derivativeAtom } from './expr';
import { alignedLatex, approxWidthEm, formatNumber, preactLatex, preactTerms } from './latex';
import { BpttError, BpttTarget, DerivationRow, LossKind, Notation, Recurrence, TermRole, termOf } from './types';
import { message, type Message, type MessageId } from '../messages';

export interface DeriveOptions {
  target: BpttTarget;
  loss: LossKind;
  notation: Notation;
  /** T, the number of steps (1 ≤ T ≤ {@link MAX_STEPS}). */
  steps: number;
}

/** A target with its symbolic indices resolved for unrolling (k = 0, t = T when not given). */
export type ResolvedTarget =
  | { kind: 'state'; k: number; symbolic: boolean }
  | { kind: 'param'; role: TermRole }
  | { kind: 'jacobian'; t: number; k: number; symbolic: boolean };

export interface BpttDerivation {
  /** The whole derivation: one `aligned` block for a display formula (no `$$`). */
  latex: string;
  /** Setup: recurrence, loss, layout, one-step Jacobian with the activation's derivative. */
  oneStep: string;
  /** The general product form (and the sum over time for weights). */
  general: string;
  /** The expansion written out for T steps. */
  unrolled: string;
  /** The norm bound and its vanishing/exploding conclusion (and the skip term's extra paths). */
  bound: string;
  /** For a linear recurrence without a skip term: h_T in closed form, general and for T steps. */
  closedForm?: string;
  /** The whole derivation as typed rows (formulas and catalog sentences), in order: the writers' input. */
  rows: DerivationRow[];
  /** What `unrolled` writes, as data: numeric.ts evaluates exactly this. */
  expr: Expr;
  /** h_T as data for the closed form, when there is one. */
  closedFormExpr?: Expr;
  /** Whether the unrolled form is a fully expanded sum or a step-by-step recursion (too many terms to expand). */
  unrolledStyle: 'expanded' | 'stepwise';
  target: ResolvedTarget;
  /** The shape of the result: a vector (∂L/∂h_k, ∂L/∂b) or a matrix (weights, ∂h_t/∂h_k). */
  resultKind: 'vector' | 'matrix';
  loss: LossKind;
  notation: Notation;
  steps: number;
}

export const MAX_STEPS = 1000;
/** The largest expanded sum written out term by term; beyond it the unrolling is written step by step. */
const MAX_EXPANDED_TERMS = 24;
const MAX_EXPANDED_FACTORS = 360;

const ROLE_WORD: Record<TermRole, MessageId & `role.${string}`> = { W: 'role.recurrent', M: 'role.skip', U: 'role.input', b: 'role.bias' };

function hasRole(rec: Recurrence, role: TermRole): boolean {
  return rec.terms.some((t) => t.role === role);
}

/** The factors a term contributes to ∂z_t/∂(its variable): its number and its weight. */
function weightFactors(rec: Recurrence, role: TermRole, tr: boolean): Expr[] {
  const term = termOf(rec, role);
  if (!term) return [];
  const out: Expr[] = [];
  if (term.coef !== 1) out.push(E.num(term.coef));
  if (term.weight) out.push(E.P(role, tr));
  return out;
}

function dFactor(rec: Recurrence, t: number | string): Expr[] {
  return rec.activation.kind === 'identity' ? [] : [E.D(t)];
}

function resolveTarget(rec: Recurrence, target: BpttTarget, T: number): ResolvedTarget {
  if (target.kind === 'param') {
    const term = termOf(rec, target.role);
    if (!term) throw new BpttError(message('derive.no-term', { role: message(ROLE_WORD[target.role]), letter: target.role, terms: rec.terms.map((t) => t.weight ?? formatNumber(t.coef)).join(', ') }), 'target');
    if (!term.weight) throw new BpttError(message('derive.fixed-number', { role: message(ROLE_WORD[target.role]), value: formatNumber(term.coef) }), 'target');
    return { kind: 'param', role: target.role };
  }
  if (target.kind === 'state') {
    const k = target.k === 'k' ? 0 : target.k;
    if (!Number.isInteger(k) || k < 0 || k > T) throw new BpttError(message('derive.outside', { state: `h_${k}`, first: 'h_0', last: `h_${T}` }), 'target');
    return { kind: 'state', k, symbolic: target.k === 'k' };
  }
  const t = typeof target.t === 'number' ? target.t : T;
  const k = target.k === 'k' ? 0 : target.k;
  if (!Number.isInteger(t) || t < 0 || t > T) throw new BpttError(message('derive.outside', { state: `h_${t}`, first: 'h_0', last: `h_${T}` }), 'target');
  if (!Number.isInteger(k) || k < 0 || k > t) throw new BpttError(message('derive.jacobian-order', { jacobian: `∂h_${t}/∂h_${k}` }), 'target');
  return { kind: 'jacobian', t, k, symbolic: typeof target.t !== 'number' || target.k === 'k' };
}

// ---------------------------------------------------------------------------------------------
// The unrolled expressions

/** δ_t = ∂L/∂h_t for t = 0..T, as shared (ref) expressions. */
function deltas(rec: Recurrence, loss: LossKind, T: number): Expr[] {
  const out: Expr[] = new Array(T + 1);
  const skip = hasRole(rec, 'M');
  const rec1 = hasRole(rec, 'W');
  for (let t = T; t >= 0; t--) {
    const parts: Expr[] = [];
    if (t === T) parts.push(E.g(loss === 'final' ? null : T));
    else {
      if (loss === 'sum' && t >= 1) parts.push(E.g(t));
      if (rec1) parts.push(E.mul(...weightFactors(rec, 'W', true), ...dFactor(rec, t + 1), out[t + 1]));
      if (skip && t + 2 <= T) parts.push(E.mul(...weightFactors(rec, 'M', true), ...dFactor(rec, t + 2), out[t + 2]));
    }
    out[t] = E.ref(`\\delta_{${t}}`, E.add(...parts));
  }
  return out;
}

function paramGradient(rec: Recurrence, role: TermRole, loss: LossKind, T: number): { expr: Expr; deltas: Expr[] } {
  const d = deltas(rec, loss, T);
  const term = termOf(rec, role);
  if (!term) throw new BpttError(message('derive.no-role', { role }), 'internal');
  const parts: Expr[] = [];
  for (let t = 1; t <= T; t++) {
    const coef = term.coef !== 1 ? [E.num(term.coef)] : [];
    const v = role === 'W' ? [E.h(t - 1, true)] : role === 'M' ? (t >= 2 ? [E.h(t - 2, true)] : null) : role === 'U' ? [E.x(t, true)] : [];
    if (v === null) continue; // h_{-1} = 0: the first step's M-term contributes nothing.
    parts.push(E.mul(...coef, ...dFactor(rec, t), d[t], ...v));
  }
  return { expr: E.add(...parts), deltas: d };
}

/** ∂h_t/∂h_k (numerator layout) as refs P_i for i = k..t. */
function jacobians(rec: Recurrence, t: number, k: number): Expr[] {
  const out: Expr[] = [];
  const skip = hasRole(rec, 'M');
  for (let i = k; i <= t; i++) {
    let e: Expr;
    if (i === k) e = E.I;
    else {
      const parts: Expr[] = [];
      if (hasRole(rec, 'W')) parts.push(E.mul(...weightFactors(rec, 'W', false), out[i - 1 - k]));
      if (skip && i - 2 >= k) parts.push(E.mul(...weightFactors(rec, 'M', false), out[i - 2 - k]));
      e = E.mul(...dFactor(rec, i), E.add(...parts));
    }
    out.push(E.ref(`\\frac{\\partial ${rec.state}_{${i}}}{\\partial ${rec.state}_{${k}}}`, e));
  }
  return out;
}

function targetExpr(rec: Recurrence, target: ResolvedTarget, loss: LossKind, T: number): { expr: Expr; steps: Expr[] } {
  if (target.kind === 'state') {
    const d = deltas(rec, loss, T);
    return { expr: d[target.k], steps: d.slice(target.k).reverse() };
  }
  if (target.kind === 'param') {
    const { expr, deltas: d } = paramGradient(rec, target.role, loss, T);
    return { expr, steps: d.slice(target.role === 'M' ? 2 : 1).reverse() };
  }
  const js = jacobians(rec, target.t, target.k);
  return { expr: js[js.length - 1], steps: js.slice(1) };
}

// ---------------------------------------------------------------------------------------------
// Rows: formulas narrow enough for a Markdown preview beside the editor, sentences from the catalog

/** A formula row is broken before it runs past this width (em: about 320 px in a Markdown preview). */
const ROW_EM = 19;
/** What the indent of a continued row (`\qquad`) takes of it. */
const CONT_EM = 2;
/** At most this many terms of a sum on one row. */
const TERMS_PER_ROW = 3;

const mathRow = (latex: string): DerivationRow => ({ kind: 'math', latex });
const contRow = (latex: string): DerivationRow => ({ kind: 'math', latex, cont: true });
const proseRow = (text: Message): DerivationRow => ({ kind: 'prose', text });

/** A link of a chain: `= rhs` by default, or another relation (`\le`). */
type Link = string | [rel: string, rhs: string];

/** `lhs = a = b …`: the first link stays beside `lhs`; a link that would run past the row's width starts a continued row. */
function chain(lhs: string, links: Link[], end = ''): DerivationRow[] {
  const rows: DerivationRow[] = [];
  let cur = '';
  let continued = false;
  for (const l of links) {
    const piece = typeof l === 'string' ? `= ${l}` : `${l[0]} ${l[1]}`;
    if (!cur) {
      cur = `${lhs} ${piece}`;
      continue;
    }
    const next = `${cur} ${piece}`;
    if (approxWidthEm(next) > ROW_EM - (continued ? CONT_EM : 0)) {
      rows.push(continued ? contRow(cur) : mathRow(cur));
      cur = piece;
      continued = true;
    } else cur = next;
  }
  rows.push(continued ? contRow(cur + end) : mathRow((cur || lhs) + end));
  return rows;
}

/**
 * `lhs = t_1 + t_2 + …`: at most {@link TERMS_PER_ROW} terms a row, within the row's width; continued
 * rows start with their sign. A product too wide for a row by itself goes on over rows, each continued
 * row starting with `\cdot`.
 */
function sumRows(lhs: string, terms: Signed[], end = '', rel = '='): DerivationRow[] {
  const rows: DerivationRow[] = [];
  let line = '';
  let count = 0;
  const budget = () => ROW_EM - (rows.length ? CONT_EM : 0);
  const push = () => {
    rows.push(rows.length ? contRow(line) : mathRow(line));
    line = '';
    count = 0;
  };
  const withTerm = (t: Signed, body: string) => {
    if (!line && !rows.length) return `${lhs} ${rel} ${t.neg ? '-' : ''}${body}`;
    const signed = `${t.neg ? '-' : '+'} ${body}`;
    return line ? `${line} ${signed}` : signed;
  };
  for (const t of terms) {
    if (line && (count >= TERMS_PER_ROW || approxWidthEm(withTerm(t, t.body)) > budget())) push();
    const whole = withTerm(t, t.body);
    if (approxWidthEm(whole) <= budget() || !t.factors || t.factors.length < 2) {
      line = whole;
      count++;
      continue;
    }
    // one product wider than a row: its factors over several rows
    const prefix = withTerm(t, '');
    let cur = prefix;
    for (const f of t.factors) {
      const next = cur === prefix ? `${cur}${f}` : `${cur}${t.sep ?? ' '}${f}`;
      if (cur !== prefix && approxWidthEm(next) > budget()) {
        line = cur;
        push();
        cur = `\\cdot ${f}`;
      } else cur = next;
    }
    line = cur;
    count = TERMS_PER_ROW; // the next term starts a row of its own
  }
  line += end;
  push();
  return rows;
}

/** Short formulas side by side (`a,\quad b`) while they fit a row; a new row (not a continuation) when not. */
function packed(pieces: string[], end = ''): DerivationRow[] {
  const rows: DerivationRow[] = [];
  let cur = '';
  for (const p of pieces) {
    const next = cur ? `${cur},\\quad ${p}` : p;
    if (cur && approxWidthEm(next) > ROW_EM) {
      rows.push(mathRow(`${cur},`));
      cur = p;
    } else cur = next;
  }
  rows.push(mathRow(cur + end));
  return rows;
}

/** Signed terms from `preactTerms` (`W h_{t-1}`, `+ U x_{t}`, `- b`). */
function signedTexts(parts: string[]): Signed[] {
  return parts.map((p) => (p.startsWith('-') ? { neg: true, body: p.replace(/^-\s*/, '') } : { neg: false, body: p.replace(/^\+\s*/, '') }));
}

function n(ctx: RenderCtx, i: string | number): string {
  return `${ctx.rec.state}_{${i}}`;
}

function frac(a: string, b: string): string {
  return `\\frac{\\partial ${a}}{\\partial ${b}}`;
}

/** `(-1)^{t-k}`, `0.5^{t-k}` or nothing for a coefficient 1. */
function coefPow(c: number, exp: string): string {
  if (c === 1) return '';
  if (c === -1) return `(-1)^{${exp}}\\,`;
  return c < 0 ? `(${formatNumber(c)})^{${exp}}\\,` : `${formatNumber(c)}^{${exp}}\\,`;
}

function wLatex(rec: Recurrence, role: TermRole, tr: boolean, notation: Notation): string {
  const term = termOf(rec, role);
  if (!term?.weight) return '';
  return term.weight + (tr && notation === 'matrix' ? '^{\\top}' : '');
}

/** The activation's derivative, defined in the notation used. */
function derivativeRows(ctx: RenderCtx): DerivationRow[] {
  const { rec, notation } = ctx;
  const z = `${rec.preact}_t`;
  const h = `${rec.state}_t`;
  const a = rec.activation;
  if (notation === 'matrix') {
    switch (a.kind) {
      case 'sigma':
        return chain('D_t', [`\\operatorname{diag}\\big(\\sigma'(${z})\\big)`, `\\operatorname{diag}\\big(\\sigma(${z})\\odot(1-\\sigma(${z}))\\big)`, `\\operatorname{diag}\\big(${h}\\odot(\\mathbf{1}-${h})\\big)`]);
      case 'tanh':
        return chain('D_t', [`\\operatorname{diag}\\big(\\tanh'(${z})\\big)`, `\\operatorname{diag}\\big(\\mathbf{1}-\\tanh^2(${z})\\big)`, `\\operatorname{diag}\\big(\\mathbf{1}-${h}\\odot ${h}\\big)`]);
      case 'relu':
        return [
          ...chain('D_t', [`\\operatorname{diag}\\big(\\mathrm{ReLU}'(${z})\\big)`, `\\operatorname{diag}\\big(\\mathbf{1}[${z}>0]\\big)`]),
          proseRow(message('row.relu-entries', { one: '1', positive: `${z}>0`, zero: '0' })),
        ];
      case 'identity':
        return [proseRow(message('row.no-activation-matrix', { identity: 'D_t = I' }))];
      default:
        return [mathRow(`D_t = \\operatorname{diag}\\big(${a.latex}'(${z})\\big)`)];
    }
  }
  switch (a.kind) {
    case 'sigma':
      return chain(`\\sigma'(${z})`, [`\\sigma(${z})\\,\\big(1-\\sigma(${z})\\big)`, `${h}(1-${h})`]);
    case 'tanh':
      return chain(`\\tanh'(${z})`, [`1-\\tanh^2(${z})`, `1-${h}^2`]);
    case 'relu':
      return [mathRow(`\\mathrm{ReLU}'(${z}) = \\mathbf{1}[${z}>0]`), proseRow(message('row.relu-scalar', { one: '1', positive: `${z}>0`, zero: '0' }))];
    case 'identity':
      return [proseRow(message('row.no-activation-scalar', { one: '1' }))];
    default:
      return [proseRow(message('row.generic-derivative', { derivative: `${a.latex}'(${z})`, activation: a.latex }))];
  }
}

function oneStepRows(ctx: RenderCtx, loss: LossKind, T: number): DerivationRow[] {
  const { rec, notation } = ctx;
  const rows: DerivationRow[] = [];
  const skip = hasRole(rec, 'M');
  const steps = ['t = 1,\\dots,T', `T = ${T}`, ...(skip ? [`${n(ctx, '-1')} = 0`] : [])];
  if (rec.activation.kind === 'identity') {
    rows.push(...sumRows(n(ctx, 't'), signedTexts(preactTerms(rec)), ','));
  } else {
    rows.push(...sumRows(`${rec.preact}_t`, signedTexts(preactTerms(rec)), ','));
    steps.unshift(`${n(ctx, 't')} = ${rec.activation.latex}(${rec.preact}_t)`);
  }
  rows.push(...packed(steps));
  const tr = notation === 'matrix' ? '^{\\top}' : '';
  rows.push(mathRow(loss === 'final' ? `L = g${tr}\\,${n(ctx, 'T')}` : `L = \\sum_{t=1}^{T} g_t${tr}\\,${n(ctx, 't')}`));
  if (notation === 'matrix') {
    rows.push(proseRow(message('row.layout', { jacobian: frac(n(ctx, 't'), n(ctx, 't-1')), i: 'i', state: n(ctx, 't'), gradient: frac('L', '(\\cdot)') })));
  }
  const render = (e: Expr) => renderExpr(ctx, e);
  const jac = (role: TermRole, back: number) => `${frac(n(ctx, 't'), n(ctx, `t-${back}`))} = ${render(E.mul(...dFactor(rec, 't'), ...weightFactors(rec, role, false))) || 'I'}`;
  const parts: string[] = [];
  if (hasRole(rec, 'W')) parts.push(jac('W', 1));
  if (skip) parts.push(jac('M', 2));
  rows.push(...packed(parts));
  rows.push(...derivativeRows(ctx));
  return rows;
}

/** δ_t recursion in the general (symbolic) form. */
function deltaRows(ctx: RenderCtx, loss: LossKind): DerivationRow[] {
  const { rec } = ctx;
  const parts: Expr[] = [];
  if (loss === 'sum') parts.push(E.g('t'));
  if (hasRole(rec, 'W')) parts.push(E.mul(...weightFactors(rec, 'W', true), ...dFactor(rec, 't+1'), E.ref('\\delta_{t+1}', E.zero)));
  if (hasRole(rec, 'M')) parts.push(E.mul(...weightFactors(rec, 'M', true), ...dFactor(rec, 't+2'), E.ref('\\delta_{t+2}', E.zero)));
  const last = loss === 'final' ? 'g' : 'g_T';
  const beyond = hasRole(rec, 'M') ? ['\\delta_{T+1} = 0'] : [];
  return [...packed([`\\delta_t := ${frac('L', n(ctx, 't'))}`, `\\delta_T = ${last}`, ...beyond], ','), ...sumRows('\\delta_t', termsOf(ctx, E.add(...parts)))];
}

function generalRows(ctx: RenderCtx, target: ResolvedTarget, loss: LossKind): DerivationRow[] {
  const { rec, notation } = ctx;
  const rows: DerivationRow[] = [];
  const skip = hasRole(rec, 'M');
  const W = termOf(rec, 'W');
  const c = W?.coef ?? 1;
  const wn = wLatex(rec, 'W', false, notation);
  const wt = wLatex(rec, 'W', true, notation);
  const D = (i: string) => (rec.activation.kind === 'identity' ? '' : derivativeAtom(ctx, i));
  const matrix = notation === 'matrix';
  const isId = rec.activation.kind === 'identity';
  const prodScalar = (from: string, to: string, exp: string) => {
    const pw = wn ? (exp === '1' ? wn : `${wn}^{${exp}}`) : '';
    const pd = isId ? '' : `\\prod_{i=${from}}^{${to}} ${derivativeAtom(ctx, 'i')}`;
    const body = [coefPow(c, exp).replace(/\\,$/, ''), pw, pd].filter(Boolean).join('\\,');
    return body || '1';
  };
  // The ordered Jacobian product from h_k to h_t, latest step on the left.
  const jacProduct = (t: string, k: string) => {
    if (!matrix) return prodScalar(`${k}+1`, t, `${t}-${k}`);
    if (isId) return `${coefPow(c, `${t}-${k}`)}${wn ? `${wn}^{${t}-${k}}` : 'I'}`;
    return `${coefPow(c, `${t}-${k}`)}${D(t)} ${wn}\\, ${D(`${t}-1`)} ${wn} \\cdots ${D(`${k}+1`)} ${wn}`;
  };
  const jacProductT = (t: string, k: string) => {
    if (!matrix) return prodScalar(`${k}+1`, t, `${t}-${k}`);
    if (isId) return `${coefPow(c, `${t}-${k}`)}${wt ? `(${wt})^{${t}-${k}}` : 'I'}`;
    return `${coefPow(c, `${t}-${k}`)}${wt} ${D(`${k}+1`)}\\, ${wt} ${D(`${k}+2`)} \\cdots ${wt} ${D(t)}`;
  };
  const tr = matrix ? '^{\\top}' : '';
  if (target.kind === 'jacobian') {
    if (!skip) {
      rows.push(...chain(frac(n(ctx, 't'), n(ctx, 'k')), [`\\prod_{i=k+1}^{t} ${frac(n(ctx, 'i'), n(ctx, 'i-1'))}`, jacProduct('t', 'k')]));
      if (matrix) rows.push(proseRow(message('row.latest-left')));
    } else {
      const rhs = renderExpr(ctx, E.mul(...dFactor(rec, 't'), E.add(E.mul(...weightFactors(rec, 'W', false), E.ref(frac(n(ctx, 't-1'), n(ctx, 'k')), E.zero)), E.mul(...weightFactors(rec, 'M', false), E.ref(frac(n(ctx, 't-2'), n(ctx, 'k')), E.zero)))));
      rows.push(...chain(frac(n(ctx, 't'), n(ctx, 'k')), [rhs], ','));
      rows.push(...packed([`${frac(n(ctx, 'k'), n(ctx, 'k'))} = ${matrix ? 'I' : '1'}`, `${frac(n(ctx, 'k-1'), n(ctx, 'k'))} = 0`]));
      rows.push(
        proseRow(
          message('row.two-predecessors', {
            from: n(ctx, 'k'),
            to: n(ctx, 't'),
            one: wn || formatNumber(c),
            two: wLatex(rec, 'M', false, notation) || formatNumber(termOf(rec, 'M')?.coef ?? 1),
          }),
        ),
      );
    }
    return rows;
  }
  if (target.kind === 'state') {
    if (loss === 'final') {
      const links = [`\\Big(${frac(n(ctx, 'T'), n(ctx, 'k'))}\\Big)${tr} g`, ...(skip ? [] : [`${jacProductT('T', 'k')}\\, g`])];
      rows.push(...chain(frac('L', n(ctx, 'k')), links));
    } else {
      const links = [`\\sum_{t=\\max(k,1)}^{T} \\Big(${frac(n(ctx, 't'), n(ctx, 'k'))}\\Big)${tr} g_t`, ...(skip ? [] : [`\\sum_{t=\\max(k,1)}^{T} ${jacProductT('t', 'k')}\\, g_t`])];
      rows.push(...chain(frac('L', n(ctx, 'k')), links));
    }
    rows.push(...deltaRows(ctx, loss));
    return rows;
  }
  // A weight: the sum over time of each step's local gradient, with δ_t carrying all later steps.
  const term = termOf(rec, target.role);
  const coef = term && term.coef !== 1 ? formatNumber(term.coef) : '';
  const local = (v: string) => {
    const factors = [coef, D('t'), '\\delta_t', v].filter(Boolean);
    return factors.join(matrix ? ' ' : '\\,');
  };
  const v = target.role === 'W' ? `${n(ctx, 't-1')}${tr}` : target.role === 'M' ? `${n(ctx, 't-2')}${tr}` : target.role === 'U' ? `${rec.input}_t${tr}` : '';
  const from = target.role === 'M' ? 2 : 1;
  const name = term?.weight ?? target.role;
  rows.push(
    ...chain(frac('L', name), [
      `\\sum_{t=${from}}^{T} ${frac('L', `${rec.preact}_t`)}${v ? (matrix ? `\\, ${v}` : `\\,${frac(`${rec.preact}_t`, name)}`) : ''}`,
      `\\sum_{t=${from}}^{T} ${local(v).replace(/^-/, '-\\,') || '1'}`,
    ]),
  );
  rows.push(mathRow(`${frac('L', `${rec.preact}_t`)} = ${[D('t'), '\\delta_t'].filter(Boolean).join(matrix ? ' ' : '\\,')}`));
  rows.push(...deltaRows(ctx, loss));
  return rows;
}

function unrolledRows(ctx: RenderCtx, target: ResolvedTarget, expr: Expr, steps: Expr[], T: number): { rows: DerivationRow[]; style: 'expanded' | 'stepwise'; evaluated: Expr } {
  const { rec } = ctx;
  const lhs =
    target.kind === 'state'
      ? frac('L', n(ctx, target.k))
      : target.kind === 'param'
        ? frac('L', termOf(rec, target.role)?.weight ?? target.role)
        : frac(n(ctx, target.t), n(ctx, target.k));
  const head = proseRow(
    target.kind !== 'param' && target.symbolic
      ? message('row.unrolled-at', { steps: `T = ${T}`, at: target.kind === 'state' ? 'k = 0' : `t = ${target.t},\\ k = ${target.k}` })
      : message('row.unrolled', { steps: `T = ${T}` }),
  );
  const size = expansionSize(expr);
  const ms: Monomial[] | undefined = size.terms <= MAX_EXPANDED_TERMS && size.factors <= MAX_EXPANDED_FACTORS ? expand(expr) : undefined;
  if (ms) return { rows: [head, ...sumRows(lhs, monomialTerms(ctx, ms))], style: 'expanded', evaluated: fromMonomials(ms) };
  // Too many paths to write out: the same expansion, step by step, each named part defined once.
  const rows = [head, proseRow(message('row.stepwise'))];
  for (const s of steps) {
    if (s.k !== 'ref') continue;
    rows.push(...sumRows(s.name, termsOf(ctx, s.e)));
  }
  if (expr.k === 'add') rows.push(...sumRows(lhs, termsOf(ctx, expr)));
  else rows.push(mathRow(`${lhs} = ${expr.k === 'ref' ? expr.name : renderExpr(ctx, expr)}`));
  return { rows, style: 'stepwise', evaluated: expr };
}

// ---------------------------------------------------------------------------------------------
// The bound

function gammaOf(rec: Recurrence): { value: string; numeric?: number } {
  switch (rec.activation.kind) {
    case 'sigma':
      return { value: '\\tfrac{1}{4}', numeric: 0.25 };
    case 'tanh':
    case 'relu':
    case 'identity':
      return { value: '1', numeric: 1 };
    default:
      return { value: '\\gamma' };
  }
}

/** γ, the largest slope of the activation, and where it comes from. */
function gammaRows(rec: Recurrence): DerivationRow[] {
  switch (rec.activation.kind) {
    case 'sigma':
      return [...chain('\\gamma', [`\\sup_z|\\sigma'(z)|`, `\\sup_z \\sigma(z)(1-\\sigma(z))`, '\\tfrac{1}{4}']), proseRow(message('row.gamma-at-zero', { z: 'z=0' }))];
    case 'tanh':
      return chain('\\gamma', [`\\sup_z|\\tanh'(z)|`, '\\sup_z (1-\\tanh^2 z)', '1']);
    case 'relu':
      return chain('\\gamma', [`\\sup_z|\\mathrm{ReLU}'(z)|`, '1']);
    case 'identity':
      return [proseRow(message('row.gamma-identity', { gamma: '\\gamma = 1' }))];
    default:
      return [mathRow(`\\gamma = \\sup_z|${rec.activation.latex}'(z)|`)];
  }
}

/** `\|W\|`, `0.5\,\|W\|` or `1` (a fixed coefficient -1). */
function normOf(rec: Recurrence, role: TermRole, notation: Notation): string {
  const term = termOf(rec, role);
  if (!term) return '0';
  const mag = Math.abs(term.coef);
  const bars = notation === 'matrix' ? ['\\|', '\\|'] : ['|', '|'];
  if (!term.weight) return formatNumber(mag);
  const w = `${bars[0]}${term.weight}${bars[1]}`;
  return mag === 1 ? w : `${formatNumber(mag)}\\,${w}`;
}

function boundRows(ctx: RenderCtx, loss: LossKind): DerivationRow[] {
  const { rec, notation } = ctx;
  const rows: DerivationRow[] = [];
  const g = gammaOf(rec);
  const nW = normOf(rec, 'W', notation);
  const a = g.value === '1' ? nW : `${g.value}\\,${nW}`;
  const aP = g.value === '1' && !/\\,/.test(nW) ? nW : `\\big(${a}\\big)`;
  const bar = notation === 'matrix' ? '\\Big\\|' : '\\Big|';
  const J = `${bar}${frac(n(ctx, 't'), n(ctx, 'k'))}${bar}`;
  const isId = rec.activation.kind === 'identity';
  const W = termOf(rec, 'W');
  const fixed = !!W && !W.weight; // a plain number such as -1 in h_t = x_t - h_{t-1}
  const normNote = notation === 'matrix' ? [proseRow(message('row.spectral-norm', { norm: '\\|\\cdot\\|' }))] : [];
  // Threshold on the weight itself, e.g. ‖W‖ < 4 for σ.
  const threshold = (op: string) => {
    if (!W?.weight || g.numeric === undefined) return '';
    const lim = 1 / (g.numeric * Math.abs(W.coef));
    const w = notation === 'matrix' ? `\\|${W.weight}\\|` : `|${W.weight}|`;
    return `\\;(${w} ${op} ${formatNumber(lim)})`;
  };
  const gn = notation === 'matrix' ? '\\|g\\|' : '|g|';
  const gtn = notation === 'matrix' ? '\\|g_t\\|' : '|g_t|';
  const L0 = `${bar}${frac('L', n(ctx, '0'))}${bar}`;
  rows.push(proseRow(message('row.bound-head', { distance: 't-k' })));
  if (!hasRole(rec, 'M')) {
    if (isId && fixed) {
      const mag = Math.abs(W.coef);
      const abs = `|${formatNumber(W.coef)}|`;
      rows.push(mathRow(`${J} = ${abs}^{t-k}${mag === 1 ? ' = 1' : ''}`));
      rows.push(proseRow(message('row.exact-linear', { gamma: '\\gamma = 1' })));
      rows.push(
        proseRow(
          mag === 1
            ? message(W.coef < 0 ? 'row.keeps-size-alternates' : 'row.keeps-size', { condition: `${abs} = 1` })
            : mag < 1
              ? message('row.vanishes-geometrically', { condition: `${abs} < 1`, distance: 't-k' })
              : message('row.explodes-geometrically', { condition: `${abs} > 1`, distance: 't-k' }),
        ),
      );
      return rows;
    }
    const dNorm = isId ? '' : notation === 'matrix' ? '\\|D_i\\|\\,' : `|${derivativeAtom(ctx, 'i')}|\\,`;
    rows.push(...chain(J, [['\\le', `\\prod_{i=k+1}^{t} ${dNorm}${nW}`], ['\\le', `${aP}^{t-k}`]], ','));
    rows.push(...gammaRows(rec), ...normNote);
    rows.push(...chain(L0, [['\\le', loss === 'final' ? `${gn}\\,${aP}^{T}` : `\\sum_{t=1}^{T} ${gtn}\\,${aP}^{t}`]]));
    const gW = `\\gamma${nW.startsWith('\\|') || nW.startsWith('|') ? nW : `\\,${nW}`}`;
    rows.push(proseRow(message('row.vanishing-when', { condition: `${gW} < 1${threshold('<')}`, distance: 't-k' })));
    rows.push(proseRow(message('row.exploding-when', { condition: `${gW} > 1${threshold('>')}` })));
    return rows;
  }
  const nM = normOf(rec, 'M', notation);
  const gv = g.value === '1' ? '' : `${g.value}\\,`;
  const dNorm = isId ? '' : notation === 'matrix' ? '\\|D_t\\|' : `|${derivativeAtom(ctx, 't')}|`;
  // ‖D_t‖ distributed over both paths, so the bound breaks between them on a narrow row
  const path = (norm: string, back: string): Signed => ({ neg: false, body: [dNorm, norm, `${bar}${frac(n(ctx, back), n(ctx, 'k'))}${bar}`].filter(Boolean).join('\\,') });
  rows.push(...sumRows(J, [path(nW, 't-1'), path(nM, 't-2')], ',', '\\le'));
  rows.push(...gammaRows(rec), ...normNote);
  rows.push(proseRow(message('row.skip-bound', { bound: `${J} \\le B_{t-k}` })));
  rows.push(
    ...packed(
      [
        'B_j = \\alpha\\,B_{j-1} + \\mu\\,B_{j-2}',
        'B_0 = 1',
        'B_{-1} = 0',
        `\\alpha = ${gv}${nW}`,
        `\\mu = ${gv}${nM}`,
        'B_j \\le \\rho^j',
        '\\rho = \\tfrac{1}{2}\\big(\\alpha + \\sqrt{\\alpha^2 + 4\\mu}\\big)',
      ],
      ',',
    ),
  );
  rows.push(...chain(L0, [['\\le', loss === 'final' ? `${gn}\\,\\rho^{T}` : `\\sum_{t=1}^{T} ${gtn}\\,\\rho^{t}`]]));
  rows.push(proseRow(message('row.skip-vanishing', { sum: '\\alpha + \\mu < 1', rho: '\\rho < 1', rhoAbove: '\\rho > 1', sumAbove: '\\alpha + \\mu > 1' })));
  rows.push(proseRow(message('row.skip-paths', { later: n(ctx, 't'), earlier: n(ctx, 'k'), half: '(t-k)/2', fast: '\\mu^{(t-k)/2}', slow: '\\alpha^{t-k}', rho: '\\rho' })));
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Linear recurrences: h_T in closed form

/**
 * The right side of a linear recurrence's closed form (no activation, no skip term), unrolled from its
 * state at 0: `\sum_{i=1}^{T} (-1)^{T-i}\,n_{i} + (-1)^{T}\,h_{0}` for h_t = n_t - h_{t-1}, with
 * `bound` and `index` for T and i. Undefined for any other recurrence.
 */
export function closedFormLatex(rec: Recurrence, bound = 'T', index = 'i'): string | undefined {
  if (rec.activation.kind !== 'identity' || hasRole(rec, 'M')) return undefined;
  const W = termOf(rec, 'W');
  if (!W) return undefined;
  const others = rec.terms.filter((t) => t.role !== 'W');
  const wpow = (exp: string) => {
    const cp = coefPow(W.coef, exp);
    return W.weight ? `${cp}${W.weight}^{${exp}}` : cp;
  };
  const input = preactLatex({ ...rec, terms: others }, index);
  const wp = wpow(`${bound}-${index}`);
  const wsep = wp && !wp.endsWith('\\,') ? '\\,' : '';
  const sumBody = others.length ? `${wp}${wsep}${others.length > 1 || /^-/.test(input) || (!!wp && /[+-]/.test(input.slice(1))) ? `\\big(${input}\\big)` : input}` : '';
  return `${sumBody ? `\\sum_{${index}=1}^{${bound}} ${sumBody} + ` : ''}${wpow(bound)}${W.weight ? '\\,' : ''}${rec.state}_{0}`;
}

function closedForm(ctx: RenderCtx, T: number): { rows: DerivationRow[]; expr: Expr } | undefined {
  const { rec } = ctx;
  const right = closedFormLatex(rec);
  if (right === undefined) return undefined;
  const others = rec.terms.filter((t) => t.role !== 'W');
  const general = mathRow(`${n(ctx, 'T')} = ${right}`);
  // For T steps: the same sum, term by term, as data.
  const ms: Expr[] = [];
  const wf = weightFactors(rec, 'W', false);
  const rep = (m: number) => Array.from({ length: m }, () => wf).flat();
  for (let i = 1; i <= T; i++) {
    for (const t of others) {
      const c = t.coef !== 1 ? [E.num(t.coef)] : [];
      if (t.role === 'U') ms.push(E.mul(...rep(T - i), ...c, ...(t.weight ? [E.P('U')] : []), E.x(i)));
      else if (t.role === 'b') ms.push(E.mul(...rep(T - i), ...c, t.weight ? E.P('b') : E.one));
    }
  }
  ms.push(E.mul(...rep(T), E.h(0)));
  const expr = E.add(...ms);
  const mons = expand(expr);
  return { rows: [proseRow(message('row.closed-form', { start: n(ctx, '0') })), general, ...sumRows(n(ctx, T), monomialTerms(ctx, mons))], expr };
}

// ---------------------------------------------------------------------------------------------

/**
 * Derives BPTT for `rec`. Throws {@link BpttError} when the target does not exist in the recurrence
 * or the number of steps is out of range.
 */
export function deriveBptt(rec: Recurrence, options: DeriveOptions): BpttDerivation {
  const T = options.steps;
  if (!Number.isInteger(T) || T < 1 || T > MAX_STEPS) throw new BpttError(message('derive.steps', { max: MAX_STEPS, steps: T }));
  const target = resolveTarget(rec, options.target, T);
  const ctx: RenderCtx = { rec, notation: options.notation };
  const setup = oneStepRows(ctx, options.loss, T);
  const general = generalRows(ctx, target, options.loss);
  const { expr, steps } = targetExpr(rec, target, options.loss, T);
  const unrolled = unrolledRows(ctx, target, expr, steps, T);
  const bound = boundRows(ctx, options.loss);
  const closed = closedForm(ctx, T);
  const rows = [...setup, ...general, ...unrolled.rows, ...(closed ? closed.rows : []), ...bound];
  const resultKind: 'vector' | 'matrix' = target.kind === 'state' || (target.kind === 'param' && target.role === 'b') ? 'vector' : 'matrix';
  return {
    latex: alignedLatex(rows),
    oneStep: alignedLatex(setup),
    general: alignedLatex(general),
    unrolled: alignedLatex(unrolled.rows),
    bound: alignedLatex(bound),
    ...(closed ? { closedForm: alignedLatex(closed.rows), closedFormExpr: closed.expr } : {}),
    rows,
    expr: unrolled.evaluated,
    unrolledStyle: unrolled.style,
    target,
    resultKind,
    loss: options.loss,
    notation: options.notation,
    steps: T,
  };
}

/** Which notation suits a recurrence when none is chosen: scalar when no weight is a capital letter. */
export function defaultNotation(rec: Recurrence): Notation {
  const capital = rec.terms.some((t) => t.weight && /^(\\[a-z]+\{)?[A-Z]/.test(t.weight));
  const bold = /\\(mathbf|boldsymbol|bm|vec)/.test(rec.state);
  return capital || bold ? 'matrix' : 'scalar';
}
