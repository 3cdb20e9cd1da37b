/**
 * The engine side of terraformVars: which Terraform folder a component of a manifest uses
 * (`metadata.component` written here, else what the resolved component says in a stack this file
 * reaches, else a base's `metadata.component`, else its own name) and what that folder declares.
 * Folders are read through the given file system on every call (the module cache makes an
 * unchanged folder cost a directory listing and a text compare), so edits to .tf files show at once.
 */
import * as path from 'node:path';
import type { AtmosEngine, ComponentDescription } from '../atmos/engine';
import type { FileSystemPort } from '../atmos/fs';
import { hclParserIfLoaded } from '../atmos/terraform/hclParser';
import { loadTerraformModule } from '../atmos/terraform/module';
import { definitionsIn, type ComponentDefinition } from './componentIndex';
import type { ComponentVariables, TerraformVarsContext } from './terraformVars';

export interface TerraformVarsSources {
  engine: AtmosEngine;
  /** read fresh (not the engine's per-build cache), so .tf edits show */
  fs: FileSystemPort;
  manifest: string;
  text: string;
  /** a resolved component (the editor's describe cache); undefined when it is not in that stack */
  describe(component: string, stack: string): ComponentDescription | undefined;
  /** definitions of a component anywhere in the stacks (for `metadata.inherits` bases) */
  definitions?(type: string, name: string): ComponentDefinition[];
}

export interface EngineTerraformVarsContext extends TerraformVarsContext {
  /** the resolved `vars` of the component in every stack this manifest reaches */
  resolvedVars(component: string): Array<Record<string, unknown>>;
}

export function terraformVarsContext(src: TerraformVarsSources): EngineTerraformVarsContext {
  const defs = definitionsIn(src.text, src.manifest).filter((d) => d.type === 'terraform');
  const stacks = src.engine.stacksReachedBy(src.manifest);
  const memo = new Map<string, ComponentVariables | undefined>();

  const resolved = (component: string): ComponentDescription[] => stacks.map((s) => src.describe(component, s)).filter((d): d is ComponentDescription => !!d);

  const folderOf = (component: string): string => {
    const def = defs.find((d) => d.name === component);
    if (def?.folder) return def.folder;
    for (const d of resolved(component)) if (typeof d.section.component === 'string' && d.section.component) return d.section.component;
    for (const base of def?.inherits ?? []) {
      const folder = src.definitions?.('terraform', base).find((b) => b.folder)?.folder;
      if (folder) return folder;
    }
    return component;
  };

  const load = (component: string): ComponentVariables | undefined => {
    const parser = hclParserIfLoaded();
    if (!parser) return undefined;
    const config = src.engine.config;
    const folder = path.join(config.componentBasePaths.terraform ?? config.basePath, folderOf(component));
    const module = loadTerraformModule(src.fs, folder, parser);
    // no folder, or HCL that does not parse: say nothing rather than something wrong
    if (!module || module.files.length === 0 || module.problems.some((p) => p.kind === 'syntax')) return undefined;
    const variablesFile = path.join(folder, 'variables.tf');
    return {
      folder,
      folderLabel: path.relative(config.basePath, folder).split(path.sep).join('/'),
      variables: module.variables,
      variablesFile,
      variablesText: src.fs.readFile(variablesFile),
    };
  };

  return {
    variablesOf(component) {
      if (!memo.has(component)) memo.set(component, load(component));
      return memo.get(component);
    },
    resolvedVars(component) {
      return resolved(component).map((d) => (d.section.vars && typeof d.section.vars === 'object' ? (d.section.vars as Record<string, unknown>) : {}));
    },
  };
}
