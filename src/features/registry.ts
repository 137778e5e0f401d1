import * as vscode from 'vscode';
import type { Logger } from '../core/types';
import type { DlMathConfig } from './config';
import { AnalysisCache } from './analysisCache';
import { DiagnosticsFeature } from './diagnostics';
import { StatusBarFeature } from './statusBar';
import { CodeActionsFeature } from './codeActions';
import { InlineResultFeature } from './inlineResult';
import { CommandsFeature, EvaluationEvent } from './commands';
import { HoverFeature } from './hover';
import { PanelFeature } from './panel/panelView';
import { TransformerCalculatorFeature } from './transformerCommand';
import { PreviewFeature } from './preview';
import type { MarkdownItLike } from '../preview/markWrongClaims';
import { NotebookFeature } from './notebook';

export interface FeatureContext {
  logger: Logger;
  config: DlMathConfig;
}

export interface Services {
  updateConfig(config: DlMathConfig): void;
  /** One analysis per document version (diagnostics, hover, commands, panel); `onDidAnalyze` for the panel. */
  analyses: AnalysisCache;
  /** Fires after each evaluate command. */
  onDidEvaluate: vscode.Event<EvaluationEvent>;
  /** The Markdown preview's plugin (activate returns it to VS Code). */
  extendMarkdownIt<T extends MarkdownItLike>(md: T): T;
}

/** Registers every feature; each returns disposables pushed into context.subscriptions. */
export function registerFeatures(context: vscode.ExtensionContext, fc: FeatureContext): Services {
  const listeners: ((c: DlMathConfig) => void)[] = [];
  const analyses = new AnalysisCache(fc.config.engine, fc.config.autoLanguage);
  const diagnostics = new DiagnosticsFeature(analyses, fc.config, fc.logger);
  const statusBar = new StatusBarFeature(diagnostics, fc.config);
  const inline = new InlineResultFeature();
  const commands = new CommandsFeature(analyses, diagnostics, inline, fc.config, fc.logger);
  const hover = new HoverFeature(analyses, fc.config);
  context.subscriptions.push(analyses, diagnostics, statusBar, new CodeActionsFeature(analyses), inline, commands, hover);
  listeners.push((c) => analyses.setEngine(c.engine, c.autoLanguage), (c) => diagnostics.updateConfig(c), (c) => statusBar.updateConfig(c), (c) => commands.updateConfig(c), (c) => hover.updateConfig(c));
  const panel = new PanelFeature(context.extensionUri, analyses, fc.config, fc.logger, commands.onDidEvaluate);
  context.subscriptions.push(panel);
  context.subscriptions.push(new TransformerCalculatorFeature(fc.logger, (d) => analyses.get(d)));
  const preview = new PreviewFeature(fc.config, fc.logger);
  context.subscriptions.push(preview);
  listeners.push((c) => panel.updateConfig(c), (c) => preview.updateConfig(c));
  const notebooks = new NotebookFeature(fc.config, fc.logger);
  context.subscriptions.push(notebooks);
  listeners.push((c) => notebooks.updateConfig(c));
  return {
    analyses,
    onDidEvaluate: commands.onDidEvaluate,
    extendMarkdownIt: (md) => preview.extendMarkdownIt(md),
    updateConfig(config) {
      fc.config = config;
      for (const l of listeners) l(config);
    },
  };
}
