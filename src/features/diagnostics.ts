import * as vscode from 'vscode';
import type { DocumentAnalysis } from '../core/document/analysis';
import type { Finding, Logger, Severity } from '../core/types';
import { lineStarts, offsetToPosition } from '../core/markdown/spans';
import { AnalysisCache, isAnswerDocument } from './analysisCache';
import type { DlMathConfig } from './config';
import { Disposable } from './disposable';

export const DIAGNOSTIC_SOURCE = 'DL Math';

/** What the last check of a document found (the status bar and the commands report it). */
export type CheckState =
  | { kind: 'checked'; claims: number; wrong: number; warnings: number; ignoredFile: boolean; version: number }
  | { kind: 'too-large'; bytes: number };

export interface CheckSummary {
  claims: number;
  /** Wrong results (errors). */
  wrong: number;
  /** Orientation, shape and other warnings. */
  warnings: number;
  ignoredFile: boolean;
}

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function summarize(analysis: Pick<DocumentAnalysis, 'findings' | 'claims' | 'ignoredFile'>): CheckSummary {
  let wrong = 0;
  let warnings = 0;
  for (const f of analysis.findings) {
    if (f.severity === 'error') wrong++;
    else if (f.severity === 'warning') warnings++;
  }
  return { claims: analysis.claims, wrong, warnings, ignoredFile: analysis.ignoredFile };
}

/** Files above `dlmath.check.maxFileSizeKB` are analysed only on request. */
export function exceedsAutoCheck(document: vscode.TextDocument, config: DlMathConfig): number | undefined {
  // runs on every keystroke: decide from the length when it can (UTF-8 takes 1 to 3 bytes per UTF-16
  // unit), without building the text
  const units = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
  if (units * 3 <= config.maxAutoCheckBytes) return undefined;
  const bytes = Buffer.byteLength(document.getText(), 'utf8');
  return bytes > config.maxAutoCheckBytes ? bytes : undefined;
}

function toRange(document: Pick<vscode.TextDocument, 'positionAt'>, r: { start: number; end: number }): vscode.Range {
  return new vscode.Range(document.positionAt(r.start), document.positionAt(r.end));
}

/** One finding as a diagnostic: the core's message (it names the right value), code, related places. */
export function toDiagnostic(document: Pick<vscode.TextDocument, 'uri' | 'positionAt'>, f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(document, f.range), f.message, SEVERITY[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = f.code;
  if (f.related?.length) {
    d.relatedInformation = f.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(document.uri, toRange(document, r.range)), r.message));
  }
  return d;
}

/** Finds the finding a diagnostic was made from (diagnostics come back to code actions as copies). */
export function findingFor(document: vscode.TextDocument, analysis: DocumentAnalysis, d: vscode.Diagnostic): Finding | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE) return undefined;
  const start = document.offsetAt(d.range.start);
  const end = document.offsetAt(d.range.end);
  return analysis.findings.find((f) => f.code === d.code && f.range.start === start && f.range.end === end && f.message === d.message);
}

/**
 * Publishes the findings of Markdown answers as diagnostics: on open, on change (debounced) or on
 * save, per `dlmath.check.mode`. Files above `dlmath.check.maxFileSizeKB` are checked only on demand.
 */
export class DiagnosticsFeature extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('dlmath'));
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly states = new Map<string, CheckState>();
  /** Files checked on request (a command): their diagnostics outlive closing the document. */
  private readonly pinned = new Set<string>();
  private readonly _onDidChangeState = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChangeState = this._onDidChangeState.event;

  constructor(
    private readonly cache: AnalysisCache,
    private config: DlMathConfig,
    private readonly logger: Logger,
  ) {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.autoCheck(d, 'open')));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) this.autoCheck(e.document, 'change');
    }));
    this._register(vscode.workspace.onDidSaveTextDocument((d) => this.autoCheck(d, 'save')));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
    this._register({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
    for (const d of vscode.workspace.textDocuments) this.autoCheck(d, 'open');
  }

  updateConfig(config: DlMathConfig): void {
    this.config = config;
    for (const d of vscode.workspace.textDocuments) {
      if (!isAnswerDocument(d)) continue;
      if (config.checkMode === 'off' && !this.pinned.has(d.uri.toString())) this.clear(d.uri);
      else this.autoCheck(d, 'open');
    }
  }

  /** The state of the last check of `uri`, if any. */
  stateOf(uri: vscode.Uri): CheckState | undefined {
    return this.states.get(uri.toString());
  }

  /** Checks a document now, whatever its size and the check mode (the commands call this). */
  checkNow(document: vscode.TextDocument): CheckSummary {
    this.pinned.add(document.uri.toString());
    return this.publish(document);
  }

  /**
   * Publishes the findings of a file checked from its text without an editor (Check Answers in
   * Workspace); pinned like `checkNow`. Only the diagnostics are kept, not the analysis.
   */
  publishChecked(uri: vscode.Uri, text: string, analysis: Pick<DocumentAnalysis, 'findings' | 'claims' | 'ignoredFile'>): CheckSummary {
    const key = uri.toString();
    this.cancelTimer(key);
    this.pinned.add(key);
    const starts = lineStarts(text);
    const at = { uri, positionAt: (o: number) => {
      const p = offsetToPosition(starts, o);
      return new vscode.Position(p.line, p.character);
    } };
    this.collection.set(uri, analysis.findings.map((f) => toDiagnostic(at, f)));
    const s = summarize(analysis);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    this.setState(uri, { kind: 'checked', ...s, version: open?.version ?? 0 });
    return s;
  }

  private autoCheck(document: vscode.TextDocument, why: 'open' | 'change' | 'save'): void {
    if (!isAnswerDocument(document)) return;
    const key = document.uri.toString();
    const mode = this.config.checkMode;
    if (mode === 'off') {
      // a file checked on request keeps its diagnostics until it changes
      if (why === 'change' && this.pinned.has(key)) this.clear(document.uri);
      return;
    }
    const bytes = exceedsAutoCheck(document, this.config);
    if (bytes !== undefined) {
      // stale diagnostics would point at the wrong text after an edit
      if (why === 'change' || !this.pinned.has(key)) {
        this.collection.delete(document.uri);
        this.setState(document.uri, { kind: 'too-large', bytes });
      }
      return;
    }
    if (mode === 'onSave' && why === 'change') return;
    if (why === 'change' && this.config.debounceMs > 0) {
      this.cancelTimer(key);
      this.timers.set(key, setTimeout(() => {
        this.timers.delete(key);
        this.publishSoon(document);
      }, this.config.debounceMs));
      return;
    }
    this.publishSoon(document);
  }

  /**
   * Analyses in the background (slices of a few ms: typing is never held up) and publishes the
   * result if the text is still the text analysed; a newer edit drops the run and starts its own.
   */
  private publishSoon(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    this.cancelTimer(key);
    if (document.isClosed) return;
    const t0 = Date.now();
    this.cache.analyze(document).then(
      (analysis) => {
        if (!analysis || document.isClosed || this.isDisposed || this.cache.peek(document) !== analysis) return;
        // switched off while it ran
        if (this.config.checkMode === 'off' && !this.pinned.has(key)) return;
        const stats = this.cache.lastStats;
        const how = stats && stats.document === key && stats.version === document.version ? `, ${stats.slices} slices, longest ${stats.longestSliceMs} ms` : '';
        this.show(document, analysis, `${Date.now() - t0} ms${how}`);
      },
      (e: unknown) => this.logger.error(`checking ${document.uri.toString(true)} failed: ${e instanceof Error && e.stack ? e.stack : String(e)}`),
    );
  }

  private publish(document: vscode.TextDocument): CheckSummary {
    this.cancelTimer(document.uri.toString());
    if (document.isClosed) return { claims: 0, wrong: 0, warnings: 0, ignoredFile: false };
    const t0 = Date.now();
    return this.show(document, this.cache.get(document), `${Date.now() - t0} ms`);
  }

  private show(document: vscode.TextDocument, analysis: DocumentAnalysis, took: string): CheckSummary {
    this.collection.set(document.uri, analysis.findings.map((f) => toDiagnostic(document, f)));
    const s = summarize(analysis);
    this.logger.debug(`checked ${document.uri.toString(true)} v${document.version}: ${s.claims} claims, ${s.wrong} wrong, ${s.warnings} warnings (${took})`);
    this.setState(document.uri, { kind: 'checked', ...s, version: document.version });
    return s;
  }

  private clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
    this.pinned.delete(uri.toString());
    this.states.delete(uri.toString());
    this._onDidChangeState.fire(uri);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cancelTimer(key);
    if (!this.pinned.has(key)) this.clear(uri);
  }

  /** Drops a debounced check of `key` that has not run yet. */
  private cancelTimer(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  private setState(uri: vscode.Uri, state: CheckState): void {
    this.states.set(uri.toString(), state);
    this._onDidChangeState.fire(uri);
  }
}
