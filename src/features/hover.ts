import * as vscode from 'vscode';
import { explainAt } from '../core/views/explain';
import { AnalysisCache, isAnswerDocument } from './analysisCache';
import type { DlMathConfig } from './config';
import { exceedsAutoCheck } from './diagnostics';
import { Disposable } from './disposable';

/** Hovers on math: renders what the core's `explainAt` says about the cached analysis. */
export class HoverFeature extends Disposable implements vscode.HoverProvider {
  constructor(
    private readonly cache: AnalysisCache,
    private config: DlMathConfig,
  ) {
    super();
    this._register(vscode.languages.registerHoverProvider({ language: 'markdown' }, this));
  }

  updateConfig(config: DlMathConfig): void {
    this.config = config;
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!this.config.hoverEnabled || token.isCancellationRequested || !isAnswerDocument(document)) return undefined;
    // a file too large for automatic checks is analysed only on request; until then, no hover.
    // Otherwise the analysis of this version, in the background if it is not there yet (shared with
    // the diagnostics' run): the extension host is never held while the hover waits.
    const analysis = this.cache.peek(document) ?? (exceedsAutoCheck(document, this.config) !== undefined ? undefined : await this.cache.analyze(document));
    if (!analysis || token.isCancellationRequested) return undefined;
    const explanation = explainAt(analysis, document.offsetAt(position), document.getText(), this.cache.languageOf(document));
    if (explanation.kind === 'none' || !explanation.markdown || token.isCancellationRequested) return undefined;
    const range = explanation.range
      ? new vscode.Range(document.positionAt(explanation.range.start), document.positionAt(explanation.range.end))
      : undefined;
    // VS Code shows the diagnostic's message in the same hover: then ours does not say it again
    const f = explanation.finding;
    const shown = f !== undefined && range !== undefined && vscode.languages.getDiagnostics(document.uri).some((d) => d.message === f.message && d.range.isEqual(range));
    // document text in the Markdown is escaped by the core; no HTML, commands or theme icons either way
    const md = new vscode.MarkdownString(shown && explanation.beside ? explanation.beside : explanation.markdown);
    md.supportHtml = false;
    md.isTrusted = false;
    md.supportThemeIcons = false;
    return new vscode.Hover(md, range);
  }
}
