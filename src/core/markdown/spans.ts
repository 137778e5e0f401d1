// Finding math in a Markdown answer file, with exact offsets.
// A hand-written linear scanner rather than markdown-it: markdown-it (the proven tokenizer) reports
// only line maps for its tokens, not the character offsets of math delimiters, so a single pass that
// follows CommonMark's code rules and Pandoc's dollar rules gives exact UTF-16 offsets and is faster.
//
// The reference is VS Code's own Markdown preview (markdown-it with @vscode/markdown-it-katex, as
// VS Code's markdown-math extension configures it): DL Math reads math where the preview renders it.
// test/unit/previewOracle.test.ts compares the two; the README lists the deliberate differences.
//
// Decisions the scanner makes (the tests pin each one down):
// - Every delimiter pair must close inside its paragraph: a blank line (spaces, tabs and invisible
//   bidi/ZWNJ marks only) or a line that opens a code fence ends the search, so an unclosed `$$` or
//   `\[` never pairs with a delimiter paragraphs later and never swallows the rest of the file.
//   `$$…$$`, `\[…\]` and environments may span several lines of one paragraph. One exception, as
//   in VS Code's preview: a `$$` that starts a line with nothing after it but formula text opens a
//   display block that may contain blank lines, up to a line that ends with `$$` (not past a code fence).
// - The preview's dollar rule: an opening `$` must not follow a backslash, a `$` or an ASCII letter,
//   digit or `_` ("2$\times$" is not math); the formula ends at the next unescaped `$`, which must
//   not be followed by a `$` or an ASCII letter, digit or `_`, or there is no formula from that opener
//   ("costs $5 and $6"). Spaces inside are allowed (`$ 3 \times 4 = 13 $`).
// - `$$` opens inline display math unless a `$` or a backslash is before it or a third `$` after
//   it; it ends at the next unescaped `$$`, under the same condition.
// - A fenced code block whose info string is `math` is display math (delimiter `'fence'`).
// - Leftmost opener wins: inside math, backticks are content; inside a code span, `$` is code.
// - Empty content (`$$$$`, `\(\)`) is not a span.
// - Offsets are plain string indices, so right-to-left text and bidi control characters around the
//   math never shift them.

/** One formula found in the document. All offsets are UTF-16 code units into the document text. */
export interface MathSpan {
  /** Offset of the opening delimiter. */
  start: number;
  /** Offset just after the closing delimiter. */
  end: number;
  /** Offset of the first character inside the delimiters. */
  contentStart: number;
  /** Offset just after the last content character. */
  contentEnd: number;
  /** `text.slice(contentStart, contentEnd)`. */
  content: string;
  /** `$$…$$`, `\[…\]`, an environment or a math fence, versus inline `$…$` / `\(…\)`. */
  display: boolean;
  /**
   * Which delimiter opened the span. For `'env'` the delimiters are `\begin{name}` and `\end{name}`
   * themselves (the name is `text.slice(start + 7, contentStart - 1)`), and the content is what lies
   * between them, so `&` and `\\` in it separate aligned rows just as they do inside `$$…$$`.
   * For `'fence'` (a ```` ```math ```` code block) the span runs from the opening fence to the end of
   * the closing one, and the content is the lines between them.
   */
  delimiter: '$' | '$$' | '\\(' | '\\[' | 'env' | 'fence';
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const HASH = 35;
const DOLLAR = 36;
const RPAREN = 41;
const PLUS = 43;
const STAR = 42;
const MINUS = 45;
const DOT = 46;
const LT = 60;
const GT = 62;
const BACKSLASH = 92;
const RBRACKET = 93;
const LPAREN = 40;
const LBRACKET = 91;
const BACKTICK = 96;
const LOWER_B = 98;
const LOWER_E = 101;
const RBRACE = 125;
const TILDE = 126;

/** Top-level LaTeX environments that are display math on their own, without `$$`. */
const DISPLAY_ENVIRONMENTS: ReadonlySet<string> = new Set([
  'equation', 'equation*', 'align', 'align*', 'gather', 'gather*', 'multline', 'multline*',
  'flalign', 'flalign*', 'eqnarray', 'eqnarray*',
]);

/** HTML block tags (CommonMark kind 6): a line opening with one starts raw HTML up to a blank line. */
const HTML_BLOCK_TAG = new RegExp('^</?(' + ['address', 'article', 'aside', 'base', 'basefont', 'blockquote', 'body', 'caption', 'center',
  'col', 'colgroup', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
  'frame', 'frameset', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head', 'header', 'hr', 'html', 'iframe', 'legend', 'li', 'link',
  'main', 'menu', 'menuitem', 'nav', 'noframes', 'ol', 'optgroup', 'option', 'p', 'param', 'search', 'section', 'summary',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'title', 'tr', 'track', 'ul'].join('|') + ')(?=\\s|/?>|$)', 'i');
/** A line holding one complete open or close tag and nothing else (CommonMark kind 7). */
const HTML_LONE_TAG = /^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^"'=<>`\s]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)\s*$/;

/** What a content scan is looking for. */
const enum Close {
  Dollar,
  DoubleDollar,
  Paren,
  Bracket,
  Env,
}

/** ASCII letters, digits and `_` (JavaScript's `\w`): a `$` after one does not open, before one does not close. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Characters that leave a line looking empty: spaces, tabs and invisible direction/joiner marks. */
/** Whether `s` holds a blank line: two line breaks with only blank characters (as paragraphs count them) between. */
export function hasBlankLine(s: string): boolean {
  let lineBreak = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === LF || (c === CR && s.charCodeAt(i + 1) !== LF)) {
      if (lineBreak) return true;
      lineBreak = true;
    } else if (c !== CR && !isBlankChar(c)) lineBreak = false;
  }
  return false;
}

function isBlankChar(c: number): boolean {
  return (
    c === SPACE || c === TAB || c === 0xa0 || c === 0xfeff || (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
  );
}

/**
 * Finds every formula in a Markdown document: `$…$`, `$$…$$`, `\(…\)`, `\[…\]` and top-level
 * `\begin{equation|align|gather|multline…}…\end{…}`, skipping fenced and indented code blocks, inline
 * code, HTML comments and escaped dollars. One linear pass; never throws.
 * @returns spans sorted by `start`, non-overlapping.
 */
export function findMathSpans(text: string): MathSpan[] {
  return new Scanner(text).run();
}

class Scanner {
  private readonly n: number;
  private readonly spans: MathSpan[] = [];

  // Block state, updated at each line start the prose scan reaches.
  private prevBlank = true;
  private paragraphOpen = false;
  private inList = false;
  private inIndentedCode = false;

  // Line analysis results (scratch fields, to avoid an object per line).
  private lineContent = 0; // offset of the first non-indent character (after `>` markers)
  private lineIndent = 0; // its column, tabs to multiples of 4
  private lineQuote = 0; // number of `>` markers
  private lineBlank = false;

  // Failed searches, remembered so the scan stays linear: a content scan that found no closer up to
  // `stop` would find none from any later opener of the same kind before `stop` either, because both
  // walks are in step from that opener on (see the notes on each kind in `run`).
  private readonly failUntil = [-1, -1, -1, -1];
  private readonly envFailUntil = new Map<string, number>();
  private stop = 0;
  // Code spans, as markdown-it does it: after a failed closing-run search up to `tickScannedUntil`,
  // `tickLastRun[len]` is the last run of that length seen, so later openers in that stretch either
  // fail at once or are sure to close.
  private tickScannedUntil = -1;
  private readonly tickLastRun = new Map<number, number>();
  // Inline comments: none closes inside its paragraph before `commentFailUntil`; `commentClose` is
  // the last `-->` found (so a run of openers before one far `-->` does not search again each time).
  private commentFailUntil = -1;
  private commentClose = -1;
  // No `$$` alone on a line after this offset (see loneDollarBlock).
  private noLoneCloseFrom = Number.POSITIVE_INFINITY;
  // Set by skipFence: where the closing fence's line starts and where its fence characters end (-1: unclosed).
  private fenceCloseLine = -1;
  private fenceCloseEnd = -1;

  constructor(private readonly text: string) {
    this.n = text.length;
  }

  run(): MathSpan[] {
    const text = this.text;
    const n = this.n;
    let i = this.blockStart(0);
    while (i < n) {
      const c = text.charCodeAt(i);
      switch (c) {
        case LF:
        case CR:
          i = this.blockStart(c === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1);
          break;
        case BACKSLASH:
          i = this.backslash(i);
          break;
        case DOLLAR:
          i = this.dollar(i);
          break;
        case BACKTICK:
          i = this.codeSpan(i);
          break;
        case LT:
          i = text.startsWith('<!--', i) ? this.comment(i) : i + 1;
          break;
        default:
          i++;
      }
    }
    return this.spans;
  }

  private push(start: number, end: number, contentStart: number, contentEnd: number,
    display: boolean, delimiter: MathSpan['delimiter']): void {
    this.spans.push({
      start, end, contentStart, contentEnd,
      content: this.text.slice(contentStart, contentEnd),
      display, delimiter,
    });
  }

  /** `$` or `$$` in prose at `i`; returns where the prose scan goes on. */
  private dollar(i: number): number {
    const text = this.text;
    const before = text.charCodeAt(i - 1);
    if (text.charCodeAt(i + 1) === DOLLAR) {
      const from = i + 2;
      // `$$$`, `\$$` (an escaped backslash) and `$` + `$$` open nothing, as in the preview.
      const block = this.oneLineBlock(i);
      if (block >= 0) {
        this.push(i, block + 2, from, block, true, '$$');
        return block + 2;
      }
      if (before === DOLLAR || before === BACKSLASH || text.charCodeAt(from) === DOLLAR) return from;
      let close = this.findClose(from, Close.DoubleDollar, '');
      if (close < 0) close = this.loneDollarBlock(i);
      if (close < 0) return from;
      this.push(i, close + 2, from, close, true, '$$');
      return close + 2;
    }
    if (before === DOLLAR || before === BACKSLASH || isWordChar(before)) return i + 1; // "2$\times$": not an opener
    const close = this.findClose(i + 1, Close.Dollar, '');
    if (close < 0) return i + 1;
    this.push(i, close + 1, i + 1, close, false, '$');
    return close + 1;
  }

  /**
   * A `$$` that starts its line, with no other `$$` on that line, and whose paragraph has no closing
   * `$$`: VS Code's Markdown preview reads it as a display block up to the next line holding `$$`,
   * across blank lines. DL Math does so when that line ends with the `$$` and no code fence comes
   * first; returns the closing `$$`'s offset or -1.
   */
  private loneDollarBlock(i: number): number {
    const text = this.text;
    const n = this.n;
    if (!this.startsLine(i) || i >= this.noLoneCloseFrom) return -1;
    let ls = this.nextLine(i + 2);
    if (this.dollarsIn(i + 2, ls) >= 0) return -1;
    while (ls < n) {
      let j = ls;
      while (j < n && (text.charCodeAt(j) === SPACE || text.charCodeAt(j) === TAB)) j++;
      if (j - ls <= 3 && this.fenceLength(j) > 0) return -1;
      const next = this.nextLine(ls);
      const at = this.dollarsIn(ls, next);
      if (at >= 0) {
        let a = at + 2;
        while (a < n && isBlankChar(text.charCodeAt(a))) a++;
        return a >= n || text.charCodeAt(a) === LF || text.charCodeAt(a) === CR ? at : -1;
      }
      ls = next;
    }
    // no `$$` line after this one: later openers need not look again
    this.noLoneCloseFrom = i;
    return -1;
  }

  /**
   * `$$…$$` that starts a line and ends it, with no other `$$` between: the preview's display block
   * rule takes the whole line whatever is inside (`$$a \\\\$$`). Returns the closing `$$` or -1.
   */
  private oneLineBlock(i: number): number {
    const text = this.text;
    if (!this.startsLine(i)) return -1;
    let lineEnd = this.nextLine(i);
    while (lineEnd > i && (text.charCodeAt(lineEnd - 1) === LF || text.charCodeAt(lineEnd - 1) === CR)) lineEnd--;
    const close = this.dollarsIn(i + 2, lineEnd);
    return close > i + 2 && close === lineEnd - 2 ? close : -1;
  }

  /** Offset of the first `$$` in `[from, to)` (one `$$` ends a display block line), or -1. */
  private dollarsIn(from: number, to: number): number {
    const at = this.text.indexOf('$$', from);
    return at >= 0 && at < to ? at : -1;
  }

  /** Whether only up to three spaces or tabs come before `i` on its line. */
  private startsLine(i: number): boolean {
    const text = this.text;
    let b = i - 1;
    while (b >= 0 && (text.charCodeAt(b) === SPACE || text.charCodeAt(b) === TAB)) b--;
    return (b < 0 || text.charCodeAt(b) === LF || text.charCodeAt(b) === CR) && i - b - 1 <= 3;
  }

  /** A backslash in prose: an escape, or `\(`, `\[`, `\begin{…}`. */
  private backslash(i: number): number {
    const text = this.text;
    const d = text.charCodeAt(i + 1);
    if (d === LPAREN || d === LBRACKET) {
      const from = i + 2;
      const paren = d === LPAREN;
      const close = this.findClose(from, paren ? Close.Paren : Close.Bracket, '');
      if (close < 0) return from;
      if (close > from) this.push(i, close + 2, from, close, !paren, paren ? '\\(' : '\\[');
      return close + 2;
    }
    if (d === LOWER_B && text.startsWith('\\begin{', i)) {
      const nameStart = i + 7;
      let brace = nameStart;
      while (brace < nameStart + 12 && brace < this.n && text.charCodeAt(brace) !== RBRACE) brace++;
      if (brace > nameStart && text.charCodeAt(brace) === RBRACE) {
        const name = text.slice(nameStart, brace);
        if (DISPLAY_ENVIRONMENTS.has(name)) {
          const from = brace + 1;
          const endTag = `\\end{${name}}`;
          const close = this.findClose(from, Close.Env, endTag);
          if (close < 0) return from;
          if (close > from) this.push(i, close + endTag.length, from, close, true, 'env');
          return close + endTag.length;
        }
      }
      return i + 2;
    }
    // An escape (`\$`, `\\`, `` \` ``, `\<`) hides the next character; a line break stays visible.
    if (d === LF || d === CR || d !== d) return i + 1;
    return i + 2;
  }

  /**
   * Walks math content from `from` to the closing delimiter and returns its offset, or -1 when the
   * paragraph (or, for `$`, a `$$`) comes first.
   * Why the memo is sound: a failed walk from opener p passed every later opener p' of the same kind
   * before `stop` and was back in step with the walk from p' right after p' (an opener is never the
   * first half of an escape pair for the walk that would start after it), so that walk fails too.
   */
  private findClose(from: number, mode: Close, endTag: string): number {
    const memo = mode === Close.Env ? (this.envFailUntil.get(endTag) ?? -1) : this.failUntil[mode];
    if (from < memo) return -1;
    const close = this.walk(from, mode, endTag);
    if (close < 0) {
      if (mode === Close.Env) this.envFailUntil.set(endTag, this.stop);
      else this.failUntil[mode] = this.stop;
    }
    return close;
  }

  private walk(from: number, mode: Close, endTag: string): number {
    const text = this.text;
    const n = this.n;
    let k = from;
    while (k < n) {
      const c = text.charCodeAt(k);
      if (c === BACKSLASH) {
        const d = text.charCodeAt(k + 1);
        if (mode === Close.Paren && d === RPAREN) return k;
        if (mode === Close.Bracket && d === RBRACKET) return k;
        if (mode === Close.Env && d === LOWER_E && text.startsWith(endTag, k)) return k;
        // The preview steps over an escaped `$$` (`\$$`) whole when it looks for a closing `$$`.
        k += d === LF || d === CR ? 1 : mode === Close.DoubleDollar && d === DOLLAR && text.charCodeAt(k + 2) === DOLLAR ? 3 : 2;
      } else if (c === DOLLAR) {
        if (mode === Close.Dollar) {
          // The first unescaped `$` closes, or nothing does: "$5 and $6" is no formula.
          const after = text.charCodeAt(k + 1);
          if (after === DOLLAR || isWordChar(after)) {
            this.stop = k;
            return -1;
          }
          return k;
        } else if (mode === Close.DoubleDollar && text.charCodeAt(k + 1) === DOLLAR) {
          const before = text.charCodeAt(k - 1);
          if (before === BACKSLASH || before === DOLLAR || text.charCodeAt(k + 2) === DOLLAR) {
            this.stop = k;
            return -1;
          }
          return k;
        }
        k++;
      } else if (c === LF || c === CR) {
        const next = c === CR && text.charCodeAt(k + 1) === LF ? k + 2 : k + 1;
        if (this.endsParagraph(next)) {
          this.stop = k;
          return -1;
        }
        k = next;
      } else {
        k++;
      }
    }
    this.stop = n;
    return -1;
  }

  /** Whether the line starting at `ls` is blank or opens a code fence, either of which ends a paragraph. */
  private endsParagraph(ls: number): boolean {
    const text = this.text;
    let j = ls;
    while (j < this.n) {
      const c = text.charCodeAt(j);
      if (c === LF || c === CR) return true;
      if (!isBlankChar(c)) break;
      j++;
    }
    if (j >= this.n) return true;
    return j - ls <= 3 && this.fenceLength(j) > 0;
  }

  /** Length of the code fence opening at `j` (three or more ``` ` ``` or `~`), or 0. */
  private fenceLength(j: number): number {
    const text = this.text;
    const ch = text.charCodeAt(j);
    if (ch !== BACKTICK && ch !== TILDE) return 0;
    let k = j;
    while (text.charCodeAt(k) === ch) k++;
    const len = k - j;
    if (len < 3) return 0;
    if (ch === BACKTICK) {
      // A backtick fence's info string has no backtick; "```x```" is inline code, not a fence.
      for (; k < this.n; k++) {
        const c = text.charCodeAt(k);
        if (c === LF || c === CR) break;
        if (c === BACKTICK) return 0;
      }
    }
    return len;
  }

  /** Inline code at a backtick run: skip to the matching run of the same length, if any. */
  private codeSpan(i: number): number {
    const text = this.text;
    let from = i;
    while (text.charCodeAt(from) === BACKTICK) from++;
    const len = from - i;
    if (from < this.tickScannedUntil) {
      if ((this.tickLastRun.get(len) ?? -1) < from) return from; // no closer before the paragraph ends
    }
    const close = this.walkTicks(from, len);
    return close < 0 ? from : close + len;
  }

  private walkTicks(from: number, len: number): number {
    const text = this.text;
    const n = this.n;
    const record = from >= this.tickScannedUntil;
    let k = from;
    while (k < n) {
      const c = text.charCodeAt(k);
      if (c === BACKTICK) {
        const runStart = k;
        while (text.charCodeAt(k) === BACKTICK) k++;
        const runLen = k - runStart;
        if (runLen === len) return runStart;
        if (record) this.tickLastRun.set(runLen, runStart);
      } else if (c === LF || c === CR) {
        const next = c === CR && text.charCodeAt(k + 1) === LF ? k + 2 : k + 1;
        if (this.endsParagraph(next)) {
          if (record) this.tickScannedUntil = k;
          return -1;
        }
        k = next;
      } else {
        k++;
      }
    }
    if (record) this.tickScannedUntil = n;
    return -1;
  }

  /** `<!--` at `i` inside a paragraph: skip the comment; one unclosed in its paragraph is plain text. */
  private comment(i: number): number {
    const text = this.text;
    const from = i + 4;
    // `<!-->` and `<!--->` are whole comments, as in markdown-it.
    if (text.charCodeAt(from) === GT) return from + 1;
    if (text.charCodeAt(from) === MINUS && text.charCodeAt(from + 1) === GT) return from + 2;
    if (from < this.commentFailUntil) return from;
    if (this.commentClose < from) {
      this.commentClose = text.indexOf('-->', from);
      if (this.commentClose < 0) this.commentClose = this.n;
    }
    const close = this.commentClose;
    for (let k = from; k < close; k++) {
      const c = text.charCodeAt(k);
      if (c !== LF && c !== CR) continue;
      const next = c === CR && text.charCodeAt(k + 1) === LF ? k + 2 : k + 1;
      if (this.endsParagraph(next)) {
        this.commentFailUntil = k;
        return from;
      }
      k = next - 1;
    }
    if (close >= this.n) {
      this.commentFailUntil = this.n;
      return from;
    }
    return close + 3;
  }

  /**
   * An HTML block (CommonMark's kinds 1, 2 and 6; kind 7, a lone tag, when no paragraph is open)
   * starting at `j`: the preview shows it as raw HTML, so nothing in it is math. Returns where the
   * block scan goes on (the line after its end), or -1 when the line starts no HTML block.
   */
  private htmlBlock(ls: number, j: number): number {
    const text = this.text;
    const lineEnd = this.nextLine(j);
    const line = text.slice(j, lineEnd).replace(/[\r\n]+$/, '');
    let closer: string | null = null;
    const raw = /^<(script|pre|style|textarea)(?=[\s>]|$)/i.exec(line);
    if (raw) closer = `</${raw[1].toLowerCase()}>`;
    else if (line.startsWith('<!--')) closer = '-->';
    else if (!(HTML_BLOCK_TAG.test(line) || (!this.paragraphOpen && HTML_LONE_TAG.test(line)))) return -1;
    if (closer !== null) {
      // Ends on the line holding the closing sequence (this one included); unclosed, it runs to the end.
      let k = j;
      for (;;) {
        const next = this.nextLine(k);
        const piece = text.slice(k, next);
        if ((closer === '-->' ? piece : piece.toLowerCase()).includes(closer)) return next;
        if (next >= this.n) return this.n;
        k = next;
      }
    }
    // Kinds 6 and 7 end at a blank line.
    let k = this.nextLine(ls);
    while (k < this.n) {
      this.analyzeLine(k);
      if (this.lineBlank) return k;
      k = this.nextLine(k);
    }
    return this.n;
  }

  /** Reads the line starting at `ls` into the scratch fields (indentation after any `>` markers). */
  private analyzeLine(ls: number): void {
    const text = this.text;
    const n = this.n;
    let j = ls;
    let col = 0;
    let quote = 0;
    for (;;) {
      const c = text.charCodeAt(j);
      if (c === SPACE) {
        col++;
        j++;
      } else if (c === TAB) {
        col += 4 - (col % 4);
        j++;
      } else if (c === GT && col <= 3 && quote < 8) {
        // A block quote marker (and the one space after it belongs to the marker).
        quote++;
        j++;
        col = 0;
        if (text.charCodeAt(j) === SPACE) j++;
      } else {
        break;
      }
    }
    this.lineContent = j;
    this.lineIndent = col;
    this.lineQuote = quote;
    let k = j;
    while (k < n && isBlankChar(text.charCodeAt(k))) k++;
    const e = text.charCodeAt(k);
    this.lineBlank = k >= n || e === LF || e === CR;
  }

  /** Offset of the next line start after `k` (which is inside a line), or the end of the text. */
  private nextLine(k: number): number {
    const text = this.text;
    const n = this.n;
    while (k < n) {
      const c = text.charCodeAt(k);
      if (c === LF) return k + 1;
      if (c === CR) return text.charCodeAt(k + 1) === LF ? k + 2 : k + 1;
      k++;
    }
    return n;
  }

  /**
   * Block structure at a line start: skips fenced and indented code blocks and returns the offset
   * where the prose scan continues (a line start, or the end of the text).
   */
  private blockStart(ls: number): number {
    const text = this.text;
    const n = this.n;
    while (ls < n) {
      this.analyzeLine(ls);
      const j = this.lineContent;
      const indent = this.lineIndent;
      if (this.inIndentedCode) {
        if (this.lineBlank || indent >= 4) {
          ls = this.nextLine(ls);
          continue;
        }
        this.inIndentedCode = false;
      }
      if (this.lineBlank) {
        this.prevBlank = true;
        this.paragraphOpen = false;
        return ls;
      }
      if (indent <= 3 || this.inList) {
        const fence = this.fenceLength(j);
        if (fence > 0) {
          const contentStart = this.nextLine(j);
          ls = this.skipFence(ls, text.charCodeAt(j), fence, indent, this.lineQuote);
          if (this.fenceCloseLine > contentStart && this.isMathInfo(j + fence, contentStart)) {
            // The preview renders a ```math block as display math; an unclosed one is left alone.
            let contentEnd = this.fenceCloseLine;
            if (text.charCodeAt(contentEnd - 1) === LF) contentEnd--;
            if (text.charCodeAt(contentEnd - 1) === CR) contentEnd--;
            if (contentEnd > contentStart) this.push(j, this.fenceCloseEnd, contentStart, contentEnd, true, 'fence');
          }
          this.prevBlank = false;
          this.paragraphOpen = false;
          continue;
        }
      }
      if (indent >= 4 && !this.paragraphOpen && !this.inList) {
        // Indented code: only after a blank line (or a block that closes its paragraph), never as a
        // list item's continuation (students indent `$$` lines under "1." items).
        this.inIndentedCode = true;
        ls = this.nextLine(ls);
        continue;
      }
      if (indent <= 3 && text.charCodeAt(j) === LT) {
        const after = this.htmlBlock(ls, j);
        if (after >= 0) {
          ls = after;
          this.prevBlank = false;
          this.paragraphOpen = false;
          continue;
        }
      }
      const c = text.charCodeAt(j);
      let heading = false;
      if (indent <= 3 && this.isListMarker(j)) {
        this.inList = true;
      } else if (indent === 0 && this.lineQuote === 0) {
        if (c === HASH) heading = this.isHeading(j);
        if (this.prevBlank || heading) this.inList = false;
      }
      this.prevBlank = false;
      this.paragraphOpen = !heading;
      return ls;
    }
    return n;
  }

  /**
   * Skips a fenced code block whose opening line starts at `ls`; an unclosed fence runs to the end.
   * Sets `fenceCloseLine`/`fenceCloseEnd` to the closing fence (-1 when there is none).
   */
  private skipFence(ls: number, ch: number, len: number, indent: number, quote: number): number {
    const text = this.text;
    this.fenceCloseLine = this.fenceCloseEnd = -1;
    let k = this.nextLine(ls);
    while (k < this.n) {
      this.analyzeLine(k);
      // A fence inside a block quote ends with the quote.
      if (quote > 0 && this.lineQuote < quote) return k;
      const j = this.lineContent;
      if (this.lineIndent <= Math.max(3, indent + 3) && text.charCodeAt(j) === ch) {
        let e = j;
        while (text.charCodeAt(e) === ch) e++;
        if (e - j >= len) {
          const fenceEnd = e;
          while (e < this.n && (text.charCodeAt(e) === SPACE || text.charCodeAt(e) === TAB)) e++;
          const after = text.charCodeAt(e);
          if (e >= this.n || after === LF || after === CR) {
            this.fenceCloseLine = k;
            this.fenceCloseEnd = fenceEnd;
            return this.nextLine(e);
          }
        }
      }
      k = this.nextLine(k);
    }
    return this.n;
  }

  /** Whether the info string from `from` to the line end `to` is `math` (any case, blanks around), as the preview reads it. */
  private isMathInfo(from: number, to: number): boolean {
    return this.text.slice(from, to).trim().toLowerCase() === 'math';
  }

  /** `-`, `+`, `*` or `1.`/`1)` followed by a space or the end of the line. */
  private isListMarker(j: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(j);
    let k = j;
    if (c === MINUS || c === PLUS || c === STAR) {
      k = j + 1;
    } else {
      while (k - j < 9 && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k++;
      if (k === j) return false;
      const p = text.charCodeAt(k);
      if (p !== DOT && p !== RPAREN) return false;
      k++;
    }
    const a = text.charCodeAt(k);
    return a !== a || a === SPACE || a === TAB || a === LF || a === CR;
  }

  /** An ATX heading: one to six `#` then a space or the end of the line. */
  private isHeading(j: number): boolean {
    const text = this.text;
    let k = j;
    while (k - j < 7 && text.charCodeAt(k) === HASH) k++;
    if (k - j > 6) return false;
    const a = text.charCodeAt(k);
    return a !== a || a === SPACE || a === TAB || a === LF || a === CR;
  }
}

/**
 * Offsets at which each line starts; `\n`, `\r\n` and a lone `\r` each end a line. The first entry
 * is always 0, and a text ending in a line break has an empty last line.
 */
export function lineStarts(text: string): number[] {
  const starts = [0];
  const n = text.length;
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) {
      starts.push(k + 1);
    } else if (c === CR) {
      if (text.charCodeAt(k + 1) === LF) k++;
      starts.push(k + 1);
    }
  }
  return starts;
}

/**
 * Zero-based line and character (UTF-16 code units) of an offset, by binary search over the result
 * of {@link lineStarts}. A negative offset is treated as 0.
 */
export function offsetToPosition(lineStarts: number[], offset: number): { line: number; character: number } {
  const o = offset < 0 ? 0 : offset;
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= o) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: o - lineStarts[lo] };
}

/**
 * Offset of a zero-based line and character, the inverse of {@link offsetToPosition}. The line is
 * clamped to the document; the character is clamped so the offset never runs into the next line.
 */
export function positionToOffset(lineStarts: number[], line: number, character: number): number {
  if (lineStarts.length === 0) return 0;
  const l = line < 0 ? 0 : line >= lineStarts.length ? lineStarts.length - 1 : line;
  const start = lineStarts[l];
  let offset = start + (character > 0 ? character : 0);
  if (l + 1 < lineStarts.length && offset >= lineStarts[l + 1]) offset = Math.max(start, lineStarts[l + 1] - 1);
  return offset;
}
