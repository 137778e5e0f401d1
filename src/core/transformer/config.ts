/**
 * The transformer calculator's configuration: parsing a plain object (from a JSON file, a command
 * argument or the formulas in a document) into a fully defaulted, validated configuration.
 * Field names and defaults are exactly those of the `transformer` section of the CLI contract.
 */

import { readHuggingFace } from './huggingface';
import { message, render, type Lang, type Message } from '../messages';

export type PositionalKind = 'learned' | 'sinusoidal' | 'none';
export type LayerNormPlacement = 'pre' | 'post';

/** A configuration with every default applied; all counts are non-negative integers. */
export interface TransformerConfig {
  vocabSize: number;
  dModel: number;
  heads: number;
  dFF: number;
  encoderLayers: number;
  decoderLayers: number;
  maxPositions: number;
  positional: PositionalKind;
  tokenTypes: number;
  bias: boolean;
  layerNorm: LayerNormPlacement;
  embeddingLayerNorm: boolean;
  finalLayerNorm: boolean;
  tiedEmbeddings: boolean;
  pooler: boolean;
  batch: number;
  seqLen: number;
  bytesPerValue: number;
}

/** One thing wrong with the configuration, naming the field. */
export interface ConfigProblem {
  field: string;
  /** What is wrong with the field, written in a language by {@link formatConfigProblems}. */
  message: Message;
}

export type ConfigResult =
  | { ok: true; config: TransformerConfig; warnings: Message[] }
  | { ok: false; errors: ConfigProblem[]; warnings: Message[] };

type FieldKind =
  | { type: 'int'; min: number; required?: boolean }
  | { type: 'number'; positive: true }
  | { type: 'bool' }
  | { type: 'enum'; values: readonly string[] };

const FIELDS: Record<keyof TransformerConfig, FieldKind> = {
  vocabSize: { type: 'int', min: 1, required: true },
  dModel: { type: 'int', min: 1, required: true },
  heads: { type: 'int', min: 1, required: true },
  dFF: { type: 'int', min: 1 },
  encoderLayers: { type: 'int', min: 0 },
  decoderLayers: { type: 'int', min: 0 },
  maxPositions: { type: 'int', min: 0 },
  positional: { type: 'enum', values: ['learned', 'sinusoidal', 'none'] },
  tokenTypes: { type: 'int', min: 0 },
  bias: { type: 'bool' },
  layerNorm: { type: 'enum', values: ['pre', 'post'] },
  embeddingLayerNorm: { type: 'bool' },
  finalLayerNorm: { type: 'bool' },
  tiedEmbeddings: { type: 'bool' },
  pooler: { type: 'bool' },
  batch: { type: 'int', min: 1 },
  seqLen: { type: 'int', min: 1 },
  bytesPerValue: { type: 'number', positive: true },
};

/** The configuration field names, in the contract's order. */
export const TRANSFORMER_CONFIG_FIELDS = Object.keys(FIELDS) as (keyof TransformerConfig)[];

/**
 * Names students copy from configs, mapped to ours so a key that is not read (a layer count in a
 * mixed configuration, a typo) gets a pointed hint instead of a silent default. A Map, so a key
 * such as `constructor` or `toString` finds nothing.
 */
const ALIASES: ReadonlyMap<string, string> = new Map(Object.entries({
  vocab_size: 'vocabSize',
  vocab: 'vocabSize',
  n_vocab: 'vocabSize',
  d_model: 'dModel',
  hidden_size: 'dModel',
  n_embd: 'dModel',
  dmodel: 'dModel',
  num_attention_heads: 'heads',
  n_head: 'heads',
  n_heads: 'heads',
  num_heads: 'heads',
  intermediate_size: 'dFF',
  d_ff: 'dFF',
  n_inner: 'dFF',
  dff: 'dFF',
  num_hidden_layers: 'encoderLayers or decoderLayers',
  n_layer: 'decoderLayers',
  n_layers: 'encoderLayers or decoderLayers',
  layers: 'encoderLayers or decoderLayers',
  num_layers: 'encoderLayers or decoderLayers',
  max_position_embeddings: 'maxPositions',
  n_positions: 'maxPositions',
  n_ctx: 'maxPositions',
  type_vocab_size: 'tokenTypes',
  seq_len: 'seqLen',
  batch_size: 'batch',
}));

/** Keys a config file may carry for people, not for the calculator. */
const IGNORED_KEYS = new Set(['name', 'description', 'comment', '$schema', '$comment']);

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `"${v}" (a string)`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

function suggestionFor(key: string): string | undefined {
  const alias = ALIASES.get(key) ?? ALIASES.get(key.toLowerCase());
  if (alias) return alias;
  const lower = key.toLowerCase();
  return TRANSFORMER_CONFIG_FIELDS.find((f) => f.toLowerCase() === lower || editDistance(f.toLowerCase(), lower) <= 2);
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/**
 * Validates a plain object against the contract's field table and applies its defaults
 * (dFF = 4·dModel, seqLen = maxPositions or 512, …). Every problem names the field and says why;
 * unknown fields are warnings (with a "did you mean" hint), not errors.
 */
export function parseTransformerConfig(input: unknown): ConfigResult {
  const errors: ConfigProblem[] = [];
  const warnings: Message[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [{ field: '(config)', message: message('transformer.not-object', { got: describeValue(input) }) }],
      warnings,
    };
  }
  // Hugging Face keys (`n_embd`, `hidden_size`, …) become ours; `raw` is then a prototype-less object
  const hf = readHuggingFace(input as Record<string, unknown>);
  const raw = hf.fields;
  if (hf.note) warnings.push(hf.note);
  errors.push(...hf.errors);
  const known = new Set<string>(TRANSFORMER_CONFIG_FIELDS);
  const unknownKeys = Object.keys(raw).filter((k) => !known.has(k) && !IGNORED_KEYS.has(k) && !hf.consumed.has(k));
  for (const k of unknownKeys) {
    const hint = suggestionFor(k);
    warnings.push(hint ? message('transformer.unknown-field-hint', { key: k, hint }) : message('transformer.unknown-field', { key: k }));
  }

  const values: Partial<Record<keyof TransformerConfig, number | boolean | string>> = {};
  for (const field of TRANSFORMER_CONFIG_FIELDS) {
    const kind = FIELDS[field];
    if (!Object.prototype.hasOwnProperty.call(raw, field) || raw[field] === undefined) {
      if (kind.type === 'int' && kind.required) {
        const similar = unknownKeys.find((k) => suggestionFor(k)?.includes(field));
        errors.push({ field, message: similar ? message('transformer.required-rename', { similar, field }) : message('transformer.required') });
      }
      continue;
    }
    const v = raw[field];
    switch (kind.type) {
      case 'int':
        if (typeof v !== 'number' || !Number.isFinite(v)) errors.push({ field, message: message('transformer.whole-number', { got: describeValue(v) }) });
        else if (!Number.isInteger(v)) errors.push({ field, message: message('transformer.whole-number', { got: String(v) }) });
        else if (v < kind.min) errors.push({ field, message: kind.min === 0 ? message('transformer.not-negative', { got: String(v) }) : message('transformer.at-least', { min: kind.min, got: String(v) }) });
        else if (!Number.isSafeInteger(v)) errors.push({ field, message: message('transformer.too-large-exact', { got: String(v) }) });
        else values[field] = v;
        break;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) errors.push({ field, message: message('transformer.number', { got: describeValue(v) }) });
        else if (v <= 0) errors.push({ field, message: message('transformer.positive', { got: String(v) }) });
        else values[field] = v;
        break;
      case 'bool':
        if (typeof v !== 'boolean') errors.push({ field, message: message('transformer.boolean', { got: describeValue(v) }) });
        else values[field] = v;
        break;
      case 'enum':
        if (typeof v !== 'string' || !kind.values.includes(v)) {
          errors.push({ field, message: message('transformer.one-of', { values: kind.values.map((s) => `"${s}"`).join(', '), got: describeValue(v) }) });
        } else values[field] = v;
        break;
    }
  }

  const num = (f: keyof TransformerConfig) => values[f] as number | undefined;
  const dModel = num('dModel');
  const heads = num('heads');
  if (dModel !== undefined && heads !== undefined && dModel % heads !== 0) {
    const q = Math.round((dModel / heads) * 100) / 100;
    errors.push({ field: 'heads', message: message('transformer.heads-divide', { dModel, heads, quotient: q }) });
  }
  const encoderLayers = num('encoderLayers') ?? 0;
  const decoderLayers = num('decoderLayers') ?? 0;
  if (!errors.some((e) => e.field === 'encoderLayers' || e.field === 'decoderLayers') && encoderLayers + decoderLayers === 0) {
    errors.push({ field: 'encoderLayers', message: message('transformer.no-layers') });
  }
  if (errors.length > 0 || dModel === undefined || heads === undefined) return { ok: false, errors, warnings };

  const maxPositions = num('maxPositions') ?? 0;
  const positional = (values.positional as PositionalKind | undefined) ?? 'learned';
  const config: TransformerConfig = {
    vocabSize: num('vocabSize') as number,
    dModel,
    heads,
    dFF: num('dFF') ?? 4 * dModel,
    encoderLayers,
    decoderLayers,
    maxPositions,
    positional,
    tokenTypes: num('tokenTypes') ?? 0,
    bias: (values.bias as boolean | undefined) ?? true,
    layerNorm: (values.layerNorm as LayerNormPlacement | undefined) ?? 'post',
    embeddingLayerNorm: (values.embeddingLayerNorm as boolean | undefined) ?? false,
    finalLayerNorm: (values.finalLayerNorm as boolean | undefined) ?? false,
    tiedEmbeddings: (values.tiedEmbeddings as boolean | undefined) ?? true,
    pooler: (values.pooler as boolean | undefined) ?? false,
    batch: num('batch') ?? 1,
    seqLen: num('seqLen') ?? (maxPositions > 0 ? maxPositions : 512),
    bytesPerValue: num('bytesPerValue') ?? 4,
  };
  // Counts stay exact only below 2^53; a config that big is a typo (an extra zero or two), not a model.
  const { vocabSize: V, dFF: f, batch: B, seqLen: S } = config;
  const L = Math.max(encoderLayers, decoderLayers);
  const largest = Math.max(V * dModel, L * 4 * dModel * dModel, L * dModel * f, B * heads * S * S, B * S * V, B * S * f);
  if (!(largest <= Number.MAX_SAFE_INTEGER / 64)) {
    return { ok: false, errors: [{ field: '(config)', message: message('transformer.tensors-too-large', { largest: largest.toExponential(2) }) }], warnings };
  }
  if (positional === 'learned' && maxPositions === 0) {
    warnings.push(message('transformer.learned-no-table'));
  }
  if (positional !== 'learned' && maxPositions > 0) {
    warnings.push(message('transformer.positions-unused', { maxPositions, positional }));
  }
  if (positional === 'learned' && maxPositions > 0 && config.seqLen > maxPositions) {
    warnings.push(message('transformer.seqlen-longer', { seqLen: config.seqLen, maxPositions }));
  }
  return { ok: true, config, warnings };
}

/**
 * The text of a configuration as typed, pasted (one line or many) or read from a file, e.g. a
 * Hugging Face `config.json`: JSON, with a byte-order mark allowed. The value still goes through
 * {@link parseTransformerConfig}.
 */
export function parseConfigText(text: string): { ok: true; value: unknown } | { ok: false; message: Message } {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body === '') return { ok: false, message: message('transformer.empty', { example: CONFIG_EXAMPLE }) };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (e) {
    return { ok: false, message: message('transformer.not-json', { detail: e instanceof Error ? e.message.split('\n')[0] : 'unreadable' }) };
  }
}

const CONFIG_EXAMPLE = '{"vocabSize": 50257, "dModel": 768, "heads": 12, "decoderLayers": 12}';

/** A problem of the configuration text as a whole ("the configuration is not valid JSON: …"), in `lang`. */
export function formatConfigTextProblem(problem: Message, lang: Lang = 'en'): string {
  return render(lang, message('transformer.config-is', { problem }));
}

/** One line naming every bad field and why, for a CLI message or a notification. */
export function formatConfigProblems(errors: ConfigProblem[], lang: Lang = 'en'): string {
  return errors
    .map((e) => render(lang, e.field === '(config)' ? message('transformer.config-problem', { problem: e.message }) : message('transformer.field-problem', { field: e.field, problem: e.message })))
    .join(lang === 'fa' ? '؛ ' : '; ');
}

/** The configuration's warnings (unknown fields, how a Hugging Face file was read), in `lang`. */
export function formatConfigWarnings(warnings: readonly Message[], lang: Lang = 'en'): string[] {
  return warnings.map((w) => render(lang, w));
}
