/**
 * Entry of the integration suite that runs inside a real VS Code extension host. Two hosts load it:
 *   - `npm run test:integration`: code-server 4.100.3 (VS Code 1.100.3), through the web workbench's
 *     development payload (scripts/run-code-server-tests.mjs), offline;
 *   - `npm run test:electron`: VS Code desktop through @vscode/test-electron (test/runElectron.ts).
 * Both call `run()` below; a rejected promise means "some test failed".
 *
 * ADDING A TEST: create `test/suite/<feature>.test.ts` (it is compiled to out/test/suite/ by
 * `npm run compile-tests` and picked up automatically, no list to edit):
 *
 *     import * as assert from 'node:assert/strict';
 *     import * as vscode from 'vscode';
 *     import { test, getExtension, openFixture } from './harness';
 *
 *     test('hover shows the right product', async () => {
 *       await getExtension().activate();
 *       const editor = await openFixture('answer.md');
 *       const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
 *         'vscode.executeHoverProvider', editor.document.uri, new vscode.Position(10, 5));
 *       assert.ok(hovers.length > 0);
 *     });
 *
 * Use the real `vscode` API and the files in test/fixtures/workspace (add fixtures there). Tests run
 * one after another, in file-name order, each with a 20 s timeout (`test(name, fn, { timeoutMs })`).
 * DLMATH_TEST_GREP=<substring> runs only the tests whose name contains it.
 *
 * Results: each test prints `PASS <name>` or `FAIL <name>: <reason>` to the extension host console,
 * and, when DLMATH_TEST_RESULTS names a file, the whole run is written there as JSON (the runners
 * print it to the terminal; the extension host's console is not the terminal's).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { registry, setCurrentFile } from './harness';

export interface SuiteResult {
  host: { vscodeVersion: string; appName: string; appHost: string; uiKind: string; remoteName: string | null; node: string };
  tests: { name: string; file: string; ok: boolean; ms: number; error?: string }[];
  passed: number;
  failed: number;
  loadErrors: string[];
}

function describeError(e: unknown): string {
  if (e instanceof Error) {
    const where = e.stack?.split('\n').find((l) => l.includes('/out/test/suite/'))?.trim();
    return `${e.message}${where ? ` (${where})` : ''}`;
  }
  return String(e);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms); }),
  ]);
}

export async function run(): Promise<void> {
  const log = (line: string) => console.log(`[dlmath-suite] ${line}`);
  const result: SuiteResult = {
    host: {
      vscodeVersion: vscode.version,
      appName: vscode.env.appName,
      appHost: vscode.env.appHost,
      uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
      remoteName: vscode.env.remoteName ?? null,
      node: process.version,
    },
    tests: [],
    passed: 0,
    failed: 0,
    loadErrors: [],
  };
  log(`running inside ${result.host.appName} (${result.host.appHost}, ${result.host.uiKind} UI), VS Code ${vscode.version}, Node ${process.version}`);

  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) {
    setCurrentFile(f);
    try {
      // A plain require: the suite is CommonJS and test files register their tests when loaded.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(__dirname, f));
    } catch (e) {
      result.loadErrors.push(`${f}: ${describeError(e)}`);
      log(`FAIL loading ${f}: ${describeError(e)}`);
    }
  }
  setCurrentFile('');

  const grep = process.env.DLMATH_TEST_GREP;
  const selected = grep ? registry.filter((t) => t.name.includes(grep)) : registry;
  for (const t of selected) {
    const t0 = Date.now();
    try {
      await withTimeout(Promise.resolve().then(t.fn), t.timeoutMs);
      result.tests.push({ name: t.name, file: t.file, ok: true, ms: Date.now() - t0 });
      result.passed++;
      log(`PASS ${t.name}`);
    } catch (e) {
      const error = describeError(e);
      result.tests.push({ name: t.name, file: t.file, ok: false, ms: Date.now() - t0, error });
      result.failed++;
      log(`FAIL ${t.name}: ${error}`);
    }
  }
  result.failed += result.loadErrors.length;
  if (selected.length === 0 && result.loadErrors.length === 0) {
    result.loadErrors.push(`no tests found in ${__dirname}${grep ? ` matching "${grep}"` : ''}`);
    result.failed++;
  }
  log(`${result.passed} passed, ${result.failed} failed`);

  const out = process.env.DLMATH_TEST_RESULTS;
  if (out) {
    try {
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, JSON.stringify(result, null, 2));
    } catch (e) {
      log(`could not write ${out}: ${describeError(e)}`);
    }
  }
  if (result.failed > 0) throw new Error(`${result.failed} integration test(s) failed`);
}
