import { asMap, type PlainMap } from './values';

export interface StackDependency {
  dependency_type: 'inline' | 'import';
  stack_file: string;
  stack_file_section: string;
  variable_value: unknown;
}

export interface SourcesInput {
  type: string;
  component: string;
  inheritance: string[];
  stackFile: string;
  /** the top-level manifest's own config */
  stackRaw: PlainMap;
  /** own config of every imported manifest, by relative name */
  importsRaw: Map<string, PlainMap>;
  section: PlainMap;
}

/**
 * Atmos `sources` (ProcessConfigSources): for each top-level key of vars/env/settings/backend, every
 * manifest that sets it, highest priority first: the component's own section (stack file, then imports),
 * its bases, then the type-level and global sections.
 */
export function configSources(input: SourcesInput): { sources: PlainMap; deps: string[]; depsAll: string[] } {
  const imports = [...input.importsRaw.keys()].sort();
  const files: Array<[string, PlainMap, 'inline' | 'import']> = [[input.stackFile, input.stackRaw, 'inline'], ...imports.map((i) => [i, input.importsRaw.get(i) ?? {}, 'import'] as [string, PlainMap, 'import'])];
  const sources: PlainMap = {};
  const deps: string[] = [];
  const depsAll: string[] = [input.stackFile];
  for (const sectionName of ['vars', 'env', 'settings', 'backend']) {
    const backendType = String(input.section.backend_type ?? '');
    const final = asMap(input.section[sectionName]);
    const out: PlainMap = {};
    for (const key of Object.keys(final)) {
      const found: Array<Record<string, unknown>> = [];
      const seen = new Set<string>();
      const look = (getter: (raw: PlainMap) => unknown, label: string, level: string): void => {
        for (const [name, raw, kind] of files) {
          const sec = asMap(getter(raw));
          const target = sectionName === 'backend' ? asMap(sec[backendType]) : sec;
          if (!Object.prototype.hasOwnProperty.call(target, key)) continue;
          const id = `${name}\0${label}\0${level}`;
          if (seen.has(id)) continue;
          seen.add(id);
          found.push({ dependency_type: kind, stack_file: name, stack_file_section: label, variable_value: target[key] });
        }
      };
      const compSection = (c: string) => (raw: PlainMap) => asMap(asMap(asMap(raw.components)[input.type])[c])[sectionName];
      const label = sectionName === 'backend' ? `${sectionName}.${backendType}` : sectionName;
      look(compSection(input.component), `components.${input.type}.${label}`, input.component);
      for (const b of input.inheritance) look(compSection(b), `components.${input.type}.${label}`, b);
      look((raw) => asMap(raw[input.type])[sectionName], `${input.type}.${label}`, '');
      look((raw) => raw[sectionName], label, '');
      out[key] = { name: key, final_value: final[key], stack_dependencies: found };
      found.forEach((f, i) => {
        depsAll.push(String(f.stack_file));
        if (i === 0) deps.push(String(f.stack_file));
      });
    }
    sources[sectionName] = out;
  }
  return { sources, deps: [...new Set(deps)].sort(), depsAll: [...new Set(depsAll)].sort() };
}
