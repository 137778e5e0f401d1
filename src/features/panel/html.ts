import * as vscode from 'vscode';

/** A fresh nonce per page load: only the one script tag carrying it may run. */
export function makeNonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The folders the webview may load from, relative to the extension: the panel's script with KaTeX's
 * css and fonts (dist/webview/, built there alone), and its stylesheet (media/). Not dist/ itself,
 * which holds the extension and the CLI.
 */
export const PANEL_RESOURCE_FOLDERS: readonly (readonly string[])[] = [['dist', 'webview'], ['media']];

export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return PANEL_RESOURCE_FOLDERS.map((p) => vscode.Uri.joinPath(extensionUri, ...p));
}

/**
 * The content security policy: nothing by default; styles and fonts only from the extension
 * (KaTeX positions glyphs with inline styles, hence 'unsafe-inline' for styles); scripts only with
 * this load's nonce. No network, no inline script, no eval.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `style-src ${cspSource} 'unsafe-inline'`, `font-src ${cspSource}`, `img-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, options: { lang: string; rtl: boolean }): string {
  const nonce = makeNonce();
  const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  const attr = (s: string) => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="${attr(options.lang)}" dir="${options.rtl ? 'rtl' : 'ltr'}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(webview.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(asset('dist', 'webview', 'katex.min.css'))}">
<link rel="stylesheet" href="${attr(asset('media', 'panel.css'))}">
<title>DL Math</title>
</head>
<body>
<div id="live" role="status" aria-live="polite"></div>
<main id="root"></main>
<script nonce="${nonce}" src="${attr(asset('dist', 'webview', 'main.js'))}"></script>
</body>
</html>`;
}
