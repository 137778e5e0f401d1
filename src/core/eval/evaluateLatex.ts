/** Evaluating one selected expression (the Evaluate command, `dlmath eval`, the panel). */
import { normalizeDigits } from '../markdown/digits';
import { splitStatements, parsePiece } from '../syntax/parser';
import { LatexSyntaxError } from '../syntax/errors';
import type { Node } from '../syntax/ast';
import { evaluate, EvalContext } from './evaluate';
import { EvalProblem, NotComputable } from './errors';
import { Val, latex, plain, shapeOf, toJson } from './values';
import type { Variable } from '../document/analysis';
import { EngineOptions, TextRange, withDefaults } from '../types';
import { message, msg, render } from '../messages';

export type EvalOutcome =
  | { ok: true; value: Val; json: ReturnType<typeof toJson>; latex: string; plain: string; shape: number[]; steps: string[]; range: TextRange; node: Node }
  | { ok: false; code: string; message: string; range?: TextRange };

const DELIMS: [string, string][] = [['$$', '$$'], ['\\[', '\\]'], ['\\(', '\\)'], ['$', '$']];

/** Removes one pair of math delimiters around a selection; returns the inner text and its offset. */
export function stripDelimiters(src: string): { text: string; offset: number } {
  const lead = src.length - src.trimStart().length;
  const t = src.trim();
  for (const [o, c] of DELIMS) {
    if (t.length >= o.length + c.length && t.startsWith(o) && t.endsWith(c)) return { text: t.slice(o.length, t.length - c.length), offset: lead + o.length };
  }
  return { text: src, offset: 0 };
}

/**
 * Evaluates LaTeX: the first computable piece of the first statement, after any names being
 * defined (`d_{head} = \frac{512}{8}` gives 64). Offsets in the result are relative to `src`.
 */
export function evaluateLatex(src: string, options?: Partial<EngineOptions>, scope?: ReadonlyMap<string, Variable>): EvalOutcome {
  const opts = withDefaults(options);
  const lang = opts.language;
  const { text, offset } = stripDelimiters(src);
  if (text.trim() === '') return { ok: false, code: 'empty', message: msg(lang, 'eval.empty') };
  if (text.length > opts.maxFormulaLength) {
    return { ok: false, code: 'limit', message: msg(lang, 'eval.too-long', { length: text.length.toLocaleString('en-US'), limit: opts.maxFormulaLength.toLocaleString('en-US') }) };
  }
  let chains;
  try {
    chains = splitStatements(normalizeDigits(text), opts.maxDepth, text);
  } catch (e) {
    if (e instanceof LatexSyntaxError) return { ok: false, code: 'syntax', message: render(lang, e.msg), range: { start: offset + e.start, end: offset + e.end } };
    return { ok: false, code: 'syntax', message: msg(lang, 'eval.unreadable') };
  }
  const settings = { indexBase: opts.indexBase, maxMatrixElements: opts.maxMatrixElements, maxSeriesTerms: opts.maxSeriesTerms, logBase: Math.E };
  const getter = { get: (name: string) => scope?.get(name)?.value };
  let firstReason: string | undefined;
  for (const chain of chains) {
    for (const piece of chain.pieces) {
      const range = { start: offset + piece.start, end: offset + piece.end };
      try {
        const node = parsePiece(piece.tokens, { maxMatrixElements: opts.maxMatrixElements, maxDepth: opts.maxDepth });
        if (node.t === 'sym' && chain.pieces.length > 1 && !scope?.has(node.name)) continue;
        const ctx: EvalContext = { scope: getter, settings, steps: [], used: new Set() };
        const value = evaluate(node, ctx);
        // the texts are built when read: a 500×500 result's would cost more than evaluating it
        let tex: string | undefined;
        let text: string | undefined;
        return {
          ok: true, value, json: toJson(value), shape: shapeOf(value), steps: ctx.steps, range, node,
          get latex() { return (tex ??= latex(value)); },
          get plain() { return (text ??= plain(value)); },
        };
      } catch (e) {
        if (e instanceof EvalProblem) return { ok: false, code: e.code, message: render(lang, e.msg), range: { start: offset + e.start, end: offset + e.end } };
        if (e instanceof NotComputable) firstReason ??= e.reason;
        else if (e instanceof RangeError) return { ok: false, code: 'limit', message: msg(lang, 'eval.nested'), range };
        else throw e;
      }
    }
  }
  const unknown = /^unknown symbol (.+)$/.exec(firstReason ?? '');
  // the other reasons are the engine's own short notes (`block matrix`, `±`), kept as they are
  const why = unknown ? message('eval.no-value', { name: unknown[1] }) : firstReason ?? message('eval.nothing-computable');
  return { ok: false, code: 'not-computable', message: msg(lang, 'eval.not-computable', { why }) };
}
