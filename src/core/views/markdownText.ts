/**
 * Putting document text into Markdown safely. Everything a hover shows that comes from the answer
 * (expressions, names, messages quoting them) goes through one of these, so that no backtick,
 * bracket, `<` or URL in the document becomes live Markdown (a code span closed early, an image
 * loaded from the network, a link, HTML).
 */

/** The longest run of backticks in `s`. */
function longestBacktickRun(s: string): number {
  let best = 0;
  for (const m of s.matchAll(/`+/g)) best = Math.max(best, m[0].length);
  return best;
}

/** `s` as an inline code span: one line, delimited by more backticks than any run inside it. */
export function mdCode(s: string): string {
  const line = s.replace(/[\r\n]+/g, ' ');
  const fence = '`'.repeat(longestBacktickRun(line) + 1);
  // CommonMark strips one space from each end of a span that has both: a span that starts or ends
  // with a backtick or a space gets a space inside its fence on each side
  const pad = /^[` ]|[` ]$/.test(line) ? ' ' : '';
  return fence + pad + line + pad + fence;
}

/** `lines` as a fenced code block of `info` (on lines of its own), fenced by more backticks than any run inside. */
export function mdFence(lines: string, info = 'text'): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(lines) + 1));
  return `${fence}${info}\n${lines}\n${fence}`;
}

/**
 * `s` as literal text in a Markdown paragraph: the characters that start emphasis, code, links,
 * images, HTML, entities or tables are backslash-escaped, a line start that would open a list,
 * heading or quote is escaped, and bare URLs are broken up so that no autolink forms.
 */
export function mdText(s: string): string {
  return s
    .replace(/[\\`*[\]<>&!|~{}$]/g, (c) => '\\' + c)
    // an underscore inside a word (`W_Q`, `d_model`) can neither open nor close emphasis
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
    .replace(/^(\s*)([#>+=-]|\d+[.)])/gm, (_, sp: string, mark: string) => sp + mark.replace(/[#>+=\-.)]/, (c) => '\\' + c))
    .replace(/:\/\//g, ':\\/\\/')
    .replace(/\bwww\./gi, (w) => w.slice(0, 3) + '\\.');
}
