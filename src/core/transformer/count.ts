/**
 * Exact parameter counts of a transformer, one row per component. Per-layer components are
 * stacked: their shape leads with the layer count, so `params` is always the product of `shape`.
 */
import type { TransformerConfig } from './config';
import { shapeSize } from './format';

export type ParameterGroup = 'embeddings' | 'encoder' | 'decoder' | 'output';

export interface ParameterRow {
  /** Stable identifier, e.g. `decoder.crossAttention.weights` (used for translations and tests). */
  key: string;
  /** English name of the component. */
  name: string;
  group: ParameterGroup;
  /** Full shape; for a per-layer component the first entry is the number of layers. */
  shape: number[];
  /** For a per-layer component: the number of layers (`shape[0]`). */
  layers?: number;
  /** Number of parameters: the product of `shape`. */
  params: number;
}

export interface ParameterTotals {
  total: number;
  embeddings: number;
  encoder: number;
  decoder: number;
  output: number;
  /** Parameters of one encoder layer (0 without an encoder). */
  perEncoderLayer: number;
  /** Parameters of one decoder layer (0 without a decoder). */
  perDecoderLayer: number;
  /** Everything except the token, position and token-type embedding tables. */
  nonEmbedding: number;
}

export interface ParameterCount {
  rows: ParameterRow[];
  totals: ParameterTotals;
}

/** LayerNorms in one layer: one before/after attention, one per cross-attention, one for the FFN (pre- and post-LN alike). */
export function layerNormsPerLayer(stack: 'encoder' | 'decoder', config: TransformerConfig): number {
  return stack === 'decoder' && config.encoderLayers > 0 ? 3 : 2;
}

/** Counts every parameter of the configured model; the total reproduces GPT-2 small (124,439,808) and BERT-base (109,482,240). */
export function countParameters(config: TransformerConfig): ParameterCount {
  const { vocabSize: V, dModel: d, dFF: f } = config;
  const rows: ParameterRow[] = [];
  const add = (key: string, name: string, group: ParameterGroup, shape: number[], layers?: number) => {
    const params = shapeSize(shape);
    if (params === 0) return;
    rows.push(layers === undefined ? { key, name, group, shape, params } : { key, name, group, shape, layers, params });
  };

  add('embeddings.token', 'token embedding', 'embeddings', [V, d]);
  if (config.positional === 'learned') add('embeddings.position', 'position embedding (learned)', 'embeddings', [config.maxPositions, d]);
  add('embeddings.tokenType', 'token type (segment) embedding', 'embeddings', [config.tokenTypes, d]);
  if (config.embeddingLayerNorm) add('embeddings.layerNorm', 'embedding LayerNorm (gain, bias)', 'embeddings', [2, d]);

  const stack = (which: 'encoder' | 'decoder', L: number) => {
    if (L === 0) return;
    const attention = (part: 'selfAttention' | 'crossAttention', label: string) => {
      add(`${which}.${part}.weights`, `${which} ${label} Q, K, V, O weights`, which, [L, 4, d, d], L);
      if (config.bias) add(`${which}.${part}.biases`, `${which} ${label} Q, K, V, O biases`, which, [L, 4, d], L);
    };
    attention('selfAttention', 'self-attention');
    if (which === 'decoder' && config.encoderLayers > 0) attention('crossAttention', 'cross-attention');
    add(`${which}.ffn.w1`, `${which} feed-forward W1`, which, [L, d, f], L);
    if (config.bias) add(`${which}.ffn.b1`, `${which} feed-forward b1`, which, [L, f], L);
    add(`${which}.ffn.w2`, `${which} feed-forward W2`, which, [L, f, d], L);
    if (config.bias) add(`${which}.ffn.b2`, `${which} feed-forward b2`, which, [L, d], L);
    const norms = layerNormsPerLayer(which, config);
    add(`${which}.layerNorms`, `${which} LayerNorms (${norms} per layer, gain and bias)`, which, [L, norms, 2, d], L);
    // A pre-LN stack normalises its output once more; with an encoder and a decoder each stack has its own.
    if (config.finalLayerNorm) add(`${which}.finalLayerNorm`, `${which} final LayerNorm (gain, bias)`, which, [2, d]);
  };
  stack('encoder', config.encoderLayers);
  stack('decoder', config.decoderLayers);

  if (!config.tiedEmbeddings) {
    add('output.projection', 'output projection (untied)', 'output', [d, V]);
    if (config.bias) add('output.bias', 'output bias', 'output', [V]);
  }
  if (config.pooler) {
    // The contract defines the pooler as a dense layer *with* bias, as in BERT.
    add('output.pooler.weight', 'pooler weight', 'output', [d, d]);
    add('output.pooler.bias', 'pooler bias', 'output', [d]);
  }

  const sum = (pred: (r: ParameterRow) => boolean) => rows.filter(pred).reduce((a, r) => a + r.params, 0);
  const perLayer = (which: 'encoder' | 'decoder', L: number) => (L === 0 ? 0 : sum((r) => r.group === which && r.layers !== undefined) / L);
  const embeddingTables = new Set(['embeddings.token', 'embeddings.position', 'embeddings.tokenType']);
  const total = sum(() => true);
  const totals: ParameterTotals = {
    total,
    embeddings: sum((r) => r.group === 'embeddings'),
    encoder: sum((r) => r.group === 'encoder'),
    decoder: sum((r) => r.group === 'decoder'),
    output: sum((r) => r.group === 'output'),
    perEncoderLayer: perLayer('encoder', config.encoderLayers),
    perDecoderLayer: perLayer('decoder', config.decoderLayers),
    nonEmbedding: total - sum((r) => embeddingTables.has(r.key)),
  };
  return { rows, totals };
}
