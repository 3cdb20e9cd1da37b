/**
 * Builds the tool policy from the editor/CLI settings and `atmos.yaml`'s `settings.ai.tools`.
 *
 * atmos.yaml accepts both spellings seen in the wild: the PRD's `allowed_tools` / `restricted_tools` /
 * `blocked_tools` and upstream Atmos's `allowed` / `restricted` / `blocked`.
 * Precedence: lists are united (settings first); YOLO is on when either side turns it on;
 * confirmation is required when either side requires it (the stricter wins).
 */
import type { SourcedPattern, ToolPolicy } from './permissionPolicy';

export interface PolicySettings {
  allowed: readonly string[];
  restricted: readonly string[];
  blocked: readonly string[];
  yolo: boolean;
  requireConfirmation: boolean;
}

/** A problem in atmos.yaml's tool settings; the value is ignored, never guessed. */
export interface PolicyConfigProblem {
  path: string;
  message: string;
}

export function buildToolPolicy(settings: PolicySettings, atmosYamlAiTools: unknown): { policy: ToolPolicy; problems: PolicyConfigProblem[] } {
  const problems: PolicyConfigProblem[] = [];
  const yaml = readAtmosYamlTools(atmosYamlAiTools, problems);
  const fromSettings = (list: readonly string[]): SourcedPattern[] => list.map((pattern) => ({ pattern, source: 'settings' }));
  const fromYaml = (list: readonly string[]): SourcedPattern[] => list.map((pattern) => ({ pattern, source: 'atmos.yaml' }));
  return {
    policy: {
      allowed: [...fromSettings(settings.allowed), ...fromYaml(yaml.allowed)],
      restricted: [...fromSettings(settings.restricted), ...fromYaml(yaml.restricted)],
      blocked: [...fromSettings(settings.blocked), ...fromYaml(yaml.blocked)],
      yolo: settings.yolo || yaml.yolo,
      requireConfirmation: settings.requireConfirmation || yaml.requireConfirmation,
    },
    problems,
  };
}

function readAtmosYamlTools(value: unknown, problems: PolicyConfigProblem[]): PolicySettings {
  const empty: PolicySettings = { allowed: [], restricted: [], blocked: [], yolo: false, requireConfirmation: false };
  if (value === undefined || value === null) return empty;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ path: 'settings.ai.tools', message: 'must be a map' });
    return empty;
  }
  const tools = value as Record<string, unknown>;
  const list = (...keys: string[]): string[] =>
    keys.flatMap((key) => {
      const v = tools[key];
      if (v === undefined || v === null) return [];
      if (Array.isArray(v) && v.every((p) => typeof p === 'string')) return v as string[];
      problems.push({ path: `settings.ai.tools.${key}`, message: 'must be a list of tool-name patterns' });
      return [];
    });
  const flag = (key: string): boolean => {
    const v = tools[key];
    if (v === undefined || v === null) return false;
    if (typeof v === 'boolean') return v;
    problems.push({ path: `settings.ai.tools.${key}`, message: 'must be true or false' });
    return false;
  };
  return {
    allowed: list('allowed_tools', 'allowed'),
    restricted: list('restricted_tools', 'restricted'),
    blocked: list('blocked_tools', 'blocked'),
    yolo: flag('yolo_mode'),
    requireConfirmation: flag('require_confirmation'),
  };
}
