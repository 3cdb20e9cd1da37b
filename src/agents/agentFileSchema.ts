/** JSON Schema of `.agent.yaml`. Upstream Atmos skill keys (`allowed_tools`, `system_prompt`, `display_name`) are accepted too. */
export const agentFileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'description'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
    display_name: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    version: { type: 'string' },
    category: { type: 'string' },
    prompt: { type: 'string', minLength: 1, description: 'prompt file beside .agent.yaml (default prompt.md)' },
    system_prompt: { type: 'string', minLength: 1, description: 'inline prompt instead of a file' },
    tools: { type: 'array', items: { type: 'string', minLength: 1 } },
    allowed_tools: { type: 'array', items: { type: 'string', minLength: 1 } },
    restricted_tools: { type: 'array', items: { type: 'string', minLength: 1 } },
  },
  not: { required: ['tools', 'allowed_tools'] },
} as const;

export interface AgentFile {
  name: string;
  display_name?: string;
  description: string;
  version?: string;
  category?: string;
  prompt?: string;
  system_prompt?: string;
  tools?: string[];
  allowed_tools?: string[];
  restricted_tools?: string[];
}
