/**
 * How reading a formula stops. `Unsupported` is silent: notation the front end does not model, prose,
 * symbols without values (the evaluator throws it too, as `NotComputable`). `FormulaProblem` is
 * something the student should see, with its place in the formula: a malformed matrix, a limit, and
 * from the evaluator a shape mismatch, a singular matrix, a domain error. Offsets are relative to the
 * formula. The evaluator re-exports both (`eval/errors.ts`) under its own names.
 */
import { render, type Message } from '../messages';

export class Unsupported {
  // Deliberately not an Error: symbolic lines throw this constantly, and capturing a stack trace
  // for each throw dominated the analysis of large answer files.
  constructor(readonly reason: string) {}
  get message(): string {
    return this.reason;
  }
}

export type ProblemCode = 'shape-mismatch' | 'malformed-matrix' | 'limit' | 'singular' | 'domain' | 'syntax';

/** `message` is the English text; `msg` writes it in another language when the finding is made. */
export class FormulaProblem extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly msg: Message,
    readonly start: number,
    readonly end: number,
  ) {
    super(render('en', msg));
  }
}

/** A structural problem that makes the formula unreadable (unbalanced braces…). */
export class LatexSyntaxError extends Error {
  constructor(
    readonly msg: Message,
    readonly start: number,
    readonly end: number,
  ) {
    super(render('en', msg));
  }
}
