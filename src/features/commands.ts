import * as vscode from 'vscode';
import { analyzeDocumentSteps, FormulaCache, type DocumentAnalysis } from '../core/analysis';
import { runInSlices, SLICE_MS, SteppedJob } from '../core/steps';
import { evaluateLatex, EvalOutcome } from '../core/evaluateLatex';
import { latex } from '../core/eval/values';
import { formulaAt } from '../core/explain';
import { hasNonAsciiDigits, toPersianDigits } from '../core/markdown/digits';
import type { Logger } from '../core/types';
import { AnalysisCache, isAnswerDocument, scopeAt } from './analysisCache';
import type { DlMathConfig } from './config';
import { CheckSummary, DiagnosticsFeature } from './diagnostics';
import { Disposable } from './disposable';
import type { InlineResultFeature } from './inlineResult';
import { deriveBpttCommand } from './bptt';

/** What the evaluate commands worked on: text of the document and where it sits. */
interface Target {
  document: vscode.TextDocument;
  /** The text handed to the core (a selection, a statement, or a whole formula). */
  src: string;
  /** Document offset of `src[0]`. */
  srcStart: number;
  /** Where an inline result is shown: the end of the formula (or of the selection outside math). */
  showAt: number;
  /** Whether the result should be written with Persian digits (the formula uses them). */
  persianDigits: boolean;
  analysis: DocumentAnalysis;
}

export type EvaluateResult =
  | { ok: true; value: string; latex: string; range: vscode.Range; shownAt: vscode.Position }
  | { ok: false; message: string };

export type EditResult =
  | { ok: true; text: string; range: vscode.Range }
  | { ok: false; message: string };

export interface WorkspaceCheckResult extends CheckSummary {
  files: number;
  of: number;
  cancelled: boolean;
  /** Files above `dlmath.check.maxFileSizeKB`, not checked. */
  tooLarge: number;
}

/** One run of Evaluate Selection, also when it gave no value (then `outcome` says why). */
export interface EvaluationEvent {
  /** The answer evaluated in; absent when there was no editor to evaluate in. */
  uri?: vscode.Uri;
  /** What was evaluated; absent when nothing could be picked (no formula under the cursor). */
  range?: vscode.Range;
  source: string;
  outcome: EvalOutcome | { ok: false; code: 'no-target'; message: string };
}

/** The command table: id → handler, registered in one loop. */
export class CommandsFeature extends Disposable {
  private readonly _onDidEvaluate = this._register(new vscode.EventEmitter<EvaluationEvent>());
  /** Fires after every Evaluate Selection, failed ones too (the panel shows the latest one). */
  readonly onDidEvaluate = this._onDidEvaluate.event;

  constructor(
    private readonly cache: AnalysisCache,
    private readonly diagnostics: DiagnosticsFeature,
    private readonly inline: InlineResultFeature,
    private config: DlMathConfig,
    private readonly logger: Logger,
  ) {
    super();
    const table: Record<string, (arg?: unknown) => Promise<unknown> | unknown> = {
      'dlmath.evaluateSelection': () => this.evaluateSelection(),
      'dlmath.insertResult': () => this.insertResult(),
      'dlmath.replaceWithResult': () => this.replaceWithResult(),
      'dlmath.checkDocument': () => this.checkDocument(),
      'dlmath.checkWorkspace': () => this.checkWorkspace(),
      'dlmath.deriveBptt': (arg) => deriveBpttCommand(arg, this.logger),
    };
    for (const [id, handler] of Object.entries(table)) {
      this._register(vscode.commands.registerCommand(id, async (arg?: unknown) => {
        try {
          return await handler(arg);
        } catch (e) {
          this.logger.error(`${id} failed: ${e instanceof Error && e.stack ? e.stack : String(e)}`);
          void vscode.window.showErrorMessage(vscode.l10n.t('DL Math: {0} failed: {1}', id, e instanceof Error ? e.message : String(e)));
          return undefined;
        }
      }));
    }
  }

  updateConfig(config: DlMathConfig): void {
    this.config = config;
  }

  // ---- evaluate ------------------------------------------------------------------------------

  private target(): Target | string {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return vscode.l10n.t('Open a Markdown answer and put the cursor in a formula.');
    const document = editor.document;
    const analysis = this.cache.get(document);
    const sel = editor.selection;
    const selStart = document.offsetAt(sel.start);
    const formula = formulaAt(analysis, selStart);
    if (!sel.isEmpty) {
      const selEnd = document.offsetAt(sel.end);
      const inside = formula && selEnd <= formula.span.end;
      return {
        document, analysis,
        src: document.getText(sel),
        srcStart: selStart,
        showAt: inside ? formula.span.end : selEnd,
        persianDigits: hasNonAsciiDigits(inside ? formula.span.content : document.getText(sel)),
      };
    }
    if (!formula) return vscode.l10n.t('Put the cursor in a formula, or select an expression, to evaluate it.');
    // the statement under the cursor (`a = … \quad b = …` has two), else the whole formula
    const chain = formula.chains.find((c) => selStart >= c.range.start && selStart <= c.range.end);
    const srcStart = chain ? chain.range.start : formula.span.contentStart;
    const srcEnd = chain ? chain.range.end : formula.span.contentEnd;
    return {
      document, analysis,
      src: document.getText().slice(srcStart, srcEnd),
      srcStart,
      showAt: formula.span.end,
      persianDigits: hasNonAsciiDigits(formula.span.content),
    };
  }

  private evaluate(t: Target): EvalOutcome {
    return evaluateLatex(t.src, this.config.engine, scopeAt(t.analysis, t.srcStart));
  }

  /** The evaluated expression's document range, without surrounding whitespace. */
  private exprRange(t: Target, o: Extract<EvalOutcome, { ok: true }>): vscode.Range {
    let s = o.range.start;
    let e = o.range.end;
    while (s < e && /\s/.test(t.src[s])) s++;
    while (e > s && /\s/.test(t.src[e - 1])) e--;
    return new vscode.Range(t.document.positionAt(t.srcStart + s), t.document.positionAt(t.srcStart + e));
  }

  private resultLatex(t: Target, o: Extract<EvalOutcome, { ok: true }>): string {
    return t.persianDigits ? latex(o.value, undefined, toPersianDigits) : o.latex;
  }

  private explainFailure(message: string): { ok: false; message: string } {
    void vscode.window.showInformationMessage(vscode.l10n.t('DL Math: {0}', message));
    return { ok: false, message };
  }

  async evaluateSelection(): Promise<EvaluateResult> {
    const t = this.target();
    if (typeof t === 'string') {
      this._onDidEvaluate.fire({ uri: vscode.window.activeTextEditor?.document.uri, source: '', outcome: { ok: false, code: 'no-target', message: t } });
      return this.explainFailure(t);
    }
    const o = this.evaluate(t);
    if (!o.ok) {
      const range = new vscode.Range(t.document.positionAt(t.srcStart), t.document.positionAt(t.srcStart + t.src.length));
      this._onDidEvaluate.fire({ uri: t.document.uri, range, source: t.src, outcome: o });
      return this.explainFailure(o.message);
    }
    const range = this.exprRange(t, o);
    const shownAt = t.document.positionAt(t.showAt);
    const text = o.plain.length > 120 ? o.plain.slice(0, 119) + '…' : o.plain;
    this.inline.show(t.document.uri, shownAt, `= ${text}`);
    const expr = t.document.getText(range).replace(/\s+/g, ' ');
    vscode.window.setStatusBarMessage(vscode.l10n.t('DL Math: {0} = {1}', expr.length > 40 ? expr.slice(0, 39) + '…' : expr, text), 8000);
    this._onDidEvaluate.fire({ uri: t.document.uri, range, source: expr, outcome: o });
    return { ok: true, value: o.plain, latex: o.latex, range, shownAt };
  }

  async insertResult(): Promise<EditResult> {
    const t = this.target();
    if (typeof t === 'string') return this.explainFailure(t);
    const o = this.evaluate(t);
    if (!o.ok) return this.explainFailure(o.message);
    const at = this.exprRange(t, o).end;
    const text = ` = ${this.resultLatex(t, o)}`;
    return this.applyEdit(t.document, new vscode.Range(at, at), text);
  }

  async replaceWithResult(): Promise<EditResult> {
    const t = this.target();
    if (typeof t === 'string') return this.explainFailure(t);
    const o = this.evaluate(t);
    if (!o.ok) return this.explainFailure(o.message);
    return this.applyEdit(t.document, this.exprRange(t, o), this.resultLatex(t, o));
  }

  private async applyEdit(document: vscode.TextDocument, range: vscode.Range, text: string): Promise<EditResult> {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, range, text);
    if (!(await vscode.workspace.applyEdit(edit))) return this.explainFailure(vscode.l10n.t('the document could not be edited.'));
    const start = range.start;
    return { ok: true, text, range: new vscode.Range(start, document.positionAt(document.offsetAt(start) + text.length)) };
  }

  // ---- check ---------------------------------------------------------------------------------

  async checkDocument(): Promise<CheckSummary | undefined> {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !isAnswerDocument(document)) {
      this.explainFailure(vscode.l10n.t('Open a Markdown answer to check it.'));
      return undefined;
    }
    const s = this.diagnostics.checkNow(document);
    if (s.ignoredFile) {
      void vscode.window.showInformationMessage(vscode.l10n.t('DL Math: this file is marked <!-- dlmath-ignore-file -->, nothing was checked.'));
      return s;
    }
    void vscode.window.showInformationMessage(summaryMessage(s));
    if (s.wrong + s.warnings > 0) await vscode.commands.executeCommand('workbench.actions.view.problems');
    return s;
  }

  /**
   * Checks every Markdown file of the workspace without opening editors: each file is analysed in
   * slices of about `SLICE_MS` (the extension host stays responsive; Cancel stops within one slice),
   * files above `dlmath.check.maxFileSizeKB` are skipped as the editor skips them, and only the findings
   * are kept (as diagnostics), never the analyses. An open document is checked as it is on screen.
   */
  async checkWorkspace(): Promise<WorkspaceCheckResult> {
    const total: WorkspaceCheckResult = { claims: 0, wrong: 0, warnings: 0, ignoredFile: false, files: 0, of: 0, cancelled: false, tooLarge: 0 };
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('DL Math: checking the answers in this workspace'), cancellable: true },
      async (progress, token) => {
        // workspace.fs only: virtual workspaces have no disk
        const uris = (await vscode.workspace.findFiles('**/*.{md,markdown}', undefined, undefined, token))
          .filter((u) => !/\/node_modules\//.test(u.path))
          .sort((a, b) => a.toString().localeCompare(b.toString()));
        total.of = uris.length;
        const engine = this.config.engine;
        const formulas = new FormulaCache(5_000);
        const cancelled = () => token.isCancellationRequested;
        for (const uri of uris) {
          if (cancelled()) break;
          progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / Math.max(1, uris.length) });
          try {
            const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
            let text: string;
            if (open) text = open.getText();
            else {
              const stat = await vscode.workspace.fs.stat(uri);
              if (stat.size > this.config.maxAutoCheckBytes) {
                total.tooLarge++;
                continue;
              }
              text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
            }
            if (Buffer.byteLength(text, 'utf8') > this.config.maxAutoCheckBytes) {
              total.tooLarge++;
              continue;
            }
            const version = open?.version;
            const job = new SteppedJob(analyzeDocumentSteps(text, engine, formulas));
            const analysis = await runInSlices(job, { sliceMs: SLICE_MS, pause: () => new Promise((resolve) => setImmediate(resolve)), cancelled });
            if (!analysis) break;
            // an open document edited while it was checked: its own check follows the edit
            if (open && (open.isClosed || open.version !== version)) continue;
            const s = this.diagnostics.publishChecked(uri, text, analysis);
            total.files++;
            total.claims += s.claims;
            total.wrong += s.wrong;
            total.warnings += s.warnings;
          } catch (e) {
            this.logger.warn(`could not check ${uri.toString(true)}: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
        total.cancelled = token.isCancellationRequested;
      },
    );
    let files = total.cancelled
      ? vscode.l10n.t('Stopped after {0} of {1} Markdown files', total.files, total.of)
      : vscode.l10n.t('{0} Markdown files', total.files);
    if (total.tooLarge > 0) files += ' ' + vscode.l10n.t('({0} larger than dlmath.check.maxFileSizeKB skipped)', total.tooLarge);
    void vscode.window.showInformationMessage(`DL Math: ${files}: ${summaryMessage(total)}`);
    if (total.wrong + total.warnings > 0) await vscode.commands.executeCommand('workbench.actions.view.problems');
    return total;
  }
}

/** "14 claims checked, 2 wrong" (and the warnings, when there are some). */
export function summaryMessage(s: CheckSummary): string {
  return s.warnings > 0
    ? vscode.l10n.t('{0} claims checked, {1} wrong, {2} warnings', s.claims, s.wrong, s.warnings)
    : vscode.l10n.t('{0} claims checked, {1} wrong', s.claims, s.wrong);
}
