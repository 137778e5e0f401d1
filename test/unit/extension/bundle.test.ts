// The bundles `npm run build` writes to dist/ (the build tier runs before this one): mathjs lives in
// dist/mathjs.js, loaded on the first inverse or determinant, not at activation or CLI start; and the
// bundled CLI computes with it.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../engineHelpers';

const DIST = path.join(REPO_ROOT, 'dist');
const read = (f: string) => readFileSync(path.join(DIST, f), 'utf8');
const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(DIST, 'cli.js'), ...args], { encoding: 'utf8' });

describe('bundles', () => {
  test('mathjs is in dist/mathjs.js only, required lazily by the extension and the CLI', () => {
    // a message of mathjs's own inv/det code
    const marker = 'Matrix must be square';
    assert.ok(read('mathjs.js').includes(marker));
    for (const bundle of ['extension.js', 'cli.js']) {
      const code = read(bundle);
      assert.ok(!code.includes(marker), `${bundle} embeds mathjs`);
      assert.match(code, /require\("\.\/mathjs\.js"\)/, `${bundle} does not load dist/mathjs.js`);
    }
  });

  test('the bundled CLI inverts and takes a determinant through it', () => {
    const inv = cli('eval', '\\begin{bmatrix} 2 & 1 \\\\ 1 & 1 \\end{bmatrix}^{-1}', '--json');
    assert.equal(inv.status, 0, inv.stderr);
    assert.deepEqual(JSON.parse(inv.stdout).value, [[1, -1], [-1, 2]]);
    const det = cli('eval', '\\det\\begin{bmatrix} 2 & 1 \\\\ 1 & 3 \\end{bmatrix}', '--json');
    assert.equal(det.status, 0, det.stderr);
    assert.equal(JSON.parse(det.stdout).value, 5);
  });
});
