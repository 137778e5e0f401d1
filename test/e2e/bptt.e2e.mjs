// End-to-end: "DL Math: Derive BPTT Expansion…" as a student runs it in code-server. On the Persian
// answer test/fixtures/workspace/bptt-answer.md the cursor goes onto the recurrence, the command runs
// from the palette, each choice is picked with the keyboard (∂L/∂W, loss summed over the steps,
// matrix notation, T = 3), the derivation appears under the recurrence, in Persian sentences between
// its formula blocks, and the notification says it was verified numerically. Then VS Code's own
// Markdown preview (its built-in markdown-math renders $…$ and $$…$$ with KaTeX) shows the derivation
// typeset: KaTeX nodes, no KaTeX error, no raw \begin{aligned} left in the page's text, the Persian
// sentences' formulas left to right; and with the preview 420 px wide every formula fits (no block
// wider than the page, no sideways scrolling). Screenshots:
// test-results/e2e/bpttDeriveFromPaletteAndPreview-*.png (preview-420: the Persian derivation whole).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, waitUntil, positionOf, withWorkspaceSettings } from './assert.mjs';

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

const VIEWPORT = { width: 1400, height: 900 };

/**
 * Resizes the window until the preview's page is `target` px wide. The editor groups share a change
 * of the window's width, so each step aims by the slope measured on the last one.
 */
async function setPreviewWidth(page, frame, target) {
  const inner = () => frame.evaluate(() => document.documentElement.clientWidth);
  let width = page.viewportSize()?.width ?? VIEWPORT.width;
  let shown = await inner();
  let slope = 0.5;
  for (let i = 0; i < 6 && Math.abs(shown - target) > 2; i++) {
    const next = Math.max(500, Math.round(width + (target - shown) / slope));
    await page.setViewportSize({ width: next, height: VIEWPORT.height });
    await page.waitForTimeout(800);
    const now = await inner();
    if (next !== width && now !== shown) slope = Math.max(0.2, Math.min(1, (now - shown) / (next - width)));
    width = next;
    shown = now;
  }
  return shown;
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

    // The whole derivation is longer than the editor shows: read it from disk (the web workbench saves by itself).
    const text = await waitUntil(page, 'the derivation saved to disk', async () => {
      const t = readFileSync(FIXTURE, 'utf8');
      return t.includes('\\begin{aligned}') ? t : undefined;
    }, 20_000);
    expect(/D_\{1\} g_\{1\} h_\{0\}\^\{\\top\}/.test(text), 'the unrolled ∂L/∂W (D_1 g_1 h_0ᵀ …) is not in the answer');
    // a Persian answer gets Persian sentences, each formula in them its own $…$, and no English prose in \text{}
    expect(text.includes('\n\nبازشده برای $T = 3$:\n\n'), 'the Persian sentence "بازشده برای $T = 3$:" is not in the answer');
    expect(!/\\text\{(Unrolled|Layout|Vanishing)/.test(text), 'English \\text{…} prose was inserted into the Persian answer');

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

    // The Persian sentences of the derivation: Persian paragraphs whose formulas stay left to right.
    const persian = await frame.evaluate(() => [...document.querySelectorAll('p')]
      .filter((p) => p.textContent.includes('بازشده برای') && p.querySelector('.katex'))
      .map((p) => ({ text: p.textContent.slice(0, 40), directions: [...p.querySelectorAll('.katex')].map((k) => getComputedStyle(k).direction) })));
    expect(persian.length >= 1, 'no Persian sentence of the derivation ("بازشده برای …") with a formula in the preview');
    expect(persian.every((p) => p.directions.every((d) => d === 'ltr')), `a formula in a Persian sentence is not left to right: ${JSON.stringify(persian)}`);

    // The preview 420 px wide, as beside an editor on a laptop: every formula fits, nothing scrolls sideways.
    await runCommand('View: Close Primary Side Bar');
    const shown = await setPreviewWidth(page, frame, 420);
    expect(Math.abs(shown - 420) <= 4, `could not make the preview 420 px wide (it is ${shown} px)`);
    await block.scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    const fit = await frame.evaluate(() => {
      const root = document.scrollingElement ?? document.documentElement;
      const blocks = [...document.querySelectorAll('.katex-display')].map((d) => ({
        tex: (d.querySelector('annotation')?.textContent ?? '').replace(/\s+/g, ' ').slice(0, 60),
        width: Math.ceil(d.querySelector('.katex').getBoundingClientRect().width),
        room: d.clientWidth,
      }));
      return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, blocks };
    });
    const widest = fit.blocks.reduce((a, b) => (b.width > a.width ? b : a), { width: 0, room: 0, tex: '' });
    process.stdout.write(`  [bptt] the preview is ${fit.clientWidth} px wide and typesets ${fit.blocks.length} display formulas; the widest is ${widest.width} px in ${widest.room} px (${widest.tex}…); the page scrolls ${fit.scrollWidth - fit.clientWidth} px sideways\n`);
    const over = fit.blocks.filter((b) => b.width > b.room + 1);
    expect(over.length === 0, `formulas wider than the 420 px preview: ${over.map((b) => `${b.width} px > ${b.room} px: ${b.tex}`).join(' | ')}`);
    expect(fit.scrollWidth <= fit.clientWidth, `the 420 px preview scrolls sideways: ${fit.scrollWidth} px of content in ${fit.clientWidth} px`);
    const shot = await screenshot('preview-420');
    await frame.locator('body').screenshot({ path: join(dirname(shot), h.shotName('preview-derivation')) }).catch(() => {});
    await page.setViewportSize(VIEWPORT);
    await page.waitForTimeout(500);
    const previewTab = page.locator('.tabs-container .tab').filter({ hasText: `Preview ${NAME}` }).first();
    await previewTab.click();
    await runCommand('View: Close Editor');
    await runCommand('View: Show Explorer');

    // One undo in the editor removes the block.
    await runCommand('View: Focus Active Editor Group');
    await page.keyboard.press('Control+Z');
    await waitUntil(page, 'undo to remove the derivation', async () => !(await editorText()).includes('\\begin{aligned}'));
  } finally {
    await page.setViewportSize(VIEWPORT).catch(() => {});
    // The web workbench auto-saves: put the fixture back on disk.
    if (readFileSync(FIXTURE, 'utf8') !== original) writeFileSync(FIXTURE, original);
  }
}

export const scenarios = [Object.assign(async function bpttDeriveFromPaletteAndPreview(h) {
  // the harness's user settings pin English messages; a student's default (`auto`) follows the answer's Persian prose
  await withWorkspaceSettings(h.page, { 'dlmath.messages.language': 'auto' }, () => deriveFromPaletteAndPreview(h));
}, { timeoutMs: 180_000 })];
