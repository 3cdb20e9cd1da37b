/** Finds the shipped `prompts/` folder: beside dist/ in a build or a package, at the repo root in development. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export function findPromptsDir(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'prompts');
    if (existsSync(path.join(candidate, 'agents', 'general.md'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`prompts/ not found above ${start}; the installation is incomplete`);
    dir = parent;
  }
}
