// End-to-end scenarios for shapes and counts (issue 5), as a student meets them in code-server:
// hovering the attention formula of test/fixtures/workspace/shapes-answer.md shows the shape flow
// with the answer's numbers, hovering a tensor shape shows its size in memory, and the Transformer
// Calculator from the palette inserts GPT-2 small's table. Screenshots: test-results/e2e/.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, waitUntil, positionOf, withWorkspaceSettings } from './assert.mjs';

const FIXTURE = 'shapes-answer.md';
const fixtureText = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../fixtures/workspace', FIXTURE), 'utf8');

const where = (needle, delta = 0) => positionOf(fixtureText, needle, delta, FIXTURE);

const hoverTexts = async (page) => (await page.locator('.monaco-hover-content').allInnerTexts().catch(() => [])).join('\n').replace(/\u00a0/g, ' ');

export const scenarios = [
  async function hoverOnAttentionShowsShapeFlow({ page, openFile, hoverAt, screenshot }) {
    await openFile(FIXTURE);
    const { line, col } = where('\\mathrm{softmax}\\left(\\frac{QK^T', 3);
    await hoverAt(line, col, { timeoutMs: 10_000 });
    const text = await waitUntil(page, 'the attention shapes hover', async () => {
      const t = await hoverTexts(page);
      return /attention shapes/.test(t) ? t : undefined;
    }, 10_000).catch(async (e) => { throw new Error(`${e.message}; the hover says "${await hoverTexts(page)}"`); });
    for (const want of [/QKᵀ: \(n×d_head\)·\(d_head×n\) → n×n = \(2048×64\)·\(64×2048\) → 2048×2048/, /√d_head = 8/, /softmax over each row/, /→ n×d_head = \(2048×2048\)·\(2048×64\) → 2048×64/]) {
      expect(want.test(text), `the hover on the attention formula (line ${line}) lacks ${want}: "${text}"`);
    }
    process.stdout.write(`  [workbench] attention hover: ${text.split('\n').filter(Boolean).slice(0, 2).join(' / ')}\n`);
    await screenshot('hover-attention');
  },

  // the same hover for a student who reads DL Math in Persian: the steps are Persian sentences, the
  // shapes and numbers in them left-to-right islands
  async function hoverOnAttentionInPersian({ page, openFile, hoverAt, screenshot }) {
    await withWorkspaceSettings(page, { 'dlmath.messages.language': 'fa' }, async () => {
      await openFile(FIXTURE);
      const { line, col } = where('\\mathrm{softmax}\\left(\\frac{QK^T', 3);
      const plain = (t) => t.replace(/[\u2066-\u2069]/g, '');
      let text = '';
      for (let attempt = 0; attempt < 3 && !/ابعاد توجه/.test(plain(text)); attempt++) {
        await page.keyboard.press('Escape');
        await hoverAt(line, col, { timeoutMs: 10_000 });
        text = await waitUntil(page, 'the Persian attention shapes hover', async () => {
          const t = await hoverTexts(page);
          return /ابعاد توجه/.test(plain(t)) && /softmax روی هر سطر/.test(plain(t)) ? t : undefined;
        }, 10_000).catch(async () => hoverTexts(page));
      }
      const p = plain(text);
      expect(/softmax روی هر سطر/.test(p), `the Persian hover on the attention formula (line ${line}) has no Persian step: "${text}"`);
      expect(/تقسیم بر √d_head = 8/.test(p), `the Persian hover lacks the scaling step with √d_head = 8: "${text}"`);
      expect(!/over each row|divided by|keeps/.test(p), `an English step in the Persian hover: "${text}"`);
      // inside a Persian sentence a shape is a left-to-right island (a product's step is shapes only, not a sentence)
      expect(/\u2066n×n \(2048×2048\)\u2069 را نگه می‌دارد/.test(text), `the shape n×n (2048×2048) is not isolated left to right in the Persian hover: ${JSON.stringify(text)}`);
      process.stdout.write(`  [fa] attention hover: ${p.split('\n').filter((l) => /softmax/.test(l)).slice(0, 2).join(' / ')}\n`);
      await screenshot('hover-attention-fa');
      await page.keyboard.press('Escape');
    });
  },

  async function hoverOnTensorShapeShowsMemory({ page, openFile, hoverAt, screenshot }) {
    await openFile(FIXTURE);
    const { line, col } = where('(32, 2048, 768)', 2);
    await hoverAt(line, col, { timeoutMs: 10_000 });
    const text = await waitUntil(page, 'the tensor shape hover', async () => {
      const t = await hoverTexts(page);
      return /50,331,648/.test(t) ? t : undefined;
    }, 10_000).catch(async (e) => { throw new Error(`${e.message}; the hover says "${await hoverTexts(page)}"`); });
    expect(/50,331,648 values = 192 MiB in fp32/.test(text), `the hover on (32, 2048, 768) says "${text}"`);
    await screenshot('hover-tensor-shape');
  },

  async function calculatorFromPaletteInsertsTable({ page, openFile, goTo, pickQuickInput, editorText, screenshot }) {
    await openFile(FIXTURE);
    const lines = fixtureText.split('\n').length;
    await goTo(lines, 1);
    // typed without the ellipsis, as a person would; the entry's label has it
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill('>DL Math: Transformer Calculator');
    await pickQuickInput('DL Math: Transformer Calculator…', 'the command palette', { filter: false });
    // the picker offers the sizes declared above the cursor first, then the presets
    const rows = page.locator('.quick-input-widget .monaco-list-row');
    await rows.filter({ hasText: 'GPT-2 small' }).first().waitFor({ timeout: 10_000 });
    const labels = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    expect(/From the formulas around the cursor/.test(labels[0] ?? ''), `the first entry is not the answer's own sizes: ${labels.join(' | ')}`);
    expect(labels.some((l) => /BERT-base/.test(l)) && labels.some((l) => /Custom/.test(l)), `presets missing: ${labels.join(' | ')}`);
    await screenshot('calculator-presets');
    await pickQuickInput('GPT-2 small', 'the calculator presets');
    await waitUntil(page, 'the inserted table with GPT-2 small’s total', async () => /124,439,808/.test(await editorText()));
    await screenshot('calculator-table');
    await page.keyboard.press('Control+Z');
    await waitUntil(page, 'undo to remove the table', async () => !/124,439,808/.test(await editorText()), 10_000);
  },
];
