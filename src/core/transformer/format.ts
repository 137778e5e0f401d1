/** Number formatting shared by the calculator's table and the parameter-arithmetic hover text. */

/** An integer with thousands separators: 124439808 → "124,439,808". Non-integers keep up to 4 decimals. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  const intPart = Math.trunc(abs);
  const frac = abs - intPart;
  const grouped = String(intPart).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (frac === 0) return sign + grouped;
  const decimals = (Math.round(frac * 1e4) / 1e4).toFixed(4).slice(1).replace(/0+$/, '');
  return sign + grouped + (decimals === '.' ? '' : decimals);
}

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** A byte count in binary units with at most two decimals: 201326592 → "192 MiB", 497759232 → "474.7 MiB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = unit === 0 ? String(Math.round(value * 100) / 100) : (Math.round(value * 100) / 100).toFixed(2).replace(/\.?0+$/, '');
  return `${rounded} ${UNITS[unit]}`;
}

/** The element count of a shape (1 for the empty shape of a scalar). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A shape written for people: [12, 768, 768] → "12 × 768 × 768". */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join(' × ');
}
