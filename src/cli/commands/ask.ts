import type { Command } from 'commander';
import { notImplemented } from '../errors';

export function registerAsk(program: Command): void {
  program
    .command('ask <prompt>')
    .description('ask the assistant; streams the answer to stdout')
    .option('--provider <provider>', 'anthropic | openai | gemini | grok | ollama | bedrock | azure')
    .option('--model <model>', 'model id')
    .option('--base-url <url>', 'point the provider at another endpoint')
    .option('--agent <name>', 'agent to use', 'general')
    .option('--session <id>', 'continue this session')
    .option('--approve <mode>', 'ask | reads | yolo', 'ask')
    .option('--json', 'print one NDJSON event a line')
    .action(() => notImplemented('ask'));
}
