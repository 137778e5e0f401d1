// A claim right with another value the document gave one of its names is not judged: which value the
// line meant is a guess. Two sources of such a value: the value a name had before a case set it
// ("with $k = 3$ …", in an earlier paragraph that does not end with a colon), and the number the next formula of the same line gives
// it (`$2P = D(K - 1)$, i.e. $P = 4$`: the equation it solves). Each silent row has a wrong twin.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { alarms, analyze, describeFindings } from '../engineHelpers';

function alarmsOf(lines: string[]): string[] {
  const doc = lines.join('\n');
  const { findings } = analyze(doc);
  return alarms(findings).map((f) => `${f.line}: ${f.code}: ${f.message}`);
}

function table(title: string, rows: [string[], string[]][]): void {
  describe(title, () => {
    for (const [lines, expected] of rows) {
      test(lines.join(' ⏎ ').slice(0, 140), () => assert.deepEqual(alarmsOf(lines), expected, describeFindings(analyze(lines.join('\n')).findings)));
    }
  });
}

const KERNEL = ['Each layer has kernel $k = 2$ and $C = 64$ channels.', ''];

table('past the paragraph of a case, the value the name had before it is another reading', [
  [[...KERNEL, 'With $k = 3$ each layer adds $2 \\times 512 = 1024$.', '', 'Parameters per layer: $k C^2 = 2 \\times 4096 = 8192$.'], []],
  [[...KERNEL, 'With $k = 3$ each layer adds $2 \\times 512 = 1024$.', '', 'Parameters per layer: $k C^2 = 5 \\times 4096$.'], ['5: wrong-result: kC^2 = 12288, not 5 × 4096']],
  // within the case's paragraph the case holds
  [[...KERNEL, 'With $k = 3$ each layer has $k C^2 = 2 \\times 4096$ weights.'], ['3: wrong-result: kC^2 = 12288, not 2 × 4096']],
  // a case that ends with a colon introduces what follows: it holds there (h = 12 of the part before is not a reading)
  [['$d = 768$, $h = 12$: $\\frac{d}{h} = 64$.', '', 'For $d = 768$ and $h = 15$ heads:', '', '$$d_{head} = \\frac{d}{h} = 64$$'], ['5: wrong-result: d/h = 51.2, not 64']],
  [['$d = 768$, $h = 12$: $\\frac{d}{h} = 64$.', '', 'For $d = 768$ and $h = 15$ heads:', '', '$$d_{head} = \\frac{d}{h} = 51.2$$'], []],
  // a plain redefinition is no case: the new value holds
  [[...KERNEL, 'The next layer has $k = 3$.', '', 'Parameters per layer: $k C^2 = 2 \\times 4096$.'], ['5: wrong-result: kC^2 = 12288, not 2 × 4096']],
]);

const PARTS = ['(b) $P = 0$, $D = 4$, $K = 3$: no padding.', ''];

table('an equation the next formula of the same line solves for a name is read with that value', [
  [[...PARTS, '(c) the same size needs $2P = D(K - 1)$, i.e. $P = 4$.'], []],
  [[...PARTS, '(c) the same size needs $2P = D(K - 1)$, i.e. $P = 3$.'], ['3: wrong-result: 2P = 0, not D(K − 1)']],
  // the next formula on another line is not the solution of this one
  [[...PARTS, '(c) the same size needs $2P = D(K - 1)$.', 'So $P = 4$.'], ['3: wrong-result: 2P = 0, not D(K − 1)']],
]);
