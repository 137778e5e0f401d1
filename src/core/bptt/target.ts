/**
 * Reads what to differentiate, as written on a command line or picked in the editor:
 * `h_0`, `h_k`, `W`, `W_{hh}`, `dL/dU`, `h_T/h_0`, `\partial h_t/\partial h_k`, `\frac{\partial h_3}{\partial h_1}`.
 */
import { BpttError, BpttTarget, Recurrence, TermRole } from './types';
import { message } from '../messages';

function clean(s: string): string {
  return s
    .replace(/\\(mathbf|boldsymbol|bm|mathrm|mathit|vec|operatorname|mathcal)\s*/g, '')
    .replace(/\\partial|∂/g, '')
    .replace(/[{}\s$\\]/g, '');
}

function stateLetter(rec: Recurrence): string {
  return clean(rec.state);
}

/** `h_0` / `h0` / `h_k` / `h_T` → its index, or undefined if `s` is not a state of `rec`. */
function stateIndex(s: string, rec: Recurrence): number | 'k' | 't' | 'T' | undefined {
  const letter = stateLetter(rec);
  const m = /^(?:d)?([A-Za-z]+)_?(\d+|[a-zA-Z])$/.exec(s);
  // The recurrence's own state letter, or h, the usual name, whatever the recurrence calls it.
  if (!m || (m[1] !== letter && m[1] !== 'h')) return undefined;
  const i = m[2];
  if (/^\d+$/.test(i)) return Number(i);
  if (i === 'T') return 'T';
  if (i === 't') return 't';
  return 'k';
}

/**
 * Parses a target against a recurrence. Weights are found by the name written in the recurrence
 * (`W_hh`, `W_{hh}`) or by their role letter (W recurrent, U input, b bias, M skip).
 */
export function parseBpttTarget(text: string, rec: Recurrence, steps?: number): BpttTarget {
  let s = text.trim();
  const frac = /^\\[dt]?frac\s*\{(.*)\}\s*\{(.*)\}$/.exec(s);
  if (frac) s = `${frac[1]}/${frac[2]}`;
  s = clean(s);
  if (!s) throw new BpttError(message('target.empty'), 'target-empty');
  const parts = s.split('/');
  if (parts.length > 2) throw new BpttError(message('target.unreadable', { target: text }), 'target');
  if (parts.length === 2) {
    const num = parts[0].replace(/^d(?=[A-Za-z])/, '');
    const den = parts[1].replace(/^d(?=[A-Za-z])/, '');
    if (/^(L|J|E|Loss|l)$/.test(num)) return parseBpttTarget(den, rec, steps);
    const t = stateIndex(num, rec);
    const k = stateIndex(den, rec);
    if (t === undefined || k === undefined) throw new BpttError(message('target.unreadable-ratio', { target: text }), 'target');
    const kk = typeof k === 'number' ? k : k === 'T' ? (steps ?? 'k') : 'k';
    const tt = typeof t === 'number' ? t : t === 'T' ? 'T' : 't';
    return { kind: 'jacobian', t: tt, k: kk };
  }
  // A weight by the name written in the recurrence first, then by role letter.
  for (const term of rec.terms) {
    if (term.name && clean(term.name) === s) return { kind: 'param', role: term.role };
  }
  const k = stateIndex(s, rec);
  if (k !== undefined) {
    if (k === 'T') {
      if (steps === undefined) return { kind: 'state', k: 'k' };
      return { kind: 'state', k: steps };
    }
    return { kind: 'state', k: typeof k === 'number' ? k : 'k' };
  }
  const roles: TermRole[] = ['W', 'U', 'b', 'M'];
  const written = new Set(rec.terms.map((t) => (t.name ? clean(t.name) : '')));
  if ((roles as string[]).includes(s) && !written.has(s)) return { kind: 'param', role: s as TermRole };
  const names = rec.terms.filter((t) => t.weight).map((t) => t.weight as string);
  const h = stateLetter(rec);
  const weights = names.length ? message('target.weights', { list: names.join(', ') }) : '';
  throw new BpttError(message('target.unknown', { target: text, first: `${h}_0`, any: `${h}_k`, weights, jacobian: `${h}_T/${h}_k` }), 'target');
}

/** One choice for a quick pick: a label in LaTeX-free text, the LaTeX of ∂·/∂·, and the target. */
export interface TargetChoice {
  label: string;
  latex: string;
  target: BpttTarget;
}

/** The targets that exist for `rec`, in the order an editor should offer them. */
export function availableTargets(rec: Recurrence): TargetChoice[] {
  const h = stateLetter(rec);
  const out: TargetChoice[] = [
    { label: `∂L/∂${h}_k`, latex: `\\frac{\\partial L}{\\partial ${rec.state}_k}`, target: { kind: 'state', k: 'k' } },
  ];
  const order: TermRole[] = ['W', 'U', 'b', 'M'];
  for (const role of order) {
    const term = rec.terms.find((t) => t.role === role);
    if (!term?.weight) continue;
    out.push({ label: `∂L/∂${term.name ?? role}`, latex: `\\frac{\\partial L}{\\partial ${term.weight}}`, target: { kind: 'param', role } });
  }
  out.push({ label: `∂${h}_t/∂${h}_k`, latex: `\\frac{\\partial ${rec.state}_t}{\\partial ${rec.state}_k}`, target: { kind: 'jacobian', t: 't', k: 'k' } });
  return out;
}
