/**
 * What a count written in an answer stands for: the factors of a product (`4 \times 768 \times
 * 768`, `2 d_{model} L`), the transformer sizes the document declares (for
 * `describeParameterArithmetic`), and skip-gram (center, context) pair counts.
 */
import type { Node } from '../syntax/ast';
import type { ArithmeticContext } from '../transformer';
import { message, msg, render, type Lang, type Message } from '../messages';
import { formatCount } from '../transformer';

/** Names students give transformer sizes, most specific first. */
const SIZE_NAMES: Record<keyof ArithmeticContext, string[]> = {
  dModel: ['d_model', 'd_{model}', 'dmodel', 'd_m', 'd_emb', 'd_embed', 'd_embedding', 'd_hidden', 'hidden', 'hidden_size', 'd'],
  heads: ['h', 'n_heads', 'n_head', 'heads', 'num_heads', 'n_h', 'H'],
  dFF: ['d_ff', 'dff', 'd_inner', 'd_ffn', 'd_mlp', 'd_{ff}'],
  layers: ['L', 'n_layers', 'n_layer', 'num_layers', 'layers', 'N_layers', 'N'],
  vocabSize: ['V', '|V|', 'vocab', 'n_vocab', 'vocab_size', 'V_size', '|\\mathcal{V}|'],
  maxPositions: ['n_ctx', 'n_positions', 'max_len', 'max_positions', 'P', 'T_max'],
  batch: ['B', 'batch', 'batch_size', 'b_s'],
  seqLen: ['n', 'S', 'T', 'seq_len', 'seqlen', 'l_seq', 'L_seq', 'n_seq'],
  bytesPerValue: [],
};

const positiveInt = (v: number | undefined): v is number => v !== undefined && Number.isSafeInteger(v) && v > 0;

/** The transformer sizes declared in the document (`d_{model} = 768`, `h = 12`, `L = 12`, `V = 50257`…). */
export function arithmeticContext(numbers: ReadonlyMap<string, number>): ArithmeticContext {
  const ctx: ArithmeticContext = {};
  for (const [field, names] of Object.entries(SIZE_NAMES) as [keyof ArithmeticContext, string[]][]) {
    for (const n of names) {
      const v = numbers.get(n);
      if (!positiveInt(v)) continue;
      // N is the layer count in "Attention is all you need" (N = 6), a sequence length elsewhere
      if (n === 'N' && v > 200) continue;
      if (field === 'dModel' && n === 'd' && v < 8) continue;
      ctx[field] = v;
      break;
    }
  }
  if (ctx.heads === undefined && ctx.dModel !== undefined) {
    const dh = numbers.get('d_k') ?? numbers.get('d_head');
    if (positiveInt(dh) && ctx.dModel % dh === 0) ctx.heads = ctx.dModel / dh;
  }
  return ctx;
}

/**
 * The integer factors of a product as written: `4 \times 768 \times 768` → [4, 768, 768],
 * `768^2` → [768, 768], `2 d_{model} L` with d_model = 768, L = 12 → [2, 768, 12]. Undefined for
 * anything that is not a product of whole numbers.
 */
export function productFactors(node: Node, numbers: ReadonlyMap<string, number>): number[] | undefined {
  const out: number[] = [];
  const walk = (n: Node): boolean => {
    switch (n.t) {
      case 'num':
        if (!Number.isSafeInteger(n.v) || n.v < 1) return false;
        out.push(n.v);
        return true;
      case 'sym': {
        const v = numbers.get(n.name);
        if (!positiveInt(v)) return false;
        out.push(v);
        return true;
      }
      case 'group':
        return walk(n.a);
      case 'bin':
        if (n.op !== 'times' && n.op !== 'cdot' && n.op !== 'implicit' && n.op !== '*') return false;
        return walk(n.a) && walk(n.b);
      case 'pow': {
        if (n.b.t !== 'num' || !Number.isInteger(n.b.v) || n.b.v < 1 || n.b.v > 4) return false;
        for (let i = 0; i < n.b.v; i++) if (!walk(n.a)) return false;
        return true;
      }
      default:
        return false;
    }
  };
  if (!walk(node) || out.length < 2 || out.length > 6) return undefined;
  // a factor of 1 says nothing about what is counted
  const kept = out.filter((x) => x !== 1);
  return kept.length >= 2 ? kept : undefined;
}

// ---- skip-gram ----------------------------------------------------------------------------------

/** Sizes of a skip-gram question: n words in the corpus, window c on each side, k negative samples per pair. */
export interface SkipGramContext {
  n?: number;
  c?: number;
  k?: number;
}

export interface SkipGramExplanation {
  /** Which count: `pairs`, `pairs-exact`, `negatives`, `total`, and `-window` variants where c is the whole window. */
  id: string;
  formula: string;
  value: number;
  text: string;
}

const WORDS = ['n', 'N', 'T', 'n_words', 'N_words', '|C|', 'corpus', 'n_tokens', 'W'];
const WINDOW = ['c', 'C', 'm', 'w', 'window', 'c_w', 'win'];
const NEGATIVES = ['k', 'K', 'n_neg', 'neg', 'k_neg'];

const SKIPGRAM_WORDS = /skip[-\s‌]?gram|word2vec|negative\s+sampl|context\s+words?|center\s+words?|window\s+size|اسکیپ|نمونه[\s‌]*(?:برداری|گیری)?[\s‌]*منفی|کلمه[\s‌]*(?:ی)?[\s‌]*(?:مرکزی|زمینه)|کلمات[\s‌]*(?:زمینه|بافت)|پنجره/i;

/** Whether the text around a formula talks about skip-gram / word2vec training pairs. */
export function mentionsSkipGram(text: string): boolean {
  return SKIPGRAM_WORDS.test(text);
}

/** n, c and k as the document declares them (`n = 1000`, `c = 2`, `k = 5`). */
export function skipGramContext(numbers: ReadonlyMap<string, number>): SkipGramContext {
  const pick = (names: string[]) => {
    for (const n of names) {
      const v = numbers.get(n);
      if (positiveInt(v)) return v;
    }
    return undefined;
  };
  return { n: pick(WORDS), c: pick(WINDOW), k: pick(NEGATIVES) };
}

/**
 * Explains a count of skip-gram training pairs: `value` (the number written or computed) and,
 * when it was written as a product, its `factors`. With n, c, k declared the value is matched
 * against 2cn, 2cn − c(c+1), 2cnk and 2cn(k+1) (and the same with c as the whole window);
 * otherwise the factors are read as 2·c·n [· k or k+1]. Returns null when nothing fits.
 */
export function describeSkipGramCount(value: number, factors: number[] | undefined, ctx: SkipGramContext, lang: Lang = 'en'): SkipGramExplanation | null {
  if (!Number.isSafeInteger(value) || value < 1) return null;
  const { n, c, k } = ctx;
  if (n !== undefined && c !== undefined) {
    const cands: SkipGramExplanation[] = [];
    const pairs = 2 * c * n;
    const add = (id: string, formula: string, v: number, text: Message) => cands.push({ id, formula, value: v, text: render(lang, text) });
    const base = message('skipgram.base', { n: `n = ${formatCount(n)}`, c: `c = ${c}`, twoC: `2c = ${2 * c}` });
    add('pairs', '2·c·n', pairs, message('skipgram.pairs', { base, pairs: `2·c·n = ${formatCount(pairs)}` }));
    const exact = pairs - c * (c + 1);
    add('pairs-exact', '2·c·n − c(c+1)', exact, message('skipgram.pairs-exact', { base, pairs: `2·c·n − c(c+1) = ${formatCount(exact)}` }));
    if (k !== undefined) {
      add('negatives', '2·c·n·k', pairs * k, message('skipgram.negatives', { base, pairs: formatCount(pairs), k: `k = ${k}`, negatives: `2·c·n·k = ${formatCount(pairs * k)}` }));
      add('total', '2·c·n·(k+1)', pairs * (k + 1), message('skipgram.total', { base, pairs: formatCount(pairs), k: `k = ${k}`, total: `2·c·n·(k+1) = ${formatCount(pairs * (k + 1))}` }));
    }
    const wholeWindow = message('skipgram.whole-window', { c: `c = ${c}`, half: c / 2 });
    add('pairs-window', 'c·n', c * n, message('skipgram.pairs-window', { wholeWindow, n: `n = ${formatCount(n)}`, pairs: `c·n = ${formatCount(c * n)}` }));
    if (k !== undefined) {
      add('negatives-window', 'c·n·k', c * n * k, message('skipgram.negatives-window', { wholeWindow, pairs: `c·n = ${formatCount(c * n)}`, k: `k = ${k}`, negatives: formatCount(c * n * k) }));
      add('total-window', 'c·n·(k+1)', c * n * (k + 1), message('skipgram.total-window', { wholeWindow, total: `c·n·(k+1) = ${formatCount(c * n * (k + 1))}` }));
    }
    const hit = cands.find((x) => x.value === value);
    if (hit) return hit;
  }
  if (!factors) return null;
  // read the factors as 2 · c · n [· m]
  const rest = [...factors];
  const two = rest.indexOf(2);
  let cc: number | undefined;
  if (two >= 0) {
    rest.splice(two, 1);
    const small = rest.filter((x) => x <= 10).sort((a, b) => a - b);
    if (c !== undefined && rest.includes(c)) cc = c;
    else if (small.length) cc = small[0];
    if (cc !== undefined) rest.splice(rest.indexOf(cc), 1);
  } else {
    const even = rest.find((x) => x % 2 === 0 && x <= 20 && (c === undefined || x === 2 * c));
    if (even !== undefined) {
      cc = even / 2;
      rest.splice(rest.indexOf(even), 1);
    }
  }
  if (cc === undefined || rest.length < 1 || rest.length > 2) return null;
  rest.sort((a, b) => b - a);
  const words = rest[0];
  if (words < 10 || (n !== undefined && words !== n)) return null;
  const pairs = 2 * cc * words;
  const base = message('skipgram.factors-base', { c: `c = ${cc}`, n: `n = ${formatCount(words)}`, pairs: formatCount(pairs) });
  if (rest.length === 1) return { id: 'pairs', formula: '2·c·n', value: pairs, text: msg(lang, 'skipgram.factors-pairs', { base, exact: formatCount(pairs - cc * (cc + 1)) }) };
  const m = rest[1];
  if (k !== undefined && m === k) return { id: 'negatives', formula: '2·c·n·k', value: pairs * m, text: msg(lang, 'skipgram.factors-negatives', { base, k: `k = ${m}`, negatives: formatCount(pairs * m) }) };
  if (k !== undefined && m === k + 1) return { id: 'total', formula: '2·c·n·(k+1)', value: pairs * m, text: msg(lang, 'skipgram.factors-total', { base, k: `k = ${k}`, total: formatCount(pairs * m) }) };
  if (m > 30) return null;
  return {
    id: 'total-or-negatives',
    formula: '2·c·n·m',
    value: pairs * m,
    text: msg(lang, 'skipgram.factors-either', { base, m, kTotal: `k = ${m - 1}`, kEq: `k = ${m}`, count: formatCount(pairs * m) }),
  };
}
