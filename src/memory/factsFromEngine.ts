/** RepoFacts for ATMOS.md, read from the native engine. */
import * as path from 'node:path';
import type { AtmosEngine } from '../atmos/engine';
import { isMap } from '../atmos/values';
import type { RepoFacts } from './repoFacts';

export function factsFromEngine(engine: AtmosEngine): RepoFacts {
  const c = engine.config;
  const rel = (p: string) => path.relative(c.basePath, p).split(path.sep).join('/') || '.';
  const stacks = engine.listStacks();
  const importCounts = new Map<string, number>();
  const components: RepoFacts['components'] = [];
  const seenComponent = new Set<string>();
  for (const stack of stacks) {
    const listings = engine.listComponents(stack);
    let imports: string[] | undefined;
    for (const listing of listings) {
      let section: Record<string, unknown>;
      try {
        section = engine.describeComponentSync(listing.component, stack).section;
      } catch {
        continue;
      }
      imports ??= Array.isArray(section.imports) ? (section.imports as string[]) : [];
      const key = `${listing.type}/${listing.component}`;
      if (seenComponent.has(key)) continue;
      seenComponent.add(key);
      const metadata = isMap(section.metadata) ? section.metadata : {};
      const all = engine.listComponents().find((l) => l.component === listing.component && l.type === listing.type);
      components.push({
        name: listing.component,
        type: listing.type,
        folder: String(metadata.component ?? section.component ?? listing.component),
        stacks: all?.stacks.length ?? 1,
        inherits: Array.isArray(metadata.inherits) ? metadata.inherits.map(String) : [],
        abstract: listing.abstract,
      });
    }
    for (const file of imports ?? []) importCounts.set(file, (importCounts.get(file) ?? 0) + 1);
  }
  return {
    namePattern: c.namePattern || undefined,
    nameTemplate: c.nameTemplate || undefined,
    stacksBasePath: rel(c.stacksBasePath),
    includedPaths: c.includedPaths,
    excludedPaths: c.excludedPaths,
    terraformBasePath: c.componentBasePaths.terraform ? rel(c.componentBasePaths.terraform) : undefined,
    helmfileBasePath: c.componentBasePaths.helmfile ? rel(c.componentBasePaths.helmfile) : undefined,
    stacks,
    components,
    sharedImports: [...importCounts.entries()].map(([file, importedBy]) => ({ file, importedBy })).sort((a, b) => b.importedBy - a.importedBy || a.file.localeCompare(b.file)),
  };
}
