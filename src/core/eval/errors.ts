/**
 * Two ways evaluation stops. `NotComputable` is silent: symbols without values, prose, notation the
 * engine does not model. `EvalProblem` is something the student should see: a shape mismatch, a
 * malformed matrix, a limit, a singular matrix. Offsets are relative to the formula.
 */
export { Unsupported as NotComputable, FormulaProblem as EvalProblem, type ProblemCode } from '../syntax/errors';
