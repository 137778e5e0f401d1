import * as vscode from 'vscode';
import { analyzeDocument, DocumentAnalysis, FormulaCache, Variable } from '../core/analysis';
import type { EngineOptions } from '../core/types';
import { Disposable } from './disposable';

export interface AnalysisEvent {
  document: vscode.TextDocument;
  analysis: DocumentAnalysis;
}

interface Entry {
  version: number;
  analysis?: DocumentAnalysis;
  /** Parsed formulas by their text: an edit re-parses only the formulas it changed. */
  formulas: FormulaCache;
}

/** Markdown documents DL Math looks at: real answer files, not diff views or output panes. */
export function isAnswerDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'markdown' && !IGNORED_SCHEMES.has(document.uri.scheme);
}
const IGNORED_SCHEMES = new Set(['git', 'gitfs', 'output', 'vscode-scm', 'conflictResolution', 'review', 'pr']);

/**
 * One analysis per document URI and version, shared by diagnostics, hover, commands and the panel.
 * Nothing here knows math: it calls the core's `analyzeDocument` and remembers the result.
 */
export class AnalysisCache extends Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly _onDidAnalyze = this._register(new vscode.EventEmitter<AnalysisEvent>());
  /** Fires whenever a document version has been analysed (the panel listens). */
  readonly onDidAnalyze = this._onDidAnalyze.event;

  constructor(private engine: EngineOptions) {
    super();
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.entries.delete(d.uri.toString())));
  }

  /** The analysis of the document's current version, computed now if it is not cached yet. */
  get(document: vscode.TextDocument): DocumentAnalysis {
    const key = document.uri.toString();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { version: -1, formulas: new FormulaCache(5_000) };
      this.entries.set(key, entry);
    }
    if (entry.analysis && entry.version === document.version) return entry.analysis;
    const analysis = analyzeDocument(document.getText(), this.engine, entry.formulas);
    entry.version = document.version;
    entry.analysis = analysis;
    this._onDidAnalyze.fire({ document, analysis });
    return analysis;
  }

  /** The cached analysis if it belongs to the document's current version; never analyses. */
  peek(document: vscode.TextDocument): DocumentAnalysis | undefined {
    const entry = this.entries.get(document.uri.toString());
    return entry && entry.version === document.version ? entry.analysis : undefined;
  }

  /** New engine options invalidate every analysis and every parsed formula. */
  setEngine(engine: EngineOptions): void {
    if (JSON.stringify(engine) === JSON.stringify(this.engine)) return;
    this.engine = engine;
    this.entries.clear();
  }

  get engineOptions(): EngineOptions {
    return this.engine;
  }
}

/**
 * Variables known at `offset`: those of the formula containing it (plus what earlier statements of
 * that formula defined), or of the last formula before it.
 */
export function scopeAt(analysis: DocumentAnalysis, offset: number): ReadonlyMap<string, Variable> {
  const fs = analysis.formulas;
  for (let i = 0; i < fs.length; i++) {
    const f = fs[i];
    if (offset < f.span.start) return f.scope;
    if (offset <= f.span.end) {
      const definedBefore = f.chains.some((c) => c.defines.length > 0 && c.range.end <= offset);
      return definedBefore ? (fs[i + 1]?.scope ?? analysis.variables) : f.scope;
    }
  }
  return analysis.variables;
}
