import * as vscode from 'vscode';
import { Disposable } from './disposable';

export interface InlineResult {
  uri: vscode.Uri;
  /** Where the value is shown: right after this position. */
  position: vscode.Position;
  /** The text shown, e.g. `= 2359296`. */
  text: string;
  /** The whole value (Markdown) when `text` is a short form of it. */
  hover?: string;
}

/** Shows `= value` after an evaluated formula until the document is next edited. */
export class InlineResultFeature extends Disposable {
  private readonly decoration = this._register(vscode.window.createTextEditorDecorationType({
    after: {
      margin: '0 0 0 0.6em',
      color: new vscode.ThemeColor('editorCodeLens.foreground'),
      fontStyle: 'italic',
    },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  }));
  private readonly results = new Map<string, InlineResult>();

  constructor() {
    super();
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) this.clear(e.document.uri);
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.results.delete(d.uri.toString())));
    // an editor shown again (another tab, a split) gets its result back
    this._register(vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.apply(e))));
  }

  /** Shows `text` after `position` in every editor of the document, replacing an earlier result. */
  show(uri: vscode.Uri, position: vscode.Position, text: string, hover?: string): void {
    this.results.set(uri.toString(), { uri, position, text, ...(hover ? { hover } : {}) });
    for (const e of vscode.window.visibleTextEditors) if (e.document.uri.toString() === uri.toString()) this.apply(e);
  }

  /** The result currently shown in the document, if any. */
  current(uri: vscode.Uri): InlineResult | undefined {
    return this.results.get(uri.toString());
  }

  clear(uri: vscode.Uri): void {
    if (!this.results.delete(uri.toString())) return;
    for (const e of vscode.window.visibleTextEditors) if (e.document.uri.toString() === uri.toString()) e.setDecorations(this.decoration, []);
  }

  private apply(editor: vscode.TextEditor): void {
    const r = this.results.get(editor.document.uri.toString());
    if (!r) return;
    editor.setDecorations(this.decoration, [{
      range: new vscode.Range(r.position, r.position),
      renderOptions: { after: { contentText: r.text } },
      ...(r.hover ? { hoverMessage: new vscode.MarkdownString(r.hover) } : {}),
    }]);
  }
}
