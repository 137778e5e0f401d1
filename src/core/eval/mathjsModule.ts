/**
 * The parts of mathjs DL Math uses, as an ES module so the bundler keeps only them; `mathjs.ts`
 * loads it with `require` on first use, so activation does not pay for loading mathjs.
 */
export { create, invDependencies, detDependencies, factory } from 'mathjs';
