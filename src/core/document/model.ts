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
import type { FoundRecurrence, RecurrenceProblem } from '../bptt/types';

/** A document variable: a name given a computable value, known from its definition on. */
export interface Variable {
  name: string;
  value: Val;
  /** Where it was defined (the defining piece, e.g. `q = \begin{bmatrix}…`). */
  range: TextRange;
  /** The defining formula's source text. */
  source: string;
  /**
   * The value the defining chain wrote last, when it differs from `value` and the chain's claims were
   * right (`y_2 = v h_2 = 2 \times (-0.5506) = -1.1012`: a rounded result): later lines compute with it.
   */
  written?: Val;
  /**
   * The defining formula was introduced as a case ("with $k = 3$ …"): past its paragraph the answer may
   * mean the value the name had before.
   */
  assumed?: boolean;
}

export type PieceStatus = 'value' | 'not-computable' | 'problem' | 'symbol';

export interface PieceInfo {
  range: TextRange;
  source: string;
  /** Relation written before this piece: `=`, `\approx`, … */
  rel?: string;
  status: PieceStatus;
  /** The tree the evaluator computed from (none where it could not read the piece). */
  node?: Node;
  /**
   * The front end's tree of the piece: `node`, or the tree of notation with no value that later
   * passes read for its shape (`\dots`, `\mathrm{Concat}(…)`, `\R^{n}`). Offsets relative to the formula.
   */
  tree?: Node;
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
  /** The shape pass's part (`shapes/analyze.ts`): shapes per piece and `shape-mismatch` findings. */
  shapes: ShapeAnalysis;
  /** The recurrences BPTT can read, top to bottom (`recurrences.ts`): the panel, the BPTT command and the CLI take them from here. */
  recurrences: FoundRecurrence[];
  /** Formulas that define an indexed state (`h_t = …`) but are not a recurrence BPTT can read, and why. */
  recurrenceProblems: RecurrenceProblem[];
}

export type PieceShapeKind = 'declaration' | 'expression' | 'tuple' | 'dimension';

/** What is known about the shape of one piece of a formula. */
export interface PieceShape {
  kind: PieceShapeKind;
  /** The piece (document offsets). */
  range: TextRange;
  /** Short label: `QKᵀ`, `XW_Q`, `(32, 2048, 768)`. */
  label: string;
  /** Names the piece declares or defines (`X`, or `Q`, `K`, `V` for `Q, K, V \in …`). */
  names: string[];
  /** Symbolic sizes (`n`, `d_k`); for a tuple, its entries. Absent for a scalar. */
  shape?: string[];
  /** The sizes as numbers when the document declares every one. */
  numeric?: number[];
  /** For declarations and tuples: each size's value, null where the document gives none. */
  sizes?: (number | null)[];
  /** For a size expression (`d_{model}/h`): its value, and the working `768/12`. */
  value?: number;
  working?: string;
  /** Shape flow, one line per product, scaling, softmax, split or concat. */
  steps: string[];
  /** Shapes assumed because the document does not declare them (attention's Q, K, V). */
  assumed?: string;
  /** Whether the piece involves softmax or an attention call. */
  attention: boolean;
  /** The declared shape this piece was checked against, when there is one. */
  declared?: string;
}

export interface FormulaShapes {
  /** Index into `analysis.formulas`. */
  index: number;
  pieces: PieceShape[];
  /** Numeric sizes known at the end of the formula (d_model → 768…). */
  numbers: ReadonlyMap<string, number>;
}

export interface ShapeAnalysis {
  /** `shape-mismatch` warnings, in document order (none in ignored formulas). */
  findings: Finding[];
  /** One entry per formula of the analysis, same order. */
  formulas: FormulaShapes[];
}

