/**
 * Two ways evaluation stops. `NotComputable` is silent: symbols without values, prose, notation the
 * engine does not model. `EvalProblem` is something the student should see: a shape mismatch, a
 * malformed matrix, a limit, a singular matrix. Offsets are relative to the formula.
 */
import { render, type Message } from '../messages';

export class NotComputable {
  // Deliberately not an Error: symbolic lines throw this constantly, and capturing a stack trace
  // for each throw dominated the analysis of large answer files.
  constructor(readonly reason: string) {}
  get message(): string {
    return this.reason;
  }
}

export type ProblemCode = 'shape-mismatch' | 'malformed-matrix' | 'limit' | 'singular' | 'domain' | 'syntax';

/** `message` is the English text; `msg` writes it in another language when the finding is made. */
export class EvalProblem extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly msg: Message,
    readonly start: number,
    readonly end: number,
  ) {
    super(render('en', msg));
  }
}
