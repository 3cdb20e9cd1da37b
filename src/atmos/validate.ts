import * as path from 'node:path';
import type { AtmosDiagnostic } from './diagnostics';
import type { AtmosEngine } from './engine';
import { globMatcher, walkFiles } from './glob';
import { loadYaml } from './yamlLoad';

export interface ValidateOptions {
  schemaPath?: string;
}

/**
 * `atmos validate stacks`: every manifest under the stacks folder parses, every top-level stack
 * resolves (imports, inheritance, backends), and no logical stack defines a component twice with
 * different configuration. Deprecated fields are warnings.
 */
export function validateStacks(engine: AtmosEngine, _opts: ValidateOptions = {}): AtmosDiagnostic[] {
  const out: AtmosDiagnostic[] = [];
  const config = engine.config;
  const excluded = globMatcher(config.excludedPaths, config.stacksBasePath);
  const files = engine.fs.stat(config.stacksBasePath) === 'dir' ? walkFiles(engine.fs, config.stacksBasePath) : [];
  for (const f of files) {
    if (!/\.ya?ml$/.test(f) || excluded(f)) continue;
    const text = engine.fs.readFile(f);
    if (text === undefined) continue;
    const { diagnostics } = loadYaml(text, f);
    out.push(...diagnostics);
  }
  const seen = new Set(out.map((d) => `${d.file}:${d.line}:${d.message}`));
  for (const d of engine.diagnostics()) {
    const key = `${d.file}:${d.line}:${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  out.push(...deprecations(engine));
  return out;
}

function deprecations(engine: AtmosEngine): AtmosDiagnostic[] {
  const out: AtmosDiagnostic[] = [];
  const seen = new Set<string>();
  const stacks = engine.describeStacksSync({ processTemplates: false, processFunctions: false });
  for (const st of Object.values(stacks)) {
    const comps = (st as { components?: Record<string, Record<string, Record<string, unknown>>> }).components ?? {};
    for (const byName of Object.values(comps)) {
      for (const [name, section] of Object.entries(byName)) {
        const settings = section.settings as Record<string, unknown> | undefined;
        if (settings && settings.depends_on !== undefined && !seen.has(name)) {
          seen.add(name);
          out.push({ severity: 'warning', code: 'deprecated', message: `${name}.settings.depends_on is deprecated; use ${name}.dependencies.components instead` });
        }
      }
    }
  }
  void path;
  return out;
}
