/** The whole calculator result for one configuration: counts, activations and memory. */
import { parseTransformerConfig, formatConfigProblems, type TransformerConfig, type ConfigProblem } from './config';
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
  warnings: string[];
}

/** Counts, activation shapes and memory of an already validated configuration. */
export function analyzeTransformer(config: TransformerConfig, warnings: string[] = []): TransformerReport {
  const { rows, totals } = countParameters(config);
  const activations = activationShapes(config);
  return { config, total: totals.total, rows, totals, activations, memory: estimateMemory(config, totals.total, activations), warnings };
}

export type TransformerResult =
  | { ok: true; report: TransformerReport }
  | { ok: false; errors: ConfigProblem[]; message: string; warnings: string[] };

/** Validates a plain object (e.g. parsed JSON) and analyses it; on failure `message` is one line naming every bad field. */
export function transformerFromObject(input: unknown): TransformerResult {
  const parsed = parseTransformerConfig(input);
  if (!parsed.ok) return { ok: false, errors: parsed.errors, message: formatConfigProblems(parsed.errors), warnings: parsed.warnings };
  return { ok: true, report: analyzeTransformer(parsed.config, parsed.warnings) };
}
