/**
 * Completion inside Go templates (`{{ … }}`) of a stack manifest: the template context Atmos renders with (the
 * component's resolved sections: `.vars.<name>`, `.settings.…`, `.metadata.…`, `.env.…`, `.atmos_component`,
 * `.atmos_stack`, `.workspace`…), the `atmos.*` functions (internal/exec/template_funcs.go), Atmos's own
 * `collectKeys`, and the common Sprig / Gomplate functions (offered only where atmos.yaml enables them).
 */
import { isMap } from '../atmos/values';

export interface TemplateCompletion {
  label: string;
  kind: 'field' | 'section' | 'function' | 'namespace';
  /** text to insert (defaults to the label's last segment) */
  insertText?: string;
  detail?: string;
  documentation?: string;
}

/** The template token being typed at `character` of `line`, when the cursor is inside `{{ … }}`. */
export function templateTokenAt(line: string, character: number, delimiters: [string, string] = ['{{', '}}']): { token: string } | undefined {
  const before = line.slice(0, character);
  const open = before.lastIndexOf(delimiters[0]);
  if (open < 0 || before.indexOf(delimiters[1], open) >= 0) return undefined;
  const token = /[\w.$]*$/.exec(before)?.[0] ?? '';
  return { token };
}

/** Top-level keys of the template context that are not maps (scalars Atmos adds to every component). */
const CONTEXT_FIELDS: Array<[string, string]> = [
  ['atmos_component', 'the Atmos component name'],
  ['atmos_stack', 'the logical stack name (e.g. plat-ue2-prod)'],
  ['atmos_stack_file', 'the stack manifest, relative to the stacks folder, without extension'],
  ['atmos_manifest', 'the stack manifest (same as atmos_stack_file)'],
  ['workspace', 'the Terraform workspace'],
  ['component', 'the Terraform/Helmfile folder of the component'],
  ['stack', 'the logical stack name'],
  ['backend_type', 'the Terraform backend type'],
];
const CONTEXT_SECTIONS = ['vars', 'settings', 'metadata', 'env', 'backend', 'providers', 'overrides', 'remote_state_backend', 'hooks'];

const ATMOS_FUNCTIONS: Array<[string, string, string]> = [
  ['Component', 'atmos.Component "${1:component}" .stack', 'atmos.Component(component, stack): the component\'s describe output in that stack (`.outputs.<name>` reads its Terraform outputs).'],
  ['Store', 'atmos.Store "${1:store}" .stack "${2:component}" "${3:key}"', 'atmos.Store(store, stack, component, key): a value from a store configured in atmos.yaml `stores`.'],
  ['GomplateDatasource', 'atmos.GomplateDatasource "${1:alias}"', 'atmos.GomplateDatasource(alias, args…): a Gomplate datasource configured in atmos.yaml, cached per run.'],
  ['Resolve', 'atmos.Resolve ${1:.settings.context.repo}', 'atmos.Resolve(string): evaluates an Atmos YAML function string (e.g. "!git.repository") while rendering.'],
];

/** The Sprig functions people write in Atmos manifests most. */
const SPRIG = ['default', 'empty', 'coalesce', 'ternary', 'quote', 'squote', 'upper', 'lower', 'title', 'trim', 'trimPrefix', 'trimSuffix', 'replace', 'contains', 'hasPrefix', 'hasSuffix', 'split', 'join', 'list', 'dict', 'get', 'hasKey', 'keys', 'merge', 'toJson', 'fromJson', 'toPrettyJson', 'printf', 'int', 'toString', 'env', 'required', 'b64enc', 'b64dec', 'sha256sum', 'now', 'date', 'regexMatch', 'regexReplaceAll', 'first', 'last', 'uniq', 'sortAlpha', 'indent', 'nindent'];
const GOMPLATE = ['strings', 'conv', 'data', 'env', 'file', 'math', 'coll', 'time', 'crypto', 'net', 'path', 'filepath', 'regexp', 'aws', 'test', 'random', 'semver'];
/** Go template built-ins. */
const BUILTINS = ['if', 'else', 'end', 'range', 'with', 'index', 'len', 'printf', 'print', 'and', 'or', 'not', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'];

export interface TemplateData {
  /** the component's resolved sections (a union over the stacks the file reaches) */
  sections: Record<string, unknown>;
  sprig?: boolean;
  gomplate?: boolean;
}

export function templateCompletions(token: string, data: TemplateData): TemplateCompletion[] {
  if (token.startsWith('.')) {
    const segments = token.slice(1).split('.');
    segments.pop(); // the part being typed
    if (segments.length === 0) {
      return [
        ...CONTEXT_SECTIONS.filter((s) => isMap(data.sections[s]) || ['vars', 'settings', 'metadata', 'env'].includes(s)).map((s): TemplateCompletion => ({ label: s, kind: 'section', detail: `.${s}: the component's resolved ${s}` })),
        ...CONTEXT_FIELDS.map(([label, detail]): TemplateCompletion => ({ label, kind: 'field', detail: `.${label}: ${detail}` })),
      ];
    }
    let node: unknown = data.sections;
    for (const s of segments) node = isMap(node) ? node[s] : undefined;
    if (!isMap(node)) return [];
    return Object.keys(node).sort().map((k): TemplateCompletion => {
      const v = node[k];
      return { label: k, kind: isMap(v) ? 'section' : 'field', detail: `.${[...segments, k].join('.')} = ${preview(v)}` };
    });
  }
  if (token.startsWith('atmos.')) return ATMOS_FUNCTIONS.map(([name, snippet, doc]) => ({ label: name, kind: 'function', insertText: snippet.slice('atmos.'.length), detail: `atmos.${name}`, documentation: doc }));
  const out: TemplateCompletion[] = [
    { label: 'atmos', kind: 'namespace', detail: 'Atmos template functions: Component, Store, GomplateDatasource, Resolve' },
    { label: 'collectKeys', kind: 'function', detail: 'collectKeys(map): the keys of a map (Atmos)' },
    ...BUILTINS.map((b): TemplateCompletion => ({ label: b, kind: 'function', detail: 'Go template' })),
  ];
  if (data.sprig !== false) out.push(...SPRIG.map((f): TemplateCompletion => ({ label: f, kind: 'function', detail: 'Sprig' })));
  if (data.gomplate) out.push(...GOMPLATE.map((f): TemplateCompletion => ({ label: f, kind: 'namespace', detail: 'Gomplate namespace' })));
  const seen = new Set<string>();
  return out.filter((c) => !seen.has(c.label) && seen.add(c.label));
}

function preview(v: unknown): string {
  if (isMap(v)) return `{${Object.keys(v).length} keys}`;
  if (Array.isArray(v)) return `[${v.length} items]`;
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/** Unions the sections of several resolved components (first value wins), for completion keys. */
export function unionSections(sections: Array<Record<string, unknown>>): Record<string, unknown> {
  const merge = (a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> => {
    const out = { ...a };
    for (const [k, v] of Object.entries(b)) {
      if (!(k in out)) out[k] = v;
      else if (isMap(out[k]) && isMap(v)) out[k] = merge(out[k] as Record<string, unknown>, v);
    }
    return out;
  };
  return sections.reduce(merge, {});
}
