import * as vscode from 'vscode';
import { createLogger } from './features/logger';
import { readConfig, watchConfig } from './features/config';
import { registerFeatures } from './features/registry';
import type { MarkdownItLike } from './preview/markWrongClaims';

/** What activate returns: VS Code's Markdown preview calls `extendMarkdownIt` with its markdown-it. */
export interface DlMathApi {
  extendMarkdownIt<T extends MarkdownItLike>(md: T): T;
}

/**
 * Composition root: build the logger, config and services, register every feature into
 * context.subscriptions. Nothing runs at module top level.
 */
export function activate(context: vscode.ExtensionContext): DlMathApi {
  const logger = createLogger();
  context.subscriptions.push(logger);
  try {
    const config = readConfig();
    const services = registerFeatures(context, { logger, config });
    context.subscriptions.push(watchConfig((c) => services.updateConfig(c)));
    logger.info(`DL Math activated (${vscode.env.appName} ${vscode.version})`);
    return { extendMarkdownIt: (md) => services.extendMarkdownIt(md) };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    logger.error(`activation failed: ${e instanceof Error && e.stack ? e.stack : msg}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('DL Math could not start: {0}', msg));
    // the preview still renders, unmarked
    return { extendMarkdownIt: (md) => md };
  }
}

export function deactivate(): void {
  // everything is disposed through context.subscriptions
}
