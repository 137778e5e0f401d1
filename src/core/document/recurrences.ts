/**
 * The recurrence pass: which formulas of the document are recurrences BPTT can read (bptt/recurrence.ts
 * reads each formula's statements as the front end parsed them), with the formulas nearby as the
 * place a pre-activation z_t may be defined, and why a formula that defines an indexed state is not one.
 */
import type { MathSpan } from '../markdown/spans';
import type { ReadFormula } from '../syntax/formula';
import { mayBeRecurrence, recogniseRecurrence, type RecurrenceSource } from '../bptt/recurrence';
import type { FoundRecurrence, RecurrenceProblem } from '../bptt/types';

/** How many formulas on each side may hold the definition of a pre-activation z_t. */
const CONTEXT_FORMULAS = 2;

/** The recurrences of a document's formulas (`parsed[i]` is `spans[i]` read by the front end), top to bottom. */
export function findRecurrences(spans: readonly MathSpan[], parsed: readonly ReadFormula[]): { recurrences: FoundRecurrence[]; problems: RecurrenceProblem[] } {
  const recurrences: FoundRecurrence[] = [];
  const problems: RecurrenceProblem[] = [];
  const sources: RecurrenceSource[] = spans.map((s, i) => ({ source: s.content, read: parsed[i] }));
  spans.forEach((span, i) => {
    // only a formula with a statement (`… = …`) whose left side is a state at a time step can be a
    // recurrence (or a state equation BPTT cannot read): the others are not read against their context
    if (!parsed[i].chains.some((c) => c.pieces.length > 1) || !mayBeRecurrence(sources[i])) return;
    const context = sources.slice(Math.max(0, i - CONTEXT_FORMULAS), i + CONTEXT_FORMULAS + 1).filter((s) => s !== sources[i]);
    const r = recogniseRecurrence(sources[i], context);
    const range = { start: span.start, end: span.end };
    if (r.ok) recurrences.push({ recurrence: r.recurrence, range, latex: span.content, formula: i });
    else if (r.indexedState) problems.push({ range, latex: span.content, formula: i, problem: r.problem });
  });
  return { recurrences, problems };
}
