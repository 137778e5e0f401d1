/**
 * Plain data shared by every stage of the core. Offsets are UTF-16 code units into the document
 * text, as JavaScript strings and VS Code count them.
 */
import type { Lang } from './messages';

/** A half-open range [start, end) of UTF-16 offsets into the document. */
export interface TextRange {
  start: number;
  end: number;
}

/** A number, or a matrix (vectors are n×1 columns or 1×n rows; orientation is kept). */
export type Value =
  | { kind: 'scalar'; value: number }
  | { kind: 'matrix'; rows: number; cols: number; data: number[][] };

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A suggested edit that fixes a finding. */
export interface TextEdit {
  range: TextRange;
  newText: string;
}

export interface RelatedInfo {
  range: TextRange;
  message: string;
}

/** Something the engine wants the student to see, positioned in the document. */
export interface Finding {
  range: TextRange;
  severity: Severity;
  /** Stable identifier: `wrong-result`, `orientation`, `shape-mismatch`, `sigma-prime-slip`, `limit`, … */
  code: string;
  message: string;
  /** The written text that was judged, when the finding is about a claim. */
  claimed?: string;
  /** The right value in LaTeX. */
  actual?: string;
  /** The right value as plain numbers (scalar, vector, or row-major matrix). */
  actualValue?: number | number[] | number[][];
  /** Human-readable working, e.g. one dot product per row. */
  steps?: string[];
  related?: RelatedInfo[];
  /**
   * For a `wrong-step`: a point where the two sides differ, with the values drawn for its names
   * (`{ "y": 0.3, "\\hat{y}": 0.6 }`) and each side's value there.
   */
  counterexample?: { values: Record<string, number>; left: number; right: number };
  /** The edit offered first: replace the claimed text with the right value (or, for a carried error, the carried value). */
  fix?: TextEdit & { title: string };
  /** Every edit offered, in order (`fixes[0]` is `fix`); findings made before fixes existed may carry only `fix`. */
  fixes?: (TextEdit & { title: string })[];
}

/** Options the adapters pass to the core; every field has a default (see `defaultOptions`). */
export interface EngineOptions {
  /** Index of the first element for argmax/argmin. */
  indexBase: 0 | 1;
  /** Largest matrix (rows × cols) the evaluator will build. */
  maxMatrixElements: number;
  /** Largest number of terms a Σ or Π may expand to. */
  maxSeriesTerms: number;
  /** Longest formula (characters) that is parsed at all. */
  maxFormulaLength: number;
  /** Deepest nesting of groups the parser follows. */
  maxDepth: number;
  /** Language of finding messages, related information and quick-fix titles (`src/core/messages.ts`). */
  language: Lang;
}

export const defaultOptions: EngineOptions = {
  indexBase: 0,
  maxMatrixElements: 250_000,
  maxSeriesTerms: 100_000,
  maxFormulaLength: 20_000,
  maxDepth: 200,
  language: 'en',
};

export function withDefaults(partial?: Partial<EngineOptions>): EngineOptions {
  return { ...defaultOptions, ...(partial ?? {}) };
}

/** The core logs through this; adapters give it an output channel, tests a null logger. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const nullLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
