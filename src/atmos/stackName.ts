import type { AtmosConfig } from './config';
import { renderTemplate } from './templating';
import { asMap, asString, type PlainMap } from './values';

export type StackNameResult = { ok: true; name: string; source: 'manifest' | 'template' | 'pattern' | 'file' } | { ok: false; message: string };

/** Logical stack name of a component (Atmos resolveStackName): manifest `name` ‖ name_template ‖ name_pattern ‖ file name. */
export function resolveStackName(config: AtmosConfig, stackFile: string, stackMap: PlainMap, componentSection: PlainMap | undefined, file: string): StackNameResult {
  const manifestName = asString(stackMap.name);
  if (manifestName) return { ok: true, name: manifestName, source: 'manifest' };
  if (config.nameTemplate) {
    const data = componentSection ?? { vars: asMap(stackMap.vars), settings: asMap(stackMap.settings), env: asMap(stackMap.env) };
    const r = renderTemplate(config.nameTemplate, data, { file, delims: config.templateDelimiters, missingKey: config.ignoreMissingTemplateValues ? 'default' : 'error' });
    if (!r.ok) return { ok: false, message: `stacks.name_template: ${r.error.message}` };
    return { ok: true, name: r.text, source: 'template' };
  }
  if (config.namePattern) {
    const vars = asMap(componentSection?.vars ?? stackMap.vars);
    const parts: string[] = [];
    for (const token of config.namePattern.split('-')) {
      const m = /^\{(namespace|tenant|environment|stage)\}$/.exec(token);
      if (!m) {
        parts.push(token);
        continue;
      }
      const v = vars[m[1]];
      if (v === undefined || v === null || v === '') return { ok: false, message: `the stack name pattern '${config.namePattern}' specifies '${m[1]}', but the stack '${stackFile}' does not have '${m[1]}' defined in the stack config` };
      parts.push(String(v));
    }
    return { ok: true, name: parts.join('-'), source: 'pattern' };
  }
  return { ok: true, name: stackFile, source: 'file' };
}

/** Terraform workspace (Atmos BuildTerraformWorkspace). */
export function terraformWorkspace(config: AtmosConfig, stackFile: string, stackMap: PlainMap, section: PlainMap, componentName: string, baseComponentName: string, file: string): string {
  // the http backend supports no workspaces; Terraform then always uses `default`
  if (!config.workspacesEnabled || section.backend_type === 'http') return 'default';
  const metadata = asMap(section.metadata);
  let prefix = asString(stackMap.name);
  if (!prefix && config.nameTemplate) {
    const r = renderTemplate(config.nameTemplate, section, { file, delims: config.templateDelimiters, missingKey: 'default' });
    if (r.ok) prefix = r.text;
  }
  if (!prefix && config.namePattern) {
    const n = resolveStackName({ ...config, nameTemplate: '' }, stackFile, stackMap, section, file);
    if (n.ok && n.source === 'pattern') prefix = n.name;
  }
  if (!prefix) prefix = stackFile.replace(/\//g, '-');
  let ws: string;
  const tpl = asString(metadata.terraform_workspace_template);
  const pattern = asString(metadata.terraform_workspace_pattern);
  if (tpl) {
    const r = renderTemplate(tpl, section, { file, delims: config.templateDelimiters, missingKey: 'default' });
    ws = r.ok ? r.text : tpl;
  } else if (pattern) {
    const vars = asMap(section.vars);
    ws = pattern
      .replace(/\{(namespace|tenant|environment|stage)\}/g, (_, k: string) => asString(vars[k]) || String(vars[k] ?? ''))
      .replace(/\{component\}/g, componentName)
      .replace(/\{base-component\}/g, baseComponentName);
  } else if (asString(metadata.terraform_workspace)) {
    ws = asString(metadata.terraform_workspace);
  } else if (!baseComponentName || baseComponentName === componentName) {
    ws = prefix;
  } else {
    ws = `${prefix}-${componentName}`;
  }
  return ws.replace(/\//g, '-');
}
