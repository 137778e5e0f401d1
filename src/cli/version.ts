declare const DLMATH_VERSION: string | undefined;

/** The package version the build wrote in (`0.0.0-dev` when run from compiled tests). */
export function version(): string {
  return typeof DLMATH_VERSION === 'string' ? DLMATH_VERSION : '0.0.0-dev';
}
