// The twin assertions of the symbolic-step tables: a right derivation is silent, its one-slip twin is one
// `wrong-step` on the slipped line with a counterexample whose sides really differ.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, lineOf } from '../engineHelpers';

/** The `wrong-step` findings of a document written in a test. */
export function steps(md: string, lang: 'en' | 'fa' = 'en') {
  return analyze(md, { language: lang }).findings.filter((f) => f.code === 'wrong-step');
}

/** No wrong step in `md`. */
export function silent(md: string): void {
  assert.deepEqual(steps(md).map((f) => f.message), [], `silent: ${JSON.stringify(md)}`);
}

/** Exactly one wrong step in `md`, on the line holding `line`; returned for further checks. */
export function caught(md: string, line: string) {
  const found = steps(md);
  assert.equal(found.length, 1, `one wrong step in ${JSON.stringify(md)}: ${found.map((f) => f.message).join(' | ')}`);
  assert.equal(found[0].line, lineOf(md, line));
  assert.equal(found[0].severity, 'warning');
  const ce = found[0].counterexample!;
  assert.ok(Math.abs(ce.left - ce.right) > 1e-6 * Math.max(1, Math.abs(ce.left) + Math.abs(ce.right)), 'the counterexample really differs');
  return found[0];
}

/** A table row: its name, the right derivation, the same with one slip, and a text of the slipped line. */
export type Twin = readonly [name: string, right: string, wrong: string, wrongLine: string];

/** One test per row: the right derivation is silent and its one-slip twin is caught on the named line. */
export function twinTable(title: string, table: readonly Twin[]): void {
  describe(title, () => {
    for (const [name, right, wrong, wrongLine] of table) {
      test(name, () => {
        silent(right);
        caught(wrong, wrongLine);
      });
    }
  });
}

/** One test per row: a document (its name first) in which no step is judged wrong. */
export function silentTable(title: string, rows: readonly (readonly [name: string, md: string])[]): void {
  describe(title, () => {
    for (const [name, md] of rows) test(name, () => silent(md));
  });
}
