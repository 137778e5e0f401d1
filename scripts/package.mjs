// `npm run package`: a production build, then `vsce package --no-dependencies` (offline: esbuild has
// already bundled every dependency into dist/), then checks on what came out: the .vsix holds the
// bundled extension and CLI, no node_modules and no sources, and stays under 2 MiB.
// Usage: node scripts/package.mjs [--out <file.vsix>]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MAX_BYTES = 2 * 1024 * 1024;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const vsix = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(root, `${pkg.name}-${pkg.version}.vsix`);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function die(msg) {
  process.stderr.write(`package: ${msg}\n`);
  process.exit(1);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], timeout: 180_000 });
  if (r.status !== 0) die(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

if (!existsSync(join(root, 'README.md'))) process.stdout.write('package: warning: README.md is missing; the Marketplace page will be empty\n');
if (!existsSync(join(root, 'LICENSE'))) die('LICENSE is missing (vsce would stop to ask)');

run(npm, ['run', '-s', 'build:prod']);
const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
// README images are relative (media/screenshots/): keep them so, VS Code resolves them inside the extension
run(process.execPath, [vsce, 'package', '--no-dependencies', '--no-update-package-json', '--no-rewrite-relative-links', '--out', vsix]);

/** File names in a zip, read from its central directory (no unzip tool needed). */
function zipEntries(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) die(`${vsix} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) die(`${vsix}: corrupt central directory`);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), method, compressed, size, local });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function readEntry(buf, e) {
  const start = e.local + 30 + buf.readUInt16LE(e.local + 26) + buf.readUInt16LE(e.local + 28);
  const data = buf.subarray(start, start + e.compressed);
  return e.method === 0 ? data : inflateRawSync(data);
}

const buf = readFileSync(vsix);
const entries = zipEntries(buf);
const names = entries.map((e) => e.name);
const problems = [];
if (buf.length > MAX_BYTES) problems.push(`it is ${(buf.length / 1024 / 1024).toFixed(2)} MiB, over the 2 MiB limit`);
const bad = names.filter((n) => /(^|\/)node_modules\//.test(n) || /^extension\/(src|test|out|scripts|\.cache)\//.test(n) || /\.(ts|map)$/.test(n));
if (bad.length) problems.push(`it contains files that must not ship: ${bad.slice(0, 10).join(', ')}${bad.length > 10 ? ', …' : ''}`);
for (const need of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/cli.js', 'extension/dist/notebook/renderer.js', 'extension.vsixmanifest']) {
  if (!names.includes(need)) problems.push(`${need} is missing`);
}
const manifest = entries.find((e) => e.name === 'extension/package.json');
if (manifest) {
  const shipped = JSON.parse(readEntry(buf, manifest).toString('utf8'));
  if (shipped.main !== './dist/extension.js') problems.push(`its package.json has main ${shipped.main}`);
  // every notebook renderer's entry point is in the package (a Markdown cell would otherwise load nothing)
  for (const r of shipped.contributes?.notebookRenderer ?? []) {
    const entry = `extension/${String(r.entrypoint?.path ?? '').replace(/^\.\//, '')}`;
    if (!names.includes(entry)) problems.push(`the notebook renderer ${r.id} points at ${entry}, which is not in it`);
  }
}
if (problems.length) die(`${relative(root, vsix)} is not fit to ship: ${problems.join('; ')}`);

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const top = [...entries].sort((a, b) => b.size - a.size).slice(0, 5).map((e) => `${e.name.replace(/^extension\//, '')} ${kib(e.size)}`);
process.stdout.write(`package: ${relative(root, vsix)} ${kib(statSync(vsix).size)} (limit 2 MiB), ${entries.length} files, no node_modules; largest: ${top.join(', ')}\n`);
