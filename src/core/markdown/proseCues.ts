/**
 * Prose cues in the other languages of public course notes (d2l's Chinese, Korean, Portuguese and
 * Vietnamese translations, and a few more): English and Persian words stay beside the rules that read
 * them; these lists give the same cue in each other language, so one rule reads them all.
 */

/** "where" introducing what a name is or a condition (`where $x_0$ is the minimizer`, `where $W^\top = W^{-1}$`). */
export const WHERE_WORDS: readonly string[] = ['其中', '这里', '這裡', '여기서', 'onde', 'em que', 'donde', 'où', 'wobei', 'trong đó', 'ここで', 'ただし', 'burada', 'где'];

/** "otherwise" opening another case of a piecewise definition. */
export const OTHERWISE_WORDS: readonly string[] = ['否则', '否則', '그렇지 않으면', 'caso contrário', 'senão', 'de lo contrario', 'sinon', 'sonst', 'nếu không thì', 'ngược lại', 'そうでなければ', 'aksi halde', 'иначе'];

/** The words as one regular-expression alternation (spaces match any run of spacing). */
export function alternation(words: readonly string[]): string {
  return words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|');
}
