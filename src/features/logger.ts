import * as vscode from 'vscode';
import type { Logger } from '../core/types';

/** The one output channel, created in activate (never at import time). */
export function createLogger(): Logger & vscode.Disposable {
  const channel = vscode.window.createOutputChannel('DL Math', { log: true });
  return {
    debug: (m) => channel.debug(m),
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => channel.error(m),
    dispose: () => channel.dispose(),
  };
}
