// Persian and Arabic-Indic digits. Every mapping is one UTF-16 code unit to one, so an offset into
// the normalised string is the same offset into the original: the parser reports positions in the
// document without translating them back.

const PERSIAN_ZERO = 0x06f0; // ۰ … ۹ is U+06F0 … U+06F9
const ARABIC_INDIC_ZERO = 0x0660; // ٠ … ٩ is U+0660 … U+0669
const ARABIC_DECIMAL_SEPARATOR = 0x066b; // ٫
const ARABIC_THOUSANDS_SEPARATOR = 0x066c; // ٬
const MINUS_SIGN = 0x2212; // − (what Persian keyboards and Word often type for minus)

function needsMapping(c: number): boolean {
  return (
    (c >= PERSIAN_ZERO && c <= PERSIAN_ZERO + 9) ||
    (c >= ARABIC_INDIC_ZERO && c <= ARABIC_INDIC_ZERO + 9) ||
    c === ARABIC_DECIMAL_SEPARATOR || c === ARABIC_THOUSANDS_SEPARATOR || c === MINUS_SIGN
  );
}

/**
 * Maps Persian (۰–۹) and Arabic-Indic (٠–٩) digits to ASCII `0`–`9`, the Arabic decimal separator
 * `٫` to `.`, the Arabic thousands separator `٬` to `,` (the parser decides whether a comma groups
 * thousands or separates items) and the minus sign `−` (U+2212) to `-`. Each character maps to exactly
 * one, so the result has the same length and offsets stay valid. Returns `s` itself when nothing
 * changes.
 */
export function normalizeDigits(s: string): string {
  let k = 0;
  const n = s.length;
  while (k < n && !needsMapping(s.charCodeAt(k))) k++;
  if (k === n) return s;
  const out: string[] = [s.slice(0, k)];
  let runStart = k;
  for (; k < n; k++) {
    const c = s.charCodeAt(k);
    let mapped: string;
    if (c >= PERSIAN_ZERO && c <= PERSIAN_ZERO + 9) mapped = String.fromCharCode(48 + c - PERSIAN_ZERO);
    else if (c >= ARABIC_INDIC_ZERO && c <= ARABIC_INDIC_ZERO + 9) mapped = String.fromCharCode(48 + c - ARABIC_INDIC_ZERO);
    else if (c === ARABIC_DECIMAL_SEPARATOR) mapped = '.';
    else if (c === ARABIC_THOUSANDS_SEPARATOR) mapped = ',';
    else if (c === MINUS_SIGN) mapped = '-';
    else continue;
    if (runStart < k) out.push(s.slice(runStart, k));
    out.push(mapped);
    runStart = k + 1;
  }
  if (runStart < n) out.push(s.slice(runStart));
  return out.join('');
}

/** Whether `s` contains a Persian or Arabic-Indic digit (so results may be shown in Persian digits). */
export function hasNonAsciiDigits(s: string): boolean {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if ((c >= PERSIAN_ZERO && c <= PERSIAN_ZERO + 9) || (c >= ARABIC_INDIC_ZERO && c <= ARABIC_INDIC_ZERO + 9)) return true;
  }
  return false;
}

/**
 * Writes ASCII digits as Persian digits (۰–۹) for a Persian interface; other characters, including
 * `.` and `-`, are kept as they are. Like {@link normalizeDigits}, it keeps the length.
 */
export function toPersianDigits(s: string): string {
  let out = '';
  let runStart = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 48 && c <= 57) {
      if (runStart < k) out += s.slice(runStart, k);
      out += String.fromCharCode(PERSIAN_ZERO + c - 48);
      runStart = k + 1;
    }
  }
  return runStart === 0 ? s : out + s.slice(runStart);
}
