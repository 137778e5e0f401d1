// The one build script: bundles the extension (node, cjs, vscode external), the CLI (node, with a
// shebang), mathjs beside them (loaded on first use, see lazy-mathjs.mjs), the panel's webview script (browser) and
// the notebook renderer (browser, ES module). `--production` minifies; `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, chmodSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lazyMathjs, mathjsBuild } from './lazy-mathjs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const common = {
  define: { DLMATH_VERSION: JSON.stringify(pkg.version) },
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'none',
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], plugins: [lazyMathjs] },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' }, plugins: [lazyMathjs] },
  mathjsBuild('dist', common),
];
// The notebook renderer (package.json `notebookRenderer`, extending VS Code's Markdown cell renderer):
// an ES module for the notebook's webview, with the preview's stylesheet inlined as text.
builds.push({ ...common, entryPoints: ['src/notebookRenderer/main.ts'], outfile: 'dist/notebook/renderer.js', platform: 'browser', format: 'esm', target: 'es2022', loader: { '.css': 'text' } });
if (existsSync(join(root, 'src/webview/main.ts'))) {
  builds.push({ ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview/main.js', platform: 'browser', format: 'iife', target: 'es2022' });
}

function copyAssets() {
  // KaTeX's stylesheet and fonts are served to the webview from dist/, never from the network.
  const katexDist = join(root, 'node_modules/katex/dist');
  if (existsSync(katexDist)) {
    mkdirSync(join(root, 'dist/webview'), { recursive: true });
    cpSync(join(katexDist, 'katex.min.css'), join(root, 'dist/webview/katex.min.css'));
    cpSync(join(katexDist, 'fonts'), join(root, 'dist/webview/fonts'), { recursive: true, filter: (src) => !/\.(ttf|woff)$/.test(src) });
  }
}

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
  copyAssets();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  copyAssets();
  chmodSync(join(root, 'dist/cli.js'), 0o755);
}
