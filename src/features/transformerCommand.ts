import * as vscode from 'vscode';
import { analyzeDocument, type DocumentAnalysis } from '../core/document/analysis';
import { formatConfigProblems, formatConfigTextProblem, formatConfigWarnings, parseConfigText, parseTransformerConfig, renderTransformerTable, transformerFromObject } from '../core/transformer';
import { langOf, render } from '../core/messages';
import { TRANSFORMER_PRESETS, presetById, transformerConfigAt } from '../core/shapes/documentConfig';
import type { Logger } from '../core/types';
import { Disposable } from './disposable';

export const TRANSFORMER_CALCULATOR_COMMAND = 'dlmath.transformerCalculator';

/** Arguments for scripted use (tests, keybindings); without any, the command asks. */
export interface TransformerCalculatorArgs {
  /** `gpt2-small`, `bert-base` or `transformer-base`. */
  preset?: string;
  /** A configuration object with the `dlmath transformer` fields, or a Hugging Face config.json's. */
  config?: Record<string, unknown>;
  /** The text of a configuration, as pasted (JSON, one line or many; a Hugging Face config.json as it is). */
  configText?: string;
  /** A config.json file to read (a URI string). */
  configFile?: string;
  /** Read the configuration from the formulas around the cursor. */
  fromDocument?: boolean;
  /** Language of the table; default from the VS Code display language. */
  lang?: 'en' | 'fa';
}

export type TransformerCalculatorResult =
  | { ok: true; text: string; range: vscode.Range; total: number }
  | { ok: false; message: string };

type Choice = { config: Record<string, unknown> } | { custom: Record<string, unknown> } | { file: true } | undefined;

/**
 * `DL Math: Transformer Calculator…`: asks for a configuration (a preset, the sizes declared in the
 * answer around the cursor, or JSON) and inserts the parameter/activation/memory table at the cursor
 * as one undoable edit. The counting and the table are the core's; this is the dialogue and the edit.
 */
export class TransformerCalculatorFeature extends Disposable {
  constructor(
    private readonly logger: Logger,
    private readonly analysisOf: (document: vscode.TextDocument) => DocumentAnalysis = (d) => analyzeDocument(d.getText()),
  ) {
    super();
    this._register(
      vscode.commands.registerCommand(TRANSFORMER_CALCULATOR_COMMAND, async (args?: TransformerCalculatorArgs) => {
        try {
          return await this.run(args);
        } catch (e) {
          this.logger.error(`${TRANSFORMER_CALCULATOR_COMMAND} failed: ${e instanceof Error && e.stack ? e.stack : String(e)}`);
          void vscode.window.showErrorMessage(vscode.l10n.t('DL Math: {0} failed: {1}', TRANSFORMER_CALCULATOR_COMMAND, e instanceof Error ? e.message : String(e)));
          return { ok: false, message: e instanceof Error ? e.message : String(e) } satisfies TransformerCalculatorResult;
        }
      }),
    );
  }

  async run(args: TransformerCalculatorArgs = {}): Promise<TransformerCalculatorResult> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return this.fail(vscode.l10n.t('Open a Markdown answer and put the cursor where the table should go.'));
    const document = editor.document;
    const offset = document.offsetAt(editor.selection.active);

    let config: unknown;
    if (args.config) config = args.config;
    else if (args.configText !== undefined) {
      const parsed = parseConfigText(args.configText);
      if (!parsed.ok) return this.fail(vscode.l10n.t('Invalid configuration: {0}', render(langOf(vscode.env.language), parsed.message)));
      config = parsed.value;
    } else if (args.configFile !== undefined) {
      const read = await readConfigFile(vscode.Uri.parse(args.configFile));
      if (!read.ok) return this.fail(read.message);
      config = read.value;
    } else if (args.preset) {
      const p = presetById(args.preset);
      if (!p) return this.fail(vscode.l10n.t('Unknown preset "{0}"; the presets are {1}.', args.preset, TRANSFORMER_PRESETS.map((x) => x.id).join(', ')));
      config = p.config;
    } else if (args.fromDocument) {
      const fromDoc = transformerConfigAt(this.analysisOf(document), offset, document.getText());
      if (fromDoc.missing.length) {
        return this.fail(vscode.l10n.t('The formulas around the cursor do not declare {0}.', fromDoc.missing.join(', ')));
      }
      config = fromDoc.config;
    } else {
      const choice = await this.ask(document, offset);
      if (!choice) return { ok: false, message: 'cancelled' };
      if ('file' in choice) {
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { JSON: ['json'] }, title: vscode.l10n.t('A transformer configuration (config.json)') });
        if (!picked?.length) return { ok: false, message: 'cancelled' };
        const read = await readConfigFile(picked[0]);
        if (!read.ok) return this.fail(read.message);
        config = read.value;
      } else config = 'config' in choice ? choice.config : await this.askJson(choice.custom);
      if (config === undefined) return { ok: false, message: 'cancelled' };
    }

    const result = transformerFromObject(config, langOf(vscode.env.language));
    if (!result.ok) return this.fail(vscode.l10n.t('Invalid configuration: {0}', result.message));
    for (const w of formatConfigWarnings(result.report.warnings)) this.logger.warn(`transformer calculator: ${w}`);
    const lang = args.lang ?? (vscode.env.language.toLowerCase().startsWith('fa') ? 'fa' : 'en');
    const table = renderTransformerTable(result.report, { lang });

    // A Markdown table needs a line of its own with a blank line before it; never split a formula.
    const analysis = this.analysisOf(document);
    let at = editor.selection.active;
    const inside = analysis.formulas.find((f) => offset > f.span.start && offset < f.span.end);
    if (inside) at = document.lineAt(document.positionAt(inside.span.end).line).range.end;
    const line = document.lineAt(at.line);
    const before = line.text.slice(0, at.character);
    const after = line.text.slice(at.character);
    const prevBlank = at.line === 0 || document.lineAt(at.line - 1).isEmptyOrWhitespace;
    let prefix = '';
    if (before.trim() !== '') prefix = '\n\n';
    else if (!prevBlank) prefix = '\n';
    // the table ends with a newline; one more leaves a blank line before the text that follows
    const nextNonBlank = at.line < document.lineCount - 1 && !document.lineAt(at.line + 1).isEmptyOrWhitespace;
    const suffix = after.trim() !== '' || nextNonBlank ? '\n' : '';
    const text = prefix + table + suffix;

    const ok = await editor.edit((b) => b.insert(at, text));
    if (!ok) return this.fail(vscode.l10n.t('the document could not be edited.'));
    const start = document.positionAt(document.offsetAt(at) + prefix.length);
    const end = document.positionAt(document.offsetAt(at) + prefix.length + table.length);
    return { ok: true, text: table, range: new vscode.Range(start, end), total: result.report.total };
  }

  private fail(message: string): TransformerCalculatorResult {
    void vscode.window.showInformationMessage(vscode.l10n.t('DL Math: {0}', message));
    return { ok: false, message };
  }

  /** The preset picker; the first entry is what the answer itself declares, when it declares anything. */
  private async ask(document: vscode.TextDocument, offset: number): Promise<Choice> {
    type Item = vscode.QuickPickItem & { choice: Choice };
    const items: Item[] = [];
    const fromDoc = transformerConfigAt(this.analysisOf(document), offset, document.getText());
    if (fromDoc.found.length) {
      const complete = fromDoc.missing.length === 0;
      items.push({
        label: vscode.l10n.t('From the formulas around the cursor'),
        description: fromDoc.found.join(', '),
        detail: complete ? undefined : vscode.l10n.t('Not declared: {0} (you can fill them in next)', fromDoc.missing.join(', ')),
        choice: complete ? { config: fromDoc.config } : { custom: { ...fromDoc.config, ...Object.fromEntries(fromDoc.missing.map((m) => [m, 0])) } },
      });
    }
    for (const p of TRANSFORMER_PRESETS) items.push({ label: p.label, description: p.description, choice: { config: p.config } });
    items.push({ label: vscode.l10n.t('Custom…'), description: vscode.l10n.t('Type or paste JSON: these fields, or a Hugging Face config.json as it is'), choice: { custom: { vocabSize: 32000, dModel: 512, heads: 8, decoderLayers: 6, maxPositions: 1024 } } });
    items.push({ label: vscode.l10n.t('From a config.json file…'), description: vscode.l10n.t('A Hugging Face config.json (GPT-2, BERT) or a file with these fields'), choice: { file: true } });
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('DL Math: Transformer Calculator'), placeHolder: vscode.l10n.t('Which transformer?'), matchOnDescription: true });
    return picked?.choice;
  }

  private async askJson(initial: Record<string, unknown>): Promise<unknown> {
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('DL Math: Transformer Calculator'),
      prompt: vscode.l10n.t('Configuration as JSON (paste a Hugging Face config.json as it is, or give vocabSize, dModel, heads, dFF, encoderLayers, decoderLayers, maxPositions, positional, tokenTypes, bias, layerNorm, tiedEmbeddings, pooler, batch, seqLen, bytesPerValue)'),
      value: JSON.stringify(initial),
      ignoreFocusOut: true,
      validateInput: (v) => {
        const parsed = parseConfigText(v);
        if (!parsed.ok) return formatConfigTextProblem(parsed.message, langOf(vscode.env.language));
        const r = parseTransformerConfig(parsed.value);
        return r.ok ? undefined : formatConfigProblems(r.errors, langOf(vscode.env.language));
      },
    });
    if (text === undefined) return undefined;
    const parsed = parseConfigText(text);
    return parsed.ok ? parsed.value : undefined;
  }
}

/** A configuration file through VS Code's file system (works in remote and virtual workspaces). */
async function readConfigFile(uri: vscode.Uri): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  let text: string;
  try {
    text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  } catch (e) {
    return { ok: false, message: vscode.l10n.t('{0} could not be read: {1}', uri.path.split('/').pop() ?? uri.toString(), e instanceof Error ? e.message : String(e)) };
  }
  const parsed = parseConfigText(text);
  return parsed.ok ? parsed : { ok: false, message: vscode.l10n.t('Invalid configuration: {0}', render(langOf(vscode.env.language), parsed.message)) };
}
