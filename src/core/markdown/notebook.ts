/**
 * Jupyter notebooks (nbformat 4) as one Markdown text: the Markdown cells of a notebook are read
 * together (a value defined in one cell is known in later ones), joined with separators that no
 * formula, code block or comment can cross, and every offset of the joined text maps back to a cell
 * and an offset inside it. Code and raw cells are not read. Pure: no file system, no vscode.
 */

/** One cell of a notebook, with its source as one string (a list of lines is joined). */
export interface NotebookCell {
  kind: 'markdown' | 'code' | 'raw';
  source: string;
}

export type NotebookParse = { ok: true; cells: NotebookCell[] } | { ok: false; message: string };

/** Reads an `.ipynb` file's JSON (nbformat 4); a cell `source` may be a string or a list of lines. */
export function parseNotebook(json: string): NotebookParse {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (e) {
    return { ok: false, message: `not valid JSON (${e instanceof Error ? e.message.split('\n')[0] : 'parse error'})` };
  }
  if (!isObject(doc) || !Array.isArray(doc.cells)) return { ok: false, message: 'not a Jupyter notebook (no "cells" list)' };
  if (typeof doc.nbformat === 'number' && doc.nbformat !== 4) return { ok: false, message: `nbformat ${doc.nbformat} is not supported (only 4)` };
  const cells: NotebookCell[] = [];
  for (const c of doc.cells as unknown[]) {
    const type = isObject(c) ? c.cell_type : undefined;
    const kind = type === 'markdown' || type === 'raw' ? type : 'code';
    const src = isObject(c) ? c.source : undefined;
    const source = typeof src === 'string' ? src : Array.isArray(src) ? src.filter((s): s is string => typeof s === 'string').join('') : '';
    cells.push({ kind, source });
  }
  return { ok: true, cells };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Where one Markdown cell sits in the joined text: `[start, start + length)`. */
export interface CellSegment {
  /** 0-based index among all the notebook's cells (code and raw cells count). */
  cell: number;
  start: number;
  length: number;
}

/** A position inside one cell: its index and an offset into its source (UTF-16 units). */
export interface CellOffset {
  cell: number;
  offset: number;
}

/** The Markdown cells joined into one text, and the map between its offsets and the cells'. */
export interface NotebookText {
  text: string;
  segments: CellSegment[];
}

/**
 * Joins Markdown cells (`cell` is each one's index among all cells) into one Markdown text. Between
 * two cells: a closing fence for a code fence the cell left open, `-->` for a comment it left open,
 * then a blank line, an empty fenced code block and a blank line — a blank line ends every inline
 * formula and paragraph, the fence ends a `$$` display block that may hold blank lines, so nothing
 * one cell opens can pair with what a later cell closes.
 */
export function joinMarkdownCells(cells: readonly { cell: number; source: string }[]): NotebookText {
  let text = '';
  const segments: CellSegment[] = [];
  cells.forEach((c, i) => {
    if (i > 0) text += separatorAfter(cells[i - 1].source);
    segments.push({ cell: c.cell, start: text.length, length: c.source.length });
    text += c.source;
  });
  return { text, segments };
}

/** The Markdown cells of a parsed notebook, joined. */
export function notebookMarkdown(cells: readonly NotebookCell[]): NotebookText {
  const md: { cell: number; source: string }[] = [];
  cells.forEach((c, cell) => {
    if (c.kind === 'markdown') md.push({ cell, source: c.source });
  });
  return joinMarkdownCells(md);
}

/** The cell and in-cell offset of a joined-text offset; undefined inside a separator. */
export function cellOffsetOf(nb: NotebookText, offset: number): CellOffset | undefined {
  const segs = nb.segments;
  let lo = 0;
  let hi = segs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segs[mid];
    if (offset < s.start) hi = mid - 1;
    else if (offset > s.start + s.length) lo = mid + 1;
    else return { cell: s.cell, offset: offset - s.start };
  }
  return undefined;
}

/** The joined-text offset of an offset inside a cell; undefined when the cell is not a Markdown cell of it. */
export function joinedOffsetOf(nb: NotebookText, cell: number, offset: number): number | undefined {
  const s = nb.segments.find((x) => x.cell === cell);
  if (!s || offset < 0 || offset > s.length) return undefined;
  return s.start + offset;
}

const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** What ends whatever `source` left open, then the fixed separator. */
function separatorAfter(source: string): string {
  let out = source.endsWith('\n') ? '' : '\n';
  let open: { ch: string; len: number } | undefined;
  for (const line of source.split(/\r\n|\r|\n/)) {
    const m = FENCE_LINE.exec(line);
    if (!m) continue;
    const ch = m[1][0];
    if (!open) {
      // an info string of a backtick fence has no backtick ("```x```" is inline code)
      if (ch === '`' && m[2].includes('`')) continue;
      open = { ch, len: m[1].length };
    } else if (ch === open.ch && m[1].length >= open.len && m[2].trim() === '') open = undefined;
  }
  if (open) out += open.ch.repeat(open.len) + '\n';
  else if (source.lastIndexOf('<!--') > source.lastIndexOf('-->')) out += '-->\n';
  return out + '\n```\n```\n\n';
}
