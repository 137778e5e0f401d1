/**
 * The document model: what the analysis of one answer holds — its formulas, their statements and
 * pieces with values, the variables in scope, the sections, and the findings. Only types: the passes
 * (analysis.ts runs them) fill it, and the views (hover, panel) read it.
 */
import type { MathSpan } from '../markdown/spans';
import type { Node } from '../syntax/ast';
import type { EvalProblem } from '../eval/errors';
import type { Val } from '../eval/values';
import type { Finding, TextRange } from '../types';
import type { Section } from './sections';
import type { StatementKind } from './statements';

/** A document variable: a name given a computable value, known from its definition on. */
export interface Variable {
  name: string;
  value: Val;
  /** Where it was defined (the defining piece, e.g. `q = \begin{bmatrix}…`). */
  range: TextRange;
  /** The defining formula's source text. */
  source: string;
}

export type PieceStatus = 'value' | 'not-computable' | 'problem' | 'symbol';

export interface PieceInfo {
  range: TextRange;
  source: string;
  /** Relation written before this piece: `=`, `\approx`, … */
  rel?: string;
  status: PieceStatus;
  node?: Node;
  value?: Val;
  reason?: string;
  steps: string[];
  /** Document variables this piece read. */
  uses: string[];
  /** A real problem (shape, limit, malformed matrix) with its own range inside the formula. */
  problem?: EvalProblem;
  /** The kind of statement the relation written before this piece makes (`statements.ts`); none on a chain's first piece. */
  kind?: StatementKind;
}

export interface ChainInfo {
  range: TextRange;
  pieces: PieceInfo[];
  /** Names this chain defines (`q = …`, `w_1 = w_2 = 1`). */
  defines: string[];
  /** What the chain states as a whole (`statements.ts`): only claims and approximations are judged. */
  kind: StatementKind;
}

export interface FormulaInfo {
  index: number;
  span: MathSpan;
  chains: ChainInfo[];
  findings: Finding[];
  /** Variables known when this formula starts. */
  scope: ReadonlyMap<string, Variable>;
  /** Variables known when it ends (its own definitions added). */
  after: ReadonlyMap<string, Variable>;
  /** The innermost section it is in (`DocumentAnalysis.sections`); its definitions hold there. */
  section: number;
  ignored: boolean;
  /** Number of `=` claims judged in this formula. */
  claims: number;
}

export interface DocumentAnalysis {
  formulas: FormulaInfo[];
  findings: Finding[];
  claims: number;
  /**
   * Every variable the document defines, at its last definition (whatever its section). What is
   * known at a place is a formula's `scope` or `after`.
   */
  variables: ReadonlyMap<string, Variable>;
  /** How many statements define each name (`q = …`, also symbolic ones): more than one is a reused name. */
  definitions: ReadonlyMap<string, number>;
  ignoredFile: boolean;
  /** Headings, questions and breaks: where definitions hold (`sections.ts`); 0 is the whole document. */
  sections: Section[];
}
