/**
 * The document's sections: where a value, a function or a shape written in an answer holds. A
 * definition holds in the section (or question) it is written in, and in that section's
 * subsections, until it is redefined. After its section ends (see `scope.ts`):
 * - a name the document gives only one meaning keeps it up to the end of the enclosing problem (a
 *   question, an exercise, a part after a break) or of the document: `q` defined under "## Right"
 *   is the same `q` under "## Wrong";
 * - a name the document reuses (`A` is a 2×2 example here, an m×n matrix there) is forgotten: which
 *   meaning a later section has in mind would be a guess;
 * - nothing crosses into another problem: each question or exercise is read on its own.
 *
 * What starts a section, read line by line outside code fences and math:
 * - a Markdown heading (`#`…`######`, or a line underlined with `===`/`---`), at its level;
 * - a question marker at the start of a line: `سوال ۲`, `سؤال دوم:`, `تمرین ۳`, `Question 3.`,
 *   `Exercise 3:`, `Problem 2`, `Q1)` (optionally in bold). It nests below every heading (a question
 *   under `## Answers` is a child of that heading) and ends at the next question or heading;
 * - a thematic break (`---`, `***`, `___` after a blank line): the topic changes, so it ends the
 *   innermost section and starts its sibling (a YAML front matter block at the top is not a break).
 * Parts of a question (`(a)`, `الف)`, `۳-ب`) are not sections: what part (a) defines, part (b) uses.
 */
import type { MathSpan } from '../markdown/spans';

export type SectionKind = 'document' | 'heading' | 'question' | 'break';

/** One section; sections nest (a `###` inside a `##`, a question inside a heading). */
export interface Section {
  id: number;
  /** Enclosing section's id; -1 for the whole document (id 0). */
  parent: number;
  kind: SectionKind;
  /** 0 for the document, 1–6 for headings, 7 for questions; a break takes its sibling's level. */
  level: number;
  /** Offset of the line that starts it (0 for the document). */
  start: number;
  /** Offset where it ends: the start of the next section that is not inside it, or the text's end. */
  end: number;
  /** The heading or marker line as written (trimmed, at most 120 characters); empty for a break. */
  title: string;
  /**
   * A problem of its own: a question marker, a break, or a heading that names one (`## Exercises`,
   * `### سوال ۲`, `## Problem 3`). Nothing defined inside it holds after it.
   */
  problem: boolean;
}

export const QUESTION_LEVEL = 7;

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+|$)/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const BREAK = /^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const PROBLEM_TITLE = /\b(?:exercises?|problems?|questions?|homework|assignment|quiz)\b|تمرین|سوال|سؤال|پرسش|مسئله|مساله|کوئیز/i;
const DIGITS = '0-9\u06f0-\u06f9\u0660-\u0669';
const ORDINALS = 'اول|یکم|دوم|سوم|چهارم|پنجم|ششم|هفتم|هشتم|نهم|دهم';
const QUESTION = new RegExp(
  `^ {0,3}(?:[*_]{1,2})?[ \\t]*(?:(?:سوال|سؤال|پرسش|تمرین|مسئله|مساله|Question|Exercise|Problem)[ \\t]*(?:[#.]|No\\.?)?[ \\t]*(?:[${DIGITS}]+|${ORDINALS}|[IVX]+)|Q[ \\t]?[${DIGITS}]+)` +
    `(?:[.-][${DIGITS}]+)?[ \\t]*(?:[*_]{1,2})?[ \\t]*(?:$|[:.)\\-–—:،]|\\()`,
  'i',
);

/** The sections of a Markdown text. `spans` (the formulas) are skipped: a `---` inside math is math. */
export function findSections(text: string, spans: readonly MathSpan[]): Section[] {
  const sections: Section[] = [{ id: 0, parent: -1, kind: 'document', level: 0, start: 0, end: text.length, title: '', problem: false }];
  const open: Section[] = [sections[0]];
  const start = (kind: SectionKind, level: number, at: number, title: string) => {
    while (open.length > 1 && open[open.length - 1].level >= level) open.pop()!.end = at;
    const t = title.trim().slice(0, 120);
    const problem = kind !== 'heading' || PROBLEM_TITLE.test(t);
    const s: Section = { id: sections.length, parent: open[open.length - 1].id, kind, level, start: at, end: text.length, title: t, problem };
    sections.push(s);
    open.push(s);
  };
  let fence: { ch: string; len: number } | undefined;
  let span = 0;
  let prevBlank = true;
  let prevText: { start: number; line: string } | undefined; // a paragraph line a setext underline would make a heading
  let pos = 0;
  let first = true;
  let frontMatter = false;
  while (pos <= text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const line = text.slice(pos, eol).replace(/\r$/, '');
    const lineStart = pos;
    pos = eol + 1;
    const isFirst = first;
    first = false;
    if (isFirst && /^---[ \t]*$/.test(line)) {
      frontMatter = true;
      continue;
    }
    if (frontMatter) {
      if (/^(?:---|\.\.\.)[ \t]*$/.test(line)) frontMatter = false;
      continue;
    }
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1][0] === fence.ch && f[1].length >= fence.len && line.slice(line.indexOf(f[1]) + f[1].length).trim() === '') fence = undefined;
      prevBlank = true;
      prevText = undefined;
      continue;
    }
    if (f) {
      fence = { ch: f[1][0], len: f[1].length };
      prevText = undefined;
      continue;
    }
    // inside a formula that started on an earlier line: math, not structure
    while (span < spans.length && spans[span].end <= lineStart) span++;
    if (span < spans.length && spans[span].start < lineStart) {
      prevBlank = false;
      prevText = undefined;
      continue;
    }
    const blank = line.trim() === '';
    const atx = ATX.exec(line);
    if (atx) start('heading', atx[1].length, lineStart, line.replace(ATX, '').replace(/[ \t]#+[ \t]*$/, ''));
    else if (prevText && SETEXT.test(line)) start('heading', line.trim()[0] === '=' ? 1 : 2, prevText.start, prevText.line);
    else if (prevBlank && BREAK.test(line)) {
      const inner = open[open.length - 1];
      start('break', Math.max(1, inner.level), lineStart, '');
    } else if (QUESTION.test(line)) start('question', QUESTION_LEVEL, lineStart, line);
    prevText = !blank && !atx && !BREAK.test(line) && !/^ {0,3}(?:[-*+]|\d+[.)])[ \t]/.test(line) && !/^ {0,3}[>|]/.test(line) ? { start: lineStart, line } : undefined;
    prevBlank = blank;
    if (eol >= text.length) break;
  }
  return sections;
}

/** The innermost section containing `offset` (sections are in document order). */
export function sectionAt(sections: readonly Section[], offset: number): number {
  // the last section starting at or before the offset, or the nearest enclosing one that has not ended
  let lo = 0;
  let hi = sections.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sections[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  let at = lo;
  while (at > 0 && sections[at].end <= offset) at = sections[at].parent;
  return at;
}

/** The ids from the document down to `id`: the sections whose definitions are visible in `id`. */
export function sectionPath(sections: readonly Section[], id: number): number[] {
  const path: number[] = [];
  for (let s = id; s >= 0; s = sections[s].parent) path.push(s);
  return path.reverse();
}

/** Whether a definition made in section `outer` holds in section `inner` (the same one, or inside it). */
export function encloses(sections: readonly Section[], outer: number, inner: number): boolean {
  for (let s = inner; s >= 0; s = sections[s].parent) if (s === outer) return true;
  return false;
}
