/**
 * Shapes through a whole answer: declarations (`X \in \mathbb{R}^{n \times d_{model}}`), sizes
 * declared in the document (`d_{model} = 768`, `d_k = d_{model}/h`), definitions (`Q = XW_Q`) and
 * every expression after them. Reads an existing `DocumentAnalysis` (its formulas, pieces and
 * numeric variables) and adds shape information per piece plus `shape-mismatch` findings.
 */
import type { ChainInfo, DocumentAnalysis, FormulaInfo, PieceInfo, PieceShape, FormulaShapes, ShapeAnalysis, Variable } from '../document/model';
import { isMat, plainBrief, type Val } from '../eval/values';
import { defaultOptions, type Finding, type TextRange } from '../types';
import { Dim, DimEnv, DimValue, formatDim, num, sym, valueOf, isNumeric, displayName, compareDims, div as divDim } from './dim';
import { readForShapes } from './read';
import type { Node, NodeOf } from '../syntax/ast';
import { message, msg, render, type Lang, type Message } from '../messages';
import { ScopedMap, type ScopeRules } from '../document/scope';
import { sectionPath } from '../document/sections';
import { InferContext, ShapeMismatch, ShapeScope, ShapeUnknown, Step, SVal, describeShape, dimOf, formatShape, inferShape, label, numericShape } from './infer';

export type { PieceShapeKind, PieceShape, FormulaShapes, ShapeAnalysis } from '../document/model';

interface Declared {
  shape: Dim[];
  range: TextRange;
  declared: boolean;
}

/**
 * Shape information and `shape-mismatch` findings for an analysed document: the shape pass's part of
 * the model (`analysis.shapes`), which the document analysis fills. `text` is not needed (kept for
 * callers that pass it).
 */
export function analyzeShapes(analysis: DocumentAnalysis, text?: string): ShapeAnalysis {
  void text;
  return analysis.shapes;
}

/**
 * The shape pass in steps: pauses after each formula (the document analysis runs it this way, in the
 * language of its findings, and stores the result as `analysis.shapes`).
 */
export function* analyzeShapesSteps(analysis: DocumentAnalysis, lang: Lang = 'en', maxFormulaLength = defaultOptions.maxFormulaLength): Generator<void, ShapeAnalysis, void> {
  return yield* new ShapeWalker(analysis, lang, maxFormulaLength).run();
}

/**
 * The shape findings to merge into a document's findings (`analysis.findings`): warnings with code
 * `shape-mismatch`, none inside ignored formulas, none where the evaluator already reported a problem.
 */
export function shapeFindings(analysis: DocumentAnalysis, text?: string): Finding[] {
  return analyzeShapes(analysis, text).findings;
}

/** Letters a sequence is declared at (`h_t \\in \\mathbb{R}^n`, `x_i`). */
const STEP_LETTERS = ['t', 'i', 'k', 'j', 's', 'n'];
const numberOf = (v: Val | undefined): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * The formula's text between two offsets of its trees. The pass reads the trees as the document
 * analysis parsed them, with offsets in the formula (a copy with document offsets per piece was most
 * of the pass's allocation on a long answer); only a finding's range is moved into the document.
 */
function sourceOf(f: FormulaInfo) {
  const content = f.span.content;
  return (s: number, e: number) => content.slice(Math.max(0, s), Math.max(0, e));
}

function hasAttention(x: Node): boolean {
  let found = false;
  walk(x, (n) => {
    if (n.t === 'call' && (n.fn === 'softmax' || n.fn === 'attention')) found = true;
  });
  return found;
}

function walk(x: Node, f: (n: Node) => void): void {
  f(x);
  switch (x.t) {
    case 'bin':
    case 'pow':
    case 'frac':
      walk(x.a, f);
      walk(x.b, f);
      return;
    case 'neg':
    case 'transpose':
    case 'sqrt':
    case 'group':
      walk(x.a, f);
      return;
    case 'call':
      x.args.forEach((a) => walk(a, f));
      return;
    case 'tuple':
      x.items.forEach((a) => walk(a, f));
      return;
    case 'space':
      x.dims.forEach((a) => walk(a, f));
      return;
  }
}

type SPiece = PieceInfo;
type SChain = ChainInfo;

/** The statements of a formula as the document analysis split them; none in a formula it did not read (over its length limit). */
function chainsOf(f: FormulaInfo, maxFormulaLength: number): SChain[] {
  if (f.span.content.length > maxFormulaLength) return [];
  return f.chains;
}

class ShapeWalker {
  /** Shapes declared or defined, each holding in its section (see `sections.ts`), like values. */
  private readonly shapes: ScopedMap<Declared>;
  private readonly symbolic: ScopedMap<Dim>;
  /** Size names declared here (`n`, `d_k` in X ∈ ℝ^{n×d_k}): understood, though without a value. */
  private readonly sizes: ScopedMap<true>;
  /** How many `\in` declarations each name has; with its value definitions, more than one is a reused name. */
  private readonly declarations = new Map<string, number>();
  private readonly findings: Finding[] = [];
  /**
   * Declarations just after a use: a "where W_i^Q ∈ ℝ^{…}" after the formula still gives a shape, from
   * the same section and close by (see `LATER_*`); keys: section, then name.
   */
  private readonly later = new Map<string, { dims: Dim[]; formula: FormulaInfo }[]>();
  /**
   * Size names that are different axes of one declared tensor (n and d_k in Q ∈ ℝ^{n×d_k}), with the
   * sections whose declarations say so; they hold in those sections and their subsections.
   */
  private readonly distinct = new Map<string, Set<number>>();
  /** The sections whose definitions hold in the formula being walked (document … innermost). */
  private path: readonly number[] = [0];
  /** Each section's path (document … section), made once: formulas of a section share it. */
  private readonly paths: (readonly number[] | undefined)[] = [];
  /** Declarations whose sizes are given later ("…, where d_k = 64"): resolved at the formula's end, else the document's. */
  private pending: { piece: PieceShape; dims: Dim[] }[] = [];
  private readonly unresolved: { piece: PieceShape; dims: Dim[] }[] = [];
  /** Pieces read so far, by where they start in the document (pieces never share a start). */
  private readonly parsed = new Map<number, Node | undefined>();

  constructor(
    private readonly analysis: DocumentAnalysis,
    private readonly lang: Lang,
    private readonly maxFormulaLength: number,
  ) {
    const rules: ScopeRules = {
      problem: (id) => analysis.sections[id].problem,
      reused: (name) => (this.declarations.get(name) ?? 0) + (analysis.definitions.get(name) ?? 0) > 1,
    };
    this.shapes = new ScopedMap(rules);
    this.symbolic = new ScopedMap(rules);
    this.sizes = new ScopedMap({ ...rules, reused: () => false });
  }

  private chainsOf(f: FormulaInfo): SChain[] {
    return chainsOf(f, this.maxFormulaLength);
  }

  /** The piece's tree as the document analysis parsed it, read for shapes with the names known here. */
  private parse(f: FormulaInfo, p: SPiece, known: (n: string) => boolean, shaped?: (n: string) => boolean): Node | undefined {
    const at = p.range.start;
    if (this.parsed.has(at)) return this.parsed.get(at);
    let x: Node | undefined;
    if (readable(p)) {
      try {
        x = readForShapes(p.tree, { known, shaped, source: sourceOf(f) });
      } catch (e) {
        if (!(e instanceof ShapeUnknown || e instanceof RangeError)) throw e;
      }
    }
    this.parsed.set(at, x);
    return x;
  }

  private collectDeclarations(): void {
    const noEnv: DimEnv = { get: () => undefined };
    for (const f of this.analysis.formulas) {
      if (!f.span.content.includes('\\in')) continue;
      this.chainsOf(f).forEach((c, ci) => {
        const at = c.pieces.findIndex((p, i) => i > 0 && p.rel === '\\in');
        if (at <= 0) return;
        const real = this.parse(f, c.pieces[at], () => false);
        const lhs = this.parse(f, c.pieces[at - 1], () => false);
        if (real?.t !== 'space' || lhs?.t !== 'sym') return;
        try {
          const dims = real.dims.map((d) => dimOf(d, noEnv, sourceOf(f)));
          this.noteDistinct(dims, f.section);
          for (const n of [...this.listBefore(f, ci, () => false).map((l) => l.name), lhs.name]) {
            this.declarations.set(n, (this.declarations.get(n) ?? 0) + 1);
            const key = `${f.section}\u0000${n}`;
            const list = this.later.get(key);
            if (!list) this.later.set(key, [{ dims, formula: f }]);
            else if (list[list.length - 1].formula !== f) list.push({ dims, formula: f });
          }
        } catch (e) {
          if (!(e instanceof ShapeUnknown)) throw e;
        }
      });
    }
    // reading run-together names depends on which names are known; read again during the walk
    this.parsed.clear();
  }

  private noteDistinct(dims: Dim[], section: number): void {
    const names = dims.map((d) => {
      const k = Object.keys(d.v);
      return d.c === 1 && k.length === 1 && d.v[k[0]] === 1 ? k[0] : undefined;
    });
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const a = names[i];
        const b = names[j];
        if (!a || !b || a === b) continue;
        const key = pairKey(a, b);
        let where = this.distinct.get(key);
        if (!where) this.distinct.set(key, (where = new Set()));
        where.add(section);
      }
    }
  }

  *run(): Generator<void, ShapeAnalysis, void> {
    this.collectDeclarations();
    const formulas: FormulaShapes[] = [];
    for (const f of this.analysis.formulas) {
      formulas.push(this.formula(f));
      yield;
    }
    const end: DimEnv = { get: (n) => numberOf(this.analysis.variables.get(n)?.value) ?? this.symbolic.get(n) };
    this.resolvePending(end, this.unresolved);
    this.findings.sort((a, b) => a.range.start - b.range.start);
    return { findings: this.findings, formulas };
  }

  /** The declaration of `n` written in formula `f` itself, if any. */
  private declaredIn(f: FormulaInfo, n: string): Dim[] | undefined {
    const list = this.later.get(`${f.section}\u0000${n}`);
    return list?.find((d) => d.formula === f)?.dims;
  }

  /** The first declaration of `n` in this formula or just after it (same section, close by), if any. */
  private laterDeclaration(f: FormulaInfo, n: string): Dim[] | undefined {
    const list = this.later.get(`${f.section}\u0000${n}`);
    if (!list) return undefined;
    for (const d of list) {
      const g = d.formula;
      if (g.index < f.index) continue;
      if (g.index - f.index > LATER_FORMULAS || g.span.start - f.span.end > LATER_CHARACTERS) return undefined;
      return d.dims;
    }
    return undefined;
  }

  /**
   * `h_{t-1}`, `h_0`, `x_k` of a sequence the document declares at a step (`h_t \in \mathbb{R}^n`): every
   * step of it has that shape. Only an index of one letter and a number (`t-1`, `t+1`, `0`, `k`), never a
   * label (`W_{hh}`, `d_{model}`).
   */
  private atStep(n: string): Dim[] | undefined {
    const m = /^([^_]+)_(?:\{([^{}]*)\}|([A-Za-z0-9][A-Za-z0-9+-]*))$/.exec(n);
    if (!m) return undefined;
    const index = (m[2] ?? m[3]).replace(/\s+/g, '');
    if (!/^(?:[A-Za-z](?:[+-]\d+)?|\d+)$/.test(index)) return undefined;
    for (const l of STEP_LETTERS) {
      const name = `${m[1]}_${l}`;
      if (name === n) continue;
      const d = this.shapes.get(name);
      if (d?.declared) return d.shape;
    }
    return undefined;
  }

  private isDistinct(a: string, b: string): boolean {
    const where = this.distinct.get(pairKey(a, b));
    if (!where) return false;
    for (const s of where) if (this.path.includes(s)) return true;
    return false;
  }

  private formula(f: FormulaInfo): FormulaShapes {
    const sections = (this.paths[f.section] ??= sectionPath(this.analysis.sections, f.section));
    this.path = sections;
    this.shapes.enter(sections);
    this.symbolic.enter(sections);
    this.sizes.enter(sections);
    // nothing to read (every piece a number computed from numbers, a problem or unread) and nothing
    // defined: no shapes, and nothing for the walk to learn (most formulas of a long answer)
    if (!f.chains.some((c) => c.defines.length > 0) && this.chainsOf(f).every((c) => c.pieces.every((p) => !readable(p)))) return formulaShapes(f, NO_PIECES, NO_SIZES);
    const local = new Map<string, number>();
    const localMats = new Map<string, Dim[]>();
    const dims: DimEnv = {
      get: (n) => local.get(n) ?? numberOf(f.scope.get(n)?.value) ?? this.symbolic.get(n),
      distinct: (a, b) => this.isDistinct(a, b),
    };
    const scope: ShapeScope = {
      dims,
      shape: (n) => {
        // the formula's own declaration, even written after the use (`Y = XB, \quad X \in \mathbb{R}^{b \times h}`),
        // says what the name is here, whatever an earlier formula declared (d2l-style notes reuse X, B)
        const own = this.declaredIn(f, n);
        if (own) return own;
        const d = this.shapes.get(n);
        if (d) return d.shape;
        const m = localMats.get(n);
        if (m) return m;
        const v = f.scope.get(n)?.value;
        if (v !== undefined && isMat(v)) return [num(v.rows), num(v.cols)];
        return this.laterDeclaration(f, n) ?? this.atStep(n);
      },
    };
    const known = (n: string) => scope.shape(n) !== undefined || dims.get(n) !== undefined;
    const pieces: PieceShape[] = [];
    const source = sourceOf(f);
    // numeric sizes and matrices a chain of the analysis defines (the analysis decided which)
    let applied = 0;
    const applyDefinitions = (upTo: number) => {
      for (; applied < f.chains.length && f.chains[applied].range.end <= upTo; applied++) {
        const chain = f.chains[applied];
        if (!chain.defines.length) continue;
        const def = chain.pieces.find((p) => p.status === 'value' && p.value !== undefined);
        for (const name of chain.defines) {
          const v = def?.value;
          if (typeof v === 'number') {
            local.set(name, v);
            this.symbolic.delete(name);
          } else if (v !== undefined && isMat(v)) localMats.set(name, [num(v.rows), num(v.cols)]);
        }
      }
    };
    const chains = this.chainsOf(f);
    chains.forEach((chain, ci) => {
      applyDefinitions(chain.range.start);
      try {
        this.chain(f, chain, ci, scope, known, source, pieces);
      } catch (e) {
        if (!(e instanceof ShapeUnknown || e instanceof RangeError)) throw e;
      }
    });
    applyDefinitions(Infinity);
    this.resolvePending(dims, this.pending, this.unresolved);
    this.pending = [];
    // what only this formula needed is dropped now: the walk of a long document keeps one
    // formula's pieces and trees at a time, not every formula's
    this.parsed.clear();
    // kept for hovers: of the size it ends with (`push` leaves room for 17), or the one empty list
    return formulaShapes(f, pieces.length ? pieces.slice() : NO_PIECES, local);
  }

  private chain(f: FormulaInfo, chain: SChain, ci: number, scope: ShapeScope, known: (n: string) => boolean, source: (s: number, e: number) => string, out: PieceShape[]) {
    const ps = chain.pieces;
    const parsed = ps.map((p) => this.parse(f, p, known, (n) => scope.shape(n) !== undefined));
    const env = scope.dims;
    // the names the statement reads (not those it declares or defines): a finding needs every one
    // understood here, as a shape, a size or a number (silence over guessing)
    const inAt0 = ps.findIndex((p, i) => i > 0 && p.rel === '\\in' && parsed[i]?.t === 'space');
    // `X \in …` declares X; in `Q = XW^Q \in …` the piece before `\in` is an expression the statement reads
    const end0 = inAt0 > 0 ? (parsed[inAt0 - 1]?.t === 'sym' ? inAt0 - 1 : inAt0) : ps.length;
    let lead0 = 0;
    while (lead0 < end0 && parsed[lead0]?.t === 'sym' && (lead0 === 0 || ps[lead0].rel === '=')) lead0++;
    if (lead0 >= end0) lead0 = 0;
    // `\frac{\partial L}{\partial w} = X^\top(Xw - y)`: a derivative written first is named by what follows,
    // as a defined name is; the names it reads (L, the ∂) need no shape for the right side to be read
    const derivativeFirst = lead0 === 0 && ps.length > 1 && ps[1].rel === '=' && DERIVATIVE_FIRST.test(ps[0].source);
    if (derivativeFirst) lead0 = 1;
    // whether each piece calls softmax or attention: one walk per piece, for the chain and its inferences
    const attentions = parsed.map((x) => !!x && hasAttention(x));
    const attention = attentions.includes(true);
    let understood: boolean | undefined;
    const read = new Set<string>();
    const isUnderstood = () => {
      if (understood !== undefined) return understood;
      understood = true;
      // an attention formula's undeclared Q, K, V, d_k are assumed, and the finding says so
      if (attention) return understood;
      parsed.forEach((x, i) => {
        if (!x || i < lead0 || i === inAt0 || (i === inAt0 - 1 && x.t === 'sym')) return;
        walk(x, (n) => {
          if (n.t !== 'sym' || !understood) return;
          const name = n.name;
          read.add(name);
          if (scope.shape(name) !== undefined || env.get(name) !== undefined || this.sizes.has(name)) return;
          if (attention && (name === 'Q' || name === 'K' || name === 'V')) return;
          understood = false;
        });
      });
      return understood;
    };
    const report = (p: SPiece, finding: Finding) => {
      if (f.ignored || p.status === 'value' || p.status === 'problem') return;
      if (!isUnderstood()) return;
      // related information: where each name the statement read got its shape or value
      if (!finding.related?.length) {
        const related = [...read].flatMap((name) => {
          const d = this.shapes.get(name);
          if (d) return [{ range: d.range, message: msg(this.lang, 'related.declared-here', { name: displayName(name) }) }];
          const v = f.scope.get(name);
          return v ? [{ range: v.range, message: msg(this.lang, 'related.defined-as', { name: v.name, value: plainBrief(v.value) }) }] : [];
        });
        if (related.length) finding = { ...finding, related };
      }
      // the evaluator already reported this product of written-out matrices
      if (f.findings.some((g) => g.code === 'shape-mismatch' && g.range.start < finding.range.end && finding.range.start < g.range.end)) return;
      this.findings.push(finding);
    };

    // `\mathrm{MultiHead}(Q, K, V) = \mathrm{Concat}(\mathrm{head}_1, …)W^O`: a function whose body does not read
    // its parameters passes them to what is written next (`\mathrm{head}_i = \mathrm{Attention}(QW_i^Q, …)`).
    // A shape computed for those names before (`Q = XW^Q`, one head's n×d_k) is not theirs: the paper's
    // multi-head Q, K, V are d_model wide. Declared shapes stay; a body that reads them (`\mathrm{Attention}(Q,
    // K, V) = \mathrm{softmax}(…)V`) is the computed Q's.
    const head = parsed[0];
    const passedOn = (args: Node[]) => args.length > 0 && args.every((a) => a.t === 'sym') && !parsed.slice(1).some((x) => !!x && args.some((a) => a.t === 'sym' && readsName(x, a.name)));
    if (ps.length > 1 && ps[1].rel === '=' && head && (head.t === 'call' || head.t === 'apply') && passedOn(head.args)) {
      for (const a of head.args) if (a.t === 'sym' && this.shapes.get(a.name)?.declared === false) this.shapes.delete(a.name);
    }

    // ---- a declaration: `X \in \mathbb{R}^{…}` (and `Q, K, V \in …` written as a list) -------------
    const inAt = ps.findIndex((p, i) => i > 0 && p.rel === '\\in' && parsed[i]?.t === 'space');
    let declared: Dim[] | undefined;
    if (inAt > 0) {
      const real = parsed[inAt] as NodeOf<'space'>;
      declared = real.dims.map((d) => dimOf(d, env, source));
      for (const d of declared) for (const n of Object.keys(d.v)) this.sizes.set(n, true);
      const lhs = parsed[inAt - 1];
      if (lhs && lhs.t === 'sym') {
        const listed = this.listBefore(f, ci, known);
        const names = [...listed.map((l) => l.name), lhs.name];
        const start = listed.length ? listed[0].start : ps[inAt - 1].range.start;
        const range = { start, end: ps[inAt].range.end };
        for (const n of names) this.shapes.set(n, { shape: declared, range, declared: true });
        // `W_Q, W_K, W_V \in …`: the listed names belong to the declaration, not to pieces of their own
        for (let k = out.length - 1; k >= 0 && out[k].range.start >= start; k--) out.splice(k, 1);
        out.push(this.declarationPiece(range, names, declared, env));
      } else if (lhs) {
        // `QK^T \in \mathbb{R}^{n \times n}`: a claim about an expression's shape
        const r = this.infer(lhs, ps[inAt - 1], scope, source, f.span.contentStart, attentions[inAt - 1]);
        if (r.piece) {
          r.piece.declared = describeShape(declared, env);
          out.push(r.piece);
        }
        if (r.mismatch) report(ps[inAt - 1], r.mismatch);
        else if (r.value && r.value.k === 'tensor' && definitelyDiffer(r.value.shape, declared, env)) {
          report(ps[inAt - 1], {
            range: ps[inAt - 1].range,
            severity: 'warning',
            code: 'shape-mismatch',
            message: msg(this.lang, 'shape.declared-space', { expr: label(lhs), shape: describeShape(r.value.shape, env), declared: formatShape(declared) }),
            steps: r.piece?.steps,
          });
        }
        // `Q = XW^Q \in \mathbb{R}^{n \times d_k}`: the names the chain defines have the shape written for them,
        // as if declared (the writer's own statement; before, Q had no shape at all after such a line)
        let j = 0;
        while (j < inAt - 1 && parsed[j]?.t === 'sym' && (j === 0 || ps[j].rel === '=')) j++;
        if (j > 0 && j === inAt - 1 && ps[j].rel === '=') {
          const range = { start: ps[0].range.start, end: ps[inAt].range.end };
          for (let q = 0; q < j; q++) this.shapes.set((parsed[q] as NodeOf<'sym'>).name, { shape: declared, range, declared: true });
        }
      }
    }

    // ---- tuples, expressions, definitions -------------------------------------------------------------
    const end = inAt > 0 ? inAt - 1 : ps.length;
    let lead = 0;
    while (lead < end && parsed[lead]?.t === 'sym' && (lead === 0 || ps[lead].rel === '=')) lead++;
    if (lead === end && end > 1) lead = end - 1;
    if (lead === end) lead = 0;
    let prev: { value: SVal; piece: SPiece; label: string; node: Node } | undefined;
    let defined = false;
    for (let i = lead; i < end; i++) {
      const x = parsed[i];
      const p = ps[i];
      // the derivative written first is not read for a shape of its own (its ∂ and d are no names)
      if (!x || (i === 0 && derivativeFirst)) {
        prev = undefined;
        continue;
      }
      if (i > lead && p.rel !== '=' && p.rel !== '\\approx') prev = undefined;
      const r = this.infer(x, p, scope, source, f.span.contentStart, attentions[i]);
      if (r.mismatch) {
        report(p, r.mismatch);
        if (r.piece) out.push(r.piece);
        prev = undefined;
        continue;
      }
      if (!r.value) continue;
      const v = r.value;
      if (r.piece) out.push(r.piece);
      // `Q = XW_Q`: the leading names get the shape (or are checked against their declaration)
      if (!defined && lead > 0 && i === lead && (ps[i].rel === '=' || ps[i].rel === '\\approx')) {
        defined = true;
        for (let j = 0; j < lead; j++) {
          const name = (parsed[j] as NodeOf<'sym'>).name;
          if (v.k === 'tensor') {
            const d = this.shapes.get(name);
            // `A = A^\top`: a condition on A (square), wrong only where its sizes are known to differ
            const selfReference = readsName(x, name);
            const differs = definitelyDiffer(d?.shape ?? [], v.shape, selfReference ? { get: env.get } : env);
            if (d?.declared && differs && !(p.status === 'value' || p.status === 'problem')) {
              report(p, {
                range: p.range,
                severity: 'warning',
                code: 'shape-mismatch',
                message: msg(this.lang, 'shape.declared-name', { name: displayName(name), declared: describeShape(d.shape, env), expr: label(x), shape: describeShape(v.shape, env) }),
                steps: r.piece?.steps,
                related: [{ range: d.range, message: msg(this.lang, 'related.declared-here', { name: displayName(name) }) }],
              });
            } else if (!d?.declared) this.shapes.set(name, { shape: v.shape, range: { start: ps[0].range.start, end: p.range.end }, declared: false });
          } else if (v.k === 'scalar' && !chainDefinesNumber(p) && env.get(name) === undefined) {
            // `d_k = d_{model}/h` with unknown values: a symbolic size
            try {
              const d = dimOf(x, env, source);
              this.symbolic.set(name, d);
              if (r.piece) r.piece.names = [name];
            } catch (e) {
              if (!(e instanceof ShapeUnknown)) throw e;
            }
          }
        }
        if (v.k === 'scalar' && r.piece) r.piece.names = (parsed.slice(0, lead) as NodeOf<'sym'>[]).map((s) => s.name);
      }
      // `A = B = C`: consecutive sides must have the same shape
      // (two matrices both written out side by side with `=` and different sizes are notation, a
      // padding, an embedding or a reshape shown by example, not a claim about one value)
      if (prev && prev.value.k === 'tensor' && v.k === 'tensor' && !(writtenOut(prev.node) && writtenOut(x)) && !sameShape(prev.value.shape, v.shape, env) && definitelyDiffer(prev.value.shape, v.shape, env)) {
        report(p, {
          range: p.range,
          severity: 'warning',
          code: 'shape-mismatch',
          message: msg(this.lang, 'shape.not-equal', { a: prev.label, sa: describeShape(prev.value.shape, env), b: label(x), sb: describeShape(v.shape, env) }),
          steps: r.piece?.steps,
        });
      }
      prev = { value: v, piece: p, label: label(x), node: x };
    }
  }

  /** Bare names written before `X \in …` in the same formula, separated by commas only (`Q, K, V \in`). */
  private listBefore(f: FormulaInfo, ci: number, known: (n: string) => boolean): { name: string; start: number }[] {
    const names: { name: string; start: number }[] = [];
    const chains = this.chainsOf(f);
    let end = chains[ci].range.start;
    for (let j = ci - 1; j >= 0; j--) {
      const c = chains[j];
      const between = f.span.content.slice(c.range.end - f.span.contentStart, end - f.span.contentStart);
      if (!/^\s*,\s*$/.test(between) || c.pieces.length !== 1) break;
      const x = this.parse(f, c.pieces[0], known);
      if (x?.t !== 'sym') break;
      names.unshift({ name: x.name, start: c.range.start });
      end = c.range.start;
    }
    return names;
  }

  private declarationPiece(range: TextRange, names: string[], shape: Dim[], env: DimEnv): PieceShape {
    const piece: PieceShape = {
      kind: 'declaration',
      range,
      label: names.map(displayName).join(', '),
      names,
      shape: shape.map(formatDim),
      numeric: numericShape(shape, env),
      sizes: shape.map((d) => valueOf(d, env) ?? null),
      steps: [],
      attention: false,
    };
    if (!piece.numeric) this.pending.push({ piece, dims: shape });
    return piece;
  }

  /** Resolves the sizes of declarations waiting for values; with `keep`, the unresolved wait on in `later` order. */
  private resolvePending(env: DimEnv, from: { piece: PieceShape; dims: Dim[] }[], keep?: { piece: PieceShape; dims: Dim[] }[]): void {
    for (const p of from) {
      const sizes = p.dims.map((d) => valueOf(d, env) ?? null);
      if (sizes.every((x) => x !== null)) {
        p.piece.numeric = sizes as number[];
        p.piece.sizes = sizes;
      } else {
        p.piece.sizes = p.piece.sizes?.map((x, i) => x ?? sizes[i]);
        keep?.push(p);
      }
    }
  }

  private infer(x: Node, p: SPiece, scope: ShapeScope, source: (s: number, e: number) => string, base: number, attention = hasAttention(x)): { value?: SVal; piece?: PieceShape; mismatch?: Finding } {
    let assumed: string | undefined;
    let assumption: Message | undefined;
    let sc = scope;
    if (attention) {
      const a = assumeAttention(x, scope);
      if (a) {
        sc = a.scope;
        assumed = render(this.lang, a.note);
        assumption = a.note;
      }
    }
    const ctx: InferContext = { scope: sc, steps: [], source, lang: this.lang };
    const env = sc.dims;
    let value: SVal;
    try {
      value = inferShape(x, ctx);
    } catch (e) {
      if (e instanceof ShapeMismatch) {
        const steps = ctx.steps.map((s) => s.text);
        const piece: PieceShape = { kind: 'expression', range: p.range, label: label(x), names: [], steps, attention, assumed };
        const text = assumption ? msg(this.lang, 'shape.with-assumption', { message: e.msg, assumption }) : render(this.lang, e.msg);
        // a finding's message is in the document's language; its steps are the same in every language (as the CLI's --lang promises)
        const plain = ctx.steps.map((s) => s.plain ?? s.text);
        return { piece, mismatch: { range: { start: base + e.s, end: base + Math.max(e.e, e.s + 1) }, severity: 'warning', code: 'shape-mismatch', message: text, steps: plain } };
      }
      if (e instanceof ShapeUnknown || e instanceof RangeError) return {};
      throw e;
    }
    const steps = ctx.steps.map((s: Step) => s.text);
    if (value.k === 'dims') {
      return { value, piece: { kind: 'tuple', range: p.range, label: label(x), names: [], shape: value.dims.map(formatDim), numeric: numericShape(value.dims, env), sizes: value.dims.map((d) => valueOf(d, env) ?? null), steps, attention: false } };
    }
    if (value.k === 'tensor') {
      return { value, piece: { kind: 'expression', range: p.range, label: label(x), names: [], shape: value.shape.map(formatDim), numeric: numericShape(value.shape, env), steps, attention, assumed } };
    }
    // a scalar: a size expression (d_model/h) is worth a line; plain numbers are the evaluator's
    if (value.dim && !isNumeric(value.dim) && x.t !== 'sym') {
      const working = workingOf(value.dim, env);
      return { value, piece: { kind: 'dimension', range: p.range, label: label(x), names: [], value: valueOf(value.dim, env), working, steps, attention: false } };
    }
    return { value };
  }
}

/**
 * A formula's shapes, with its numeric sizes built on first use (hovers): walking the whole scope for
 * every formula made analysis quadratic. It keeps only the scope and the formula's own sizes alive,
 * not the walk's state for that formula; a class, so that the getter is one for all formulas (an
 * object literal with a getter closing over its formula was about 450 bytes per formula).
 */
class FormulaShapesOf implements FormulaShapes {
  private sizes: Map<string, number> | undefined;
  constructor(
    readonly index: number,
    readonly pieces: PieceShape[],
    private readonly scope: ReadonlyMap<string, Variable>,
    private readonly own: ReadonlyMap<string, number> | undefined,
  ) {}
  get numbers(): ReadonlyMap<string, number> {
    if (!this.sizes) {
      const numbers = new Map<string, number>();
      for (const [k, v] of this.scope) if (typeof v.value === 'number') numbers.set(k, v.value);
      if (this.own) for (const [k, v] of this.own) numbers.set(k, v);
      this.sizes = numbers;
    }
    return this.sizes;
  }
}

function formulaShapes(f: FormulaInfo, pieces: PieceShape[], local: ReadonlyMap<string, number>): FormulaShapes {
  return new FormulaShapesOf(f.index, pieces, f.scope, local.size ? local : undefined);
}

const NO_SIZES: ReadonlyMap<string, number> = new Map();

/** A side written as a derivative: `\frac{\partial L}{\partial W}`, `\frac{dL}{dw}`, `\nabla_w L`, `\partial L/\partial W`. */
const DERIVATIVE_FIRST = /^\s*(?:\\[dt]?frac\s*\{\s*(?:\\partial|d)(?![A-Za-z])[^{}]*(?:\{[^{}]*\}[^{}]*)*\}\s*\{\s*(?:\\partial|d)(?![A-Za-z])[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|\\nabla\b[^=]*|\\partial\s*[^=/]*\/\s*\\partial[^=]*)\s*$/;

/** Whether shapes read a piece: a tree the analysis could read, not a problem, not plain arithmetic. */
function readable(p: SPiece): p is SPiece & { tree: Node } {
  return p.status !== 'problem' && !!p.tree && !plainArithmetic(p);
}

/** The shapes of every formula without any (frozen: nothing adds to it). */
const NO_PIECES = Object.freeze([]) as unknown as PieceShape[];

/**
 * Parsed trees (kept across analyses by the formula cache) without a symbol or matrix in them, among
 * those too large to walk again (`SMALL_TREE`): a small tree is walked each time, which costs less
 * than keeping its answer (most trees of a numeric answer are a few nodes).
 */
const symbolFree = new WeakMap<object, boolean>();
/** Trees of at most this many nodes are walked again rather than kept in `symbolFree`. */
const SMALL_TREE = 64;

/** A number computed from numbers only (4 × 768 × 768): nothing for shapes to add. */
function plainArithmetic(p: SPiece): boolean {
  if (p.status !== 'value' || typeof p.value !== 'number') return false;
  const node = p.node;
  if (!node) return false;
  const small = hasSymbols(node, SMALL_TREE);
  if (small !== undefined) return !small;
  let free = symbolFree.get(node);
  if (free === undefined) symbolFree.set(node, (free = !hasSymbols(node, Infinity)));
  return free;
}

/** Whether the tree has a symbol or a matrix in it; undefined when it has more than `limit` nodes (not walked further). */
function hasSymbols(node: unknown, limit: number): boolean | undefined {
  let symbols = false;
  let nodes = 0;
  const walkNode = (n: unknown): void => {
    if (symbols || nodes > limit || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (const x of n) walkNode(x);
      return;
    }
    nodes++;
    const o = n as Record<string, unknown>;
    if (o.t === 'sym' || o.t === 'mat') {
      symbols = true;
      return;
    }
    // every field of the node (no array of its values per node: a long answer has millions)
    for (const k in o) {
      const v = o[k];
      if (v && typeof v === 'object') walkNode(v);
    }
  };
  walkNode(node);
  return symbols ? true : nodes > limit ? undefined : false;
}

/** How far after a formula a declaration still explains it ("…, where $W \in \mathbb{R}^{…}$"). */
const LATER_FORMULAS = 4;
const LATER_CHARACTERS = 400;

/** A matrix written out entry by entry (possibly transposed or in parentheses), not a name or a product. */
function writtenOut(x: Node): boolean {
  return x.t === 'mat' || ((x.t === 'transpose' || x.t === 'group') && writtenOut(x.a));
}

function readsName(x: Node, name: string): boolean {
  let found = false;
  walk(x, (n) => {
    if (n.t === 'sym' && n.name === name) found = true;
  });
  return found;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

function chainDefinesNumber(p: SPiece): boolean {
  return p.status === 'value' && typeof p.value === 'number';
}

/** Same rank and no size that differs (unknown symbolic sizes are given the benefit of the doubt). */
function sameShape(a: Dim[], b: Dim[], env: DimEnv): boolean {
  if (a.length !== b.length) return false;
  return a.every((d, i) => compareDims(d, b[i], env) !== 'no');
}

function definitelyDiffer(a: Dim[], b: Dim[], env: DimEnv): boolean {
  if (a.length !== b.length) {
    // a vector written n×1 is the same as a vector of n
    const strip = (s: Dim[]) => s.filter((d) => valueOf(d, env) !== 1);
    return strippedDiffer(strip(a), strip(b), env);
  }
  return a.some((d, i) => compareDims(d, b[i], env) === 'no');
}

/**
 * Shapes without their sizes 1: they differ when a size differs, or when one has more sizes than the other
 * and none of its extra ones is a size not known, which may be 1 (`\mu_2 \in \mathbb{R}^s` written as one
 * entry, [\mu_p + \nu_r], is a vector of s = 1).
 */
function strippedDiffer(a: Dim[], b: Dim[], env: DimEnv): boolean {
  if (a.length === b.length) return a.some((d, i) => compareDims(d, b[i], env) === 'no');
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  for (let i = 0; i < long.length; i++) {
    if (valueOf(long[i], env) !== undefined) continue;
    if (!strippedDiffer([...long.slice(0, i), ...long.slice(i + 1)], short, env)) return false;
  }
  return true;
}

/** `d_model/h` → `768/12` when the sizes are known. */
function workingOf(d: Dim, env: DimEnv): string | undefined {
  const entries = Object.entries(d.v);
  const parts = (sign: 1 | -1) =>
    entries
      .filter(([, e]) => Math.sign(e) === sign)
      .map(([n, e]) => {
        const v = valueOf(sym(n), env);
        const shown = v !== undefined ? String(v) : displayName(n);
        const k = Math.abs(e);
        return k === 1 ? shown : k === 0.5 ? `√${shown}` : `${shown}^${k}`;
      });
  const top = parts(1);
  const bottom = parts(-1);
  const c = d.c;
  const numer = [...(c !== 1 ? [String(c)] : []), ...top].join('·') || '1';
  const text = bottom.length ? `${numer}/${bottom.join('·')}` : numer;
  return text === formatDim(d) ? undefined : text;
}

/**
 * `\mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V` with Q, K, V declared nowhere: the usual
 * shapes Q, K ∈ ℝ^{n×d_k}, V ∈ ℝ^{n×d_v}; d_k from the document (d_k, d_head or d_model/h).
 */
function assumeAttention(x: Node, scope: ShapeScope): { scope: ShapeScope; note: Message } | undefined {
  const names = new Set<string>();
  walk(x, (n) => {
    if (n.t === 'sym') names.add(n.name);
  });
  const qkv = ['Q', 'K', 'V'];
  if (!qkv.every((n) => names.has(n))) return undefined;
  const missing = qkv.filter((n) => scope.shape(n) === undefined);
  if (missing.length === 0) return undefined;
  // Q, K, V beside the document's own matrices (`\mathrm{Attention}(QW_i^Q, KW_i^K, VW_i^V)` with
  // W_i^Q ∈ ℝ^{d_model×d_k}) are a layer's inputs, d_model wide: the scaled dot product's shapes
  // would be a guess, and a mismatch with the declared matrices the guess's, not the writer's
  for (const n of names) if (!qkv.includes(n) && (scope.shape(n)?.length ?? 0) >= 2) return undefined;
  const base = scope.dims;
  const extra = new Map<string, DimValue>();
  if (base.get('d_k') === undefined) {
    if (base.get('d_head') !== undefined) extra.set('d_k', sym('d_head'));
    else if (base.get('d_model') !== undefined && base.get('h') !== undefined) extra.set('d_k', divDim(sym('d_model'), sym('h')));
  }
  const dv = base.get('d_v') !== undefined ? sym('d_v') : sym('d_k');
  const given = (n: string): Dim[] => {
    if (n === 'V') return [sym('n'), dv];
    return [sym('n'), sym('d_k')];
  };
  const dims: DimEnv = { get: (n) => extra.get(n) ?? base.get(n), distinct: (a, b) => pairKey(a, b) === pairKey('n', 'd_k') || !!base.distinct?.(a, b) };
  const shape = (n: string) => scope.shape(n) ?? (missing.includes(n) ? given(n) : undefined);
  const dk = extra.get('d_k');
  const dkNote = dk && typeof dk !== 'number' ? `, d_k = ${formatDim(dk)}` : '';
  const note = message('shape.assumed', { shapes: missing.map((n) => `${n} ∈ ℝ^{${formatShape(given(n))}}`).join(', '), dk: dkNote, names: missing.join(', '), declaration: '\\in \\mathbb{R}^{…}' });
  return { scope: { dims, shape }, note };
}
