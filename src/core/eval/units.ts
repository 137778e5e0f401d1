/**
 * A number written with a unit after it (`= 96 \text{ MiB}`, `= 16 \text{GB}`) is compared with a
 * unit-less computation, unless the two differ by what a unit conversion does: the computation may
 * be in bytes and the answer in GB, in seconds and the answer in ms. The engine does not convert
 * units, so such a pair is left alone rather than called wrong.
 */

/** Factors between units a computation and its written answer are commonly in. */
const CONVERSIONS: number[] = (() => {
  const out = new Set<number>();
  for (let k = 1; k <= 5; k++) {
    for (const base of [Math.pow(10, k), Math.pow(1024, k)]) {
      out.add(base);
      out.add(8 * base); // bits and bytes
    }
  }
  for (const k of [6, 7, 8, 9, 12, 15, 18]) out.add(Math.pow(10, k));
  for (const t of [8, 60, 3600, 86400, 60_000, 3_600_000, 86_400_000, 604800]) out.add(t); // bits, minutes, hours, days, ms, weeks
  return [...out];
})();

/**
 * Whether `computed` and `written` differ by a unit conversion (a factor of 1000, 1024², 8, 60,
 * 3600…, either way round), allowing 5 % for a rounded written value (14.9 GiB for 1.6·10¹⁰ bytes).
 */
export function isUnitConversion(computed: number, written: number): boolean {
  if (computed === 0 || written === 0 || Math.sign(computed) !== Math.sign(written)) return false;
  const r = Math.abs(computed / written);
  const ratio = r >= 1 ? r : 1 / r;
  if (ratio < 1.5) return false;
  return CONVERSIONS.some((f) => Math.abs(ratio / f - 1) <= 0.05);
}

/**
 * Unit words that may follow a formula in the prose, its last number being in that unit
 * (`$2 \times 1024^3 = 2147483648 \approx 2.15$ GFLOP`, `$1.3 \times 10^9 \times 2 = 2.6$ GB`): units
 * with a scale in them (sizes, operations and frequencies with a prefix) and the scale words of
 * parameter counts. Plain counts (`FLOPs`, `bytes`) and plain prose ("which", "and") change nothing.
 */
const PROSE_UNIT = /^(?:[kKMGTPE]i?B|[kKMGTPE]i?b(?:it)?s?|[kKMGTPE]FLOP[Ss]?|[kKMGTPE]flops|[kKMGT]Hz|[MB]|thousand|millions?|billions?|trillions?)(?![\p{L}\p{N}_])/u;
const PERSIAN_PROSE_UNIT = /^(?:(?:کیلو|مگا|گیگا|ترا)\u200c?(?:بایت|بیت)|هزار|میلیون|میلیارد)(?![\p{L}])/u;

/** Chinese and Japanese scale words (万 ten thousand, 亿/億 a hundred million, 千 a thousand): a word each, no space after. */
const CJK_PROSE_UNIT = /^(?:百万|千万|万亿|[万萬亿億千])/u;

/** Whether the prose right after a formula (`after`, from its closing delimiter) starts with a unit word with a scale. */
export function unitAfterFormula(after: string): boolean {
  let i = 0;
  while (i < after.length && (after[i] === ' ' || after[i] === '\t' || after[i] === '\u00a0')) i++;
  const rest = after.slice(i, i + 24);
  return PROSE_UNIT.test(rest) || PERSIAN_PROSE_UNIT.test(rest) || CJK_PROSE_UNIT.test(rest);
}
