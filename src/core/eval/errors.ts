/**
 * Two ways evaluation stops. `NotComputable` is silent: symbols without values, prose, notation the
 * engine does not model. `EvalProblem` is something the student should see: a shape mismatch, a
 * malformed matrix, a limit, a singular matrix. Offsets are relative to the formula.
 */
export class NotComputable extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export type ProblemCode = 'shape-mismatch' | 'malformed-matrix' | 'limit' | 'singular' | 'domain' | 'syntax';

export class EvalProblem extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}
