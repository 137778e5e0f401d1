/** Shape algebra: sizes, shapes of matrix expressions, and shape checks through a whole answer. */
export { analyzeShapes, shapeFindings } from './analyze';
export type { ShapeAnalysis, FormulaShapes, PieceShape, PieceShapeKind } from './analyze';
export { readForShapes, functionName, SAME_SHAPE_FUNCTIONS } from './read';
export type { ShapeReading } from './read';
export { inferShape, ShapeMismatch, ShapeUnknown, formatShape, describeShape, numericShape, dimOf } from './infer';
export type { SVal, Step, ShapeScope, InferContext } from './infer';
export { num, sym, formatDim, valueOf, resolve, compareDims } from './dim';
export type { Dim, DimEnv, DimValue } from './dim';
export { arithmeticContext, productFactors, describeSkipGramCount, skipGramContext, mentionsSkipGram } from './counting';
export type { SkipGramContext, SkipGramExplanation } from './counting';
export { transformerConfigAt, TRANSFORMER_PRESETS, presetById } from './documentConfig';
export type { DocumentConfig, TransformerPreset } from './documentConfig';
