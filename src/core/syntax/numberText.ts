/** How a number is written back in LaTeX and in messages: short, exact for integers, never `-0`. */
export function fmtNum(x: number, decimals?: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  if (decimals !== undefined && decimals > 0) return fixed(x, decimals);
  if (decimals !== undefined && decimals < 0 && Math.abs(x) < 1e15) {
    // rounded to tens, hundreds…: what `\approx 60` or `23 \text{M}` was written to
    const unit = Math.pow(10, -decimals);
    return String(Math.round(x / unit) * unit);
  }
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return Math.abs(x) < 1e15 ? String(x) : x.toExponential(6).replace(/\.?0+e/, 'e');
  const ax = Math.abs(x);
  if (ax !== 0 && (ax < 1e-6 || ax >= 1e15)) return x.toExponential(6).replace(/\.?0+e/, 'e');
  // 221403690.00000003 reads as 221403690, not 2.214037e+8: big values keep their whole part
  let s = ax >= 1e7 ? x.toFixed(Math.max(0, 9 - Math.floor(Math.log10(ax)) - 1)) : x.toPrecision(7);
  if (s.includes('e')) return s;
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

function fixed(x: number, d: number): string {
  const s = x.toFixed(Math.min(d, 100)); // toFixed throws above 100 digits (0.000…0001 written out)
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}
