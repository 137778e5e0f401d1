/**
 * What the DL Math side panel shows of the last Evaluate Selection: the expression, its value (or
 * why there is none) and the working, kept as small as the rest of the panel model (matrices
 * elided to their corners, long sources shown as text, steps capped). Pure: the editor passes the
 * evaluated text and the engine's outcome.
 */
import { MAX_STEPS_SHOWN, panelValue, type PanelValue } from './panelModel';
import type { Val } from '../eval/values';

/** Longest expression typeset in the section; a longer one is cut and shown as text. */
export const MAX_RESULT_SOURCE = 1_000;
const MAX_MESSAGE = 600;
const MAX_STEP = 400;

/** The part of an evaluation the panel reads (an `EvalOutcome`, or a reason nothing was evaluated). */
export type EvaluationOutcome = { ok: true; value: Val; steps?: string[] } | { ok: false; message: string };

export interface LastResultInput {
  /** File name of the answer (no path), or '' when there was no answer to evaluate in. */
  document: string;
  /** The expression evaluated, as written ('' when nothing could be picked). */
  source: string;
  outcome: EvaluationOutcome;
}

interface LastResultBase {
  document: string;
  source: string;
  /** The source was too long and is cut: show it as text, not typeset. */
  clipped?: true;
}

export type PanelLastResult =
  | (LastResultBase & { ok: true; value: PanelValue; steps: string[]; moreSteps: number })
  | (LastResultBase & { ok: false; message: string });

function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

/** Builds the panel's "last result" section from one evaluation. */
export function buildLastResult(input: LastResultInput): PanelLastResult {
  const source = input.source.replace(/\s+/g, ' ').trim();
  const base: LastResultBase = { document: clip(input.document, 1_000), source: clip(source, MAX_RESULT_SOURCE), ...(source.length > MAX_RESULT_SOURCE ? { clipped: true as const } : {}) };
  const o = input.outcome;
  if (!o.ok) return { ...base, ok: false, message: clip(o.message, MAX_MESSAGE) };
  const steps = o.steps ?? [];
  return {
    ...base,
    ok: true,
    value: panelValue(o.value),
    steps: steps.slice(0, MAX_STEPS_SHOWN).map((st) => clip(st, MAX_STEP)),
    moreSteps: Math.max(0, steps.length - MAX_STEPS_SHOWN),
  };
}
