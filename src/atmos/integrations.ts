import type { AtmosConfig } from './config';
import { renderTemplate } from './templating';
import { asMap, asString, type PlainMap } from './values';

/** Atmos ReplaceContextTokens: `{namespace}`, `{tenant}`, `{environment}`, `{region}`, `{stage}`, `{component}`, … from vars. */
export function replaceContextTokens(pattern: string, vars: PlainMap, component: string, baseComponent = ''): string {
  const v = (k: string): string => (vars[k] === undefined || vars[k] === null ? '' : String(vars[k]));
  return pattern
    .replace(/\{(namespace|tenant|environment|region|stage|attributes)\}/g, (_, k: string) => v(k))
    .replace(/\{base-component\}/g, baseComponent)
    .replace(/\{component\}/g, component);
}

/** `atlantis_project` (Atmos BuildAtlantisProjectNameFromComponentConfig); '' when atlantis is not configured. */
export function atlantisProjectName(config: AtmosConfig, section: PlainMap, componentArg: string): string {
  const atlantis = asMap(asMap(section.settings).atlantis);
  let template = asMap(atlantis.project_template);
  if (Object.keys(template).length === 0 && asString(atlantis.project_template_name)) {
    template = asMap(asMap(asMap(asMap(config.raw.integrations).atlantis).project_templates)[asString(atlantis.project_template_name)]);
  }
  const name = asString(template.name);
  return name ? replaceContextTokens(name, asMap(section.vars), componentArg.replace(/\//g, '-')) : '';
}

/** `spacelift_stack` (Atmos BuildSpaceliftStackNameFromComponentConfig); '' unless `settings.spacelift.workspace_enabled`. */
export function spaceliftStackName(config: AtmosConfig, section: PlainMap, componentArg: string, stackArg: string, file: string): string {
  const spacelift = asMap(asMap(section.settings).spacelift);
  if (spacelift.workspace_enabled !== true) return '';
  const component = componentArg.replace(/\//g, '-');
  const pattern = asString(spacelift.stack_name_pattern);
  if (pattern) return replaceContextTokens(pattern, asMap(section.vars), component);
  let prefix = stackArg;
  if (config.nameTemplate) {
    const r = renderTemplate(config.nameTemplate, section, { file, delims: config.templateDelimiters, missingKey: 'default' });
    if (r.ok) prefix = r.text;
  } else if (config.namePattern) {
    prefix = replaceContextTokens(config.namePattern, asMap(section.vars), component);
  }
  return `${prefix}-${component}`.replace(/\//g, '-');
}
