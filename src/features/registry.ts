import * as vscode from 'vscode';
import type { Logger } from '../core/types';
import type { DlMathConfig } from './config';

export interface FeatureContext {
  logger: Logger;
  config: DlMathConfig;
}

export interface Services {
  updateConfig(config: DlMathConfig): void;
}

/** Registers every feature; each returns disposables pushed into context.subscriptions. */
export function registerFeatures(context: vscode.ExtensionContext, fc: FeatureContext): Services {
  const listeners: ((c: DlMathConfig) => void)[] = [];
  void context;
  return {
    updateConfig(config) {
      fc.config = config;
      for (const l of listeners) l(config);
    },
  };
}
