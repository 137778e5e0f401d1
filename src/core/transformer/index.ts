/** The transformer calculator: configuration, exact parameter counts, activations, memory, Markdown table, and parameter-arithmetic explanations. */
export { parseTransformerConfig, parseConfigText, formatConfigProblems, formatConfigTextProblem, formatConfigWarnings, TRANSFORMER_CONFIG_FIELDS } from './config';
export type { TransformerConfig, ConfigProblem, ConfigResult, PositionalKind, LayerNormPlacement } from './config';
export { countParameters, layerNormsPerLayer } from './count';
export type { ParameterRow, ParameterTotals, ParameterCount, ParameterGroup } from './count';
export { activationShapes } from './activations';
export type { ActivationRow } from './activations';
export { estimateMemory } from './memory';
export type { MemoryEstimate } from './memory';
export { analyzeTransformer, transformerFromObject } from './report';
export type { TransformerReport, TransformerResult } from './report';
export { componentName, renderTransformerTable } from './table';
export type { TableOptions } from './table';
export { describeParameterArithmetic } from './arithmetic';
export type { ArithmeticContext, ArithmeticExplanation } from './arithmetic';
export { formatCount, formatBytes, formatShape, shapeSize } from './format';
