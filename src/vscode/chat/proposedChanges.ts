/**
 * "Show diff" on an approval card: the file as it is beside the file as the tool would write it, in VS Code's
 * diff editor. The proposed text is served read-only from memory under the `atmos-ai-proposed:` scheme.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

export const PROPOSED_SCHEME = 'atmos-ai-proposed';

export interface ProposedWrite {
  tool: string;
  args: Record<string, unknown>;
  diff?: string;
}

export class ProposedChanges implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Opens the diff editor (or, when the target file cannot be located, the unified diff). */
  async show(callId: string, write: ProposedWrite, roots: { workspaceRoot: string; stacksDir: string }): Promise<boolean> {
    const content = typeof write.args.content === 'string' ? write.args.content : undefined;
    const rel = typeof write.args.path === 'string' ? write.args.path : undefined;
    const base = write.tool === 'file_write' ? roots.workspaceRoot : write.tool === 'write_stack_file' ? roots.stacksDir : undefined;
    if (content !== undefined && rel !== undefined && base) {
      const target = path.resolve(base, rel);
      if (target.startsWith(roots.workspaceRoot + path.sep)) {
        const left = vscode.Uri.file(target);
        const right = this.put(`/${callId}/${path.basename(target)}`, content);
        const exists = await vscode.workspace.fs.stat(left).then(
          () => true,
          () => false,
        );
        const original = exists ? left : this.put(`/${callId}/empty/${path.basename(target)}`, '');
        await vscode.commands.executeCommand('vscode.diff', original, right, `${path.basename(target)}: current ↔ proposed by ${write.tool}`, { preview: true });
        return true;
      }
    }
    if (!write.diff) return false;
    const doc = await vscode.workspace.openTextDocument(this.put(`/${callId}/proposed.diff`, write.diff));
    await vscode.window.showTextDocument(doc, { preview: true });
    return true;
  }

  private put(uriPath: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: uriPath });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}
