/**
 * Which language an answer is written in, from its prose: the share of Arabic-script letters among
 * the letters outside math, code and HTML comments. Persian answers are full of Latin technical terms
 * (softmax, attention, RNN) and English ones may quote a Persian word, so the decision is by share,
 * and a document with too little prose decides nothing.
 */
import { findMathSpans, type MathSpan } from './spans';
import type { Lang } from '../messages';

export interface ProseLanguage {
  /** `fa` or `en` when the prose decides it, undefined when there is too little prose to tell. */
  lang: Lang | undefined;
  /** Arabic-script letters and all letters counted in the prose. */
  arabic: number;
  letters: number;
}

/** Fewer prose letters than this decide nothing (a file of formulas, a title only). */
export const MIN_PROSE_LETTERS = 20;
/** Persian when at least this share of the prose's letters are Arabic-script. */
export const PERSIAN_SHARE = 0.4;

/** Only this much of the text is read: the language of an answer shows in its first pages. */
export const MAX_READ = 20_000;

const ARABIC_LETTERS = /\p{Script=Arabic}(?<=\p{L})/gu;
const LETTERS = /\p{L}/gu;
/** Code fences, inline code, HTML comments, link and image targets: not prose. */
const NOT_PROSE = /^(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n\1[^\n]*(?=\n|$)|$)|(`+)[^`\n]*?\2|<!--[\s\S]*?-->|\]\([^)\n]*\)|https?:\/\/\S+/gm;

/** Counts the prose's letters of `text` (math spans given, or found) and decides its language. */
export function proseLanguage(text: string, spans?: readonly MathSpan[]): ProseLanguage {
  if (text.length > MAX_READ) text = text.slice(0, MAX_READ);
  spans ??= findMathSpans(text);
  let arabic = 0;
  let letters = 0;
  const count = (from: number, to: number) => {
    const prose = text.slice(from, Math.min(to, text.length)).replace(NOT_PROSE, ' ');
    letters += prose.match(LETTERS)?.length ?? 0;
    arabic += prose.match(ARABIC_LETTERS)?.length ?? 0;
  };
  let at = 0;
  for (const s of spans) {
    if (s.start >= text.length) break;
    if (s.start > at) count(at, s.start);
    at = Math.max(at, s.end);
  }
  if (at < text.length) count(at, text.length);
  const lang = letters < MIN_PROSE_LETTERS ? undefined : arabic / letters >= PERSIAN_SHARE ? 'fa' : 'en';
  return { lang, arabic, letters };
}
