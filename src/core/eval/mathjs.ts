/**
 * The only door to mathjs. A minimal instance built from the factory functions DL Math needs
 * (inverse, determinant), so no expression parser exists in it at all; the functions mathjs's
 * security guidance lists are replaced by throwing stubs as well. Only arrays of numbers ever
 * cross this door: document text never reaches mathjs.
 */
type MathInstance = ReturnType<typeof import('./mathjsModule').create>;
let instance: MathInstance | undefined;

/**
 * The instance, built on first use. mathjs itself is loaded then too (a `require` the bundler keeps
 * lazy): loading it takes about 11 ms and building the instance tens more, which activation and
 * answers without a matrix inverse or determinant should not pay.
 */
function math(): MathInstance {
  if (!instance) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { create, invDependencies, detDependencies, factory } = require('./mathjsModule') as typeof import('./mathjsModule');
    const disabled = (name: string) =>
      factory(name, [], () => () => {
        throw new Error(`${name} is disabled in DL Math`);
      });
    instance = create({ invDependencies, detDependencies });
    // https://mathjs.org/docs/expressions/security.html: disable what can reach code or units
    instance.import(
      ['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'compile', 'resolve', 'reviver', 'replacer'].map(disabled),
      { override: true },
    );
  }
  return instance;
}

/** Matrix inverse; throws Error('singular') when there is none. */
export function inverse(a: number[][]): number[][] {
  const out = math().inv(a) as unknown as number[][];
  for (const r of out) for (const x of r) if (!Number.isFinite(x)) throw new Error('singular');
  return out;
}

export function determinant(a: number[][]): number {
  return math().det(a) as unknown as number;
}

/** For tests: the instance has no parser and the dangerous functions throw. */
export function sandboxReport(): Record<string, string> {
  const m = math() as unknown as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const name of ['evaluate', 'parse', 'import', 'createUnit', 'compile', 'simplify', 'derivative']) {
    const f = m[name];
    if (typeof f !== 'function') out[name] = 'absent';
    else {
      try {
        (f as (...a: unknown[]) => unknown)('1+1');
        out[name] = 'callable';
      } catch {
        out[name] = 'throws';
      }
    }
  }
  return out;
}
