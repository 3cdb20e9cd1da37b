/** Status bar: the engine's state (stacks resolved · problems); a click validates. */
import * as vscode from 'vscode';
import type { DiagnosticsBridge } from './diagnosticsBridge';

export function createEngineStatus(bridge: DiagnosticsBridge): vscode.Disposable[] {
  const item = vscode.window.createStatusBarItem('atmosAi.engine', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Atmos AI engine';
  item.text = '$(layers) Atmos';
  item.tooltip = 'Atmos AI: loading the stacks… Click to validate.';
  item.command = 'atmosAi.validateStacks';
  item.show();
  const sub = bridge.onDidUpdate((s) => {
    const problems = s.errors + s.warnings;
    item.text = `$(layers) ${s.stacks} stacks${problems > 0 ? ` $(${s.errors > 0 ? 'error' : 'warning'}) ${problems}` : ' $(check)'}`;
    item.tooltip = `Atmos AI: ${s.stacks} stacks resolved, ${s.errors} errors, ${s.warnings} warnings. Click to validate.`;
    item.backgroundColor = s.errors > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  });
  return [item, sub];
}
