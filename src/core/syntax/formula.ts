/**
 * One formula read by the front end, for a reader that has the formula's text but no document
 * analysis (the CLI's `--recurrence`, the panel's calculator): digits normalised, statements split,
 * each piece parsed into a tree, as the document analysis reads each formula.
 */
import { normalizeDigits } from '../markdown/digits';
import type { Node } from './ast';
import { FormulaProblem, LatexSyntaxError, Unsupported } from './errors';
import { readPiece, splitStatements, type Piece } from './parser';

/**
 * A piece of a statement with its tree: `node` when it has a value to compute, `tree` also for notation
 * with no value that later readers look at (`\frac{\partial L}{\partial h}`, `\dots`); neither when the
 * grammar does not read it (its tokens remain).
 */
export interface ReadPiece {
  piece: Piece;
  node?: Node;
  tree?: Node;
}

/** The statements of one formula: the shape the document analysis keeps for each formula it parsed. */
export interface ReadFormula {
  chains: { pieces: ReadPiece[] }[];
}

export interface ReadLimits {
  maxMatrixElements: number;
  maxDepth: number;
}

const LIMITS: ReadLimits = { maxMatrixElements: 250_000, maxDepth: 200 };

/** Reads `content` (a formula without its delimiters). Never throws: what it cannot read has no tree. */
export function readFormula(content: string, limits: ReadLimits = LIMITS): ReadFormula {
  let chains;
  try {
    chains = splitStatements(normalizeDigits(content), limits.maxDepth, content);
  } catch (e) {
    if (e instanceof LatexSyntaxError) return { chains: [] };
    throw e;
  }
  return {
    chains: chains.map((chain) => ({
      pieces: chain.pieces.map((piece) => {
        try {
          const r = readPiece(piece.tokens, limits);
          return r.refusal ? { piece, tree: r.node } : { piece, node: r.node, tree: r.node };
        } catch (e) {
          if (e instanceof Unsupported || e instanceof FormulaProblem || e instanceof RangeError) return { piece };
          throw e;
        }
      }),
    })),
  };
}
