/**
 * Functions the document defines (`f(x) = x^2 + 1`) or writes at a point (`\theta(0) = \pi - 0.1`):
 * a name with parentheses after it is then a function in its section, not a product. A defined
 * function is applied by writing its body with the arguments in place of its parameters, token by
 * token, and reading the result with the one parser (`f(2)` is read as `((2))^2 + 1`).
 */
import type { Token } from '../syntax/tokens';
import type { TextRange } from '../types';
import { hasRole, namesWith } from '../syntax/vocabulary';

export interface FunctionDef {
  name: string;
  /** Parameters (`x`, `y`), and the body's tokens; absent when the document only writes values at points. */
  params?: string[];
  body?: Token[];
  /** The defining statement, and its text. */
  range: TextRange;
  source: string;
}

/** How a piece names the functions it called, among its `uses` (`f()`). */
export const callName = (name: string) => `${name}()`;

/** The name a token gives a function: a letter (`f`) or a Greek command (`\theta`). */
function nameOf(t: Token | undefined): string | undefined {
  if (!t) return undefined;
  if (t.type === 'ident' && t.value.length === 1) return t.value;
  if (t.type === 'cmd' && /^[a-zA-Z]+$/.test(t.value) && GREEK.has(t.value)) return '\\' + t.value;
  return undefined;
}

/** Greek letters that name a function's argument: not constants (π), not functions (σ), not Σ/Π. */
const GREEK = new Set([...namesWith('greek')].filter((n) => !hasRole(n, 'constant') && !hasRole(n, 'function') && !hasRole(n, 'operator-letter')));

const isOp = (t: Token | undefined, v: string) => !!t && t.type === 'op' && t.value === v;

/** A call `name(args)` starting at token `i`: its argument token lists and the index after it. */
function callAt(toks: readonly Token[], i: number): { name: string; args: Token[][]; end: number } | undefined {
  const name = nameOf(toks[i]);
  if (!name) return undefined;
  let j = i + 1;
  const left = toks[j]?.type === 'cmd' && toks[j].value === 'left';
  if (left) j++;
  if (!isOp(toks[j], '(')) return undefined;
  const args: Token[][] = [[]];
  let depth = 0;
  for (j = j + 1; j < toks.length; j++) {
    const t = toks[j];
    if (left && t.type === 'cmd' && t.value === 'right' && depth === 0 && isOp(toks[j + 1], ')')) return { name, args, end: j + 2 };
    if (isOp(t, '(') || isOp(t, '{') || isOp(t, '[')) depth++;
    if (isOp(t, ')') || isOp(t, '}') || isOp(t, ']')) {
      if (depth === 0) return left ? undefined : { name, args, end: j + 1 };
      depth--;
    }
    if (depth === 0 && isOp(t, ',')) args.push([]);
    else args[args.length - 1].push(t);
  }
  return undefined;
}

/**
 * A statement's first piece written as function notation: `f(x)` with distinct letters as
 * parameters (a definition when a body follows), or `\theta(0)` (a value at a point).
 */
export function functionHead(toks: readonly Token[]): { name: string; params?: string[] } | undefined {
  const call = callAt(toks, 0);
  if (!call || call.end !== toks.length) return undefined;
  const params = call.args.map((a) => (a.length === 1 && a[0].type === 'ident' && a[0].value.length === 1 ? a[0].value : undefined));
  if (params.some((p) => p === undefined) || new Set(params).size !== params.length || params.includes(call.name)) return { name: call.name };
  return { name: call.name, params: params as string[] };
}

/**
 * The tokens of a piece with every call of a function in `fns` written out: `undefined` when nothing
 * is called; `null` when a call cannot be written out (a function known only at points, a parameter
 * written inside a longer run of letters, a wrong number of arguments): the piece is not computable.
 */
export function expandCalls(toks: readonly Token[], fns: (name: string) => FunctionDef | undefined, called?: Set<string>, understood?: (arg: Token[]) => boolean): Token[] | null | undefined {
  let out: Token[] | undefined;
  for (let i = 0; i < toks.length; i++) {
    const name = nameOf(toks[i]);
    const fn = name !== undefined ? fns(name) : undefined;
    const call = fn ? callAt(toks, i) : undefined;
    if (!fn || !call) {
      out?.push(toks[i]);
      continue;
    }
    if (!fn.params || !fn.body || call.args.length !== fn.params.length || call.args.some((a) => a.length === 0)) return null;
    // an argument the body never reads still has to be understood: `V(s) = 80` then `V(s') = 85`,
    // `H(Y) = …` then `H(Y|X=1)` name other quantities, not the same value at another point
    const body = fn.body;
    if (understood && fn.params.some((p, k) => !body.some((t) => t.type === 'ident' && t.value === p) && !understood(call.args[k]))) return null;
    out ??= toks.slice(0, i);
    called?.add(fn.name);
    const at = { start: toks[i].start, end: toks[call.end - 1].end };
    const place = (t: Token): Token => ({ ...t, ...at });
    out.push(place({ type: 'op', value: '(', start: 0, end: 0 }));
    for (const t of fn.body) {
      const k = t.type === 'ident' ? fn.params.indexOf(t.value) : -1;
      if (k >= 0) {
        out.push(place({ type: 'op', value: '(', start: 0, end: 0 }), ...call.args[k].map(place), place({ type: 'op', value: ')', start: 0, end: 0 }));
        continue;
      }
      if (t.type === 'ident' && fn.params.some((p) => t.value.includes(p))) return null;
      out.push(place(t));
    }
    out.push(place({ type: 'op', value: ')', start: 0, end: 0 }));
    i = call.end - 1;
  }
  return out;
}
