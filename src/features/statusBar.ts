import * as vscode from 'vscode';
import type { DlMathConfig } from './config';
import type { DiagnosticsFeature } from './diagnostics';
import { Disposable } from './disposable';
import { FOCUS_PROBLEMS, summaryMessage } from './commands';

/** "DL Math: 2 wrong of 14" (or "DL Math: 2 warnings" with no numeric claim) for the active answer file; a click opens the Problems view. */
export class StatusBarFeature extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('dlmath.status', vscode.StatusBarAlignment.Left, 50));

  constructor(
    private readonly diagnostics: DiagnosticsFeature,
    private config: DlMathConfig,
  ) {
    super();
    this.item.name = 'DL Math';
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this._register(diagnostics.onDidChangeState((uri) => {
      if (uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) this.update();
    }));
    this.update();
  }

  updateConfig(config: DlMathConfig): void {
    this.config = config;
    this.update();
  }

  /** The text shown now ('' when hidden); the tests read it. */
  get text(): string {
    return this.visible ? this.item.text : '';
  }
  private visible = false;

  private update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const state = doc && this.config.statusBar ? this.diagnostics.stateOf(doc.uri) : undefined;
    if (!state) {
      this.item.hide();
      this.visible = false;
      return;
    }
    if (state.kind === 'too-large') {
      this.item.text = '$(info) ' + vscode.l10n.t('DL Math: not checked (large file)');
      this.item.tooltip = vscode.l10n.t('This file is larger than dlmath.check.maxFileSizeKB ({0} KB). Click to check it now.', Math.ceil(state.bytes / 1024));
      this.item.command = 'dlmath.checkDocument';
    } else if (state.ignoredFile) {
      this.item.text = '$(circle-slash) ' + vscode.l10n.t('DL Math: file not checked');
      this.item.tooltip = vscode.l10n.t('This file contains <!-- dlmath-ignore-file -->.');
      this.item.command = undefined;
    } else if (state.claims === 0 && state.wrong === 0 && state.warnings === 0) {
      // notes without a checkable claim: the item stays, so that switching files does not make it jump
      this.item.text = '$(check) ' + vscode.l10n.t('DL Math: no claims');
      this.item.tooltip = vscode.l10n.t('No computable claim (a written = with numbers) in this file yet.');
      this.item.command = undefined;
    } else if (state.claims === 0 && state.wrong === 0) {
      // no numeric claim, but warnings (wrong derivation steps, shapes): "0 wrong of 0" would hide them
      const warnings = state.warnings === 1 ? vscode.l10n.t('1 warning') : vscode.l10n.t('{0} warnings', state.warnings);
      this.item.text = `$(warning) ${vscode.l10n.t('DL Math: {0}', warnings)}`;
      this.item.tooltip = vscode.l10n.t('{0}. Click to open the Problems view.', summaryMessage(state));
      this.item.command = FOCUS_PROBLEMS;
    } else {
      const icon = state.wrong > 0 ? '$(error)' : state.warnings > 0 ? '$(warning)' : '$(check)';
      this.item.text = `${icon} ${vscode.l10n.t('DL Math: {0} wrong of {1}', state.wrong, state.claims)}`;
      this.item.tooltip = vscode.l10n.t('{0}. Click to open the Problems view.', summaryMessage(state));
      this.item.command = FOCUS_PROBLEMS;
    }
    this.item.show();
    this.visible = true;
  }
}
