import * as vscode from 'vscode';
import { analyzeDocumentSteps, FormulaCache, type DocumentAnalysis } from '../core/document/analysis';
import { runInSlices, SLICE_MS, SteppedJob } from '../core/steps';
import { evaluateLatex, EvalOutcome } from '../core/eval/evaluateLatex';
import { latex } from '../core/eval/values';
import { printNode } from '../core/syntax/print';
import { mdFence } from '../core/views/markdownText';
import { formulaAt } from '../core/views/explain';
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
      'dlmath.insertResult': (arg) => this.insertResult(arg),
      'dlmath.replaceWithResult': () => this.replaceWithResult(),
      'dlmath.checkDocument': () => this.checkDocument(),
      'dlmath.checkWorkspace': () => this.checkWorkspace(),
      'dlmath.deriveBptt': (arg) => deriveBpttCommand(arg, this.logger, this.cache),
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

  /** Evaluates the target; what goes wrong is said in the answer's message language (with `auto`, its prose's), as its findings are. */
  private evaluate(t: Target): EvalOutcome {
    const language = this.cache.languageOf(t.document);
    const engine = language === this.config.engine.language ? this.config.engine : { ...this.config.engine, language };
    return evaluateLatex(t.src, engine, scopeAt(t.analysis, t.srcStart));
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
    // a short form after the formula (a long one would run off the edge); the whole value on its hover
    const text = shorten(o.plain, INLINE_MAX);
    this.inline.show(t.document.uri, shownAt, `= ${text}`, text === o.plain ? undefined : mdFence(o.plain));
    const expr = t.document.getText(range).replace(/\s+/g, ' ');
    // the expression as the diagnostics write it ([1, 2; 3, 4]·[1; −1]), not its LaTeX
    vscode.window.setStatusBarMessage(vscode.l10n.t('DL Math: {0} = {1}', printNode(o.node, 40), shorten(o.plain, 40)), 8000);
    this._onDidEvaluate.fire({ uri: t.document.uri, range, source: expr, outcome: o });
    return { ok: true, value: o.plain, latex: o.latex, range, shownAt };
  }

  /**
   * Appends `= result` after the evaluated expression. When the statement already ends in a written
   * result (`4 \times 768 \times 768 = 2357296`), offers to replace that instead of appending a
   * second one; `{ existing: 'replace' | 'append' }` answers the question beforehand.
   */
  async insertResult(arg?: unknown): Promise<EditResult> {
    const t = this.target();
    if (typeof t === 'string') return this.explainFailure(t);
    const o = this.evaluate(t);
    if (!o.ok) return this.explainFailure(o.message);
    const result = this.resultLatex(t, o);
    const expr = this.exprRange(t, o);
    const after = t.src.slice(t.document.offsetAt(expr.end) - t.srcStart);
    const written = /^(\s*=\s*)([^=]*?)\s*$/.exec(after);
    if (written && written[2]) {
      const existing = written[2];
      let choice = (arg as { existing?: string } | undefined)?.existing;
      if (choice !== 'replace' && choice !== 'append') {
        const replace = vscode.l10n.t('Replace');
        const append = vscode.l10n.t('Insert anyway');
        const picked = await vscode.window.showInformationMessage(vscode.l10n.t('DL Math: this statement already ends in = {0}. Replace it with {1}?', shorten(existing, 40), shorten(result, 40)), replace, append);
        choice = picked === replace ? 'replace' : picked === append ? 'append' : undefined;
      }
      if (choice === 'replace') {
        const from = t.document.offsetAt(expr.end) + written[1].length;
        const range = new vscode.Range(t.document.positionAt(from), t.document.positionAt(from + existing.length));
        return this.applyEdit(t.document, range, result);
      }
      if (choice !== 'append') return { ok: false, message: vscode.l10n.t('nothing was inserted.') };
    }
    return this.applyEdit(t.document, new vscode.Range(expr.end, expr.end), ` = ${result}`);
  }

  async replaceWithResult(): Promise<EditResult> {
    const t = this.target();
    if (typeof t === 'string') return this.explainFailure(t);
    const o = this.evaluate(t);
    if (!o.ok) return this.explainFailure(o.message);
    return this.applyEdit(t.document, this.exprRange(t, o), this.resultLatex(t, o));
  }

  /** Applies one edit; the result it wrote is then selected (not a part of it, as the old selection would leave). */
  private async applyEdit(document: vscode.TextDocument, range: vscode.Range, text: string): Promise<EditResult> {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, range, text);
    if (!(await vscode.workspace.applyEdit(edit))) return this.explainFailure(vscode.l10n.t('the document could not be edited.'));
    const start = range.start;
    const written = new vscode.Range(start, document.positionAt(document.offsetAt(start) + text.length));
    const editor = vscode.window.activeTextEditor;
    if (editor?.document === document) {
      const value = text.startsWith(' = ') ? new vscode.Range(document.positionAt(document.offsetAt(start) + 3), written.end) : written;
      editor.selection = new vscode.Selection(value.start, value.end);
    }
    return { ok: true, text, range: written };
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
    void vscode.window.showInformationMessage(vscode.l10n.t('DL Math: {0}', summaryMessage(s)));
    // not awaited: the view opens on its own time, the check's summary is returned at once
    if (s.wrong + s.warnings > 0) void vscode.commands.executeCommand(FOCUS_PROBLEMS);
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
      : total.files === 1 ? vscode.l10n.t('1 Markdown file') : vscode.l10n.t('{0} Markdown files', total.files);
    if (total.tooLarge > 0) files += ' ' + vscode.l10n.t('({0} larger than dlmath.check.maxFileSizeKB skipped)', total.tooLarge);
    void vscode.window.showInformationMessage(`DL Math: ${files}: ${summaryMessage(total)}`);
    if (total.wrong + total.warnings > 0) void vscode.commands.executeCommand(FOCUS_PROBLEMS);
    return total;
  }
}

/** The longest value shown after a formula; a longer one is cut, with the whole value on its hover. */
const INLINE_MAX = 48;

function shorten(s: string, max: number): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

/**
 * Opens the Problems view or, when it is open, focuses it (`workbench.actions.view.problems` toggles
 * it: run while it was open, it closed it).
 */
export const FOCUS_PROBLEMS = 'workbench.panel.markers.view.focus';

/** "14 claims checked, 2 wrong" (and the warnings, when there are some); "1 claim", "1 warning". */
export function summaryMessage(s: CheckSummary): string {
  const claims = s.claims === 1 ? vscode.l10n.t('1 claim checked') : vscode.l10n.t('{0} claims checked', s.claims);
  const wrong = vscode.l10n.t('{0} wrong', s.wrong);
  if (s.warnings === 0) return vscode.l10n.t('{0}, {1}', claims, wrong);
  const warnings = s.warnings === 1 ? vscode.l10n.t('1 warning') : vscode.l10n.t('{0} warnings', s.warnings);
  return vscode.l10n.t('{0}, {1}, {2}', claims, wrong, warnings);
}
