// The Node version the project states (package.json `engines.node`, the README's quick start) is one
// that every locked dependency accepts, so `npm ci` on it prints no EBADENGINE.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { REPO_ROOT } from './engineHelpers';

const ROOT = REPO_ROOT;
type Version = [number, number, number];

function parse(v: string): Version {
  const [a = '0', b = '0', c = '0'] = v.replace(/^v/, '').split('-')[0].split('.');
  return [Number(a), Number(b), Number(c)];
}
function cmp(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * Whether `version` satisfies an npm `engines` range, for the forms that occur in engines fields:
 * `a || b`, space-joined comparators, `>= > <= < =`, `^x.y.z`, `~x.y.z`, `x`, `x.y`, `*`.
 */
export function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  return range.split('||').some((alt) => {
    const parts = alt.trim().replace(/(>=|<=|>|<|=)\s+/g, '$1').split(/\s+/).filter(Boolean);
    return parts.every((p) => {
      if (p === '*' || p === 'x') return true;
      const m = /^(>=|<=|>|<|=|\^|~)?v?(\d+)(?:\.(\d+|x))?(?:\.(\d+|x))?/.exec(p);
      if (!m) throw new Error(`unread range part ${p} in ${range}`);
      const op = m[1] ?? '';
      const given = [m[2], m[3], m[4]].filter((x) => x !== undefined && x !== 'x').length;
      const lo: Version = [Number(m[2]), Number(m[3] && m[3] !== 'x' ? m[3] : 0), Number(m[4] && m[4] !== 'x' ? m[4] : 0)];
      const c = cmp(v, lo);
      switch (op) {
        case '>=': return c >= 0;
        case '>': return c > 0;
        case '<=': return c <= 0;
        case '<': return c < 0;
        case '^': return c >= 0 && (lo[0] > 0 ? v[0] === lo[0] : lo[1] > 0 ? v[0] === 0 && v[1] === lo[1] : cmp(v, lo) === 0);
        case '~': return c >= 0 && v[0] === lo[0] && (given < 2 || v[1] === lo[1]);
        default: // = or a bare (partial) version: the same on every part given
          return v[0] === lo[0] && (given < 2 || v[1] === lo[1]) && (given < 3 || v[2] === lo[2]);
      }
    });
  });
}

describe('the stated Node version and the dependencies agree', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };
  const stated = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(pkg.engines.node);

  test('package.json states a lowest Node version, and the README the same major and minor', () => {
    assert.ok(stated, `engines.node is ">=x.y": ${pkg.engines.node}`);
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const [major, minor] = parse(stated[1]);
    assert.ok(readme.includes(`Node.js ${major} (${major}.${minor} or newer`), `the README's quick start names Node.js ${major}.${minor}`);
  });

  test('every locked package with an engines.node range accepts that lowest version', () => {
    const lowest = stated![1];
    const refusing = Object.entries(lock.packages)
      .filter(([name, p]) => name !== '' && p.engines && !Array.isArray(p.engines) && p.engines.node && !satisfies(lowest, p.engines.node))
      .map(([name, p]) => `${name}@${p.version} wants node ${(p.engines as { node: string }).node}`);
    assert.deepEqual(refusing, [], `Node ${lowest} would get EBADENGINE from these`);
  });

  test('the range reader itself', () => {
    assert.equal(satisfies('20.19.0', '>=22'), false);
    assert.equal(satisfies('20.19.0', '>= 22'), false);
    assert.equal(satisfies('22.1.0', '>= 22'), true);
    assert.equal(satisfies('20.19.0', '^18.18.0 || ^20.9.0 || >=21.1.0'), true);
    assert.equal(satisfies('20.8.0', '^18.18.0 || ^20.9.0 || >=21.1.0'), false);
    assert.equal(satisfies('20.19.0', '^20.19.0 || ^22.13.0 || >=24'), true);
    assert.equal(satisfies('20.18.0', '>=20.18.1'), false);
    assert.equal(satisfies('20.19.0', '>=14.17'), true);
    assert.equal(satisfies('20.19.0', '>= 12.0.0 < 21'), true);
    assert.equal(satisfies('21.0.0', '>= 12.0.0 < 21'), false);
    assert.equal(satisfies('20.19.0', '~20.18.0'), false);
    assert.equal(satisfies('20.19.0', '*'), true);
    assert.equal(satisfies('20.19.0', '20'), true);
  });
});
