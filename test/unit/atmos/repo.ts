import * as path from 'node:path';
import { AtmosEngine } from '../../../src/atmos/engine';
import { MemoryFileSystem } from '../../../src/atmos/fs';

export const ROOT = path.resolve('/repo');

export const ATMOS_YAML = `
base_path: "."
components:
  terraform:
    base_path: components/terraform
stacks:
  base_path: stacks
  included_paths: ["orgs/**/*"]
  excluded_paths: ["**/_defaults.yaml"]
  name_pattern: "{tenant}-{stage}"
`;

/** An in-memory Atmos repository: `files` are relative to /repo. */
export function memoryRepo(files: Record<string, string>): MemoryFileSystem {
  const fs = new MemoryFileSystem();
  for (const [rel, text] of Object.entries({ 'atmos.yaml': ATMOS_YAML, ...files })) fs.write(path.join(ROOT, rel), text);
  return fs;
}

export function openRepo(files: Record<string, string>, env: Record<string, string> = {}): { engine: AtmosEngine; fs: MemoryFileSystem } {
  const fs = memoryRepo(files);
  const engine = AtmosEngine.openSync({ cwd: ROOT, fs, env: { ATMOS_GIT_ROOT_BASEPATH: 'false', ...env } });
  return { engine, fs };
}

export const abs = (rel: string): string => path.join(ROOT, rel);
