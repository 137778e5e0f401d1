import * as vscode from 'vscode';
import { EngineOptions, withDefaults } from '../core/types';
import { langOf, type Lang } from '../core/messages';

/** Everything the extension reads from settings, typed, with defaults. */
export interface DlMathConfig {
  engine: EngineOptions;
  /** `off`, `onType` (debounced) or `onSave`. */
  checkMode: 'off' | 'onType' | 'onSave';
  debounceMs: number;
  /** Files larger than this are checked only on demand (command), never on every keystroke. */
  maxAutoCheckBytes: number;
  hoverEnabled: boolean;
  statusBar: boolean;
  /** Mark wrong claims in the built-in Markdown preview. */
  previewMarkWrongClaims: boolean;
  /**
   * `dlmath.messages.language` is `auto`: each answer's messages follow its own prose (Persian prose,
   * Persian messages); `engine.language` is then the language for a document whose prose decides
   * nothing (VS Code's display language).
   */
  autoLanguage: boolean;
}

export function readConfig(scope?: vscode.ConfigurationScope): DlMathConfig {
  const c = vscode.workspace.getConfiguration('dlmath', scope);
  const indexBase = c.get<number>('indexBase', 0) === 1 ? 1 : 0;
  const mode = c.get<string>('check.mode', 'onType');
  return {
    engine: withDefaults({ indexBase, language: messageLanguage(c.get<string>('messages.language', 'auto')) }),
    autoLanguage: !['en', 'fa'].includes(c.get<string>('messages.language', 'auto')),
    checkMode: mode === 'off' || mode === 'onSave' ? mode : 'onType',
    debounceMs: Math.max(0, c.get<number>('check.debounceMs', 300)),
    maxAutoCheckBytes: Math.max(0, c.get<number>('check.maxFileSizeKB', 1024)) * 1024,
    hoverEnabled: c.get<boolean>('hover.enabled', true),
    statusBar: c.get<boolean>('statusBar.enabled', true),
    previewMarkWrongClaims: c.get<boolean>('preview.markWrongClaims', true),
  };
}

/** `dlmath.messages.language`: `en`, `fa`, or for `auto` VS Code's display language (each answer's prose decides first). */
function messageLanguage(setting: string | undefined): Lang {
  if (setting === 'en' || setting === 'fa') return setting;
  return langOf(vscode.env.language);
}

/** Calls `onChange` with fresh config whenever a `dlmath.*` setting changes. */
export function watchConfig(onChange: (c: DlMathConfig) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('dlmath')) onChange(readConfig());
  });
}
