import * as os from 'node:os';
import * as path from 'node:path';
import { isAtmosError } from './diagnostics';
import { AtmosEngine } from './engine';

export interface CliGlobals {
  chdir?: string;
  config?: string;
  basePath?: string;
}

/** Opens the engine the way `atmos` would for a command run in a terminal (cwd, env, -C, --config). */
export function openEngineForCli(globals: CliGlobals, env: Record<string, string | undefined> = process.env): AtmosEngine {
  const chdir = globals.chdir ?? env.ATMOS_CHDIR;
  const cwd = path.resolve(chdir ?? process.cwd());
  return AtmosEngine.openSync({
    cwd,
    env,
    configPaths: globals.config ? [globals.config] : undefined,
    basePath: globals.basePath,
    homeDir: env.HOME ?? os.homedir(),
  });
}

export { isAtmosError };
