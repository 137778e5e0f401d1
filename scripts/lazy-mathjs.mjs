// mathjs in a file of its own beside each bundle (dist/mathjs.js): src/core/eval/mathjs.ts loads it
// with `require('./mathjsModule')` on the first matrix inverse or determinant, so activating the
// extension and starting the CLI do not pay the ~11 ms of loading mathjs. Used by build.mjs and bench.mjs.

/** esbuild plugin: leaves `require('./mathjsModule')` to load `./mathjs.js` at run time. */
export const lazyMathjs = {
  name: 'lazy-mathjs',
  setup(build) {
    build.onResolve({ filter: /^\.\/mathjsModule$/ }, () => ({ path: './mathjs.js', external: true }));
  },
};

/** esbuild options for that file, next to a bundle written in `dir`. */
export function mathjsBuild(dir, common = {}) {
  return { ...common, entryPoints: ['src/core/eval/mathjsModule.ts'], outfile: `${dir}/mathjs.js`, bundle: true, platform: 'node', format: 'cjs', target: 'node20' };
}
