// How wide KaTeX typesets a formula, without a browser: KaTeX's own HTML tree (katex.__renderToHTMLTree)
// carries each glyph's advance width from its font metrics and every space, kern and margin in em; the
// CSS adds a few fixed widths (null delimiters, the 2 px column of a vlist). Walking the tree the way the
// browser lays it out (side by side in a row, the widest line in a vertical list, font sizes scaled)
// gives the width in em of the formula's font. KaTeX merges neighbouring glyphs of one font into one
// node (`ReLU`, `diag`) and keeps the first glyph's width there, so such runs are measured glyph by
// glyph from KaTeX's font metrics (src/fontMetricsData.js in the katex package). Checked against Chromium's layout of the same formulas
// (KaTeX 0.16 CSS and fonts): within a few percent, never under by more than 3 %.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

interface Node {
  classes?: string[];
  style?: Record<string, string | undefined>;
  children?: Node[];
  text?: string;
  width?: number;
  italic?: number;
}

/** KaTeX's size table: \tiny … \Huge (size1 … size11), relative to \normalsize (size6). */
const SIZES = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.2, 1.44, 1.728, 2.074, 2.488];
/** The 2 px column of every two-column vlist, in em at the preview's formula size (14 px × 1.21). */
export const PREVIEW_EM_PX = 14 * 1.21;

function em(v: string | undefined): number {
  if (!v) return 0;
  const m = /^(-?[\d.]+)em$/.exec(v);
  return m ? Number(m[1]) : 0;
}

function scaleOf(classes: string[]): number {
  if (!classes.includes('sizing') && !classes.includes('fontsize-ensurer')) return 1;
  const from = classes.find((c) => /^reset-size\d+$/.test(c));
  const to = classes.find((c) => /^size\d+$/.test(c));
  if (!from || !to) return 1;
  return SIZES[Number(to.slice(4))] / SIZES[Number(from.slice(10))];
}

type Metrics = Record<string, Record<string, number[]>>;
let metrics: Metrics | undefined;

function fontMetrics(): Metrics {
  if (!metrics) {
    const req = createRequire(__filename);
    const file = path.join(path.dirname(req.resolve('katex/package.json')), 'src/fontMetricsData.js');
    metrics = JSON.parse(readFileSync(file, 'utf8').replace(/^[\s\S]*?export default/, '').replace(/;\s*$/, '').replace(/,(\s*[}\]])/g, '$1')) as Metrics;
  }
  return metrics;
}

function fontOf(classes: string[]): string {
  if (classes.includes('mathnormal')) return 'Math-Italic';
  if (classes.includes('boldsymbol')) return 'Math-BoldItalic';
  if (classes.includes('mathit') || classes.includes('textit')) return 'Main-Italic';
  if (classes.includes('mathbf') || classes.includes('textbf')) return 'Main-Bold';
  if (classes.includes('amsrm')) return 'AMS-Regular';
  if (classes.includes('mathsf') || classes.includes('textsf')) return 'SansSerif-Regular';
  return 'Main-Regular';
}

/** A glyph node's width: a run of merged glyphs is summed glyph by glyph. */
function glyphsWidth(n: Node): number {
  const chars = [...(n.text ?? '')];
  if (chars.length <= 1) return n.width ?? 0;
  const font = fontMetrics()[fontOf(n.classes ?? [])] ?? {};
  return chars.reduce((a, c) => a + (font[String(c.codePointAt(0))]?.[4] ?? (n.width ?? 0)), 0);
}

/** Width in em (of the current font) of one node. */
function widthOf(n: Node, vlistPxEm: number): number {
  const style = n.style ?? {};
  const margins = em(style.marginLeft) + em(style.marginRight) + em(style.paddingLeft) + em(style.paddingRight);
  if (n.text !== undefined && !n.children) return glyphsWidth(n) + Math.max(0, n.italic ?? 0) + margins;
  const classes = n.classes ?? [];
  if (classes.includes('pstrut') || classes.includes('strut') || classes.includes('frac-line')) return 0;
  if (classes.includes('nulldelimiter')) return 0.12;
  const scale = scaleOf(classes);
  const kids = n.children ?? [];
  let inner: number;
  if (classes.includes('vlist')) inner = Math.max(0, ...kids.map((k) => widthOf(k, vlistPxEm / scale) * scale));
  else if (classes.includes('vlist-s')) inner = 2 * vlistPxEm;
  else inner = kids.reduce((a, k) => a + widthOf(k, vlistPxEm / scale) * scale, 0);
  const own = em(style.width) || em(style.minWidth);
  return Math.max(inner, own) + margins;
}

interface Katex {
  __renderToHTMLTree(tex: string, options: object): Node;
}

let katex: Katex | null | undefined;
function load(): Katex | null {
  if (katex === undefined) {
    try {
      katex = createRequire(__filename)('katex') as Katex;
    } catch {
      katex = null;
    }
  }
  return katex;
}

/** Whether KaTeX is installed (a devDependency): tests that measure skip without it. */
export function katexAvailable(): boolean {
  return load() !== null;
}

/** The width in em of `tex` typeset as display math. */
export function katexWidthEm(tex: string): number {
  const k = load();
  if (!k) throw new Error('katex is not installed');
  const tree = k.__renderToHTMLTree(tex, { displayMode: true, throwOnError: true, strict: 'ignore' });
  return widthOf(tree, 1 / PREVIEW_EM_PX);
}

/** The width in px of `tex` as display math in VS Code's Markdown preview (14 px text, KaTeX at 1.21 em). */
export function previewWidthPx(tex: string): number {
  return katexWidthEm(tex) * PREVIEW_EM_PX;
}
