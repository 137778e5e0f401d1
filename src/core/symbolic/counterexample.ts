/**
 * A wrong step's counterexample as a reader sees it: each drawn name written readably (ŷ_1, not
 * `\hat{y}_1`) with its value to four significant digits, then the value of each side. The finding's
 * message, the hover's table and the panel's table are all written from this, so they agree.
 */
import { printNode } from '../syntax/print';
import { fmtNum } from '../eval/values';
import type { Counterexample } from './judge';

/** Names shown in a table before the rest are counted. */
export const MAX_COUNTEREXAMPLE_ROWS = 8;

export interface CounterexampleTable {
  /** Each drawn name and its value, in the order they were drawn. */
  rows: { name: string; value: string }[];
  /** Names left out after {@link MAX_COUNTEREXAMPLE_ROWS}. */
  more: number;
  /** The left side's value at this point. */
  left: string;
  /** The right side's value at this point. */
  right: string;
}

/** `\hat{y}_2` → ŷ_2, `\sigma` → σ: a drawn value's name as a reader sees it. */
export function displayName(name: string): string {
  return printNode({ t: 'sym', name, base: name, s: 0, e: 0 });
}

/** A drawn or computed value to four significant digits, with a real minus sign. */
export function fmtStepValue(x: number): string {
  return fmtNum(Number(x.toPrecision(4))).replace(/^-/, '−');
}

/** The counterexample as rows of text (names readable, values rounded), capped at `max` names. */
export function counterexampleTable(ce: Counterexample, max = MAX_COUNTEREXAMPLE_ROWS): CounterexampleTable {
  const entries = Object.entries(ce.values);
  return {
    rows: entries.slice(0, max).map(([name, value]) => ({ name: displayName(name), value: fmtStepValue(value) })),
    more: Math.max(0, entries.length - max),
    left: fmtStepValue(ce.left),
    right: fmtStepValue(ce.right),
  };
}
