/** Backpropagation through time: recognise a recurrence, derive, evaluate, and spot the σ' slip. */
export * from './types';
export { parseRecurrence, recogniseRecurrence, recurrenceLatex, preactLatex } from './recurrence';
export type { ParseResult } from './recurrence';
export { findRecurrence, findAllRecurrences, recurrenceAt, recurrenceProblemAt } from './find';
export { deriveBptt, defaultNotation, closedFormLatex, MAX_STEPS } from './derive';
export { derivationMarkdown } from './markdown';
export { derivationBlocks } from './blocks';
export type { DerivationBlock, SentencePiece } from './blocks';
export { alignedLatex, approxWidthEm } from './latex';
export type { BpttDerivation, DeriveOptions, ResolvedTarget } from './derive';
export { parseBpttTarget, availableTargets } from './target';
export type { TargetChoice } from './target';
export {
  readBpttValues,
  forwardPass,
  lossValue,
  evaluateExpr,
  evaluateDerivation,
  evaluateClosedForm,
  finiteDifference,
  boundNumbers,
  spectralNorm,
} from './numeric';
export type { BpttNumbers, Mat, ForwardPass, BoundNumbers } from './numeric';
export type { Expr } from './expr';
export { findSigmaPrimeSlips, findSigmaPrimeSlipsInDocument, sigmaPrimeSlips } from './slips';
export { verifyDerivation } from './verify';
export type { NumericCheck } from './verify';
