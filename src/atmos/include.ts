import * as path from 'node:path';
import { AtmosError } from './diagnostics';
import type { FileSystemPort } from './fs';
import { hclParserIfLoaded } from './terraform/hclParser';
import { hclFileAsValue } from './terraform/hclInclude';
import { isMap, isYamlFunction, type YamlFunction } from './values';
import { loadYaml } from './yamlLoad';

/**
 * `!include` / `!include.raw` (local files) are resolved right after parsing, as Atmos does.
 * Remote URLs stay unresolved YAML functions (reported, never guessed); HCL files need the HCL parser loaded.
 */
export function resolveIncludes(value: unknown, manifest: string, basePath: string, fs: FileSystemPort, unresolved: Array<{ fn: YamlFunction; reason: string }>): unknown {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = walk(v[i]);
      return v;
    }
    if (isMap(v)) {
      for (const k of Object.keys(v)) v[k] = walk(v[k]);
      return v;
    }
    if (isYamlFunction(v) && (v.tag === '!include' || v.tag === '!include.raw')) return include(v);
    return v;
  };
  const include = (fn: YamlFunction): unknown => {
    const [target, ...rest] = splitArgs(fn.arg);
    const query = rest.join(' ').trim();
    if (!target) throw new AtmosError('include-invalid', `${fn.tag} needs a file path`, { file: manifest });
    if (/^[a-z0-9+]+::|^https?:\/\//i.test(target)) {
      unresolved.push({ fn, reason: 'remote !include is delegated to the atmos CLI' });
      return fn;
    }
    const candidates = path.isAbsolute(target) ? [target] : [path.resolve(path.dirname(manifest), target), path.resolve(basePath, target)];
    const file = candidates.find((c) => fs.stat(c) === 'file');
    if (!file) throw new AtmosError('include-not-found', `${fn.tag}: file '${target}' not found`, { file: manifest });
    const text = fs.readFile(file) ?? '';
    if (fn.tag === '!include.raw') return text;
    const ext = path.extname(file).toLowerCase();
    let data: unknown;
    if (ext === '.yaml' || ext === '.yml') {
      const loaded = loadYaml(text, file);
      if (loaded.diagnostics.some((d) => d.severity === 'error')) throw new AtmosError('include-invalid', `${fn.tag}: '${target}' is not valid YAML`, { file: manifest });
      data = loaded.value;
    } else if (ext === '.json') {
      try {
        data = JSON.parse(text);
      } catch {
        throw new AtmosError('include-invalid', `${fn.tag}: '${target}' is not valid JSON`, { file: manifest });
      }
    } else if (ext === '.tf' || ext === '.tfvars' || ext === '.hcl') {
      const parser = hclParserIfLoaded();
      if (!parser) {
        unresolved.push({ fn, reason: 'HCL !include needs the HCL parser (loaded when the engine opens asynchronously); delegated to the atmos CLI' });
        return fn;
      }
      const r = hclFileAsValue(parser, text);
      if (!r.ok) throw new AtmosError('include-invalid', `${fn.tag}: '${target}' is not valid HCL: ${file}:${r.problem.line}:${r.problem.column}: ${r.problem.message}`, { file: manifest });
      data = r.value;
    } else {
      data = text;
    }
    if (!query) return data;
    const q = simpleQuery(data, query);
    if (!q.ok) {
      unresolved.push({ fn, reason: `yq expression '${query}' is not supported natively` });
      return fn;
    }
    return q.value;
  };
  return walk(value);
}

function splitArgs(s: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** `.a.b`, `.list[0]`, `.a["b"]`: the yq paths with one obvious meaning. */
export function simpleQuery(data: unknown, query: string): { ok: true; value: unknown } | { ok: false } {
  if (query === '.') return { ok: true, value: data };
  const re = /\.([A-Za-z_][\w-]*)|\[(\d+)\]|\.?\["([^"]+)"\]/gy;
  let cur: unknown = data;
  let pos = 0;
  while (pos < query.length) {
    re.lastIndex = pos;
    const m = re.exec(query);
    if (!m) return { ok: false };
    pos = re.lastIndex;
    if (m[2] !== undefined) cur = Array.isArray(cur) ? cur[Number(m[2])] ?? null : null;
    else {
      const key = m[1] ?? m[3];
      cur = isMap(cur) && Object.prototype.hasOwnProperty.call(cur, key) ? cur[key] : null;
    }
  }
  return { ok: true, value: cur };
}

