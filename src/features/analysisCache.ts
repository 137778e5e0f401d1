import * as vscode from 'vscode';
import { analyzeDocument, analyzeDocumentSteps, DocumentAnalysis, FormulaCache, Variable } from '../core/document/analysis';
import { runInSlices, SLICE_MS, SteppedJob } from '../core/steps';
import type { EngineOptions } from '../core/types';
import type { Lang } from '../core/messages';
import { proseLanguage } from '../core/markdown/proseLanguage';
import { Disposable } from './disposable';

export interface AnalysisEvent {
  document: vscode.TextDocument;
  analysis: DocumentAnalysis;
}

/** How the last background analysis ran (the integration suite and the log read it). */
export interface AnalysisStats {
  document: string;
  version: number;
  slices: number;
  longestSliceMs: number;
  totalMs: number;
  /** Background analyses dropped so far because the text changed under them. */
  dropped: number;
}

interface Running {
  version: number;
  job: SteppedJob<DocumentAnalysis>;
  promise: Promise<DocumentAnalysis | undefined>;
}

interface Entry {
  version: number;
  /** The language of the messages of `version` (with `auto`, decided by the answer's prose). */
  language?: Lang;
  analysis?: DocumentAnalysis;
  /**
   * Parsed formulas by their text, with their last evaluations: an edit re-parses only the formulas
   * it changed and re-evaluates only those and the ones that read what they define.
   */
  formulas: FormulaCache;
  /** A background analysis of some version, in slices. */
  running?: Running;
}

/** Markdown documents DL Math looks at: real answer files, not diff views or output panes. */
export function isAnswerDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'markdown' && !IGNORED_SCHEMES.has(document.uri.scheme);
}
// notebook cells are read together with the other cells of their notebook (features/notebook.ts)
const IGNORED_SCHEMES = new Set(['git', 'gitfs', 'output', 'vscode-scm', 'conflictResolution', 'review', 'pr', 'vscode-notebook-cell']);

/**
 * One analysis per document URI and version, shared by diagnostics, hover, commands and the panel.
 * Nothing here knows math: it calls the core's `analyzeDocument` and remembers the result.
 */
export class AnalysisCache extends Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly _onDidAnalyze = this._register(new vscode.EventEmitter<AnalysisEvent>());
  /** Fires whenever a document version has been analysed (the panel listens). */
  readonly onDidAnalyze = this._onDidAnalyze.event;

  private dropped = 0;
  /** The last background analysis that ran to its end. */
  lastStats: AnalysisStats | undefined;

  constructor(private engine: EngineOptions, private autoLanguage = false) {
    super();
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.entries.delete(d.uri.toString())));
    // for the integration suite: how the last background analysis ran
    this._register(vscode.commands.registerCommand('dlmath._analysisStats', () => this.lastStats && { ...this.lastStats }));
  }

  private entryOf(document: vscode.TextDocument): Entry {
    const key = document.uri.toString();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { version: -1, formulas: new FormulaCache(5_000) };
      this.entries.set(key, entry);
    }
    return entry;
  }

  /**
   * The analysis of the document's current version, computed now if it is not cached yet (a
   * background analysis of this version is finished at once). For commands the user ran; handlers
   * of typing and hovering use `analyze`, which never holds the extension host for long.
   */
  get(document: vscode.TextDocument): DocumentAnalysis {
    const entry = this.entryOf(document);
    if (entry.analysis && entry.version === document.version) return entry.analysis;
    const running = entry.running?.version === document.version ? entry.running.job : undefined;
    const analysis = running ? running.finish() : analyzeDocument(document.getText(), this.optionsFor(document, entry), entry.formulas);
    this.store(document, entry, document.version, analysis);
    return analysis;
  }

  /**
   * The analysis of the document's current version, computed in slices of at most about `SLICE_MS`
   * with the event loop free between them; undefined when the text changed before it was done (the
   * analysis of the new version is what is wanted then). Callers for one version share one run.
   */
  analyze(document: vscode.TextDocument): Promise<DocumentAnalysis | undefined> {
    const entry = this.entryOf(document);
    const version = document.version;
    if (entry.analysis && entry.version === version) return Promise.resolve(entry.analysis);
    if (entry.running?.version === version) return entry.running.promise;
    const key = document.uri.toString();
    const started = performance.now();
    const job = new SteppedJob(analyzeDocumentSteps(document.getText(), this.optionsFor(document, entry), entry.formulas));
    const running: Running = { version, job, promise: Promise.resolve(undefined) };
    entry.running = running; // before the first slice, which checks it
    const cancelled = () => this.isDisposed || document.isClosed || document.version !== version || entry.running !== running || this.entries.get(key) !== entry;
    running.promise = runInSlices(job, { sliceMs: SLICE_MS, pause: () => new Promise((resolve) => setImmediate(resolve)), cancelled }).then((analysis) => {
      if (entry.running === running) entry.running = undefined;
      if (!analysis) {
        this.dropped++;
        return undefined;
      }
      this.lastStats = { document: key, version, slices: job.slices, longestSliceMs: Math.round(job.longestSliceMs * 10) / 10, totalMs: Math.round(performance.now() - started), dropped: this.dropped };
      if (this.entries.get(key) === entry && !(entry.analysis === analysis && entry.version === version)) this.store(document, entry, version, analysis);
      return analysis;
    });
    return running.promise;
  }

  private store(document: vscode.TextDocument, entry: Entry, version: number, analysis: DocumentAnalysis): void {
    entry.version = version;
    entry.analysis = analysis;
    if (entry.running?.version === version) entry.running = undefined;
    this._onDidAnalyze.fire({ document, analysis });
  }

  /** The cached analysis if it belongs to the document's current version; never analyses. */
  peek(document: vscode.TextDocument): DocumentAnalysis | undefined {
    const entry = this.entries.get(document.uri.toString());
    return entry && entry.version === document.version ? entry.analysis : undefined;
  }

  /** The engine options for this version of the document: with `auto`, in the language of its prose. */
  private optionsFor(document: vscode.TextDocument, entry: Entry): EngineOptions {
    const language = this.autoLanguage ? (proseLanguage(document.getText()).lang ?? this.engine.language) : this.engine.language;
    entry.language = language;
    return language === this.engine.language ? this.engine : { ...this.engine, language };
  }

  /** The language the document's messages are written in (hover labels, evaluation errors). */
  languageOf(document: vscode.TextDocument): Lang {
    const entry = this.entries.get(document.uri.toString());
    if (entry?.language && (entry.version === document.version || entry.running?.version === document.version)) return entry.language;
    return this.autoLanguage ? (proseLanguage(document.getText()).lang ?? this.engine.language) : this.engine.language;
  }

  /** New engine options invalidate every analysis and every parsed formula. */
  setEngine(engine: EngineOptions, autoLanguage = this.autoLanguage): void {
    if (JSON.stringify(engine) === JSON.stringify(this.engine) && autoLanguage === this.autoLanguage) return;
    this.engine = engine;
    this.autoLanguage = autoLanguage;
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
      return definedBefore ? f.after : f.scope;
    }
  }
  return fs.length ? fs[fs.length - 1].after : new Map();
}
