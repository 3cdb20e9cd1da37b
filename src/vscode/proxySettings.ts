/**
 * VS Code's proxy settings (`http.proxy`, `http.noProxy`, `http.proxyStrictSSL`) for every provider SDK the chat
 * creates; without `http.proxy`, HTTPS_PROXY / HTTP_PROXY still apply (providers/proxyConfig.ts).
 * Wire it once at activation: `context.subscriptions.push(trackProxySettings());`
 */
import * as vscode from 'vscode';
import { setDefaultProxy } from '../providers/registry';

export function trackProxySettings(): vscode.Disposable {
  const apply = () => {
    const http = vscode.workspace.getConfiguration('http');
    const url = http.get<string>('proxy')?.trim();
    const noProxy = http.get<string[]>('noProxy') ?? [];
    const strictSSL = http.get<boolean>('proxyStrictSSL', true);
    setDefaultProxy(url || noProxy.length > 0 || !strictSSL ? { url: url || undefined, noProxy, strictSSL } : undefined);
  };
  apply();
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('http.proxy') || e.affectsConfiguration('http.noProxy') || e.affectsConfiguration('http.proxyStrictSSL')) apply();
  });
}
