/**
 * Finds the recurrence a cursor refers to among those the document analysis found
 * (`DocumentAnalysis.recurrences`): the nearest formula on or above the cursor that reads as one.
 */
import { analyzeDocument } from '../document/analysis';
import type { FoundRecurrence, RecurrenceProblem } from './types';

export type { FoundRecurrence } from './types';

/** The recurrence nearest to `offset` among those whose formula starts at or before it (the one under the cursor first). */
export function recurrenceAt(found: readonly FoundRecurrence[], offset: number): FoundRecurrence | undefined {
  let lo = 0;
  let hi = found.length - 1;
  let best: FoundRecurrence | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (found[mid].range.start <= offset) {
      best = found[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** Why the formula under the cursor, which defines an indexed state, is not a recurrence BPTT can read. */
export function recurrenceProblemAt(problems: readonly RecurrenceProblem[], offset: number): RecurrenceProblem | undefined {
  return problems.find((p) => offset >= p.range.start && offset <= p.range.end);
}

/** The recurrence on or above `offset` in a Markdown text (analyses it; an editor reads its cached analysis instead). */
export function findRecurrence(text: string, offset: number): FoundRecurrence | undefined {
  return recurrenceAt(analyzeDocument(text).recurrences, offset);
}

/** Every recurrence in a Markdown text, top to bottom (analyses it). */
export function findAllRecurrences(text: string): FoundRecurrence[] {
  return analyzeDocument(text).recurrences;
}
