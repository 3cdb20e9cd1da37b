/** The agents as MCP prompts: picking one in a client starts the conversation with that agent's instructions. */
import type { Agent } from '../agents/agent';

export interface McpPrompt {
  name: string;
  title?: string;
  description?: string;
  arguments?: { name: string; description?: string; required?: boolean }[];
}

export interface McpPromptMessage {
  role: 'user' | 'assistant';
  content: { type: 'text'; text: string };
}

export interface PromptSource {
  list(): Promise<McpPrompt[]>;
  /** undefined when there is no such prompt */
  get(name: string, args: Record<string, string>): Promise<{ description?: string; messages: McpPromptMessage[] } | undefined>;
}

/** `loadAgents` is called on each request so edits to `.atmos/agents` show without a restart. */
export function agentPrompts(loadAgents: () => Promise<Agent[]>): PromptSource {
  return {
    async list() {
      return (await loadAgents()).map((a) => ({
        name: a.name,
        title: a.displayName,
        description: a.description,
        arguments: [{ name: 'task', description: 'what you want the agent to do (optional)', required: false }],
      }));
    },
    async get(name, args) {
      const agent = (await loadAgents()).find((a) => a.name === name);
      if (!agent) return undefined;
      // MCP prompts have no system role: the instructions go first as a user message, then the task.
      const tools = agent.tools ? `\n\nUse only these tools: ${agent.tools.join(', ')}.` : '';
      const task = args.task?.trim() ? `\n\n---\n\n${args.task.trim()}` : '';
      return {
        description: agent.description,
        messages: [{ role: 'user', content: { type: 'text', text: `${agent.prompt.trim()}${tools}${task}` } }],
      };
    },
  };
}
