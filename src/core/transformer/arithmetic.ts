/**
 * What a product written by a student most likely counts: `4 × 768 × 768` is the Q, K, V and
 * output projections of one attention block, `2 × 768 × 12` the LayerNorms of 12 layers, and so on.
 * Factors are matched in any order against known transformer formulas; dimensions declared in the
 * document (the context) are preferred, otherwise plausible sizes are recognised on their own.
 */
import { formatBytes, formatCount } from './format';
import { message, msg, render, type Lang, type Message } from '../messages';

/** Dimensions known from the document; every field is optional. */
export interface ArithmeticContext {
  dModel?: number;
  dFF?: number;
  heads?: number;
  /** Number of layers (of the stack being discussed). */
  layers?: number;
  vocabSize?: number;
  maxPositions?: number;
  batch?: number;
  seqLen?: number;
  /** For activation sizes; default 4 (fp32). */
  bytesPerValue?: number;
}

export interface ArithmeticExplanation {
  /** Stable identifier of the recognised formula, e.g. `attention-qkvo`. */
  id: string;
  /** The formula in plain text, e.g. `4·d²`. */
  formula: string;
  /** Values of the formula's symbols, e.g. `{ d: 768 }`. */
  bindings: Record<string, number>;
  /** What it counts, e.g. `the Q, K, V and output projection weights of one attention block`. */
  counts: string;
  /** The product of the factors. */
  value: number;
  /** The same component counted with its biases, when it has any. */
  withBiases?: number;
  /** One short sentence for a hover: formula, meaning and numbers with thousands separators. */
  text: string;
  /** Caveats, e.g. a factor that disagrees with the document's d_model. */
  notes: string[];
}

type Role = 'd' | 'f' | 'L' | 'V' | 'P' | 'h' | 'k' | 'B' | 'S';
type Bind = Partial<Record<Role, number>>;

interface Pattern {
  id: string;
  factors: (number | Role)[];
  formula: string;
  counts: (b: Required<Bind>) => Message;
  /** The count including biases (or the exact total the estimate stands for). */
  withBiases?: (b: Required<Bind>) => number;
  biasLabel?: Message;
  /** What the product's number is a count of; default 'weights'. */
  unit?: 'weights' | 'values' | 'width';
  /** Extra text after the numbers. */
  extra?: (b: Required<Bind>, value: number, ctx: ArithmeticContext) => Message;
  /** Only with these dimensions declared in the context (activation sizes need B and S). */
  needsContext?: Role[];
}

const SYMBOL: Record<Role, string> = { d: 'd', f: 'd_ff', L: 'L', V: 'V', P: 'P', h: 'h', k: 'd_head', B: 'B', S: 'S' };
const HEAD_WIDTHS = new Set([32, 40, 48, 64, 80, 96, 112, 128, 256]);
const isPow2 = (v: number) => (v & (v - 1)) === 0;

const activationExtra = (_b: Required<Bind>, value: number, ctx: ArithmeticContext) => {
  const bytes = ctx.bytesPerValue ?? 4;
  return message('arith.activation-memory', { memory: formatBytes(value * bytes), bytes });
};

// Order matters: the first pattern that fits wins, so specific formulas come before generic ones.
const PATTERNS: Pattern[] = [
  // Activation sizes need B and S declared in the document; when they are, they are the likeliest reading.
  {
    id: 'attention-scores',
    factors: ['B', 'h', 'S', 'S'],
    formula: 'B·h·S²',
    counts: () => message('arith.attention-scores'),
    extra: activationExtra,
    unit: 'values',
    needsContext: ['B', 'S'],
  },
  { id: 'activation-ffn', factors: ['B', 'S', 'f'], formula: 'B·S·d_ff', counts: () => message('arith.activation-ffn'), extra: activationExtra, unit: 'values', needsContext: ['B', 'S'] },
  { id: 'activation-logits', factors: ['B', 'S', 'V'], formula: 'B·S·V', counts: () => message('arith.activation-logits'), extra: activationExtra, unit: 'values', needsContext: ['B', 'S', 'V'] },
  { id: 'activation-hidden', factors: ['B', 'S', 'd'], formula: 'B·S·d', counts: () => message('arith.activation-hidden'), extra: activationExtra, unit: 'values', needsContext: ['B', 'S'] },
  { id: 'attention-qkvo', factors: [4, 'd', 'd'], formula: '4·d²', counts: () => message('arith.attention-qkvo'), withBiases: (b) => 4 * b.d * b.d + 4 * b.d },
  { id: 'attention-qkvo-layers', factors: [4, 'd', 'd', 'L'], formula: '4·d²·L', counts: (b) => message('arith.attention-qkvo-layers', { layers: b.L }), withBiases: (b) => b.L * (4 * b.d * b.d + 4 * b.d) },
  { id: 'attention-qkv', factors: [3, 'd', 'd'], formula: '3·d²', counts: () => message('arith.attention-qkv'), withBiases: (b) => 3 * b.d * b.d + 3 * b.d },
  { id: 'attention-qkv-layers', factors: [3, 'd', 'd', 'L'], formula: '3·d²·L', counts: (b) => message('arith.attention-qkv-layers', { layers: b.L }), withBiases: (b) => b.L * (3 * b.d * b.d + 3 * b.d) },
  {
    id: 'non-embedding-estimate',
    factors: [12, 'd', 'd', 'L'],
    formula: '12·d²·L',
    counts: (b) => message('arith.non-embedding-estimate', { layers: b.L }),
    withBiases: (b) => b.L * (12 * b.d * b.d + 13 * b.d),
    biasLabel: message('arith.label-exact-per-layer'),
  },
  {
    id: 'layer-estimate',
    factors: [12, 'd', 'd'],
    formula: '12·d²',
    counts: () => message('arith.layer-estimate'),
    withBiases: (b) => 12 * b.d * b.d + 13 * b.d,
    biasLabel: message('arith.label-exact'),
  },
  {
    id: 'ffn-4d-or-two-attentions',
    factors: [8, 'd', 'd'],
    formula: '8·d²',
    counts: () => message('arith.ffn-4d-or-two-attentions'),
    withBiases: (b) => 8 * b.d * b.d + 5 * b.d,
    biasLabel: message('arith.label-ffn-biases'),
  },
  { id: 'projection-layers', factors: ['d', 'd', 'L'], formula: 'd²·L', counts: (b) => message('arith.projection-layers', { layers: b.L }), withBiases: (b) => b.L * (b.d * b.d + b.d) },
  { id: 'ffn', factors: [2, 'd', 'f'], formula: '2·d·d_ff', counts: () => message('arith.ffn'), withBiases: (b) => 2 * b.d * b.f + b.d + b.f },
  { id: 'ffn-layers', factors: [2, 'd', 'f', 'L'], formula: '2·d·d_ff·L', counts: (b) => message('arith.ffn-layers', { layers: b.L }), withBiases: (b) => b.L * (2 * b.d * b.f + b.d + b.f) },
  { id: 'ffn-matrix-layers', factors: ['d', 'f', 'L'], formula: 'd·d_ff·L', counts: (b) => message('arith.ffn-matrix-layers', { layers: b.L }) },
  {
    id: 'ffn-matrix',
    factors: ['d', 'f'],
    formula: 'd·d_ff',
    counts: () => message('arith.ffn-matrix'),
    extra: (b) => message('arith.ffn-matrix-bias', { w1: formatCount(b.d * b.f + b.f), w2: formatCount(b.d * b.f + b.d) }),
  },
  { id: 'layernorm-3-per-layer', factors: [6, 'd', 'L'], formula: '6·d·L', counts: (b) => message('arith.layernorm-3-per-layer', { layers: b.L }) },
  { id: 'layernorm-2-per-layer', factors: [4, 'd', 'L'], formula: '4·d·L', counts: (b) => message('arith.layernorm-2-per-layer', { layers: b.L }) },
  { id: 'layernorm-2-per-layer', factors: [2, 2, 'd', 'L'], formula: '2·2·d·L', counts: (b) => message('arith.layernorm-2-per-layer', { layers: b.L }) },
  { id: 'layernorm-layers', factors: [2, 'd', 'L'], formula: '2·d·L', counts: (b) => message('arith.layernorm-layers', { layers: b.L }) },
  { id: 'layernorm', factors: [2, 'd'], formula: '2·d', counts: () => message('arith.layernorm') },
  { id: 'embedding-untied', factors: [2, 'V', 'd'], formula: '2·V·d', counts: () => message('arith.embedding-untied'), withBiases: (b) => 2 * b.V * b.d + b.V, biasLabel: message('arith.label-output-bias') },
  { id: 'head-projection', factors: ['d', 'k'], formula: 'd·d_head', counts: (b) => message('arith.head-projection', { count: b.d / b.k }), withBiases: (b) => b.d * b.k + b.k },
  { id: 'positions', factors: ['P', 'd'], formula: 'P·d', counts: (b) => message('arith.positions', { positions: b.P }) },
  { id: 'embedding', factors: ['V', 'd'], formula: 'V·d', counts: (b) => message('arith.embedding', { vocab: formatCount(b.V) }), withBiases: (b) => b.V * b.d + b.V, biasLabel: message('arith.label-untied-output') },
  { id: 'projection', factors: ['d', 'd'], formula: 'd²', counts: () => message('arith.projection'), withBiases: (b) => b.d * b.d + b.d },
  { id: 'heads-concat', factors: ['h', 'k'], formula: 'h·d_head', counts: () => message('arith.heads-concat'), unit: 'width' },
];

function fits(role: Role, v: number, b: Bind, ctx: ArithmeticContext, strict: boolean): boolean {
  const known = (x: number | undefined) => strict && x !== undefined;
  switch (role) {
    case 'd':
      // Widths of real models stay below ~20k (GPT-3: 12288); larger factors are vocabularies.
      return known(ctx.dModel) ? v === ctx.dModel : v >= 16 && v <= 20480;
    case 'f':
      if (b.d === undefined) return false;
      return known(ctx.dFF) ? v === ctx.dFF : v === 4 * b.d;
    case 'L':
      if (known(ctx.layers)) return v === ctx.layers;
      return v >= 1 && v <= 256 && (b.d === undefined || v < b.d);
    case 'V':
      if (known(ctx.vocabSize)) return v === ctx.vocabSize;
      return v >= 1000 && (b.d === undefined || v > b.d) && !(v <= 32768 && isPow2(v) && ctx.vocabSize === undefined);
    case 'P':
      if (known(ctx.maxPositions)) return v === ctx.maxPositions;
      return ctx.vocabSize !== v && isPow2(v) && v >= 64 && v <= 32768 && (b.d === undefined || v !== b.d);
    case 'h':
      return known(ctx.heads) ? v === ctx.heads : v >= 1 && v <= 128;
    case 'k': {
      const dh = ctx.dModel && ctx.heads && ctx.dModel % ctx.heads === 0 ? ctx.dModel / ctx.heads : undefined;
      if (strict && dh !== undefined) return v === dh && (b.d === undefined || b.d > v);
      if (b.d !== undefined) return HEAD_WIDTHS.has(v) && b.d >= 2 * v && b.d % v === 0;
      return HEAD_WIDTHS.has(v) && (b.h === undefined || (b.h * v >= 64 && b.h < v));
    }
    case 'B':
      return ctx.batch !== undefined && v === ctx.batch;
    case 'S':
      return ctx.seqLen !== undefined && v === ctx.seqLen;
  }
}

/** Roles are bound in this order so that relations (d_ff = 4d, L < d, d_head | d) can be checked. */
const ROLE_ORDER: Role[] = ['B', 'S', 'd', 'h', 'k', 'f', 'L', 'V', 'P'];

function match(pattern: Pattern, factors: number[], ctx: ArithmeticContext, strict: boolean): Bind | undefined {
  if (pattern.factors.length !== factors.length) return undefined;
  if (pattern.needsContext?.some((r) => (r === 'B' ? ctx.batch : r === 'S' ? ctx.seqLen : r === 'V' ? ctx.vocabSize : 1) === undefined)) return undefined;
  const rest = [...factors];
  for (const c of pattern.factors) {
    if (typeof c !== 'number') continue;
    const i = rest.indexOf(c);
    if (i < 0) return undefined;
    rest.splice(i, 1);
  }
  const roles = (pattern.factors.filter((c) => typeof c !== 'number') as Role[]).sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b));
  const used = new Array<boolean>(rest.length).fill(false);
  const assign = (i: number, b: Bind): Bind | undefined => {
    if (i === roles.length) return b;
    const role = roles[i];
    for (let j = 0; j < rest.length; j++) {
      if (used[j]) continue;
      const v = rest[j];
      if (b[role] !== undefined ? b[role] !== v : !fits(role, v, b, ctx, strict)) continue;
      used[j] = true;
      const found = assign(i + 1, { ...b, [role]: v });
      used[j] = false;
      if (found) return found;
    }
    return undefined;
  };
  return assign(0, {});
}

function disagreements(b: Bind, ctx: ArithmeticContext): Message[] {
  const notes: Message[] = [];
  const check = (role: Role, declared: number | undefined, name: string) => {
    const v = b[role];
    if (v !== undefined && declared !== undefined && v !== declared) notes.push(message('arith.disagrees', { declared: `${name} = ${declared}`, used: v }));
  };
  check('d', ctx.dModel, 'd_model');
  check('f', ctx.dFF, 'd_ff');
  check('L', ctx.layers, 'L');
  check('h', ctx.heads, 'h');
  check('V', ctx.vocabSize, 'V');
  return notes;
}

/**
 * Explains what the product of `factors` most likely counts in a transformer, e.g. [4, 768, 768] →
 * "4·d² with d = 768: the Q, K, V and output projection weights of one attention block: 2,359,296
 * weights, 2,362,368 with biases". Factor order does not matter. Dimensions in `context` win over
 * guesses; a product that only fits with a different d_model (say 268 where the document has 768)
 * is still explained, with a note. Returns null when nothing is recognised.
 */
export function describeParameterArithmetic(factors: number[], context: ArithmeticContext = {}, lang: Lang = 'en'): ArithmeticExplanation | null {
  if (factors.length < 2 || factors.length > 5 || factors.some((f) => !Number.isSafeInteger(f) || f < 1)) return null;
  const value = factors.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(value)) return null;
  for (const strict of [true, false]) {
    for (const p of PATTERNS) {
      const found = match(p, factors, context, strict);
      if (!found) continue;
      const b = found as Required<Bind>;
      const bindings: Record<string, number> = {};
      for (const c of p.factors) if (typeof c !== 'number') bindings[SYMBOL[c]] = b[c];
      const withBiases = p.withBiases?.(b);
      const notes = strict ? [] : disagreements(found, context);
      const where = Object.entries(bindings)
        .map(([k, v]) => `${k} = ${v}`)
        .join(', ');
      const unit = p.unit ?? 'weights';
      const counts = p.counts(b);
      const line = { formula: p.formula, where, counts, value: formatCount(value) };
      let text = msg(lang, unit === 'width' ? 'arith.line-width' : unit === 'weights' ? 'arith.line-weights' : 'arith.line-values', line);
      if (withBiases !== undefined && withBiases !== value) text += msg(lang, 'arith.and', { count: formatCount(withBiases), label: p.biasLabel ?? message('arith.label-biases') });
      if (p.extra) text += msg(lang, 'arith.extra', { extra: p.extra(b, value, context) });
      for (const note of notes) text += msg(lang, 'arith.note', { note });
      const written = notes.map((n) => render(lang, n));
      return { id: p.id, formula: p.formula, bindings, counts: render(lang, counts), value, ...(withBiases !== undefined ? { withBiases } : {}), text, notes: written };
    }
  }
  return null;
}
