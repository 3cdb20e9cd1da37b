/** A compact description of the repository for the system prompt: enough to pick the right stack and component. */
import * as path from 'node:path';
import type { AtmosEngine } from '../atmos/engine';

export function repoSummary(engine: AtmosEngine, maxStacks = 40): string {
  const c = engine.config;
  const stacks = engine.listStacks();
  const components = engine.listComponents().filter((x) => !x.abstract);
  const rel = (p: string) => path.relative(c.basePath, p).split(path.sep).join('/') || '.';
  const naming = c.nameTemplate ? `name_template \`${c.nameTemplate}\`` : c.namePattern ? `name_pattern \`${c.namePattern}\`` : 'manifest file paths';
  return [
    `Atmos root: ${c.basePath}`,
    `Stacks folder: ${rel(c.stacksBasePath)}; stacks are named by ${naming}.`,
    `${stacks.length} stacks: ${stacks.slice(0, maxStacks).join(', ')}${stacks.length > maxStacks ? ', …' : ''}`,
    `${components.length} components: ${components.map((x) => `${x.component} (${x.type}, ${x.stacks.length} stacks)`).join(', ')}`,
  ].join('\n');
}
