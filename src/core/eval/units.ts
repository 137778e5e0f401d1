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
