/** Activation shapes of one forward pass for a batch, and what each tensor costs in memory. */
import type { TransformerConfig } from './config';
import { shapeSize } from './format';

export interface ActivationRow {
  /** Stable identifier, e.g. `attention.scores`. */
  key: string;
  /** English name of the tensor. */
  name: string;
  shape: number[];
  /** Number of values: the product of `shape`. */
  elements: number;
  /** `elements × bytesPerValue`, for one such tensor (one layer). */
  bytes: number;
}

/**
 * The tensors a student is asked about, for batch B and sequence length S: the embeddings output
 * (B,S,d), Q/K/V split into heads (B,h,S,d/h), attention scores (B,h,S,S), the feed-forward inner
 * activation (B,S,dFF) and the logits (B,S,V). Cross-attention scores appear when a decoder attends
 * to an encoder (source and target both S long).
 */
export function activationShapes(config: TransformerConfig): ActivationRow[] {
  const { batch: B, seqLen: S, dModel: d, heads: h, dFF: f, vocabSize: V } = config;
  const rows: ActivationRow[] = [];
  const add = (key: string, name: string, shape: number[]) => {
    const elements = shapeSize(shape);
    rows.push({ key, name, shape, elements, bytes: elements * config.bytesPerValue });
  };
  add('embeddings.output', 'embeddings output', [B, S, d]);
  add('attention.qkv', 'Q, K, V split into heads (each)', [B, h, S, d / h]);
  add('attention.scores', 'attention scores QKᵀ/√d_k (per layer)', [B, h, S, S]);
  if (config.encoderLayers > 0 && config.decoderLayers > 0) add('crossAttention.scores', 'cross-attention scores (per decoder layer)', [B, h, S, S]);
  add('attention.output', 'attention output, heads concatenated', [B, S, d]);
  add('ffn.inner', 'feed-forward inner activation (per layer)', [B, S, f]);
  add('logits', 'logits', [B, S, V]);
  return rows;
}
