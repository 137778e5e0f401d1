/** Memory of the parameters and activations, in bytes. */
import type { TransformerConfig } from './config';
import type { ActivationRow } from './activations';

export interface MemoryEstimate {
  /** Parameters stored in fp32 (4 bytes each). */
  parametersFp32Bytes: number;
  /** Parameters stored at the configured `bytesPerValue`. */
  parametersBytes: number;
  bytesPerValue: number;
  /** Attention blocks in the model: one self-attention per layer plus one cross-attention per decoder layer with an encoder. */
  attentionBlocks: number;
  /** Bytes of the attention scores summed over every attention block of the model. */
  attentionScoresAllLayersBytes: number;
}

/** Parameter memory (fp32 and at bytesPerValue) and the attention scores kept for backward in all layers. */
export function estimateMemory(config: TransformerConfig, totalParams: number, activations: ActivationRow[]): MemoryEstimate {
  const scores = activations.find((a) => a.key === 'attention.scores');
  const blocks = config.encoderLayers + config.decoderLayers + (config.encoderLayers > 0 ? config.decoderLayers : 0);
  return {
    parametersFp32Bytes: totalParams * 4,
    parametersBytes: totalParams * config.bytesPerValue,
    bytesPerValue: config.bytesPerValue,
    attentionBlocks: blocks,
    attentionScoresAllLayersBytes: (scores?.bytes ?? 0) * blocks,
  };
}
