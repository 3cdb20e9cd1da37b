import type { AtmosConfig } from './config';
import { hasTemplate, renderTemplate } from './templating';
import { isMap, isYamlFunction, asMap, type PlainMap, type YamlFunction } from './values';

export interface UnresolvedValue {
  /** dotted path inside the component section */
  path: string;
  /** the function or template as written, e.g. `!terraform.output vpc vpc_id` */
  expression: string;
  reason: string;
}

export interface FinalizeOptions {
  processTemplates: boolean;
  processFunctions: boolean;
  /** tags to leave alone (`--skip`) */
  skip?: string[];
  env: Record<string, string | undefined>;
  file: string;
}

/** Whether a section holds anything component-time processing would change (templates or YAML functions). */
export function needsProcessing(v: unknown, open: string): boolean {
  if (typeof v === 'string') return v.includes(open);
  if (isYamlFunction(v)) return true;
  if (Array.isArray(v)) return v.some((x) => needsProcessing(x, open));
  if (isMap(v)) {
    for (const k of Object.keys(v)) if (needsProcessing(v[k], open)) return true;
  }
  return false;
}

/** Marker left where a value needs something the native engine does not do (kept visible, never guessed). */
export function unresolvedMarker(expression: string): PlainMap {
  return { $atmosFunction: expression };
}

/**
 * Component-time processing, in Atmos order: Go templates over the merged section (data = the section
 * itself, repeated `evaluations` times), then YAML functions. Works in place on a section the caller owns.
 */
export function finalizeSection(config: AtmosConfig, section: PlainMap, opts: FinalizeOptions): UnresolvedValue[] {
  const unresolved: UnresolvedValue[] = [];
  if (opts.processTemplates && config.templatesEnabled) {
    for (let pass = 0; pass < config.templateEvaluations; pass++) {
      const data = snapshot(section);
      const seen = new Set<string>();
      // `generate` templates are rendered when the files are generated, not by describe
      const { generate, ...rest } = section;
      void generate;
      walkStrings(rest, '', (s, p) => {
        if (!hasTemplate(s, config.templateDelimiters)) return s;
        const r = renderTemplate(s, data, { file: opts.file, delims: config.templateDelimiters, missingKey: 'default' });
        if (r.ok) return r.text;
        if (!seen.has(p)) {
          seen.add(p);
          unresolved.push({ path: p, expression: s, reason: r.error.message });
        }
        return s;
      });
      for (const k of Object.keys(rest)) section[k] = rest[k];
    }
  }
  // functions read the section as it was before any of them ran (an `!env X` finds X's unevaluated text)
  resolveFunctions(config, snapshot(section) as PlainMap, section, '', opts, unresolved);
  return unresolved;
}

/** The data templates see: plain values, with YAML functions as their text (they run after templates). */
function snapshot(v: unknown): unknown {
  if (isYamlFunction(v)) return `${v.tag} ${v.arg}`.trim();
  if (Array.isArray(v)) return v.map(snapshot);
  if (isMap(v)) {
    const out: PlainMap = {};
    for (const k of Object.keys(v)) out[k] = snapshot(v[k]);
    return out;
  }
  return v;
}

function walkStrings(v: unknown, p: string, fn: (s: string, path: string) => string): void {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      if (typeof x === 'string') v[i] = fn(x, `${p}.${i}`);
      else walkStrings(x, `${p}.${i}`, fn);
    });
  } else if (isMap(v)) {
    for (const k of Object.keys(v)) {
      const x = v[k];
      const kp = p ? `${p}.${k}` : k;
      if (typeof x === 'string') v[k] = fn(x, kp);
      else walkStrings(x, kp, fn);
    }
  }
}

const P2_REASONS: Record<string, string> = {
  '!terraform.output': 'reads Terraform state',
  '!terraform.state': 'reads Terraform state',
  '!store': 'reads an external store',
  '!store.get': 'reads an external store',
  '!secret': 'reads a secret store',
  '!exec': 'runs a shell command',
  '!random': 'is random by definition',
  '!include': 'needs a remote or HCL include',
  '!include.raw': 'needs a remote include',
};

function resolveFunctions(config: AtmosConfig, section: PlainMap, node: unknown, p: string, opts: FinalizeOptions, out: UnresolvedValue[]): unknown {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) node[i] = resolveFunctions(config, section, node[i], `${p}.${i}`, opts, out);
    return node;
  }
  if (isMap(node)) {
    for (const k of Object.keys(node)) {
      const v = node[k];
      if (isYamlFunction(v) && v.tag === '!unset') {
        delete node[k];
        continue;
      }
      node[k] = resolveFunctions(config, section, v, p ? `${p}.${k}` : k, opts, out);
    }
    return node;
  }
  if (!isYamlFunction(node)) return node;
  const expr = `${node.tag} ${node.arg}`.trim();
  if (node.tag === '!literal') return node.arg;
  if (!opts.processFunctions || opts.skip?.includes(node.tag)) return expr;
  const value = evaluate(config, section, node, opts);
  if (value.ok) return value.value;
  out.push({ path: p, expression: expr, reason: value.reason });
  return unresolvedMarker(expr);
}

function evaluate(config: AtmosConfig, section: PlainMap, fn: YamlFunction, opts: FinalizeOptions): { ok: true; value: unknown } | { ok: false; reason: string } {
  const args = fn.arg.trim();
  switch (fn.tag) {
    case '!env': {
      const [name, ...rest] = args.split(/\s+/);
      const componentEnv = asMap(section.env);
      if (name in componentEnv && componentEnv[name] !== null) return { ok: true, value: typeof componentEnv[name] === 'string' ? componentEnv[name] : JSON.stringify(componentEnv[name]) };
      const v = opts.env[name];
      if (v !== undefined) return { ok: true, value: v };
      return { ok: true, value: rest.length > 0 ? stripQuotes(rest.join(' ')) : '' };
    }
    case '!cwd':
      return { ok: true, value: config.cwd };
    case '!repo-root':
    case '!git.root':
      if (config.gitRoot) return { ok: true, value: config.gitRoot };
      if (args) return { ok: true, value: stripQuotes(args) };
      return { ok: false, reason: 'not inside a git repository' };
    case '!template': {
      if (!hasTemplate(args, config.templateDelimiters)) return { ok: true, value: parseJsonOr(args) };
      const r = renderTemplate(args, snapshot(section), { file: opts.file, delims: config.templateDelimiters, missingKey: 'default' });
      return r.ok ? { ok: true, value: parseJsonOr(r.text) } : { ok: false, reason: r.error.message };
    }
    default:
      return { ok: false, reason: `${fn.tag} ${P2_REASONS[fn.tag] ?? 'is not evaluated natively'}; ask the atmos CLI for this value` };
  }
}

function stripQuotes(s: string): string {
  return s.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
}

function parseJsonOr(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}
