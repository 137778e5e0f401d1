import * as vscode from 'vscode';
import { createLogger } from './features/logger';
import { readConfig, watchConfig } from './features/config';
import { registerFeatures } from './features/registry';

/**
 * Composition root: build the logger, config and services, register every feature into
 * context.subscriptions. Nothing runs at module top level.
 */
export function activate(context: vscode.ExtensionContext): void {
  const logger = createLogger();
  context.subscriptions.push(logger);
  try {
    const config = readConfig();
    const services = registerFeatures(context, { logger, config });
    context.subscriptions.push(watchConfig((c) => services.updateConfig(c)));
    logger.info(`DL Math activated (${vscode.env.appName} ${vscode.version})`);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    logger.error(`activation failed: ${e instanceof Error && e.stack ? e.stack : msg}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('DL Math could not start: {0}', msg));
  }
}

export function deactivate(): void {
  // everything is disposed through context.subscriptions
}
