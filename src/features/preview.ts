import * as vscode from 'vscode';
import type { Logger } from '../core/types';
import { markWrongClaims, type MarkdownItLike } from '../preview/markWrongClaims';
import { proseLanguage } from '../core/markdown/proseLanguage';
import type { DlMathConfig } from './config';
import { Disposable } from './disposable';

/**
 * DL Math in VS Code's built-in Markdown preview: the markdown-it plugin that marks wrong claims
 * (returned from `activate` as `extendMarkdownIt`), following the settings. The styles that keep
 * formulas left-to-right are a static contribution (`markdown.previewStyles`, media/preview.css).
 */
export class PreviewFeature extends Disposable {
  constructor(
    private config: DlMathConfig,
    private readonly logger: Logger,
  ) {
    super();
  }

  /** Called by VS Code's Markdown extension with its own markdown-it instance. */
  extendMarkdownIt<T extends MarkdownItLike>(md: T): T {
    return markWrongClaims(md, {
      enabled: () => this.config.previewMarkWrongClaims,
      engine: (src) => (this.config.autoLanguage ? { ...this.config.engine, language: proseLanguage(src).lang ?? this.config.engine.language } : this.config.engine),
      maxChars: () => this.config.maxAutoCheckBytes,
    });
  }

  updateConfig(config: DlMathConfig): void {
    const before = this.config;
    this.config = config;
    if (before.previewMarkWrongClaims === config.previewMarkWrongClaims && before.autoLanguage === config.autoLanguage && JSON.stringify(before.engine) === JSON.stringify(config.engine)) return;
    // the preview keeps parsed tokens per document version: drop them so open previews are drawn again
    vscode.commands.executeCommand('markdown.api.reloadPlugins').then(undefined, (e: unknown) => this.logger.debug(`preview: reloadPlugins failed: ${String(e)}`));
  }
}
