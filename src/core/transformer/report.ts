/** The whole calculator result for one configuration: counts, activations and memory. */
import { parseTransformerConfig, formatConfigProblems, type TransformerConfig, type ConfigProblem } from './config';
import type { Lang, Message } from '../messages';
import { countParameters, type ParameterRow, type ParameterTotals } from './count';
import { activationShapes, type ActivationRow } from './activations';
import { estimateMemory, type MemoryEstimate } from './memory';

export interface TransformerReport {
  config: TransformerConfig;
  total: number;
  rows: ParameterRow[];
  totals: ParameterTotals;
  activations: ActivationRow[];
  memory: MemoryEstimate;
  /** Unknown fields, how a Hugging Face file was read… (written by formatConfigWarnings). */
  warnings: Message[];
}

/** Counts, activation shapes and memory of an already validated configuration. */
export function analyzeTransformer(config: TransformerConfig, warnings: Message[] = []): TransformerReport {
  const { rows, totals } = countParameters(config);
  const activations = activationShapes(config);
  return { config, total: totals.total, rows, totals, activations, memory: estimateMemory(config, totals.total, activations), warnings };
}

export type TransformerResult =
  | { ok: true; report: TransformerReport }
  | { ok: false; errors: ConfigProblem[]; message: string; warnings: Message[] };

/** Validates a plain object (e.g. parsed JSON) and analyses it; on failure `message` is one line naming every bad field, in `lang`. */
export function transformerFromObject(input: unknown, lang: Lang = 'en'): TransformerResult {
  const parsed = parseTransformerConfig(input);
  if (!parsed.ok) return { ok: false, errors: parsed.errors, message: formatConfigProblems(parsed.errors, lang), warnings: parsed.warnings };
  return { ok: true, report: analyzeTransformer(parsed.config, parsed.warnings) };
}
