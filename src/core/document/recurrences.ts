/**
 * The recurrence pass: which formulas of the document are recurrences BPTT can read (bptt/recurrence.ts
 * reads each formula's statements as the front end parsed them), with the formulas nearby as the
 * place a pre-activation z_t may be defined, and why a formula that defines an indexed state is not one.
 */
import type { MathSpan } from '../markdown/spans';
import type { ReadFormula } from '../syntax/formula';
import { mayBeRecurrence, recogniseIn, type ParseResult, type RecurrenceSource } from '../bptt/recurrence';
import type { FoundRecurrence, RecurrenceProblem } from '../bptt/types';

/** How many formulas on each side may hold the definition of a pre-activation z_t. */
const CONTEXT_FORMULAS = 2;

/** The recurrences of a document's formulas (`parsed[i]` is `spans[i]` read by the front end), top to bottom. */
export function findRecurrences(spans: readonly MathSpan[], parsed: readonly ReadFormula[]): { recurrences: FoundRecurrence[]; problems: RecurrenceProblem[] } {
  const steps = findRecurrencesSteps(spans, parsed);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Formulas read between two pauses of `findRecurrencesSteps`. */
const FORMULAS_PER_STEP = 200;

/**
 * `findRecurrences` in steps: it pauses every few hundred formulas, so the editor's sliced re-check of a
 * long answer (thousands of formulas) is not held for the whole pass at once.
 */
export function* findRecurrencesSteps(spans: readonly MathSpan[], parsed: readonly ReadFormula[]): Generator<void, { recurrences: FoundRecurrence[]; problems: RecurrenceProblem[] }, void> {
  const recurrences: FoundRecurrence[] = [];
  const problems: RecurrenceProblem[] = [];
  const sources: RecurrenceSource[] = spans.map((s, i) => ({ source: s.content, read: parsed[i] }));
  for (let i = 0; i < spans.length; i++) {
    if (i > 0 && i % FORMULAS_PER_STEP === 0) yield;
    const span = spans[i];
    // only a formula with a statement (`… = …`) whose left side is a state at a time step can be a
    // recurrence (or a state equation BPTT cannot read): the others are not read against their context
    const r = readAt(sources, i);
    if (!r) continue;
    const range = { start: span.start, end: span.end };
    if (r.ok) recurrences.push({ recurrence: r.recurrence, range, latex: span.content, formula: i });
    else if (r.indexedState) problems.push({ range, latex: span.content, formula: i, problem: r.problem });
  }
  return { recurrences, problems };
}

/**
 * What a formula read with its text alone says (`readContext` false), kept with its tree (trees are kept
 * per formula text): the same `h_t = …` written again is read once. Only candidates are kept.
 */
const alone = new WeakMap<ReadFormula, { source: string; result: ParseResult | undefined }>();

/** The recurrence reading of formula i (with the formulas around it where it needs them); undefined when it cannot be one. */
function readAt(sources: readonly RecurrenceSource[], i: number): ParseResult | undefined {
  const own = sources[i];
  const kept = alone.get(own.read);
  if (kept && kept.source === own.source) return kept.result;
  // not a candidate: that is quick to see again, and most formulas of an answer are none (nothing kept)
  if (!own.read.chains.some((c) => c.pieces.length > 1) || !mayBeRecurrence(own)) return undefined;
  const { result, readContext } = recogniseIn(own, () => sources.slice(Math.max(0, i - CONTEXT_FORMULAS), i + CONTEXT_FORMULAS + 1).filter((s) => s !== own));
  if (!readContext) alone.set(own.read, { source: own.source, result });
  return result;
}
