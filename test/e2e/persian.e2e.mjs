// End-to-end: a Persian answer as a Persian-speaking student meets it. With `dlmath.messages.language`
// left at `auto`, the answer's Persian prose makes DL Math speak Persian: the hover, the Problems view,
// the panel and the preview's marks are Persian, and every number and formula inside them stays
// left to right (isolated), so `2359296` is never scrambled. Screenshots:
// test-results/e2e/persianAnswerInPersian-{hover,problems,panel,preview}.png.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, waitUntil, positionOf, statusText, webviewFrame, withWorkspaceSettings } from './assert.mjs';

const WORKSPACE = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/workspace');
const FIXTURE = 'editor-answer.md';
const fixtureText = readFileSync(join(WORKSPACE, FIXTURE), 'utf8');

/** Persian script letters. */
const PERSIAN = /[\u0600-\u06FF]/;
/** The first-strong or left-to-right isolate that keeps a value left to right inside Persian text. */
const ISOLATED_VALUE = /[\u2066\u2068][^\u2069]*2359296[^\u2069]*\u2069/;

async function persianAnswerInPersian(h) {
  const { page, openFile, activeEditor, hoverAt, runCommand, goTo, screenshot } = h;
  await withWorkspaceSettings(page, { 'dlmath.messages.language': 'auto' }, async () => {
    await openFile(FIXTURE);
    // the editor may open scrolled where an earlier scenario left it: count the findings on the status bar
    await waitUntil(page, 'the wrong claims to be found and underlined', async () => {
      const status = await statusText(page);
      return /DL Math: 4 wrong of 8/.test(status) && (await activeEditor().locator('.squiggly-error').count()) >= 1;
    });

    // 1. The Problems view: the diagnostics are Persian (the setting has reached them), the values intact.
    await runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const rows = await waitUntil(page, 'Persian DL Math rows in the Problems view', async () => {
      const all = (await page.locator('.markers-panel .monaco-list-row').allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, ' '));
      const ours = all.filter((r) => /DL Math/.test(r) && PERSIAN.test(r));
      return ours.length >= 4 ? ours : undefined;
    });
    const product = rows.find((r) => r.includes('2359296'));
    expect(product !== undefined, `no Persian problem names the right value 2359296: ${rows.join(' | ')}`);
    expect(product.includes('2357296'), `the Persian problem for the product does not quote the written 2357296: "${product}"`);
    await screenshot('problems');
    await runCommand('View: Hide Panel');

    // 2. The hover: Persian heading and label, the right value isolated left to right.
    const { line, col } = positionOf(fixtureText, '2357296', 3, FIXTURE);
    const read = async () => (await page.locator('.monaco-hover-content').allInnerTexts().catch(() => [])).join('\n').replace(/\u00a0/g, ' ');
    /** The hover without its directional marks (the Persian label is an isolate after "DL Math: "). */
    const plain = (t) => t.replace(/[\u2066-\u2069]/g, '');
    let hover = '';
    for (let attempt = 0; attempt < 3 && !/DL Math: نتیجهٔ نادرست/.test(plain(hover)); attempt++) {
      await hoverAt(line, col, { timeoutMs: 10_000 });
      hover = await waitUntil(page, 'the Persian DL Math hover', async () => {
        const t = await read();
        return /DL Math: نتیجهٔ نادرست/.test(plain(t)) ? t : undefined;
      }, 10_000).catch(async () => read());
    }
    expect(/DL Math: نتیجهٔ نادرست/.test(plain(hover)), `the hover is not in Persian: "${hover}"`);
    expect(ISOLATED_VALUE.test(hover), `the right value 2359296 is not isolated left to right in the Persian hover: ${JSON.stringify(hover)}`);
    process.stdout.write(`  [fa] hover: ${hover.replace(/\s+/g, ' ').slice(0, 160)}\n`);
    await screenshot('hover');
    await page.keyboard.press('Escape');

    // 3. The panel: right-to-left page, Persian headings, the finding with the right value typeset.
    await runCommand('DL Math: Open Panel');
    const frame = await webviewFrame(page, 'main#root', 'the DL Math panel');
    await runCommand('View: Focus Active Editor Group');
    await goTo(line, col);
    await frame.locator('#findings .finding').first().waitFor({ timeout: 20_000 });
    const dir = await frame.evaluate(() => document.documentElement.dir);
    expect(dir === 'rtl', `the panel's page is "${dir}", expected rtl for a Persian answer`);
    const headings = await frame.locator('h2').allInnerTexts();
    expect(headings.some((t) => PERSIAN.test(t)), `the panel's headings are not Persian: ${headings.join(' | ')}`);
    const mathDir = await frame.locator('#findings .katex').first().evaluate((e) => getComputedStyle(e.closest('.math') ?? e).direction);
    expect(mathDir === 'ltr', `math in the Persian panel runs ${mathDir}`);
    await page.waitForTimeout(500);
    await screenshot('panel');
    await runCommand('View: Hide Panel');

    // 4. The preview: formulas left to right inside the right-to-left page, the wrong claim marked in Persian.
    await runCommand('View: Focus Active Editor Group');
    await runCommand('Markdown: Open Preview to the Side');
    const preview = await webviewFrame(page, '.katex', 'the Markdown preview with KaTeX');
    const marked = preview.locator('.dlmath-wrong');
    await marked.first().waitFor({ timeout: 20_000 });
    const titles = await marked.evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
    expect(titles.some((t) => PERSIAN.test(t) && t.includes('2359296')), `no Persian mark names 2359296 in the preview: ${titles.join(' | ')}`);
    const directions = await preview.locator('.katex-display').evaluateAll((els) => els.map((e) => getComputedStyle(e).direction));
    expect(directions.length > 0 && directions.every((d) => d === 'ltr'), `display formulas in the Persian preview run: ${directions.join(', ')}`);
    await screenshot('preview');
    await runCommand('View: Close Editor');
  });
}
persianAnswerInPersian.timeoutMs = 150_000;

const BPTT_FIXTURE = 'bptt-answer.md';
const bpttText = readFileSync(join(WORKSPACE, BPTT_FIXTURE), 'utf8');

/**
 * The panel's BPTT preview of a Persian answer is the derivation "Insert into answer" writes, in
 * Persian: right-to-left sentences from the catalog, every formula a left-to-right KaTeX box.
 * Screenshot: test-results/e2e/persianBpttPreviewInPanel-panel-bptt-fa.png.
 */
async function persianBpttPreviewInPanel(h) {
  const { page, openFile, runCommand, goTo, screenshot } = h;
  await withWorkspaceSettings(page, { 'dlmath.messages.language': 'auto' }, async () => {
    await openFile(BPTT_FIXTURE);
    await runCommand('DL Math: Open Panel');
    const frame = await webviewFrame(page, 'main#root', 'the DL Math panel');
    await runCommand('View: Focus Active Editor Group');
    const { line, col } = positionOf(bpttText, 'h_t = \\sigma', 2, BPTT_FIXTURE);
    await goTo(line, col);
    await waitUntil(page, "the recurrence in the panel's BPTT form", async () => (await frame.locator('#bptt textarea').first().inputValue().catch(() => '')).includes('h_t = \\sigma(W h_{t-1}'));
    const details = frame.locator('details#bptt');
    if (!(await details.evaluate((e) => e.open))) await details.locator('summary').click();
    await frame.getByRole('button', { name: 'استخراج' }).first().click();
    const derivation = frame.locator('#bptt .result .derivation');
    await derivation.locator('.katex').first().waitFor({ timeout: 15_000 });
    const seen = await derivation.evaluate((el) => ({
      dir: el.getAttribute('dir'),
      lang: el.getAttribute('lang'),
      sentences: [...el.querySelectorAll('p.sentence')].map((p) => {
        const words = p.cloneNode(true);
        words.querySelectorAll('.math').forEach((m) => m.remove());
        return words.textContent.trim();
      }),
      mathDirections: [...el.querySelectorAll('.katex')].map((k) => getComputedStyle(k.closest('.math') ?? k).direction),
      errors: el.querySelectorAll('.katex-error').length,
    }));
    process.stdout.write(`  [fa] panel derivation: ${seen.sentences.slice(0, 2).join(' | ')}\n`);
    expect(seen.dir === 'rtl' && seen.lang === 'fa', `the panel's derivation is dir=${seen.dir} lang=${seen.lang}, expected rtl fa`);
    expect(seen.sentences.length > 0 && seen.sentences.every((t) => PERSIAN.test(t) && !/[A-Za-z]{3,}/.test(t)), `the derivation's sentences are not Persian: ${seen.sentences.join(' | ')}`);
    expect(seen.mathDirections.length > 0 && seen.mathDirections.every((d) => d === 'ltr'), `formulas in the Persian derivation run: ${seen.mathDirections.join(', ')}`);
    expect(seen.errors === 0, `${seen.errors} KaTeX errors in the panel's derivation`);
    await runCommand('View: Toggle Maximized Panel');
    try {
      await page.waitForTimeout(800);
      await derivation.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.waitForTimeout(500);
      await screenshot('panel-bptt-fa');
    } finally {
      await runCommand('View: Toggle Maximized Panel');
    }
  });
}
persianBpttPreviewInPanel.timeoutMs = 120_000;

export const scenarios = [persianAnswerInPersian, persianBpttPreviewInPanel];
