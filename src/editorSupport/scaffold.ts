/**
 * What the "create missing" code actions write: the file a dangling stack import should be, and the skeleton
 * of a Terraform root module for a component whose folder is missing (variables declared from the vars the
 * component receives in its stacks, so `terraform plan` accepts them).
 */
import * as path from 'node:path';
import { isMap } from '../atmos/values';

const GLOB = /[*?[\]{}]/;

/**
 * The file to create for the import `importPath` written in `manifest`, as Atmos would look it up (`./` and `../`
 * relative to the manifest, else under the stacks folder; `.yaml` added when there is no extension), or why not.
 */
export function missingImportFile(stacksBasePath: string, manifest: string, importPath: string): { file: string } | { refusal: string } {
  if (/^[a-z0-9+]+::|^https?:\/\//i.test(importPath)) return { refusal: 'a remote import cannot be created locally' };
  if (GLOB.test(importPath)) return { refusal: 'a glob import matches files; it does not name one to create' };
  if (importPath.includes('{{')) return { refusal: 'a templated import is resolved per stack' };
  const base = importPath.startsWith('./') || importPath.startsWith('../') ? path.dirname(manifest) : stacksBasePath;
  const abs = path.isAbsolute(importPath) ? importPath : path.join(base, importPath);
  const file = /\.ya?ml(\.tmpl)?$/.test(abs) ? abs : `${abs}.yaml`;
  return { file };
}

/** A minimal manifest for an import that does not exist yet. */
export function importFileContent(importPath: string, manifestRel: string): string {
  return [
    `# ${importPath}: imported by ${manifestRel}.`,
    '# Put what the stacks importing this file share here (vars, settings, components).',
    '# https://atmos.tools/core-concepts/stacks/imports',
    '',
    'vars: {}',
    '',
  ].join('\n');
}

function hclType(value: unknown): string {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) {
    const types = [...new Set(value.map(hclType))];
    return types.length === 1 ? `list(${types[0]})` : 'list(any)';
  }
  if (isMap(value)) return 'any';
  return 'any';
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** names Terraform reserves for meta-arguments: a variable may not use them */
const RESERVED = new Set(['source', 'version', 'providers', 'count', 'for_each', 'lifecycle', 'depends_on', 'locals']);

/** main.tf, variables.tf, outputs.tf and versions.tf for a new Terraform component folder. */
export function terraformSkeleton(folder: string, vars: Record<string, unknown> = {}): Record<string, string> {
  const names = Object.keys(vars).filter((n) => IDENT.test(n) && !RESERVED.has(n)).sort();
  const variables = names.length === 0
    ? ['variable "region" {', '  type        = string', '  description = "AWS region"', '}', '']
    : names.flatMap((n) => [`variable "${n}" {`, `  type        = ${hclType(vars[n])}`, `  description = "${n} (set by the Atmos stacks)"`, ...(vars[n] === null ? ['  default     = null'] : []), '}', '']);
  return {
    'main.tf': [`# ${folder}: the resources of this Terraform component.`, '# Atmos passes the stack\'s vars as variables (see variables.tf).', '', 'locals {', '  enabled = true', '}', ''].join('\n'),
    'variables.tf': [`# Inputs of ${folder}${names.length > 0 ? ', one per var the stacks give it' : ''}.`, '', ...variables].join('\n'),
    'outputs.tf': [`# Outputs of ${folder} (readable from other components with !terraform.output or atmos.Component).`, '', 'output "enabled" {', '  value       = local.enabled', '  description = "Whether the component is enabled"', '}', ''].join('\n'),
    'versions.tf': ['terraform {', '  required_version = ">= 1.3.0"', '', '  required_providers {', '    aws = {', '      source  = "hashicorp/aws"', '      version = ">= 5.0"', '    }', '  }', '}', ''].join('\n'),
  };
}
