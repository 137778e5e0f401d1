// End-to-end: the DL Math side panel in a real VS Code (code-server in Chromium), as a student uses
// it. Opens the panel from the command palette, moves the cursor onto a wrong claim, finds the
// KaTeX-rendered formula and the right value inside the webview's frame, fixes the claim from the
// panel, inserts the transformer calculator's table into the answer, and takes screenshots in a
// light, a dark and a high-contrast theme (test-results/e2e/panel-*.png).
//
// Webviews are nested iframes in code-server: the panel's page is the frame whose URL contains
// "webview" and which holds the panel's <main id="root">.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from './assert.mjs';

const FIXTURE = fileURLToPath(new URL('../fixtures/workspace/panel-answer.md', import.meta.url));

/**
 * The web workbench saves edits by itself (files.autoSave is afterDelay in VS Code for the Web), so a
 * scenario that edits the answer puts the fixture back on disk when it ends.
 */
async function keepingFixture(fn) {
  const original = readFileSync(FIXTURE, 'utf8');
  try {
    return await fn();
  } finally {
    if (readFileSync(FIXTURE, 'utf8') !== original) writeFileSync(FIXTURE, original);
  }
}

/** The frame of the DL Math panel's page. */
async function panelFrame(page, timeoutMs = 30_000) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
  for (const frame of page.frames()) {
    if (!/webview/i.test(frame.url())) continue;
    const found = await frame.locator('main#root').count().catch(() => 0);
    if (found) return frame;
  }
  await page.waitForTimeout(200);
  }
  throw new Error(`no webview frame with the DL Math panel (frames: ${page.frames().map((f) => f.url().slice(0, 80)).join(' | ')})`);
}

/** The LaTeX sources of the KaTeX nodes under `selector` (KaTeX keeps them in a MathML annotation). */
async function texts(frame, selector) {
  return frame.locator(`${selector} .katex annotation`).allTextContents();
}

/** The panel replaces the explorer in the side bar; file helpers need the explorer back. */
async function showExplorer({ runCommand }) {
  await runCommand('View: Show Explorer');
}

/** Picks a colour theme; returns the theme that was active (the picker opens focused on it). */
async function setTheme({ page, runCommand, pickQuickInput }, theme) {
  await runCommand('Preferences: Color Theme');
  const current = await page.locator('.quick-input-list .monaco-list-row.focused .label-name').first().innerText({ timeout: 5_000 }).catch(() => '');
  await pickQuickInput(theme, 'the color theme picker');
  return current.trim();
}

/** Gives the editor the keyboard (focus may be in the panel), then goes to (line, col). */
async function focusEditor({ runCommand }) {
  await runCommand('View: Focus Active Editor Group');
}
async function focusEditorAt(h, line, col) {
  await focusEditor(h);
  await h.goTo(line, col);
}

const RIGHT = '\\begin{bmatrix} -2 \\\\ 3 \\\\ 0 \\end{bmatrix}';

async function panelFollowsCursorFixesAndInserts(h) {
  await keepingFixture(() => followFixInsert(h));
}

async function followFixInsert(h) {
  const { page, openFile, runCommand, editorText, screenshot } = h;
  await showExplorer(h);
  await openFile('panel-answer.md');
  await runCommand('DL Math: Open Panel');
  const frame = await panelFrame(page);
  await frame.locator('#document').waitFor({ timeout: 20_000 });
  // the panel opens in the area below the editor: the Explorer stays where it was, both visible
  await page.locator('.part.panel').waitFor({ state: 'visible', timeout: 10_000 });
  expect(await page.locator('.part.sidebar .explorer-folders-view').isVisible(), 'the Explorer is still shown beside the panel');
  await screenshot('beside-explorer');

  // the cursor on prose: the panel asks for a formula
  await focusEditorAt(h, 9, 3);
  await frame.locator('#formula .empty').waitFor({ timeout: 10_000 });

  // one keypress down (line 9 → 11 needs two) onto the wrong claim: measure until the formula is typeset
  await page.keyboard.press('ArrowDown');
  await page.waitForTimeout(300);
  const t0 = Date.now();
  await page.keyboard.press('ArrowDown');
  await frame.waitForFunction(() => !!document.querySelector('#formula .math.display .katex'), undefined, { timeout: 10_000, polling: 'raf' });
  const seen = Date.now() - t0;
  const { updateAt, renderMs } = await frame.evaluate(() => ({ ...document.body.dataset }));
  process.stdout.write(`  [panel] keypress → update drawn in the webview after ${Number(updateAt) - t0} ms (drawing took ${renderMs} ms; the test saw it after ${seen} ms)\n`);
  // later moves, with KaTeX's fonts loaded: keypress → the webview has drawn the update (its own clock)
  const moves = [];
  for (let i = 0; i < 6; i++) {
    const before = await frame.evaluate(() => document.body.dataset.updateAt);
    const t1 = Date.now();
    await page.keyboard.press(i % 2 ? 'ArrowUp' : 'ArrowDown');
    await frame.waitForFunction((b) => document.body.dataset.updateAt !== b, before, { timeout: 5_000 });
    moves.push(Number(await frame.evaluate(() => document.body.dataset.updateAt)) - t1);
    await page.waitForTimeout(150);
  }
  process.stdout.write(`  [panel] later cursor moves → update drawn: ${moves.join(', ')} ms\n`);
  await focusEditorAt(h, 11, 30);
  await frame.locator('li.finding.error').waitFor({ timeout: 5_000 });

  const typeset = await texts(frame, '#formula .math.display');
  expect(typeset[0] === 'scores = K q = \\begin{bmatrix} -2 \\\\ 3 \\\\ 5 \\end{bmatrix}', `the panel typesets "${typeset[0]}"`);
  const katexNodes = await frame.locator('.katex').count();
  expect(katexNodes >= 5, `only ${katexNodes} KaTeX nodes in the panel`);
  // the value of K q and the right value of the claim, rendered
  const focus = await texts(frame, '.focus');
  expect(focus.includes(RIGHT), `the value shown is ${JSON.stringify(focus)}, expected ${RIGHT}`);
  const finding = frame.locator('li.finding.error');
  await finding.waitFor({ timeout: 5_000 });
  const findingMath = await texts(frame, 'li.finding.error');
  expect(findingMath.includes(RIGHT), `the finding shows ${JSON.stringify(findingMath)}`);
  const message = await finding.locator('.finding-head').innerText();
  expect(/Kq = \[−2; 3; 0\], not \[−2; 3; 5\]/.test(message), `finding message: "${message}"`);
  // KaTeX's fonts are served from the extension (no network): the glyphs use KaTeX_Main
  const font = await frame.locator('#formula .katex .mord').first().evaluate((e) => getComputedStyle(e).fontFamily);
  expect(/KaTeX/.test(font), `KaTeX font not applied: ${font}`);
  const fontsLoaded = await frame.evaluate(async () => { await document.fonts.ready; return [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family); });
  expect(fontsLoaded.some((f) => /KaTeX/.test(f)), `no KaTeX font loaded: ${fontsLoaded.join(', ')}`);
  await screenshot('formula');

  // the fix button: keyboard-focusable, and clicking it writes the right value into the answer
  const fix = finding.locator('button.fix');
  expect(/right value/.test(await fix.innerText()), `fix button says "${await fix.innerText()}"`);
  await fix.focus();
  await page.keyboard.press('Enter');
  for (let i = 0; i < 50 && !(await editorText()).includes('3 \\\\ 0 \\end{bmatrix}$$'); i++) await page.waitForTimeout(100);
  const fixed = await editorText();
  expect(fixed.includes('scores = K q = \\begin{bmatrix} -2 \\\\ 3 \\\\ 0 \\end{bmatrix}$$'), 'the fix was not written into the answer');
  await frame.locator('#findings .empty').waitFor({ timeout: 10_000 });

  // the transformer calculator: count, then insert at the cursor (end of the answer)
  await focusEditorAt(h, 30, 1);
  await frame.locator('#transformer summary').click();
  await frame.getByRole('button', { name: 'Count parameters' }).click();
  const total = frame.locator('#transformer [data-total]');
  await total.waitFor({ timeout: 10_000 });
  expect((await total.innerText()) === '124,439,808', `total shown: ${await total.innerText()}`);
  await frame.locator('button[data-insert="transformer"]').click();
  let after = '';
  // the editor shows the table's first rows (the panel below it leaves the total row out of view):
  // the token embedding of GPT-2, 50257 × 768 = 38,597,376
  for (let i = 0; i < 50; i++) {
    after = await editorText();
    if (after.includes('38,597,376')) break;
    await page.waitForTimeout(100);
  }
  expect(after.includes('38,597,376') && after.includes('50257'), 'the table was not inserted into the answer');
  await screenshot('inserted');

  // undo both edits as a student would (one undo each), and leave the explorer for the next scenario
  await focusEditor(h);
  await page.keyboard.press('Control+Z');
  await page.keyboard.press('Control+Z');
  // the editor applies the undos asynchronously; its text is read until it is back (or 5 s)
  const restored = (t) => !t.includes('38,597,376') && t.includes('\\\\ 3 \\\\ 5 \\end{bmatrix}');
  let undone = await editorText();
  for (let i = 0; i < 25 && !restored(undone); i++) {
    await page.waitForTimeout(200);
    undone = await editorText();
  }
  expect(restored(undone), 'two undos did not restore the answer');
  await showExplorer(h);
}

async function panelInLightDarkAndHighContrastThemes(h) {
  const { page, openFile, runCommand, screenshot } = h;
  await showExplorer(h);
  await openFile('panel-answer.md');
  await runCommand('DL Math: Open Panel');
  const frame = await panelFrame(page);
  await focusEditorAt(h, 7, 40);
  await frame.locator('#formula .math.display .katex').first().waitFor({ timeout: 10_000 });
  const open = async () => {
    for (const id of ['bptt', 'transformer']) {
      const d = frame.locator(`details#${id}`);
      if (!(await d.evaluate((e) => e.open))) await d.locator('summary').click();
    }
  };
  let original = '';
  try {
    for (const [theme, name] of [['Light Modern', 'light'], ['Dark Modern', 'dark'], ['Dark High Contrast', 'high-contrast']]) {
      const was = await setTheme(h, theme);
      original ||= was;
      await page.waitForTimeout(800);
      const f = await panelFrame(page);
      const colour = await f.evaluate(() => getComputedStyle(document.body).color);
      const bg = await f.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background'));
      process.stdout.write(`  [panel] ${theme}: text ${colour}, editor background ${bg.trim()}\n`);
      await f.evaluate(() => window.scrollTo(0, 0));
      await screenshot(`${name}-variables`);
      // a large matrix: only its corners
      await focusEditorAt(h, 17, 10);
      await f.locator('#formula .meta .elided').first().waitFor({ timeout: 10_000 });
      await f.evaluate(() => window.scrollTo(0, 0));
      await screenshot(`${name}-elided`);
      await focusEditorAt(h, 21, 10);
      await f.locator('#formula .math.display .katex').first().waitFor({ timeout: 10_000 });
      if (name === 'light') {
        await open();
        await f.getByRole('button', { name: 'Derive' }).click();
        await f.locator('#bptt .result .katex').first().waitFor({ timeout: 10_000 });
        await f.evaluate(() => document.getElementById('bptt')?.scrollIntoView());
        await screenshot(`${name}-bptt`);
      }
      await focusEditorAt(h, 7, 40);
    }
  } finally {
    if (original) await setTheme(h, original).catch(() => {});
    await showExplorer(h).catch(() => {});
  }
}
panelFollowsCursorFixesAndInserts.timeoutMs = 150_000;
panelInLightDarkAndHighContrastThemes.timeoutMs = 180_000;

export const scenarios = [panelFollowsCursorFixesAndInserts, panelInLightDarkAndHighContrastThemes];
