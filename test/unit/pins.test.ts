// Pins what a user sees on whole answers — findings, hovers, the panel's formula view and BPTT
// derivations — so that moving the engine's internals (one front end, one document model) cannot
// change any of it unnoticed. The pinned files were written by the engine before the move; a change
// here must be a deliberate one: rerun with DLMATH_UPDATE_PINS=1 and read the diff.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { analyzeDocument } from '../../src/core/document/analysis';
import { explainAt } from '../../src/core/views/explain';
import { buildPanelModel } from '../../src/core/views/panelModel';
import { availableTargets, defaultNotation, deriveBptt, findAllRecurrences, type BpttDerivation } from '../../src/core/bptt';
import { ANSWER_FIXTURES, SHARED_EXAMPLES, SHARED_SKIP, REPO_ROOT } from './engineHelpers';
import type { Lang } from '../../src/core/messages';

const PINS = path.join(REPO_ROOT, 'test/fixtures/pins');
const WORKSPACE = path.join(REPO_ROOT, 'test/fixtures/workspace');
const SUBMISSIONS = path.join(REPO_ROOT, 'test/fixtures/submissions');
const SAMPLES = path.join(REPO_ROOT, 'samples');
const UPDATE = process.env.DLMATH_UPDATE_PINS === '1';

/** Everything a user can see of one document, as plain data. */
function observe(text: string): unknown {
  const out: Record<string, unknown> = {};
  for (const lang of ['en', 'fa'] as Lang[]) {
    const analysis = analyzeDocument(text, { language: lang });
    const findings = analysis.findings;
    // A hover at the start and in the middle of every formula, and one on each finding.
    const offsets = new Set<number>();
    for (const f of analysis.formulas) {
      offsets.add(f.span.start + 1);
      offsets.add(Math.floor((f.span.start + f.span.end) / 2));
    }
    for (const f of analysis.findings) offsets.add(f.range.start);
    const hovers = [...offsets]
      .sort((a, b) => a - b)
      .map((o) => {
        const e = explainAt(analysis, o, text, lang);
        return e.kind === 'none' ? undefined : { at: o, kind: e.kind, markdown: e.markdown, beside: e.beside };
      })
      .filter((h) => h !== undefined);
    out[lang] = { findings, hovers };
  }
  const analysis = analyzeDocument(text);
  out.panel = analysis.formulas.map((f) => {
    const m = buildPanelModel(analysis, f.span.start + 1, text);
    return { at: f.span.start + 1, formula: m.formula, recurrence: m.recurrence };
  });
  out.derivations = findAllRecurrences(text).map((found) => ({
    range: found.range,
    targets: availableTargets(found.recurrence).map((choice) => {
      for (const loss of ['final', 'sum'] as const) {
        try {
          const d: BpttDerivation = deriveBptt(found.recurrence, { target: choice.target, loss, notation: defaultNotation(found.recurrence), steps: 3 });
          return { label: choice.label, loss, latex: d.latex };
        } catch (err) {
          return { label: choice.label, loss, error: (err as Error).message };
        }
      }
      return undefined;
    }),
  }));
  return JSON.parse(JSON.stringify(out));
}

function markdownIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.md')).sort().map((n) => path.join(dir, n)) : [];
}

function pinTest(group: string, files: string[], skip: string | false = false): void {
  test(`pinned findings, hovers, panel and derivations: ${group}`, { skip }, () => {
    const pinFile = path.join(PINS, `${group}.json`);
    const seen: Record<string, unknown> = {};
    for (const file of files) seen[path.basename(file)] = observe(readFileSync(file, 'utf8'));
    if (UPDATE) {
      mkdirSync(PINS, { recursive: true });
      writeFileSync(pinFile, JSON.stringify(seen, null, 1) + '\n');
      return;
    }
    const pinned = JSON.parse(readFileSync(pinFile, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(seen), Object.keys(pinned), 'the same documents are pinned');
    for (const name of Object.keys(pinned)) assert.deepStrictEqual(seen[name], pinned[name], `${group}/${name} shows what it showed`);
  });
}

pinTest('fixtures', [...markdownIn(ANSWER_FIXTURES), ...markdownIn(WORKSPACE), ...markdownIn(SUBMISSIONS), ...markdownIn(SAMPLES)]);
pinTest('shared', markdownIn(SHARED_EXAMPLES), SHARED_SKIP);
