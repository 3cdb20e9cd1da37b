/**
 * Completion inside `{{ … }}` in stack manifests: `.vars.<name>` and the other sections from the component's
 * resolved config in the stacks this file reaches, the context fields, `atmos.*` and Sprig/Gomplate functions.
 */
import * as vscode from 'vscode';
import { asMap } from '../../atmos/values';
import { enclosingKeys } from '../../editorSupport/stackCompletion';
import { stacksOfFile } from '../../editorSupport/stackValues';
import { templateCompletions, templateTokenAt, unionSections, type TemplateCompletion } from '../../editorSupport/templateCompletion';
import type { EditorState } from './editorState';
import { stackFileSelector } from './stackFileSelector';

const KINDS: Record<TemplateCompletion['kind'], vscode.CompletionItemKind> = {
  field: vscode.CompletionItemKind.Field,
  section: vscode.CompletionItemKind.Struct,
  function: vscode.CompletionItemKind.Function,
  namespace: vscode.CompletionItemKind.Module,
};

export function registerTemplateCompletion(state: EditorState): vscode.Disposable[] {
  const provider: vscode.CompletionItemProvider = {
    async provideCompletionItems(doc, position) {
      const engine = await state.engineFor(doc.uri.fsPath);
      if (!engine || !state.isStackFile(engine, doc.uri.fsPath)) return undefined;
      const at = templateTokenAt(doc.lineAt(position.line).text, position.character, engine.config.templateDelimiters);
      if (!at) return undefined;
      // the component around the cursor, else every component of the stacks the file reaches
      const lines = doc.getText().split(/\r?\n/);
      const [a, type, name] = enclosingKeys(lines, position.line);
      const component = a === 'components' && type && name ? name : undefined;
      const sections: Array<Record<string, unknown>> = [];
      for (const stack of stacksOfFile(engine, doc.uri.fsPath)) {
        if (sections.length >= 5) break;
        const names = component ? [component] : engine.listComponents(stack).filter((c) => !c.abstract).map((c) => c.component).slice(0, 1);
        for (const n of names) {
          const d = state.cache.get(engine, n, stack);
          if (d) sections.push(d.section);
        }
      }
      const settings = asMap(asMap(engine.config.raw.templates).settings);
      const items = templateCompletions(at.token, {
        sections: unionSections(sections),
        sprig: asMap(settings.sprig).enabled !== false,
        gomplate: asMap(settings.gomplate).enabled === true,
      });
      const typed = /[\w$]*$/.exec(at.token)?.[0] ?? '';
      const range = new vscode.Range(position.translate(0, -typed.length), position);
      return items.map((c) => {
        const item = new vscode.CompletionItem(c.label, KINDS[c.kind]);
        item.range = range;
        item.detail = c.detail;
        if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
        if (c.insertText) item.insertText = new vscode.SnippetString(c.insertText);
        item.sortText = `${c.kind === 'field' || c.kind === 'section' ? 0 : 1}${c.label}`;
        return item;
      });
    },
  };
  return [vscode.languages.registerCompletionItemProvider(stackFileSelector, provider, '.', '{', ' ')];
}
