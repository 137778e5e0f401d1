// End-to-end: wrong derivation steps (issue 14) as a student meets them in code-server, on
// test/fixtures/workspace/steps-answer.md: a wrong closed form of h_t = n_t − h_{t−1} and a wrong
// cross-entropy gradient step. The hover shows the counterexample as a table (each name and its value,
// then the two sides; ŷ written as ŷ), the panel shows the same table, and the quick fix writes the
// closed form derived from the recurrence, after which that step is no longer underlined.
// Screenshots: test-results/e2e/<scenario>-<name>.png.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, waitUntil, positionOf, statusText, webviewFrame, withWorkspaceSettings } from './assert.mjs';

const FIXTURE = 'steps-answer.md';
const fixtureText = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../fixtures/workspace', FIXTURE), 'utf8');
const where = (needle, delta = 0) => positionOf(fixtureText, needle, delta, FIXTURE);
const CLOSED_FORM = '\\sum_{i=1}^{T} (-1)^{T-i} n_{i} + (-1)^{T} h_{0}';

/** The rows of the visible hover's tables, each row's cells as text. */
async function hoverTableRows(page) {
  return page.locator('.monaco-hover-content').evaluateAll((els) =>
    els
      .filter((el) => el.checkVisibility({ opacityProperty: false, visibilityProperty: true }))
      .flatMap((el) => Array.from(el.querySelectorAll('table tr')))
      .map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => c.textContent.replace(/[\u00a0\u2066-\u2069]/g, ' ').trim())),
  );
}

/**
 * Waits until the editor shows `test(n)` warning squiggles and returns n (a wrapped long line may draw
 * one finding as two squiggles, so scenarios compare counts rather than expect exact ones).
 */
async function waitForWarnings(page, activeEditor, what, test) {
  return waitUntil(page, what, async () => {
    const n = await activeEditor().locator('.squiggly-warning').count();
    return test(n) ? n : undefined;
  });
}

async function hoverTableAt(h, needle, delta, what) {
  const { page, hoverAt } = h;
  const { line, col } = where(needle, delta);
  let rows = [];
  for (let attempt = 0; attempt < 3 && !rows.some((r) => r[0] === 'right side'); attempt++) {
    await hoverAt(line, col, { timeoutMs: 10_000 });
    rows = await waitUntil(page, `the counterexample table in the hover on ${what}`, async () => {
      const r = await hoverTableRows(page);
      return r.some((x) => x[0] === 'right side') ? r : undefined;
    }, 10_000).catch(async () => hoverTableRows(page));
  }
  return rows;
}

const MATRIX_FIXTURE = 'matrix-steps-answer.md';
const matrixText = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../fixtures/workspace', MATRIX_FIXTURE), 'utf8');

/**
 * A Persian answer with declared shapes: the gradient ∂L/∂W written with the sign turned is underlined
 * (the right ∂L/∂x is not), and the hover, in Persian, shows the sizes drawn and the entry's two sides.
 */
async function persianMatrixGradientHover(h) {
  const { page, openFile, activeEditor, hoverAt, screenshot } = h;
  await withWorkspaceSettings(page, { 'dlmath.messages.language': 'auto' }, async () => {
    await openFile(MATRIX_FIXTURE);
    await waitUntil(page, 'the wrong gradient to be counted on the status bar', async () => ((await statusText(page)).includes('DL Math: 1 warning') ? true : undefined));
    const n = await waitForWarnings(page, activeEditor, 'the wrong gradient to be underlined', (k) => k >= 1);
    expect(n <= 2, `${n} warning squiggles: only the gradient by W is wrong`);
    const { line, col } = positionOf(matrixText, '(y - W x)', 2, MATRIX_FIXTURE);
    const plain = (t) => t.replace(/[\u00a0]/g, ' ').replace(/[\u2066-\u2069]/g, '');
    let rows = [];
    let text = '';
    for (let attempt = 0; attempt < 3 && !rows.some((r) => r[0] === 'سمت راست'); attempt++) {
      await hoverAt(line, col, { timeoutMs: 10_000 });
      rows = await waitUntil(page, 'the Persian counterexample table', async () => {
        const r = await hoverTableRows(page);
        return r.some((x) => x[0] === 'سمت راست') ? r : undefined;
      }, 10_000).catch(async () => hoverTableRows(page));
      text = plain((await page.locator('.monaco-hover-content').allInnerTexts().catch(() => [])).join('\n'));
    }
    expect(/DL Math: گام نادرست/.test(text), `the hover is not the Persian wrong step: "${text}"`);
    const names = rows.slice(1, -2).map((r) => r[0]);
    expect(names.includes('m') && names.includes('n'), `the table does not name the sizes drawn: ${JSON.stringify(rows)}`);
    const sides = rows.slice(-2);
    expect(sides[0][0] === 'سمت چپ' && sides[1][0] === 'سمت راست' && sides[0][1] !== sides[1][1], `the last rows are ${JSON.stringify(sides)}`);
    process.stdout.write(`  [steps] matrix hover: ${rows.map((r) => r.join(' = ')).join('; ')}\n`);
    await screenshot('hover');
    await page.keyboard.press('Escape');
  });
}

export const scenarios = [
  persianMatrixGradientHover,
  async function hoverOnWrongStepShowsCounterexampleTable(h) {
    const { page, openFile, activeEditor, screenshot } = h;
    await openFile(FIXTURE);
    await waitForWarnings(page, activeEditor, 'the two wrong steps to be underlined', (n) => n >= 2);
    // no numeric claim here: the status bar counts the warnings instead of "0 wrong of 0"
    const status = await waitUntil(page, 'the status bar to count the two warnings', async () => ((await statusText(page)).includes('DL Math: 2 warnings') ? statusText(page) : undefined));
    expect(!/wrong of/.test(status), `status bar says "${status}"`);

    // the closed form: T, n_1 and h_0 drawn, then the two sides
    const rows = await hoverTableAt(h, 'h_T = \\sum', 1, 'h_T = …');
    const text = await page.locator('.monaco-hover-content').allInnerTexts().then((t) => t.join('\n'));
    expect(/DL Math: wrong step/.test(text), `the hover does not say "DL Math: wrong step": "${text}"`);
    expect(JSON.stringify(rows[0]) === JSON.stringify(['name', 'value']), `the table's header is ${JSON.stringify(rows[0])}`);
    const names = rows.slice(1, -2).map((r) => r[0]);
    expect(JSON.stringify(names) === JSON.stringify(['T', 'n_1', 'h_0']), `the table's names are ${JSON.stringify(names)}`);
    const sides = rows.slice(-2);
    expect(sides[0][0] === 'left side' && sides[1][0] === 'right side', `the last rows are ${JSON.stringify(sides)}`);
    expect(sides.every((r) => /^−?\d/.test(r[1])) && sides[0][1] !== sides[1][1], `the sides' values are ${JSON.stringify(sides)}`);
    process.stdout.write(`  [steps] hover table: ${rows.map((r) => r.join(' = ')).join('; ')}\n`);
    await screenshot('hover-closed-form');

    // the gradient: ŷ written as ŷ, never \hat y
    const grad = await hoverTableAt(h, 'g = -\\sum_{i=1}^n (y_i', 1, 'the gradient step');
    const gnames = grad.slice(1, -2).map((r) => r[0]);
    expect(gnames.includes('ŷ_1') && !gnames.some((n) => /hat/.test(n)), `the gradient's names are ${JSON.stringify(gnames)}`);
    await screenshot('hover-gradient');
    await page.keyboard.press('Escape');
  },

  async function panelShowsCounterexampleTable({ page, openFile, activeEditor, runCommand, goTo, screenshot }) {
    await openFile(FIXTURE);
    await waitForWarnings(page, activeEditor, 'the two wrong steps to be underlined', (n) => n >= 2);
    await runCommand('DL Math: Open Panel');
    const frame = await webviewFrame(page, 'main#root', 'the DL Math panel');
    await runCommand('View: Focus Active Editor Group');
    const { line, col } = where('h_T = \\sum', 1);
    await goTo(line, col);
    const table = frame.locator('#findings table.counterexample').first();
    await table.waitFor({ timeout: 20_000 });
    // the panel follows the cursor: until it has moved to the closed form it may still show the step it was on
    let rows = [];
    const wanted = ['T', 'n_1', 'h_0', 'left side', 'right side'];
    const shown = await waitUntil(page, 'the panel to show the closed form\'s counterexample', async () => {
      rows = await table.locator('tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => c.textContent.trim()))).catch(() => []);
      const names = rows.filter((r) => r.length === 2).map((r) => r[0]);
      return wanted.every((n) => names.includes(n));
    }, 20_000).catch(() => false);
    expect(shown, `the panel's table rows are ${JSON.stringify(rows)}`);
    const fix = frame.locator('#findings button.fix').first();
    expect((await fix.count()) === 1 && /closed form/.test(await fix.innerText()), 'the panel offers the closed form as a fix');
    await page.waitForTimeout(500);
    await screenshot('panel');
    await runCommand('View: Hide Panel');
  },

  async function quickFixWritesDerivedClosedForm({ page, openFile, activeEditor, goTo, runCommand, editorText, screenshot }) {
    await openFile(FIXTURE);
    const before = await waitForWarnings(page, activeEditor, 'the two wrong steps to be underlined', (n) => n >= 2);
    const { line, col } = where('h_T = \\sum', 1);
    await goTo(line, col);
    await runCommand('Quick Fix...');
    const item = page.locator('.action-widget .monaco-list-row').filter({ hasText: 'Replace with the closed form' }).first();
    await item.waitFor({ timeout: 10_000 });
    await screenshot('quick-fix-menu');
    // the menu opens with its first row focused (a mouse click may land while the widget still moves)
    // (its first row is the 'Quick Fix' heading)
    const rows = (await page.locator('.action-widget .monaco-list-row').allInnerTexts()).filter((r) => r.trim() !== 'Quick Fix');
    if (!rows[0]?.includes('Replace with the closed form')) throw new Error(`the closed-form fix is not the first quick fix: ${rows.join(' | ')}`);
    await page.keyboard.press('Enter');
    await waitUntil(page, 'the derived closed form in the answer', async () => (await editorText()).includes(CLOSED_FORM));
    // the fixed step is silent; the gradient's wrong step is still underlined
    await waitForWarnings(page, activeEditor, 'the fixed step to lose its underline, the gradient step to keep it', (n) => n >= 1 && n < before);
    await screenshot('quick-fix-applied');
    await page.keyboard.press('Control+Z');
    await waitUntil(page, 'undo to bring back the written closed form', async () => !(await editorText()).includes(CLOSED_FORM));
  },
];
