/**
 * `npm run test:electron`: the same integration suite (test/suite/) in VS Code desktop through
 * @vscode/test-electron, on machines that have VS Code or can download it. (Machines that reach only
 * the npm registry use `npm run test:integration`, which runs the suite in code-server instead.)
 *
 *   VSCODE_EXECUTABLE_PATH=/path/to/code   use this VS Code binary (nothing is downloaded)
 *   VSCODE_VERSION=1.100.3                 download (or reuse from .vscode-test/) this release;
 *                                          default: the latest stable
 *   DLMATH_TEST_GREP=<substring>           run only the tests whose name contains it
 *
 * Prints `PASS`/`FAIL` lines and `RESULT electron passed=N failed=M`, like the code-server runner.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import type { SuiteResult } from './suite/index';

async function main(): Promise<number> {
  const root = path.resolve(__dirname, '../..'); // out/test -> repository root
  const extensionTestsPath = path.join(__dirname, 'suite', 'index.js');
  const workspace = path.join(root, 'test', 'fixtures', 'workspace');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dlmath-electron-'));
  const resultsFile = path.join(scratch, 'results.json');
  let exitCode = 1;
  try {
    exitCode = await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath,
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
      version: process.env.VSCODE_VERSION || undefined,
      extensionTestsEnv: { DLMATH_TEST_RESULTS: resultsFile, DLMATH_TEST_GREP: process.env.DLMATH_TEST_GREP },
      launchArgs: [
        workspace,
        '--user-data-dir', path.join(scratch, 'user-data'),
        '--extensions-dir', path.join(scratch, 'extensions'),
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-gpu',
      ],
    });
  } catch (e) {
    process.stdout.write(`FAIL electron: VS Code desktop did not run the suite: ${e instanceof Error ? e.message : String(e)}\n`);
  }

  let passed = 0;
  let failed = 0;
  if (fs.existsSync(resultsFile)) {
    const result = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResult;
    const h = result.host;
    process.stdout.write(`ran inside ${h.appName} (${h.uiKind} UI), VS Code ${h.vscodeVersion}, extension host Node ${h.node}\n`);
    for (const e of result.loadErrors) process.stdout.write(`FAIL load: ${e}\n`);
    for (const t of result.tests) process.stdout.write(t.ok ? `PASS ${t.name}\n` : `FAIL ${t.name}: ${t.error}\n`);
    passed = result.passed;
    failed = result.failed;
  }
  if (exitCode !== 0 && failed === 0) failed = 1;
  process.stdout.write(`RESULT electron passed=${passed} failed=${failed}\n`);
  fs.rmSync(scratch, { recursive: true, force: true });
  return failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
