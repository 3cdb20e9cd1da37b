import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

/**
 * The chat webview's HTML: a strict CSP with a fresh nonce per load, scripts and styles only from dist/, no
 * remote images (a model-written image URL would leak the conversation), no frames, no form posts.
 */
export function chatHtml(webview: vscode.Webview, dist: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const uri = (file: string) => webview.asWebviewUri(joinUri(dist, file)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${uri('codicons/codicon.css')}">
<link rel="stylesheet" href="${uri('webview.css')}">
<title>Atmos AI</title>
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="${uri('webview.js')}"></script>
</body>
</html>`;
}

function joinUri(base: vscode.Uri, file: string): vscode.Uri {
  return base.with({ path: `${base.path}/${file}` });
}
