// End-to-end: a Jupyter notebook answer in a real VS Code. The Markdown cells of
// test/fixtures/workspace/notebook-answer.ipynb are checked together (q is defined in the first cell
// and used in the third), the code cell is not, the Problems view lists the wrong claims of the
// notebook, and a Markdown cell opened for editing shows the underline. Screenshots:
// test-results/e2e/notebookAnswerIsChecked-{problems,cell}.png.
// A second scenario looks at the rendered Persian Markdown cells: VS Code's notebook renderer does
// not read markdown.previewStyles, so DL Math's notebook renderer (extending vscode.markdown-it-renderer)
// keeps every formula there a left-to-right isolate. Screenshot:
// test-results/e2e/notebookPersianCellFormulasLeftToRight-cells.png.
import { expect, waitUntil } from './assert.mjs';

const NOTEBOOK = 'notebook-answer.ipynb';

async function notebookAnswerIsChecked(h) {
  const { page, runCommand, screenshot } = h;
  await openNotebook(h);

  // The Problems view: the notebook's two wrong claims (q^T q is 5, not 6; 4·768·768 is 2359296), none from the code cell.
  await runCommand('View: Focus Problems (Errors, Warnings, Infos)');
  const rows = await waitUntil(page, 'the notebook\'s DL Math problems in the Problems view', async () => {
    const all = (await page.locator('.markers-panel .monaco-list-row').allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, ' '));
    const ours = all.filter((r) => /DL Math/.test(r));
    return ours.length >= 2 ? ours : undefined;
  }, 60_000);
  expect(rows.some((r) => r.includes('2359296')), `no problem gives 4 × 768 × 768 = 2359296: ${rows.join(' | ')}`);
  expect(rows.some((r) => /\b5\b/.test(r) && /6/.test(r)), `no problem says qᵀq is 5, not 6 (q comes from the first cell): ${rows.join(' | ')}`);
  expect(!rows.some((r) => /2 \+ 2/.test(r)), `the code cell was checked: ${rows.join(' | ')}`);
  expect(!rows.some((r) => /\b42\b/.test(r)), `the right claim 6 × 7 = 42 was flagged: ${rows.join(' | ')}`);
  await screenshot('problems');

  // Opening the wrong product's cell for editing shows its underline.
  const row = page.locator('.markers-panel .monaco-list-row').filter({ hasText: '2359296' }).first();
  await row.dblclick();
  const squiggle = page.locator('.notebookOverlay .cell-editor-container .squiggly-error, .notebook-editor .cell-editor-container .squiggly-error');
  await squiggle.first().waitFor({ timeout: 20_000 });
  expect((await squiggle.count()) >= 1, 'no underline in the edited Markdown cell');
  await page.waitForTimeout(300);
  await screenshot('cell');
  await runCommand('View: Hide Panel');
  await page.keyboard.press('Escape');
  await runCommand('View: Revert File').catch(() => {});
}
notebookAnswerIsChecked.timeoutMs = 240_000;

/**
 * Opens the fixture notebook in the notebook editor. A notebook has no text editor for openFile to wait
 * for, and the workbench may show the file as JSON text first: then it is reopened with Jupyter's editor.
 */
async function openNotebook({ openFile, runCommand, pickQuickInput, page }) {
  const notebookEditor = page.locator('.notebookOverlay:visible .cell-list-container').first();
  await openFile(NOTEBOOK).catch(() => {});
  if (!(await notebookEditor.waitFor({ timeout: 15_000 }).then(() => true, () => false))) {
    await runCommand('View: Reopen Editor With...');
    await pickQuickInput('Jupyter Notebook', 'the editor picker');
  }
  await notebookEditor.waitFor({ timeout: 60_000 });
}

/**
 * The notebook's webview frame that shows the rendered Markdown cells, and their formulas: each
 * formula's computed direction and unicode-bidi, and whether it sits in a Persian paragraph. The
 * cells render inside shadow roots, which the walk opens.
 */
async function renderedFormulas(page) {
  for (const frame of page.frames()) {
    if (!/webview/i.test(frame.url())) continue;
    const found = await frame.evaluate(() => {
      const out = [];
      const walk = (root) => {
        for (const k of root.querySelectorAll('.katex')) {
          const p = k.closest('p, li, h1, h2, h3, div');
          const style = getComputedStyle(k);
          out.push({ persian: /[\u0600-\u06ff]/.test(p?.textContent ?? ''), direction: style.direction, bidi: style.unicodeBidi, tex: (k.querySelector('annotation')?.textContent ?? '').slice(0, 40) });
        }
        for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
      };
      walk(document);
      return out;
    }).catch(() => []);
    if (found.length) return found;
  }
  return undefined;
}

async function notebookPersianCellFormulasLeftToRight(h) {
  const { page, runCommand, screenshot } = h;
  await openNotebook(h);
  // the Markdown cells are shown rendered (not in edit mode); their formulas are typeset by markdown-math's KaTeX
  const formulas = await waitUntil(page, 'KaTeX formulas in the notebook\'s rendered Persian Markdown cells', async () => {
    const f = await renderedFormulas(page);
    return f && f.some((x) => x.persian) ? f : undefined;
  }, 60_000);
  const persian = formulas.filter((f) => f.persian);
  process.stdout.write(`  [notebook] ${persian.length} formulas in Persian cells: ${persian.map((f) => `${f.tex} (${f.direction}, ${f.bidi})`).join('; ')}\n`);
  // `$d_k = 4$` and `$4 \times 768 \times 768 = 2357296$` among them
  expect(persian.some((f) => f.tex.includes('d_k')), `no formula d_k = 4 in a Persian cell: ${JSON.stringify(persian)}`);
  const wrong = persian.filter((f) => f.direction !== 'ltr' || f.bidi !== 'isolate');
  expect(wrong.length === 0, `formulas in Persian cells that are not left-to-right isolates (DL Math's notebook renderer did not style them): ${JSON.stringify(wrong)}`);
  await screenshot('cells');
  await runCommand('View: Revert File').catch(() => {});
}
notebookPersianCellFormulasLeftToRight.timeoutMs = 180_000;

export const scenarios = [notebookAnswerIsChecked, notebookPersianCellFormulasLeftToRight];
