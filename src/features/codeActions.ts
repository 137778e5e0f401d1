import * as vscode from 'vscode';
import { IGNORE_MARKER } from '../core/document/analysis';
import type { MathSpan } from '../core/markdown/spans';
import { formulaAt } from '../core/views/explain';
import { msg } from '../core/messages';
import { AnalysisCache, isAnswerDocument } from './analysisCache';
import { findingFor } from './diagnostics';
import { Disposable } from './disposable';

/**
 * The edit that puts the core's ignore marker right before a formula's opening delimiter. A formula
 * that starts its line gets the marker on a line of its own (a line starting with `<!--` would turn
 * the whole line into an HTML block and stop the formula from rendering); otherwise it goes inline.
 */
export function ignoreFormulaEdit(document: vscode.TextDocument, span: MathSpan): vscode.TextEdit {
  const at = document.positionAt(span.start);
  const before = document.lineAt(at.line).text.slice(0, at.character);
  if (/^\s*$/.test(before)) return vscode.TextEdit.insert(at, `${IGNORE_MARKER}\n${before}`);
  return vscode.TextEdit.insert(at, `${IGNORE_MARKER} `);
}

/** Quick fixes for DL Math diagnostics: the core's fix, and "Don't check this formula". */
export class CodeActionsFeature extends Disposable implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly cache: AnalysisCache) {
    super();
    this._register(vscode.languages.registerCodeActionsProvider({ language: 'markdown' }, this, CodeActionsFeature.metadata));
  }

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === 'DL Math');
    if (ours.length === 0 || token.isCancellationRequested || !isAnswerDocument(document)) return [];
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    // the analysis of the current version: while its check still runs (the answer just opened on a
    // busy machine, a setting changed), wait for it — it runs in slices — rather than show "No code
    // actions available"; a diagnostic that the new analysis no longer has gets no action
    const analysis = this.cache.peek(document) ?? (await this.cache.analyze(document));
    if (!analysis || token.isCancellationRequested) return [];
    const actions: vscode.CodeAction[] = [];
    const ignores: vscode.CodeAction[] = [];
    const ignored = new Set<number>();
    for (const d of ours) {
      const finding = findingFor(document, analysis, d);
      if (!finding) continue;
      // every fix offered, the first preferred (a carried error: correct the carried number first)
      for (const [i, fix] of (finding.fixes ?? (finding.fix ? [finding.fix] : [])).entries()) {
        // the core writes the title in the language of `dlmath.messages.language`
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, new vscode.Range(document.positionAt(fix.range.start), document.positionAt(fix.range.end)), fix.newText);
        action.diagnostics = [d];
        action.isPreferred = i === 0;
        actions.push(action);
      }
      const formula = formulaAt(analysis, finding.range.start);
      if (formula && !ignored.has(formula.index)) {
        ignored.add(formula.index);
        // in the findings' language, like the fix beside it
        const action = new vscode.CodeAction(msg(this.cache.languageOf(document), 'fix.ignore-formula'), vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.set(document.uri, [ignoreFormulaEdit(document, formula.span)]);
        action.diagnostics = ours.filter((x) => {
          const o = document.offsetAt(x.range.start);
          return o >= formula.span.start && o <= formula.span.end;
        });
        ignores.push(action);
      }
    }
    return [...actions, ...ignores];
  }
}
