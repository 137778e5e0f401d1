// Small checks shared by the end-to-end scenarios (not a scenario file itself).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Fails the scenario with `message` unless `ok`. */
export function expect(ok, message) {
  if (!ok) throw new Error(message);
}

/** Polls `check` every 200 ms until it returns something truthy (which is returned), or fails. */
export async function waitUntil(page, what, check, timeoutMs = 15_000) {
  const t0 = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(200);
  }
}

/** 1-based line and column (UTF-16, as the status bar counts) of `needle` plus `delta` in `text`. */
export function positionOf(text, needle, delta = 0, name = 'the fixture') {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in ${name}`);
  const before = text.slice(0, at + delta);
  return { line: before.split('\n').length, col: before.length - before.lastIndexOf('\n') };
}

const SETTINGS = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/workspace/.vscode/settings.json');

/**
 * Runs `fn` with the fixture workspace's settings changed by `extra`, then puts the file back. The
 * harness's user settings say `dlmath.messages.language: en`; a scenario about Persian (or `auto`) sets
 * it here.
 */
export async function withWorkspaceSettings(page, extra, fn) {
  const original = existsSync(SETTINGS) ? readFileSync(SETTINGS, 'utf8') : undefined;
  mkdirSync(dirname(SETTINGS), { recursive: true });
  writeFileSync(SETTINGS, JSON.stringify({ ...(original ? JSON.parse(original) : {}), ...extra }, null, 2) + '\n');
  await page.waitForTimeout(3_000); // the workbench notices the settings file change
  try {
    return await fn();
  } finally {
    if (original === undefined) writeFileSync(SETTINGS, '{}\n');
    else writeFileSync(SETTINGS, original);
  }
}

/** The webview frame (the panel's) that shows `selector`, once it does. */
export async function webviewFrame(page, selector, what, timeoutMs = 30_000) {
  return waitUntil(page, what, async () => {
    for (const frame of page.frames()) {
      if (!/webview/i.test(frame.url())) continue;
      if (await frame.locator(selector).count().catch(() => 0)) return frame;
    }
    return undefined;
  }, timeoutMs);
}

/** The DL Math status bar entry's text, '' when it is not shown. */
export async function statusText(page) {
  const items = await page.locator('.part.statusbar .statusbar-item').allInnerTexts().catch(() => []);
  return items.map((t) => t.trim()).find((t) => /DL Math/.test(t)) ?? '';
}
