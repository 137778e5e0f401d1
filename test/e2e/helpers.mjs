// What an end-to-end scenario can do with the workbench, the way a person would: keyboard, mouse,
// what is on screen. scripts/run-code-server-tests.mjs passes these to every scenario together with
// the playwright `page` (see test/e2e/extension.e2e.mjs for how a scenario looks).
//
// Positions are 1-based, as the editor's status bar shows them ("Ln 12, Col 5").
import { join } from 'node:path';

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const slug = (s) => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-|-$/g, '');

export function makeHelpers(page, { url, shotsDir, scenario = 'workbench' }) {
  const shotName = (name) => `${slug(scenario)}-${slug(name)}.png`;
  /** Names the scenario that screenshots belong to (the runner sets it). */
  const setScenario = (name) => { scenario = name; };
  /** List rows whose label (file name, command title) is exactly `label`. */
  const labelled = (rows, label) => rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(label)}\\s*$`) }) });

  /** Opens the workbench on the fixture folder and waits until the explorer shows its files. */
  async function loadWorkbench() {
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  }

  /**
   * Between scenarios: dismiss pickers, close every editor and the panel. Throws if that does not
   * work (e.g. an unsaved editor asks to be saved); the runner then loads a fresh window.
   */
  async function resetWorkbench() {
    for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
    await runCommand('View: Close All Editors');
    await page.locator('.editor-group-container .monaco-editor').first().waitFor({ state: 'detached', timeout: 10_000 });
    if (await page.locator('.part.panel').isVisible()) await runCommand('View: Hide Panel');
    await page.locator('.part.panel').waitFor({ state: 'hidden', timeout: 5_000 });
  }

  /** Saves test-results/e2e/<scenario>-<name>.png and returns its path. */
  async function screenshot(name) {
    const path = join(shotsDir, shotName(name));
    await page.screenshot({ path });
    return path;
  }

  /**
   * Clicks a file of the fixture folder in the explorer (a relative path such as `.vscode/settings.json`
   * expands the folders on the way) and waits for its editor to show text.
   */
  async function openFile(relPath) {
    const parts = relPath.split('/');
    const name = parts.at(-1);
    const rowNamed = (n) => labelled(page.locator('.explorer-folders-view .monaco-list-row'), n).first();
    const row = rowNamed(name);
    try {
      for (let i = 0; i < parts.length - 1; i++) await expandFolder(rowNamed(parts[i]), rowNamed(parts[i + 1]));
      await row.waitFor({ timeout: 10_000 });
    } catch (e) {
      const shown = await page.locator('.explorer-folders-view .monaco-list-row .label-name').allInnerTexts().catch(() => []);
      throw new Error(`the explorer shows no "${relPath}" (it shows: ${shown.join(', ') || 'nothing'}; ${e.message.split('\n')[0]})`);
    }
    await row.click();
    await page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor({ timeout: 20_000 });
    await activeEditor().locator('.view-line').first().waitFor({ timeout: 20_000 });
  }

  /**
   * Expands an explorer folder until `child` shows. While the workbench is still starting, the
   * explorer may refresh and collapse a folder just expanded, or resolve its children slowly: look
   * again every half second, click again when it is collapsed, toggle it when it seems stuck.
   */
  async function expandFolder(folder, child, timeoutMs = 45_000) {
    let expandedSince = 0;
    for (const t0 = Date.now(); Date.now() - t0 < timeoutMs;) {
      if (await child.isVisible()) return;
      const state = await folder.getAttribute('aria-expanded', { timeout: 10_000 });
      if (state !== 'true') {
        await folder.click();
        expandedSince = Date.now();
      } else if (expandedSince && Date.now() - expandedSince > 10_000) {
        await folder.click(); // collapse, and expand again on the next round
        expandedSince = 0;
      } else if (!expandedSince) {
        expandedSince = Date.now();
      }
      await page.waitForTimeout(500);
    }
  }

  /** The visible, focused text editor. */
  function activeEditor() {
    return page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** The text of the visible lines of the active editor. */
  async function editorText() {
    return (await activeEditor().locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  }

  /** Types into the command palette (F1) and runs the entry whose label is exactly `title`. */
  async function runCommand(title, { timeoutMs = 30_000 } = {}) {
    // In a window that has just loaded, extensions' commands reach the palette only once the
    // extension host has registered them: like a person, close the palette and look again.
    for (const t0 = Date.now(); ;) {
      const input = page.locator('.quick-input-widget .quick-input-box input');
      // the palette sometimes opens without taking the keyboard (focus was in a webview or a tab that
      // was just clicked): close it and press F1 again, as a person would
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('F1');
        try {
          await input.waitFor({ timeout: 10_000 });
          await input.fill(`>${title}`, { timeout: 5_000 });
          break;
        } catch (e) {
          if (attempt >= 3) throw e;
          await page.keyboard.press('Escape');
          await page.waitForTimeout(500);
        }
      }
      try {
        await pickQuickInput(title, 'the command palette', { filter: false, waitMs: 5000 });
        return;
      } catch (e) {
        if (!/ has no /.test(e.message) || Date.now() - t0 > timeoutMs) throw e;
        await page.keyboard.press('Escape');
        await page.waitForTimeout(1000);
      }
    }
  }

  /**
   * Accepts the entry labelled exactly `label` in the open quick input (palette, picker): types it
   * into the filter box (unless `filter: false`), then arrow keys and Enter, as a person would.
   */
  async function pickQuickInput(label, what = 'the quick pick', { filter = true, waitMs = 10_000 } = {}) {
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: 10_000 });
    if (filter) await input.fill(label);
    const rows = page.locator('.quick-input-list .monaco-list-row');
    const wanted = labelled(rows, label);
    try {
      await wanted.first().waitFor({ timeout: waitMs });
    } catch {
      const offered = await rows.locator('.label-name').allInnerTexts().catch(() => []);
      throw new Error(`${what} has no "${label}" (it offers: ${offered.slice(0, 10).join(' | ') || 'nothing'})`);
    }
    for (let i = 0; i < 30; i++) {
      const focused = await page.locator('.quick-input-list .monaco-list-row.focused .label-name').first()
        .innerText({ timeout: 2000 }).catch(() => '');
      if (focused.trim() === label) {
        const before = await page.locator('.quick-input-widget .quick-input-box input').inputValue().catch(() => '');
        await page.keyboard.press('Enter');
        // Done when the widget closes or moves on to a next step (a command that asks for more).
        await page.waitForFunction((prev) => {
          const w = document.querySelector('.quick-input-widget');
          const input = w?.querySelector('.quick-input-box input');
          return !w || w.style.display === 'none' || !w.offsetParent || (input && input.value !== prev);
        }, before, { timeout: 10_000 });
        return;
      }
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`could not select "${label}" in ${what}`);
  }

  /** Moves the cursor with "Go to Line/Column" (Ctrl+G). */
  async function goTo(line, col = 1) {
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`:${line}:${col}`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /**
   * Shows the hover at (line, col) with the keyboard chord Ctrl+K Ctrl+I (a mouse move alone does not
   * reliably open it in headless Chromium) and returns its text, or '' if none appears.
   */
  async function hoverAt(line, col, { timeoutMs = 20_000 } = {}) {
    await page.keyboard.press('Escape'); // close a hover still open from before
    await goTo(line, col);
    const t0 = Date.now();
    // A language server that is still starting answers with nothing: ask again every 2 s.
    while (Date.now() - t0 < timeoutMs) {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      const asked = Date.now();
      while (Date.now() - asked < 2000) {
        // Only hovers on screen: closed hover widgets stay in the page, hidden, with their old text.
        const texts = await page.locator('.monaco-hover-content').evaluateAll((els) => els
          .filter((el) => el.checkVisibility({ opacityProperty: false, visibilityProperty: true }))
          .map((el) => el.innerText)).catch(() => []);
        const text = texts.map((t) => t.trim()).filter((t) => t && !/^Loading\.\.\.$/.test(t)).join('\n');
        if (text) return text.replace(/\u00a0/g, ' ');
        await page.waitForTimeout(100);
      }
      await page.keyboard.press('Escape');
    }
    return '';
  }

  /** Shows an output channel through the palette and returns its text (trimmed). */
  async function readOutputChannel(channel, { until, timeoutMs = 10_000 } = {}) {
    await runCommand('Output: Focus on Output View');
    // The channel picker in the Output view's title bar (a <select>); the list of channels is its options.
    const select = page.locator('.part.panel select.monaco-select-box').first();
    await select.waitFor({ timeout: 10_000 });
    let options = [];
    for (const t0 = Date.now(); Date.now() - t0 < timeoutMs;) {
      options = (await select.locator('option').allInnerTexts()).map((o) => o.trim());
      if (options.includes(channel)) break;
      await page.waitForTimeout(250); // an extension creates its channel when it activates
    }
    if (!options.includes(channel)) {
      throw new Error(`there is no output channel "${channel}" (channels: ${options.filter((o) => !/^─+$/.test(o)).join(' | ') || 'none'})`);
    }
    await select.selectOption({ label: channel });
    const view = page.locator('.part.panel .monaco-editor .view-lines').first();
    await view.waitFor({ timeout: 10_000 });
    const t0 = Date.now();
    for (;;) {
      const text = (await view.innerText()).replace(/\u00a0/g, ' ').trim();
      if (!until || until.test(text) || Date.now() - t0 > timeoutMs) return text;
      await page.waitForTimeout(200);
    }
  }

  /** Notification toasts currently shown (their message text). */
  async function notifications() {
    return page.locator('.notification-list-item-message').allInnerTexts();
  }

  /** The versions code-server's Help: About dialog shows, on one line. */
  async function aboutVersion() {
    await runCommand('Help: About');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    const text = (await dialog.innerText()).replace(/\s*\n\s*/g, ' ').trim();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    return /code-server: v\S+ Code: \S+/.exec(text)?.[0] ?? text;
  }

  return { loadWorkbench, resetWorkbench, setScenario, screenshot, shotName, openFile, activeEditor, editorText, runCommand, pickQuickInput, goTo, hoverAt, readOutputChannel, notifications, aboutVersion };
}
