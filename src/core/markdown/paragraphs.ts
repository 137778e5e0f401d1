/**
 * The paragraphs of a Markdown text (blocks between blank lines) in which `words` occur: where a
 * prose remark ("Let $A$ be symmetric", "$y$ is one-hot") holds for the formulas written beside it.
 * Each match gives its paragraph's [start, end) in `text`.
 */
export function paragraphsWith(text: string, words: RegExp): [number, number][] {
  const out: [number, number][] = [];
  const re = new RegExp(words.source, 'gi');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = text.lastIndexOf('\n\n', m.index);
    const end = text.indexOf('\n\n', m.index);
    out.push([start < 0 ? 0 : start, end < 0 ? text.length : end]);
  }
  return out;
}
