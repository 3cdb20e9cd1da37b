/**
 * Slash commands that need no model: `/describe`, `/where`, `/validate`, `/list`. They map to the same tools
 * the model calls, so the product answers before any API key is set.
 */

export interface SlashCall {
  tool: string;
  args: Record<string, unknown>;
}

export const SLASH_HELP = [
  '/describe <component> -s <stack> [section…]   resolved configuration',
  '/where <component> -s <stack> <dotted.path>     the value and every file:line that set it',
  '/validate                                        validate every stack',
  '/list stacks [component] | /list components [-s <stack>]',
].join('\n');

/** Parses a slash command; `undefined` when the text is not one, an error message when it is malformed. */
export function parseSlashCommand(text: string): SlashCall | { error: string } | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('/')) return undefined;
  const [command, ...rest] = trimmed.slice(1).split(/\s+/);
  const positional: string[] = [];
  let stack: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '-s' || rest[i] === '--stack') stack = rest[++i];
    else if (rest[i]) positional.push(rest[i]);
  }
  const usage = (form: string) => ({ error: `usage: ${form}` });
  switch (command) {
    case 'describe':
      if (!positional[0] || !stack) return usage('/describe <component> -s <stack> [section…]');
      return { tool: 'atmos_describe_component', args: { component: positional[0], stack, ...(positional.length > 1 ? { sections: positional.slice(1) } : {}) } };
    case 'where':
      if (!positional[0] || !stack || !positional[1]) return usage('/where <component> -s <stack> <dotted.path>');
      return { tool: 'atmos_where', args: { component: positional[0], stack, path: positional[1] } };
    case 'validate':
      return { tool: 'atmos_validate_stacks', args: {} };
    case 'list':
      if (positional[0] === 'stacks') return { tool: 'atmos_list_stacks', args: positional[1] ? { component: positional[1] } : {} };
      if (positional[0] === 'components') return { tool: 'atmos_list_components', args: stack ? { stack } : {} };
      return usage('/list stacks [component] | /list components [-s <stack>]');
    case 'help':
      return { error: SLASH_HELP };
    default:
      return { error: `unknown command /${command}\n${SLASH_HELP}` };
  }
}
