// `npm start`: build, then run DL Math's main job — checking every written `=` — on the bundled
// sample answer, printing what a student would see. The sample has deliberate mistakes, so finding
// them is success here.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const build = spawnSync(npm, ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const sample = process.argv[2] ?? 'samples/answer-attention.md';
process.stdout.write(`\nDL Math — checking ${sample}\n\n`);
const r = spawnSync(process.execPath, ['dist/cli.js', 'check', sample], { cwd: root, stdio: 'inherit' });
if (r.status === 1) {
  process.stdout.write('\nThe sample answer has deliberate mistakes: each line above is one DL Math underlines in VS Code.\n');
  process.stdout.write('Try also:  node dist/cli.js eval "\\mathrm{softmax}\\left(\\begin{bmatrix} 0 & 1 \\end{bmatrix}\\right)"\n');
  process.stdout.write('           node dist/cli.js check --json samples/answer-attention.md\n');
  process.exit(0);
}
process.exit(r.status ?? 1);
