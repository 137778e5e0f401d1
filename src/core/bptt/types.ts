/**
 * Plain data for backpropagation through time: a recognised recurrence, the targets one can
 * differentiate for, and the errors the BPTT stages report.
 */
import type { TextRange } from '../types';
import { render, type Message } from '../messages';

/** The nonlinearity ψ in h_t = ψ(z_t). `generic` is an unnamed ψ (\psi, \phi, f, g) that can be derived but not evaluated. */
export type ActivationKind = 'sigma' | 'tanh' | 'relu' | 'identity' | 'generic';

export interface Activation {
  kind: ActivationKind;
  /** How to write it: `\sigma`, `\tanh`, `\mathrm{ReLU}`, `` (identity), or the student's `\psi`. */
  latex: string;
}

/**
 * The role a term plays in z_t: `W` multiplies h_{t-1}, `M` multiplies h_{t-2}, `U` multiplies the
 * input x_t, `b` is the bias. Roles keep their letters whatever the student called the weights.
 */
export type TermRole = 'W' | 'M' | 'U' | 'b';

export interface RecurrenceTerm {
  role: TermRole;
  /** The weight as written, normalised LaTeX (`W_{hh}`, `\mathbf{W}`); absent for a plain number (`- h_{t-1}`, `+ x_t`, `+ 1`). */
  weight?: string;
  /** The weight's plain name for options and JSON keys (`W_hh`); absent when `weight` is. */
  name?: string;
  /** Sign and numeric factor written in front, e.g. -1 for `- h_{t-1}`, 0.5 for `0.5 W h_{t-1}`. */
  coef: number;
}

/** z_t = Σ terms, h_t = activation(z_t), for t = 1..T; states before h_0 are zero. */
export interface Recurrence {
  /** LaTeX of the state symbol without its index: `h`, `s`, `\mathbf{h}`. */
  state: string;
  /** LaTeX of the input symbol without its index: `x`, `n`. */
  input: string;
  /** LaTeX of the pre-activation symbol: the student's `z`/`a`, or `z`. */
  preact: string;
  activation: Activation;
  /** At most one term per role, in the order written. */
  terms: RecurrenceTerm[];
  /** The LaTeX the recurrence was read from. */
  source: string;
}

/** What to differentiate. Symbolic indices (`'k'`, `'t'`) are unrolled at k = 0, t = T. */
export type BpttTarget =
  | { kind: 'state'; k: number | 'k' }
  | { kind: 'param'; role: TermRole }
  | { kind: 'jacobian'; t: number | 'T' | 't'; k: number | 'k' };

export type LossKind = 'final' | 'sum';

/**
 * One row of a derivation. A formula row is LaTeX; a prose row is a catalog sentence in which every
 * text or number parameter is a formula (LaTeX) and every nested message is more sentence. Writers
 * set them apart: the CLI's display block writes prose as `\text{…}` pieces in English, the Markdown
 * inserted into an answer writes it as a paragraph in the answer's language with each formula `$…$`.
 */
export type DerivationRow =
  /** `cont`: the row continues the formula above (the next link of a chain of `=`, or more terms of a sum). */
  | { kind: 'math'; latex: string; cont?: boolean }
  | { kind: 'prose'; text: Message };
export type Notation = 'scalar' | 'matrix';

/**
 * What a BPTT error is about, so an adapter can word it its own way: the CLI names its target option
 * for `target-empty` and its values option before `values`; the editor and the panel show the message.
 */
export type BpttErrorKind = 'target' | 'target-empty' | 'values' | 'derive' | 'internal';

/** A recurrence, target or value the BPTT engine cannot use; `problem` (a catalog message) says what to change. */
export class BpttError extends Error {
  constructor(
    readonly problem: Message,
    readonly kind: BpttErrorKind = 'derive',
  ) {
    super(render('en', problem));
    this.name = 'BpttError';
  }
}

export function termOf(rec: Recurrence, role: TermRole): RecurrenceTerm | undefined {
  return rec.terms.find((t) => t.role === role);
}

/** A recurrence found in a document: which formula, where, and what it reads as. */
export interface FoundRecurrence {
  recurrence: Recurrence;
  /** The formula (with its delimiters) the state equation was read from. */
  range: TextRange;
  /** The formula's content, as written. */
  latex: string;
  /** Its index among the document's formulas. */
  formula: number;
}

/** A formula that states something of an indexed state (`h_t = …`) but is not a recurrence BPTT can read, and why. */
export interface RecurrenceProblem {
  range: TextRange;
  latex: string;
  formula: number;
  problem: Message;
}
