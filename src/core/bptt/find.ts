/**
 * Finds the recurrence a cursor refers to: the nearest formula on or above the cursor that reads as
 * a recurrence, with neighbouring formulas as context for a two-line `z_t = …`, `h_t = \psi(z_t)`.
 */
import { findMathSpans, MathSpan } from '../markdown/spans';
import { TextRange } from '../types';
import { parseRecurrence } from './recurrence';
import { Recurrence } from './types';

export interface FoundRecurrence {
  recurrence: Recurrence;
  /** The formula (with its delimiters) the state equation was read from. */
  range: TextRange;
  /** The formula's content, as written. */
  latex: string;
}

/** How many formulas on each side may hold the definition of a pre-activation z_t. */
const CONTEXT_SPANS = 2;

/**
 * The recurrence nearest to `offset` among the formulas that start at or before it (the formula
 * under the cursor first, then upwards). Undefined when none reads as a recurrence.
 */
export function findRecurrence(text: string, offset: number): FoundRecurrence | undefined {
  const spans: MathSpan[] = findMathSpans(text);
  for (let i = spans.length - 1; i >= 0; i--) {
    const span = spans[i];
    if (span.start > offset) continue;
    const context = spans.slice(Math.max(0, i - CONTEXT_SPANS), i + CONTEXT_SPANS + 1).filter((s) => s !== span).map((s) => s.content);
    const parsed = parseRecurrence(span.content, context);
    if (parsed.ok) return { recurrence: parsed.recurrence, range: { start: span.start, end: span.end }, latex: span.content };
  }
  return undefined;
}

/** Every recurrence in the document, top to bottom (for a panel or a CLI listing). */
export function findAllRecurrences(text: string): FoundRecurrence[] {
  const spans = findMathSpans(text);
  const out: FoundRecurrence[] = [];
  spans.forEach((span, i) => {
    const context = spans.slice(Math.max(0, i - CONTEXT_SPANS), i + CONTEXT_SPANS + 1).filter((s) => s !== span).map((s) => s.content);
    const parsed = parseRecurrence(span.content, context);
    if (parsed.ok) out.push({ recurrence: parsed.recurrence, range: { start: span.start, end: span.end }, latex: span.content });
  });
  return out;
}
