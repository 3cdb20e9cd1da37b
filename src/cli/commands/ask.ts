import type { Command } from 'commander';
import { runAsk, type AskOptions } from '../ask/runAsk';

/** The flags commander parses: the options of `runAsk` that come from the command line. */
type AskFlags = Pick<AskOptions, 'provider' | 'model' | 'baseUrl' | 'agent' | 'session' | 'approve'> & { json?: boolean };

export function registerAsk(program: Command): void {
  program
    .command('ask <prompt>')
    .description('ask the assistant; streams the answer to stdout (slash commands /describe, /where, /validate, /list need no model)')
    .option('--provider <provider>', 'anthropic | openai | gemini | grok | ollama | bedrock | azure')
    .option('--model <model>', 'model id')
    .option('--base-url <url>', 'point the provider at another endpoint')
    .option('--agent <name>', 'agent to use', 'general')
    .option('--session <id>', 'continue this session')
    .option('--approve <mode>', 'ask | reads | yolo', 'ask')
    .option('--json', 'print one NDJSON event a line')
    .action(async (prompt: string, flags: AskFlags, command: Command) => {
      const globals = command.optsWithGlobals<{ chdir?: string }>();
      process.exitCode = await runAsk({
        cwd: globals.chdir ? globals.chdir : process.cwd(),
        prompt,
        ...flags,
        json: Boolean(flags.json),
        env: process.env,
        io: { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
      });
    });
}
