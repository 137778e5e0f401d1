/**
 * The LaTeX vocabulary DL Math reads, declared once. Each command (without its backslash) or
 * environment name lists its roles; every reader — tokenizer, parser, printer, shapes, recurrences,
 * function notation — asks this table instead of keeping its own list. To teach DL Math a new
 * function: add its name here with the role `function` (and `plain-function` if students write it
 * without a backslash), then give it a meaning in `eval/evaluate.ts` (values) and, if it keeps its
 * argument's shape, the role `same-shape`.
 */

export type Role =
  /** A Greek letter: a name (`\alpha`), also run together with others (`\alpha x`). */
  | 'greek'
  /** A constant with a fixed value (`\pi`). */
  | 'constant'
  /** A capital letter also written for a sum or a product (`\Sigma`, `\Pi`). */
  | 'operator-letter'
  /** A function known by name (`\exp`, `\text{softmax}`, `\operatorname{relu}`). */
  | 'function'
  /** A function students also write as plain letters (`softmax(x)`, `ReLU(z)`). */
  | 'plain-function'
  /** A function that keeps its argument's shape (element-wise or row-wise). */
  | 'same-shape'
  /** A nonlinearity a recurrence applies, h_t = ψ(z_t), that BPTT can differentiate (`activationOf`). */
  | 'activation'
  /** Changes how a name looks, not which name it is (`\mathbf{x}` is x). */
  | 'style'
  /** Makes another name (`\hat{y}` is not y). */
  | 'decoration'
  /** Wraps words: its argument is text, not math. */
  | 'text'
  /** Spacing and sizing: read as nothing. */
  | 'spacing'
  /** Ends one statement and starts the next (`\quad`, `\Rightarrow`, `\text{…}` between formulas). */
  | 'separator'
  /** Dots on a line (`\dots`): an elided list. */
  | 'dots'
  /** Dots of any direction, which make a matrix's size symbolic (`\vdots`). */
  | 'matrix-dots'
  /** Never starts a factor: operators, closing delimiters, dots. */
  | 'not-factor'
  /** An environment whose rows are one matrix. */
  | 'matrix-env'
  /** An environment whose rows are separate statements (`aligned`). */
  | 'statements-env';

const GREEK_LETTERS: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ',
  lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ', upsilon: 'υ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω', ell: 'ℓ',
};

const DECLARED: [Role, string[]][] = [
  ['greek', Object.keys(GREEK_LETTERS)],
  ['constant', ['pi']],
  ['operator-letter', ['Sigma', 'Pi']],
  ['function', [
    'softmax', 'argmax', 'argmin', 'max', 'min', 'exp', 'log', 'ln', 'lg', 'tanh', 'sigma', 'sigmoid', 'relu',
    'sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan', 'sinh', 'cosh', 'det', 'tr', 'trace', 'diag', 'sign', 'sgn', 'abs', 'sqrt', 'mean', 'sum', 'prod', 'rank', 'len',
    'gelu', 'softplus', 'norm', 'erf', 'silu', 'swish',
  ]],
  ['plain-function', ['softmax', 'argmax', 'argmin', 'relu', 'sigmoid', 'tanh', 'exp', 'log', 'ln', 'max', 'min', 'gelu', 'softplus', 'sgn', 'sign', 'diag', 'trace', 'det', 'mean', 'erf', 'silu', 'swish']],
  ['same-shape', [
    'softmax', 'exp', 'log', 'ln', 'tanh', 'sigma', 'sigmoid', 'relu', 'gelu', 'silu', 'swish', 'dropout', 'layernorm', 'batchnorm', 'rmsnorm', 'abs',
    'ffn', 'feedforward', 'mlp', 'mask', 'sublayer', 'elu', 'leakyrelu', 'softplus',
  ]],
  ['activation', ['sigma', 'sigmoid', 'tanh', 'relu']],
  ['style', ['mathbf', 'boldsymbol', 'bm', 'vec', 'mathit', 'bold', 'pmb', 'mathbfit']],
  ['decoration', ['hat', 'bar', 'tilde', 'widehat', 'widetilde', 'overline', 'mathcal', 'mathbb', 'mathscr', 'mathfrak', 'dot', 'ddot', 'check', 'breve', 'underline']],
  ['text', ['text', 'textrm', 'textit', 'textbf', 'textsf', 'texttt', 'mathrm', 'operatorname', 'mbox', 'textnormal', 'mathit', 'mathsf', 'mathtt']],
  ['spacing', [
    ',', ';', '!', ' ', ':', '>', 'displaystyle', 'textstyle', 'scriptstyle', 'limits', 'nolimits', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr',
    'biggl', 'biggr', 'Biggl', 'Biggr', 'middle', 'quad', 'qquad', 'thinspace', 'medspace', 'thickspace', 'enspace', 'nonumber', 'notag', 'label', 'tag',
  ]],
  ['separator', [
    'quad', 'qquad', 'Rightarrow', 'rightarrow', 'to', 'implies', 'Longrightarrow', 'longrightarrow', 'iff', 'Leftrightarrow', 'Leftarrow', 'leftarrow',
    'therefore', 'because', 'hookrightarrow', 'mapsto', 'impliedby', 'Longleftrightarrow', 'text', 'hspace', 'vspace', 'newline', 'wedge', 'vee', 'land', 'lor',
    'forall', 'exists', 'colon',
  ]],
  ['dots', ['dots', 'cdots', 'ldots', 'dotsc', 'dotsb']],
  ['matrix-dots', ['dots', 'cdots', 'ldots', 'dotsc', 'dotsb', 'vdots', 'ddots', 'iddots', 'adots']],
  ['not-factor', [
    'cdot', 'times', 'div', 'odot', 'right', 'end', '\\', 'pm', 'mp', 'circ', 'ast', 'star', 'otimes', 'oplus', 'cdots', 'ldots', 'dots', 'vdots', 'ddots',
    'rvert', 'rVert', 'rfloor', 'rceil', 'rangle', 'bigr', 'Bigr', 'biggr', 'Biggr',
  ]],
  ['matrix-env', ['bmatrix', 'pmatrix', 'Bmatrix', 'vmatrix', 'Vmatrix', 'matrix', 'smallmatrix', 'array', 'bmatrix*', 'pmatrix*']],
  ['statements-env', [
    'aligned', 'align', 'align*', 'gather', 'gather*', 'gathered', 'split', 'eqnarray', 'eqnarray*', 'alignat', 'alignat*', 'alignedat', 'multline', 'multline*',
    'equation', 'equation*', 'flalign', 'flalign*',
  ]],
];

/** What a relation command states: equality, an approximation, or another relation (≠, ≤, ∈ …). */
export type Relation = '=' | 'approx' | 'other';
// null prototype: `\constructor` must not find Object.prototype's members
const RELATIONS: Record<string, Relation> = Object.setPrototypeOf({
  approx: 'approx', simeq: 'other', neq: 'other', ne: 'other', leq: 'other', le: 'other', geq: 'other', ge: 'other', leqslant: 'other', geqslant: 'other',
  sim: 'other', equiv: 'other', propto: 'other', in: 'other', notin: 'other', subset: 'other', subseteq: 'other', cong: 'other', triangleq: 'other', coloneqq: '=',
  ll: 'other', gg: 'other', lt: 'other', gt: 'other', doteq: 'other', eqsim: 'other',
}, null);

/** The relation a command writes (`approx` → approx, `coloneqq` → =), or undefined. */
export function relationOf(name: string): Relation | undefined {
  return RELATIONS[name];
}

/** The activations a recurrence can apply, by the function name the parser gives a call (`sigmoid` is σ). */
export type ActivationName = 'sigma' | 'tanh' | 'relu';
const ACTIVATION_NAMES: Record<string, ActivationName> = Object.setPrototypeOf({ sigma: 'sigma', sigmoid: 'sigma', tanh: 'tanh', relu: 'relu' }, null);

/** Which activation a function name (a command without its backslash, or a lower-cased word) is, if it has the role. */
export function activationOf(name: string): ActivationName | undefined {
  return hasRole(name, 'activation') ? ACTIVATION_NAMES[name] : undefined;
}

/** Letters (or commands with their backslash) that are applied when `(` follows. */
export const FUNCTION_LETTERS: ReadonlySet<string> = new Set(['f', 'g', 'h', 'F', 'G', 'H', 'L', 'J', 'P', '\\phi', '\\varphi', '\\psi', '\\Phi', '\\ell', '\\mathcal{L}']);
/** Letters (or commands with their backslash) that stand for an unnamed activation in a recurrence. */
export const GENERIC_ACTIVATIONS: ReadonlySet<string> = new Set(['\\psi', '\\phi', '\\varphi', 'f', 'g', '\\Phi']);

const TABLE: Map<string, Set<Role>> = new Map();
for (const [role, names] of DECLARED) {
  for (const name of names) {
    let roles = TABLE.get(name);
    if (!roles) TABLE.set(name, (roles = new Set()));
    roles.add(role);
  }
}

/** The roles of a command (no backslash) or environment name; empty when DL Math does not know it. */
export function rolesOf(name: string): ReadonlySet<Role> {
  return TABLE.get(name) ?? EMPTY;
}
const EMPTY: ReadonlySet<Role> = new Set();

/** Whether a command or environment has a role. */
export function hasRole(name: string, role: Role): boolean {
  return TABLE.get(name)?.has(role) ?? false;
}

const byRole = new Map<Role, ReadonlySet<string>>();
/** Every name with a role, as a set (built once). */
export function namesWith(role: Role): ReadonlySet<string> {
  let s = byRole.get(role);
  if (!s) {
    s = new Set([...TABLE].filter(([, roles]) => roles.has(role)).map(([name]) => name));
    byRole.set(role, s);
  }
  return s;
}

/** The Unicode glyph of a Greek letter command (`alpha` → α), for plain-text messages. */
export function greekGlyph(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(GREEK_LETTERS, name) ? GREEK_LETTERS[name] : undefined;
}
