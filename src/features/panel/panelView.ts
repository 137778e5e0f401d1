import * as vscode from 'vscode';
import { isolate, isRtl, type Lang } from '../../core/messages';
import { buildLastResult, PanelLastResult } from '../../core/views/lastResult';
import { buildPanelModel, findingById, PanelModel } from '../../core/views/panelModel';
import type { Logger } from '../../core/types';
import { FromPanelMessage, InsertSource, isFromPanel, ToPanelMessage } from '../../shared/protocol';
import { AnalysisCache, isAnswerDocument } from '../analysisCache';
import type { EvaluationEvent } from '../commands';
import type { DlMathConfig } from '../config';
import { Disposable } from '../disposable';
import { answerLanguage, asBlock, bpttInsertText, readTransformerConfig, runBptt, runTransformer, transformerInsertText } from './calculators';
import { localResourceRoots, panelHtml } from './html';
import { panelStrings, translate } from './strings';

/** The view id in package.json; VS Code derives the `dlmath.panel.focus` command from it. */
export const PANEL_VIEW_ID = 'dlmath.panel';
/** Cursor moves closer together than this are merged into one update (the last position wins). */
const CURSOR_THROTTLE_MS = 30;

/** What the integration tests read through `dlmath._panelState`. */
export interface PanelDebugState {
  resolved: boolean;
  ready: boolean;
  visible: boolean;
  updates: number;
  /** The last update posted: which document and formula, and how long it took from the event. */
  last?: { document: string; version: number; cursor: number; formula?: number; focus?: string; value?: string; ms: number; buildMs: number };
  rejected: number;
  /** Well-formed messages the panel declined: a finding to reveal that is stale or gone. */
  refused: number;
  /** The last finding selected in the answer from the panel. */
  revealed?: { document: string; id: string; start: number; end: number };
  /** The last Evaluate Selection the panel holds, and how many times such a result was posted. */
  lastResult?: PanelLastResult & { uri?: string };
  resultPosts: number;
  /** The last result is shown (it belongs to the answer the panel follows). */
  resultShown?: boolean;
  /** The webview's localResourceRoots, as paths relative to the extension. */
  resourceRoots?: string[];
}

/**
 * The DL Math side panel: a webview view that follows the active Markdown editor and shows the
 * formula under the cursor (see core/panelModel), with fixes and the BPTT and transformer
 * calculators. The webview is rebuilt whenever it is shown (no retainContextWhenHidden): it sends
 * `ready`, and this answers with `init` and the current `update`.
 */
export class PanelFeature extends Disposable implements vscode.WebviewViewProvider {
  private view?: vscode.WebviewView;
  private text?: { key: string; version: number; text: string };
  private viewDisposables: vscode.Disposable[] = [];
  private ready = false;
  private editor?: vscode.TextEditor;
  private reason: 'noEditor' | 'notMarkdown' = 'noEditor';
  private timer?: ReturnType<typeof setTimeout>;
  private dueAt = 0;
  /** When the event that the pending update answers happened (for the measured latency). */
  private eventAt = 0;
  private lastPostAt = 0;
  private lastEditAt = 0;
  /** The language of the strings last sent to the page. */
  private postedLang?: Lang;
  private readonly debug: PanelDebugState = { resolved: false, ready: false, visible: false, updates: 0, rejected: 0, refused: 0, resultPosts: 0 };
  /** The last Evaluate Selection (kept while the view is hidden and sent again when it is shown). */
  private lastResult?: { uri?: string; result: PanelLastResult };

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly analyses: AnalysisCache,
    private config: DlMathConfig,
    private readonly logger: Logger,
    onDidEvaluate: vscode.Event<EvaluationEvent>,
  ) {
    super();
    this._register(vscode.window.registerWebviewViewProvider(PANEL_VIEW_ID, this));
    this._register(vscode.commands.registerCommand('dlmath.openPanel', () => this.open()));
    // for the integration suite: the panel's state, and a message fed through the same checks as the webview's
    this._register(vscode.commands.registerCommand('dlmath._panelState', () => ({
      ...this.debug,
      last: this.debug.last && { ...this.debug.last },
      revealed: this.debug.revealed && { ...this.debug.revealed },
      lastResult: this.lastResult && { ...this.lastResult.result, uri: this.lastResult.uri },
    })));
    this._register(onDidEvaluate((e) => this.showResult(e)));
    this._register(vscode.commands.registerCommand('dlmath._panelReceive', (msg: unknown) => this.receive(msg)));

    this.followEditor(vscode.window.activeTextEditor);
    this._register(vscode.window.onDidChangeActiveTextEditor((e) => {
      const before = this.editor?.document;
      this.followEditor(e);
      if (this.editor?.document !== before && this.lastResult) this.postResult();
      this.schedule(0);
    }));
    this._register(vscode.window.onDidChangeTextEditorSelection((e) => {
      if (!isAnswerDocument(e.textEditor.document)) return;
      this.editor = e.textEditor;
      this.schedule(CURSOR_THROTTLE_MS, true);
    }));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length === 0 || e.document !== this.editor?.document) return;
      this.lastEditAt = Date.now();
      this.schedule(this.editDelay());
    }));
    this._register(analyses.onDidAnalyze((e) => {
      if (e.document === this.editor?.document) this.schedule(0);
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => {
      if (d === this.editor?.document) {
        this.editor = undefined;
        this.reason = 'noEditor';
        this.schedule(0);
        if (this.lastResult) this.postResult();
      }
      // a result of an answer that is closed is of no use any more
      if (this.lastResult?.uri === d.uri.toString()) this.setResult(undefined);
    }));
    this._register({ dispose: () => this.disposeView() });
  }

  updateConfig(config: DlMathConfig): void {
    this.config = config;
    this.schedule(0);
  }

  async open(): Promise<void> {
    // VS Code creates `<viewId>.focus` for every view: it opens the container and resolves the view
    await vscode.commands.executeCommand(`${PANEL_VIEW_ID}.focus`);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    this.ready = false;
    this.debug.resolved = true;
    this.debug.ready = false;
    const roots = localResourceRoots(this.extensionUri);
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: roots };
    this.debug.resourceRoots = roots.map((r) => r.path.slice(this.extensionUri.path.replace(/\/$/, '').length + 1));
    const lang = this.language();
    view.webview.html = panelHtml(view.webview, this.extensionUri, { lang, rtl: isRtl(lang) });
    this.viewDisposables.push(
      view.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      view.onDidChangeVisibility(() => {
        this.debug.visible = view.visible;
        if (view.visible) this.schedule(0);
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
          this.debug.ready = false;
          this.debug.visible = false;
        }
      }),
    );
    this.debug.visible = view.visible;
  }

  private disposeView(): void {
    for (const d of this.viewDisposables.splice(0)) d.dispose();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private followEditor(e: vscode.TextEditor | undefined): void {
    if (!e) return; // focus moved to a panel or the webview itself: keep following the last answer
    if (isAnswerDocument(e.document)) this.editor = e;
    else if (e.document.uri.scheme !== 'output') {
      this.editor = undefined;
      this.reason = 'notMarkdown';
    }
  }

  private editDelay(): number {
    return Math.max(100, this.config.debounceMs);
  }

  /**
   * Posts an update after at most `delay` ms; an earlier deadline already pending is kept. With
   * `leading`, an event after a quiet spell is answered at once (a single cursor move), and a burst
   * (holding an arrow key) at most every `delay` ms with its last position.
   */
  private schedule(delay: number, leading = false): void {
    if (this.isDisposed) return;
    const now = Date.now();
    if (!this.timer) this.eventAt = now;
    const wait = leading && now - this.lastPostAt >= delay ? 0 : delay;
    const due = now + wait;
    if (this.timer && this.dueAt <= due) return;
    clearTimeout(this.timer);
    this.dueAt = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  /** The panel's "last result" follows every Evaluate Selection, failed ones too. */
  private showResult(e: EvaluationEvent): void {
    const o = e.outcome;
    const result = buildLastResult({ document: e.uri ? fileName(e.uri) : '', source: e.source, outcome: o.ok ? { ok: true, value: o.value, steps: o.steps } : { ok: false, message: o.message } });
    this.setResult({ uri: e.uri?.toString(), result });
  }

  private setResult(r: { uri?: string; result: PanelLastResult } | undefined): void {
    this.lastResult = r;
    this.postResult();
  }

  /** The result shown: the last one, when it was evaluated in the answer the panel follows (another file's is kept, not shown). */
  private shownResult(): PanelLastResult | null {
    const r = this.lastResult;
    if (!r) return null;
    return r.uri === undefined || r.uri === this.editor?.document.uri.toString() ? r.result : null;
  }

  private postResult(): void {
    if (!this.view || !this.ready) return; // sent with `init` when the webview is (re)loaded
    const result = this.shownResult();
    this.post({ type: 'lastResult', result });
    this.debug.resultPosts++;
    this.debug.resultShown = result !== null;
  }

  private post(message: ToPanelMessage): void {
    void this.view?.webview.postMessage(message);
  }

  /**
   * The language the panel speaks: that of the findings of the answer it follows
   * (`dlmath.messages.language`, or with `auto` the answer's prose), so that a Persian answer gets a
   * Persian panel also in an English VS Code.
   */
  private language(): Lang {
    const doc = this.editor?.document;
    return doc && !doc.isClosed ? this.analyses.languageOf(doc) : this.config.engine.language;
  }

  /**
   * The language of what the panel writes into the answer and previews before it does (a derivation,
   * a table): the answer's own prose (calculators' answerLanguage), else the panel's language.
   */
  private answerLanguage(): Lang {
    const doc = this.editor?.document;
    return doc && !doc.isClosed ? answerLanguage(doc.getText(), this.analyses.languageOf(doc)) : this.language();
  }

  /** The page's strings and direction; posted again when the followed answer's language changes. */
  private postInit(): void {
    const lang = this.language();
    this.postedLang = lang;
    this.post({ type: 'init', locale: lang, rtl: isRtl(lang), strings: panelStrings(lang) });
  }

  private flush(): void {
    if (!this.view || !this.ready) return;
    if (!this.view.visible) return; // shown again → resolved anew or visibility event → update then
    const editor = this.editor;
    if (!editor || editor.document.isClosed) {
      this.post({ type: 'update', document: null, model: null, reason: this.reason });
      return;
    }
    const doc = editor.document;
    const analysis = this.analyses.peek(doc);
    if (!analysis) {
      // while typing, wait for a pause before analysing again (as the diagnostics do)
      const sinceEdit = Date.now() - this.lastEditAt;
      if (sinceEdit < this.editDelay()) {
        this.schedule(this.editDelay() - sinceEdit);
        return;
      }
      // in the background; its end (onDidAnalyze) schedules this again
      void this.analyses.analyze(doc);
      return;
    }
    const lang = this.language();
    if (lang !== this.postedLang) this.postInit();
    const t0 = Date.now();
    const model = buildPanelModel(analysis, doc.offsetAt(editor.selection.active), this.textOf(doc), lang);
    const buildMs = Date.now() - t0;
    this.post({ type: 'update', document: { name: fileName(doc.uri), version: doc.version }, model });
    this.lastPostAt = Date.now();
    this.debug.updates++;
    this.debug.last = { document: doc.uri.toString(), version: doc.version, cursor: model.cursor, formula: model.formula?.index, focus: model.formula?.focus?.source, value: model.formula?.focus?.value.latex, ms: this.lastPostAt - this.eventAt, buildMs };
    if (buildMs > 20) this.logger.debug(`panel: model for ${fileName(doc.uri)} took ${buildMs} ms`);
  }

  /**
   * The document's text, copied once per version (cursor moves reuse it): the hover's explanations
   * read the prose around a formula, and the panel must say what the hover says.
   */
  private textOf(doc: vscode.TextDocument): string {
    const key = doc.uri.toString();
    if (this.text?.key !== key || this.text.version !== doc.version) this.text = { key, version: doc.version, text: doc.getText() };
    return this.text.text;
  }

  /** Every message from the webview (or the test command) comes through here and is checked first. */
  async receive(raw: unknown): Promise<boolean> {
    if (!isFromPanel(raw)) {
      this.debug.rejected++;
      this.logger.warn(`panel: dropped a malformed message ${describe(raw)}`);
      return false;
    }
    try {
      if ((await this.handle(raw)) === false) {
        this.debug.refused++;
        return false;
      }
      return true;
    } catch (e) {
      this.logger.error(`panel: ${raw.type} failed: ${e instanceof Error && e.stack ? e.stack : String(e)}`);
      this.notice('error', this.t('DL Math: {0} failed: {1}', raw.type, e instanceof Error ? e.message : String(e)));
      return false;
    }
  }

  /** False when a well-formed request is refused (stale or unknown); nothing is changed then. */
  private async handle(msg: FromPanelMessage): Promise<boolean | void> {
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.debug.ready = true;
        this.postInit();
        if (this.lastResult) this.postResult();
        this.schedule(0);
        return;
      case 'applyFix':
        return this.applyFix(msg.id, msg.version);
      case 'reveal':
        return this.reveal(msg.start, msg.end, msg.version);
      case 'revealFinding':
        return this.revealFinding(msg.id, msg.version);
      case 'bptt':
        this.post({ type: 'bpttResult', requestId: msg.requestId, result: runBptt(msg.request, this.language(), this.answerLanguage()) });
        return;
      case 'transformer':
        this.post({ type: 'transformerResult', requestId: msg.requestId, result: runTransformer(msg.config, this.language()) });
        return;
      case 'transformerConfig':
        this.post({ type: 'transformerConfigResult', requestId: msg.requestId, result: readTransformerConfig(msg.text, this.language()) });
        return;
      case 'transformerConfigFile':
        return this.readConfigFile(msg.requestId);
      case 'insert':
        return this.insert(msg.source);
    }
  }

  /** A config.json picked by the student, read through VS Code's file system into the form. */
  private async readConfigFile(requestId: number): Promise<boolean | void> {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { JSON: ['json'] }, title: vscode.l10n.t('A transformer configuration (config.json)') });
    if (!picked?.length) return false;
    let text: string;
    try {
      text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(picked[0]));
    } catch (e) {
      return this.notice('error', this.t('{0} could not be read: {1}', this.value(fileName(picked[0])), e instanceof Error ? e.message : String(e)));
    }
    this.post({ type: 'transformerConfigResult', requestId, result: readTransformerConfig(text, this.language()) });
  }

  /**
   * A notice's text in the panel's language (the page's, also when VS Code has no Persian language
   * pack): l10n/bundle.l10n.fa.json read by the panel's `translate`, as its other strings.
   */
  private t(key: string, ...args: (string | number)[]): string {
    return translate(this.language(), key, ...args);
  }

  /** A name put into a notice (a file name): left to right inside a right-to-left sentence. */
  private value(s: string): string {
    return isRtl(this.language()) ? isolate(s) : s;
  }

  private notice(level: 'info' | 'error', text: string): void {
    this.post({ type: 'notice', level, text });
    if (level === 'error' && !this.view?.visible) void vscode.window.showErrorMessage(text);
  }

  /** A request from a panel drawn from an older version of the answer: redraw and say so (true), else false. */
  private refusedAsStale(doc: vscode.TextDocument, version: number): boolean {
    if (doc.version === version) return false;
    this.schedule(0);
    this.notice('info', this.t('The answer changed since the panel was drawn; the panel is updated, try again.'));
    return true;
  }

  private async applyFix(id: string, version: number): Promise<void> {
    const doc = this.editor?.document;
    if (!doc || doc.isClosed) return this.notice('error', this.t('Open the answer in an editor first.'));
    if (this.refusedAsStale(doc, version)) return;
    const finding = findingById(this.analyses.get(doc), id);
    if (!finding?.fix || finding.fix.range.end > doc.getText().length) return this.notice('error', this.t('This finding has no fix any more.'));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(finding.fix.range.start), doc.positionAt(finding.fix.range.end)), finding.fix.newText);
    if (!(await vscode.workspace.applyEdit(edit))) return this.notice('error', this.t('the document could not be edited.'));
    // a title quoting a matrix in LaTeX reads badly as a sentence
    this.notice('info', finding.fix.title.includes('\\') ? this.t('Fixed: the right value is written.') : this.t('Fixed: {0}', finding.fix.title));
  }

  /** A variable's definition, by the offsets of the version the panel was drawn from (refused after an edit). */
  private async reveal(start: number, end: number, version: number): Promise<boolean | void> {
    const editor = this.editor;
    if (!editor || editor.document.isClosed) return;
    if (this.refusedAsStale(editor.document, version)) return false;
    const len = editor.document.getText().length;
    if (start > end || end > len) return;
    await this.select(editor, start, end);
  }

  /**
   * Selects the claimed text of a finding the panel listed. The range comes from the analysis of the
   * version the panel was drawn from, never from the webview: a click on a panel drawn before an edit
   * is refused (and the panel redrawn) rather than selecting text that has moved.
   */
  private async revealFinding(id: string, version: number): Promise<boolean> {
    const editor = this.editor;
    const doc = editor?.document;
    if (!editor || !doc || doc.isClosed) {
      this.notice('error', this.t('Open the answer in an editor first.'));
      return false;
    }
    if (this.refusedAsStale(doc, version)) return false;
    const finding = findingById(this.analyses.get(doc), id);
    if (!finding || finding.range.start > finding.range.end || finding.range.end > doc.getText().length) return false;
    await this.select(editor, finding.range.start, finding.range.end);
    this.debug.revealed = { document: doc.uri.toString(), id, start: finding.range.start, end: finding.range.end };
    return true;
  }

  /** Shows the answer with `start…end` selected and in view, the editor focused. */
  private async select(editor: vscode.TextEditor, start: number, end: number): Promise<void> {
    const doc = editor.document;
    const range = new vscode.Range(doc.positionAt(start), doc.positionAt(end));
    const shown = await vscode.window.showTextDocument(doc, { viewColumn: editor.viewColumn, selection: range, preserveFocus: false });
    shown.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** One undoable edit at the answer's cursor, with text the extension computes from the request. */
  private async insert(source: InsertSource): Promise<void> {
    const editor = this.editor;
    if (!editor || editor.document.isClosed) return this.notice('error', this.t('Open the answer in an editor first.'));
    const doc = editor.document;
    let text: string | undefined;
    if (source.kind === 'bptt') {
      text = bpttInsertText(source.request, this.answerLanguage());
      if (text === undefined) {
        const r = runBptt(source.request, this.language());
        return this.notice('error', this.t('Nothing inserted: {0}', r.ok ? '' : r.error));
      }
    } else {
      text = transformerInsertText(source.config, this.answerLanguage());
      if (text === undefined) {
        const r = runTransformer(source.config, this.language());
        return this.notice('error', this.t('Nothing inserted: {0}', r.ok ? '' : r.error));
      }
    }
    const at = editor.selection.active;
    const line = doc.lineAt(at.line).text;
    const prevBlank = at.line === 0 || doc.lineAt(at.line - 1).isEmptyOrWhitespace;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, at, asBlock(text, line.slice(0, at.character), line.slice(at.character), prevBlank));
    if (!(await vscode.workspace.applyEdit(edit))) return this.notice('error', this.t('the document could not be edited.'));
    this.notice('info', this.t('Inserted into {0}.', this.value(fileName(doc.uri))));
  }
}

function fileName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.toString();
}

function describe(x: unknown): string {
  try {
    const s = JSON.stringify(x);
    return s === undefined ? String(x) : s.length > 200 ? s.slice(0, 200) + '…' : s;
  } catch {
    return typeof x;
  }
}

export type { PanelModel };
