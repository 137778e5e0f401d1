// End-to-end scenarios for the editor surface (issue 4), as a student would meet it in code-server:
// the wrong claims of test/fixtures/workspace/editor-answer.md underlined, the Problems view listing
// them, the hover on the wrong product giving the right value, and a DL Math command from the palette.
// Screenshots: test-results/e2e/<scenario>-<name>.png.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, waitUntil, positionOf, statusText } from './assert.mjs';

const FIXTURE = 'editor-answer.md';
const fixtureText = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../fixtures/workspace', FIXTURE), 'utf8');

const where = (needle, delta = 0) => positionOf(fixtureText, needle, delta, FIXTURE);

/** Texts after the end of lines drawn as `after` decorations (CSS ::after content) in the active editor. */
async function afterDecorations(activeEditor) {
  return activeEditor.locator('.view-line span').evaluateAll((spans) => spans
    .map((s) => getComputedStyle(s, '::after').content)
    .filter((c) => c && c !== 'none' && c !== 'normal'));
}

export const scenarios = [
  async function squigglesAndProblemsCount({ page, openFile, activeEditor, screenshot }) {
    await openFile(FIXTURE);
    const editor = activeEditor();
    const squiggles = await waitUntil(page, 'the wrong claims to be underlined', async () => {
      const errors = await editor.locator('.squiggly-error').count();
      const warnings = await editor.locator('.squiggly-warning').count();
      return errors >= 4 && warnings >= 1 ? { errors, warnings } : undefined;
    });
    await screenshot('squiggles');
    const status = await waitUntil(page, 'the DL Math status bar entry', () => statusText(page));
    // 8 claims by hand: 4 wrong results (−1, 11, 2359296, ۶) and one orientation warning
    expect(/DL Math: 4 wrong of 8/.test(status), `status bar says "${status}", expected "DL Math: 4 wrong of 8"`);
    process.stdout.write(`  [workbench] ${squiggles.errors} error and ${squiggles.warnings} warning squiggles; status bar "${status}"\n`);

    // the status bar entry opens the Problems view
    await page.locator('.part.statusbar .statusbar-item').filter({ hasText: 'DL Math' }).first().click();
    const panel = page.locator('.part.panel .markers-panel');
    await panel.waitFor({ timeout: 10_000 });
    const file = page.locator('.markers-panel .monaco-list-row').filter({ hasText: FIXTURE }).first();
    await file.waitFor({ timeout: 10_000 });
    const fileRow = (await file.innerText()).replace(/\s+/g, ' ');
    expect(/\b5\b/.test(fileRow), `the Problems view's row for ${FIXTURE} does not count 5 problems: "${fileRow}"`);
    const rows = (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    for (const right of ['2359296', '11', '−1', 'column', '6, not 5']) {
      expect(rows.some((r) => r.includes(right) && /DL Math/.test(r)), `no DL Math problem mentioning "${right}" in: ${rows.join(' | ')}`);
    }
    await screenshot('problems');
  },

  async function hoverOnWrongProductShowsRightValue({ page, openFile, hoverAt, screenshot }) {
    await openFile(FIXTURE);
    const { line, col } = where('2357296', 3);
    await hoverAt(line, col, { timeoutMs: 10_000 });
    // the diagnostic's own hover part names the value too; wait for DL Math's hover provider part
    const read = async () => (await page.locator('.monaco-hover-content').allInnerTexts().catch(() => [])).join('\n').replace(/\u00a0/g, ' ');
    const text = await waitUntil(page, 'the DL Math hover ("DL Math: wrong result")', async () => {
      const t = await read();
      return /DL Math: wrong result/.test(t) ? t : undefined;
    }, 10_000).catch(async (e) => { throw new Error(`${e.message}; the hover says "${await read()}"`); });
    expect(/DL Math: wrong result/.test(text), `the hover does not say the result is wrong: "${text}"`);
    // the right value is stated once, by the diagnostic's part of the hover (DL Math's part does not repeat it)
    expect(/= 2359296, not 2357296/.test(text), `the hover on 2357296 (line ${line}) says "${text}", expected the right value 2359296`);
    await screenshot('hover-wrong-product');
  },

  async function paletteCommandsEvaluateAndInsert({ page, openFile, activeEditor, goTo, runCommand, editorText, screenshot }) {
    await openFile(FIXTURE);
    // Evaluate Selection from the palette with the cursor in the wrong product: the value appears after the formula
    const product = where('4 \\times', 1);
    await goTo(product.line, product.col);
    await runCommand('DL Math: Evaluate Selection');
    const shown = await waitUntil(page, 'the inline result "= 2359296"', async () => (await afterDecorations(activeEditor())).find((c) => /2359296/.test(c)));
    process.stdout.write(`  [workbench] inline result: ${shown}\n`);
    await screenshot('evaluate-inline');

    // Insert Result with the default keybinding chord ctrl+alt+m i on the unevaluated fraction
    const frac = where('\\frac{512}{8}', 2);
    await goTo(frac.line, frac.col);
    await page.keyboard.press('Control+Alt+M');
    await page.keyboard.press('I');
    await waitUntil(page, 'the inserted result', async () => (await editorText()).includes('\\frac{512}{8} = 64$'));
    // the inline result is gone after the edit
    await waitUntil(page, 'the inline result to go after the edit', async () => !(await afterDecorations(activeEditor())).some((c) => /2359296/.test(c)), 5000);
    await screenshot('insert-result');
    await page.keyboard.press('Control+Z');
    await waitUntil(page, 'undo to remove the inserted result', async () => !(await editorText()).includes('= 64$'));
  },
];
