/**
 * A markdown-it plugin for VS Code's built-in Markdown preview that marks each wrong claim: the
 * claimed value is underlined inside its formula, and the formula carries a tooltip with the right
 * value. The findings are the core analysis's (the same as the diagnostics'); nothing else in the
 * page changes, so a correct answer's preview is exactly as before.
 *
 * No `vscode` and no markdown-it import: VS Code passes its own markdown-it instance (with the
 * KaTeX plugin of its math extension), and the types below are the few parts of it this reads.
 * Document text reaches the page only through KaTeX (as before) and through escaped attributes.
 */
import { analyzeDocument, type DocumentAnalysis } from '../core/document/analysis';
import type { EngineOptions, Finding } from '../core/types';

/** The parts of a markdown-it token this plugin reads and writes. */
export interface MdToken {
  type: string;
  content: string;
  children: MdToken[] | null;
  meta: unknown;
}
export type MdRenderRule = (tokens: MdToken[], idx: number, options: unknown, env: unknown, self: unknown) => string;
/** The parts of a markdown-it instance this plugin uses. */
export interface MarkdownItLike {
  core: { ruler: { push(name: string, rule: (state: { src: string; tokens: MdToken[] }) => void): void } };
  renderer: { rules: Record<string, MdRenderRule | undefined> };
}

export interface MarkWrongClaimsOptions {
  /** Read at every render: the `dlmath.preview.markWrongClaims` setting. */
  enabled(): boolean;
  /**
   * Engine options (index base, message language) as the diagnostics use them for this document's
   * text (with `auto`, the message language follows the answer's prose).
   */
  engine(src: string): Partial<EngineOptions>;
  /** Larger documents are not analysed for the preview (like `dlmath.check.maxFileSizeKB`). */
  maxChars?(): number;
}

/** The math token types of `@vscode/markdown-it-katex` (inline `$…$`, display `$$…$$`, bare environments). */
export const MATH_TOKEN_TYPES = ['math_inline', 'math_block', 'math_inline_block', 'math_inline_bare_block'] as const;

/** What a marked token carries from parsing to rendering. */
interface Mark {
  /** One line per wrong claim: the finding's message (it names the right value). */
  messages: string[];
  actual: string[];
  /** The content as written, to fall back on when the underlined one does not typeset. */
  original: string;
  /** Every claim got its underline inside the formula. */
  underlined: boolean;
}
const MARK = 'dlmathWrongClaims';
const WRAPPED = Symbol.for('dlmath.markWrongClaims.wrapped');

export function escapeAttribute(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function isWrongClaim(f: Finding): boolean {
  return f.severity === 'error' && f.actual !== undefined;
}

/** `claim` can stand alone inside `\underline{…}`: balanced braces, no row or column separator outside an environment. */
function underlinable(claim: string): boolean {
  let depth = 0;
  let env = 0;
  for (let i = 0; i < claim.length; i++) {
    const c = claim[i];
    if (c === '\\') {
      if (claim.startsWith('\\begin', i)) env++;
      else if (claim.startsWith('\\end', i)) env--;
      else if (claim[i + 1] === '\\' && env === 0) return false;
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return false;
    else if (c === '&' && env === 0) return false;
  }
  return depth === 0 && env === 0 && claim.trim() !== '';
}

/** The math tokens of a parse, in document order (blocks and the inline ones inside paragraphs). */
function mathTokens(tokens: MdToken[]): MdToken[] {
  const out: MdToken[] = [];
  const types = new Set<string>(MATH_TOKEN_TYPES);
  for (const t of tokens) {
    if (types.has(t.type)) out.push(t);
    if (t.children) for (const c of t.children) if (types.has(c.type)) out.push(c);
  }
  return out;
}

/**
 * Marks the tokens of one parse: each math token is paired, in document order, with the formula of
 * the analysis that has the same content; a formula with wrong claims gets its claims underlined
 * and a mark for the renderer. A token with no such formula (a different reading of the
 * delimiters, math in a block quote) is left alone: silence over guessing.
 */
export function markTokens(tokens: MdToken[], analysis: DocumentAnalysis): number {
  const formulas = analysis.formulas;
  let next = 0;
  let marked = 0;
  for (const t of mathTokens(tokens)) {
    const content = t.content.trim();
    if (content === '') continue;
    // the next formula with the same content, not far ahead (the two readings agree almost always)
    let k = next;
    while (k < formulas.length && k < next + 8 && formulas[k].span.content.trim() !== content) k++;
    if (k >= formulas.length || formulas[k].span.content.trim() !== content) continue;
    next = k + 1;
    const f = formulas[k];
    if (f.ignored) continue;
    const wrong = f.findings.filter(isWrongClaim);
    if (wrong.length === 0) continue;
    const span = f.span;
    // offsets inside the token's content: the span's content and the token's differ only by outer whitespace
    const shift = t.content.indexOf(content) - span.content.indexOf(content);
    const claims = wrong
      .map((w) => ({ start: w.range.start - span.contentStart + shift, end: w.range.end - span.contentStart + shift }))
      .sort((a, b) => b.start - a.start);
    let text = t.content;
    let underlined = true;
    let last = Infinity;
    for (const c of claims) {
      const claim = c.start >= 0 && c.end <= text.length && c.end <= last ? text.slice(c.start, c.end) : '';
      if (!underlinable(claim)) {
        underlined = false;
        continue;
      }
      text = `${text.slice(0, c.start)}\\underline{${claim}}${text.slice(c.end)}`;
      last = c.start;
    }
    const mark: Mark = { messages: wrong.map((w) => w.message), actual: wrong.map((w) => w.actual ?? ''), original: t.content, underlined };
    t.meta = { ...(typeof t.meta === 'object' && t.meta !== null ? t.meta : {}), [MARK]: mark };
    t.content = text;
    marked++;
  }
  return marked;
}

function markOf(t: MdToken): Mark | undefined {
  const meta = t.meta as Record<string, unknown> | null | undefined;
  return meta && typeof meta === 'object' && Object.prototype.hasOwnProperty.call(meta, MARK) ? (meta[MARK] as Mark) : undefined;
}

/** Wraps the math renderers (once per rule): a marked formula in an element with the tooltip. */
function wrapRenderers(md: MarkdownItLike): void {
  for (const type of MATH_TOKEN_TYPES) {
    const rule = md.renderer.rules[type];
    if (!rule || (rule as unknown as Record<symbol, boolean>)[WRAPPED]) continue;
    const wrapped: MdRenderRule = (tokens, idx, options, env, self) => {
      const t = tokens[idx];
      const mark = markOf(t);
      let html = rule(tokens, idx, options, env, self);
      if (!mark) return html;
      if (t.content !== mark.original && html.includes('katex-error')) {
        // the underline made it unreadable to KaTeX: show the formula as written, marked as a whole
        t.content = mark.original;
        mark.underlined = false;
        html = rule(tokens, idx, options, env, self);
      }
      const cls = `dlmath-wrong${mark.underlined ? '' : ' dlmath-wrong-whole'}`;
      const attrs = `class="${cls}" title="${escapeAttribute(mark.messages.join('\n'))}" data-dlmath-actual="${escapeAttribute(mark.actual.join('; '))}"`;
      const block = t.type !== 'math_inline';
      return block ? `<div ${attrs}>${html}</div>` : `<span ${attrs}>${html}</span>`;
    };
    (wrapped as unknown as Record<symbol, boolean>)[WRAPPED] = true;
    md.renderer.rules[type] = wrapped;
  }
}

/**
 * Installs the plugin on a markdown-it instance: a core rule that analyses the source once per text
 * and marks the math tokens, and wrappers around the math renderers. The renderers are wrapped at
 * parse time too, since the math plugin may be installed after this one.
 */
export function markWrongClaims<T extends MarkdownItLike>(md: T, options: MarkWrongClaimsOptions): T {
  let cached: { src: string; key: string; analysis: DocumentAnalysis } | undefined;
  md.core.ruler.push('dlmath_wrong_claims', (state) => {
    if (!options.enabled()) return;
    const src = state.src;
    if (options.maxChars && src.length > options.maxChars()) return;
    const engine = options.engine(src);
    const key = JSON.stringify(engine);
    if (!cached || cached.src !== src || cached.key !== key) cached = { src, key, analysis: analyzeDocument(src, engine) };
    if (cached.analysis.ignoredFile || !cached.analysis.findings.some(isWrongClaim)) return;
    wrapRenderers(md);
    markTokens(state.tokens, cached.analysis);
  });
  wrapRenderers(md);
  return md;
}
