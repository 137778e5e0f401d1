import * as vscode from 'vscode';
import { analyzeDocumentSteps, DocumentAnalysis, FormulaCache } from '../core/document/analysis';
import { explainAt, formulaAt } from '../core/views/explain';
import { cellOffsetOf, joinedOffsetOf, joinMarkdownCells, NotebookText } from '../core/markdown/notebook';
import { runInSlices, SLICE_MS, SteppedJob } from '../core/steps';
import type { Finding, Logger, Severity, TextRange } from '../core/types';
import { ignoreFormulaEdit } from './codeActions';
import type { DlMathConfig } from './config';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { Disposable } from './disposable';

/** The scheme of a notebook cell's text document. */
export const NOTEBOOK_CELL_SCHEME = 'vscode-notebook-cell';
const CELLS: vscode.DocumentSelector = { scheme: NOTEBOOK_CELL_SCHEME, language: 'markdown' };

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** One analysis of a notebook's Markdown cells read together, and the cell documents it was made from. */
interface Analysed {
  nb: NotebookText;
  /** Cell index → its document, for the Markdown cells in `nb`. */
  docs: Map<number, vscode.TextDocument>;
  analysis: DocumentAnalysis;
}

interface State {
  formulas: FormulaCache;
  last?: Analysed;
  running?: { text: string; promise: Promise<Analysed | undefined> };
  timer?: NodeJS.Timeout;
  /** Cell documents that have diagnostics now. */
  published: vscode.Uri[];
  generation: number;
}

/**
 * Notebook Markdown cells get what a Markdown file gets: diagnostics, quick fixes and hovers. The cells
 * of one notebook are analysed together (the core joins them, `src/core/notebook.ts`), in slices as the
 * editor analyses a file; each finding goes to the cell it is in. The Markdown features leave cell
 * documents to this one (`isAnswerDocument`).
 */
export class NotebookFeature extends Disposable implements vscode.HoverProvider, vscode.CodeActionProvider {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('dlmath-notebook'));
  private readonly states = new Map<string, State>();

  constructor(
    private config: DlMathConfig,
    private readonly logger: Logger,
  ) {
    super();
    this._register(vscode.workspace.onDidOpenNotebookDocument((nb) => this.schedule(nb, 'open')));
    this._register(vscode.workspace.onDidChangeNotebookDocument((e) => {
      if (e.contentChanges.length > 0 || e.cellChanges.some((c) => c.document)) this.schedule(e.notebook, 'change');
    }));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.scheme !== NOTEBOOK_CELL_SCHEME || e.contentChanges.length === 0) return;
      const nb = notebookOf(e.document);
      if (nb) this.schedule(nb, 'change');
    }));
    this._register(vscode.workspace.onDidSaveNotebookDocument((nb) => this.schedule(nb, 'save')));
    this._register(vscode.workspace.onDidCloseNotebookDocument((nb) => this.forget(nb)));
    this._register(vscode.languages.registerHoverProvider(CELLS, this));
    this._register(vscode.languages.registerCodeActionsProvider(CELLS, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }));
    this._register({ dispose: () => this.states.forEach((s) => clearTimeout(s.timer)) });
    for (const nb of vscode.workspace.notebookDocuments) this.schedule(nb, 'open');
  }

  updateConfig(config: DlMathConfig): void {
    const engineChanged = JSON.stringify(config.engine) !== JSON.stringify(this.config.engine);
    this.config = config;
    for (const nb of vscode.workspace.notebookDocuments) {
      const s = this.states.get(nb.uri.toString());
      if (s && engineChanged) {
        s.formulas = new FormulaCache(5_000);
        s.last = undefined;
        s.running = undefined;
      }
      this.schedule(nb, 'open');
    }
  }

  private stateOf(nb: vscode.NotebookDocument): State {
    const key = nb.uri.toString();
    let s = this.states.get(key);
    if (!s) this.states.set(key, (s = { formulas: new FormulaCache(5_000), published: [], generation: 0 }));
    return s;
  }

  private schedule(nb: vscode.NotebookDocument, why: 'open' | 'change' | 'save'): void {
    if (!hasMarkdownCells(nb)) return;
    const s = this.stateOf(nb);
    clearTimeout(s.timer);
    s.generation++;
    const mode = this.config.checkMode;
    if (mode === 'off' || (mode === 'onSave' && why === 'change')) {
      if (mode === 'off') this.clear(s);
      return;
    }
    const delay = why === 'change' ? this.config.debounceMs : 0;
    s.timer = setTimeout(() => {
      s.timer = undefined;
      const snap = snapshot(nb);
      if (Buffer.byteLength(snap.nb.text, 'utf8') > this.config.maxAutoCheckBytes) {
        // as with a Markdown file: too large to check on every keystroke; stale findings would mislead
        this.clear(s);
        return;
      }
      this.analyze(nb).then(
        (a) => {
          if (a && !this.isDisposed && this.states.get(nb.uri.toString()) === s && s.last === a) this.publish(s, a);
        },
        (e: unknown) => this.logger.error(`checking ${nb.uri.toString(true)} failed: ${e instanceof Error && e.stack ? e.stack : String(e)}`),
      );
    }, delay);
  }

  /**
   * The analysis of the notebook's current Markdown cells, in slices of about `SLICE_MS`; undefined
   * when the cells changed before it was done. Callers for the same text share one run.
   */
  analyze(nb: vscode.NotebookDocument): Promise<Analysed | undefined> {
    const s = this.stateOf(nb);
    const snap = snapshot(nb);
    if (s.last && s.last.nb.text === snap.nb.text && sameCells(s.last, snap)) return Promise.resolve(s.last);
    if (s.running?.text === snap.nb.text) return s.running.promise;
    const text = snap.nb.text;
    const job = new SteppedJob(analyzeDocumentSteps(text, this.config.engine, s.formulas));
    const cancelled = () => this.isDisposed || nb.isClosed || snapshot(nb).nb.text !== text;
    const running = {
      text,
      promise: runInSlices(job, { sliceMs: SLICE_MS, pause: () => new Promise<void>((r) => setImmediate(r)), cancelled }).then((analysis) => {
        if (s.running === running) s.running = undefined;
        if (!analysis) return undefined;
        const a: Analysed = { ...snap, analysis };
        s.last = a;
        return a;
      }),
    };
    s.running = running;
    return running.promise;
  }

  private publish(s: State, a: Analysed): void {
    const byCell = new Map<number, vscode.Diagnostic[]>();
    for (const f of a.analysis.findings) {
      const at = locate(a, f.range);
      if (!at) continue;
      const d = new vscode.Diagnostic(at.range, f.message, SEVERITY[f.severity]);
      d.source = DIAGNOSTIC_SOURCE;
      d.code = f.code;
      if (f.related?.length) {
        d.relatedInformation = f.related.flatMap((r) => {
          const loc = locate(a, r.range);
          return loc ? [new vscode.DiagnosticRelatedInformation(new vscode.Location(loc.doc.uri, loc.range), r.message)] : [];
        });
      }
      const list = byCell.get(at.cell) ?? [];
      list.push(d);
      byCell.set(at.cell, list);
    }
    for (const uri of s.published) this.collection.delete(uri);
    s.published = [];
    for (const [cell, diags] of byCell) {
      const doc = a.docs.get(cell)!;
      this.collection.set(doc.uri, diags);
      s.published.push(doc.uri);
    }
    this.logger.debug(`checked notebook: ${a.analysis.claims} claims, ${a.analysis.findings.length} findings in ${byCell.size} cells`);
  }

  private clear(s: State): void {
    for (const uri of s.published) this.collection.delete(uri);
    s.published = [];
  }

  private forget(nb: vscode.NotebookDocument): void {
    const key = nb.uri.toString();
    const s = this.states.get(key);
    if (!s) return;
    clearTimeout(s.timer);
    this.clear(s);
    this.states.delete(key);
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!this.config.hoverEnabled) return undefined;
    const nb = notebookOf(document);
    const cell = nb?.getCells().find((c) => c.document === document);
    if (!nb || !cell) return undefined;
    if (Buffer.byteLength(snapshot(nb).nb.text, 'utf8') > this.config.maxAutoCheckBytes) return undefined;
    const a = await this.analyze(nb);
    if (!a || token.isCancellationRequested || a.docs.get(cell.index) !== document) return undefined;
    const offset = joinedOffsetOf(a.nb, cell.index, document.offsetAt(position));
    if (offset === undefined) return undefined;
    const e = explainAt(a.analysis, offset, a.nb.text);
    if (e.kind === 'none' || !e.markdown) return undefined;
    const at = e.range ? locate(a, e.range) : undefined;
    return new vscode.Hover(new vscode.MarkdownString(e.markdown), at && at.cell === cell.index ? at.range : undefined);
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0 || token.isCancellationRequested) return [];
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const nb = notebookOf(document);
    const cell = nb?.getCells().find((c) => c.document === document);
    const a = nb && this.states.get(nb.uri.toString())?.last;
    // only from the analysis of the text on screen: stale findings would edit the wrong characters
    if (!nb || !cell || !a || a.docs.get(cell.index) !== document || snapshot(nb).nb.text !== a.nb.text) return [];
    const seg = a.nb.segments.find((x) => x.cell === cell.index)!;
    const actions: vscode.CodeAction[] = [];
    const ignores: vscode.CodeAction[] = [];
    const ignored = new Set<number>();
    for (const d of ours) {
      const start = seg.start + document.offsetAt(d.range.start);
      const end = seg.start + document.offsetAt(d.range.end);
      const finding = a.analysis.findings.find((f: Finding) => f.code === d.code && f.range.start === start && f.range.end === end && f.message === d.message);
      if (!finding) continue;
      for (const [i, fix] of (finding.fixes ?? (finding.fix ? [finding.fix] : [])).entries()) {
        if (fix.range.start < seg.start) continue;
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, new vscode.Range(document.positionAt(fix.range.start - seg.start), document.positionAt(fix.range.end - seg.start)), fix.newText);
        action.diagnostics = [d];
        action.isPreferred = i === 0;
        actions.push(action);
      }
      const formula = formulaAt(a.analysis, finding.range.start);
      if (formula && !ignored.has(formula.index)) {
        ignored.add(formula.index);
        const span = { ...formula.span, start: formula.span.start - seg.start, end: formula.span.end - seg.start };
        const action = new vscode.CodeAction(vscode.l10n.t("Don't check this formula"), vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.set(document.uri, [ignoreFormulaEdit(document, span)]);
        action.diagnostics = ours.filter((x) => {
          const o = document.offsetAt(x.range.start);
          return o >= span.start && o <= span.end;
        });
        ignores.push(action);
      }
    }
    return [...actions, ...ignores];
  }
}

/** The notebook a cell document belongs to. */
export function notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== NOTEBOOK_CELL_SCHEME) return undefined;
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === document));
}

function isMarkdownCell(c: vscode.NotebookCell): boolean {
  return c.kind === vscode.NotebookCellKind.Markup && c.document.languageId === 'markdown';
}

function hasMarkdownCells(nb: vscode.NotebookDocument): boolean {
  return nb.getCells().some(isMarkdownCell);
}

/** The notebook's Markdown cells joined by the core, with their documents. */
function snapshot(nb: vscode.NotebookDocument): { nb: NotebookText; docs: Map<number, vscode.TextDocument> } {
  const cells = nb.getCells().filter(isMarkdownCell);
  return {
    nb: joinMarkdownCells(cells.map((c) => ({ cell: c.index, source: c.document.getText() }))),
    docs: new Map(cells.map((c) => [c.index, c.document])),
  };
}

function sameCells(a: Analysed, b: { docs: Map<number, vscode.TextDocument> }): boolean {
  if (a.docs.size !== b.docs.size) return false;
  for (const [i, d] of b.docs) if (a.docs.get(i) !== d) return false;
  return true;
}

/** A joined-text range as a range in the cell document its start is in. */
function locate(a: Analysed, r: TextRange): { cell: number; doc: vscode.TextDocument; range: vscode.Range } | undefined {
  const s = cellOffsetOf(a.nb, r.start);
  if (!s) return undefined;
  const doc = a.docs.get(s.cell);
  const seg = a.nb.segments.find((x) => x.cell === s.cell);
  if (!doc || !seg) return undefined;
  const end = Math.min(r.end - seg.start, seg.length);
  return { cell: s.cell, doc, range: new vscode.Range(doc.positionAt(s.offset), doc.positionAt(end)) };
}
