// Runs the tests that need a real VS Code, inside code-server 4.100.3 (VS Code 1.100.3), offline:
//
//   node scripts/run-code-server-tests.mjs integration
//       the suite in test/suite/ (compiled to out/test/suite/index.js) runs in code-server's extension
//       host, loaded through the web workbench's development payload (extensionDevelopmentPath =
//       this repo); Chromium only hosts the workbench page and reports the exit code.
//   node scripts/run-code-server-tests.mjs e2e
//       the packaged .vsix is installed into a fresh extensions folder and the scenarios in
//       test/e2e/*.e2e.mjs drive the workbench in Chromium as a person would; screenshots go to
//       test-results/e2e/.
//
// code-server is installed into .cache/code-server on first use (about a minute) and reused. Every
// run gets fresh profile folders under .cache/runs/ and a free 127.0.0.1 port; code-server and
// Chromium are killed at the end whatever happens, and a hard cap stops a tier that hangs.
// Output: `PASS <name>` / `FAIL <name>: <reason>` lines and finally `RESULT <tier> passed=N failed=M`
// (scripts/test-all.mjs reads it); the exit code is 0 iff nothing failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, rmSync } from 'node:fs';
import { join, basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  root, log, sleep, withTimeout, ensureCodeServer, makeProfile, startCodeServer, launchChromium, workbenchUrl,
  installVsix, npmRun, newestMtime, CODE_SERVER_VERSION, CHROMIUM,
} from './code-server-env.mjs';
import { makeHelpers } from '../test/e2e/helpers.mjs';

const tier = process.argv[2];
if (tier !== 'integration' && tier !== 'e2e') {
  process.stderr.write('usage: node scripts/run-code-server-tests.mjs <integration|e2e>\n');
  process.exit(2);
}

const HARD_CAP_MS = Number(process.env.DLMATH_TIER_TIMEOUT_MS || 5 * 60_000);
const fixtureFolder = join(root, 'test/fixtures/workspace');
const resultsDir = join(root, 'test-results');
const expectVersion = CODE_SERVER_VERSION.replace(/^4\./, '1.').replace(/\.\d+$/, '.'); // 4.100.3 -> "1.100."

let passed = 0;
let failed = 0;
const cleanups = [];
let finished = false;

function pass(name) { passed++; process.stdout.write(`PASS ${name}\n`); }
function fail(name, reason) { failed++; process.stdout.write(`FAIL ${name}: ${String(reason).replace(/\s+/g, ' ').trim()}\n`); }

async function cleanup() {
  while (cleanups.length) {
    const c = cleanups.pop();
    try { await withTimeout(Promise.resolve().then(c), 10_000, 'cleanup'); } catch (e) { log(`cleanup: ${e.message}`); }
  }
}

async function finish(code) {
  if (finished) return;
  finished = true;
  await cleanup();
  if (code !== undefined && code !== 0 && failed === 0) failed = 1;
  process.stdout.write(`RESULT ${tier} passed=${passed} failed=${failed}\n`);
  process.exit(failed === 0 ? 0 : 1);
}

// Whatever happens, never hang CI and never leave code-server or Chromium running. The cap starts
// when code-server does (the one-time install and the builds before it have their own timeouts).
let hardCap;
function startHardCap() {
  if (hardCap) return;
  hardCap = setTimeout(() => {
    fail(`${tier} tier`, `did not finish within ${HARD_CAP_MS / 1000} s (hard cap); code-server and Chromium were killed`);
    void finish(1);
  }, HARD_CAP_MS);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { fail(`${tier} tier`, `interrupted by ${sig}`); void finish(1); });
}

/** Rebuilds dist/ and out/ only when missing or older than their sources. */
function ensureBuilt() {
  const newer = (outFile, sources) => !existsSync(outFile) || newestMtime(sources.map((s) => join(root, s))) > statSync(outFile).mtimeMs;
  if (newer(join(root, 'dist/extension.js'), ['src', 'package.json'])) {
    log('dist/ is missing or stale: npm run build');
    npmRun('build');
  }
  if (newer(join(root, 'out/test/suite/index.js'), ['test/suite', 'src'])) {
    log('out/test/ is missing or stale: npm run compile-tests');
    npmRun('compile-tests');
  }
}

function printHost(host) {
  process.stdout.write(`ran inside ${host.appName} (${host.appHost}, ${host.uiKind} UI, remote ${host.remoteName}) — `
    + `VS Code ${host.vscodeVersion}, extension host Node ${host.node}\n`);
}

// ---------------------------------------------------------------------------------------------

async function integration(entry) {
  ensureBuilt();
  startHardCap();
  const profile = makeProfile('integration');
  cleanups.push(() => profile.cleanup());
  const resultsFile = join(profile.dir, 'results.json');
  const server = await startCodeServer(entry, {
    userDataDir: profile.userDataDir,
    extensionsDir: profile.extensionsDir,
    logFile: join(resultsDir, 'integration-code-server.log'),
    // The remote extension host inherits the server's environment.
    env: { DLMATH_TEST_RESULTS: resultsFile, DLMATH_EXPECT_VSCODE: expectVersion },
  });
  cleanups.push(() => server.stop());
  log(`code-server ${CODE_SERVER_VERSION} listening on ${server.url}`);

  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const consoleLines = [];
  page.on('console', (msg) => {
    const text = msg.text();
    // The extension host's console is forwarded to the page; echo the suite's own lines live.
    const m = /\[dlmath-suite\] (.*)/.exec(text);
    if (m) { consoleLines.push(m[1]); process.stdout.write(`  [extension host] ${m[1]}\n`); }
  });
  let resolveExit;
  const exited = new Promise((r) => { resolveExit = r; });
  await page.exposeFunction('codeAutomationExit', (code) => { resolveExit(code); });

  const url = workbenchUrl(server.url, server.port, fixtureFolder, {
    devPath: root, testsPath: join(root, 'out/test/suite/index.js'),
  });
  const t0 = Date.now();
  // a loaded shared machine can take longer than playwright's 30 s default to serve the workbench
  await page.goto(url, { timeout: 120_000 });
  const code = await withTimeout(exited, HARD_CAP_MS - 30_000, 'the integration suite (codeAutomationExit was never called)');
  log(`suite finished with exit code ${code} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await page.screenshot({ path: join(resultsDir, 'integration-workbench.png') }).catch(() => {});

  if (!existsSync(resultsFile)) {
    fail('integration suite', `no results file from the extension host (exit code ${code}); its console said:\n${consoleLines.join('\n') || '(nothing)'}\n`
      + `code-server log: test-results/integration-code-server.log`);
    return;
  }
  const result = JSON.parse(readFileSync(resultsFile, 'utf8'));
  printHost(result.host);
  for (const e of result.loadErrors) fail(`load ${e.split(':')[0]}`, e);
  for (const t of result.tests) {
    if (t.ok) pass(t.ms >= 1000 ? `${t.name} (${(t.ms / 1000).toFixed(1)} s)` : t.name);
    else fail(t.name, t.error);
  }
  if (code !== 0 && result.failed === 0) fail('integration suite', `exited with code ${code} although every test passed`);
  if (code === 0 && result.failed > 0) fail('integration suite', 'reported success to the workbench although tests failed');
}

// ---------------------------------------------------------------------------------------------

async function e2e(entry) {
  const profile = makeProfile('e2e');
  cleanups.push(() => profile.cleanup());
  const shots = join(resultsDir, 'e2e');
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });

  // Prove the package works: build the .vsix as `npm run package` does and install it.
  let devPath;
  try {
    const vsix = process.env.DLMATH_E2E_VSIX || packageVsix(profile.dir);
    log(`installing ${basename(vsix)} into a fresh extensions folder`);
    log(installVsix(entry, profile.extensionsDir, profile.userDataDir, vsix).split('\n').pop());
    pass('the packaged .vsix installs with code-server --install-extension');
  } catch (e) {
    // A broken package is a failure, but the scenarios still run on the development build.
    fail('the packaged .vsix installs with code-server --install-extension', e.message);
    log('falling back to extensionDevelopmentPath for the scenarios');
    ensureBuilt();
    devPath = root;
  }

  startHardCap();
  const server = await startCodeServer(entry, {
    userDataDir: profile.userDataDir,
    extensionsDir: profile.extensionsDir,
    logFile: join(resultsDir, 'e2e-code-server.log'),
  });
  cleanups.push(() => server.stop());
  log(`code-server ${CODE_SERVER_VERSION} listening on ${server.url}`);
  const browser = await launchChromium();
  cleanups.push(() => browser.close());

  const files = readdirSync(join(root, 'test/e2e')).filter((f) => f.endsWith('.e2e.mjs')).sort();
  const scenarios = [];
  for (const f of files) {
    try {
      const mod = await import(pathToFileURL(join(root, 'test/e2e', f)).href);
      for (const s of mod.scenarios ?? []) scenarios.push({ file: f, name: s.name || `${f}#${scenarios.length}`, fn: s, timeoutMs: s.timeoutMs ?? 90_000 });
    } catch (e) {
      fail(`load test/e2e/${f}`, e.message);
    }
  }
  const grep = process.env.DLMATH_TEST_GREP;
  const selected = grep ? scenarios.filter((s) => s.name.includes(grep)) : scenarios;
  if (selected.length === 0) fail('e2e scenarios', `none found in test/e2e/*.e2e.mjs${grep ? ` matching "${grep}"` : ''}`);

  const url = workbenchUrl(server.url, server.port, fixtureFolder, { devPath });
  let versionShown = false;
  // Scenarios share one workbench window (loading one costs 5-20 s); between scenarios the editors
  // and the panel are closed. After a failure, or for a scenario with `fn.freshWindow = true`, the
  // next one gets a newly loaded window.
  let context;
  let helpers;
  let page;
  let fresh = true;
  for (const s of selected) {
    const t0 = Date.now();
    try {
      await withTimeout((async () => {
        if (!fresh && !s.fn.freshWindow) {
          fresh = !(await helpers.resetWorkbench().then(() => true, () => false));
        }
        if (fresh || s.fn.freshWindow) {
          if (context) await withTimeout(context.close(), 10_000, 'closing the page').catch(() => {});
          context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
          page = await context.newPage();
          page.setDefaultTimeout(15_000);
          // loading the workbench page itself may take longer on a busy machine (its own waits are 60 s)
          page.setDefaultNavigationTimeout(60_000);
          helpers = makeHelpers(page, { url, shotsDir: shots });
          await helpers.loadWorkbench();
          fresh = false;
        }
        helpers.setScenario(s.name);
        if (!versionShown) {
          // Say where this ran, from the workbench's own Help: About dialog.
          versionShown = true;
          const v = await helpers.aboutVersion().catch((e) => `Help: About failed: ${e.message.split('\n')[0]}`);
          process.stdout.write(`ran inside a real VS Code in Chromium (${CHROMIUM}); Help: About says: ${v}\n`);
          if (!v.includes(`Code: ${expectVersion}`)) throw new Error(`expected VS Code ${expectVersion}x in Help: About, saw "${v}"`);
        }
        await s.fn({ page, ...helpers });
      })(), s.timeoutMs, `scenario ${s.name}`);
      pass(`${s.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      fresh = true;
      let shot = '';
      if (helpers) {
        helpers.setScenario(s.name);
        shot = await helpers.screenshot('failure').then((p) => ` (screenshot test-results/e2e/${basename(p)})`, () => '');
      }
      fail(s.name, `${e.message.split('\n')[0]}${shot}`);
    }
  }
  if (context) await withTimeout(context.close(), 10_000, 'closing the page').catch(() => {});
}

/**
 * Builds the production .vsix with scripts/package.mjs (what `npm run package` runs, with all its
 * checks) into this run's private folder, so parallel runs never install each other's half-written
 * file; returns its path.
 */
function packageVsix(dir) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const vsix = join(dir, `${pkg.name}-${pkg.version}.vsix`);
  const r = spawnSync(process.execPath, [join(root, 'scripts/package.mjs'), '--out', vsix], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 240_000,
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  // vsce lists every file it packs; keep only scripts/package.mjs's own verdict and any errors.
  for (const line of out.split('\n')) if (/^package:|ERROR|error/.test(line)) log(line.trim());
  if (r.status !== 0 || !existsSync(vsix)) throw new Error(`scripts/package.mjs failed (exit ${r.status ?? r.signal}): ${out.trim().split('\n').slice(-3).join(' ')}`);
  return vsix;
}

// ---------------------------------------------------------------------------------------------

try {
  mkdirSync(resultsDir, { recursive: true });
  const entry = await ensureCodeServer();
  if (tier === 'integration') await integration(entry);
  else await e2e(entry);
} catch (e) {
  fail(`${tier} tier`, e instanceof Error ? e.message : String(e));
}
clearTimeout(hardCap);
await sleep(0);
await finish();
