/**
 * Reading a Hugging Face `config.json` (GPT-2 and BERT families) as it is: its snake_case keys
 * become the calculator's fields, and the family decides what the file leaves implicit (GPT-2 is
 * pre-LN with a final LayerNorm; BERT is post-LN with an embedding LayerNorm, two segments and a
 * pooler). Other families (LLaMA, T5, …) have parts the calculator does not model (gated MLPs,
 * RMSNorm, relative attention), so they are refused with a reason rather than counted wrongly.
 * Every key is read with own-property checks: a key such as `constructor` is just a key.
 */

import { message, type Message } from '../messages';

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Keys with one meaning wherever they appear, mapped to the calculator's field. */
const DIRECT: ReadonlyMap<string, string> = new Map([
  ['vocab_size', 'vocabSize'],
  ['d_model', 'dModel'],
  ['hidden_size', 'dModel'],
  ['n_embd', 'dModel'],
  ['n_head', 'heads'],
  ['num_attention_heads', 'heads'],
  ['num_heads', 'heads'],
  ['intermediate_size', 'dFF'],
  ['d_ff', 'dFF'],
  ['n_inner', 'dFF'],
  ['max_position_embeddings', 'maxPositions'],
  ['n_positions', 'maxPositions'],
  ['type_vocab_size', 'tokenTypes'],
  ['tie_word_embeddings', 'tiedEmbeddings'],
  ['batch_size', 'batch'],
  ['seq_len', 'seqLen'],
  ['bytes_per_value', 'bytesPerValue'],
]);

/** Keys that say a whole file is a Hugging Face configuration of one family. */
const GPT2_KEYS = ['n_embd', 'n_head', 'n_layer'];
const BERT_KEYS = ['hidden_size', 'num_attention_heads', 'num_hidden_layers', 'type_vocab_size'];
const BERT_TYPES = new Set(['bert', 'roberta', 'xlm-roberta', 'camembert']);

/** The calculator's fields that describe the architecture (batch, seqLen and bytesPerValue do not). */
const ARCHITECTURE_FIELDS = ['vocabSize', 'dModel', 'heads', 'dFF', 'encoderLayers', 'decoderLayers', 'maxPositions', 'positional', 'tokenTypes', 'bias', 'layerNorm', 'embeddingLayerNorm', 'finalLayerNorm', 'tiedEmbeddings', 'pooler'];

export type HuggingFaceFamily = 'gpt2' | 'bert';

export interface HuggingFaceReading {
  /** The calculator's fields, camelCase, in a prototype-less object. */
  fields: Record<string, unknown>;
  /** Keys that were read (so they are not reported as unknown). */
  consumed: Set<string>;
  family?: HuggingFaceFamily;
  /** One line saying how the file was read (family and what is counted). */
  note?: Message;
  errors: { field: string; message: Message }[];
}

function familyOf(raw: Record<string, unknown>): { family?: HuggingFaceFamily; error?: Message } {
  if (own(raw, 'model_type')) {
    const t = raw.model_type;
    if (t === 'gpt2') return { family: 'gpt2' };
    if (typeof t === 'string' && BERT_TYPES.has(t)) return { family: 'bert' };
    return {
      error: message('transformer.hf-model-type', { modelType: typeof t === 'string' ? `"${t.slice(0, 40)}"` : message('transformer.hf-of-this-file') }),
    };
  }
  // without model_type: a file that has only one family's keys (and none of our architecture fields)
  if (ARCHITECTURE_FIELDS.some((f) => own(raw, f))) return {};
  const gpt = GPT2_KEYS.some((k) => own(raw, k));
  const bert = BERT_KEYS.some((k) => own(raw, k));
  if (gpt && !bert) return { family: 'gpt2' };
  if (bert && !gpt && own(raw, 'type_vocab_size')) return { family: 'bert' };
  return {};
}

/**
 * Maps Hugging Face keys of a configuration object to the calculator's fields. The calculator's own
 * camelCase fields win when both are given and agree; when they disagree it is an error. Family
 * defaults apply only to a whole Hugging Face file (model_type given, or no camelCase field at all).
 */
export function readHuggingFace(raw: Record<string, unknown>): HuggingFaceReading {
  const fields: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const consumed = new Set<string>();
  const errors: HuggingFaceReading['errors'] = [];
  for (const k of Object.keys(raw)) if (!DIRECT.has(k)) fields[k] = raw[k];

  const set = (field: string, key: string, value: unknown) => {
    consumed.add(key);
    if (value === null || value === undefined) return; // `"n_inner": null` means the default
    if (own(raw, field) && raw[field] !== value) {
      errors.push({ field, message: message('transformer.hf-conflict', { ours: JSON.stringify(raw[field]), key, theirs: JSON.stringify(value) }) });
      return;
    }
    const earlier = Object.prototype.hasOwnProperty.call(fields, field) ? fields[field] : undefined;
    if (earlier !== undefined && earlier !== value && !own(raw, field)) {
      errors.push({ field, message: message('transformer.hf-twice', { earlier: JSON.stringify(earlier), key, value: JSON.stringify(value) }) });
      return;
    }
    fields[field] = value;
  };
  for (const k of Object.keys(raw)) {
    const field = DIRECT.get(k);
    if (field) set(field, k, raw[k]);
  }

  const { family, error } = familyOf(raw);
  if (error) {
    consumed.add('model_type');
    errors.push({ field: '(config)', message: error });
    return { fields, consumed, errors };
  }
  if (!family) return { fields, consumed, errors };

  consumed.add('model_type');
  // a whole Hugging Face file: its other keys (dropouts, token ids, activation) change no count
  for (const k of Object.keys(raw)) if (k.includes('_') || k === 'architectures') consumed.add(k);
  const fill = (field: string, value: unknown) => {
    if (!Object.prototype.hasOwnProperty.call(fields, field) || fields[field] === undefined) fields[field] = value;
  };
  const int = (k: string) => (own(raw, k) && raw[k] !== null ? raw[k] : undefined);
  if (own(raw, 'add_cross_attention') && raw.add_cross_attention === true) {
    errors.push({ field: 'add_cross_attention', message: message('transformer.hf-cross-attention') });
  }
  if (family === 'gpt2') {
    if (!own(raw, 'n_positions') && int('n_ctx') !== undefined) fill('maxPositions', raw.n_ctx);
    const layers = int('n_layer') ?? int('num_hidden_layers');
    if (layers !== undefined) fill('decoderLayers', layers);
    if (raw.tie_word_embeddings === false) {
      errors.push({ field: 'tie_word_embeddings', message: message('transformer.hf-untied-gpt2') });
    }
    fill('positional', 'learned');
    fill('layerNorm', 'pre');
    fill('finalLayerNorm', true);
    fill('tiedEmbeddings', true);
    return { fields, consumed, family, note: message('transformer.hf-read-gpt2'), errors };
  }
  const pos = own(raw, 'position_embedding_type') ? raw.position_embedding_type : 'absolute';
  if (pos !== 'absolute') {
    errors.push({ field: 'position_embedding_type', message: message('transformer.hf-position-type', { value: JSON.stringify(pos) }) });
  }
  if (raw.is_decoder === true) errors.push({ field: 'is_decoder', message: message('transformer.hf-bert-decoder') });
  const layers = int('num_hidden_layers');
  if (layers !== undefined) fill('encoderLayers', layers);
  fill('tokenTypes', 2);
  fill('positional', 'learned');
  fill('layerNorm', 'post');
  fill('embeddingLayerNorm', true);
  fill('pooler', true);
  // BertModel's own parameters; a masked-LM head ties its output to the embedding anyway
  fill('tiedEmbeddings', true);
  return { fields, consumed, family, note: message('transformer.hf-read-bert'), errors };
}
