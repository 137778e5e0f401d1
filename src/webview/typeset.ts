/**
 * KaTeX for the panel page, without the DOM: the options (`trust` off, so no \href, \url or
 * \htmlClass reaches the page; errors drawn, not thrown) and a cache of rendered markup. KaTeX
 * escapes every character of the source it writes as text, so its output is the one markup the page
 * takes from a formula.
 */
import katex from 'katex';

export const KATEX_OPTIONS = {
  throwOnError: false,
  trust: false,
  strict: 'ignore' as const,
  maxSize: 20,
  maxExpand: 500,
  output: 'htmlAndMathml' as const,
  errorColor: 'var(--vscode-errorForeground)',
};

/** Rendered markup by (display, LaTeX): a cursor move re-renders mostly the same formulas. */
const katexCache = new Map<string, string>();

/** KaTeX's markup for `latex`; '' when KaTeX gives up (the caller shows the source as text then). */
export function katexHtml(latex: string, display: boolean): string {
  const key = (display ? 'D' : 'I') + latex;
  let html = katexCache.get(key);
  if (html === undefined) {
    try {
      html = katex.renderToString(latex, { ...KATEX_OPTIONS, displayMode: display });
    } catch {
      // throwOnError:false still throws on option errors; show the source rather than nothing
      html = '';
    }
    if (katexCache.size > 500) katexCache.clear();
    katexCache.set(key, html);
  }
  return html;
}

/** Text for HTML, as element content or a quoted attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A formula as markup: KaTeX's, in a left-to-right isolate (`.math`, as dom.ts's `math()` makes), or
 * its source as escaped code when KaTeX cannot typeset it.
 */
export function mathHtml(latex: string, display = false): string {
  const tag = display ? 'div' : 'span';
  const html = katexHtml(latex, display);
  return `<${tag} class="${display ? 'math display' : 'math'}" dir="ltr">${html || `<code>${escapeHtml(latex)}</code>`}</${tag}>`;
}
