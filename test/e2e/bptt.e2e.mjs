// End-to-end: "DL Math: Derive BPTT Expansion…" as a student runs it in code-server. On the Persian
// answer test/fixtures/workspace/bptt-answer.md the cursor goes onto the recurrence, the command runs
// from the palette, each choice is picked with the keyboard (∂L/∂W, loss summed over the steps,
// matrix notation, T = 3), the block appears under the recurrence and the notification says it was
// verified numerically. Then VS Code's own Markdown preview (its built-in markdown-math renders $$ …
// $$ with KaTeX) shows the derivation typeset: KaTeX nodes, no KaTeX error, no raw \begin{aligned}
// left in the page's text. Screenshots: test-results/e2e/bpttDeriveFromPaletteAndPreview-*.png.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, waitUntil, positionOf } from './assert.mjs';

const NAME = 'bptt-answer.md';
const FIXTURE = fileURLToPath(new URL(`../fixtures/workspace/${NAME}`, import.meta.url));

const where = (text, needle, delta = 0) => positionOf(text, needle, delta, NAME);

/** The Markdown preview's page: the webview frame whose document holds the rendered Markdown. */
async function previewFrame(page, timeoutMs = 30_000) {
  return waitUntil(page, 'the Markdown preview webview', async () => {
    for (const frame of page.frames()) {
      if (!/webview/i.test(frame.url())) continue;
      const found = await frame.locator('.markdown-body, #_markdown-content, body.vscode-body h1').count().catch(() => 0);
      if (found) return frame;
    }
    return undefined;
  }, timeoutMs);
}

/**
 * Runs a palette command; in a freshly loaded window the palette may not list the extension's
 * commands for the first second or two, so look again a few times.
 */
async function runListedCommand({ page, runCommand }, title) {
  for (let i = 0; ; i++) {
    try {
      return await runCommand(title);
    } catch (e) {
      if (i >= 5 || !/has no/.test(e.message)) throw e;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000);
    }
  }
}

async function deriveFromPaletteAndPreview(h) {
  const { page, openFile, goTo, runCommand, pickQuickInput, editorText, notifications, screenshot } = h;
  const original = readFileSync(FIXTURE, 'utf8');
  try {
    await openFile(NAME);
    const rec = where(original, 'W h_{t-1} + U x_t', 1);
    await goTo(rec.line, rec.col);

    await runListedCommand(h, 'DL Math: Derive BPTT Expansion…');
    await pickQuickInput('∂L/∂W', 'the target picker');
    await pickQuickInput('Loss summed over the steps', 'the loss picker');
    await pickQuickInput('Matrix notation', 'the notation picker');
    // T: the input box offers 3; type it as a student would and press Enter
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: 10_000 });
    expect((await input.inputValue()) === '3', `the T input box offers "${await input.inputValue()}", expected 3`);
    await input.fill('3');
    await page.keyboard.press('Enter');

    await waitUntil(page, 'the derivation in the editor', async () => (await editorText()).includes('\\begin{aligned}'));
    const note = await waitUntil(page, 'the "numerically verified" notification', async () => (await notifications()).find((n) => /Numerically verified/.test(n)));
    process.stdout.write(`  [bptt] ${note.replace(/\s+/g, ' ')}\n`);
    expect(/max error \d\.\de-\d+/.test(note), `the notification gives no max error: "${note}"`);
    await screenshot('inserted');

    // The unrolled sum is in the editor; now the preview.
    const text = await editorText();
    expect(/D_\{1\} g_\{1\} h_\{0\}\^\{\\top\}/.test(text), 'the unrolled ∂L/∂W (D_1 g_1 h_0ᵀ …) is not in the editor');

    await runCommand('Notifications: Clear All Notifications');
    await runCommand('Markdown: Open Preview to the Side');
    const frame = await previewFrame(page);
    // markdown-math typesets $$…$$ with KaTeX: the recurrence, the derivation and the slip formula at least
    const displays = frame.locator('.katex-display');
    await waitUntil(page, 'KaTeX display math in the preview', async () => (await displays.count()) >= 3, 20_000);
    const errors = await frame.locator('.katex-error').allInnerTexts();
    expect(errors.length === 0, `KaTeX errors in the preview: ${errors.join(' | ')}`);
    // The derivation: the display whose TeX source (KaTeX keeps it in a MathML annotation) is the aligned block.
    const sources = await frame.locator('.katex-display annotation').allTextContents();
    const derivation = sources.findIndex((s) => s.includes('\\begin{aligned}') && s.includes('\\frac{\\partial L}{\\partial W}'));
    expect(derivation >= 0, `no typeset derivation among ${sources.length} display formulas`);
    // No raw LaTeX left in what the student sees (text outside KaTeX's nodes).
    const raw = await frame.evaluate(() => {
      const body = document.body.cloneNode(true);
      body.querySelectorAll('.katex, .katex-display').forEach((e) => e.remove());
      return /\\begin\{aligned\}|\\frac\{|\$\$/.exec(body.textContent ?? '')?.[0] ?? '';
    });
    expect(raw === '', `raw LaTeX "${raw}" is shown in the preview`);
    const block = displays.nth(derivation);
    await block.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await screenshot('preview-side');

    // The whole window for the preview (no side bar, the preview's group maximised) to see the block whole.
    await runCommand('View: Close Primary Side Bar');
    // A double click on the preview's tab maximises its group (workbench.editor.doubleClickTabToToggleEditorGroupSizes).
    const previewTab = page.locator('.tabs-container .tab').filter({ hasText: `Preview ${NAME}` }).first();
    await previewTab.dblclick();
    await page.waitForTimeout(800);
    await block.scrollIntoViewIfNeeded();
    const size = await block.evaluate((e) => ({ shown: Math.round(e.clientWidth), needed: Math.round(e.scrollWidth), rows: e.querySelectorAll('.mtable .col-align-l > .vlist-t > .vlist-r > .vlist > span').length }));
    process.stdout.write(`  [bptt] the preview typesets ${sources.length} display formulas; the derivation is one KaTeX block of ${size.rows} rows, ${size.needed} px wide in ${size.shown} px${size.needed > size.shown ? ' (the widest rows scroll sideways)' : ''}\n`);
    const shot = await screenshot('preview');
    await block.screenshot({ path: join(dirname(shot), h.shotName('preview-derivation')) });
    await previewTab.dblclick();
    await previewTab.click();
    await runCommand('View: Close Editor');
    await runCommand('View: Show Explorer');

    // One undo in the editor removes the block.
    await runCommand('View: Focus Active Editor Group');
    await page.keyboard.press('Control+Z');
    await waitUntil(page, 'undo to remove the derivation', async () => !(await editorText()).includes('\\begin{aligned}'));
  } finally {
    // The web workbench auto-saves: put the fixture back on disk.
    if (readFileSync(FIXTURE, 'utf8') !== original) writeFileSync(FIXTURE, original);
  }
}

export const scenarios = [Object.assign(async function bpttDeriveFromPaletteAndPreview(h) {
  await deriveFromPaletteAndPreview(h);
}, { timeoutMs: 120_000 })];
