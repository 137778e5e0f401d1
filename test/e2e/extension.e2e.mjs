// End-to-end scenarios: what a student does in a real VS Code (code-server in Chromium) with the
// packaged DL Math installed. Each exported function is one scenario; it receives the playwright
// `page` and the helpers from ./helpers.mjs, starts on a freshly loaded workbench showing the
// fixture folder test/fixtures/workspace, and fails by throwing.
//
// ADDING A SCENARIO: add a named async function to `scenarios` here, or create
// test/e2e/<feature>.e2e.mjs exporting its own `scenarios` array (picked up automatically):
//
//   export const scenarios = [
//     async function hoverShowsRightProduct({ openFile, hoverAt, screenshot }) {
//       await openFile('answer.md');
//       const text = await hoverAt(11, 80);   // 1-based line and column, as in the status bar
//       if (!/39/.test(text)) throw new Error(`hover says "${text}", expected the right row 39`);
//       await screenshot('hover');
//     },
//   ];
//
// Helpers: openFile(name), editorText(), runCommand(title), goTo(line, col), hoverAt(line, col),
// readOutputChannel(name, { until }), notifications(), screenshot(name) -> test-results/e2e/.
// A scenario may set `fn.timeoutMs` (default 90 s). DLMATH_TEST_GREP=<substring> runs only matching ones.
import { expect } from './assert.mjs';

export const scenarios = [
  async function openAnswerShowsItAndDlMathActivates({ openFile, editorText, readOutputChannel, screenshot }) {
    await openFile('answer.md');
    const text = await editorText();
    expect(/پاسخ تمرین/.test(text) && /bmatrix/.test(text), `the editor does not show answer.md: ${text.slice(0, 200)}`);
    await screenshot('answer-open');
    // The extension writes to its "DL Math" output channel when it activates.
    const log = await readOutputChannel('DL Math', { until: /activated/i });
    expect(/DL Math activated/i.test(log), `the DL Math output channel does not report activation: "${log.slice(0, 300)}"`);
    process.stdout.write(`  [workbench] DL Math output: ${log.split('\n').find((l) => /activated/i.test(l))?.trim()}\n`);
    await screenshot('output-channel');
  },

  async function runningExtensionsListsDlMath({ page, openFile, runCommand, screenshot }) {
    await openFile('answer.md');
    await runCommand('Developer: Show Running Extensions');
    // Installed from the .vsix it is listed as "DL Math"; run from a development folder, by its id.
    const row = page.locator('.runtime-extensions-editor .monaco-list-row').filter({ hasText: /DL Math|dlmath-course\.dlmath/ });
    await row.first().waitFor({ timeout: 15_000 }).catch(async () => {
      const names = await page.locator('.runtime-extensions-editor .monaco-list-row .name').allInnerTexts().catch(() => []);
      throw new Error(`DL Math is not among the running extensions: ${names.join(', ') || 'none listed'}`);
    });
    await screenshot('running-extensions');
  },

  // Checks the harness itself: the keyboard hover chord opens a hover here (on a built-in JSON
  // setting), so a failing DL Math hover scenario points at the feature, not at the helper.
  async function hoverHelperShowsBuiltinSettingHover({ openFile, hoverAt, screenshot }) {
    await openFile('.vscode/settings.json');
    const text = await hoverAt(2, 8);
    expect(/wrap/i.test(text), `no hover for "editor.wordWrap" in .vscode/settings.json (got "${text}")`);
    await screenshot('settings-hover');
  },
];
