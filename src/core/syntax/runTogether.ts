/**
 * Names written together. The tokenizer reads a run of letters as one identifier (`QK`, `XW`, `Wh`
 * of `Wh_t`); whether it is one name or a product of single-letter names depends on which names the
 * answer knows at that point, so the tree keeps the run and the passes ask this one function.
 */

export interface RunTogetherRule {
  /** Longest run read as a product (the evaluator: 4, so `keys`, `scores` stay names). */
  maxLength?: number;
  /**
   * Whether the last letter must be known as it stands. The evaluator looks the last factor up later
   * with the name's scripts (`h_t` of `Wh_t`), so it does not ask here.
   */
  lastLetter?: boolean;
  /** A run that is itself a known name stays one name (`keys` declared). */
  wholeName?: boolean;
  /** Capitals only (`QK`, `XW`, at most 4) are read as a product even when no letter is known. */
  capitals?: boolean;
}

/**
 * The letters of `word` when it reads as a product of single-letter names against `known` (the names
 * with a value or shape here), or undefined when it is one name.
 */
export function splitRunTogether(word: string, known: (name: string) => boolean, rule: RunTogetherRule = {}): string[] | undefined {
  if (word.length < 2 || word.length > (rule.maxLength ?? Infinity) || !/^[A-Za-z]+$/.test(word)) return undefined;
  if (rule.wholeName && known(word)) return undefined;
  const letters = word.split('');
  const asked = rule.lastLetter ? letters : letters.slice(0, -1);
  if (asked.every((c) => known(c))) return letters;
  if (rule.capitals && /^[A-Z]+$/.test(word) && word.length <= 4) return letters;
  return undefined;
}
