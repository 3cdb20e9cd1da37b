/**
 * Every agent the user can pick: built-in, then the user's (`~/.atmos/agents`), then the workspace's
 * (`.atmos/agents`). A later origin with the same name shadows an earlier one, so a team can refine a built-in.
 */
import * as path from 'node:path';
import type { Agent, AgentProblem } from './agent';
import { loadBuiltinAgents } from './builtinAgents';
import { loadAgentsFrom } from './customAgents';

export interface AgentCatalogOptions {
  promptsDir: string;
  workspaceRoot?: string;
  homeDir?: string;
}

export interface AgentCatalog {
  agents: Agent[];
  problems: AgentProblem[];
  get(name: string): Agent | undefined;
}

export async function loadAgentCatalog(options: AgentCatalogOptions): Promise<AgentCatalog> {
  const byName = new Map<string, Agent>();
  const problems: AgentProblem[] = [];
  for (const agent of await loadBuiltinAgents(options.promptsDir)) byName.set(agent.name, agent);
  const layers: [string | undefined, 'user' | 'workspace'][] = [
    [options.homeDir && path.join(options.homeDir, '.atmos', 'agents'), 'user'],
    [options.workspaceRoot && path.join(options.workspaceRoot, '.atmos', 'agents'), 'workspace'],
  ];
  for (const [dir, origin] of layers) {
    if (!dir) continue;
    const loaded = await loadAgentsFrom(dir, origin);
    for (const agent of loaded.agents) byName.set(agent.name, agent);
    problems.push(...loaded.problems);
  }
  const agents = [...byName.values()];
  return { agents, problems, get: (name) => byName.get(name) };
}
