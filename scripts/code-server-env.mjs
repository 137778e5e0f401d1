// Helpers for running the extension inside a real VS Code on machines that reach only the npm
// registry and Debian's packages: code-server 4.100.3 (VS Code 1.100.3) installed from npm into a
// git-ignored cache folder, started on a free 127.0.0.1 port with throw-away profile folders, and
// Debian's Chromium driven by playwright-core. What was verified to work here is recorded in
// ../shared/notes/real-vscode-tests.md.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, rmSync, renameSync, statSync, mkdtempSync, copyFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const cacheRoot = join(root, '.cache');
export const CODE_SERVER_VERSION = '4.100.3';
export const codeServerDir = join(cacheRoot, 'code-server');
export const CHROMIUM = process.env.DLMATH_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function log(msg) {
  process.stdout.write(`[code-server-tests] ${msg}\n`);
}

/** Resolves with `p`, or rejects after `ms` with a message naming what timed out. */
export function withTimeout(p, ms, what) {
  let t;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise((_, reject) => { t = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms); }),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Installing code-server once into .cache/code-server

function codeServerEntry(dir = codeServerDir) {
  const pkgFile = join(dir, 'node_modules/code-server/package.json');
  if (!existsSync(pkgFile)) return undefined;
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  if (pkg.version !== CODE_SERVER_VERSION) return undefined;
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.['code-server'];
  const entry = join(dir, 'node_modules/code-server', bin ?? 'out/node/entry.js');
  return existsSync(entry) && existsSync(join(dir, '.installed')) ? entry : undefined;
}

/**
 * @vscode/ripgrep (inside code-server) downloads `rg` from GitHub in its postinstall unless an
 * archive is already in its cache under os.tmpdir(). Debian's ripgrep provides /usr/bin/rg; we pack
 * it the way the postinstall expects (one `rg` at the archive root) into a private TMPDIR.
 */
function prepareRipgrepCache(tmpDir) {
  const rg = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => existsSync(p));
  if (!rg) throw new Error('ripgrep is missing: install the Debian package `ripgrep` (apt-get install ripgrep)');
  const cache = join(tmpDir, 'vscode-ripgrep-cache-1.15.11');
  mkdirSync(cache, { recursive: true });
  const stage = mkdtempSync(join(tmpDir, 'rg-'));
  copyFileSync(rg, join(stage, 'rg'));
  // The postinstall picks the archive by target triple; x64 and arm64 Linux are what CI machines run.
  for (const triple of ['x86_64-unknown-linux-musl', 'aarch64-unknown-linux-musl']) {
    const r = spawnSync('tar', ['-czf', join(cache, `ripgrep-v13.0.0-10-${triple}.tar.gz`), '-C', stage, 'rg']);
    if (r.status !== 0) throw new Error(`could not pack ${rg}: ${r.stderr}`);
  }
}

function lockPath() {
  return join(cacheRoot, 'code-server.lock');
}

async function acquireLock(timeoutMs) {
  const lock = lockPath();
  const t0 = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // A lock left by a process that no longer exists is stale.
      let pid = 0;
      try { pid = Number(readFileSync(join(lock, 'pid'), 'utf8')); } catch { /* being written */ }
      let alive = true;
      if (pid > 0) { try { process.kill(pid, 0); } catch { alive = false; } }
      else if (Date.now() - statSync(lock).mtimeMs > 60_000) alive = false;
      if (!alive) { rmSync(lock, { recursive: true, force: true }); continue; }
      if (Date.now() - t0 > timeoutMs) throw new Error(`another process (pid ${pid}) holds ${lock}`);
      await sleep(1000);
    }
  }
}

/**
 * Returns the path of code-server's entry script, installing code-server@4.100.3 into
 * .cache/code-server on first use (about a minute). The install goes into a temporary folder that
 * is renamed into place only when complete, under a lock, so concurrent runs never see half a tree.
 */
export async function ensureCodeServer() {
  const have = codeServerEntry();
  if (have) return have;
  mkdirSync(cacheRoot, { recursive: true });
  const release = await acquireLock(8 * 60_000);
  try {
    const again = codeServerEntry();
    if (again) return again;
    log(`installing code-server@${CODE_SERVER_VERSION} into ${codeServerDir} (first use only, about a minute)`);
    const t0 = Date.now();
    const stage = join(cacheRoot, `code-server.install-${process.pid}`);
    rmSync(stage, { recursive: true, force: true });
    const tmp = join(stage, '.tmp');
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(stage, 'package.json'), JSON.stringify({ name: 'dlmath-code-server-cache', private: true }, null, 2));
    prepareRipgrepCache(tmp);
    const env = {
      ...process.env,
      TMPDIR: tmp,
      npm_config_unsafe_perm: 'true', // code-server's postinstall refuses to run as root otherwise
      npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`; a global yes=false cancels it
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };
    // Build native modules against the local Node headers instead of downloading them.
    const headers = join(dirname(process.execPath), '..', 'include', 'node');
    if (!env.npm_config_nodedir && existsSync(join(headers, 'node.h'))) env.npm_config_nodedir = join(headers, '..', '..');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = await runLogged(npm, ['install', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`],
      { cwd: stage, env }, 8 * 60_000, join(cacheRoot, 'code-server-install.log'));
    if (r !== 0) {
      throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${r}); see .cache/code-server-install.log. `
        + 'It needs the Debian packages libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config build-essential python3 ripgrep.');
    }
    rmSync(tmp, { recursive: true, force: true });
    writeFileSync(join(stage, '.installed'), `${CODE_SERVER_VERSION}\n`);
    if (!codeServerEntry(stage)) throw new Error('code-server installed but its entry script is missing');
    rmSync(codeServerDir, { recursive: true, force: true });
    renameSync(stage, codeServerDir);
    log(`code-server installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return codeServerEntry();
  } finally {
    release();
  }
}

/** Runs a command with its output appended to a log file; resolves with the exit code. */
function runLogged(cmd, args, opts, timeoutMs, logFile) {
  return new Promise((resolve) => {
    writeFileSync(logFile, `$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const append = (d) => { try { writeFileSync(logFile, d, { flag: 'a' }); } catch { /* ignore */ } };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const t = setTimeout(() => { append('\n[timed out]\n'); void killGroup(child); }, timeoutMs);
    child.on('close', (code) => { clearTimeout(t); resolve(code ?? 1); });
    child.on('error', (e) => { clearTimeout(t); append(String(e)); resolve(1); });
  });
}

// ---------------------------------------------------------------------------------------------
// Running it

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Kills a detached child and everything it started (its process group): SIGTERM, then SIGKILL if
 * it is still there after 3 s. Resolves when it has exited.
 */
export async function killGroup(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  const signal = (sig) => { try { process.kill(-child.pid, sig); } catch { try { child.kill(sig); } catch { /* gone */ } } };
  signal('SIGTERM');
  const done = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
  // Even after the leader exits, its group (extension hosts, file watchers) may linger.
  signal('SIGKILL');
  if (!done) await Promise.race([exited, sleep(2000)]);
}

/** Fresh, private profile folders for one run, with settings that keep the workbench quiet. */
export function makeProfile(name) {
  const runs = join(cacheRoot, 'runs');
  // Folders left by runs that were killed outright (their process is gone) are removed.
  for (const old of readdirSafe(runs)) {
    const pid = Number(/-(\d+)$/.exec(old)?.[1]);
    if (!pid || pid === process.pid) continue;
    try { process.kill(pid, 0); } catch { rmSync(join(runs, old), { recursive: true, force: true }); }
  }
  const dir = join(runs, `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  const userDataDir = join(dir, 'user-data');
  const extensionsDir = join(dir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'editor.hover.delay': 100,
    'window.restoreWindows': 'none',
    'files.hotExit': 'off',
    // the fixtures are Persian answers, whose findings `auto` writes in Persian; the tests that check
    // Persian (or auto) set it themselves, the others read English findings
    'dlmath.messages.language': 'en',
  }, null, 2));
  return { dir, userDataDir, extensionsDir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Installs a .vsix into an extensions folder with code-server's own CLI; throws with its output on failure. */
export function installVsix(entry, extensionsDir, userDataDir, vsix) {
  const r = spawnSync(process.execPath, [entry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix], {
    encoding: 'utf8', timeout: 90_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined },
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status}): ${out.trim().slice(-800)}`);
  }
  return out.trim();
}

/**
 * Starts code-server on a free port, waiting until it answers. Returns
 * { url, port, child, stop(), output() }. Its stdout/stderr go to `logFile`.
 */
export async function startCodeServer(entry, { userDataDir, extensionsDir, logFile, env = {} }) {
  const port = await freePort();
  const args = [
    entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    // A private config file: code-server would otherwise create ~/.config/code-server/config.yaml.
    '--config', join(userDataDir, 'code-server.yaml'),
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
  ];
  writeFileSync(logFile, '');
  const child = spawn(process.execPath, args, {
    cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, VSCODE_PROXY_URI: '' },
  });
  let output = '';
  const onData = (d) => {
    output += d;
    try { writeFileSync(logFile, d, { flag: 'a' }); } catch { /* ignore */ }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const url = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it was ready:\n${output.slice(-1500)}`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch { /* not yet listening */ }
    if (Date.now() - t0 > 60_000) { await killGroup(child); throw new Error(`code-server did not answer on ${url} within 60 s:\n${output.slice(-1500)}`); }
    await sleep(250);
  }
  return { url, port, child, stop: () => killGroup(child), output: () => output };
}

/** Launches Debian's Chromium through playwright-core (no browser download). */
export async function launchChromium() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the Debian package \`chromium\``);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/**
 * The workbench URL for `folder`; with `devPath`/`testsPath` it carries VS Code's development
 * payload, the way VS Code runs its own browser integration tests.
 */
export function workbenchUrl(base, port, folder, { devPath, testsPath } = {}) {
  const q = new URLSearchParams({ folder });
  if (devPath) {
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [['extensionDevelopmentPath', remote(devPath)]];
    if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
    q.set('payload', JSON.stringify(payload));
  }
  return `${base}/?${q.toString()}`;
}

/** Runs `npm run <script>` in the repo, streaming its output; throws if it fails. */
export function npmRun(script, timeoutMs = 240_000) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', '-s', script], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], timeout: timeoutMs });
  if (r.status !== 0) throw new Error(`npm run ${script} failed (exit ${r.status ?? r.signal})`);
}

/** Newest modification time of any file below the given paths (missing ones are ignored). */
export function newestMtime(paths) {
  let newest = 0;
  const walk = (p) => {
    let st;
    try { st = statSync(p); } catch { return; }
    if (st.isDirectory()) {
      for (const e of readdirSafe(p)) walk(join(p, e));
    } else if (st.mtimeMs > newest) newest = st.mtimeMs;
  };
  for (const p of paths) walk(p);
  return newest;
}

function readdirSafe(p) {
  try { return readdirSync(p); } catch { return []; }
}
