/**
 * DL Math's notebook renderer. VS Code renders a notebook's Markdown cells with its own renderer
 * (`vscode.markdown-it-renderer`, inside a shadow root per cell), which never reads the Markdown
 * preview's `markdown.previewStyles`; so a Persian cell mirrored its formulas (`4d_k = …` read from
 * the right). This renderer extends it the way VS Code's own markdown-math extension does: a
 * `<template class="markdown-style">` in the page's head, whose content the Markdown renderer copies
 * into every cell's shadow root. The stylesheet is the preview's (media/preview.css, bundled here as
 * text at build time), so cells and the preview keep each formula a left-to-right isolate alike.
 */
import previewCss from '../../media/preview.css';

/** Called once by VS Code when the Markdown renderer it extends is loaded, before any cell is rendered. */
export function activate(): void {
  const style = document.createElement('style');
  style.textContent = previewCss;
  const template = document.createElement('template');
  template.classList.add('markdown-style');
  template.dataset.dlmath = 'notebook-styles';
  template.content.appendChild(style);
  document.head.appendChild(template);
}
