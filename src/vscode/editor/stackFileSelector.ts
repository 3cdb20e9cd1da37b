import type * as vscode from 'vscode';

/** Stack manifests (YAML, also `.yaml.tmpl`) on disk: every stack-file feature registers for these. */
export const stackFileSelector: vscode.DocumentSelector = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', pattern: '**/*.{yaml,yml,yaml.tmpl,yml.tmpl}' },
];
