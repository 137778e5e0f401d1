/**
 * A transformer configuration read from an answer: the sizes its formulas declare around the
 * cursor (`d_{model} = 768`, `h = 12`, `L = 12`, `V = 50257`, `d_{ff} = 3072`, `B = 32`, `n = 2048`),
 * with the prose deciding encoder, decoder or both. Also the presets the calculator offers.
 */
import type { DocumentAnalysis } from '../document/analysis';
import { arithmeticContext } from './counting';

export interface DocumentConfig {
  /** Fields for `transformerFromObject` (only those found, plus the stack chosen from the prose). */
  config: Record<string, unknown>;
  /** What was read and from which name, e.g. `dModel ← d_model = 768`. */
  found: string[];
  /** Required fields the answer does not declare (vocabSize, dModel, heads, layers). */
  missing: string[];
}

/** A calculator preset: a well-known model with its exact configuration. */
export interface TransformerPreset {
  id: string;
  label: string;
  description: string;
  config: Record<string, unknown>;
}

/** GPT-2 small (124,439,808 parameters), BERT-base (109,482,240) and the original Transformer base. */
export const TRANSFORMER_PRESETS: readonly TransformerPreset[] = [
  {
    id: 'gpt2-small',
    label: 'GPT-2 small',
    description: 'decoder-only, 12 layers, d_model 768, 12 heads, vocabulary 50,257, 1,024 learned positions, pre-LN',
    config: { vocabSize: 50257, dModel: 768, heads: 12, decoderLayers: 12, maxPositions: 1024, layerNorm: 'pre', finalLayerNorm: true, tiedEmbeddings: true },
  },
  {
    id: 'bert-base',
    label: 'BERT-base',
    description: 'encoder-only, 12 layers, d_model 768, 12 heads, vocabulary 30,522, 512 positions, 2 segments, pooler',
    config: { vocabSize: 30522, dModel: 768, heads: 12, encoderLayers: 12, maxPositions: 512, tokenTypes: 2, layerNorm: 'post', embeddingLayerNorm: true, pooler: true },
  },
  {
    id: 'transformer-base',
    label: 'Transformer base (Vaswani et al.)',
    description: 'encoder–decoder, 6 + 6 layers, d_model 512, 8 heads, d_ff 2048, shared vocabulary 37,000, sinusoidal positions',
    config: { vocabSize: 37000, dModel: 512, heads: 8, dFF: 2048, encoderLayers: 6, decoderLayers: 6, positional: 'sinusoidal', maxPositions: 512 },
  },
];

export function presetById(id: string): TransformerPreset | undefined {
  const key = id.toLowerCase().replace(/[\s_]+/g, '-');
  return TRANSFORMER_PRESETS.find((p) => p.id === key || p.label.toLowerCase() === id.toLowerCase());
}

const ENCODER = /encoder|bert|رمزگذار|انکودر/i;
const DECODER = /decoder|gpt|رمزگشا|دیکودر/i;
const SINUSOIDAL = /sinusoid|سینوسی/i;

/**
 * The configuration the formulas around `offset` declare. Sizes known at the cursor win; sizes
 * declared in the next formulas (up to ~3000 characters on) fill the gaps.
 */
export function transformerConfigAt(analysis: DocumentAnalysis, offset: number, text?: string): DocumentConfig {
  const shapes = analysis.shapes;
  const formulas = analysis.formulas;
  let at = -1;
  for (let i = 0; i < formulas.length && formulas[i].span.start <= offset; i++) at = i;
  let ahead = at + 1;
  while (ahead < formulas.length && formulas[ahead].span.start <= offset + 3000) ahead++;
  const numbers = new Map<string, number>();
  const later = ahead > 0 ? shapes.formulas[ahead - 1]?.numbers : undefined;
  if (later) for (const [k, v] of later) numbers.set(k, v);
  const here = at >= 0 ? shapes.formulas[at]?.numbers : undefined;
  if (here) for (const [k, v] of here) numbers.set(k, v);

  const ctx = arithmeticContext(numbers);
  const config: Record<string, unknown> = {};
  const found: string[] = [];
  const nameOf = (v: number) => [...numbers.entries()].find(([, x]) => x === v)?.[0] ?? '?';
  const take = (field: string, v: number | undefined) => {
    if (v === undefined) return;
    config[field] = v;
    found.push(`${field} ← ${nameOf(v)} = ${v}`);
  };
  take('vocabSize', ctx.vocabSize);
  take('dModel', ctx.dModel);
  take('heads', ctx.heads);
  take('dFF', ctx.dFF);
  take('maxPositions', ctx.maxPositions);
  take('batch', ctx.batch);
  take('seqLen', ctx.seqLen);

  const around = text !== undefined ? text.slice(Math.max(0, offset - 3000), offset + 3000) : '';
  const enc = ENCODER.test(around);
  const dec = DECODER.test(around);
  if (ctx.layers !== undefined) {
    const L = ctx.layers;
    if (enc) config.encoderLayers = L;
    if (dec || !enc) config.decoderLayers = L;
    found.push(`${enc && dec ? 'encoderLayers, decoderLayers' : enc ? 'encoderLayers' : 'decoderLayers'} ← ${nameOf(L)} = ${L}`);
  }
  if (SINUSOIDAL.test(around)) config.positional = 'sinusoidal';
  if (enc && !dec && config.tokenTypes === undefined && /bert/i.test(around)) config.tokenTypes = 2;

  const missing: string[] = [];
  if (ctx.vocabSize === undefined) missing.push('vocabSize');
  if (ctx.dModel === undefined) missing.push('dModel');
  if (ctx.heads === undefined) missing.push('heads');
  if (ctx.layers === undefined) missing.push(enc && !dec ? 'encoderLayers' : 'decoderLayers');
  return { config, found, missing };
}
