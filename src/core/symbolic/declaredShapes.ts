/**
 * The shapes a document declares (`A, B \in \mathbb{R}^{n \times n}`, `x \in \mathbb{R}^d`), as the
 * symbolic judge needs them: read from the shape pass's part of the model (`analysis.shapes`), never
 * from the text again, and holding where the shape pass holds them (a declaration in a problem's
 * section is forgotten after it). A name declared here is a matrix (or a column vector) to the judge;
 * every other name stays a number.
 *
 * A name the prose gives a property the random matrices do not have (symmetric, orthogonal, diagonal,
 * positive definite…) is marked `special`: a step that reads it as a matrix is not judged.
 */
import { paragraphsWith } from '../markdown/paragraphs';
import type { DocumentAnalysis, FormulaInfo } from '../document/model';
import { ScopedMap } from '../document/scope';
import { walkTree, type Node, type NodeOf } from '../syntax/ast';

/** One size of a declared shape: the same key is the same size wherever it is written. */
export interface SizeKey {
  /** `n`, `d_model`, `2d`, or `#768` for a size whose number the document gives. */
  key: string;
  /** The size as the document gives it, when it does. */
  value?: number;
  /** The size's name where it is one name (`n`, `d_k`): a step may read it as a number too. */
  name?: string;
}

export interface DeclaredShape {
  /** One size (a column vector) or two (a matrix); other ranks are declared but not judged. */
  dims: readonly SizeKey[];
  /** The prose gives it a property (symmetric, orthogonal…) that random matrices do not have. */
  special: boolean;
}

/** The declarations that hold at one place of the document. */
export interface DeclaredShapes {
  get(name: string): DeclaredShape | undefined;
}

/** Properties a random matrix does not have: a step about such a matrix holds under its words (English and Persian). */
const PROPERTY_WORDS = /symmetric|orthogonal|orthonormal|diagonal|unitary|triangular|idempotent|permutation|definite|commut|skew|identity matri|متقارن|متعامد|قطری|یکانی|همانی|مثلثی|مثبت[\s\u200c]*معین|معین[\s\u200c]*مثبت|جابه[\s\u200c-]?جاپذیر/i;

/** A size written as one name the parser spells the same way (`n`, `d_k`, `d_model`). */
const SIZE_NAME = /^[A-Za-z](?:_[A-Za-z0-9]+)?$/;

/**
 * Walks the document's formulas in order with the shape declarations in force: `at(f)` moves to
 * formula `f` (its section, its declarations and those before it) and returns what holds there, or
 * undefined while nothing is declared (the judge's scalar reading, unchanged).
 */
export class ShapeDeclarations {
  private readonly map: ScopedMap<DeclaredShape>;
  private readonly special: Set<string>;
  private count = 0;

  constructor(
    private readonly analysis: DocumentAnalysis,
    text: string,
  ) {
    const declarations = new Map<string, number>();
    for (const fs of analysis.shapes.formulas) for (const p of fs.pieces) if (p.kind === 'declaration') for (const n of p.names) declarations.set(n, (declarations.get(n) ?? 0) + 1);
    this.map = new ScopedMap({
      problem: (id) => analysis.sections[id].problem,
      reused: (name) => (declarations.get(name) ?? 0) + (analysis.definitions.get(name) ?? 0) > 1,
    });
    this.special = declarations.size ? propertyNames(analysis, text) : new Set();
  }

  /** The shapes declared where `f` is; `path` is its section path (`sectionPath`). */
  at(f: FormulaInfo, path: readonly number[]): DeclaredShapes | undefined {
    const shapes = this.analysis.shapes.formulas[f.index];
    this.map.enter(path);
    for (const p of shapes?.pieces ?? []) {
      if (p.kind !== 'declaration' || !p.shape) continue;
      const dims = p.shape.map((key, i): SizeKey => {
        const value = p.sizes?.[i] ?? undefined;
        if (value !== undefined && value !== null) return { key: `#${value}`, value, name: SIZE_NAME.test(key) ? key : undefined };
        return { key, name: SIZE_NAME.test(key) ? key : undefined };
      });
      for (const n of p.names) {
        this.map.set(n, { dims, special: this.special.has(n) });
        this.count++;
      }
    }
    return this.count ? this.map : undefined;
  }
}

/** Names written in a paragraph whose prose gives a matrix a property (`Let $A$ be symmetric`). */
function propertyNames(analysis: DocumentAnalysis, text: string): Set<string> {
  const names = new Set<string>();
  const paragraphs = paragraphsWith(text, PROPERTY_WORDS);
  if (!paragraphs.length) return names;
  const note = (n: Node) => {
    if (n.t === 'sym') names.add(n.name);
    const named = n.t === 'pow' ? superscriptName(n) : undefined;
    if (named) names.add(named);
  };
  for (const f of analysis.formulas) {
    if (!paragraphs.some(([a, b]) => f.span.start < b && f.span.end > a)) continue;
    for (const c of f.chains) {
      for (const p of c.pieces) {
        const tree = p.tree ?? p.node;
        if (tree) walkTree(tree, note);
      }
    }
  }
  return names;
}

/**
 * `W^Q`, `W_i^{K}`: the name the shape pass gives a name with a superscript that names (a letter or a
 * word, not a number), as the parser leaves it, a power.
 */
export function superscriptName(n: NodeOf<'pow'>): string | undefined {
  let b = n.b;
  while (b.t === 'group') b = b.a;
  if (n.a.t !== 'sym' || n.a.sup !== undefined || b.t !== 'sym' || b.sub || !/^[A-Za-z]+$/.test(b.name)) return undefined;
  return `${n.a.name}^${b.name}`;
}
