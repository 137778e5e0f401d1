/**
 * The document pipeline: text → math spans → statements → trees → values → findings. One call
 * analyses a whole answer file; the editor caches the result per document version and the hover,
 * diagnostics and panel all read it.
 */
import { findMathSpans, lineStarts, offsetToPosition, MathSpan } from '../markdown/spans';
import { normalizeDigits, hasNonAsciiDigits, toPersianDigits } from '../markdown/digits';
import { splitStatements, parsePiece, readPiece, Chain, Piece } from '../syntax/parser';
import { LatexSyntaxError } from '../syntax/errors';
import type { Node } from '../syntax/ast';
import type { Token } from '../syntax/tokens';
import { evaluate, EvalContext, EvalSettings, MAX_WORK, Scope, isRunTogetherProduct } from '../eval/evaluate';
import { EvalProblem, NotComputable } from '../eval/errors';
import { unitAfterFormula } from '../eval/units';
import { Val, plainBrief, shapeOf } from '../eval/values';
import { judgeChain, judgeLogSpace, NEAR_LINES, type JudgeEnv, type RoundedResult, type WrongClaim } from '../claims/judge';
import { isLiteral } from '../claims/compare';
import { EngineOptions, Finding, withDefaults } from '../types';
import { sigmaPrimeSlips } from '../bptt/slips';
import { ScopeHistory, ScopedMap } from './scope';
import { callName, expandCalls, functionHead, type FunctionDef } from './functions';
import { findSections, sectionAt, sectionPath } from './sections';
import { classifyChain, continuesList, dividesByWrittenZero, introducedAsHypothesis, introducedAsOtherCase, unknownNames } from './statements';
import { finish } from '../steps';
import { findRecurrencesSteps } from './recurrences';
import { analyzeShapesSteps } from '../shapes/analyze';
import { symbolicStepsPass } from '../symbolic/pass';
import { message, msg, render, type Lang } from '../messages';

export type { Variable, PieceStatus, PieceInfo, ChainInfo, FormulaInfo, DocumentAnalysis } from './model';
import type { PieceStatus, PieceInfo, ChainInfo, FormulaInfo, DocumentAnalysis, Variable } from './model';

interface ParsedPiece {
  piece: Piece;
  node?: Node;
  /** The front end's tree where it read one but the evaluator cannot compute it (`error` says why). */
  tree?: Node;
  error?: NotComputable | EvalProblem;
  /**
   * The last evaluation of this piece at each place its formula text occurs in the document (the
   * first `q \cdot k`, the second…), reused while the document variables it read are unchanged.
   */
  memos?: (PieceMemo | undefined)[];
  /** The piece's text (`sourceOf`), one string for every place the formula is written. */
  source?: string;
}

/** A parsed piece's text in its formula's `content` (the text it was parsed from: the same wherever it is written). */
function sourceOf(pp: ParsedPiece, content: string): string {
  return (pp.source ??= content.slice(pp.piece.start, pp.piece.end));
}

/**
 * One evaluation of a piece and what it depended on: every document variable it looked up (also
 * the names it found undefined) with the value it got, and the formula's work budget before and
 * after. Values are compared by identity: a definition that was itself reused hands on the same
 * value object, so an edit re-evaluates only the formulas it changed and those that read what they
 * define.
 */
interface PieceMemo {
  settings: EvalSettings;
  /** Names looked up, and the value each had (undefined: not defined). */
  names: string[];
  values: (Val | undefined)[];
  workBefore: number | undefined;
  workAfter: number | undefined;
  status: PieceStatus;
  value?: Val;
  reason?: string;
  steps: string[];
  uses: string[];
  problem?: EvalProblem;
}
interface ParsedFormula {
  chains: { chain: Chain; pieces: ParsedPiece[] }[];
  syntax?: LatexSyntaxError;
  tooLong?: boolean;
  /** The last chain defining each name (`lastDefinitions`), made on first use: it depends on the text alone. */
  lastDefinitions?: ReadonlyMap<string, number>;
}

/**
 * Parsed formulas by their text, so an edit re-parses only the formulas it changed. Bounded; the
 * editor keeps one per document. With `evaluations: false` it keeps only the parses: the evaluations
 * of each place a formula is written are kept for the next analysis of the same document (an edit),
 * which a command-line run over many files never makes, and on a long answer they are most of the
 * memory the cache holds.
 */
export class FormulaCache {
  private map = new Map<string, ParsedFormula>();
  /** Whether evaluations are kept for the next analysis (see `PieceMemo`). */
  readonly keepsEvaluations: boolean;
  constructor(
    private readonly capacity = 20_000,
    options: { evaluations?: boolean } = {},
  ) {
    this.keepsEvaluations = options.evaluations ?? true;
  }
  get(key: string): ParsedFormula | undefined {
    return this.map.get(key);
  }
  set(key: string, v: ParsedFormula): void {
    if (this.map.size >= this.capacity) this.map.clear();
    this.map.set(key, v);
  }
  get size(): number {
    return this.map.size;
  }
}

const IGNORE_RE = /<!--\s*dlmath[-:\s]*ignore\s*-->\s*$/;
const IGNORE_FILE_RE = /<!--\s*dlmath[-:\s]*ignore[-\s]*file\s*-->/;

export const IGNORE_MARKER = '<!-- dlmath-ignore -->';

function parseFormula(content: string, opts: EngineOptions): ParsedFormula {
  if (content.length > opts.maxFormulaLength) return { chains: [], tooLong: true };
  const normalized = normalizeDigits(content);
  let chains: Chain[];
  try {
    chains = splitStatements(normalized, opts.maxDepth, content);
  } catch (e) {
    if (e instanceof LatexSyntaxError) return { chains: [], syntax: e };
    throw e;
  }
  const limits = { maxMatrixElements: opts.maxMatrixElements, maxDepth: opts.maxDepth };
  return {
    chains: chains.map((chain) => ({
      chain,
      pieces: chain.pieces.map((piece) => {
        try {
          const read = readPiece(piece.tokens, limits);
          return read.refusal ? { piece, tree: read.node, error: read.refusal } : { piece, node: read.node };
        } catch (e) {
          if (e instanceof NotComputable || e instanceof EvalProblem) return { piece, error: e };
          if (e instanceof RangeError) return { piece, error: new EvalProblem('limit', message('limit.nested-read'), piece.start, piece.end) };
          throw e;
        }
      }),
    })),
  };
}

const PROBLEM_SEVERITY = 'warning' as const;

/** Only claims and approximations are judged (an equation, a condition, a definition are not). */
const skipPair = (_L: PieceInfo, R: PieceInfo) => R.kind === 'definition' || R.kind === 'condition' || R.kind === 'equation' || R.kind === 'identity';

/**
 * The one empty list of steps, uses or defined names that pieces and chains without any share (frozen:
 * nothing adds to them). A long answer has hundreds of thousands of pieces, most with neither.
 */
const NONE = Object.freeze([]) as unknown as string[];
/** The last definitions of a formula of one chain: none later in the formula (never added to). */
const NO_DEFINITIONS: ReadonlyMap<string, number> = new Map();

/** Analyses a whole Markdown answer file. Never throws on any input. */
export function analyzeDocument(text: string, options?: Partial<EngineOptions>, cache?: FormulaCache): DocumentAnalysis {
  return finish(analyzeDocumentSteps(text, options, cache));
}

/**
 * `analyzeDocument` in steps: the generator pauses after each formula (and each formula of the
 * shape pass), so an editor can spread the work over several turns of its event loop and drop it
 * when the text changes again (see `SteppedJob`). The result is the same as `analyzeDocument`'s.
 */
export function* analyzeDocumentSteps(text: string, options?: Partial<EngineOptions>, cache?: FormulaCache): Generator<void, DocumentAnalysis, void> {
  const opts = withDefaults(options);
  const spans = findMathSpans(text);
  const sections = findSections(text, spans);
  const ignoredFile = IGNORE_FILE_RE.test(text);
  const settings: EvalSettings = { indexBase: opts.indexBase, maxMatrixElements: opts.maxMatrixElements, maxSeriesTerms: opts.maxSeriesTerms, logBase: Math.E };
  const formulas: FormulaInfo[] = [];
  const findings: Finding[] = [];
  let claims = 0;
  // every formula parsed first: which names the document defines more than once decides how far a
  // definition reaches (sections.ts)
  const parsedAll: ParsedFormula[] = [];
  // one reading per formula text: a text written twice is parsed once, with or without a kept cache
  const parses = cache ?? new FormulaCache();
  // the parsed formulas written more than once here: only their evaluations can be reused within this
  // analysis (`here` below); a text written once keeps none unless the cache keeps evaluations
  const seen = new Set<ParsedFormula>();
  const repeated = new Set<ParsedFormula>();
  for (const span of spans) {
    let parsed = parses.get(span.content);
    if (!parsed) {
      try {
        parsed = parseFormula(span.content, opts);
      } catch (e) {
        parsed = { chains: [], syntax: new LatexSyntaxError(message('syntax.unreadable', { error: e instanceof Error ? e.message : 'error' }), 0, span.content.length) };
      }
      parses.set(span.content, parsed);
    }
    if (seen.has(parsed)) repeated.add(parsed);
    else seen.add(parsed);
    parsedAll.push(parsed);
    yield;
  }
  const definitions = countDefinitions(parsedAll);
  const names = constantsUsedAsNames(parsedAll);
  if (names.size) settings.names = names;
  const history = new ScopeHistory({ problem: (id) => sections[id].problem, reused: (name) => (definitions.get(name) ?? 0) > 1 });
  // functions the document defines or writes at points, in their sections like values
  const functions = new ScopedMap<FunctionDef>({ problem: (id) => sections[id].problem, reused: () => false });
  // wrong claims of plain numbers so far, for later lines that carry the wrong number on
  const carried = new CarriedClaims(text);
  const readers = documentReaders(history, carried, opts, text);
  // the same formula text written several times: each place keeps its own evaluations (see PieceMemo)
  const occurrences = new Map<ParsedFormula, number>();
  // and within this analysis, the last evaluation of each parsed piece: a formula written again with
  // the same inputs (a student copying a line, a long answer repeating a block) is evaluated once
  const here = new Map<ParsedPiece, PieceMemo>();
  // each section's path (document … section), made once: the formulas of a section share it
  const paths: number[][] = [];
  // where the last inline formula introduced as a hypothesis ends (none when the last formula was not one)
  let previousHypothesis: number | undefined;
  for (let index = 0; index < spans.length; index++) {
    const span = spans[index];
    const before = text.slice(Math.max(0, span.start - 200), span.start);
    const ignored = ignoredFile || (before.includes('dlmath') && IGNORE_RE.test(before));
    const parsed = parsedAll[index];
    // without a cache (or one that keeps parses only) nothing is kept for a next analysis: no
    // evaluation is recorded (occurrence -1)
    let occurrence = -1;
    if (cache?.keepsEvaluations) {
      occurrence = occurrences.get(parsed) ?? 0;
      occurrences.set(parsed, occurrence + 1);
    }
    const section = sectionAt(sections, span.start);
    const path = (paths[section] ??= sectionPath(sections, section));
    history.enter(path);
    functions.enter(path);
    // "With $\mu = 0$ and $\sigma^2 = 0.5$": the hypothesis goes on over a list of inline formulas
    const hypothesis = introducedAsHypothesis(before) || (!span.display && previousHypothesis !== undefined && continuesList(text.slice(previousHypothesis, span.start), span.content));
    previousHypothesis = hypothesis && !span.display ? span.end : undefined;
    const f = evaluateFormula(index, span, parsed, occurrence, occurrence >= 0 || repeated.has(parsed) ? here : undefined, history, functions, settings, opts, ignored, section, carried, readers, hypothesis, introducedAsOtherCase(before), givenNext(text, span, spans[index + 1], parsedAll[index + 1]));
    formulas.push(f.info);
    if (!ignored) {
      // σ'(z)(1−σ'(z)) products: an information finding on the formula (hover, panel) and the document
      if (span.content.includes('\\sigma')) {
        const trees = f.info.chains.flatMap((c) => c.pieces.map((p) => p.tree));
        f.info.findings.push(...sigmaPrimeSlips(trees, span.content, span.contentStart, opts.language));
      }
      findings.push(...f.info.findings);
      claims += f.info.claims;
    }
    yield;
  }
  // the recurrences BPTT can read, from the same trees
  const { recurrences, problems: recurrenceProblems } = yield* findRecurrencesSteps(spans, parsedAll);
  const analysis: DocumentAnalysis = { formulas, findings, claims, variables: history.everDefined(), ignoredFile, sections, definitions, shapes: { findings: [], formulas: [] }, recurrences, recurrenceProblems };
  // shape mismatches (QKᵀ with K untransposed…) after the evaluator's findings, which they de-duplicate against
  analysis.shapes = yield* analyzeShapesSteps(analysis, opts.language, opts.maxFormulaLength);
  for (const sf of analysis.shapes.findings) {
    formulaAt(analysis, sf.range.start)?.findings.push(sf);
    findings.push(sf);
  }
  // symbolic derivation steps, judged at random instances with the document's own definitions
  const steps = yield* symbolicStepsPass(analysis, text, opts.language);
  for (const sf of steps) {
    formulaAt(analysis, sf.range.start)?.findings.push(sf);
    findings.push(sf);
  }
  findings.sort((a, b) => a.range.start - b.range.start);
  return analysis;
}

/** `f(x)`, `\theta(0)`, `L(\theta)` at the head of a statement: a function at a point, not a product. */
function isFunctionValue(pp: ParsedPiece, known: (name: string) => boolean): boolean {
  const n = pp.node;
  // a name with a value times a group (`a(3 + 4)`) is a product; at a written number (`\theta(0)`)
  // it is a function's value: nobody writes θ·(0)
  if (n) return n.t === 'bin' && n.op === 'implicit' && n.a.t === 'sym' && (n.b.t === 'tuple' || (n.b.t === 'group' && (!known(n.a.name) || n.b.a.t === 'num'))) && pp.piece.tokens.some((t) => t.type === 'op' && t.value === '(');
  return pp.error instanceof NotComputable && /\(…\) is a function$/.test(pp.error.reason);
}

/**
 * Constants the document uses as names: a statement that gives `\pi` a vector or matrix
 * (`\pi = (0.25, 0.25, 0.25, 0.25)^T`, an initial distribution) says that in this document π is not
 * 3.14159; it is then a name everywhere in it, defined by such statements.
 */
function constantsUsedAsNames(parsed: readonly ParsedFormula[]): Set<string> {
  const out = new Set<string>();
  const nonScalar = (n: Node | undefined): boolean => !!n && (n.t === 'mat' || n.t === 'tuple' || ((n.t === 'transpose' || n.t === 'group') && nonScalar(n.a)));
  for (const p of parsed) {
    for (const { pieces } of p.chains) {
      const head = pieces[0]?.node;
      if (head?.t === 'sym' && head.name === '\\pi' && pieces[1]?.piece.rel === '=' && nonScalar(pieces[1].node)) out.add(head.name);
    }
  }
  return out;
}

/** The names each statement defines (its leading bare names before `=`), counted over the document. */
function countDefinitions(parsed: readonly ParsedFormula[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of parsed) {
    for (const { pieces } of p.chains) {
      let j = 0;
      while (j < pieces.length && pieces[j].node?.t === 'sym' && (j === 0 || pieces[j].piece.rel === '=')) j++;
      if (j === 0 || j === pieces.length || pieces[j].piece.rel !== '=') continue;
      for (let q = 0; q < j; q++) {
        const name = (pieces[q].node as Extract<Node, { t: 'sym' }>).name;
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
    }
  }
  return counts;
}

/** At most this much prose between two formulas of one sentence (`$2P = D(K - 1)$ یعنی $P = 4$`). */
const SAME_SENTENCE = 40;

/**
 * The numbers the next formula gives names (`P = 4`, `x = -2`) when it follows in the same line,
 * a few words on: the line before may be the equation it solves, read with the name's older value.
 */
function givenNext(text: string, span: MathSpan, next: MathSpan | undefined, parsed: ParsedFormula | undefined): Map<string, Val> | undefined {
  if (!next || !parsed || next.start - span.end > SAME_SENTENCE || text.slice(span.end, next.start).includes('\n')) return undefined;
  let out: Map<string, Val> | undefined;
  for (const { pieces } of parsed.chains) {
    if (pieces.length !== 2 || pieces[1].piece.rel !== '=') continue;
    const name = pieces[0].node;
    let value = pieces[1].node;
    let sign = 1;
    while (value && (value.t === 'neg' || value.t === 'group')) {
      if (value.t === 'neg') sign = -sign;
      value = value.a;
    }
    if (name?.t === 'sym' && value?.t === 'num') (out ??= new Map()).set(name.name, sign * value.v);
  }
  return out;
}

/** The last chain of a formula defining each name (its leading bare symbols, before a chain that goes on). */
function lastDefinitions(parsed: ParsedFormula): Map<string, number> {
  const last = new Map<string, number>();
  parsed.chains.forEach(({ pieces }, c) => {
    let j = 0;
    while (j < pieces.length && pieces[j].node?.t === 'sym' && (j === 0 || pieces[j].piece.rel === '=')) j++;
    if (j < pieces.length) for (let q = 0; q < j; q++) last.set((pieces[q].node as Extract<Node, { t: 'sym' }>).name, c);
  });
  return last;
}

/** The formula whose span contains the offset, by binary search. */
export function formulaAt(analysis: DocumentAnalysis, offset: number): FormulaInfo | undefined {
  const fs = analysis.formulas;
  let lo = 0;
  let hi = fs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = fs[mid].span;
    if (offset < s.start) hi = mid - 1;
    else if (offset > s.end) lo = mid + 1;
    else return fs[mid];
  }
  return undefined;
}

/**
 * What evaluating a formula reads of the document as it stands: the variables known now (the live
 * map), the wrong claims so far. The same for every formula of an analysis, so made once, not once
 * per formula written.
 */
interface DocumentReaders {
  known: (name: string) => boolean;
  /** The variables' values. */
  scope: Scope;
  /** The variables' values, a defining chain's written last number where it has one (`Variable.written`). */
  writtenScope: Scope;
  /** A call's argument that its function's body drops: read, and every name in it must have a value. */
  understoodArgument: (toks: Token[]) => boolean;
  carried: NonNullable<JudgeEnv['carried']>;
  /** Whether the prose at a document offset (just after a formula) starts with a unit word (`GFLOP`, `GB`, `ثانیه`). */
  unitAfter: (offset: number) => boolean;
  /**
   * Whether a case set at `from` ("with $k = 3$ …") has ended by `to`: its paragraph is over, and it did
   * not end with a colon (a case that introduces what follows, "for $h = 15$ heads:", holds on).
   */
  caseEnded: (from: number, to: number) => boolean;
}

function documentReaders(history: ScopeHistory, carried: CarriedClaims, opts: EngineOptions, text: string): DocumentReaders {
  const vars = history.live;
  const known = (n: string) => vars.get(n) !== undefined;
  return {
    known,
    scope: { get: (name) => vars.get(name)?.value },
    writtenScope: {
      get: (name) => {
        const v = vars.get(name);
        return v?.written ?? v?.value;
      },
    },
    understoodArgument: (toks) => {
      try {
        return unknownNames(parsePiece(toks, { maxMatrixElements: opts.maxMatrixElements, maxDepth: opts.maxDepth }), known)?.size === 0;
      } catch {
        return false;
      }
    },
    carried: (v) => carried.get(v),
    unitAfter: (offset) => unitAfterFormula(text.slice(offset, offset + 32)),
    caseEnded: (from, to) => {
      const gap = from < to ? /\n[ \t]*\n/.exec(text.slice(from, to)) : null;
      return gap !== null && !/[:：]\s*$/.test(text.slice(from, from + gap.index));
    },
  };
}

function evaluateFormula(
  index: number,
  span: MathSpan,
  parsed: ParsedFormula,
  occurrence: number,
  /** The evaluations made so far in this analysis, where one can be reused (the formula's text is written again); else undefined. */
  here: Map<ParsedPiece, PieceMemo> | undefined,
  history: ScopeHistory,
  functions: ScopedMap<FunctionDef>,
  settings: EvalSettings,
  opts: EngineOptions,
  ignored: boolean,
  section: number,
  carried: CarriedClaims,
  readers: DocumentReaders,
  hypothesis: boolean,
  otherCase = false,
  /** Numbers the next formula gives names, when it follows in the same line (`$2P = D(K - 1)$, i.e. $P = 4$`). */
  nextGives?: ReadonlyMap<string, Val>,
): { info: FormulaInfo } {
  const base = span.contentStart;
  const content = span.content;
  const findings: Finding[] = [];
  // arrays of the size they end with: a long answer keeps one per formula (`push` leaves room for 17)
  const chains = new Array<ChainInfo>(parsed.chains.length);
  // variables known when the formula starts (hovers, panel) and live ones (later chains of it see earlier ones)
  const vars0 = history.snapshot();
  const vars = history.live;
  let claims = 0;
  const persian = hasNonAsciiDigits(content);
  const digits = persian ? toPersianDigits : undefined;
  const lang: Lang = opts.language;
  const { known, scope, writtenScope, understoodArgument } = readers;
  // each definition a finding read, where it was made (related information)
  const relatedTo = (uses: string[]) =>
    uses.flatMap((u) => {
      const v = vars0.get(u) ?? vars.get(u);
      if (v) return [{ range: v.range, message: msg(lang, 'related.defined-as', { name: v.name, value: plainBrief(v.value) }) }];
      const fn = u.endsWith('()') ? functions.get(u.slice(0, -2)) : undefined;
      return fn ? [{ range: fn.range, message: msg(lang, 'related.function-defined', { name: fn.name.replace(/^\\/, ''), definition: fn.source.replace(/\s+/g, ' ').trim().slice(0, 80) }) }] : [];
    });
  const relatedOf = (uses: string[]) => {
    const related = relatedTo(uses);
    return related.length ? { related } : {};
  };

  if (parsed.tooLong) {
    findings.push({
      range: { start: span.start, end: span.end },
      severity: 'information',
      code: 'limit',
      message: msg(lang, 'limit.formula-length', { length: content.length.toLocaleString('en-US'), limit: opts.maxFormulaLength.toLocaleString('en-US') }),
    });
  }
  if (parsed.syntax) {
    const s = parsed.syntax;
    findings.push({ range: { start: base + s.start, end: base + Math.max(s.end, s.start + 1) }, severity: PROBLEM_SEVERITY, code: 'syntax', message: render(lang, s.msg) });
  }

  // one work budget for the whole formula, so many heavy pieces cannot add up to a freeze
  const work = { left: MAX_WORK };
  // and one for judging its claims (re-evaluations with rounded inputs moved, other `\log` bases):
  // every try of every claim spends it, and a judgement it cannot finish says nothing
  const judgeWork = { left: MAX_WORK };
  // the last chain of this formula defining each name (leading bare symbols), to recognise
  // equations solved later in the same formula (`x^2 = 9 \Rightarrow x = 3`)
  // (read once per formula text; a formula of one chain has no later chain: most formulas, which share one empty map)
  const lastDefinition = parsed.chains.length > 1 ? (parsed.lastDefinitions ??= lastDefinitions(parsed)) : NO_DEFINITIONS;

  // how each chain's claims are judged (claims/judge.ts): one for the formula, reading the chain being judged
  let judging: ParsedPiece[] = [];
  // the names the chain being read defines with a written last number (see `Variable.written`)
  const definedHere: Variable[] = [];
  const judgeEnv: JudgeEnv = {
    lang,
    digits,
    work: judgeWork,
    context: () => ({ scope, settings, steps: [], used: new Set(), work: judgeWork }),
    writtenContext: () => ({ scope: writtenScope, settings, steps: [], used: new Set(), work: judgeWork }),
    withLogBase: (j, logBase) => evalPiece(judging[j], base, content, scope, { ...settings, logBase }, judgeWork).value,
    related: relatedTo,
    base,
    carried: readers.carried,
    roundedResult: (v, d, near) => carried.isRounded(v, d, near ? base : undefined),
    otherValues: (u) => {
      // a value given as a case ("with $k = 3$") in an earlier paragraph: the answer may be back to the
      // name's value before it; within the case's paragraph the case holds, and after it too when the
      // paragraph ends with a colon (the case introduces what follows)
      const v = vars.get(u);
      const earlier = v?.assumed && readers.caseEnded(v.range.end, span.start) ? history.earlierValues(u) : [];
      const next = nextGives?.get(u);
      return next === undefined ? earlier : [next, ...earlier];
    },
    contextWith: (u, value) => ({ scope: { get: (n) => (n === u ? value : scope.get(n)) }, settings, steps: [], used: new Set(), work: judgeWork }),
  };
  for (let c = 0; c < parsed.chains.length; c++) {
    const { chain, pieces } = parsed.chains[c];
    const definedLater = (u: string) => (lastDefinition.get(u) ?? -1) > c;
    // a function of the document called in a piece (`f(2)`) is written out and read again; one known
    // only at points (`\theta(0) = …`) makes the piece not computable rather than a product
    const called: boolean[] = [];
    const infos: PieceInfo[] = pieces.map((pp, j) => {
      // the document's functions called in the piece (none where the document defines none)
      const fns = functions.size > 0 ? new Set<string>() : undefined;
      const expanded = fns ? expandCalls(pp.piece.tokens, (n) => functions.get(n), fns, understoodArgument) : undefined;
      if (expanded === undefined || !fns) return here ? evalPieceMemo(pp, occurrence, here, base, content, scope, settings, work) : evalPiece(pp, base, content, scope, settings, work);
      called[j] = expanded !== null;
      if (expanded === null) {
        const { piece } = pp;
        return { range: { start: base + piece.start, end: base + piece.end }, source: content.slice(piece.start, piece.end), rel: piece.relText, status: 'not-computable', reason: 'a function known only at some points', steps: NONE, uses: NONE };
      }
      let applied: ParsedPiece;
      try {
        applied = { piece: { ...pp.piece, tokens: expanded }, node: parsePiece(expanded, { maxMatrixElements: opts.maxMatrixElements, maxDepth: opts.maxDepth }) };
      } catch (e) {
        if (!(e instanceof NotComputable || e instanceof EvalProblem || e instanceof RangeError)) throw e;
        applied = { piece: pp.piece, error: e instanceof RangeError ? new NotComputable('nested too deeply') : e };
      }
      const info = evalPiece(applied, base, content, scope, settings, work);
      info.uses = [...info.uses, ...[...fns].map(callName)];
      return info;
    });
    const chainInfo: ChainInfo = { range: { start: base + chain.start, end: base + chain.end }, pieces: infos, defines: NONE, kind: 'expression' };
    chains[c] = chainInfo;

    // leading bare symbols are definitions: `q = …`, `w_1 = w_2 = 1`, `d_{head} = 512/8 = 62`
    let k = 0;
    while (k < infos.length && infos[k].status === 'symbol' && (k === 0 || infos[k].rel === '=')) k++;
    if (k === infos.length) k = 0; // `a = b` between two symbols defines nothing and claims nothing
    if (k > 0) {
      // `A = A^\top`, `x = x^2`: a property of the name or an equation for it, not its definition
      const leading = new Set(pieces.slice(0, k).map((pp) => (pp.node as Extract<Node, { t: 'sym' }>).name));
      if (pieces.slice(k).some((pp) => (unknownNames(pp.node, (n) => !leading.has(n))?.size ?? 0) > 0)) k = 0;
    }
    if (k > 0) {
      let def: PieceInfo | undefined;
      for (let j = k; j < infos.length && infos[j].rel === '='; j++) {
        if (infos[j].status === 'value') {
          def = infos[j];
          break;
        }
        if (infos[j].status !== 'symbol') break;
      }
      if (def && def.value !== undefined) chainInfo.defines = pieces.slice(0, k).map((pp) => (pp.node as Extract<Node, { t: 'sym' }>).name);
      // the chain's last written number (`= -1.1012` after `v h_2 = 2 \times (-0.5506)`), kept beside the
      // computed value when the chain's claims turn out right (see below)
      const lastInfo = infos[infos.length - 1];
      const written = def && def.value !== undefined && lastInfo !== def && lastInfo.status === 'value' && (lastInfo.rel === '=' || lastInfo.rel === '\\approx') && lastInfo.node && isLiteral(lastInfo.node) ? lastInfo.value : undefined;
      for (let j = 0; j < k; j++) {
        const name = (pieces[j].node as Extract<Node, { t: 'sym' }>).name;
        if (def && def.value !== undefined) {
          const v: Variable = { name, value: def.value, range: { start: infos[0].range.start, end: def.range.end }, source: content.slice(chain.start, chain.end) };
          if (hypothesis) v.assumed = true;
          if (written !== undefined) {
            v.written = written;
            definedHere.push(v);
          }
          history.set(name, v);
        } else history.set(name, undefined); // later definitions win, also symbolic ones
      }
    }

    // what each relation states (statements.ts), with the names understood before the chain's definitions
    const { kinds, kind } = classifyChain(
      infos.map((pi, j) => ({ rel: pi.rel, status: pi.status, node: pi.node, bareName: pieces[j].node?.t === 'sym' ? pieces[j].node.name : undefined })),
      k,
      {
        functionValue: k === 0 && infos.length > 1 && isFunctionValue(pieces[0], known) && (!called[0] || !!functionHead(pieces[0].piece.tokens)?.params),
        hypothesis,
        known: (n) => known(n),
        // `x^2 = 9 \Rightarrow x = 3`: an equation to solve, not a claim about an earlier x
        solvedLater: (j) => lastDefinition.size > 0 && (infos[j - 1].uses.some(definedLater) || infos[j].uses.some(definedLater)),
      },
    );
    // `\pi = 1/2`, `\pi = 0.3`: π given a value far from 3.14159 names a variable (a prior, a policy, a mixing
    // weight), set here, not the circle's constant claimed wrong; a value near it (`\pi = 3.24`) is still judged
    if (k === 0 && namesPiAsVariable(pieces[0]?.node, infos[1])) kinds[1] = 'definition';
    infos.forEach((pi, j) => {
      if (kinds[j]) pi.kind = kinds[j];
    });
    chainInfo.kind = kind;
    // `f(x) = x^2 + 1` defines f from here on in its section; `\theta(0) = …` makes θ a function
    // (a head with letters for arguments, `f(x) = \exp(x)`, redefines f even where f was defined)
    if (kinds[1] === 'definition' && k === 0 && isFunctionValue(pieces[0], known)) {
      const head = functionHead(pieces[0].piece.tokens);
      if (head) {
        // another case of a piecewise definition (`h(x) = (x/c)^α` if x < c, otherwise `h(x) = 1`):
        // neither body holds everywhere, so calls of it are not judged
        // a body that reads other names but never a parameter (`E(X) = 1 \cdot p + 0 \cdot q`) is a value
        // for the X at hand, not a rule for every argument (a constant, `h(x) = 1`, is a constant function)
        const params = head.params;
        const letters = pieces[1].piece.tokens.filter((t) => t.type === 'ident');
        // a capital argument is a random variable or an event (`H(X) = 0.918`, `E(X) = 3.5`, `P(A) = 0.3`): a number
        // for it is the value at hand too (H(0.9) later is the binary entropy, not 0.918)
        const valueAtHand = !!params && (letters.length > 0 ? !letters.some((t) => params.some((p) => t.value.includes(p))) : params.every((p) => /^[A-Z]$/.test(p)));
        const body = params && !valueAtHand && !otherCase && pieces[1].piece.rel === '=' && pieces[1].piece.tokens.length ? { params, body: pieces[1].piece.tokens } : {};
        functions.set(head.name, { name: head.name, ...body, range: chainInfo.range, source: content.slice(chain.start, chain.end) });
      }
    }

    // real problems (division by zero, a limit, a malformed matrix), once per piece, only where the
    // chain reads no name without a value here (silence over guessing) and not on written notation
    // (`\frac{0}{0}` names an indeterminate form)
    // a claim too large for a double is judged by its logarithms (claims/logspace.ts), and then its
    // sides' overflow is no problem to report
    let inLogSpace: Set<number> | undefined;
    if (infos.some((pi) => pi.status === 'problem')) {
      const logs = judgeLogSpace(infos, k, skipPair, { lang, digits, work: judgeWork, context: () => ({ scope, settings, steps: [], used: new Set(), work: judgeWork }), withLogBase: () => undefined, related: relatedTo, base });
      findings.push(...logs.findings);
      claims += logs.claims;
      inLogSpace = logs.pieces;
    }
    if (infos.some((pi, j) => pi.status === 'problem' && !inLogSpace?.has(j))) {
      const understood = pieces.every((pp, j) => j < k || (pp.node ? unknownNames(pp.node, known)!.size === 0 : pp.error instanceof EvalProblem));
      for (const [j, pi] of infos.entries()) {
        if (pi.status !== 'problem' || !pi.problem || inLogSpace?.has(j)) continue;
        const pr = pi.problem;
        if (!understood && !pieces[j].error) continue;
        if (pr.code === 'domain' && dividesByWrittenZero(pi.node, pr.start, pr.end)) continue;
        findings.push({ range: { start: base + pr.start, end: base + Math.max(pr.end, pr.start + 1) }, severity: PROBLEM_SEVERITY, code: pr.code, message: render(lang, pr.msg), ...relatedOf(pi.uses) });
      }
    }

    // judge each `=` pair after the definitions (the policy lives in claims/judge.ts)
    judging = pieces;
    const judged = judgeChain(
      infos,
      k,
      // the last number of the formula may be in a unit the prose names after it (`$… \\approx 2.15$ GFLOP`)
      pieces.map((pp, j) => pp.piece.unit !== undefined || (j === pieces.length - 1 && c === parsed.chains.length - 1 && readers.unitAfter(span.end))),
      // only claims and approximations are judged (an equation, a condition, a definition are not)
      skipPair,
      judgeEnv,
    );
    // a chain with a wrong claim: its last number is no value to compute with
    if (definedHere.length) {
      if (judged.findings.some((x) => x.severity === 'error')) for (const v of definedHere) delete v.written;
      definedHere.length = 0;
    }
    if (!ignored) for (const w of judged.wrong) carried.add(w);
    for (const r of judged.rounded) carried.addRounded(r);
    findings.push(...judged.findings);
    claims += judged.claims;
  }
  const info: FormulaInfo = { index, span, chains, findings: ignored ? [] : findings.length ? findings.slice() : findings, scope: vars0, after: history.snapshot(), section, ignored, claims: ignored ? 0 : claims };
  return { info };
}

/**
 * The wrong claims of plain numbers met so far in the document, by the number written. A number
 * claimed wrongly twice with different right values is ambiguous and carries nothing.
 */
class CarriedClaims {
  private byWritten = new Map<number, WrongClaim | null>();
  /** Numbers right claims wrote rounded, as `value@decimals`, with where the latest one wrote it. */
  private rounded = new Map<string, number>();
  addRounded(r: RoundedResult): void {
    this.rounded.set(`${r.written}@${r.decimals}`, r.at);
  }
  /** `before`: only a claim at most NEAR_LINES lines above this offset counts. */
  isRounded(written: number, decimals: number, before?: number): boolean {
    if (this.rounded.size === 0) return false;
    const at = this.rounded.get(`${written}@${decimals}`);
    if (at === undefined) return false;
    if (before === undefined) return true;
    let lines = 0;
    for (let i = at; i < before && lines <= NEAR_LINES; i++) if (this.text.charCodeAt(i) === 10) lines++;
    return lines <= NEAR_LINES;
  }
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}
  get(written: number): WrongClaim | undefined {
    return this.byWritten.get(written) ?? undefined;
  }
  add(w: WrongClaim): void {
    const had = this.byWritten.get(w.written);
    if (had === null || (had && had.actual !== w.actual)) {
      this.byWritten.set(w.written, null);
      return;
    }
    if (had) return;
    this.starts ??= lineStarts(this.text);
    this.byWritten.set(w.written, { ...w, line: offsetToPosition(this.starts, w.range.start).line + 1 });
  }
}

/**
 * `evalPiece`, reusing an earlier evaluation of the same parsed piece when nothing it read changed:
 * the one kept by the cache for this place in the previous analysis (`occurrence`), or the last one
 * in this analysis (`here`: the same text written again, reading the same values).
 */
function evalPieceMemo(pp: ParsedPiece, occurrence: number, here: Map<ParsedPiece, PieceMemo>, base: number, content: string, scope: Scope, settings: EvalSettings, work: EvalContext['work']): PieceInfo {
  if (pp.error) return evalPiece(pp, base, content, scope, settings, work);
  const before = work?.left;
  const kept = occurrence >= 0 ? pp.memos?.[occurrence] : undefined;
  const last = here.get(pp);
  for (let i = 0; i < 2; i++) {
    const m = i === 0 ? kept : last;
    if (!m || m.workBefore !== before || !sameSettings(m.settings, settings) || !sameReads(m, scope)) continue;
    if (work && m.workAfter !== undefined) work.left = m.workAfter;
    if (occurrence >= 0) (pp.memos ??= [])[occurrence] = m;
    here.set(pp, m);
    const { piece } = pp;
    return { range: { start: base + piece.start, end: base + piece.end }, source: sourceOf(pp, content), rel: piece.relText, status: m.status, node: pp.node, tree: pp.node, value: m.value, reason: m.reason, steps: m.steps, uses: m.uses, problem: m.problem };
  }
  const reads = new Map<string, Val | undefined>();
  const recording: Scope = {
    get: (name) => {
      const v = scope.get(name);
      if (!reads.has(name)) reads.set(name, v);
      return v;
    },
  };
  const info = evalPiece(pp, base, content, recording, settings, work);
  const memo: PieceMemo = { settings, names: [...reads.keys()], values: [...reads.values()], workBefore: before, workAfter: work?.left, status: info.status, value: info.value, reason: info.reason, steps: info.steps, uses: info.uses, problem: info.problem };
  if (occurrence >= 0) (pp.memos ??= [])[occurrence] = memo;
  here.set(pp, memo);
  return info;
}

function sameSettings(a: EvalSettings, b: EvalSettings): boolean {
  return a === b || (a.indexBase === b.indexBase && a.maxMatrixElements === b.maxMatrixElements && a.maxSeriesTerms === b.maxSeriesTerms && a.logBase === b.logBase && sameNames(a.names, b.names));
}

function sameNames(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): boolean {
  if (!a || !b) return !a === !b;
  return a.size === b.size && [...a].every((n) => b.has(n));
}

function sameReads(m: PieceMemo, scope: Scope): boolean {
  const { names, values } = m;
  for (let i = 0; i < names.length; i++) if (scope.get(names[i]) !== values[i]) return false;
  return true;
}

function evalPiece(pp: ParsedPiece, base: number, content: string, scope: Scope, settings: EvalSettings, work?: EvalContext['work']): PieceInfo {
  const { piece } = pp;
  const range = { start: base + piece.start, end: base + piece.end };
  const info: PieceInfo = { range, source: sourceOf(pp, content), rel: piece.relText, status: 'not-computable', steps: NONE, uses: NONE };
  if (pp.error) {
    if (pp.tree) info.tree = pp.tree;
    if (pp.error instanceof EvalProblem) {
      info.status = 'problem';
      info.reason = pp.error.message;
      info.problem = pp.error;
    } else info.reason = pp.error.reason;
    return info;
  }
  const node = pp.node!;
  info.node = node;
  info.tree = node;
  // `\pi` is a number unless the answer gave the name another value; `e` stays a name (errors, edges)
  // `Wh_1` with W and h_1 known is a product to compute, not a name being defined
  if (node.t === 'sym' && !(scope.get(node.name) === undefined && ((node.name === '\\pi' && !settings.names?.has(node.name)) || isRunTogetherProduct(node, scope)))) {
    info.status = 'symbol';
    const v = scope.get(node.name);
    if (v !== undefined) {
      info.value = v;
      info.uses = [node.name];
    }
    return info;
  }
  // the formula's budget was spent by an earlier piece, which carries the one `limit` finding
  if (work && work.left <= 0) return { ...info, reason: 'the formula used up its work budget' };
  const ctx: EvalContext = { scope, settings, steps: [], used: new Set(), work };
  try {
    info.value = evaluate(node, ctx);
    info.status = 'value';
  } catch (e) {
    if (e instanceof NotComputable) info.reason = e.reason;
    else if (e instanceof EvalProblem) {
      info.status = 'problem';
      info.reason = e.message;
      info.problem = e;
    } else if (e instanceof RangeError) {
      // the stack ran out: still a positioned `limit` finding, never a silent nothing
      info.status = 'problem';
      info.problem = new EvalProblem('limit', message('limit.nested-evaluate'), pp.piece.start, pp.piece.end);
      info.reason = info.problem.message;
    } else {
      info.reason = e instanceof Error ? e.message : 'error';
    }
  }
  // an evaluation's own steps array, also empty (the incremental tests tell a kept evaluation by it)
  info.steps = ctx.steps;
  if (ctx.used.size) info.uses = [...ctx.used];
  return info;
}

/** Shape of a value as the CLI reports it: [] for a number, [rows, cols] for a matrix. */
export { shapeOf };

/** The first piece is π alone and the next, after `=`, a number more than 10 % from π: π is a variable's name. */
function namesPiAsVariable(head: Node | undefined, next: PieceInfo | undefined): boolean {
  if (head?.t !== 'sym' || head.name !== '\\pi' || head.sub || head.sup) return false;
  if (!next || next.rel !== '=' || next.status !== 'value' || typeof next.value !== 'number') return false;
  return Math.abs(next.value - Math.PI) > 0.1 * Math.PI;
}
