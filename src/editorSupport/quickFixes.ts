/**
 * The quick fixes a position in a stack manifest offers, recomputed from the text (they never depend on a
 * diagnostic being present): create the file of an import that resolves to nothing; scaffold the Terraform
 * folder of a component (`metadata.component`, or the component's own name when it has none) that is missing.
 */
import { definitionsIn } from './componentIndex';
import { missingImportFile } from './scaffold';
import { classifyStackKey } from './stackKeyPath';
import { findKey, yamlKeys, yamlPathAt } from './yamlPath';

export type QuickFix =
  | { kind: 'create-import'; importPath: string; file: string }
  | { kind: 'scaffold-terraform'; component: string; folder: string };

export interface QuickFixContext {
  stacksBasePath: string;
  /** absolute path of the manifest */
  manifest: string;
  /** files the import resolves to */
  importTargets(importPath: string): string[];
  /** whether the folder (relative to the type's base path) exists */
  folderExists(type: string, folder: string): boolean;
  /** whether the component is abstract (never deployed, so needs no folder) */
  isAbstract?(type: string, component: string): boolean;
}

export function quickFixesAt(text: string, offset: number, ctx: QuickFixContext): QuickFix[] {
  const at = yamlPathAt(text, offset);
  if (!at) return [];
  const key = classifyStackKey(at.path);
  const objectImport = at.path[0] === 'import' && typeof at.path[1] === 'number' && at.path[2] === 'path';
  if ((key.kind === 'import' && typeof at.path[1] === 'number') || objectImport) {
    if (at.on !== 'value' || !at.scalar) return [];
    if (ctx.importTargets(at.scalar).length > 0) return [];
    const target = missingImportFile(ctx.stacksBasePath, ctx.manifest, at.scalar);
    return 'file' in target ? [{ kind: 'create-import', importPath: at.scalar, file: target.file }] : [];
  }
  let type: string | undefined;
  let component: string | undefined;
  let folder: string | undefined;
  let implicit = false;
  if (key.kind === 'metadata-component') {
    // on the value, or on the `component:` key itself (where the diagnostic starts)
    [type, component, folder] = [key.type, key.component, at.on === 'value' ? at.scalar : findKey(yamlKeys(text), at.path)?.scalar];
  } else if (key.kind === 'component' && at.on === 'key') {
    const def = definitionsIn(text, ctx.manifest).find((d) => d.type === key.type && d.name === key.component);
    [type, component, folder, implicit] = [key.type, key.component, def?.folder ?? key.component, !def?.folder];
  }
  if (type !== 'terraform' || !component || !folder || folder.includes('{{')) return [];
  // an abstract component is never deployed: only a folder it names explicitly is worth creating
  if ((implicit && ctx.isAbstract?.(type, component)) || ctx.folderExists(type, folder)) return [];
  return [{ kind: 'scaffold-terraform', component, folder }];
}
