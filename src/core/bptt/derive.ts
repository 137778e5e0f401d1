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
import { E, Expr, expansionSize, expand, fromMonomials, Monomial, RenderCtx, renderExpr, renderMonomialRows, derivativeAtom } from './expr';
import { formatNumber, preactLatex } from './latex';
import { BpttError, BpttTarget, LossKind, Notation, Recurrence, TermRole, termOf } from './types';
import { message, type MessageId } from '../messages';

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
// LaTeX pieces

const TEXT = (s: string) => `\\text{${s}}`;

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
function derivativeDefinition(ctx: RenderCtx): string {
  const { rec, notation } = ctx;
  const z = `${rec.preact}_t`;
  const h = `${rec.state}_t`;
  const a = rec.activation;
  if (notation === 'matrix') {
    switch (a.kind) {
      case 'sigma':
        return `D_t = \\operatorname{diag}\\big(\\sigma'(${z})\\big) = \\operatorname{diag}\\big(\\sigma(${z})\\odot(1-\\sigma(${z}))\\big) = \\operatorname{diag}\\big(${h}\\odot(\\mathbf{1}-${h})\\big)`;
      case 'tanh':
        return `D_t = \\operatorname{diag}\\big(\\tanh'(${z})\\big) = \\operatorname{diag}\\big(\\mathbf{1}-\\tanh^2(${z})\\big) = \\operatorname{diag}\\big(\\mathbf{1}-${h}\\odot ${h}\\big)`;
      case 'relu':
        return `D_t = \\operatorname{diag}\\big(\\mathrm{ReLU}'(${z})\\big) = \\operatorname{diag}\\big(\\mathbf{1}[${z}>0]\\big)\\ ${TEXT('(entries 1 where ')}${z}>0${TEXT(', else 0)')}`;
      case 'identity':
        return `${TEXT('no activation: ')}D_t = I${TEXT(', so it is left out')}`;
      default:
        return `D_t = \\operatorname{diag}\\big(${a.latex}'(${z})\\big)`;
    }
  }
  switch (a.kind) {
    case 'sigma':
      return `\\sigma'(${z}) = \\sigma(${z})\\,\\big(1-\\sigma(${z})\\big) = ${h}(1-${h})`;
    case 'tanh':
      return `\\tanh'(${z}) = 1-\\tanh^2(${z}) = 1-${h}^2`;
    case 'relu':
      return `\\mathrm{ReLU}'(${z}) = \\mathbf{1}[${z}>0]${TEXT(' (1 if ')}${z}>0${TEXT(', else 0)')}`;
    case 'identity':
      return `${TEXT('no activation: the derivative is 1')}`;
    default:
      return `${a.latex}'(${z})${TEXT(' is the derivative of ')}${a.latex}`;
  }
}

function oneStepRows(ctx: RenderCtx, loss: LossKind, T: number): string[] {
  const { rec, notation } = ctx;
  const rows: string[] = [];
  const skip = hasRole(rec, 'M');
  const def = rec.activation.kind === 'identity' ? `${n(ctx, 't')} = ${preactLatex(rec)}` : `${rec.preact}_t = ${preactLatex(rec)},\\quad ${n(ctx, 't')} = ${rec.activation.latex}(${rec.preact}_t)`;
  rows.push(`&${def},\\quad t = 1,\\dots,T${skip ? `,\\quad ${n(ctx, '-1')} = 0` : ''}\\quad (T = ${T})`);
  const tr = notation === 'matrix' ? '^{\\top}' : '';
  rows.push(loss === 'final' ? `&L = g${tr}\\,${n(ctx, 'T')}` : `&L = \\sum_{t=1}^{T} g_t${tr}\\,${n(ctx, 't')}`);
  if (notation === 'matrix') {
    rows.push(
      `&${TEXT('Layout: Jacobians ')}${frac(n(ctx, 't'), n(ctx, 't-1'))}${TEXT(' in numerator layout (row ')}i${TEXT(' = component ')}i${TEXT(' of ')}${n(ctx, 't')}${TEXT(');')}`,
      `&${TEXT('gradients ')}${frac('L', '(\\cdot)')}${TEXT(' in denominator layout (same shape as the variable), hence the transposes.')}`,
    );
  }
  const render = (e: Expr) => renderExpr(ctx, e);
  const jac = (role: TermRole, back: number) => `${frac(n(ctx, 't'), n(ctx, `t-${back}`))} = ${render(E.mul(...dFactor(rec, 't'), ...weightFactors(rec, role, false))) || 'I'}`;
  const parts: string[] = [];
  if (hasRole(rec, 'W')) parts.push(jac('W', 1));
  if (skip) parts.push(jac('M', 2));
  rows.push(`&${parts.join(',\\qquad ')}`);
  rows.push(`&${derivativeDefinition(ctx)}`);
  return rows;
}

/** δ_t recursion in the general (symbolic) form. */
function deltaRecursion(ctx: RenderCtx, loss: LossKind): string {
  const { rec } = ctx;
  const parts: Expr[] = [];
  if (loss === 'sum') parts.push(E.g('t'));
  if (hasRole(rec, 'W')) parts.push(E.mul(...weightFactors(rec, 'W', true), ...dFactor(rec, 't+1'), E.ref('\\delta_{t+1}', E.zero)));
  if (hasRole(rec, 'M')) parts.push(E.mul(...weightFactors(rec, 'M', true), ...dFactor(rec, 't+2'), E.ref('\\delta_{t+2}', E.zero)));
  const last = loss === 'final' ? 'g' : 'g_T';
  const beyond = hasRole(rec, 'M') ? '\\delta_{T+1} = 0' : '';
  return `\\delta_t := ${frac('L', n(ctx, 't'))}:\\quad \\delta_T = ${last},\\quad \\delta_t = ${renderExpr(ctx, E.add(...parts))}${beyond ? `\\quad (${beyond})` : ''}`;
}

function generalRows(ctx: RenderCtx, target: ResolvedTarget, loss: LossKind): string[] {
  const { rec, notation } = ctx;
  const rows: string[] = [];
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
      rows.push(`&${frac(n(ctx, 't'), n(ctx, 'k'))} = \\prod_{i=k+1}^{t} ${frac(n(ctx, 'i'), n(ctx, 'i-1'))} = ${jacProduct('t', 'k')}${matrix ? `\\quad${TEXT(' (the latest step on the left)')}` : ''}`);
    } else {
      const rhs = renderExpr(ctx, E.mul(...dFactor(rec, 't'), E.add(E.mul(...weightFactors(rec, 'W', false), E.ref(frac(n(ctx, 't-1'), n(ctx, 'k')), E.zero)), E.mul(...weightFactors(rec, 'M', false), E.ref(frac(n(ctx, 't-2'), n(ctx, 'k')), E.zero)))));
      rows.push(`&${frac(n(ctx, 't'), n(ctx, 'k'))} = ${rhs},\\quad ${frac(n(ctx, 'k'), n(ctx, 'k'))} = ${matrix ? 'I' : '1'},\\quad ${frac(n(ctx, 'k-1'), n(ctx, 'k'))} = 0`);
      rows.push(`&${TEXT('Two predecessors: the Jacobian is a sum over all paths from ')}${n(ctx, 'k')}${TEXT(' to ')}${n(ctx, 't')}${TEXT(' made of one-step links (')}${wn || formatNumber(c)}${TEXT(') and two-step links (')}${wLatex(rec, 'M', false, notation) || formatNumber(termOf(rec, 'M')?.coef ?? 1)}${TEXT(').')}`);
    }
    return rows;
  }
  if (target.kind === 'state') {
    if (loss === 'final') {
      if (!skip) rows.push(`&${frac('L', n(ctx, 'k'))} = \\Big(${frac(n(ctx, 'T'), n(ctx, 'k'))}\\Big)${tr} g = ${jacProductT('T', 'k')}\\, g`);
      else rows.push(`&${frac('L', n(ctx, 'k'))} = \\Big(${frac(n(ctx, 'T'), n(ctx, 'k'))}\\Big)${tr} g`);
    } else {
      rows.push(`&${frac('L', n(ctx, 'k'))} = \\sum_{t=\\max(k,1)}^{T} \\Big(${frac(n(ctx, 't'), n(ctx, 'k'))}\\Big)${tr} g_t${skip ? '' : ` = \\sum_{t=\\max(k,1)}^{T} ${jacProductT('t', 'k')}\\, g_t`}`);
    }
    rows.push(`&${deltaRecursion(ctx, loss)}`);
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
    `&${frac('L', name)} = \\sum_{t=${from}}^{T} ${frac('L', `${rec.preact}_t`)}${v ? (matrix ? `\\, ${v}` : `\\,${frac(`${rec.preact}_t`, name)}`) : ''} = \\sum_{t=${from}}^{T} ${local(v).replace(/^-/, '-\\,') || '1'}${target.role === 'M' ? `\\quad (${n(ctx, '-1')} = 0)` : ''}`,
  );
  rows.push(`&${frac('L', `${rec.preact}_t`)} = ${[D('t'), '\\delta_t'].filter(Boolean).join(matrix ? ' ' : '\\,')},\\qquad ${deltaRecursion(ctx, loss)}`);
  return rows;
}

function unrolledRows(ctx: RenderCtx, target: ResolvedTarget, expr: Expr, steps: Expr[], T: number): { rows: string[]; style: 'expanded' | 'stepwise'; evaluated: Expr } {
  const { rec } = ctx;
  const lhs =
    target.kind === 'state'
      ? frac('L', n(ctx, target.k))
      : target.kind === 'param'
        ? frac('L', termOf(rec, target.role)?.weight ?? target.role)
        : frac(n(ctx, target.t), n(ctx, target.k));
  const head = `&${TEXT(`Unrolled for T = ${T}`)}${target.kind !== 'param' && target.symbolic ? TEXT(target.kind === 'state' ? ', k = 0' : `, t = ${target.t}, k = ${target.k}`) : ''}:`;
  const size = expansionSize(expr);
  const ms: Monomial[] | undefined = size.terms <= MAX_EXPANDED_TERMS && size.factors <= MAX_EXPANDED_FACTORS ? expand(expr) : undefined;
  if (ms) {
    const perRow = Math.max(1, Math.min(4, Math.floor(12 / Math.max(1, Math.max(...ms.map((m) => m.length)) / 2))));
    const rows = renderMonomialRows(ctx, ms, perRow);
    return { rows: [head, `&${lhs} = ${rows[0]}`, ...rows.slice(1).map((r) => `&\\qquad ${r}`)], style: 'expanded', evaluated: fromMonomials(ms) };
  }
  // Too many paths to write out: the same expansion, step by step, each named part defined once.
  const rows = [head];
  for (const s of steps) {
    if (s.k !== 'ref') continue;
    rows.push(`&${s.name} = ${renderExpr(ctx, s.e)}`);
  }
  if (expr.k === 'add') {
    // A long sum over time: a few terms per row.
    const parts = renderMonomialRows(ctx, expr.s.map((s) => (s.k === 'mul' ? s.f : [s])), 6);
    rows.push(`&${lhs} = ${parts[0]}`, ...parts.slice(1).map((r) => `&\\qquad ${r}`));
  } else rows.push(`&${lhs} = ${expr.k === 'ref' ? expr.name : renderExpr(ctx, expr)}`);
  return { rows, style: 'stepwise', evaluated: expr };
}

// ---------------------------------------------------------------------------------------------
// The bound

function gammaOf(rec: Recurrence): { value: string; sup: string; numeric?: number } {
  switch (rec.activation.kind) {
    case 'sigma':
      return { value: '\\tfrac{1}{4}', sup: `\\sup_z|\\sigma'(z)| = \\sup_z \\sigma(z)(1-\\sigma(z)) = \\tfrac{1}{4}${TEXT(' (at ')}z=0${TEXT(')')}`, numeric: 0.25 };
    case 'tanh':
      return { value: '1', sup: `\\sup_z|\\tanh'(z)| = \\sup_z (1-\\tanh^2 z) = 1`, numeric: 1 };
    case 'relu':
      return { value: '1', sup: `\\sup_z|\\mathrm{ReLU}'(z)| = 1`, numeric: 1 };
    case 'identity':
      return { value: '1', sup: `1${TEXT(' (no activation)')}`, numeric: 1 };
    default:
      return { value: '\\gamma', sup: `\\sup_z|${rec.activation.latex}'(z)|` };
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

function boundRows(ctx: RenderCtx, loss: LossKind): string[] {
  const { rec, notation } = ctx;
  const rows: string[] = [];
  const g = gammaOf(rec);
  const nW = normOf(rec, 'W', notation);
  const a = g.value === '1' ? nW : `${g.value}\\,${nW}`;
  const aP = g.value === '1' && !/\\,/.test(nW) ? nW : `\\big(${a}\\big)`;
  const bar = notation === 'matrix' ? '\\Big\\|' : '\\Big|';
  const J = `${bar}${frac(n(ctx, 't'), n(ctx, 'k'))}${bar}`;
  const isId = rec.activation.kind === 'identity';
  const W = termOf(rec, 'W');
  const fixed = !!W && !W.weight; // a plain number such as -1 in h_t = x_t - h_{t-1}
  const normNote = notation === 'matrix' ? `${TEXT(' (')}\\|\\cdot\\|${TEXT(': spectral norm, the largest singular value)')}` : '';
  // Threshold on the weight itself, e.g. ‖W‖ < 4 for σ.
  const threshold = (op: string) => {
    if (!W?.weight || g.numeric === undefined) return '';
    const lim = 1 / (g.numeric * Math.abs(W.coef));
    const w = notation === 'matrix' ? `\\|${W.weight}\\|` : `|${W.weight}|`;
    return `\\;(${w} ${op} ${formatNumber(lim)})`;
  };
  if (!hasRole(rec, 'M')) {
    if (isId && fixed) {
      const mag = Math.abs(W.coef);
      const a = `|${formatNumber(W.coef)}|`;
      rows.push(`&${J} = ${a}^{t-k}${mag === 1 ? ' = 1' : ''}\\qquad${TEXT('(linear, no activation, so ')}\\gamma = 1${TEXT(': exact, not just a bound)')}`);
      rows.push(
        mag === 1
          ? `&${a} = 1${TEXT(': the gradient neither vanishes nor explodes; it keeps its size')}${W.coef < 0 ? TEXT(' and alternates its sign each step') : ''}${TEXT('.')}`
          : mag < 1
            ? `&${a} < 1${TEXT(': the gradient vanishes geometrically with the distance ')}t-k${TEXT('.')}`
            : `&${a} > 1${TEXT(': the gradient explodes geometrically with the distance ')}t-k${TEXT('.')}`,
      );
      return rows;
    }
    const dNorm = isId ? '' : notation === 'matrix' ? '\\|D_i\\|\\,' : `|${derivativeAtom(ctx, 'i')}|\\,`;
    rows.push(`&${J} \\le \\prod_{i=k+1}^{t} ${dNorm}${nW} \\le ${aP}^{t-k},`);
    rows.push(`&\\qquad \\gamma = ${g.sup}${normNote}`);
    const gn = notation === 'matrix' ? '\\|g\\|' : '|g|';
    const lossBound =
      loss === 'final'
        ? `${bar}${frac('L', n(ctx, '0'))}${bar} \\le ${gn}\\,${aP}^{T}`
        : `${bar}${frac('L', n(ctx, '0'))}${bar} \\le \\sum_{t=1}^{T} ${notation === 'matrix' ? '\\|g_t\\|' : '|g_t|'}\\,${aP}^{t}`;
    rows.push(`&${lossBound}`);
    const gW = `\\gamma${nW.startsWith('\\|') || nW.startsWith('|') ? nW : `\\,${nW}`}`;
    rows.push(`&${TEXT('Vanishing when ')}${gW} < 1${threshold('<')}${TEXT(': the bound shrinks geometrically in ')}t-k${TEXT('.')}`);
    rows.push(`&${TEXT('Exploding is possible only when ')}${gW} > 1${threshold('>')}${TEXT(' (the bound then allows growth; it does not force it).')}`);
    return rows;
  }
  const nM = normOf(rec, 'M', notation);
  const gv = g.value === '1' ? '' : `${g.value}\\,`;
  const dNorm = isId ? '' : notation === 'matrix' ? '\\|D_t\\|' : `|${derivativeAtom(ctx, 't')}|`;
  rows.push(
    `&${J} \\le ${dNorm}\\Big(${nW}\\,${bar}${frac(n(ctx, 't-1'), n(ctx, 'k'))}${bar} + ${nM}\\,${bar}${frac(n(ctx, 't-2'), n(ctx, 'k'))}${bar}\\Big),`,
    `&\\qquad \\gamma = ${g.sup}${normNote}`,
  );
  rows.push(
    `&${TEXT('so ')}${J} \\le B_{t-k}${TEXT(' with ')}B_j = \\alpha\\,B_{j-1} + \\mu\\,B_{j-2},\\ B_0 = 1,\\ B_{-1} = 0,\\quad \\alpha = ${gv}${nW},\\ \\mu = ${gv}${nM},`,
    `&\\qquad B_j \\le \\rho^j,\\ \\rho = \\tfrac{1}{2}\\big(\\alpha + \\sqrt{\\alpha^2 + 4\\mu}\\big)`,
  );
  const gn = notation === 'matrix' ? '\\|g\\|' : '|g|';
  rows.push(
    loss === 'final'
      ? `&${bar}${frac('L', n(ctx, '0'))}${bar} \\le ${gn}\\,\\rho^{T}`
      : `&${bar}${frac('L', n(ctx, '0'))}${bar} \\le \\sum_{t=1}^{T} ${notation === 'matrix' ? '\\|g_t\\|' : '|g_t|'}\\,\\rho^{t}`,
  );
  rows.push(`&${TEXT('Vanishing when ')}\\alpha + \\mu < 1${TEXT(' (equivalently ')}\\rho < 1${TEXT('); exploding is possible only when ')}\\rho > 1${TEXT(', i.e. ')}\\alpha + \\mu > 1${TEXT('.')}`);
  rows.push(
    `&${TEXT('Skip term: besides the chain of one-step links, ')}${n(ctx, 't')}${TEXT(' reaches ')}${n(ctx, 'k')}${TEXT(' through two-step links,')}`,
    `&${TEXT('so some paths have only about ')}(t-k)/2${TEXT(' factors: they shrink like ')}\\mu^{(t-k)/2}${TEXT(' instead of ')}\\alpha^{t-k}${TEXT(',')}`,
    `&${TEXT('and the number of paths grows like the Fibonacci numbers. The gradient from distant steps survives longer:')}`,
    `&${TEXT('better long-range gradient flow, and a larger ')}\\rho${TEXT(' than without it.')}`,
  );
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

function closedForm(ctx: RenderCtx, T: number): { rows: string[]; expr: Expr } | undefined {
  const { rec } = ctx;
  const right = closedFormLatex(rec);
  if (right === undefined) return undefined;
  const others = rec.terms.filter((t) => t.role !== 'W');
  const general = `&${n(ctx, 'T')} = ${right}`;
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
  const rows = renderMonomialRows(ctx, mons, 6);
  const unrolled = [`&${n(ctx, T)} = ${rows[0]}`, ...rows.slice(1).map((r) => `&\\qquad ${r}`)];
  return { rows: [`&${TEXT('Closed form (linear recurrence, unrolled from ')}${n(ctx, '0')}${TEXT('):')}`, general, ...unrolled], expr };
}

// ---------------------------------------------------------------------------------------------

function aligned(rows: string[]): string {
  return `\\begin{aligned}\n${rows.join(' \\\\\n')}\n\\end{aligned}`;
}

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
  const all = [...setup, ...general, ...unrolled.rows, ...(closed ? closed.rows : []), ...bound];
  const resultKind: 'vector' | 'matrix' = target.kind === 'state' || (target.kind === 'param' && target.role === 'b') ? 'vector' : 'matrix';
  return {
    latex: aligned(all),
    oneStep: aligned(setup),
    general: aligned(general),
    unrolled: aligned(unrolled.rows),
    bound: aligned(bound),
    ...(closed ? { closedForm: aligned(closed.rows), closedFormExpr: closed.expr } : {}),
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

/** The derivation as one Markdown display block, ready to insert below a recurrence. */
export function derivationBlock(d: BpttDerivation, eol = '\n'): string {
  return ['$$', ...d.latex.split('\n'), '$$'].join(eol);
}
