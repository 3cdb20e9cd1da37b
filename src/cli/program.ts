import { Command } from 'commander';
import { registerAgent } from './commands/agent';
import { registerAsk } from './commands/ask';
import { registerDescribe } from './commands/describe';
import { registerList } from './commands/list';
import { registerMcp } from './commands/mcp';
import { registerMemory } from './commands/memory';
import { registerSessions } from './commands/sessions';
import { registerValidate } from './commands/validate';
import { registerWhere } from './commands/where';

declare const __ATMOS_AI_VERSION__: string | undefined;

/** The `atmos-ai` command tree. Global options are read by commands through `program.opts()`. */
export function buildProgram(version: string): Command {
  const program = new Command('atmos-ai')
    .description('Atmos AI: describe, validate and ask about Atmos stacks from the command line')
    .version(version, '-v, --version')
    .option('-C, --chdir <dir>', 'run as if started in this directory')
    .option('--config <path>', 'atmos.yaml to use (file or directory)')
    .option('--base-path <path>', 'override base_path')
    .showHelpAfterError()
    .exitOverride();
  registerDescribe(program);
  registerList(program);
  registerValidate(program);
  registerWhere(program);
  registerMcp(program);
  registerAsk(program);
  registerSessions(program);
  registerMemory(program);
  registerAgent(program);
  for (const command of allCommands(program)) command.exitOverride();
  program.addHelpText('after', () => `\nAll commands:\n${leafCommandUsages(program).map((u) => `  ${u}`).join('\n')}\n`);
  return program;
}

export const cliVersion: string = typeof __ATMOS_AI_VERSION__ === 'string' ? __ATMOS_AI_VERSION__ : '0.0.0-dev';

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/** `describe component [options] <component>` and the like, one per runnable command. */
export function leafCommandUsages(program: Command): string[] {
  const walk = (command: Command, prefix: string[]): string[] =>
    command.commands.length === 0
      ? [[...prefix, command.name(), command.usage()].join(' ')]
      : command.commands.filter((c) => c.name() !== 'help').flatMap((c) => walk(c, [...prefix, command.name()]));
  return program.commands.filter((c) => c.name() !== 'help').flatMap((c) => walk(c, []));
}
