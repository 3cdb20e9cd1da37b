/** Where the CLI keeps its data: ATMOS_AI_DATA_DIR, else the XDG data dir's `atmos-ai/`. */
import * as os from 'node:os';
import * as path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  if (env.ATMOS_AI_DATA_DIR) return path.resolve(env.ATMOS_AI_DATA_DIR);
  if (env.XDG_DATA_HOME) return path.join(env.XDG_DATA_HOME, 'atmos-ai');
  if (platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'atmos-ai');
  return path.join(home, '.local', 'share', 'atmos-ai');
}
