/** A stylesheet imported by a bundle: esbuild's `text` loader inlines it as a string (scripts/build.mjs). */
declare module '*.css' {
  const text: string;
  export default text;
}
