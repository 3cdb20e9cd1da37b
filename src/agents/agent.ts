/** An agent: a system prompt plus the tools it may use. The permission policy enforces the scope. */
export interface Agent {
  name: string;
  displayName: string;
  description: string;
  /** Where it came from: shipped with Atmos AI, the workspace's `.atmos/agents`, or the user's `~/.atmos/agents`. */
  origin: 'builtin' | 'workspace' | 'user';
  /** Glob patterns of tools the agent may use; undefined means every tool. */
  tools?: string[];
  /** Tools that always ask, even when the settings allow them. */
  restrictedTools: string[];
  /** The system prompt (markdown). */
  prompt: string;
  /** The folder or file it was loaded from, for "show prompt" and located errors. */
  source: string;
  version?: string;
  category?: string;
}

/** A located problem in an agent definition. */
export interface AgentProblem {
  file: string;
  line: number;
  col: number;
  message: string;
}
