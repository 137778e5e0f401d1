/**
 * The small expression language BPTT derivations are written in: products and sums of the one-step
 * pieces (D_t, weights, states, inputs, loss weights). One value serves two readers: `renderExpr`
 * writes it as LaTeX and `numeric.ts` evaluates it, so the number reported for a derivation is the
 * value of exactly the formula shown.
 */
import { formatNumber } from './latex';
import { Notation, Recurrence, TermRole } from './types';

/** A time index: a number in an unrolled formula, or text such as `t-1` in a general one. */
export type Idx = number | string;

export type Expr =
  /** The loss weight: g (final loss, `t` null) or g_t (summed loss). */
  | { k: 'g'; t: Idx | null }
  /** The activation's derivative at step t: diag(ψ'(z_t)) in matrix notation, ψ'(z_t) in scalar. */
  | { k: 'D'; t: Idx }
  /** A weight of the recurrence, by role; `tr` = transposed. */
  | { k: 'P'; role: TermRole; tr: boolean }
  | { k: 'h'; t: Idx; tr: boolean }
  | { k: 'x'; t: Idx; tr: boolean }
  /** The all-ones vector (a bias written as a plain number). */
  | { k: 'one' }
  | { k: 'num'; v: number }
  | { k: 'I' }
  | { k: 'zero' }
  | { k: 'mul'; f: Expr[] }
  | { k: 'add'; s: Expr[] }
  /** A named intermediate (δ_t, ∂h_i/∂h_k): written by name in a step-by-step unrolling, evaluated once. */
  | { k: 'ref'; name: string; e: Expr };

export const E = {
  g: (t: Idx | null): Expr => ({ k: 'g', t }),
  D: (t: Idx): Expr => ({ k: 'D', t }),
  P: (role: TermRole, tr = false): Expr => ({ k: 'P', role, tr }),
  h: (t: Idx, tr = false): Expr => ({ k: 'h', t, tr }),
  x: (t: Idx, tr = false): Expr => ({ k: 'x', t, tr }),
  num: (v: number): Expr => ({ k: 'num', v }),
  I: { k: 'I' } as Expr,
  one: { k: 'one' } as Expr,
  zero: { k: 'zero' } as Expr,
  mul: (...f: Expr[]): Expr => {
    const flat = f.flatMap((x) => (x.k === 'mul' ? x.f : [x]));
    if (flat.some((x) => x.k === 'zero')) return E.zero;
    return flat.length === 1 ? flat[0] : { k: 'mul', f: flat };
  },
  add: (...s: Expr[]): Expr => {
    const flat = s.flatMap((x) => (x.k === 'add' ? x.s : [x])).filter((x) => x.k !== 'zero');
    if (flat.length === 0) return E.zero;
    return flat.length === 1 ? flat[0] : { k: 'add', s: flat };
  },
  ref: (name: string, e: Expr): Expr => ({ k: 'ref', name, e }),
};

// ---------------------------------------------------------------------------------------------
// Expansion into a sum of products

export type Monomial = Expr[];

function children(e: Expr): Expr[] {
  return e.k === 'mul' ? e.f : e.k === 'add' ? e.s : e.k === 'ref' ? [e.e] : [];
}

/**
 * Every node below `root` (shared nodes once), children before parents. Iterative, because an
 * unrolling over many steps nests refs thousands deep.
 */
export function postOrder(root: Expr): Expr[] {
  const out: Expr[] = [];
  const seen = new Set<Expr>();
  const stack: Array<{ e: Expr; open: boolean }> = [{ e: root, open: false }];
  while (stack.length) {
    const top = stack.pop() as { e: Expr; open: boolean };
    if (top.open) {
      out.push(top.e);
      continue;
    }
    if (seen.has(top.e)) continue;
    seen.add(top.e);
    stack.push({ e: top.e, open: true });
    for (const c of children(top.e)) if (!seen.has(c)) stack.push({ e: c, open: false });
  }
  return out;
}

/** How many products `expand` would produce and how many factors they hold in all (cheap even when huge). */
export function expansionSize(root: Expr): { terms: number; factors: number } {
  const terms = new Map<Expr, number>();
  const factors = new Map<Expr, number>();
  for (const e of postOrder(root)) {
    let n: number;
    let f: number;
    switch (e.k) {
      case 'mul': {
        n = 1;
        f = 0;
        for (const c of e.f) {
          const cn = terms.get(c) as number;
          const cf = factors.get(c) as number;
          // (Σ over products of the left part) × (right part) and the reverse.
          f = f * cn + cf * n;
          n *= cn;
        }
        break;
      }
      case 'add':
        n = e.s.reduce((acc, c) => acc + (terms.get(c) as number), 0);
        f = e.s.reduce((acc, c) => acc + (factors.get(c) as number), 0);
        break;
      case 'ref':
        n = terms.get(e.e) as number;
        f = factors.get(e.e) as number;
        break;
      case 'zero':
        n = 0;
        f = 0;
        break;
      default:
        n = 1;
        f = 1;
    }
    terms.set(e, n);
    factors.set(e, f);
  }
  return { terms: terms.get(root) as number, factors: factors.get(root) as number };
}

/** Distributes products over sums: the expression as a list of products of atoms. */
export function expand(e: Expr): Monomial[] {
  switch (e.k) {
    case 'mul': {
      let acc: Monomial[] = [[]];
      for (const f of e.f) {
        const parts = expand(f);
        const next: Monomial[] = [];
        for (const a of acc) for (const p of parts) next.push([...a, ...p]);
        acc = next;
      }
      return acc;
    }
    case 'add':
      return e.s.flatMap(expand);
    case 'ref':
      return expand(e.e);
    case 'zero':
      return [];
    default:
      return [[e]];
  }
}

export function fromMonomials(ms: Monomial[]): Expr {
  return E.add(...ms.map((m) => (m.length === 0 ? E.num(1) : { k: 'mul', f: m } as Expr)));
}

// ---------------------------------------------------------------------------------------------
// LaTeX

export interface RenderCtx {
  rec: Recurrence;
  notation: Notation;
}

export function idxLatex(t: Idx): string {
  return `{${t}}`;
}

function weightLatex(ctx: RenderCtx, role: TermRole): string {
  const term = ctx.rec.terms.find((t) => t.role === role);
  return term?.weight ?? role;
}

/** ψ'(z_t) written for the activation (scalar notation), or D_t (matrix). */
export function derivativeAtom(ctx: RenderCtx, t: Idx): string {
  if (ctx.notation === 'matrix') return `D_${idxLatex(t)}`;
  const z = `${ctx.rec.preact}_${idxLatex(t)}`;
  const a = ctx.rec.activation;
  switch (a.kind) {
    case 'sigma':
      return `\\sigma'(${z})`;
    case 'tanh':
      return `\\tanh'(${z})`;
    case 'relu':
      return `\\mathrm{ReLU}'(${z})`;
    case 'identity':
      return '1';
    default:
      return `${a.latex}'(${z})`;
  }
}

function atomLatex(ctx: RenderCtx, e: Expr): string {
  const T = ctx.notation === 'matrix' ? '^{\\top}' : '';
  switch (e.k) {
    case 'g':
      return e.t === null ? 'g' : `g_${idxLatex(e.t)}`;
    case 'D':
      return derivativeAtom(ctx, e.t);
    case 'P':
      return weightLatex(ctx, e.role) + (e.tr ? T : '');
    case 'h':
      return `${ctx.rec.state}_${idxLatex(e.t)}${e.tr ? T : ''}`;
    case 'x':
      return `${ctx.rec.input}_${idxLatex(e.t)}${e.tr ? T : ''}`;
    case 'one':
      return ctx.notation === 'matrix' ? '\\mathbf{1}' : '1';
    case 'I':
      return ctx.notation === 'matrix' ? 'I' : '1';
    case 'zero':
      return '0';
    case 'ref':
      return e.name;
    default:
      return '?';
  }
}

/** Order of factors in scalar notation (they commute there): weights, derivatives, named parts, g, states, inputs. */
function scalarClass(e: Expr): number {
  switch (e.k) {
    case 'P':
      return ['W', 'M', 'U', 'b'].indexOf(e.role);
    case 'D':
      return 10;
    case 'ref':
      return 11;
    case 'add':
      return 12;
    case 'g':
      return 13;
    case 'h':
      return 14;
    case 'x':
      return 15;
    default:
      return 16;
  }
}

/** A term of a sum: its sign and the LaTeX of its magnitude. */
export interface Signed {
  neg: boolean;
  body: string;
  /** A product's factors (its number first), so a writer can break a product too long for one row; `body` joins them with `sep`. */
  factors?: string[];
  sep?: string;
}

function coefficientLatex(nums: number[]): { neg: boolean; mag: string; isOne: boolean } {
  const v = nums.reduce((a, b) => a * b, 1);
  const neg = v < 0;
  if (Math.abs(v) === 1) return { neg, mag: '1', isOne: true };
  if (v === 0) return { neg: false, mag: '0', isOne: false };
  const mags = nums.map(Math.abs).filter((m) => m !== 1);
  if (mags.length >= 2 && mags.every((m) => m === mags[0])) return { neg, mag: `${formatNumber(mags[0])}^{${mags.length}}`, isOne: false };
  return { neg, mag: formatNumber(Math.abs(v)), isOne: false };
}

function needsParensForPower(s: string): boolean {
  return /[\^'_\s]/.test(s.replace(/_\{[^{}]*\}$/, '')) || /\\[a-z]+\(/.test(s);
}

function renderMul(ctx: RenderCtx, factors: Expr[]): Signed {
  const flat = factors.flatMap((f) => (f.k === 'mul' ? f.f : [f]));
  const nums: number[] = [];
  let items: Expr[] = [];
  for (const f of flat) {
    if (f.k === 'num') nums.push(f.v);
    else if (f.k === 'zero') return { neg: false, body: '0' };
    else items.push(f);
  }
  if (ctx.notation === 'scalar') {
    items = items.filter((f) => f.k !== 'I' && !(f.k === 'D' && ctx.rec.activation.kind === 'identity'));
    // Derivatives in time order read best: σ'(z_1) σ'(z_2) σ'(z_3).
    const time = (f: Expr) => (f.k === 'D' && typeof f.t === 'number' ? f.t : 0);
    items = items.map((f, i) => ({ f, i })).sort((a, b) => scalarClass(a.f) - scalarClass(b.f) || time(a.f) - time(b.f) || a.i - b.i).map((p) => p.f);
  } else if (items.length > 1) {
    items = items.filter((f) => f.k !== 'I');
  }
  const strs: string[] = [];
  for (const f of items) {
    if (f.k === 'add') strs.push(`\\left(${renderExpr(ctx, f)}\\right)`);
    else strs.push(atomLatex(ctx, f));
  }
  // Runs of the same factor become a power: W^{\top} W^{\top} → (W^{\top})^{2}.
  const parts: string[] = [];
  for (let i = 0; i < strs.length; ) {
    let j = i + 1;
    while (j < strs.length && strs[j] === strs[i] && !strs[i].startsWith('\\left(')) j++;
    const n = j - i;
    if (n === 1) parts.push(strs[i]);
    else parts.push(needsParensForPower(strs[i]) ? `\\left(${strs[i]}\\right)^{${n}}` : `${strs[i]}^{${n}}`);
    i = j;
  }
  const c = coefficientLatex(nums);
  const sep = ctx.notation === 'scalar' ? '\\,' : ' ';
  const written = !parts.length ? [c.mag] : c.isOne ? parts : [c.mag, ...parts];
  return { neg: c.neg, body: written.join(sep), factors: written, sep };
}

function renderSigned(ctx: RenderCtx, e: Expr): Signed {
  if (e.k === 'mul') return renderMul(ctx, e.f);
  if (e.k === 'num') return renderMul(ctx, [e]);
  if (e.k === 'add') return { neg: false, body: `\\left(${renderExpr(ctx, e)}\\right)` };
  return renderMul(ctx, [e]);
}

/** Joins signed terms: `a - b + c`. */
export function joinTerms(terms: Signed[]): string {
  if (!terms.length) return '0';
  return terms.map((t, i) => (i === 0 ? (t.neg ? `-${t.body}` : t.body) : t.neg ? ` - ${t.body}` : ` + ${t.body}`)).join('');
}

/** LaTeX for an expression, with refs written by name. */
export function renderExpr(ctx: RenderCtx, e: Expr): string {
  if (e.k === 'add') return joinTerms(e.s.map((s) => renderSigned(ctx, s)));
  if (e.k === 'zero') return '0';
  const s = renderSigned(ctx, e);
  return s.neg ? `-${s.body}` : s.body;
}

/** The terms of a sum (or the one term of anything else), each with its sign, for writers that break long sums. */
export function termsOf(ctx: RenderCtx, e: Expr): Signed[] {
  if (e.k === 'zero') return [{ neg: false, body: '0' }];
  return e.k === 'add' ? e.s.map((s) => renderSigned(ctx, s)) : [renderSigned(ctx, e)];
}

/** The terms of a sum of products, each with its sign. */
export function monomialTerms(ctx: RenderCtx, ms: Monomial[]): Signed[] {
  if (!ms.length) return [{ neg: false, body: '0' }];
  return ms.map((m) => renderMul(ctx, m.length ? m : [E.num(1)]));
}

/** LaTeX for a sum of products, broken into rows of at most `perRow` terms (rows joined by `\\ &\quad`). */
export function renderMonomialRows(ctx: RenderCtx, ms: Monomial[], perRow: number): string[] {
  if (!ms.length) return ['0'];
  const signed = ms.map((m) => renderMul(ctx, m.length ? m : [E.num(1)]));
  const rows: string[] = [];
  for (let i = 0; i < signed.length; i += perRow) {
    const chunk = signed.slice(i, i + perRow);
    let s = joinTerms(chunk);
    if (i > 0) s = chunk[0].neg ? `- ${s.slice(1)}` : `+ ${s}`;
    rows.push(s);
  }
  return rows;
}
