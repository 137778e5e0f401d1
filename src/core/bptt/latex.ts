/**
 * Writes a recognised recurrence back as LaTeX, with the student's names: the pre-activation z_t,
 * one signed term, a number, the whole recurrence. The derivation (derive.ts, expr.ts) writes with these.
 */
import type { Recurrence } from './types';

/** The canonical LaTeX of z_t (with the student's names), e.g. `W_{hh} h_{t-1} + U x_{t} + b`. */
export function preactLatex(rec: Recurrence, t: string | number = 't'): string {
  const parts: string[] = [];
  const idx = (off: number) => (typeof t === 'number' ? String(t + off) : off === 0 ? t : `${t}-${-off}`);
  for (const term of rec.terms) {
    const v =
      term.role === 'W' ? `${rec.state}_{${idx(-1)}}` : term.role === 'M' ? `${rec.state}_{${idx(-2)}}` : term.role === 'U' ? `${rec.input}_{${t}}` : '';
    parts.push(signedProduct(term.coef, term.weight, v, parts.length === 0));
  }
  return parts.join(' ');
}

/** `-0.5 W h` / `+ h` / `- 1`: one term with its sign, for joining with spaces. */
export function signedProduct(coef: number, weight: string | undefined, variable: string, first: boolean): string {
  const mag = Math.abs(coef);
  const sign = coef < 0 ? '-' : first ? '' : '+';
  const factors = [mag === 1 && (weight || variable) ? '' : formatNumber(mag), weight ?? '', variable].filter((s) => s !== '');
  const body = factors.join(' ');
  return first ? `${sign}${body}` : `${sign} ${body}`;
}

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const s = Number(v.toPrecision(6)).toString();
  return s;
}

/** The recurrence written out the canonical way: `h_t = \sigma(W h_{t-1} + U x_t + b)`. */
export function recurrenceLatex(rec: Recurrence): string {
  const z = preactLatex(rec);
  if (rec.activation.kind === 'identity') return `${rec.state}_{t} = ${z}`;
  return `${rec.state}_{t} = ${rec.activation.latex}\\left(${z}\\right)`;
}
